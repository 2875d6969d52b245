"""The exceptions: one class per ak_status, each carrying the status, the library's name for it
and the message of the call that failed."""

import tempfile
import unittest

import ashbyknit
from ashbyknit import errors
from support import START_NOW_MS, fixture, with_field


def create_twice() -> None:
    with ashbyknit.Store.open() as store:
        store.create_integration("acme")
        store.create_integration("acme")


def open_a_text_file() -> None:
    with tempfile.NamedTemporaryFile(suffix=".txt") as text:
        text.write(b"plain text, not a database" + b"." * 4096)
        text.flush()
        ashbyknit.Store.open(text.name)


CLASSES = {
    -1: (ashbyknit.InvalidArgument, "invalid_argument"),
    -2: (ashbyknit.MalformedJSON, "malformed_json"),
    -3: (ashbyknit.InvalidInput, "invalid_input"),
    -4: (ashbyknit.TooLarge, "too_large"),
    -5: (ashbyknit.TooDeep, "too_deep"),
    -6: (ashbyknit.Unauthenticated, "unauthenticated"),
    -7: (ashbyknit.Internal, "internal"),
    -8: (ashbyknit.NotFound, "not_found"),
    -9: (ashbyknit.Conflict, "conflict"),
    -10: (ashbyknit.StoreError, "store_error"),
}

# One real failure per class, with a word the message must contain. Internal has none: only a
# failing random source or allocator produces it, and neither can be provoked through the ABI.
FAILURES = {
    ashbyknit.InvalidArgument: (lambda: ashbyknit.knit_sign(b"", b"body"), "key"),
    ashbyknit.MalformedJSON: (lambda: ashbyknit.map_start(b'{"assessment_type_id":'), "JSON"),
    ashbyknit.InvalidInput: (
        lambda: ashbyknit.map_start(with_field("candidate.ashby_id"), now_ms=START_NOW_MS),
        "candidate.ashby_id",
    ),
    ashbyknit.TooLarge: (lambda: ashbyknit.map_cancel(b" " * ((1 << 20) + 1)), "limit"),
    ashbyknit.TooDeep: (lambda: ashbyknit.map_start(b"[" * 65 + b"]" * 65), "nested"),
    ashbyknit.Unauthenticated: (lambda: ashbyknit.secret_hash("aksk_short"), "characters"),
    ashbyknit.NotFound: (lambda: ashbyknit.Store.open().keys("nobody"), "nobody"),
    ashbyknit.Conflict: (create_twice, "exists already"),
    ashbyknit.StoreError: (open_a_text_file, "is not an ashbyknit store"),
}


class Classes(unittest.TestCase):
    def test_status_values_are_those_of_the_header(self):
        declared = {int(status): status.name.lower() for status in ashbyknit.Status if status}
        self.assertEqual(declared, {code: name for code, (_, name) in CLASSES.items()})

    def test_each_status_has_its_subclass_of_error(self):
        for code, (cls, name) in CLASSES.items():
            with self.subTest(status=name):
                error = errors.error_for(code, "what went wrong")
                self.assertIs(type(error), cls)
                self.assertIsInstance(error, ashbyknit.Error)
                self.assertEqual((error.status, error.status_name), (code, name))
                self.assertEqual((error.message, str(error)), ("what went wrong", "what went wrong"))

    def test_an_unknown_status_is_a_plain_error(self):
        error = errors.error_for(-11, "from a newer library")
        self.assertIs(type(error), ashbyknit.Error)
        self.assertEqual((error.status, error.status_name), (-11, "unknown"))

    def test_repr_names_everything(self):
        self.assertEqual(
            repr(errors.error_for(-3, "x is missing.")),
            "InvalidInput(status=-3, status_name='invalid_input', message='x is missing.')",
        )


class Raised(unittest.TestCase):
    def test_each_failure_raises_its_class_with_status_and_message(self):
        for cls, (call, word) in FAILURES.items():
            code = next(code for code, (known, _) in CLASSES.items() if known is cls)
            with self.subTest(cls=cls.__name__):
                with self.assertRaises(cls) as caught:
                    call()
                self.assertEqual((caught.exception.status, caught.exception.status_name), (code, CLASSES[code][1]))
                self.assertIn(word, caught.exception.message)

    def test_message_is_that_of_the_failing_call(self):
        with self.assertRaises(ashbyknit.InvalidInput) as first:
            ashbyknit.map_start(with_field("job.ashby_id"), now_ms=START_NOW_MS)
        ashbyknit.map_cancel(fixture("ashby-assessment-cancel.json"), now_ms=START_NOW_MS)
        with self.assertRaises(ashbyknit.InvalidInput) as second:
            ashbyknit.map_start(with_field("application.ashby_id", 7), now_ms=START_NOW_MS)
        self.assertIn("job.ashby_id", first.exception.message)
        self.assertIn("application.ashby_id", second.exception.message)
        self.assertIn("number", second.exception.message)


class StatusName(unittest.TestCase):
    def test_names_of_every_code_and_of_unknown_ones(self):
        self.assertEqual(ashbyknit.status_name(0), "ok")
        for code, (_, name) in CLASSES.items():
            self.assertEqual(ashbyknit.status_name(code), name)
        # Codes within the C enum's range of values (-16..15) that it does not name.
        for code in (-16, -11, 1, 15):
            self.assertEqual(ashbyknit.status_name(code), "unknown")


class Version(unittest.TestCase):
    def test_version_is_semantic(self):
        self.assertRegex(ashbyknit.version(), r"^\d+\.\d+\.\d+$")


if __name__ == "__main__":
    unittest.main()
