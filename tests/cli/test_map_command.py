"""`ashbyknit map start` and `ashbyknit map cancel` on the fixtures and on bodies that fail."""

import copy
import json
import re
import time
import unittest

from cli_support import (
    ASSESSMENT_ID,
    CANCEL_FIXTURE,
    CANCEL_NOW_MS,
    FIXTURES,
    PACKAGES_FIXTURE,
    START_FIXTURE,
    START_NOW_MS,
    CliTestCase,
    encode,
    fixture_json,
    run_cli,
)

PINNED_START = ["--packages", PACKAGES_FIXTURE, "--assessment-id", ASSESSMENT_ID, "--now-ms", str(START_NOW_MS)]


def without_event_id_suffix(event: dict, now_ms: int) -> dict:
    """The event with the random suffix of its eventId removed, as Knit's examples have none;
    None when the eventId is not `evt_`, the time, and 10 characters of [a-z0-9]."""
    if not re.fullmatch(rf"evt_{now_ms}[a-z0-9]{{10}}", event.get("eventId", "")):
        return None
    return {**event, "eventId": f"evt_{now_ms}"}


class MapCommandTest(CliTestCase):
    def map_event(self, *arguments, stdin: bytes = b"") -> dict:
        """Runs a map command that must succeed and print the event as one line; returns it parsed."""
        output = self.assertSucceeds(run_cli("map", *arguments, stdin=stdin))
        self.assertTrue(output.endswith(b"}\n") and output.count(b"\n") == 1, output)
        return json.loads(output)

    def start_event(self, body: bytes) -> dict:
        """The record.new event of `body` on standard input, with the pinned options."""
        return self.map_event("start", *PINNED_START, stdin=body)

    def test_start_gives_knits_example_but_for_the_documented_differences(self):
        event = self.map_event("start", *PINNED_START, START_FIXTURE)
        expected = fixture_json(FIXTURES / "knit-record-new.example.json")
        expected["eventData"]["candidateAssessment"]["candidate"]["location"] = None
        self.assertEqual(without_event_id_suffix(event, START_NOW_MS), expected)

    def test_cancel_gives_knits_example_but_for_the_documented_differences(self):
        event = self.map_event("cancel", "--now-ms", str(CANCEL_NOW_MS), CANCEL_FIXTURE)
        expected = fixture_json(FIXTURES / "knit-record-deleted.example.json")
        expected["syncRunId"] = f"real_time_{CANCEL_NOW_MS}"
        self.assertEqual(without_event_id_suffix(event, CANCEL_NOW_MS), expected)

    def test_standard_input_and_dash_read_the_same_body_as_a_file(self):
        from_file = without_event_id_suffix(self.map_event("start", *PINNED_START, START_FIXTURE), START_NOW_MS)
        body = START_FIXTURE.read_bytes()
        for arguments in ([], ["-"]):
            with self.subTest(arguments=arguments):
                event = self.map_event("start", *PINNED_START, *arguments, stdin=body)
                self.assertEqual(without_event_id_suffix(event, START_NOW_MS), from_file)

    def test_cancel_reads_standard_input(self):
        event = self.map_event("cancel", "--now-ms", str(CANCEL_NOW_MS), stdin=CANCEL_FIXTURE.read_bytes())
        self.assertEqual(event["recordId"], "ats_ass_x9y8z7w6v5u4t3s2r1q0p")

    def test_an_equals_sign_joins_an_option_to_its_value(self):
        event = self.map_event("cancel", f"--now-ms={CANCEL_NOW_MS}", CANCEL_FIXTURE)
        self.assertEqual(event["triggeredAt"], CANCEL_NOW_MS)

    def test_without_options_the_id_is_minted_and_the_time_is_now(self):
        before = int(time.time() * 1000)
        event = self.map_event("start", START_FIXTURE)
        after = int(time.time() * 1000)
        assessment = event["eventData"]["candidateAssessment"]
        self.assertRegex(event["recordId"], r"^ats_ass_[a-z0-9]{21}$")
        self.assertEqual(assessment["id"], event["recordId"])
        self.assertTrue(before <= event["triggeredAt"] <= after)
        self.assertEqual(
            assessment["assessmentPackage"],
            {"description": None, "id": "pkg_456", "metaData": None, "name": None, "type": None},
        )

    def test_names_in_any_script_survive_the_round_trip(self):
        body = fixture_json(START_FIXTURE)
        body["candidate"]["first_name"] = 'Zoë "Z" \\ 🚀 李\n\t'
        event = self.start_event(encode(body))
        candidate = event["eventData"]["candidateAssessment"]["candidate"]
        self.assertEqual(candidate["firstName"], body["candidate"]["first_name"])
        self.assertEqual(event["eventData"]["candidateAssessment"]["originData"], body)


