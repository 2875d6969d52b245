"""`ashbyknit call`: Ashby's calls played through the bridge on a store file, and
`ashbyknit assessments list`, which shows what they started."""

import time
import unittest

from cli_support import CANCEL_FIXTURE, START_FIXTURE, encode, fixture_json, run_cli, start_body
from store_support import BASE_URL, StoreTestCase

ASSESSMENT_ID_PATTERN = r"^ats_ass_[a-z0-9]{21}$"


class CallTestCase(StoreTestCase):
    def setUp(self):
        super().setUp()
        self.create_integration("acme")
        self.key = self.issue_key("acme")

    def start(self, *body_file, stdin: bytes = b"", key=None) -> str:
        """Starts an assessment, which must succeed; returns its id."""
        reply = self.call_succeeds(key or self.key, "assessment.start", *body_file, stdin=stdin)
        self.assertEqual(list(reply["results"]), ["assessment_id"])
        return reply["results"]["assessment_id"]

    def cancel_body(self, assessment_id: str) -> str:
        return self.file_holding(encode({"assessment_id": assessment_id}))


class CallTest(CallTestCase):
    def test_start_answers_a_new_assessment_id(self):
        self.assertRegex(self.start(START_FIXTURE), ASSESSMENT_ID_PATTERN)

    def test_a_retried_start_answers_the_same_id_and_another_application_a_new_one(self):
        first = self.start(START_FIXTURE)
        self.assertEqual(self.start(stdin=START_FIXTURE.read_bytes()), first)
        self.assertEqual(self.start("-", stdin=START_FIXTURE.read_bytes()), first)
        self.assertNotEqual(self.start(stdin=start_body("app_other")), first)

    def test_cancel_answers_the_id_and_a_second_cancel_succeeds_too(self):
        assessment_id = self.start(START_FIXTURE)
        for _ in range(2):
            reply = self.call_succeeds(self.key, "assessment.cancel", self.cancel_body(assessment_id))
            self.assertEqual(reply["results"], {"assessment_id": assessment_id})

    def test_a_start_after_a_cancel_is_a_new_assessment(self):
        first = self.start(START_FIXTURE)
        self.call_succeeds(self.key, "assessment.cancel", self.cancel_body(first))
        self.assertNotEqual(self.start(START_FIXTURE), first)

    def test_a_cancel_of_an_unknown_id_is_a_200_without_success(self):
        reply = self.call_refused(self.key, "assessment.cancel", CANCEL_FIXTURE, status=200)
        self.assertEqual(reply["errorInfo"]["code"], "assessment_not_found")

    def test_another_integrations_key_cannot_cancel(self):
        assessment_id = self.start(START_FIXTURE)
        self.create_integration("globex")
        reply = self.call_refused(self.issue_key("globex"), "assessment.cancel", self.cancel_body(assessment_id),
                                  status=200)
        self.assertEqual(reply["errors"], ["assessment_not_found"])
        self.assertEqual(self.store_json("assessments", "list")[0]["status"], "active")

    def test_a_start_body_that_fails_validation_is_a_422_with_the_recruiters_message(self):
        body = fixture_json(START_FIXTURE)
        del body["candidate"]["ashby_id"]
        reply = self.call_refused(self.key, "assessment.start", stdin=encode(body), status=422)
        self.assertEqual(list(reply), ["message"])
        self.assertIn("candidate.ashby_id", reply["message"])

    def test_a_body_that_is_not_json_is_a_400(self):
        reply = self.call_refused(self.key, "assessment.start", stdin=b"{", status=400)
        self.assertEqual(reply["errors"], ["invalid_input"])

    def test_the_list_calls_send_an_empty_object_without_reading_standard_input(self):
        for operation, member in (("assessment.list", "results"), ("assessment.customField.list", "fields")):
            with self.subTest(operation=operation):
                self.assertEqual(self.call_succeeds(self.key, operation, stdin=b"not JSON")[member], [])

    def test_a_list_call_reads_a_body_file_when_one_is_given(self):
        self.call_refused(self.key, "assessment.list", self.file_holding(b"[]"), status=400)

    def test_an_unknown_operation_is_a_404(self):
        reply = self.call_refused(self.key, "assessment.update", stdin=b"{}", status=404)
        self.assertEqual(reply["errors"], ["unknown_operation"])

    def test_a_key_that_is_not_active_is_a_403(self):
        wrong_key = self.key[:-1] + ("A" if self.key[-1] != "A" else "B")
        for key in (wrong_key, "not a key at all"):
            with self.subTest(key=key):
                reply = self.call_refused(key, "assessment.list", status=403)
                self.assertEqual(reply["errorInfo"]["code"], "forbidden")

    def test_any_base_url_routes_the_call_under_its_own_path(self):
        # The key names the integration; the base URL only shapes the path, with or without its '/'.
        key_file = self.file_holding(self.key.encode())
        for base_url in ("https://hooks.example.com", "https://hooks.example.com/ashby", "http://localhost:8080/a/b/"):
            with self.subTest(base_url=base_url):
                result = run_cli("call", "--db", self.db, "--base-url", base_url, "--secret-key-file", key_file,
                                 "assessment.list")
                self.assertEqual(self.assertSucceeds(result), b'{"success":true,"results":[]}\n')


