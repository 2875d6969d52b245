"""What the tests of serve's admin API share: serve with the admin API, a master key, the
integration "acme" with its Ashby API key, and a fake of Ashby's API (fake_ashby.py) for reports to
be sent to; admin requests with the bearer token."""

import json
import time

import fake_ashby
from cli_support import encode
from report_support import ASHBY_KEY, ReportStoreTestCase
from serve_support import ServeTestCase
from service_support import WAIT_SECONDS, ServiceProcess

ADMIN_TOKEN = "admin-token-0123456789abcdefghijklmnop"
# Retries within a fraction of a second, so that the tests of retries stay short.
FAST_RETRIES = ("--first-retry-ms", "50", "--max-retry-ms", "200")


class ServeReportsTestCase(ServeTestCase, ReportStoreTestCase):
    """The integration "acme" with its Ashby API key, a fake of Ashby's API, and an admin token in
    a file, for serve to be started with."""

    def setUp(self):
        super().setUp()
        self.set_ashby_key("acme")
        self.ashby = fake_ashby.FakeAshby(self, ASHBY_KEY)
        self.admin_token_file = self.file_holding(ADMIN_TOKEN.encode() + b"\n")

    def serve_reports(self, *options, **overrides) -> ServiceProcess:
        """serve with the fake as Ashby's API, the master key and the admin API."""
        return self.serve("--ashby-api-url", self.ashby.url, "--master-key-file", self.master_key_file,
                          "--admin-token-file", self.admin_token_file, *FAST_RETRIES, *options, **overrides)

    @staticmethod
    def admin(server: ServiceProcess, route: str, document, token=ADMIN_TOKEN, method="POST", authorization=None):
        """One admin request: its status, headers and parsed body (None when empty)."""
        headers = {"Content-Type": "application/json",
                   "Authorization": authorization if authorization is not None else f"Bearer {token}"}
        body = document if isinstance(document, bytes) else encode(document)
        status, reply_headers, reply = server.request(method, "/admin/" + route, body, headers)
        return status, reply_headers, json.loads(reply) if reply else None

    def report(self, server: ServiceProcess, kind: str, assessment_id: str, **fields) -> dict:
        """A report that must be accepted; returns its receipt."""
        status, _, reply = self.admin(server, "reports/" + kind,
                                      {"integrationId": "acme", "assessmentId": assessment_id, **fields})
        self.assertEqual(status, 202, reply)
        self.assertEqual(list(reply), ["updateId", "timestamp"])
        return reply

    def refused(self, server: ServiceProcess, route: str, document, status: int, code: str, *words) -> dict:
        """An admin request that must be refused with `status`, `code` and a message with `words`."""
        answered, headers, reply = self.admin(server, route, document)
        self.assertEqual((answered, headers["content-type"]), (status, "application/json"), reply)
        self.assertEqual((list(reply), list(reply["error"])), (["error"], ["code", "message"]))
        self.assertEqual(reply["error"]["code"], code)
        for word in words:
            self.assertIn(word, reply["error"]["message"])
        return reply

    def wait_for_update(self, update_id: str, state: str) -> dict:
        """Waits until the update is in `state` in `events list`; returns its entry."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            entries = {event["eventId"]: event for event in self.store_json("events", "list")}
            if entries[update_id]["state"] == state or time.monotonic() > deadline:
                self.assertEqual(entries[update_id]["state"], state, entries[update_id])
                return entries[update_id]
            time.sleep(0.05)

    def history(self, update_id: str) -> list:
        return self.store_json("events", "history", "--id", update_id)

    def first_attempt(self, event_id: str) -> dict:
        """Waits until the event's first attempt is recorded (which comes after its receiver has
        the request); returns it."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not (attempts := self.history(event_id)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(attempts, f"{event_id} was never attempted")
        return attempts[0]

    def assessment_status(self, assessment_id: str) -> str:
        return {entry["id"]: entry["status"] for entry in self.store_json("assessments", "list")}[assessment_id]

    def assertNoViolations(self):
        self.assertEqual(self.ashby.violations, [])
