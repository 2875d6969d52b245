"""`ashbyknit sign` and `ashbyknit verify`: known answers from Python's hmac, raw bytes, and where
the key comes from."""

import base64
import hashlib
import hmac
import time
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



VECTOR_SECRET = b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = "1614265330"
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def standard_v1(secret: bytes, webhook_id: str, timestamp: str, body: bytes) -> str:
    """A Standard Webhooks v1 signature (protocol §6), computed independently of the library."""
    key = base64.b64decode(secret.removeprefix(b"whsec_"))
    mac = hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")


class StandardSchemeTest(CliTestCase):
    def new_key(self, *arguments) -> list[str]:
        return self.assertSucceeds(run_cli("standard-key", "new", *arguments)).decode("ascii").split()

    def sign(self, keys: bytes, *arguments, body: bytes = VECTOR_BODY, env=None) -> dict[str, str]:
        """Runs `sign --scheme standard`, which must succeed, and returns the headers it prints."""
        output = self.assertSucceeds(run_cli("sign", "--scheme", "standard", "--key-file", self.temporary_file(keys),
                                             *arguments, "-", stdin=body, env=env))
        lines = output.decode("ascii").splitlines()
        self.assertEqual([line.split(": ", 1)[0] for line in lines],
                         ["webhook-id", "webhook-timestamp", "webhook-signature"])
        return dict(line.split(": ", 1) for line in lines)

    def verify(self, keys: bytes, headers: dict[str, str], *arguments, body: bytes = VECTOR_BODY):
        return run_cli("verify", "--scheme", "standard", "--key-file", self.temporary_file(keys),
                       "--id", headers["webhook-id"], "--timestamp", headers["webhook-timestamp"],
                       "--signature", headers["webhook-signature"], *arguments, "-", stdin=body)

    def test_the_specifications_vector(self):
        headers = self.sign(VECTOR_SECRET, "--id", VECTOR_ID, "--timestamp", VECTOR_TIMESTAMP)
        self.assertEqual(headers, {"webhook-id": VECTOR_ID, "webhook-timestamp": VECTOR_TIMESTAMP,
                                   "webhook-signature": VECTOR_SIGNATURE})

    def test_new_keys_sign_in_order_and_each_verifies_now(self):
        secret, = self.new_key()
        signing, public = self.new_key("--ed25519")
        self.assertTrue(secret.startswith("whsec_") and signing.startswith("whsk_") and public.startswith("whpk_"))
        body = b'\x00{"eventId": "evt_1"}\r\n'
        headers = self.sign(f"{secret}\n{signing}\n".encode(), "--id", "evt_1", body=body)
        self.assertLessEqual(abs(int(headers["webhook-timestamp"]) - time.time()), 60)
        v1, v1a = headers["webhook-signature"].split(" ")
        self.assertEqual(v1, standard_v1(secret.encode(), "evt_1", headers["webhook-timestamp"], body))
        self.assertTrue(v1a.startswith("v1a,"))
        for key in (secret, public, signing):
            with self.subTest(key=key[:5]):
                self.assertSucceeds(self.verify(key.encode(), headers, body=body))
        self.assertFails(self.verify(self.new_key()[0].encode(), headers, body=body), 1, "does not verify",
                         "No signature in webhook-signature verifies")
        self.assertFails(self.verify(public.encode(), headers, body=body + b" "), 1, "does not verify")

    def test_the_timestamp_must_be_within_the_tolerance(self):
        vector = {"webhook-id": VECTOR_ID, "webhook-timestamp": VECTOR_TIMESTAMP, "webhook-signature": VECTOR_SIGNATURE}
        self.assertFails(self.verify(VECTOR_SECRET, vector), 1, "does not verify", "behind the clock",
                         "tolerance of 300 s")
        recent = str(int(time.time()) - 100)
        headers = {"webhook-id": VECTOR_ID, "webhook-timestamp": recent,
                   "webhook-signature": standard_v1(VECTOR_SECRET, VECTOR_ID, recent, VECTOR_BODY)}
        self.assertSucceeds(self.verify(VECTOR_SECRET, headers))
        self.assertFails(self.verify(VECTOR_SECRET, headers, "--tolerance", "10"), 1, "tolerance of 10 s")
        self.assertFails(self.verify(VECTOR_SECRET, headers, "--tolerance", "0"), 2, "--tolerance")

    def test_the_keys_file_may_come_from_the_environment(self):
        keys_file = self.temporary_file(b"  " + VECTOR_SECRET + b"\n\n")
        output = self.assertSucceeds(run_cli("sign", "--scheme", "standard", "--id", VECTOR_ID, "--timestamp",
                                             VECTOR_TIMESTAMP, "-", stdin=VECTOR_BODY,
                                             env={"AK_STANDARD_KEYS_FILE": str(keys_file)}))
        self.assertIn(f"webhook-signature: {VECTOR_SIGNATURE}\n".encode(), output)

    def test_bad_arguments_and_keys_exit_2_without_showing_a_key(self):
        def sign(*arguments, keys: bytes = VECTOR_SECRET):
            return run_cli("sign", "--key-file", self.temporary_file(keys), *arguments, "-", stdin=VECTOR_BODY)

        self.assertFails(sign("--scheme", "standard"), 2, "--id ID")
        self.assertFails(sign("--scheme", "hmac"), 2, "--scheme must be knit or standard")
        self.assertFails(sign("--id", VECTOR_ID), 2, "--id goes only with --scheme standard")
        self.assertFails(sign("--scheme", "standard", "--id", VECTOR_ID, "--timestamp", "yesterday"), 2, "--timestamp")
        self.assertFails(sign("--scheme", "standard", "--id", VECTOR_ID, keys=b" \n"), 2, "holds no key")
        line = self.assertFails(sign("--scheme", "standard", "--id", VECTOR_ID, keys=b"whsec_c2hvcnQ= secret-text"), 2,
                                "Key 1 ")
        self.assertNotIn("c2hvcnQ", line)
        public = self.new_key("--ed25519")[1]
        self.assertFails(sign("--scheme", "standard", "--id", VECTOR_ID, keys=public.encode()), 2, "signing key")
        self.assertFails(run_cli("sign", "--scheme", "standard", "--id", VECTOR_ID, "-", stdin=VECTOR_BODY), 2,
                         "AK_STANDARD_KEYS_FILE")
        self.assertFails(run_cli("verify", "--scheme", "standard", "--key-file", self.temporary_file(VECTOR_SECRET),
                                 "--id", VECTOR_ID, "--signature", VECTOR_SIGNATURE, "-", stdin=VECTOR_BODY), 2,
                         "--timestamp T")


if __name__ == "__main__":
    unittest.main()
