"""Bodies the mapping refuses before validating them: too large, too deep, not JSON, not an
object. Each limit is also checked from the side that must still be accepted."""

import unittest

import ashbyknit
from support import START_NOW_MS, encode, fixture, start_document

MAX_BODY_BYTES = 1 << 20
MAX_DEPTH = 64


def start_body_of_size(size: int) -> bytes:
    """The start fixture, padded with trailing whitespace (still valid JSON) to ``size`` bytes."""
    body = fixture("ashby-assessment-start.json")
    return body + b" " * (size - len(body))


def start_body_of_depth(depth: int) -> bytes:
    """A valid start body whose deepest value sits ``depth`` levels down, the body counting as one."""
    document = start_document()
    document["additional_fields"] = {"nested": _nested(depth - 2)}
    return encode(document)


def _nested(levels: int):
    return [] if levels <= 1 else [_nested(levels - 1)]


class Size(unittest.TestCase):
    def test_one_mebibyte_is_accepted(self):
        ashbyknit.map_start(start_body_of_size(MAX_BODY_BYTES), now_ms=START_NOW_MS)

    def test_one_byte_over_is_too_large(self):
        for mapping in (ashbyknit.map_start, ashbyknit.map_cancel):
            with self.subTest(mapping=mapping.__name__):
                with self.assertRaises(ashbyknit.TooLarge) as caught:
                    mapping(start_body_of_size(MAX_BODY_BYTES + 1), now_ms=START_NOW_MS)
                self.assertIn(str(MAX_BODY_BYTES), caught.exception.message)


class Depth(unittest.TestCase):
    def test_sixty_four_levels_are_accepted(self):
        ashbyknit.map_start(start_body_of_depth(MAX_DEPTH), now_ms=START_NOW_MS)

    def test_sixty_five_levels_are_too_deep(self):
        with self.assertRaises(ashbyknit.TooDeep) as caught:
            ashbyknit.map_start(start_body_of_depth(MAX_DEPTH + 1), now_ms=START_NOW_MS)
        self.assertIn(str(MAX_DEPTH), caught.exception.message)

    def test_a_deep_cancel_body_is_too_deep(self):
        with self.assertRaises(ashbyknit.TooDeep):
            ashbyknit.map_cancel("[" * 1000 + "]" * 1000, now_ms=START_NOW_MS)


class Malformed(unittest.TestCase):
    def assert_malformed(self, body: bytes):
        for mapping in (ashbyknit.map_start, ashbyknit.map_cancel):
            with self.subTest(mapping=mapping.__name__):
                with self.assertRaises(ashbyknit.MalformedJSON) as caught:
                    mapping(body, now_ms=START_NOW_MS)
                self.assertEqual(caught.exception.status_name, "malformed_json")
                self.assertNotEqual(caught.exception.message, "")

    def test_truncated_bodies(self):
        body = fixture("ashby-assessment-start.json").rstrip()
        for cut in (1, len(body) // 2, len(body) - 1):
            with self.subTest(length=cut):
                self.assert_malformed(body[:cut])

    def test_empty_body(self):
        self.assert_malformed(b"")

    def test_bodies_that_are_not_objects(self):
        for body in (b"[]", b'"text"', b"42", b"null", b"true"):
            with self.subTest(body=body):
                self.assert_malformed(body)

    def test_invalid_utf8(self):
        self.assert_malformed(fixture("ashby-assessment-start.json").replace(b"Alex", b"Al\xffx"))

    def test_trailing_garbage(self):
        self.assert_malformed(fixture("ashby-assessment-cancel.json") + b"}")


if __name__ == "__main__":
    unittest.main()
