"""Secret keys (protocol §4): issue, hash and match, checked against an independent SHA-256."""

import hashlib
import unittest

import ashbyknit

BASE_URL = "https://hooks.vendor.example/ashby"


def tampered(key: str, index: int) -> str:
    """``key`` with one character replaced by another of the key alphabet."""
    return key[:index] + ("A" if key[index] != "A" else "B") + key[index + 1 :]


class Issue(unittest.TestCase):
    def setUp(self):
        self.issued = ashbyknit.secret_issue("acme-corp_1.eu", BASE_URL)

    def test_key_shape(self):
        # A recognisable prefix, 256 random bits and a checksum, only Basic-auth-safe characters.
        self.assertRegex(self.issued.secret_key, r"^aksk_[A-Za-z0-9]{49}$")

    def test_base_url_is_normalised_to_end_in_a_slash(self):
        self.assertEqual(self.issued.base_url, BASE_URL + "/")
        self.assertEqual(ashbyknit.secret_issue("acme", BASE_URL + "/").base_url, BASE_URL + "/")

    def test_key_hash_is_sha256_of_the_key(self):
        expected = "sha256:" + hashlib.sha256(self.issued.secret_key.encode()).hexdigest()
        self.assertEqual(self.issued.key_hash, expected)
        self.assertEqual(ashbyknit.secret_hash(self.issued.secret_key), expected)

    def test_issued_key_matches_its_hash(self):
        self.assertTrue(ashbyknit.secret_matches(self.issued.secret_key, self.issued.key_hash))

    def test_keys_are_fresh(self):
        self.assertNotEqual(ashbyknit.secret_issue("acme-corp_1.eu", BASE_URL).secret_key, self.issued.secret_key)

    def test_is_a_named_tuple(self):
        key, url, key_hash = self.issued
        self.assertEqual((key, url, key_hash), (self.issued.secret_key, self.issued.base_url, self.issued.key_hash))

    def test_bad_integration_ids_and_urls_are_invalid_arguments(self):
        cases = [
            ("", BASE_URL, "integration id"),
            ("a" * 129, BASE_URL, "integration id"),
            ("has space", BASE_URL, "integration id"),
            ("acme", "ftp://hooks.example", "base URL"),
            ("acme", "hooks.example/ashby", "base URL"),
            ("acme", "https://", "base URL"),
            ("acme", "https://user:pw@hooks.example/", "base URL"),
            ("acme", "https://hooks.example/?q=1", "base URL"),
            ("acme", "https://hooks.example/a b", "base URL"),
            ("acme\0evil", BASE_URL, "integration_id"),
        ]
        for integration_id, url, named in cases:
            with self.subTest(integration_id=integration_id, url=url):
                with self.assertRaises(ashbyknit.InvalidArgument) as caught:
                    ashbyknit.secret_issue(integration_id, url)
                self.assertIn(named, caught.exception.message)


class Tamper(unittest.TestCase):
    def setUp(self):
        self.issued = ashbyknit.secret_issue("acme", BASE_URL)

    def test_any_changed_character_no_longer_matches(self):
        key = self.issued.secret_key
        for index in (5, 20, len(key) - 7, len(key) - 1):  # random part, checksum
            with self.subTest(index=index):
                self.assertFalse(ashbyknit.secret_matches(tampered(key, index), self.issued.key_hash))

    def test_malformed_keys_are_unauthenticated_without_echoing_the_key(self):
        key = self.issued.secret_key
        for bad in (tampered(key, 30), key[:-1], key + "A", "sk_" + key[5:], key[:20] + "-" + key[21:], ""):
            with self.subTest(key=bad):
                with self.assertRaises(ashbyknit.Unauthenticated) as caught:
                    ashbyknit.secret_hash(bad)
                self.assertNotEqual(caught.exception.message, "")
                if bad:
                    self.assertNotIn(bad[5:], caught.exception.message)

    def test_another_keys_hash_does_not_match(self):
        other = ashbyknit.secret_issue("acme", BASE_URL)
        self.assertFalse(ashbyknit.secret_matches(self.issued.secret_key, other.key_hash))

    def test_changed_or_malformed_hash_does_not_match(self):
        key_hash = self.issued.key_hash
        flipped = key_hash[:-1] + ("0" if key_hash[-1] != "0" else "1")
        for bad in (flipped, key_hash.upper(), key_hash[:-1], "sha512:" + key_hash[7:], key_hash[7:], ""):
            with self.subTest(key_hash=bad):
                self.assertFalse(ashbyknit.secret_matches(self.issued.secret_key, bad))

    def test_text_after_a_nul_is_not_ignored(self):
        self.assertFalse(ashbyknit.secret_matches(self.issued.secret_key + "\0trailing", self.issued.key_hash))
        self.assertFalse(ashbyknit.secret_matches(self.issued.secret_key, self.issued.key_hash + "\0"))


if __name__ == "__main__":
    unittest.main()
