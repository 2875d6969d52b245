"""`ashbyknit serve`: Ashby's calls over HTTP through the bridge on a store file, the health
check, the log, the settings from flags or the environment, the error exits, the stop on a
signal, and delivery to `ashbyknit receive` end to end."""

import base64
import json
import signal
import socket
import unittest

from cli_support import PACKAGES_FIXTURE, START_FIXTURE, encode, fixture_json, run_cli
from serve_support import ServeTestCase, serve_environment
from store_support import BASE_URL, SIGNING_KEY
from service_support import ServiceProcess, port_in_use

CANDIDATE = fixture_json(START_FIXTURE)["candidate"]


class ServeCallsTest(ServeTestCase):
    def test_list_start_and_cancel_answer_as_the_bridge_does(self):
        server = self.serve()
        self.assertEqual(self.call(server, "assessment.list"), (200, {"success": True, "results": []}))
        assessment_id = self.start(server)
        self.assertRegex(assessment_id, r"^ats_ass_[a-z0-9]{21}$")
        self.assertEqual(self.start(server), assessment_id)  # Ashby retrying
        cancel = encode({"assessment_id": assessment_id})
        self.assertEqual(self.call(server, "assessment.cancel", cancel),
                         (200, {"success": True, "results": {"assessment_id": assessment_id}}))
        self.assertEqual(self.store_json("assessments", "list")[0]["status"], "cancelled")

    def test_the_bridges_refusals_pass_through_with_their_status_and_headers(self):
        server = self.serve()
        status, headers, body = server.request("POST", "/ashby/assessment.list", b"{}")
        self.assertEqual((status, json.loads(body)["errorInfo"]["code"]), (401, "unauthorized"))
        self.assertEqual(self.call(server, "assessment.list", key="aksk_not_a_key")[0], 403)
        status, reply = self.call(server, "assessment.start", b"{")
        self.assertEqual((status, reply["errors"]), (400, ["invalid_input"]))
        status, headers, _ = server.request("GET", "/ashby/assessment.list")
        self.assertEqual((status, headers["allow"]), (405, "POST"))

    def test_packages_is_the_catalogue_while_the_store_holds_none(self):
        server = self.serve("--packages", PACKAGES_FIXTURE)
        status, reply = self.call(server, "assessment.list")
        self.assertEqual(status, 200)
        self.assertEqual([package["assessment_type_id"] for package in reply["results"]],
                         [package["id"] for package in fixture_json(PACKAGES_FIXTURE)])

    def test_a_body_over_the_size_limit_is_a_413_with_the_envelope_before_the_bridge_reads_it(self):
        server = self.serve()
        for path in ("/ashby/assessment.start", "/elsewhere"):
            with self.subTest(path=path):
                status, headers, body = server.request("POST", path, b" " * (1024 * 1024 + 1))
                self.assertEqual(status, 413)
                self.assertEqual(headers["content-type"], "application/json")
                self.assertEqual(json.loads(body), {
                    "success": False, "errors": ["payload_too_large"],
                    "errorInfo": {"code": "payload_too_large", "message": "The body is over the limit of 1048576 bytes."}})
        server.stderr.wait_for(r" POST assessment\.start integration=- 413 \d+ms$")

    def test_paths_outside_the_base_path_are_a_404(self):
        server = self.serve()
        for method, path in (("GET", "/"), ("POST", "/assessment.list"), ("POST", "/other/assessment.list"),
                             ("GET", "/healthz/more"), ("POST", "/ashby")):
            with self.subTest(method=method, path=path):
                status, headers, body = server.request(method, path, b"{}")
                self.assertEqual(status, 404)
                self.assertEqual(headers["content-type"], "application/json")
                self.assertEqual(json.loads(body)["errorInfo"]["code"], "not_found")

    def test_healthz_counts_the_events_waiting(self):
        server = self.serve()
        self.assertEqual(self.health(server), (200, {"store": "ok", "worker": "running", "pending": 0,
                                                     "deadLettered": 0}))
        self.start(server)  # the webhook refuses: the event stays pending
        self.assertEqual(self.health(server), (200, {"store": "ok", "worker": "running", "pending": 1,
                                                     "deadLettered": 0}))

    def test_each_request_is_one_log_line_without_secrets_names_or_bodies(self):
        server = self.serve()
        self.call(server, "assessment.list")
        assessment_id = self.start(server)
        self.call(server, "assessment.cancel", encode({"assessment_id": assessment_id}))
        self.health(server)
        self.assertEqual(server.stop(), 0)
        log = server.stderr.text()
        time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
        self.assertRegex(log, rf"(?m)^{time} POST assessment\.list integration=acme 200 \d+ms$")
        self.assertRegex(log, rf"(?m)^{time} POST assessment\.start integration=acme 200 \d+ms assessment={assessment_id}$")
        self.assertRegex(log, rf"(?m)^{time} POST assessment\.cancel integration=acme 200 \d+ms assessment={assessment_id}$")
        self.assertRegex(log, rf"(?m)^{time} GET healthz integration=- 200 \d+ms$")
        credentials = base64.b64encode((self.key + ":").encode()).decode()
        for secret in (self.key, credentials, SIGNING_KEY.decode(), CANDIDATE["first_name"], CANDIDATE["last_name"],
                       CANDIDATE["email"], CANDIDATE["ashby_id"]):
            self.assertNotIn(secret, log)


