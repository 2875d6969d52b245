"""Store: integrations, keys, catalogues and custom fields administered through the binding, on
a store in memory, on a real file and on a PostgreSQL database."""

import gc
import json
import os
import pathlib
import tempfile
import unittest

import ashbyknit
from postgres_server import PostgresServer
from support import fixture

BASE_URL = "https://hooks.vendor.example/ashby/"


class Integrations(unittest.TestCase):
    def setUp(self):
        self.store = ashbyknit.Store.open()
        self.addCleanup(self.store.close)

    def test_created_integrations_are_listed_by_id(self):
        self.assertEqual(self.store.integrations(), [])
        self.store.create_integration("globex")
        self.store.create_integration("acme")
        listed = self.store.integrations()
        self.assertEqual([integration["id"] for integration in listed], ["acme", "globex"])
        self.assertEqual(set(listed[0]), {"id", "createdMs", "activeKeys", "ashbyKeySet", "enrichCandidates"})
        self.assertEqual(listed[0]["activeKeys"], 0)

    def test_candidate_enrichment_is_turned_on_and_off_per_integration(self):
        self.store.create_integration("acme")
        self.store.create_integration("globex")

        def enriching() -> list[str]:
            return [integration["id"] for integration in self.store.integrations() if integration["enrichCandidates"]]

        self.assertEqual(enriching(), [])  # off by default
        self.store.set_candidate_enrichment("globex", True)
        self.assertEqual(enriching(), ["globex"])
        self.store.set_candidate_enrichment("acme", True)
        self.store.set_candidate_enrichment("globex", False)
        self.assertEqual(enriching(), ["acme"])
        with self.assertRaises(ashbyknit.NotFound) as caught:
            self.store.set_candidate_enrichment("initech", True)
        self.assertEqual(caught.exception.message, "There is no integration initech.")
        with self.assertRaises(ashbyknit.InvalidArgument):
            self.store.set_candidate_enrichment("nul\0byte", True)
        self.assertEqual(enriching(), ["acme"])

    def test_a_duplicate_is_a_conflict(self):
        self.store.create_integration("acme")
        with self.assertRaises(ashbyknit.Conflict) as caught:
            self.store.create_integration("acme")
        self.assertEqual(caught.exception.status, ashbyknit.Status.CONFLICT)
        self.assertIn("acme", caught.exception.message)

    def test_bad_ids_are_invalid_arguments(self):
        for bad in ["", "has space", "a" * 129, "nul\0byte"]:
            with self.subTest(integration_id=bad), self.assertRaises(ashbyknit.InvalidArgument):
                self.store.create_integration(bad)
        self.assertEqual(self.store.integrations(), [])


class Keys(unittest.TestCase):
    def setUp(self):
        self.store = ashbyknit.Store.open()
        self.addCleanup(self.store.close)
        self.store.create_integration("acme")

    def test_an_issued_key_is_listed_without_its_secret(self):
        issued = self.store.issue_key("acme", BASE_URL.rstrip("/"))
        self.assertIsInstance(issued, ashbyknit.IssuedKey)
        self.assertRegex(issued.secret_key, r"^aksk_[A-Za-z0-9]{49}$")
        self.assertEqual(issued.base_url, BASE_URL)
        self.assertRegex(issued.key_id, r"^key_[a-z0-9]{16}$")
        (listed,) = self.store.keys("acme")
        self.assertIsInstance(listed.pop("createdMs"), int)
        expected = {"keyId": issued.key_id, "integrationId": "acme", "expiresMs": None, "revokedMs": None}
        self.assertEqual(listed, expected)
        self.assertNotIn(issued.secret_key, json.dumps(self.store.keys("acme")))
        self.assertEqual(self.store.integrations()[0]["activeKeys"], 1)

    def test_a_lifetime_sets_the_expiry(self):
        issued = self.store.issue_key("acme", BASE_URL, expires_in_ms=86_400_000)
        (listed,) = self.store.keys("acme")
        self.assertEqual(listed["keyId"], issued.key_id)
        self.assertEqual(listed["expiresMs"], listed["createdMs"] + 86_400_000)

    def test_a_lifetime_must_be_positive_and_fit(self):
        for bad in [0, -1, 2**63]:
            with self.subTest(expires_in_ms=bad), self.assertRaises(ashbyknit.InvalidArgument):
                self.store.issue_key("acme", BASE_URL, expires_in_ms=bad)
        self.assertEqual(self.store.keys("acme"), [])

    def test_revoking_leaves_the_other_keys_active(self):
        kept = self.store.issue_key("acme", BASE_URL)
        revoked = self.store.issue_key("acme", BASE_URL)
        self.store.revoke_key("acme", revoked.key_id)
        self.store.revoke_key("acme", revoked.key_id)  # twice is fine
        by_id = {key["keyId"]: key for key in self.store.keys("acme")}
        self.assertIsNone(by_id[kept.key_id]["revokedMs"])
        self.assertIsInstance(by_id[revoked.key_id]["revokedMs"], int)
        self.assertEqual(self.store.integrations()[0]["activeKeys"], 1)

    def test_unknown_integrations_and_keys_are_not_found(self):
        with self.assertRaises(ashbyknit.NotFound):
            self.store.issue_key("nobody", BASE_URL)
        with self.assertRaises(ashbyknit.NotFound):
            self.store.keys("nobody")
        with self.assertRaises(ashbyknit.NotFound) as caught:
            self.store.revoke_key("acme", "key_nosuchkey0000000")
        self.assertEqual(caught.exception.status_name, "not_found")

    def test_a_bad_base_url_is_an_invalid_argument(self):
        with self.assertRaises(ashbyknit.InvalidArgument):
            self.store.issue_key("acme", "ftp://hooks.vendor.example/")


