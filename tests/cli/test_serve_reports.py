"""`ashbyknit serve` and Ashby's side of reports: the admin API that takes the vendor's reports,
its authentication apart from Ashby's, and the delivery of each report to a fake of Ashby's API
(fake_ashby.py) with the integration's Ashby API key, its retries and dead letters; and the
candidate.info call made with that key for an integration that enriches candidates."""

import base64
import json
import time
import unittest

import fake_ashby
from admin_support import ADMIN_TOKEN, FAST_RETRIES, ServeReportsTestCase
from cli_support import encode, run_cli, start_body
from report_support import ADDED_EVENT, ADDED_ID, ASHBY_KEY, METADATA, REPORT_URL, SCORE, added_body
from serve_support import START, serve_environment
from service_support import WAIT_SECONDS

class ReportDeliveryTest(ServeReportsTestCase):
    def test_started_progress_and_completed_reach_ashby_in_order(self):
        server = self.serve_reports()
        assessment_id = self.start(server)
        receipts = [
            self.report(server, "started", assessment_id, profileUrl=REPORT_URL),
            self.report(server, "progress", assessment_id, status="In progress", metadata=METADATA),
            self.report(server, "completed", assessment_id, result=SCORE, profileUrl=REPORT_URL, metadata=METADATA),
        ]
        received = self.ashby.wait_for_requests(3)
        self.assertNoViolations()
        bodies = [request.body for request in received]
        self.assertEqual([body["assessment_id"] for body in bodies], [assessment_id] * 3)
        self.assertEqual([body["assessment_status"]["value"] for body in bodies],
                         ["Started", "In progress", "Completed"])
        self.assertEqual(bodies[2]["assessment_result"], SCORE)
        self.assertEqual(bodies[2]["assessment_profile_url"]["value"], REPORT_URL)
        self.assertEqual(bodies[1]["metadata"], METADATA)
        timestamps = [body["timestamp"] for body in bodies]
        self.assertEqual(timestamps, [receipt["timestamp"] for receipt in receipts])
        self.assertTrue(timestamps[0] < timestamps[1] < timestamps[2], timestamps)

        for receipt, request in zip(receipts, received):
            entry = self.wait_for_update(receipt["updateId"], "delivered")
            self.assertEqual((entry["eventType"], entry["assessmentId"]), ("assessment.update", assessment_id))
            (attempt,) = self.history(receipt["updateId"])
            self.assertEqual((attempt["httpStatus"], attempt["requestId"]), (200, request.request_id))
        self.assertEqual(self.assessment_status(assessment_id), "completed")

    def test_an_empty_success_and_a_slow_one_are_delivered(self):
        self.ashby.answer_with(fake_ashby.empty_success(), fake_ashby.slow(300))
        server = self.serve_reports()
        assessment_id = self.start(server)
        first = self.report(server, "started", assessment_id)
        second = self.report(server, "cancelled", assessment_id, reason="The role was filled.")
        self.assertEqual(self.ashby.wait_for_requests(2)[1].body["cancelled_reason"]["value"], "The role was filled.")
        self.assertNoViolations()
        for receipt in (first, second):
            self.wait_for_update(receipt["updateId"], "delivered")
        self.assertEqual(self.assessment_status(assessment_id), "cancelled")

    def test_a_401_dead_letters_the_update_with_a_message_about_the_key(self):
        self.ashby.answer_with(fake_ashby.status(401))
        server = self.serve_reports()
        update_id = self.report(server, "started", self.start(server))["updateId"]
        entry = self.wait_for_update(update_id, "dead_lettered")
        self.assertIn("key", entry["lastError"].lower())
        self.assertEqual(len(self.ashby.wait_for_requests(1)), 1)
        self.assertEqual([attempt["httpStatus"] for attempt in self.history(update_id)], [401])

    def test_a_429_delays_the_next_attempt_by_its_retry_after(self):
        self.ashby.answer_with(fake_ashby.rate_limited(1))
        server = self.serve_reports()
        update_id = self.report(server, "started", self.start(server))["updateId"]
        self.wait_for_update(update_id, "delivered")
        first, second = self.history(update_id)
        self.assertEqual((first["httpStatus"], second["httpStatus"]), (429, 200))
        self.assertGreaterEqual(second["startedMs"] - first["startedMs"], 950)
        received = self.ashby.wait_for_requests(2)
        self.assertGreaterEqual(received[1].received - received[0].received, 0.95)

    def test_a_429_holds_back_the_integrations_other_updates(self):
        self.check_rate_limit_scope("integration", globex_waits=False)

    def test_a_partner_wide_429_holds_back_every_integrations_updates(self):
        self.check_rate_limit_scope("integration-partner", globex_waits=True)

    def check_rate_limit_scope(self, scope: str, globex_waits: bool):
        """acme's first update gets a 429 with `scope` and Retry-After 30 s; then acme's second
        update must wait for its end, unattempted, and globex's too when `globex_waits`, else it
        goes at once."""
        self.create_integration("globex")
        globex_key = self.issue_key("globex")
        self.set_ashby_key("globex")
        self.ashby.answer_with(fake_ashby.rate_limited(30, scope))
        server = self.serve_reports()
        limited = self.report(server, "started", self.start(server))["updateId"]
        self.ashby.wait_for_requests(1)
        limited_at = self.first_attempt(limited)["startedMs"]
        _, reply = self.call(server, "assessment.start", start_body("app_other"))
        acme_second = self.report(server, "started", reply["results"]["assessment_id"])["updateId"]
        _, reply = self.call(server, "assessment.start", START, key=globex_key)
        status, _, receipt = self.admin(server, "reports/started", {"integrationId": "globex",
                                                                    "assessmentId": reply["results"]["assessment_id"]})
        self.assertEqual(status, 202, receipt)
        held = [acme_second] + ([receipt["updateId"]] if globex_waits else [])
        if not globex_waits:
            self.wait_for_update(receipt["updateId"], "delivered")
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            entries = {event["eventId"]: event for event in self.store_json("events", "list")}
            waiting = [entries[update_id] for update_id in held]
            if all(entry["nextAttemptMs"] >= limited_at + 29_000 for entry in waiting) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        for entry in waiting:
            self.assertEqual((entry["state"], entry["attempts"]), ("pending", 0), entry)
            self.assertGreaterEqual(entry["nextAttemptMs"], limited_at + 29_000, entry)
        self.assertEqual(len(self.ashby.received), 1 if globex_waits else 2)
        self.assertNoViolations()

    def test_a_final_refusal_dead_letters_and_keeps_ashbys_message_and_request_id(self):
        self.ashby.answer_with(fake_ashby.failure("assessment_not_found", "No such assessment here.", "req_gone_1"))
        server = self.serve_reports()
        update_id = self.report(server, "started", self.start(server))["updateId"]
        entry = self.wait_for_update(update_id, "dead_lettered")
        self.assertIn("No such assessment here.", entry["lastError"])
        (attempt,) = self.history(update_id)
        self.assertEqual(attempt["requestId"], "req_gone_1")

    def test_an_added_completed_assessment_reaches_ashby_as_queued_even_after_a_500(self):
        self.ashby.answer_with(fake_ashby.status(500))
        server = self.serve_reports()
        status, _, receipt = self.admin(server, "reports/add-completed",
                                        {"integrationId": "acme", "completed": added_body()})
        self.assertEqual(status, 202, receipt)
        entry = self.wait_for_update(receipt["updateId"], "delivered")
        self.assertEqual((entry["eventType"], entry["assessmentId"]), (ADDED_EVENT, ADDED_ID))
        self.assertEqual([attempt["httpStatus"] for attempt in self.history(receipt["updateId"])], [500, 200])
        received = self.ashby.wait_for_requests(2)
        self.assertNoViolations()
        expected = dict(added_body(), timestamp=receipt["timestamp"])
        for request in received:
            self.assertEqual(request.path, "/assessment.addCompletedToCandidate")
            self.assertEqual(encode(request.body), encode(expected))  # the same members, in the same order
            self.assertEqual(request.headers["authorization"],
                             "Basic " + base64.b64encode((ASHBY_KEY + ":").encode()).decode())
            self.assertEqual((request.headers["content-type"], request.headers["accept"]),
                             ("application/json", "application/json; version=1"))
            self.assertRegex(request.headers["user-agent"], r"^ashbyknit/\d+\.\d+\.\d+")
        self.assertEqual([request.status for request in received], [500, 200])
        self.assertEqual(self.assessment_status(ADDED_ID), "completed")

    def test_a_500_is_retried_until_ashby_takes_the_update(self):
        self.ashby.answer_with(fake_ashby.status(500), fake_ashby.status(503))
        server = self.serve_reports()
        update_id = self.report(server, "started", self.start(server))["updateId"]
        self.wait_for_update(update_id, "delivered")
        self.assertEqual([attempt["httpStatus"] for attempt in self.history(update_id)], [500, 503, 200])
        self.assertEqual([request.status for request in self.ashby.wait_for_requests(3)], [500, 503, 200])
        self.assertNoViolations()

    def test_initial_update_answers_the_start_with_an_update_request(self):
        server = self.serve_reports("--initial-update")
        status, reply = self.call(server, "assessment.start", START)
        self.assertEqual(status, 200, reply)
        results = reply["results"]
        update = results["update_request"]
        self.assertEqual(update["assessment_id"], results["assessment_id"])
        self.assertEqual(update["assessment_status"]["value"], "Started")
        self.assertEqual(fake_ashby.update_violations(update), [])
        self.assertEqual(self.assessment_status(results["assessment_id"]), "started")

    def test_initial_update_may_come_from_the_environment(self):
        server = self.serve_reports(env={"AK_INITIAL_UPDATE": "1"})
        self.assertIn("update_request", self.call(server, "assessment.start", START)[1]["results"])


