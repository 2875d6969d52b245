"""The fixtures of tests/fixtures mapped through the binding give Knit's example events, but for
the differences their README documents."""

import json
import re
import unittest

import ashbyknit
from support import (
    ASSESSMENT_ID,
    CANCEL_NOW_MS,
    START_NOW_MS,
    encode,
    fixture,
    fixture_json,
)


def assert_event_equals(test: unittest.TestCase, event: str, expected: dict) -> None:
    """Compares parsed JSON; the eventId must be the expected one plus 10 random [a-z0-9]."""
    actual = json.loads(event)
    expected_id = expected.pop("eventId")
    test.assertRegex(actual.pop("eventId"), rf"^{re.escape(expected_id)}[a-z0-9]{{10}}$")
    test.assertEqual(actual, expected)


class StartFixture(unittest.TestCase):
    def setUp(self):
        self.body = fixture("ashby-assessment-start.json")
        self.event = ashbyknit.map_start(
            self.body,
            assessment_id=ASSESSMENT_ID,
            now_ms=START_NOW_MS,
            packages_json=fixture("packages.json"),
        )

    def test_gives_knit_example_but_for_location_and_event_id(self):
        expected = fixture_json("knit-record-new.example.json")
        expected["eventData"]["candidateAssessment"]["candidate"]["location"] = None
        assert_event_equals(self, self.event, expected)

    def test_origin_data_is_the_minified_body(self):
        minified = encode(json.loads(self.body)).decode("utf-8")
        self.assertIn(f'"originData":{minified},', self.event)

    def test_output_is_compact(self):
        self.assertEqual(self.event, json.dumps(json.loads(self.event), separators=(",", ":"), ensure_ascii=False))


class CancelFixture(unittest.TestCase):
    def setUp(self):
        self.body = fixture("ashby-assessment-cancel.json")
        self.event = ashbyknit.map_cancel(self.body, now_ms=CANCEL_NOW_MS)

    def test_gives_knit_example_but_for_sync_run_and_event_id(self):
        expected = fixture_json("knit-record-deleted.example.json")
        expected["syncRunId"] = f"real_time_{CANCEL_NOW_MS}"
        assert_event_equals(self, self.event, expected)

    def test_origin_data_is_the_minified_body(self):
        self.assertIn('"originData":{"assessment_id":"ats_ass_x9y8z7w6v5u4t3s2r1q0p"},', self.event)


class OriginData(unittest.TestCase):
    def test_keeps_the_senders_key_order_and_escapes(self):
        # Keys out of alphabetical order, spacing, an escape and an unknown field: originData is
        # the sender's text minus the whitespace, not a re-serialisation.
        body = (
            b'{ "job" : {"name": "Caf\\u00e9 \\"lead\\"", "ashby_id": "job_1"},\n'
            b'  "candidate": {"last_name": "Chen", "ashby_id": "cand_1"},\n'
            b'  "zeta_unknown": [1, 2.50, {"b": null, "a": true}],\n'
            b'  "application": {"status": "Interview", "ashby_id": "app_1"},\n'
            b'  "assessment_type_id": "pkg_1" }'
        )
        expected = (
            '{"job":{"name":"Caf\\u00e9 \\"lead\\"","ashby_id":"job_1"},'
            '"candidate":{"last_name":"Chen","ashby_id":"cand_1"},'
            '"zeta_unknown":[1,2.50,{"b":null,"a":true}],'
            '"application":{"status":"Interview","ashby_id":"app_1"},'
            '"assessment_type_id":"pkg_1"}'
        )
        self.assertIn(f'"originData":{expected},', ashbyknit.map_start(body, now_ms=START_NOW_MS))


if __name__ == "__main__":
    unittest.main()
