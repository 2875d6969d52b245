"""`ashbyknit events pull|ack|count|list|history|replay`: the outbox of the events Ashby's calls
produced, signed for delivery, acknowledged, counted, and watched and replayed by an operator."""

import json
import unittest

from cli_support import PACKAGES_FIXTURE, START_FIXTURE, encode, fixture_json, knit_signature
from store_support import BASE_URL, SIGNING_KEY, StoreTestCase


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
        self.assertEqual(self.counts(), {"pending": 1, "acknowledged": 0, "deadLettered": 0})

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
        self.assertEqual(self.counts(), {"pending": 2, "acknowledged": 0, "deadLettered": 0})
        # The record.deleted waits until its record.new is acknowledged.
        (new,) = self.pull()
        self.assertEqual(new["eventType"], "record.new")
        self.assertEqual(self.ack(new["eventId"]), 1)
        self.assertEqual(self.counts(), {"pending": 1, "acknowledged": 1, "deadLettered": 0})
        (deleted,) = self.pull()
        self.assertEqual((deleted["eventType"], deleted["assessmentId"]), ("record.deleted", assessment_id))
        self.assertEqual(self.ack(deleted["eventId"]), 1)
        self.assertEqual(self.pull(), [])
        self.assertEqual(self.counts(), {"pending": 0, "acknowledged": 2, "deadLettered": 0})

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
        self.assertEqual(self.counts(), {"pending": 0, "acknowledged": 0, "deadLettered": 0})

    def test_count_is_one_line_of_json_in_this_order(self):
        self.start()
        self.assertEqual(self.assertSucceeds(self.run_store("events", "count")),
                         b'{"pending":1,"acknowledged":0,"deadLettered":0}\n')


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


EVENT_FIELDS = [
    "eventId", "integrationId", "assessmentId", "eventType", "state", "createdMs", "attempts", "nextAttemptMs",
    "finishedMs", "lastError",
]


class EventsListTest(EventsTestCase):
    def listed(self, *options: str) -> list:
        return self.store_json("events", "list", *options)

    def test_events_are_listed_oldest_first_with_their_state_and_never_their_body(self):
        first, second = self.start("app_1"), self.start("app_2")
        (new, _) = self.pull()
        self.ack(new["eventId"])
        listed = self.listed()
        self.assertEqual([event["assessmentId"] for event in listed], [first, second])
        self.assertEqual([event["state"] for event in listed], ["delivered", "pending"])
        self.assertEqual(list(listed[1]), EVENT_FIELDS)
        self.assertEqual((listed[1]["integrationId"], listed[1]["eventType"]), ("acme", "record.new"))
        self.assertEqual((listed[1]["finishedMs"], listed[1]["lastError"]), (None, None))
        self.assertIsInstance(listed[0]["finishedMs"], int)

    def test_state_and_limit_narrow_the_list(self):
        first, second = self.start("app_1"), self.start("app_2")
        (new, _) = self.pull()
        self.ack(new["eventId"])
        self.assertEqual([event["assessmentId"] for event in self.listed("--state", "pending")], [second])
        self.assertEqual([event["assessmentId"] for event in self.listed("--state", "delivered")], [first])
        self.assertEqual(self.listed("--state", "dead-lettered"), [])
        self.assertEqual([event["assessmentId"] for event in self.listed("--limit", "1")], [first])
        self.assertEqual(self.listed("--state=pending", "--limit=5")[0]["assessmentId"], second)

    def test_an_empty_outbox_lists_an_empty_array(self):
        self.assertEqual(self.assertSucceeds(self.run_store("events", "list")), b"[]\n")

    def test_a_bad_state_or_limit_is_a_usage_error(self):
        for state in ("dead_lettered", "all", "PENDING"):
            with self.subTest(state=state):
                self.assertFails(self.run_store("events", "list", "--state", state), 2,
                                 "--state must be pending, delivered or dead-lettered", f"'{state}'")
        for limit in ("0", "-1", "many", "99999999999999999999"):
            with self.subTest(limit=limit):
                result = self.run_store("events", "list", "--limit", limit)
                self.assertFails(result, 2, "--limit must be a whole number", f"'{limit}'")