class AdminApiTest(ServeReportsTestCase):
    def setUp(self):
        super().setUp()
        self.server = self.serve_reports()
        self.assessment_id = self.start(self.server)

    def test_authentication_is_apart_from_ashbys(self):
        route = "reports/started"
        document = {"integrationId": "acme", "assessmentId": self.assessment_id}
        basic = "Basic " + base64.b64encode((self.key + ":").encode()).decode()
        cases = (
            ("", 401, "unauthenticated"),
            (basic, 401, "unauthenticated"),
            ("Bearer", 401, "unauthenticated"),
            ("Bearer " + ADMIN_TOKEN[:-1], 403, "unauthenticated"),
            ("Bearer " + self.key, 403, "unauthenticated"),
        )
        for authorization, status, code in cases:
            with self.subTest(authorization=authorization):
                answered, headers, reply = self.admin(self.server, route, document, authorization=authorization)
                self.assertEqual((answered, reply["error"]["code"]), (status, code))
                if status == 401:
                    self.assertEqual(headers["www-authenticate"], "Bearer")
        self.assertEqual(self.admin(self.server, route, document, authorization="bearer " + ADMIN_TOKEN)[0], 202)
        # The admin token opens nothing on Ashby's paths.
        status, _, reply = self.server.request("POST", "/ashby/assessment.list", b"{}",
                                               {"Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual((status, json.loads(reply)["errorInfo"]["code"]), (401, "unauthorized"))

    def test_request_errors_are_400_naming_the_field(self):
        cases = (
            (b"{", "malformed_json", "JSON"),
            (b"[]", "invalid_input", "object"),
            ({"assessmentId": self.assessment_id}, "invalid_input", '"integrationId"'),
            ({"integrationId": "acme"}, "invalid_input", '"assessmentId"'),
            ({"integrationId": 7, "assessmentId": self.assessment_id}, "invalid_input", '"integrationId"'),
            ({"integrationId": "acme", "assessmentId": self.assessment_id, "profileUrl": 3}, "invalid_input",
             '"profileUrl"'),
            ({"integrationId": "acme", "assessmentId": self.assessment_id, "profileURL": REPORT_URL},
             "invalid_input", '"profileURL"'),
        )
        for document, code, word in cases:
            with self.subTest(document=document):
                self.refused(self.server, "reports/started", document, 400, code, word)
        self.refused(self.server, "reports/completed", {"integrationId": "acme", "assessmentId": self.assessment_id,
                                                        "result": [SCORE], "profileUrl": REPORT_URL},
                     400, "invalid_input", '"result"')
        self.refused(self.server, "reports/progress", {"integrationId": "acme", "assessmentId": self.assessment_id,
                                                       "status": "x", "metadata": SCORE}, 400, "invalid_input",
                     '"metadata"')
        self.refused(self.server, "reports/update", {"integrationId": "acme"}, 400, "invalid_input", '"update"')
        for completed in (None, [added_body()], "{}"):
            with self.subTest(completed=completed):
                document = {"integrationId": "acme"} if completed is None else {"integrationId": "acme",
                                                                                "completed": completed}
                self.refused(self.server, "reports/add-completed", document, 400, "invalid_input", '"completed"')
        self.refused(self.server, "reports/add-completed", {"integrationId": "acme", "completed": added_body(),
                                                            "update": {}}, 400, "invalid_input", '"update"')

    def test_reports_the_reporter_refuses_answer_with_its_code(self):
        base = {"integrationId": "acme", "assessmentId": self.assessment_id}
        bad_score = dict(SCORE, type="percentage")
        self.refused(self.server, "reports/completed", dict(base, result=bad_score, profileUrl=REPORT_URL), 422,
                     "invalid_input", "result.type")
        self.refused(self.server, "reports/progress", dict(base, status="x", metadata=[METADATA[0], METADATA[0]]),
                     422, "invalid_input", "duration")
        self.refused(self.server, "reports/update",
                     {"integrationId": "acme", "update": {"assessment_id": self.assessment_id, "timestamp": 1}},
                     422, "invalid_input", "assessment_status")
        self.refused(self.server, "reports/started", dict(base, assessmentId="ats_ass_a1b2c3d4e5f6g7h8i9j0k"), 404,
                     "not_found")
        self.refused(self.server, "reports/started", dict(base, integrationId="initech"), 404, "not_found")
        self.report(self.server, "cancelled", self.assessment_id, reason="The role was filled.")
        self.refused(self.server, "reports/started", base, 409, "conflict", "cancelled")

        def add(completed: dict, integration: str = "acme"):
            return {"integrationId": integration, "completed": completed}
        self.refused(self.server, "reports/add-completed", add(added_body(result=dict(SCORE, value="87"))), 422,
                     "invalid_input", "assessment.result.value")
        self.refused(self.server, "reports/add-completed", add(added_body(), "initech"), 404, "not_found", "initech")
        self.refused(self.server, "reports/add-completed", add(added_body(self.assessment_id)), 409, "conflict",
                     self.assessment_id)
        self.assertEqual(self.admin(self.server, "reports/add-completed", add(added_body()))[0], 202)
        self.refused(self.server, "reports/add-completed", add(added_body()), 409, "conflict", ADDED_ID, "taken")
        self.refused(self.server, "reports/started", dict(base, assessmentId=ADDED_ID), 409, "conflict", "completed")

    def test_an_integration_without_an_ashby_key_is_a_422(self):
        self.create_integration("globex")
        globex_key = self.issue_key("globex")
        _, reply = self.call(self.server, "assessment.start", START, key=globex_key)
        globex_assessment = reply["results"]["assessment_id"]
        self.refused(self.server, "reports/started", {"integrationId": "globex", "assessmentId": globex_assessment},
                     422, "invalid_argument", "Ashby API key")

    def test_routes_methods_and_sizes(self):
        document = {"integrationId": "acme", "assessmentId": self.assessment_id}
        self.refused(self.server, "reports/finished", document, 404, "not_found", "/admin/reports/")
        self.refused(self.server, "elsewhere", document, 404, "not_found")
        status, headers, reply = self.admin(self.server, "reports/started", document, method="PUT")
        self.assertEqual((status, headers["allow"], reply["error"]["code"]), (405, "POST", "invalid_argument"))
        status, _, reply = self.admin(self.server, "reports/started", b" " * (1024 * 1024 + 1))
        self.assertEqual((status, reply["error"]["code"]), (413, "too_large"))

    def test_each_admin_request_is_one_log_line_without_the_token_or_the_body(self):
        self.report(self.server, "progress", self.assessment_id, status="Secret progress text", metadata=METADATA)
        self.admin(self.server, "reports/started", {}, token="wrong-token")
        secret_name = added_body(assessmentName="Secret assessment name")
        self.assertEqual(self.admin(self.server, "reports/add-completed",
                                    {"integrationId": "acme", "completed": secret_name})[0], 202)
        self.assertEqual(self.server.stop(), 0)
        log = self.server.stderr.text()
        time_pattern = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
        self.assertRegex(log, rf"(?m)^{time_pattern} POST report\.progress integration=acme 202 \d+ms "
                              rf"assessment={self.assessment_id}$")
        self.assertRegex(log, rf"(?m)^{time_pattern} POST report\.started integration=- 403 \d+ms$")
        self.assertRegex(log, rf"(?m)^{time_pattern} POST report\.addCompleted integration=acme 202 \d+ms "
                              rf"assessment={ADDED_ID}$")
        self.assertRegex(log, r"listening on 127\.0\.0\.1:\d+, serving Ashby's calls under /ashby/ and the admin "
                              r"API under /admin/")
        for secret in (ADMIN_TOKEN, "wrong-token", "Secret progress text", "Secret assessment name", ASHBY_KEY):
            self.assertNotIn(secret, log)


class AdminSettingsTest(ServeReportsTestCase):
    def serve_fails(self, *arguments, env=None) -> str:
        """Runs serve, which must exit 2 before serving with one line on stderr; returns it."""
        return self.assertFails(run_cli("serve", *self.flags(), *arguments, env=serve_environment(**(env or {}))), 2)

    def test_a_prefix_may_be_chosen_and_every_setting_may_come_from_the_environment(self):
        env = {"AK_ASHBY_API_URL": self.ashby.url, "AK_MASTER_KEY": self.master_key_file.read_text().strip(),
               "AK_ADMIN_TOKEN_FILE": str(self.admin_token_file), "AK_ADMIN_PREFIX": "/vendor/"}
        server = self.serve(*FAST_RETRIES, env=env)
        assessment_id = self.start(server)
        status, _, reply = server.request("POST", "/vendor/reports/started",
                                          encode({"integrationId": "acme", "assessmentId": assessment_id}),
                                          {"Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual(status, 202, reply)
        self.assertEqual(self.ashby.wait_for_requests(1)[0].body["assessment_id"], assessment_id)
        self.assertNoViolations()

    def test_without_a_token_file_there_is_no_admin_api(self):
        server = self.serve()
        status, _, reply = server.request("POST", "/admin/reports/started", b"{}",
                                          {"Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual((status, json.loads(reply)["errorInfo"]["code"]), (404, "not_found"))

    def test_bad_settings_exit_2_with_one_line_naming_them(self):
        token = ("--admin-token-file", self.admin_token_file)
        short_token = self.file_holding(b"x" * 31 + b"\n")
        spaced_token = self.file_holding(b"x" * 20 + b" " + b"x" * 20)
        cases = (
            ([*token, "--admin-prefix", "/ashby/admin/"], {}, "overlap", "/ashby/admin/", "/ashby/"),
            ([*token, "--admin-prefix", "/"], {}, "overlap"),
            ([*token, "--admin-prefix", "admin/"], {}, "--admin-prefix must be a path that starts and ends with '/'"),
            ([*token], {"AK_ADMIN_PREFIX": "/admin"}, "AK_ADMIN_PREFIX must be a path", "'/admin'"),
            (["--admin-prefix", "/vendor/"], {}, "--admin-prefix needs --admin-token-file"),
            (["--admin-token-file", short_token], {}, "at least 32 characters", str(short_token)),
            (["--admin-token-file", spaced_token], {}, "visible ASCII"),
            (["--admin-token-file", self.directory / "none"], {}, "cannot open"),
            (["--master-key-file", short_token], {}, "master key", str(short_token)),
            ([], {"AK_MASTER_KEY": "not hex"}, "master key", "AK_MASTER_KEY"),
            ([], {"AK_INITIAL_UPDATE": "yes"}, "AK_INITIAL_UPDATE must be 1 or 0", "'yes'"),
            (["--ashby-api-url", "ftp://api.example.com/"], {}, "URL"),
        )
        for arguments, env, *words in cases:
            with self.subTest(arguments=arguments, env=env):
                line = self.serve_fails(*arguments, env=env)
                for word in words:
                    self.assertIn(word, line)
                self.assertNotIn("x" * 31, line)

    def test_a_base_url_inside_the_admin_prefix_is_refused(self):
        line = self.assertFails(run_cli("serve", *self.flags(base_url="https://hooks.example.com/admin/ashby/"),
                                        "--admin-token-file", self.admin_token_file, env=serve_environment()), 2)
        self.assertIn("overlap", line)


class CandidateEnrichmentTest(ServeReportsTestCase):
    def test_an_enriching_integrations_event_waits_for_candidate_info_at_most_the_timeout(self):
        self.assertEqual(self.store_json("integration", "set-enrichment", "--id", "acme", "on"),
                         {"id": "acme", "enrichCandidates": True})
        self.ashby.answer_with(fake_ashby.slow(60_000))
        server = self.serve_reports("--enrichment-timeout-ms", "300")
        self.start(server)
        asked = self.ashby.wait_for_requests(1)[0]
        self.assertEqual((asked.path, asked.body), ("/candidate.info", {"id": "cand_789xyz"}))
        self.assertNoViolations()
        # The event goes (to the closed webhook) once the time-out ends, long before Ashby's answer.
        (event,) = self.store_json("events", "list")
        self.assertLess(self.first_attempt(event["eventId"])["startedMs"], asked.received * 1000 + 60_000)


if __name__ == "__main__":
    unittest.main()
