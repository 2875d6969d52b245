"""What every store command does with --db: requires it, creates a missing store, and refuses a
file that is not a store, or is from a newer version, with the library's message."""

import json
import sqlite3
import unittest

from cli_support import PACKAGES_FIXTURE, run_cli
from store_support import BASE_URL, StoreTestCase

# Each command that requires --db, with its other arguments; none reads standard input. Every
# run here fails before a command uses its input.
STORE_COMMANDS = (
    ("integration", "create", "--id", "acme"),
    ("integration", "list"),
    ("secret", "list", "--integration", "acme"),
    ("secret", "revoke", "--integration", "acme", "--key-id", "key_0000000000000000"),
    ("packages", "set", str(PACKAGES_FIXTURE)),
    ("fields", "set", "--integration", "acme", str(PACKAGES_FIXTURE)),
    ("assessments", "list"),
    ("events", "pull", "--max", "5"),
    ("events", "ack", "evt_1"),
    ("events", "count"),
)
# `secret issue` takes --db only when it is given.
STORED_SECRET_ISSUE = ("secret", "issue", "--integration", "acme", "--base-url", BASE_URL)
SIGNING_KEY_ENV = {"AK_SIGNING_KEY": "key"}


class StoreFileTest(StoreTestCase):
    def every_command_fails(self, *words: str):
        """Runs every store command on self.db; each must fail with `words`."""
        for command in (*STORE_COMMANDS, STORED_SECRET_ISSUE):
            with self.subTest(command=command[:2]):
                self.assertFails(self.run_store(*command, env=SIGNING_KEY_ENV), 2, *words)
        with self.subTest(command="call"):
            key_file = self.file_holding(b"aksk_key")
            result = run_cli("call", "--db", self.db, "--base-url", BASE_URL, "--secret-key-file", key_file,
                             "assessment.list")
            self.assertFails(result, 2, *words)

    def test_every_store_command_requires_db(self):
        for command in STORE_COMMANDS:
            with self.subTest(command=command[:2]):
                self.assertFails(run_cli(*command, env=SIGNING_KEY_ENV), 2,
                                 "--db FILE is required (or set the environment variable AK_DB)")

    def test_every_store_command_takes_its_store_from_ak_db_without_db(self):
        content = b"integrations: acme\n" * 100
        self.db.write_bytes(content)
        for command in (*STORE_COMMANDS, STORED_SECRET_ISSUE):
            with self.subTest(command=command[:2]):
                self.assertFails(run_cli(*command, env={**SIGNING_KEY_ENV, "AK_DB": str(self.db)}), 2,
                                 "is not an ashbyknit store")
        self.assertEqual(self.db.read_bytes(), content)

    def test_db_wins_over_ak_db(self):
        elsewhere = self.directory / "elsewhere.db"
        self.assertSucceeds(run_cli("integration", "create", "--id", "acme", env={"AK_DB": str(elsewhere)}))
        self.assertSucceeds(run_cli("integration", "create", "--db", self.db, "--id", "globex",
                                    env={"AK_DB": str(elsewhere)}))
        listed = run_cli("integration", "list", env={"AK_DB": str(elsewhere)})
        self.assertEqual([entry["id"] for entry in json.loads(listed.stdout)], ["acme"])

    def test_a_text_file_is_not_a_store_and_is_left_as_it_was(self):
        content = b"integrations: acme\n" * 100
        self.db.write_bytes(content)
        self.every_command_fails(str(self.db), "is not an ashbyknit store")
        self.assertEqual(self.db.read_bytes(), content)

    def test_another_applications_database_is_not_a_store(self):
        with sqlite3.connect(self.db) as database:
            database.execute("CREATE TABLE notes (text TEXT)")
        database.close()
        self.every_command_fails("is not an ashbyknit store", "another application")

    def test_a_store_from_a_newer_version_is_refused(self):
        self.create_integration("acme")
        database = sqlite3.connect(self.db)
        (version,) = database.execute("PRAGMA user_version").fetchone()
        database.execute(f"PRAGMA user_version = {version + 1}")
        database.close()
        self.every_command_fails(str(self.db), "newer")

    def test_a_directory_is_not_a_store(self):
        self.db.mkdir()
        self.every_command_fails(str(self.db))

    def test_a_store_in_a_missing_directory_cannot_be_created(self):
        self.db = self.directory / "missing" / "bridge.db"
        self.every_command_fails(str(self.db), "cannot be opened")

    def test_memory_is_not_a_file(self):
        self.db = ":memory:"
        self.every_command_fails("--db needs a file")

    def test_a_store_is_kept_between_commands(self):
        self.create_integration("acme")
        self.create_integration("globex")
        self.assertEqual([i["id"] for i in self.store_json("integration", "list")], ["acme", "globex"])

    def test_a_refused_number_creates_no_store(self):
        self.assertFails(self.run_store("events", "pull", "--max", "0", env=SIGNING_KEY_ENV), 2, "--max")
        self.assertFails(self.run_store(*STORED_SECRET_ISSUE, "--expires-in", "0"), 2, "--expires-in")
        self.assertFalse(self.db.exists())


if __name__ == "__main__":
    unittest.main()
