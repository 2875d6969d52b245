"""`ashbyknit events pull|ack|count`: the outbox of the events Ashby's calls produced, signed for
delivery, acknowledged, and counted."""

import base64
import hashlib
import hmac
import json
import unittest

from cli_support import PACKAGES_FIXTURE, START_FIXTURE, encode, fixture_json
from store_support import SIGNING_KEY, StoreTestCase


def knit_signature(key: bytes, body: bytes) -> str:
    """X-Knit-Signature (SPEC 3.3), computed independently of the library."""
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()).rstrip(b"=").decode()


class EventsTestCase(StoreTestCase):
    def setUp(self):
        super().setUp()
        self.create_integration("acme")
        self.key = self.issue_key("acme")
        self.assertSucceeds(self.run_store("packages", "set", PACKAGES_FIXTURE))
        self.signing_key_file = self.file_holding(SIGNING_KEY + b"\n")

    def start(self, application: str = "app_123abc") -> str:
        body = fixture_json(START_FIXTURE)
        body["application"]["ashby_id"] = application
        return self.call_succeeds(self.key, "assessment.start", stdin=encode(body))["results"]["assessment_id"]

    def cancel(self, assessment_id: str):
        self.call_succeeds(self.key, "assessment.cancel", stdin=encode({"assessment_id": assessment_id}))

    def pull(self, *options: str, env=None) -> list:
        """Runs `events pull` with `options` (by default the signing key's file), which must
        succeed; returns its lines, parsed."""
        output = self.assertSucceeds(
            self.run_store("events", "pull", *(options or ("--key-file", self.signing_key_file)), env=env))
        self.assertTrue(output == b"" or output.endswith(b"\n"), output)
        return [json.loads(line) for line in output.splitlines()]

    def ack(self, *event_ids: str) -> int:
        """Runs `events ack`, which must succeed; returns how many it says were pending."""
        output = self.assertSucceeds(self.run_store("events", "ack", *event_ids))
        self.assertRegex(output.decode(), r"^\d+\n$")
        return int(output)

    def counts(self) -> dict:
        return self.store_json("events", "count")


class EventsPullTest(EventsTestCase):
    def test_a_pulled_event_is_the_signed_record_new_of_the_start(self):
        assessment_id = self.start()
        (delivery,) = self.pull()
        self.assertEqual(list(delivery),
                         ["eventId", "eventType", "integrationId", "assessmentId", "handedOut", "headers", "body"])
        body = delivery["body"].encode("utf-8")
        event = json.loads(body)
        self.assertEqual((delivery["eventType"], delivery["assessmentId"], delivery["integrationId"]),
                         ("record.new", assessment_id, "acme"))
        self.assertEqual((event["eventType"], event["recordId"], event["eventId"]),
                         ("record.new", assessment_id, delivery["eventId"]))
        self.assertEqual(delivery["handedOut"], 1)
        assessment = event["eventData"]["candidateAssessment"]
        self.assertEqual(assessment["originData"], fixture_json(START_FIXTURE))
        self.assertEqual(assessment["assessmentPackage"]["name"], "Frontend Engineer Assessment")

        headers = delivery["headers"]
        self.assertEqual(headers["X-Knit-Signature"], knit_signature(SIGNING_KEY, body))
        self.assertEqual(headers["X-Knit-Integration-Id"], "acme")
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertRegex(headers["X-Knit-Execution-Id"], r"^\S+$")

    def test_a_leased_event_is_not_handed_out_again_at_once(self):
        self.start()
        self.assertEqual(len(self.pull()), 1)
        self.assertEqual(self.pull(), [])
        self.assertEqual(self.counts(), {"pending": 1, "acknowledged": 0})

    def test_max_bounds_each_pull_and_the_default_is_ten(self):
        for number in range(14):
            self.start(f"app_{number}")
        key = ("--key-file", self.signing_key_file)
        self.assertEqual(len(self.pull("--max", "3", *key)), 3)
        self.assertEqual(len(self.pull()), 10)
        self.assertEqual(len(self.pull("--max=1000", *key)), 1)

    def test_a_retried_start_makes_no_second_event(self):
        self.start()
        self.start()
        self.assertEqual(len(self.pull()), 1)

    def test_the_signing_key_may_come_from_the_environment(self):
        self.start()
        (delivery,) = self.pull("--max", "1", env={"AK_SIGNING_KEY": "environment key"})
        self.assertEqual(delivery["headers"]["X-Knit-Signature"],
                         knit_signature(b"environment key", delivery["body"].encode("utf-8")))

    def test_an_empty_outbox_pulls_nothing(self):
        self.assertEqual(self.pull(), [])