class ServeSettingsTest(ServeTestCase):
    def test_every_setting_may_come_from_the_environment(self):
        env = {"AK_DB": str(self.db), "AK_LISTEN": "127.0.0.1:0", "AK_BASE_URL": BASE_URL,
               "AK_WEBHOOK_URL": self.webhook_url, "AK_SIGNING_KEY_FILE": str(self.signing_key_file),
               "AK_PACKAGES": str(PACKAGES_FIXTURE), "AK_WORKERS": "2", "AK_DRAIN_SECONDS": "1"}
        server = ServiceProcess(self, "serve", env=serve_environment(**env))
        status, reply = self.call(server, "assessment.list")
        self.assertEqual((status, reply["results"][0]["assessment_type_id"]), (200, "pkg_456"))

    def test_the_signing_key_itself_may_come_from_ak_signing_key(self):
        server = self.serve(signing_key_file=None, env={"AK_SIGNING_KEY": SIGNING_KEY.decode()})
        self.assertEqual(self.call(server, "assessment.list")[0], 200)

    def test_a_flag_wins_over_its_variable(self):
        server = self.serve(env={"AK_BASE_URL": "https://hooks.example.com/elsewhere/", "AK_DB": "/nonexistent/x.db"})
        self.assertEqual(self.call(server, "assessment.list")[0], 200)
        self.assertEqual(self.call(server, "assessment.list", path_prefix="/elsewhere/")[0], 404)


class ServeFailureTest(ServeTestCase):
    def serve_fails(self, *arguments, env=None) -> str:
        """Runs serve, which must exit 2 before serving with one line on stderr; returns it."""
        return self.assertFails(run_cli("serve", *arguments, env=serve_environment(**(env or {}))), 2)

    def test_bad_settings_exit_2_with_one_line_naming_them(self):
        missing = self.directory / "missing.key"
        not_a_store = self.file_holding(b"not a store")
        cases = (
            (self.flags(db=None), "--db FILE is required", "AK_DB"),
            (self.flags(listen=None), "--listen HOST:PORT is required", "AK_LISTEN"),
            (self.flags(base_url=None), "--base-url URL is required", "AK_BASE_URL"),
            (self.flags(webhook_url=None), "--webhook-url URL is required", "AK_WEBHOOK_URL"),
            (self.flags(signing_key_file=None), "no signing key", "AK_SIGNING_KEY_FILE", "AK_SIGNING_KEY"),
            (self.flags(signing_key_file=missing), "cannot open", str(missing)),
            ([*self.flags(), "--bogus"], "unknown option --bogus"),
            (self.flags(listen="127.0.0.1"), "--listen must be HOST:PORT", "'127.0.0.1'"),
            (self.flags(base_url="ftp://hooks.example.com/ashby/"), "base URL must start with https:// or http://"),
            (self.flags(webhook_url="hooks.example.com/knit"), "webhook URL must start with https:// or http://"),
            (self.flags(db=not_a_store), "not an ashbyknit store"),
            (self.flags(db=":memory:"), "--db needs a file"),
            ([*self.flags(), "--workers", "0"], "--workers must be a whole number from 1 to 64", "'0'"),
            ([*self.flags(), "--commit-batch", "0"], "--commit-batch must be a whole number from 1", "'0'"),
            ([*self.flags(), "--commit-wait-us", "-1"], "--commit-wait-us must be a whole number from 0", "'-1'"),
            ([*self.flags(), "--lease-seconds", "1"], "--lease-seconds must be a whole number from 2 to 3600", "'1'"),
            ([*self.flags(), "--enrichment-timeout-ms", "0"],
             "--enrichment-timeout-ms must be a whole number from 1 to 59999", "'0'"),
            ([*self.flags(), "--lease-seconds", "2", "--enrichment-timeout-ms", "1000"],
             "--enrichment-timeout-ms must be a whole number from 1 to 999", "'1000'"),
            ([*self.flags(), "--packages", missing], "cannot open", str(missing)),
            ([*self.flags(), "--packages", not_a_store], "package catalogue"),
        )
        for arguments, *words in cases:
            with self.subTest(arguments=arguments):
                line = self.serve_fails(*arguments)
                for word in words:
                    self.assertIn(word, line)

    def test_a_bad_variable_is_named_in_the_message(self):
        line = self.serve_fails(*self.flags(), env={"AK_DRAIN_SECONDS": "soon"})
        self.assertIn("AK_DRAIN_SECONDS must be a whole number from 0 to 3600, not 'soon'", line)

    def test_a_port_in_use_exits_2(self):
        port = port_in_use(self)
        line = self.serve_fails(*self.flags(listen=f"127.0.0.1:{port}"))
        self.assertIn(f"cannot listen on 127.0.0.1:{port}", line)

    def test_a_second_serve_cannot_share_the_port_of_the_first(self):
        first = self.serve()
        line = self.serve_fails(*self.flags(listen=f"127.0.0.1:{first.port}"))
        self.assertIn(f"cannot listen on 127.0.0.1:{first.port}", line)
        self.assertEqual(self.call(first, "assessment.list")[0], 200)