class EventsHistoryTest(EventsTestCase):
    def test_an_event_never_sent_has_an_empty_history(self):
        self.start()
        (event,) = self.store_json("events", "list")
        self.assertEqual(self.store_json("events", "history", "--id", event["eventId"]), [])

    def test_an_unknown_event_is_bad_input(self):
        self.assertFails(self.run_store("events", "history", "--id", "evt_unknown"), 2, "evt_unknown")

    def test_history_needs_an_id(self):
        self.assertFails(self.run_store("events", "history"), 2, "--id is required")


class EventsReplayTest(EventsTestCase):
    def replay(self, *options: str) -> int:
        output = self.assertSucceeds(self.run_store("events", "replay", *options))
        self.assertRegex(output.decode(), r"^\d+\n$")
        return int(output)

    def test_replaying_all_with_nothing_dead_lettered_replays_none(self):
        self.start()
        self.assertEqual(self.replay("--all"), 0)
        self.assertEqual(self.counts(), {"pending": 1, "acknowledged": 0, "deadLettered": 0})

    def test_only_a_dead_lettered_event_can_be_replayed(self):
        self.start()
        (event,) = self.store_json("events", "list")
        self.assertFails(self.run_store("events", "replay", "--id", event["eventId"]), 2, event["eventId"])
        self.assertFails(self.run_store("events", "replay", "--id", "evt_unknown"), 2, "evt_unknown")
        self.assertEqual(self.counts(), {"pending": 1, "acknowledged": 0, "deadLettered": 0})

    def test_replay_needs_either_an_id_or_all(self):
        self.assertFails(self.run_store("events", "replay"), 2, "--id EVENT_ID or --all")
        self.assertFails(self.run_store("events", "replay", "--id", "evt_x", "--all"), 2, "--id EVENT_ID or --all")
        self.assertFails(self.run_store("events", "replay", "--all=yes"), 2, "--all takes no value")


class DeadLetteredEventsTest(EventsTestCase):
    """Events dead-lettered by a delivery engine (through the Python binding) whose transport
    answers 500 on the one attempt it allows; then watched and replayed through the tool."""

    def setUp(self):
        super().setUp()
        self.start("app_1")
        self.start("app_2")
        # Imported only here: the binding loads the shared library, which the tool itself does not need.
        import ashbyknit
        from delivery_support import ScriptedDelivery

        bridge = ashbyknit.Bridge(BASE_URL, store_path=self.db, signing_key=SIGNING_KEY)
        with bridge, ScriptedDelivery(bridge, status=500) as delivery:
            self.assertEqual(delivery.deliver_due().dead_lettered, 2)
            self.refused = [sent.event_id for sent in delivery.sent]

    def test_dead_letters_are_counted_listed_and_explained(self):
        self.assertEqual(self.counts(), {"pending": 0, "acknowledged": 0, "deadLettered": 2})
        listed = self.store_json("events", "list", "--state", "dead-lettered")
        self.assertEqual([event["eventId"] for event in listed], self.refused)
        self.assertEqual([event["state"] for event in listed], ["dead_lettered", "dead_lettered"])
        self.assertIn("500", listed[0]["lastError"])
        (attempt,) = self.store_json("events", "history", "--id", self.refused[0])
        self.assertEqual((attempt["httpStatus"], attempt["error"]), (500, None))

    def test_replay_one_then_all(self):
        first, second = self.refused
        self.assertEqual(self.assertSucceeds(self.run_store("events", "replay", "--id", first)), b"1\n")
        self.assertEqual(self.counts(), {"pending": 1, "acknowledged": 0, "deadLettered": 1})
        self.assertFails(self.run_store("events", "replay", "--id", first), 2, first)
        self.assertEqual(self.assertSucceeds(self.run_store("events", "replay", "--all")), b"1\n")
        self.assertEqual([event["eventId"] for event in self.store_json("events", "list", "--state", "pending")],
                         [first, second])
        # A replayed event is pending like any other: it can be pulled again.
        self.assertEqual([delivery["eventId"] for delivery in self.pull()], [first, second])


if __name__ == "__main__":
    unittest.main()
