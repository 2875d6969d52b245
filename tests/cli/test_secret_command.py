"""`ashbyknit secret issue|list|revoke`: keys issued without a store (the caller keeps the hash)
and in a store (only the hash is kept), listed, expiring and revoked."""

import hashlib
import json
import time
import unittest

from cli_support import CliTestCase, run_cli
from store_support import BASE_URL, MS_PER_DAY, StoreTestCase


class SecretIssueWithoutStoreTest(CliTestCase):
    def issue(self, integration: str, base_url: str) -> dict:
        output = self.assertSucceeds(run_cli("secret", "issue", "--integration", integration, "--base-url", base_url))
        self.assertTrue(output.endswith(b"}\n") and output.count(b"\n") == 1, output)
        return json.loads(output)

    def test_the_output_is_key_base_url_and_key_hash(self):
        issued = self.issue("acme-01", "https://hooks.example.com/ashby")
        self.assertEqual(list(issued), ["secretKey", "baseUrl", "keyHash"])
        self.assertRegex(issued["secretKey"], r"^aksk_[A-Za-z0-9]{49}$")
        self.assertEqual(issued["baseUrl"], "https://hooks.example.com/ashby/")
        self.assertEqual(issued["keyHash"], "sha256:" + hashlib.sha256(issued["secretKey"].encode()).hexdigest())

    def test_every_key_is_new(self):
        first, second = (self.issue("acme", "https://hooks.example.com/")["secretKey"] for _ in range(2))
        self.assertNotEqual(first, second)

    def test_quotes_and_backslashes_in_the_base_url_are_escaped(self):
        base_url = 'https://hooks.example.com/a"b\\c/'
        self.assertEqual(self.issue("acme", base_url)["baseUrl"], base_url)

    def test_a_bad_integration_id_or_base_url_is_refused_with_the_librarys_message(self):
        cases = (
            ("acme corp", "https://hooks.example.com/", "integration id"),
            ("acme", "ftp://hooks.example.com/", "base URL"),
            ("acme", "https://hooks.example.com/?x=1", "query"),
        )
        for integration, base_url, words in cases:
            with self.subTest(integration=integration, base_url=base_url):
                result = run_cli("secret", "issue", "--integration", integration, "--base-url", base_url)
                self.assertFails(result, 2, words)

    def test_a_key_that_is_not_stored_cannot_expire(self):
        result = run_cli("secret", "issue", "--integration", "acme", "--base-url", BASE_URL, "--expires-in", "30")
        self.assertFails(result, 2, "--expires-in needs --db")


