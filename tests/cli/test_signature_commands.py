"""`ashbyknit sign` and `ashbyknit verify`: known answers from Python's hmac, raw bytes, and where
the key comes from."""

import base64
import hashlib
import hmac
import unittest

from cli_support import START_FIXTURE, CliTestCase, run_cli

KEY = b"knit signing key \x00\xff"  # NUL and a non-UTF-8 byte: the key is raw bytes too
BINARY_BODY = b'\x00\xff\xfe{"a": 1}\r\n\x00'


def expected_signature(key: bytes, body: bytes) -> str:
    """The X-Knit-Signature of protocol §3.3, computed independently of the library."""
    mac = hmac.new(key, body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


class SignTest(CliTestCase):
    def sign(self, *arguments, stdin: bytes = b"", env=None) -> str:
        """Runs `sign`, which must succeed, and returns the signature without its newline."""
        output = self.assertSucceeds(run_cli("sign", *arguments, stdin=stdin, env=env))
        self.assertTrue(output.endswith(b"\n"))
        return output[:-1].decode("ascii")

    def test_a_file_is_signed_as_pythons_hmac_signs_it(self):
        key_file = self.temporary_file(KEY)
        self.assertEqual(self.sign("--key-file", key_file, START_FIXTURE),
                         expected_signature(KEY, START_FIXTURE.read_bytes()))

    def test_binary_bodies_are_signed_byte_for_byte_from_standard_input_and_dash(self):
        key_file = self.temporary_file(KEY)
        for arguments in ([], ["-"]):
            with self.subTest(arguments=arguments):
                signature = self.sign("--key-file", key_file, *arguments, stdin=BINARY_BODY)
                self.assertEqual(signature, expected_signature(KEY, BINARY_BODY))

    def test_the_key_comes_from_the_environment_without_a_key_file(self):
        signature = self.sign(START_FIXTURE, env={"AK_SIGNING_KEY": "environment key"})
        self.assertEqual(signature, expected_signature(b"environment key", START_FIXTURE.read_bytes()))

    def test_a_key_file_wins_over_the_environment(self):
        signature = self.sign("--key-file", self.temporary_file(KEY), START_FIXTURE,
                              env={"AK_SIGNING_KEY": "environment key"})
        self.assertEqual(signature, expected_signature(KEY, START_FIXTURE.read_bytes()))

    def test_one_trailing_newline_of_a_key_file_is_stripped(self):
        body = START_FIXTURE.read_bytes()
        for content, key in ((b"key\n", b"key"), (b"key\n\n", b"key\n"), (b"key\r\n", b"key\r"), (b"key ", b"key ")):
            with self.subTest(content=content):
                self.assertEqual(self.sign("--key-file", self.temporary_file(content), START_FIXTURE),
                                 expected_signature(key, body))

    def test_there_is_no_key_argument(self):
        self.assertFails(run_cli("sign", "--key", "secret", START_FIXTURE), 2, "unknown option --key")


class VerifyTest(CliTestCase):
    def setUp(self):
        self.key_file = self.temporary_file(KEY)
        self.body = START_FIXTURE.read_bytes()
        self.signature = expected_signature(KEY, self.body)

    def verify(self, signature: str, body: bytes, *, key_file=None):
        return run_cli("verify", "--key-file", key_file or self.key_file, "--signature", signature, stdin=body)

    def test_a_signature_from_sign_verifies(self):
        signed = run_cli("sign", "--key-file", self.key_file, START_FIXTURE)
        signature = self.assertSucceeds(signed).decode("ascii").strip()
        output = self.assertSucceeds(run_cli("verify", "--key-file", self.key_file, "--signature", signature,
                                             START_FIXTURE))
        self.assertEqual(output, b"")

    def test_the_signature_may_carry_its_padding(self):
        self.assertSucceeds(self.verify(self.signature + "=", self.body))

    def test_a_signature_may_start_with_a_dash(self):
        body = next(b"%d" % n for n in range(10_000) if expected_signature(KEY, b"%d" % n).startswith("-"))
        self.assertSucceeds(self.verify(expected_signature(KEY, body), body))

    def test_a_tampered_body_does_not_verify(self):
        tampered = self.body.replace(b"Alex", b"Alec")
        self.assertFails(self.verify(self.signature, tampered), 1, "signature does not verify")

    def test_a_tampered_signature_does_not_verify(self):
        tampered = ("A" if self.signature[0] != "A" else "B") + self.signature[1:]
        self.assertFails(self.verify(tampered, self.body), 1, "signature does not verify")

    def test_another_key_does_not_verify(self):
        other_key = self.temporary_file(b"another key")
        self.assertFails(self.verify(self.signature, self.body, key_file=other_key), 1, "signature does not verify")


class SigningKeyFailureTest(CliTestCase):
    """A missing or empty key is bad input (2), for verify too: never a mere "does not verify"."""

    def both_commands_fail(self, key_arguments, env, *words):
        for command in (["sign"], ["verify", "--signature", expected_signature(b"k", b"")]):
            with self.subTest(command=command[0]):
                self.assertFails(run_cli(*command, *key_arguments, START_FIXTURE, env=env), 2, *words)

    def test_a_missing_key_file_is_named(self):
        missing = START_FIXTURE.parent / "no-such.key"
        self.both_commands_fail(["--key-file", missing], {}, str(missing))

    def test_an_empty_key_file_is_refused(self):
        for content in (b"", b"\n"):
            with self.subTest(content=content):
                key_file = self.temporary_file(content)
                self.both_commands_fail(["--key-file", key_file], {}, "empty", str(key_file))

    def test_an_empty_environment_key_is_refused(self):
        self.both_commands_fail([], {"AK_SIGNING_KEY": ""}, "empty", "AK_SIGNING_KEY")

    def test_no_key_at_all_is_refused(self):
        self.both_commands_fail([], {}, "--key-file", "AK_SIGNING_KEY")


if __name__ == "__main__":
    unittest.main()
