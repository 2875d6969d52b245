"""Standard Webhooks (protocol §6) through the binding: the specification's vector, v1 checked
against Python's own hmac and base64, v1a, rotation, the timestamp window and every refusal."""

import base64
import hashlib
import hmac
import time
import unittest

import ashbyknit

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
WEBHOOK_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = b'{"test": 2432232314}'
SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def reference_v1(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The v1 signature computed independently of the library."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    content = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode("ascii")


def verify(keys, signature=SIGNATURE, timestamp=str(TIMESTAMP), body=BODY, **options) -> None:
    options.setdefault("now_s", TIMESTAMP)
    ashbyknit.standard_verify(keys, WEBHOOK_ID, timestamp, signature, body, **options)


class Sign(unittest.TestCase):
    def test_the_specifications_vector(self):
        self.assertEqual(ashbyknit.standard_sign([SECRET], WEBHOOK_ID, TIMESTAMP, BODY), SIGNATURE)
        self.assertEqual(reference_v1(SECRET, WEBHOOK_ID, TIMESTAMP, BODY), SIGNATURE)

    def test_v1_matches_an_independent_computation(self):
        secret = ashbyknit.standard_secret_new()
        for body in (b"", b"\x00\xff binary", "é😀".encode(), b"x" * 100_000):
            with self.subTest(size=len(body)):
                self.assertEqual(ashbyknit.standard_sign([secret], "evt_1", 1700000000, body),
                                 reference_v1(secret, "evt_1", 1700000000, body))

    def test_every_key_signs_in_order(self):
        second = ashbyknit.standard_secret_new()
        pair = ashbyknit.standard_key_pair_new()
        header = ashbyknit.standard_sign([SECRET, pair.signing_key, second], WEBHOOK_ID, TIMESTAMP, BODY)
        first, asymmetric, third = header.split(" ")
        self.assertEqual(first, SIGNATURE)
        self.assertTrue(asymmetric.startswith("v1a,"))
        self.assertEqual(len(base64.b64decode(asymmetric[4:])), 64)
        self.assertEqual(third, reference_v1(second, WEBHOOK_ID, TIMESTAMP, BODY))
        for key in (SECRET, second, pair.public_key, pair.signing_key):
            with self.subTest(key=key[:5]):
                verify([key], header)

    def test_new_keys(self):
        secret = ashbyknit.standard_secret_new()
        self.assertTrue(secret.startswith("whsec_"))
        self.assertEqual(len(base64.b64decode(secret[6:])), 32)
        self.assertNotEqual(secret, ashbyknit.standard_secret_new())
        pair = ashbyknit.standard_key_pair_new()
        self.assertEqual(ashbyknit.standard_public_key(pair.signing_key), pair.public_key)
        with self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.standard_public_key(pair.public_key)

    def test_bad_keys_are_refused_without_showing_them(self):
        for keys in ([], ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], [SECRET, "whsec_c2hvcnQ="],
                     [ashbyknit.standard_key_pair_new().public_key]):
            with self.subTest(keys=len(keys)), self.assertRaises(ashbyknit.InvalidArgument) as refused:
                ashbyknit.standard_sign(keys, WEBHOOK_ID, TIMESTAMP, BODY)
            for key in keys:
                self.assertNotIn(key[6:], str(refused.exception))
        with self.assertRaises(TypeError):
            ashbyknit.standard_sign(SECRET, WEBHOOK_ID, TIMESTAMP, BODY)
        with self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.standard_sign([SECRET], "evt\0", TIMESTAMP, BODY)
        with self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.standard_sign([SECRET], WEBHOOK_ID, 2**63, BODY)


class Verify(unittest.TestCase):
    def test_the_clock_defaults_to_now(self):
        now = int(time.time())
        header = ashbyknit.standard_sign([SECRET], WEBHOOK_ID, now, BODY)
        ashbyknit.standard_verify([SECRET], WEBHOOK_ID, str(now), header, BODY)
        with self.assertRaises(ashbyknit.Unauthenticated):
            verify([SECRET], now_s=None)  # the vector's timestamp is years old

    def test_the_timestamp_window(self):
        verify([SECRET], now_s=TIMESTAMP + 300)
        verify([SECRET], now_s=TIMESTAMP - 300)
        with self.assertRaisesRegex(ashbyknit.Unauthenticated, "301 s behind the clock, beyond the tolerance of 300 s"):
            verify([SECRET], now_s=TIMESTAMP + 301)
        verify([SECRET], now_s=TIMESTAMP + 3600, tolerance_s=3600)
        with self.assertRaises(ashbyknit.InvalidArgument):
            verify([SECRET], tolerance_s=-1)
        for timestamp in ("", "-1614265330", "1614265330.5", "soon"):
            with self.subTest(timestamp=timestamp), self.assertRaises(ashbyknit.Unauthenticated):
                verify([SECRET], timestamp=timestamp)

    def test_tampering_is_refused_with_the_reason(self):
        for change in ({"body": BODY + b" "}, {"signature": SIGNATURE[:-2] + "A="}, {"signature": "v2" + SIGNATURE[2:]},
                       {"timestamp": str(TIMESTAMP + 1)}):
            with self.subTest(change=change), self.assertRaisesRegex(ashbyknit.Unauthenticated, "No signature"):
                verify([SECRET], **change)
        with self.assertRaisesRegex(ashbyknit.Unauthenticated, "webhook-signature header is missing"):
            verify([SECRET], signature="")


if __name__ == "__main__":
    unittest.main()