class StoredSecretTest(StoreTestCase):
    def setUp(self):
        super().setUp()
        self.create_integration("acme")

    def test_issue_prints_only_knits_pair_and_stores_only_the_hash(self):
        issued = self.store_json("secret", "issue", "--integration", "acme",
                                 "--base-url", "https://hooks.example.com/ashby")
        self.assertEqual(list(issued), ["secretKey", "baseUrl"])
        self.assertRegex(issued["secretKey"], r"^aksk_[A-Za-z0-9]{49}$")
        self.assertEqual(issued["baseUrl"], BASE_URL)
        # Every file SQLite keeps beside the store (a journal, a WAL) counts.
        stored = b"".join(path.read_bytes() for path in self.directory.glob("bridge.db*"))
        self.assertNotIn(issued["secretKey"].encode(), stored)
        self.assertIn(hashlib.sha256(issued["secretKey"].encode()).hexdigest().encode(), stored)

    def test_list_shows_each_keys_id_and_dates_oldest_first_and_never_the_key(self):
        before = int(time.time() * 1000)
        keys = [self.issue_key("acme") for _ in range(2)]
        after = int(time.time() * 1000)
        output = self.assertSucceeds(self.run_store("secret", "list", "--integration", "acme"))
        for key in keys:
            self.assertNotIn(key.encode(), output)
            self.assertNotIn(hashlib.sha256(key.encode()).hexdigest().encode(), output)
        listed = json.loads(output)
        self.assertEqual(len(listed), 2)
        self.assertNotEqual(listed[0]["keyId"], listed[1]["keyId"])
        for entry in listed:
            self.assertEqual(list(entry), ["keyId", "integrationId", "createdMs", "expiresMs", "revokedMs"])
            self.assertRegex(entry["keyId"], r"^key_[a-z0-9]{16}$")
            self.assertEqual(entry["integrationId"], "acme")
            self.assertTrue(before <= entry["createdMs"] <= after, entry)
            self.assertIsNone(entry["expiresMs"])
            self.assertIsNone(entry["revokedMs"])
        self.assertLessEqual(listed[0]["createdMs"], listed[1]["createdMs"])

    def test_an_integration_without_keys_lists_none(self):
        self.assertEqual(self.store_json("secret", "list", "--integration", "acme"), [])

    def test_a_key_expires_after_the_days_given(self):
        for days in (1, 36500):
            with self.subTest(days=days):
                self.issue_key("acme", "--expires-in", str(days))
                newest = self.store_json("secret", "list", "--integration", "acme")[-1]
                self.assertEqual(newest["expiresMs"], newest["createdMs"] + days * MS_PER_DAY)

    def test_every_key_works_until_it_is_revoked_and_revoking_leaves_the_others_working(self):
        old_key, new_key = self.issue_key("acme"), self.issue_key("acme")
        for key in (old_key, new_key):
            self.call_succeeds(key, "assessment.list")
        old_id = self.store_json("secret", "list", "--integration", "acme")[0]["keyId"]
        before = int(time.time() * 1000)
        revoke = ("secret", "revoke", "--integration", "acme", "--key-id", old_id)
        self.assertEqual(self.assertSucceeds(self.run_store(*revoke)), b"")
        reply = self.call_refused(old_key, "assessment.list", status=403)
        self.assertEqual(reply["errors"], ["forbidden"])
        self.call_succeeds(new_key, "assessment.list")
        revoked = self.store_json("secret", "list", "--integration", "acme")[0]
        self.assertGreaterEqual(revoked["revokedMs"], before)
        self.assertEqual(self.store_json("integration", "list")[0]["activeKeys"], 1)
        # Revoking again changes nothing.
        self.assertSucceeds(self.run_store(*revoke))
        self.assertEqual(self.store_json("secret", "list", "--integration", "acme")[0], revoked)

    def test_an_unknown_key_id_is_refused(self):
        self.issue_key("acme")
        result = self.run_store("secret", "revoke", "--integration", "acme", "--key-id", "key_0000000000000000")
        self.assertFails(result, 2, "acme has no key key_0000000000000000")

    def test_another_integrations_key_cannot_be_revoked_through_this_one(self):
        self.create_integration("globex")
        self.issue_key("globex")
        globex_key_id = self.store_json("secret", "list", "--integration", "globex")[0]["keyId"]
        result = self.run_store("secret", "revoke", "--integration", "acme", "--key-id", globex_key_id)
        self.assertFails(result, 2, "has no key")
        self.assertIsNone(self.store_json("secret", "list", "--integration", "globex")[0]["revokedMs"])

    def test_an_unknown_integration_is_refused_by_every_secret_command(self):
        cases = (
            (("secret", "issue", "--integration", "nope", "--base-url", BASE_URL), "There is no integration nope"),
            (("secret", "list", "--integration", "nope"), "There is no integration nope"),
            (("secret", "revoke", "--integration", "nope", "--key-id", "key_0000000000000000"),
             "There is no integration nope"),
        )
        for command, words in cases:
            with self.subTest(command=command[1]):
                self.assertFails(self.run_store(*command), 2, words)

    def test_a_bad_base_url_is_refused_and_nothing_is_stored(self):
        result = self.run_store("secret", "issue", "--integration", "acme", "--base-url", "ftp://hooks.example.com/")
        self.assertFails(result, 2, "base URL")
        self.assertEqual(self.store_json("secret", "list", "--integration", "acme"), [])

    def test_the_lifetime_must_be_a_positive_whole_number_of_days(self):
        for days in ("0", "-1", "1.5", "soon", "1e3", " 1", "36501", "99999999999999999999"):
            with self.subTest(days=days):
                result = self.run_store("secret", "issue", "--integration", "acme", "--base-url", BASE_URL,
                                        "--expires-in", days)
                self.assertFails(result, 2, "--expires-in must be a whole number from 1 to 36500", f"'{days}'")
        self.assertEqual(self.store_json("secret", "list", "--integration", "acme"), [])

    def test_list_and_revoke_need_their_options(self):
        cases = (
            (("secret", "list"), "--integration is required"),
            (("secret", "revoke", "--integration", "acme"), "--key-id is required"),
            (("secret", "revoke", "--key-id", "key_0000000000000000"), "--integration is required"),
        )
        for arguments, words in cases:
            with self.subTest(arguments=arguments):
                self.assertFails(self.run_store(*arguments), 2, words)


if __name__ == "__main__":
    unittest.main()