class MapCommandFailureTest(CliTestCase):
    def start_body_without(self, *path: str) -> bytes:
        """The start fixture with the field at `path` removed."""
        body = copy.deepcopy(fixture_json(START_FIXTURE))
        container = body
        for key in path[:-1]:
            container = container[key]
        del container[path[-1]]
        return encode(body)

    def test_a_start_body_without_the_candidates_ashby_id_is_refused(self):
        result = run_cli("map", "start", stdin=self.start_body_without("candidate", "ashby_id"))
        self.assertFails(result, 2, "candidate.ashby_id")

    def test_a_validation_failure_reads_as_the_librarys_sentence_for_the_recruiter(self):
        body = fixture_json(START_FIXTURE)
        body["candidate"] = "Alex Chen"
        line = self.assertFails(run_cli("map", "start", stdin=encode(body)), 2)
        self.assertRegex(line, r"^ashbyknit: [A-Z].*\(candidate\) must be an object.*\.\n$")

    def test_each_required_start_field_is_named_when_missing(self):
        for path in (("assessment_type_id",), ("application", "ashby_id"), ("job", "ashby_id"), ("job",)):
            with self.subTest(path=path):
                result = run_cli("map", "start", stdin=self.start_body_without(*path))
                self.assertFails(result, 2, ".".join(path))

    def test_a_cancel_body_without_an_assessment_id_is_refused(self):
        self.assertFails(run_cli("map", "cancel", stdin=b"{}"), 2, "assessment_id")

    def test_bodies_that_are_not_a_json_object_are_refused(self):
        cases = {
            b"": "empty",
            b'{"assessment_type_id": ': "not valid JSON",
            b'{"assessment_type_id": "\xff"}': "UTF-8",
            b"[]": "must be a JSON object",
        }
        for body, words in cases.items():
            for command in ("start", "cancel"):
                with self.subTest(body=body, command=command):
                    self.assertFails(run_cli("map", command, stdin=body), 2, words)

    def test_a_malformed_assessment_id_is_refused(self):
        result = run_cli("map", "start", "--assessment-id", "ass_1", START_FIXTURE)
        self.assertFails(result, 2, "assessment id")

    def test_a_time_outside_13_digits_is_refused_by_the_library(self):
        self.assertFails(run_cli("map", "cancel", "--now-ms", "0", CANCEL_FIXTURE), 2, "13 digits")

    def test_a_bad_catalogue_is_refused_naming_its_file(self):
        for content, words in ((b"{}", "list of packages"), (b'[{"name": "x"}]', "packages[0].id")):
            with self.subTest(content=content):
                catalogue = self.temporary_file(content)
                result = run_cli("map", "start", "--packages", catalogue, START_FIXTURE)
                self.assertFails(result, 2, str(catalogue), words)

    def test_files_that_cannot_be_read_are_named(self):
        missing = FIXTURES / "no-such-file.json"
        self.assertFails(run_cli("map", "start", missing), 2, str(missing))
        self.assertFails(run_cli("map", "start", "--packages", missing, START_FIXTURE), 2, str(missing))
        self.assertFails(run_cli("map", "cancel", FIXTURES), 2, str(FIXTURES))


if __name__ == "__main__":
    unittest.main()
