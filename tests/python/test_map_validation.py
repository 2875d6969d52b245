"""protocol §2.2 through the binding: strict on the ids that matter, lenient where Ashby is
inconsistent, and a message naming the field when a start body is refused."""

import unittest

import ashbyknit
from support import START_NOW_MS, candidate_assessment, encode, start_document, with_field

REQUIRED_TEXT = ["assessment_type_id", "candidate.ashby_id", "application.ashby_id", "job.ashby_id"]
REQUIRED_OBJECTS = ["candidate", "application", "job"]


class Refused(unittest.TestCase):
    def assert_refused(self, body: bytes, field: str):
        with self.assertRaises(ashbyknit.InvalidInput) as caught:
            ashbyknit.map_start(body, now_ms=START_NOW_MS)
        self.assertEqual(caught.exception.status, ashbyknit.Status.INVALID_INPUT)
        self.assertEqual(caught.exception.status_name, "invalid_input")
        self.assertIn(f"({field})", caught.exception.message)

    def test_required_text_missing_null_empty_or_not_text(self):
        for field in REQUIRED_TEXT:
            for label, change in [("missing", ()), ("null", (None,)), ("empty", ("",)), ("a number", (42,))]:
                with self.subTest(field=field, value=label):
                    self.assert_refused(with_field(field, *change), field)

    def test_required_objects_missing_or_not_objects(self):
        for field in REQUIRED_OBJECTS:
            for label, change in [("missing", ()), ("text", ("x",)), ("a list", ([],))]:
                with self.subTest(field=field, value=label):
                    self.assert_refused(with_field(field, *change), field)


class Accepted(unittest.TestCase):
    def test_any_application_status(self):
        for status in ["Hired", "IN_REVIEW", "Interview", "something new"]:
            with self.subTest(status=status):
                ashbyknit.map_start(with_field("application.status", status), now_ms=START_NOW_MS)

    def test_names_email_and_links_may_be_missing(self):
        document = start_document()
        document["candidate"] = {"ashby_id": "cand_1"}
        document["job"] = {"ashby_id": "job_1"}
        document["application"] = {"ashby_id": "app_1"}
        candidate = candidate_assessment(ashbyknit.map_start(encode(document), now_ms=START_NOW_MS))["candidate"]
        self.assertEqual(
            candidate,
            {
                "emails": None,
                "firstName": None,
                "id": "cand_1",
                "lastName": None,
                "links": None,
                "location": None,
                "phones": None,
            },
        )

    def test_profile_link_becomes_the_candidates_link(self):
        url = "https://app.ashbyhq.com/candidates/cand_789xyz"
        body = with_field("candidate.ashby_profile_url", url)
        record = candidate_assessment(ashbyknit.map_start(body, now_ms=START_NOW_MS))
        self.assertEqual(record["candidate"]["links"], [url])

    def test_unknown_fields_and_hiring_team_are_kept_in_origin_data(self):
        document = start_document()
        document["job"]["hiringTeam"] = [{"userId": "u1", "firstName": "Sam", "role": "Recruiter"}]
        document["additional_fields"] = {"field_1": "opt_2"}
        document["something_new"] = {"nested": [1, True, None]}
        record = candidate_assessment(ashbyknit.map_start(encode(document), now_ms=START_NOW_MS))
        self.assertEqual(record["originData"], document)

    def test_package_not_in_catalogue_keeps_only_its_id(self):
        body = with_field("assessment_type_id", "pkg_unknown")
        record = candidate_assessment(ashbyknit.map_start(body, now_ms=START_NOW_MS))
        self.assertEqual(
            record["assessmentPackage"],
            {"description": None, "id": "pkg_unknown", "metaData": None, "name": None, "type": None},
        )


if __name__ == "__main__":
    unittest.main()
