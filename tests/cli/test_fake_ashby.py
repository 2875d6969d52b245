"""fake_ashby.py itself: the tests of reports trust it to find every departure from protocol §5, so each
rule it checks, of assessment.update, assessment.addCompletedToCandidate and candidate.info, is broken
here once, and its scripted replies and candidates are read back over HTTP."""

import http.client
import json
import unittest
import urllib.parse

import fake_ashby
from cli_support import encode
from report_support import METADATA, REPORT_URL, SCORE

KEY = "ashby-key"
STATUS = {"identifier": "status", "label": "Status", "type": "string", "value": "Completed"}
PROFILE = {"identifier": "report", "label": "Report", "type": "url", "value": REPORT_URL}
COMPLETE = {"assessment_id": "ats_ass_a1b2c3d4e5f6g7h8i9j0k", "timestamp": 1_800_000_000_000,
            "assessment_status": STATUS, "assessment_profile_url": PROFILE, "assessment_result": SCORE,
            "metadata": METADATA}
ADDED = {"candidateId": "cand_1", "partnerId": "partner_1",
         "assessment": {"assessmentTypeId": "pkg_1", "assessmentId": "ext_1", "assessmentName": "Coding test",
                        "result": SCORE, "metadata": METADATA},
         "timestamp": 1_800_000_000_000}
HEADERS = {"Authorization": "Basic YXNoYnkta2V5Og==", "Content-Type": "application/json",
           "Accept": "application/json; version=1", "User-Agent": "ashbyknit/0.1.0"}


class UpdateRulesTest(unittest.TestCase):
    def test_a_complete_update_and_a_cancel_pass(self):
        self.assertEqual(fake_ashby.update_violations(COMPLETE), [])
        cancel = {"assessment_id": "ats_ass_x", "timestamp": 1, "cancelled_reason": dict(STATUS, identifier="reason")}
        self.assertEqual(fake_ashby.update_violations(cancel), [])

    def test_each_broken_rule_is_found(self):
        without = {name: {key: value for key, value in COMPLETE.items() if key != name} for name in COMPLETE}
        cases = (
            ([], "not a JSON object"),
            (without["assessment_id"], "assessment_id"),
            (dict(COMPLETE, timestamp="1"), "timestamp"),
            (dict(COMPLETE, timestamp=True), "timestamp"),
            (without["assessment_status"], "assessment_status is missing"),
            (without["assessment_profile_url"], "assessment_profile_url is missing"),
            (dict(COMPLETE, cancelled_reason=dict(STATUS, identifier="reason")), "both"),
            (dict(COMPLETE, assessment_profile_url=dict(PROFILE, type="string")), "not of type url"),
            (dict(COMPLETE, extra=1), "unknown field extra"),
            (dict(COMPLETE, metadata={}), "metadata is not an array"),
            (dict(COMPLETE, metadata=[METADATA[0], METADATA[0]]), "not unique"),
            (dict(COMPLETE, assessment_result=dict(SCORE, type="percent")), "assessment_result.type"),
            (dict(COMPLETE, assessment_result=dict(SCORE, value="87")), "assessment_result.value"),
            (dict(COMPLETE, assessment_result=dict(SCORE, value=True)), "assessment_result.value"),
            (dict(COMPLETE, assessment_result=dict(SCORE, label="")), "assessment_result.label"),
            (dict(COMPLETE, assessment_result=dict(SCORE, note="x")), "unknown field note"),
            (dict(COMPLETE, assessment_profile_url=dict(PROFILE, value="vendor.example/r")), "absolute"),
            (dict(COMPLETE, metadata=[dict(METADATA[1], value=1)]), "metadata[0].value"),
            (dict(COMPLETE, assessment_status=dict(STATUS, value="")), "assessment_status.value is empty"),
        )
        for body, words in cases:
            with self.subTest(words=words):
                violations = fake_ashby.update_violations(body)
                self.assertTrue(any(words in violation for violation in violations), violations)


def added(**assessment) -> dict:
    """ADDED with the members of its assessment that `assessment` names replaced, or left out when None."""
    merged = {name: value for name, value in dict(ADDED["assessment"], **assessment).items() if value is not None}
    return dict(ADDED, assessment=merged)