class CallFailureTest(CallTestCase):
    def call_arguments(self, *arguments):
        return run_cli("call", *arguments, stdin=b"{}")

    def test_usage_errors_exit_2(self):
        key_file = self.file_holding(self.key.encode())
        empty_key_file = self.file_holding(b"\n")
        missing = self.directory / "missing.key"
        common = ["--db", self.db, "--base-url", BASE_URL]
        cases = (
            ([*common, "--secret-key-file", key_file], "needs an OPERATION"),
            ([*common, "assessment.list"], "--secret-key-file is required"),
            (["--base-url", BASE_URL, "--secret-key-file", key_file, "assessment.list"], "--db FILE is required"),
            (["--db", self.db, "--secret-key-file", key_file, "assessment.list"], "--base-url is required"),
            ([*common, "--secret-key-file", empty_key_file, "assessment.list"], "secret key", "is empty"),
            ([*common, "--secret-key-file", missing, "assessment.list"], str(missing)),
            ([*common, "--secret-key-file", key_file, "assessment.start", missing], str(missing)),
            ([*common, "--secret-key-file", key_file, "assessment.start", START_FIXTURE, START_FIXTURE],
             "unexpected argument"),
            (["--db", self.db, "--base-url", "ftp://x.example/", "--secret-key-file", key_file, "assessment.list"],
             "base URL"),
        )
        for arguments, *words in cases:
            with self.subTest(arguments=arguments):
                self.assertFails(self.call_arguments(*arguments), 2, *words)

    def test_the_signing_key_variable_is_not_a_secret_key(self):
        result = run_cli("call", "--db", self.db, "--base-url", BASE_URL, "assessment.list",
                         env={"AK_SIGNING_KEY": self.key})
        self.assertFails(result, 2, "--secret-key-file is required")


class AssessmentsListTest(CallTestCase):
    def test_no_assessments_in_a_new_store(self):
        self.assertEqual(self.store_json("assessments", "list"), [])
        self.assertEqual(self.store_json("assessments", "list", "--integration", "acme"), [])

    def test_assessments_are_listed_newest_first_with_their_status(self):
        before = int(time.time() * 1000)
        first = self.start(START_FIXTURE)
        second = self.start(stdin=start_body("app_other"))
        self.call_succeeds(self.key, "assessment.cancel", self.cancel_body(first))
        after = int(time.time() * 1000)
        listed = self.store_json("assessments", "list")
        self.assertEqual([(a["id"], a["applicationId"], a["status"]) for a in listed],
                         [(second, "app_other", "active"), (first, "app_123abc", "cancelled")])
        self.assertEqual(list(listed[0]), ["id", "integrationId", "applicationId", "assessmentTypeId", "status",
                                           "createdMs", "updatedMs"])
        for assessment in listed:
            self.assertEqual((assessment["integrationId"], assessment["assessmentTypeId"]), ("acme", "pkg_456"))
            self.assertTrue(before <= assessment["createdMs"] <= assessment["updatedMs"] <= after, assessment)

    def test_integration_narrows_the_list_to_one_integrations_assessments(self):
        acme_id = self.start(START_FIXTURE)
        self.create_integration("globex")
        globex_id = self.start(START_FIXTURE, key=self.issue_key("globex"))
        self.assertEqual({a["id"] for a in self.store_json("assessments", "list")}, {acme_id, globex_id})
        for integration, assessment_id in (("acme", acme_id), ("globex", globex_id)):
            with self.subTest(integration=integration):
                listed = self.store_json("assessments", "list", "--integration", integration)
                self.assertEqual([a["id"] for a in listed], [assessment_id])

    def test_an_unknown_integration_is_refused_rather_than_listed_as_empty(self):
        self.start(START_FIXTURE)
        self.assertFails(self.run_store("assessments", "list", "--integration", "acm"), 2,
                         "There is no integration acm")


if __name__ == "__main__":
    unittest.main()