class ServeStopTest(ServeTestCase):
    def test_sigterm_and_sigint_exit_0_and_leave_a_store_that_opens(self):
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            with self.subTest(signal=signal_number.name):
                server = self.serve()
                assessment_id = self.start(server)
                self.assertEqual(server.stop(signal_number), 0)
                log = server.stderr.text()
                self.assertIn(f"serve stopping on {signal_number.name}", log)
                self.assertRegex(log.splitlines()[-1], r" serve stopped; \d+ events pending, 0 dead-lettered$")
                self.assertIn(assessment_id, [entry["id"] for entry in self.store_json("assessments", "list")])

    def test_a_second_signal_stops_at_once_while_a_send_is_in_flight(self):
        # A webhook that takes the request and never answers: the send stays in flight.
        webhook = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(webhook.close)
        webhook.bind(("127.0.0.1", 0))
        webhook.listen()
        webhook.settimeout(30)
        server = self.serve("--drain-seconds", "3600", webhook_url=f"http://127.0.0.1:{webhook.getsockname()[1]}/")
        self.start(server)
        connection, _ = webhook.accept()
        self.addCleanup(connection.close)
        server.process.send_signal(signal.SIGTERM)
        server.stderr.wait_for("serve stopping delivery")
        self.assertEqual(server.stop(signal.SIGTERM), 0)
        log = server.stderr.text()
        self.assertIn("serve stopping at once on a second SIGTERM; undelivered events stay in the outbox", log)
        self.assertNotIn("serve stopped", log)
        self.assertEqual(self.store_json("events", "count")["pending"], 1)


class ServeDeliveryTest(ServeTestCase):
    def test_a_start_reaches_receive_signed_and_a_cancel_follows(self):
        out = self.directory / "events.jsonl"
        receiver = ServiceProcess(self, "receive", "--listen", "127.0.0.1:0", "--key-file", self.signing_key_file,
                                  "--out", out)
        server = self.serve(webhook_url=f"http://127.0.0.1:{receiver.port}/webhooks/knit")
        assessment_id = self.start(server)
        receiver.stdout.wait_for(rf" record\.new evt_\w+ {assessment_id}$")
        self.call(server, "assessment.cancel", encode({"assessment_id": assessment_id}))
        receiver.stdout.wait_for(rf" record\.deleted evt_\w+ {assessment_id}$")
        self.assertEqual(server.stop(), 0)
        self.assertEqual(receiver.stop(), 0)
        events = [json.loads(line) for line in out.read_bytes().splitlines()]
        self.assertEqual([(event["eventType"], event["recordId"]) for event in events],
                         [("record.new", assessment_id), ("record.deleted", assessment_id)])
        self.assertEqual(events[0]["eventData"]["candidateAssessment"]["candidate"]["id"], CANDIDATE["ashby_id"])
        self.assertEqual(self.store_json("events", "count"), {"pending": 0, "acknowledged": 2, "deadLettered": 0})
        self.assertNotRegex(receiver.stderr.text(), r" 401 ")


if __name__ == "__main__":
    unittest.main()