class CompletedRulesTest(unittest.TestCase):
    def test_a_complete_body_passes_with_metadata_or_none(self):
        self.assertEqual(fake_ashby.completed_violations(ADDED), [])
        self.assertEqual(fake_ashby.completed_violations(added(metadata=[])), [])

    def test_each_broken_rule_is_found(self):
        without = {name: {key: value for key, value in ADDED.items() if key != name} for name in ADDED}
        cases = (
            ([], "not a JSON object"),
            (dict(ADDED, extra=1), "unknown field extra"),
            (without["candidateId"], "candidateId is not a non-empty string"),
            (dict(ADDED, partnerId=""), "partnerId is not a non-empty string"),
            (without["timestamp"], "timestamp None"),
            (dict(ADDED, timestamp=0), "timestamp 0"),
            (dict(ADDED, timestamp=-5), "timestamp -5"),
            (dict(ADDED, timestamp=1.5), "timestamp 1.5"),
            (dict(ADDED, timestamp=True), "timestamp True"),
            (without["assessment"], "assessment is not an object"),
            (dict(ADDED, assessment=[]), "assessment is not an object"),
            (added(note="x"), "unknown field assessment.note"),
            (added(assessmentTypeId=None), "assessment.assessmentTypeId is not a non-empty string"),
            (added(assessmentId=""), "assessment.assessmentId is not a non-empty string"),
            (added(assessmentName=7), "assessment.assessmentName is not a non-empty string"),
            (added(result=None), "assessment.result is not an object"),
            (added(result=dict(SCORE, type="percent")), "assessment.result.type"),
            (added(result=dict(SCORE, value="87")), "assessment.result.value"),
            (added(result=dict(SCORE, identifier="")), "assessment.result.identifier"),
            (added(metadata=None), "assessment.metadata is missing"),
            (added(metadata={}), "assessment.metadata is not an array"),
            (added(metadata=[dict(METADATA[1], value=1)]), "assessment.metadata[0].value"),
            (added(metadata=[METADATA[0], METADATA[0]]), "not unique"),
            (added(metadata=[dict(METADATA[0], identifier=SCORE["identifier"])]), "not unique"),
        )
        for body, words in cases:
            with self.subTest(words=words):
                violations = fake_ashby.completed_violations(body)
                self.assertTrue(any(words in violation for violation in violations), violations)


class FakeServerTest(unittest.TestCase):
    def post(self, ashby: fake_ashby.FakeAshby, headers=None, path="/assessment.update", body=COMPLETE):
        address = urllib.parse.urlsplit(ashby.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            connection.request("POST", path, encode(body), HEADERS if headers is None else headers)
            response = connection.getresponse()
            body = response.read()
            return response.status, response.getheader("x-ashby-request-id"), json.loads(body) if body else None
        finally:
            connection.close()

    def test_replies_follow_the_script_then_succeed(self):
        ashby = fake_ashby.FakeAshby(self, KEY)
        ashby.answer_with(fake_ashby.failure("invalid_input", "No.", "req_1"), fake_ashby.rate_limited(2),
                          fake_ashby.empty_success())
        self.assertEqual(self.post(ashby)[:2], (200, "req_1"))
        self.assertEqual(self.post(ashby)[0], 429)
        self.assertEqual(self.post(ashby)[2], None)
        status, request_id, body = self.post(ashby)
        self.assertEqual((status, body["success"]), (200, True))
        self.assertRegex(request_id, r"^req_fake_\d+$")
        self.assertEqual(ashby.violations, [])
        self.assertEqual(len(ashby.wait_for_requests(4)), 4)

    def test_wrong_credentials_headers_and_paths_are_recorded(self):
        ashby = fake_ashby.FakeAshby(self, KEY)
        self.post(ashby, dict(HEADERS, Authorization="Basic YXNoYnkta2V5OnB3"))
        self.post(ashby, dict(HEADERS, Accept="application/json"))
        self.post(ashby, {name: value for name, value in HEADERS.items() if name != "User-Agent"})
        self.post(ashby, path="/assessment.start")
        self.assertEqual([violation.split(" ")[0] for violation in ashby.violations],
                         ["authorization", "accept", "user-agent", "path"])

    def test_each_path_has_its_own_body_rules(self):
        ashby = fake_ashby.FakeAshby(self, KEY)
        self.post(ashby, path="/assessment.addCompletedToCandidate", body=ADDED)
        self.assertEqual(ashby.violations, [])
        self.post(ashby, path="/assessment.addCompletedToCandidate", body=COMPLETE)
        self.assertIn("unknown field assessment_id", ashby.violations)
        self.post(ashby, path="/assessment.update", body=ADDED)
        self.assertIn("unknown field candidateId", ashby.violations)
        self.assertEqual([request.path for request in ashby.wait_for_requests(3)],
                         ["/assessment.addCompletedToCandidate"] * 2 + ["/assessment.update"])

    def test_candidate_info_answers_with_the_candidates_added_once_the_script_is_used_up(self):
        ashby = fake_ashby.FakeAshby(self, KEY)
        ashby.add_candidate({"id": "cand_1", "name": "Alex Chen"})
        ashby.answer_with(fake_ashby.status(403))
        self.assertEqual(self.post(ashby, path="/candidate.info", body={"id": "cand_1"})[0], 403)
        found = self.post(ashby, path="/candidate.info", body={"id": "cand_1"})
        self.assertEqual((found[0], found[2]), (200, {"success": True, "results": {"id": "cand_1", "name": "Alex Chen"}}))
        unknown = self.post(ashby, path="/candidate.info", body={"id": "cand_2"})[2]
        self.assertEqual((unknown["success"], unknown["errorInfo"]["code"]), (False, "not_found"))
        self.assertEqual(ashby.violations, [])
        self.post(ashby, path="/candidate.info", body={"candidateId": "cand_1"})
        self.assertEqual(ashby.violations, ["unknown field candidateId", "id is not a non-empty string"])


if __name__ == "__main__":
    unittest.main()
