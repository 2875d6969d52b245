"""`ashbyknit packages set` and `ashbyknit fields set`: what assessment.list and
assessment.customField.list then offer, bridge-wide and per integration."""

import json
import unittest

from cli_support import PACKAGES_FIXTURE, encode
from store_support import FIELDS, OWN_PACKAGES, StoreTestCase


def offered_packages(reply: dict) -> list:
    """The packages an assessment.list reply offers, as (id, name, description)."""
    return [(p["assessment_type_id"], p["name"], p["description"]) for p in reply["results"]]


class SettingsTestCase(StoreTestCase):
    def setUp(self):
        super().setUp()
        self.keys = {}
        for integration in ("acme", "globex"):
            self.create_integration(integration)
            self.keys[integration] = self.issue_key(integration)

    def set_setting(self, *arguments, stdin: bytes = b""):
        """Runs a set command that must succeed silently."""
        self.assertEqual(self.assertSucceeds(self.run_store(*arguments, stdin=stdin)), b"")

    def offered(self, integration: str) -> list:
        return offered_packages(self.call_succeeds(self.keys[integration], "assessment.list"))

    def offered_fields(self, integration: str) -> list:
        return self.call_succeeds(self.keys[integration], "assessment.customField.list")["fields"]


class PackagesSetTest(SettingsTestCase):
    FIXTURE_OFFER = [("pkg_456", "Frontend Engineer Assessment", "Technical Skills Assessment")]

    def test_nothing_is_offered_before_a_catalogue_is_set(self):
        self.assertEqual(self.offered("acme"), [])

    def test_a_bridge_wide_catalogue_is_offered_to_every_integration(self):
        self.set_setting("packages", "set", PACKAGES_FIXTURE)
        for integration in ("acme", "globex"):
            with self.subTest(integration=integration):
                self.assertEqual(self.offered(integration), self.FIXTURE_OFFER)

    def test_an_integrations_own_catalogue_wins_for_it_alone(self):
        self.set_setting("packages", "set", PACKAGES_FIXTURE)
        self.set_setting("packages", "set", "--integration", "acme", stdin=encode(OWN_PACKAGES))
        self.assertEqual(self.offered("acme"), [("pkg_own", "Acme's Own Test", None)])
        self.assertEqual(self.offered("globex"), self.FIXTURE_OFFER)

    def test_a_new_catalogue_replaces_the_old(self):
        self.set_setting("packages", "set", PACKAGES_FIXTURE)
        self.set_setting("packages", "set", "-", stdin=encode(OWN_PACKAGES))
        self.assertEqual(self.offered("acme"), [("pkg_own", "Acme's Own Test", None)])

    def test_a_bad_catalogue_is_refused_with_the_librarys_message_and_the_old_one_stays(self):
        self.set_setting("packages", "set", PACKAGES_FIXTURE)
        for content, words in ((b"{}", "list of packages"), (b'[{"name": "x"}]', "packages[0].id"),
                               (b"[", "not valid JSON")):
            with self.subTest(content=content):
                self.assertFails(self.run_store("packages", "set", stdin=content), 2, words)
        self.assertEqual(self.offered("acme"), self.FIXTURE_OFFER)

    def test_an_unknown_integration_is_refused(self):
        result = self.run_store("packages", "set", "--integration", "nope", PACKAGES_FIXTURE)
        self.assertFails(result, 2, "There is no integration nope")

    def test_a_missing_file_is_named(self):
        missing = self.directory / "no-such-packages.json"
        self.assertFails(self.run_store("packages", "set", missing), 2, str(missing))


class FieldsSetTest(SettingsTestCase):
    def test_no_field_is_offered_before_any_is_set(self):
        self.assertEqual(self.offered_fields("acme"), [])

    def test_bridge_wide_fields_are_offered_as_they_were_set(self):
        self.set_setting("fields", "set", self.file_holding(json.dumps(FIELDS, indent=2).encode()))
        for integration in ("acme", "globex"):
            with self.subTest(integration=integration):
                self.assertEqual(self.offered_fields(integration), FIELDS)

    def test_an_integrations_own_fields_win_for_it_alone(self):
        self.set_setting("fields", "set", stdin=encode(FIELDS))
        self.set_setting("fields", "set", "--integration", "globex", stdin=encode(FIELDS[1:]))
        self.assertEqual(self.offered_fields("acme"), FIELDS)
        self.assertEqual(self.offered_fields("globex"), FIELDS[1:])

    def test_bad_fields_are_refused_with_the_librarys_message_and_the_old_ones_stay(self):
        self.set_setting("fields", "set", stdin=encode(FIELDS))
        select_without_values = [{"id": "x", "name": "X", "type": "MultiValueSelect"}]
        cases = (
            (encode([{"id": "x", "name": "X", "type": "Colour"}]), "fields[0].type"),
            (encode(select_without_values), "fields[0].possible_values"),
            (b"{}", "JSON list"),
        )
        for content, words in cases:
            with self.subTest(content=content):
                self.assertFails(self.run_store("fields", "set", stdin=content), 2, words)
        self.assertEqual(self.offered_fields("acme"), FIELDS)

    def test_an_unknown_integration_is_refused(self):
        result = self.run_store("fields", "set", "--integration", "nope", stdin=encode(FIELDS))
        self.assertFails(result, 2, "There is no integration nope")


if __name__ == "__main__":
    unittest.main()