class EventsAckTest(EventsTestCase):
    def test_the_whole_life_of_an_assessments_events(self):
        assessment_id = self.start()
        self.cancel(assessment_id)
        self.assertEqual(self.counts(), {"pending": 2, "acknowledged": 0})
        # The record.deleted waits until its record.new is acknowledged.
        (new,) = self.pull()
        self.assertEqual(new["eventType"], "record.new")
        self.assertEqual(self.ack(new["eventId"]), 1)
        self.assertEqual(self.counts(), {"pending": 1, "acknowledged": 1})
        (deleted,) = self.pull()
        self.assertEqual((deleted["eventType"], deleted["assessmentId"]), ("record.deleted", assessment_id))
        self.assertEqual(self.ack(deleted["eventId"]), 1)
        self.assertEqual(self.pull(), [])
        self.assertEqual(self.counts(), {"pending": 0, "acknowledged": 2})

    def test_ack_counts_only_the_ids_that_were_pending(self):
        for application in ("app_1", "app_2"):
            self.start(application)
        first, second = (delivery["eventId"] for delivery in self.pull())
        self.assertEqual(self.ack(first), 1)
        self.assertEqual(self.ack(first, second, "evt_unknown"), 1)
        self.assertEqual(self.ack(first, second), 0)

    def test_an_event_acknowledged_before_its_lease_ends_is_gone(self):
        self.start()
        (delivery,) = self.pull()
        self.ack(delivery["eventId"])
        self.assertEqual(self.pull(), [])

    def test_ack_needs_an_event_id(self):
        self.assertFails(self.run_store("events", "ack"), 2, "EVENT_ID")

    def test_dash_dash_lets_an_id_start_with_a_dash(self):
        self.assertEqual(self.ack("--", "-not-an-event"), 0)


class EventsCountTest(EventsTestCase):
    def test_a_new_store_counts_nothing(self):
        self.assertEqual(self.counts(), {"pending": 0, "acknowledged": 0})

    def test_count_is_one_line_of_json_in_this_order(self):
        self.start()
        self.assertEqual(self.assertSucceeds(self.run_store("events", "count")), b'{"pending":1,"acknowledged":0}\n')


class EventsFailureTest(EventsTestCase):
    def test_max_must_be_a_whole_number_from_1_to_1000(self):
        self.start()
        for value in ("0", "-3", "ten", "2.5", "1001", "99999999999999999999"):
            with self.subTest(value=value):
                result = self.run_store("events", "pull", "--max", value, "--key-file", self.signing_key_file)
                self.assertFails(result, 2, "--max must be a whole number from 1 to 1000", f"'{value}'")
        self.assertEqual(len(self.pull()), 1)

    def test_pull_needs_a_signing_key_and_leases_nothing_without_one(self):
        self.start()
        self.assertFails(self.run_store("events", "pull"), 2, "--key-file", "AK_SIGNING_KEY")
        self.assertFails(self.run_store("events", "pull", "--key-file", self.file_holding(b"")), 2, "empty")
        self.assertEqual(len(self.pull()), 1)


if __name__ == "__main__":
    unittest.main()
