"""`ashbyknit integration create`, `ashbyknit integration list` and `ashbyknit integration
set-enrichment` on a store file."""

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
        self.assertEqual([(i["id"], i["activeKeys"], i["ashbyKeySet"], i["enrichCandidates"]) for i in listed],
                         [("acme-01", 0, False, False), ("globex", 1, False, False)])
        self.assertEqual(list(listed[0]), ["id", "createdMs", "activeKeys", "ashbyKeySet", "enrichCandidates"])
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

    def test_set_enrichment_turns_candidate_enrichment_on_and_off(self):
        for integration in ("acme", "globex"):
            self.create_integration(integration)
        self.assertEqual(self.store_json("integration", "set-enrichment", "--id", "globex", "on"),
                         {"id": "globex", "enrichCandidates": True})
        self.assertEqual([(i["id"], i["enrichCandidates"]) for i in self.store_json("integration", "list")],
                         [("acme", False), ("globex", True)])
        self.assertEqual(self.store_json("integration", "set-enrichment", "--id", "globex", "off"),
                         {"id": "globex", "enrichCandidates": False})
        self.assertEqual([i["enrichCandidates"] for i in self.store_json("integration", "list")], [False, False])

    def test_set_enrichment_needs_on_or_off_and_a_known_integration(self):
        self.create_integration("acme")
        for words, message in (([], "needs on or off"), (["yes"], "needs on or off, not 'yes'"),
                               (["on", "off"], "unexpected argument 'off'")):
            with self.subTest(words=words):
                self.assertFails(self.run_store("integration", "set-enrichment", "--id", "acme", *words), 2, message)
        self.assertFails(self.run_store("integration", "set-enrichment", "--id", "initech", "on"), 2,
                         "There is no integration initech.")
        self.assertFails(self.run_store("integration", "set-enrichment", "on"), 2, "--id is required")
        self.assertEqual([i["enrichCandidates"] for i in self.store_json("integration", "list")], [False])


if __name__ == "__main__":
    unittest.main()