class Settings(unittest.TestCase):
    """set_packages and set_custom_fields share their rules."""

    # (method, a valid setting, well-formed JSON that fails validation)
    CASES = [
        ("set_packages", [{"id": "pkg_1", "name": "Test"}], [{"id": "pkg_1"}]),
        ("set_custom_fields", [{"id": "level", "name": "Level", "type": "String"}], [{"id": "l", "name": "L", "type": "?"}]),
    ]

    def setUp(self):
        self.store = ashbyknit.Store.open()
        self.addCleanup(self.store.close)
        self.store.create_integration("acme")

    def test_json_text_bytes_or_lists_bridge_wide_or_per_integration(self):
        for method, valid, _ in self.CASES:
            with self.subTest(method=method):
                set_ = getattr(self.store, method)
                set_(valid)
                set_(json.dumps(valid), "acme")
                set_(json.dumps(valid).encode(), integration_id="acme")

    def test_bad_settings_raise_their_classes(self):
        for method, valid, invalid in self.CASES:
            set_ = getattr(self.store, method)
            with self.subTest(method=method):
                with self.assertRaises(ashbyknit.MalformedJSON):
                    set_("[{", "acme")
                with self.assertRaises(ashbyknit.InvalidInput) as caught:
                    set_(invalid)
                self.assertIn("[0]", caught.exception.message)
                with self.assertRaises(ashbyknit.NotFound):
                    set_(valid, "nobody")
                with self.assertRaises(ashbyknit.InvalidArgument):
                    set_(valid, "")

    def test_the_catalogue_fixture_is_accepted(self):
        self.store.set_packages(fixture("packages.json"), "acme")


class Counts(unittest.TestCase):
    def test_a_new_store_has_no_assessments_and_no_events(self):
        with ashbyknit.Store.open() as store:
            store.create_integration("acme")
            self.assertEqual(store.assessments(), [])
            self.assertEqual(store.assessments("acme"), [])
            self.assertEqual(store.event_counts(), (0, 0, 0))
            with self.assertRaises(ashbyknit.NotFound):
                store.assessments("nobody")
            with self.assertRaises(ashbyknit.InvalidArgument):
                store.assessments("")


