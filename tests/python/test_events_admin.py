"""Store.event_counts, events, event_history and replay: the operator's view of delivery, with
events dead-lettered by an engine whose transport refuses them on their one allowed attempt."""

import unittest

import ashbyknit
from delivery_support import ScriptedDelivery, now_ms
from support import start_assessment

BASE_URL = "https://hooks.vendor.example/ashby/"
SIGNING_KEY = b"vendor signing key"
EVENT_FIELDS = [
    "eventId", "integrationId", "assessmentId", "eventType", "state", "createdMs", "attempts", "nextAttemptMs",
    "finishedMs", "lastError",
]


class EventsAdmin(unittest.TestCase):
    """Two events dead-lettered by a 500 (``self.refused``, in order, at ``self.refused_ms``)."""

    def setUp(self):
        self.bridge = ashbyknit.Bridge(BASE_URL, signing_key=SIGNING_KEY)
        self.addCleanup(self.bridge.close)
        self.store = self.bridge.store
        self.store.create_integration("acme")
        self.key = self.store.issue_key("acme", BASE_URL).secret_key
        self.assessments = [self.start("app_1"), self.start("app_2")]
        self.delivery = ScriptedDelivery(self.bridge, status=500)
        self.addCleanup(self.delivery.close)  # runs before the bridge's close
        self.refused_ms = now_ms()
        self.assertEqual(self.delivery.deliver_due(self.refused_ms).dead_lettered, 2)
        self.refused = [sent.event_id for sent in self.delivery.sent]

    def start(self, application: str) -> str:
        return start_assessment(self.bridge, self.key, application)

    def test_counts_are_a_named_triple(self):
        counts = self.store.event_counts()
        self.assertEqual(counts, (0, 0, 2))
        self.assertEqual((counts.pending, counts.acknowledged, counts.dead_lettered), (0, 0, 2))
        self.assertIsInstance(counts, ashbyknit.store.EventCounts)

    def test_events_lists_dead_letters_oldest_first_with_why(self):
        listed = self.store.events()
        self.assertEqual([event["eventId"] for event in listed], self.refused)
        self.assertEqual([event["assessmentId"] for event in listed], self.assessments)
        first = listed[0]
        self.assertEqual(list(first), EVENT_FIELDS)
        self.assertEqual((first["integrationId"], first["eventType"]), ("acme", "record.new"))
        self.assertEqual((first["state"], first["attempts"]), ("dead_lettered", 1))
        # It was given up when its one attempt, started at the pass's time, ended.
        (attempt,) = self.store.event_history(first["eventId"])
        self.assertEqual(attempt["startedMs"], self.refused_ms)
        self.assertEqual(first["finishedMs"], attempt["startedMs"] + attempt["durationMs"])
        self.assertIn("500", first["lastError"])

    def test_events_filters_by_state_and_limit(self):
        self.assertEqual(self.store.events("pending"), [])
        self.assertEqual(self.store.events("delivered"), [])
        self.assertEqual([event["eventId"] for event in self.store.events("dead_lettered")], self.refused)
        self.assertEqual([event["eventId"] for event in self.store.events(limit=1)], self.refused[:1])
        self.assertEqual(len(self.store.events(None, 5)), 2)

    def test_a_bad_state_or_limit_is_refused(self):
        for state in ("dead-lettered", "all", ""):
            with self.subTest(state=state), self.assertRaises(ashbyknit.InvalidArgument):
                self.store.events(state)
        for limit in (-1, 2**64):
            with self.subTest(limit=limit), self.assertRaises(ashbyknit.InvalidArgument):
                self.store.events(limit=limit)

    def test_history_shows_each_attempt(self):
        (attempt,) = self.store.event_history(self.refused[0])
        self.assertEqual(list(attempt), ["executionId", "startedMs", "durationMs", "httpStatus", "error", "requestId"])
        self.assertEqual(attempt["executionId"], self.delivery.sent[0].execution_id)
        self.assertEqual((attempt["startedMs"], attempt["httpStatus"], attempt["error"]), (self.refused_ms, 500, None))
        self.assertGreaterEqual(attempt["durationMs"], 0)
        with self.assertRaises(ashbyknit.NotFound):
            self.store.event_history("evt_unknown")

    def test_a_send_without_a_reply_has_no_status_and_says_why(self):
        pending = self.start("app_3")
        self.delivery.status, self.delivery.error = ScriptedDelivery.SEND_FAILED, "connection refused"
        self.assertEqual(self.delivery.deliver_due().dead_lettered, 1)
        (event,) = [event for event in self.store.events() if event["assessmentId"] == pending]
        (attempt,) = self.store.event_history(event["eventId"])
        self.assertEqual((attempt["httpStatus"], attempt["error"]), (None, "connection refused"))
        self.assertIn("connection refused", event["lastError"])

    def test_replay_one_then_all(self):
        first, second = self.refused
        self.assertEqual(self.store.replay(first), 1)
        self.assertEqual(self.store.event_counts(), (1, 0, 1))
        (replayed,) = self.store.events("pending")
        self.assertEqual((replayed["eventId"], replayed["attempts"], replayed["finishedMs"]), (first, 0, None))
        with self.assertRaises(ashbyknit.Conflict):
            self.store.replay(first)
        with self.assertRaises(ashbyknit.NotFound):
            self.store.replay("evt_unknown")
        self.assertEqual(self.store.replay(), 1)
        self.assertEqual(self.store.event_counts(), (2, 0, 0))
        self.assertEqual(self.store.replay(), 0)
        self.assertEqual([event["eventId"] for event in self.store.events("pending")], [first, second])

    def test_a_replayed_event_is_delivered_on_the_next_pass(self):
        self.store.replay()
        self.delivery.status = 200
        self.assertEqual(self.delivery.deliver_due().delivered, 2)
        self.assertEqual(self.store.event_counts(), (0, 2, 0))
        delivered = self.store.events("delivered")
        self.assertEqual([event["eventId"] for event in delivered], self.refused)
        self.assertEqual([attempt["httpStatus"] for attempt in self.store.event_history(self.refused[0])], [500, 200])


class EmptyStore(unittest.TestCase):
    def test_a_new_store_lists_nothing_and_replays_nothing(self):
        with ashbyknit.Store.open() as store:
            self.assertEqual(store.event_counts(), (0, 0, 0))
            self.assertEqual(store.events(), [])
            self.assertEqual(store.replay(), 0)
            with self.assertRaises(ashbyknit.NotFound):
                store.replay("evt_unknown")


if __name__ == "__main__":
    unittest.main()
