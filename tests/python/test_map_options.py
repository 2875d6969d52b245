"""map_start's and map_cancel's keyword options: the assessment id, the clock, the catalogue."""

import json
import time
import unittest

import ashbyknit
from support import ASSESSMENT_ID, START_NOW_MS, candidate_assessment, fixture, fixture_json, map_start_fixture


class AssessmentId(unittest.TestCase):
    def test_none_mints_a_fresh_id_each_time(self):
        ids = {json.loads(map_start_fixture(now_ms=START_NOW_MS))["recordId"] for _ in range(3)}
        self.assertEqual(len(ids), 3)
        for minted in ids:
            self.assertRegex(minted, r"^ats_ass_[a-z0-9]{21}$")

    def test_given_id_is_the_record_id(self):
        event = json.loads(map_start_fixture(assessment_id=ASSESSMENT_ID, now_ms=START_NOW_MS))
        self.assertEqual(event["recordId"], ASSESSMENT_ID)
        self.assertEqual(event["eventData"]["candidateAssessment"]["id"], ASSESSMENT_ID)

    def test_malformed_id_is_an_invalid_argument(self):
        for bad in ["ass_123", "ats_ass_", "ats_ass_has space", "ats_ass_nul\0byte"]:
            with self.subTest(assessment_id=bad):
                with self.assertRaises(ashbyknit.InvalidArgument) as caught:
                    map_start_fixture(assessment_id=bad, now_ms=START_NOW_MS)
                self.assertRegex(caught.exception.message, r"(?i)assessment[ _]id")


class Clock(unittest.TestCase):
    def test_zero_reads_the_system_clock(self):
        for mapping, body in [
            (ashbyknit.map_start, fixture("ashby-assessment-start.json")),
            (ashbyknit.map_cancel, fixture("ashby-assessment-cancel.json")),
        ]:
            with self.subTest(mapping=mapping.__name__):
                before = int(time.time() * 1000)
                event = json.loads(mapping(body))
                after = int(time.time() * 1000)
                self.assertTrue(before <= event["triggeredAt"] <= after, event["triggeredAt"])
                self.assertEqual(event["syncRunId"], f"real_time_{event['triggeredAt']}")

    def test_time_outside_thirteen_digits_is_an_invalid_argument(self):
        for now_ms in [-1, 5, 10**13, 2**63 - 1, -(2**63), 2**63, -(2**64)]:
            with self.subTest(now_ms=now_ms), self.assertRaises(ashbyknit.InvalidArgument):
                ashbyknit.map_cancel(fixture("ashby-assessment-cancel.json"), now_ms=now_ms)


class Catalogue(unittest.TestCase):
    def map_with(self, packages_json):
        return map_start_fixture(now_ms=START_NOW_MS, packages_json=packages_json)

    def package_with(self, packages_json):
        return candidate_assessment(self.map_with(packages_json))["assessmentPackage"]

    def test_catalogue_may_be_str_or_bytes(self):
        expected = fixture_json("knit-record-new.example.json")["eventData"]["candidateAssessment"]["assessmentPackage"]
        self.assertEqual(self.package_with(fixture("packages.json")), expected)
        self.assertEqual(self.package_with(fixture("packages.json").decode()), expected)

    def test_empty_catalogue_knows_no_package(self):
        self.assertEqual(
            self.package_with("[]"),
            {"description": None, "id": "pkg_456", "metaData": None, "name": None, "type": None},
        )

    def test_malformed_catalogue_is_an_invalid_argument_naming_the_entry(self):
        cases = {
            "{}": "catalogue",
            "[": "catalogue",
            '[{"id": "p1", "name": "One"}, {"name": "Two"}]': "packages[1].id",
            '[{"id": "p1", "name": "One"}, {"id": "p1", "name": "Again"}]': "packages[1].id",
            '[{"id": "p1"}]': "packages[0].name",
        }
        for packages_json, named in cases.items():
            with self.subTest(packages_json=packages_json):
                with self.assertRaises(ashbyknit.InvalidArgument) as caught:
                    self.map_with(packages_json)
                self.assertIn(named, caught.exception.message)


class Arguments(unittest.TestCase):
    def test_bodies_may_be_str_bytearray_or_memoryview(self):
        body = fixture("ashby-assessment-start.json")
        records = [
            candidate_assessment(ashbyknit.map_start(form, assessment_id=ASSESSMENT_ID, now_ms=START_NOW_MS))
            for form in (body.decode(), bytearray(body), memoryview(body))
        ]
        expected = candidate_assessment(ashbyknit.map_start(body, assessment_id=ASSESSMENT_ID, now_ms=START_NOW_MS))
        self.assertEqual(records, [expected] * 3)

    def test_other_types_are_a_type_error(self):
        with self.assertRaises(TypeError):
            ashbyknit.map_start({"assessment_type_id": "pkg_456"})

    def test_options_are_keyword_only(self):
        with self.assertRaises(TypeError):
            ashbyknit.map_start(fixture("ashby-assessment-start.json"), ASSESSMENT_ID)


if __name__ == "__main__":
    unittest.main()