class File(unittest.TestCase):
    def test_a_store_file_keeps_everything(self):
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "store.db"
            with ashbyknit.Store.open(path, durability="normal", busy_timeout_ms=100) as store:
                store.create_integration("acme")
                issued = store.issue_key("acme", BASE_URL)
                store.set_candidate_enrichment("acme", True)
            self.assertTrue(path.exists())
            with ashbyknit.Store.open(str(path)) as store:
                self.assertEqual([(i["id"], i["enrichCandidates"]) for i in store.integrations()], [("acme", True)])
                self.assertEqual([k["keyId"] for k in store.keys("acme")], [issued.key_id])

    def test_a_file_that_is_not_a_store_is_a_store_error(self):
        with tempfile.TemporaryDirectory() as directory:
            text = os.path.join(directory, "notes.txt")
            with open(text, "wb") as file:
                file.write(b"plain text, not a database" + b"." * 4096)
            with self.assertRaises(ashbyknit.StoreError) as caught:
                ashbyknit.Store.open(text)
            self.assertIn("is not an ashbyknit store", caught.exception.message)
            with self.assertRaises(ashbyknit.StoreError):
                ashbyknit.Store.open(os.path.join(directory, "no", "such", "store.db"))

    def test_bad_options_are_invalid_arguments(self):
        for options in [{"durability": "sometimes"}, {"busy_timeout_ms": -1}, {"busy_timeout_ms": 2**31}]:
            with self.subTest(**options), self.assertRaises(ashbyknit.InvalidArgument):
                ashbyknit.Store.open(**options)
        for path in ["", "nul\0byte"]:
            with self.subTest(path=path), self.assertRaises(ashbyknit.InvalidArgument):
                ashbyknit.Store.open(path)

    def test_the_group_commit_keywords_are_taken_and_checked(self):
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "store.db"
            for batch, wait in [(None, 0), (1, 0), (500, 1_000_000)]:
                with self.subTest(commit_batch_max=batch, commit_wait_us=wait):
                    with ashbyknit.Store.open(path, commit_batch_max=batch, commit_wait_us=wait) as store:
                        self.assertEqual(store.assessments(), [])
        bad = [{"commit_batch_max": 0}, {"commit_batch_max": -1}, {"commit_batch_max": 2**64},
               {"commit_wait_us": -1}, {"commit_wait_us": 1_000_001}, {"commit_wait_us": 2**63}]
        for options in bad:
            with self.subTest(**options), self.assertRaises(ashbyknit.InvalidArgument):
                ashbyknit.Store.open(**options)
        for options in [{"commit_batch_max": "64"}, {"commit_wait_us": 0.5}]:
            with self.subTest(**options), self.assertRaises(TypeError):
                ashbyknit.Store.open(**options)


class PostgreSQL(unittest.TestCase):
    """The same binding over a PostgreSQL URL, on a server of the test's own."""

    @classmethod
    def setUpClass(cls):
        cls.server = PostgresServer()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_a_postgresql_url_keeps_everything_across_opens(self):
        url = self.server.create_database()
        with ashbyknit.Store.open(url) as store:
            store.create_integration("acme")
            issued = store.issue_key("acme", BASE_URL)
            store.set_candidate_enrichment("acme", True)
        with ashbyknit.Store.open(url, durability="normal") as store:
            self.assertEqual([(i["id"], i["enrichCandidates"]) for i in store.integrations()], [("acme", True)])
            self.assertEqual([k["keyId"] for k in store.keys("acme")], [issued.key_id])
            with self.assertRaises(ashbyknit.Conflict):
                store.create_integration("acme")
        self.assertEqual(self.server.psql("SELECT id FROM integrations", url), "acme\n")

    def test_a_database_that_cannot_be_reached_is_a_store_error_without_the_password(self):
        url = self.server.url.replace("/ashbyknit?", "/no_such_db?") + "&password=hunter2secret"
        with self.assertRaises(ashbyknit.StoreError) as caught:
            ashbyknit.Store.open(url)
        self.assertIn('database "no_such_db" does not exist', caught.exception.message)
        self.assertNotIn("hunter2secret", caught.exception.message)


class Lifetime(unittest.TestCase):
    def test_close_is_idempotent_and_a_closed_store_refuses_calls(self):
        store = ashbyknit.Store.open()
        self.assertFalse(store.closed)
        store.close()
        store.close()
        self.assertTrue(store.closed)
        with self.assertRaisesRegex(ValueError, "closed"):
            store.integrations()

    def test_the_with_block_closes_it(self):
        with ashbyknit.Store.open() as store:
            store.create_integration("acme")
        self.assertTrue(store.closed)

    def test_a_forgotten_store_is_freed_by_the_garbage_collector(self):
        store = ashbyknit.Store.open()
        finalizer = store._finalizer
        del store
        gc.collect()
        self.assertFalse(finalizer.alive)

    def test_stores_are_opened_with_open(self):
        with self.assertRaises(TypeError):
            ashbyknit.Store()


if __name__ == "__main__":
    unittest.main()
