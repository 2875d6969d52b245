"""`ashbyknit integration create` and `ashbyknit integration list` on a store file."""

import time
import unittest

from store_support import StoreTestCase


class IntegrationCommandsTest(StoreTestCase):
    def test_a_new_store_is_created_and_lists_no_integration(self):
        self.assertFalse(self.db.exists())
        self.assertEqual(self.store_json("integration", "list"), [])
        self.assertTrue(self.db.exists())

    def test_created_integrations_are_listed_by_id_with_their_time_and_active_keys(self):
        before = int(time.time() * 1000)
        for integration in ("globex", "acme-01"):
            self.create_integration(integration)
        after = int(time.time() * 1000)
        self.issue_key("globex")
        listed = self.store_json("integration", "list")
        self.assertEqual([(i["id"], i["activeKeys"], i["ashbyKeySet"]) for i in listed],
                         [("acme-01", 0, False), ("globex", 1, False)])
        self.assertEqual(list(listed[0]), ["id", "createdMs", "activeKeys", "ashbyKeySet"])
        for integration in listed:
            self.assertTrue(before <= integration["createdMs"] <= after, integration)

    def test_a_duplicate_integration_is_refused_and_the_first_is_kept(self):
        self.create_integration("acme")
        self.issue_key("acme")
        self.assertFails(self.run_store("integration", "create", "--id", "acme"), 2, "acme", "exists already")
        self.assertEqual([(i["id"], i["activeKeys"]) for i in self.store_json("integration", "list")], [("acme", 1)])

    def test_a_bad_integration_id_is_refused_with_the_librarys_message(self):
        for integration, words in (("acme corp", "may contain only"), ("x" * 129, "1 to 128")):
            with self.subTest(integration=integration):
                self.assertFails(self.run_store("integration", "create", "--id", integration), 2, words)
        self.assertEqual(self.store_json("integration", "list"), [])

    def test_create_needs_an_id(self):
        self.assertFails(self.run_store("integration", "create"), 2, "--id is required")


if __name__ == "__main__":
    unittest.main()
