"""X-Knit-Signature (protocol §3.3), checked against Python's own hmac and base64."""

import base64
import hashlib
import hmac
import unittest

import ashbyknit
from support import fixture

KEY = b"knit-api-key-\x00-with a NUL"


def reference_signature(key: bytes, body: bytes) -> str:
    """The signature computed independently: base64url of HMAC-SHA256, '=' stripped."""
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()).rstrip(b"=").decode("ascii")


def signature_with_url_characters() -> tuple[bytes, str]:
    """A body whose signature holds '-' or '_', the characters the two base64 alphabets differ in."""
    for n in range(1000):
        body = b"body %d" % n
        signature = reference_signature(KEY, body)
        if "-" in signature or "_" in signature:
            return body, signature
    raise AssertionError("no signature with '-' or '_' among 1000 bodies")


class Sign(unittest.TestCase):
    def test_rfc4231_case_2(self):
        # HMAC-SHA256 5bdcc146...ec3843 of RFC 4231 test case 2, in base64url without padding.
        signature = ashbyknit.knit_sign(b"Jefe", b"what do ya want for nothing?")
        self.assertEqual(signature, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM")

    def test_matches_an_independent_computation(self):
        for body in (fixture("knit-record-new.example.json"), b"", b"\x00\xff binary \x00", "é😀".encode()):
            with self.subTest(body=body[:20]):
                self.assertEqual(ashbyknit.knit_sign(KEY, body), reference_signature(KEY, body))

    def test_text_is_signed_as_utf8(self):
        expected = reference_signature("clé".encode(), "corps ✓".encode())
        self.assertEqual(ashbyknit.knit_sign("clé", "corps ✓"), expected)

    def test_empty_key_is_refused(self):
        with self.assertRaises(ashbyknit.InvalidArgument) as caught:
            ashbyknit.knit_sign(b"", b"body")
        self.assertIn("key", caught.exception.message)


class Verify(unittest.TestCase):
    def setUp(self):
        self.body = fixture("knit-record-deleted.example.json")
        self.signature = reference_signature(KEY, self.body)

    def test_accepts_with_and_without_padding(self):
        self.assertTrue(ashbyknit.knit_verify(KEY, self.body, self.signature))
        self.assertTrue(ashbyknit.knit_verify(KEY, self.body, self.signature + "="))

    def test_rejects_other_padding(self):
        for variant in (self.signature + "==", self.signature[:-1], self.signature + "A", "=" + self.signature):
            with self.subTest(signature=variant):
                self.assertFalse(ashbyknit.knit_verify(KEY, self.body, variant))

    def test_rejects_a_tampered_body(self):
        for index in (0, len(self.body) // 2, len(self.body) - 1):
            tampered = self.body[:index] + bytes([self.body[index] ^ 1]) + self.body[index + 1 :]
            with self.subTest(index=index):
                self.assertFalse(ashbyknit.knit_verify(KEY, tampered, self.signature))
        self.assertFalse(ashbyknit.knit_verify(KEY, self.body + b"\n", self.signature))

    def test_rejects_a_tampered_signature(self):
        for index in (0, 21, 41):
            replacement = "A" if self.signature[index] != "A" else "B"
            tampered = self.signature[:index] + replacement + self.signature[index + 1 :]
            with self.subTest(index=index):
                self.assertFalse(ashbyknit.knit_verify(KEY, self.body, tampered))

    def test_rejects_the_standard_base64_alphabet(self):
        body, signature = signature_with_url_characters()
        self.assertTrue(ashbyknit.knit_verify(KEY, body, signature))
        self.assertFalse(ashbyknit.knit_verify(KEY, body, signature.replace("-", "+").replace("_", "/")))

    def test_rejects_another_key_and_the_empty_key(self):
        self.assertFalse(ashbyknit.knit_verify(KEY[:-1], self.body, self.signature))
        self.assertFalse(ashbyknit.knit_verify(b"", b"", reference_signature(b"", b"")))

    def test_rejects_text_after_a_nul(self):
        self.assertFalse(ashbyknit.knit_verify(KEY, self.body, self.signature + "\0junk"))

    def test_key_and_body_may_be_str_bytearray_or_memoryview(self):
        self.assertTrue(ashbyknit.knit_verify(bytearray(KEY), memoryview(self.body), self.signature))
        self.assertTrue(ashbyknit.knit_verify("k", self.body.decode(), reference_signature(b"k", self.body)))


if __name__ == "__main__":
    unittest.main()
