"""`ashbyknit receive`: a webhook receiver that checks X-Knit-Signature, refuses a chosen share of
the events, dedupes on eventId and records what it accepted; with --ashby-key-file, also Ashby's
`POST /assessment.update` and `POST /assessment.addCompletedToCandidate` (protocol §5), checking
each call and refusing a chosen share of them."""

import base64
import hashlib
import hmac
import json
import os
import re
import signal
import tempfile
import time
import unittest

import fake_ashby
from cli_support import CliTestCase, encode, knit_signature, run_cli
from report_support import ADDED_ID, ASHBY_KEY, METADATA, REPORT_URL, SCORE, ReportStoreTestCase, added_body
from serve_support import ServeTestCase
from service_support import ServiceProcess, port_in_use

SIGNING_KEY = b"receiver signing key"
ASSESSMENT = "ats_ass_a1b2c3d4e5f6g7h8i9j0k"
STATUS = {"identifier": "status", "label": "Status", "type": "string", "value": "In progress"}
PROFILE = {"identifier": "report", "label": "Report", "type": "url", "value": REPORT_URL}
PROGRESS = {"assessment_id": ASSESSMENT, "timestamp": 1_800_000_000_000, "assessment_status": STATUS,
            "metadata": METADATA}
COMPLETED = {"assessment_id": ASSESSMENT, "timestamp": 1_800_000_000_001,
             "assessment_status": dict(STATUS, value="Completed"), "assessment_profile_url": PROFILE,
             "assessment_result": SCORE}
CANCELLED = {"assessment_id": ASSESSMENT, "timestamp": 1_800_000_000_002,
             "cancelled_reason": {"identifier": "reason", "label": "Reason", "type": "string", "value": "Withdrawn"}}
ADDED = dict(added_body(), timestamp=1_800_000_000_003)
UPDATE_PATH = "/assessment.update"
ADD_PATH = "/assessment.addCompletedToCandidate"


def basic(user: str, password: str = "") -> str:
    """An Authorization header with HTTP Basic credentials."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# The headers protocol §5 asks of an update, as the delivery engine sends them.
UPDATE_HEADERS = {"Authorization": basic(ASHBY_KEY), "Content-Type": "application/json",
                  "Accept": "application/json; version=1", "User-Agent": "ashbyknit/0.1.0"}


def knit_event(event_id: str, event_type: str = "record.new", record_id: str = ASSESSMENT) -> bytes:
    """The compact body of an event with these ids, and a payload that names nobody."""
    return encode({"eventType": event_type, "eventData": {"candidateAssessment": {"id": record_id}},
                   "eventId": event_id, "recordId": record_id, "syncType": "real_time"})


class ReceiveTestCase(CliTestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.out = os.path.join(directory.name, "events.jsonl")
        self.updates_out = os.path.join(directory.name, "updates.jsonl")
        self.key_file = os.path.join(directory.name, "signing.key")
        with open(self.key_file, "wb") as file:
            file.write(SIGNING_KEY + b"\n")
        self.ashby_key_file = os.path.join(directory.name, "ashby.key")
        with open(self.ashby_key_file, "wb") as file:
            file.write(ASHBY_KEY.encode() + b"\n")

    def receive(self, *options: str, env=None) -> ServiceProcess:
        return ServiceProcess(self, "receive", "--listen", "127.0.0.1:0", *options, env=env)

    @staticmethod
    def deliver(receiver: ServiceProcess, body: bytes) -> int:
        """POSTs `body` signed with SIGNING_KEY, as the delivery engine does; returns the status."""
        headers = {"Content-Type": "application/json", "X-Knit-Signature": knit_signature(SIGNING_KEY, body)}
        return receiver.request("POST", "/webhooks/knit", body, headers)[0]

    def recorded(self, path: str = None) -> list:
        """The lines of --out, or of the file at `path`."""
        with open(path or self.out, "rb") as file:
            return file.read().splitlines()


class ReceiveTest(ReceiveTestCase):
    def test_a_signed_event_is_a_200_and_one_line_with_its_ids(self):
        receiver = self.receive("--key-file", self.key_file)
        self.assertEqual(self.deliver(receiver, knit_event("evt_1")), 200)
        line = receiver.stdout.wait_for("evt_1")[0]
        self.assertRegex(line, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z record\.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k$")

    def test_the_key_may_come_from_the_environment(self):
        receiver = self.receive(env={"AK_SIGNING_KEY": SIGNING_KEY.decode()})
        self.assertEqual(self.deliver(receiver, knit_event("evt_1")), 200)
        receiver.stdout.wait_for("evt_1")

    def test_a_missing_or_bad_signature_is_a_401_and_a_line_on_stderr_only(self):
        receiver = self.receive("--key-file", self.key_file, "--out", self.out)
        body = knit_event("evt_forged")
        cases = (
            ("missing", None),
            ("another key's", knit_signature(b"another key", body)),
            ("another body's", knit_signature(SIGNING_KEY, knit_event("evt_other"))),
            ("truncated", knit_signature(SIGNING_KEY, body)[:-1]),
        )
        for name, signature in cases:
            with self.subTest(signature=name):
                sent = {"Content-Type": "application/json"}
                if signature is not None:
                    sent["X-Knit-Signature"] = signature
                self.assertEqual(receiver.request("POST", "/webhooks/knit", body, sent)[0], 401)
        receiver.stderr.wait_for(r"POST /webhooks/knit 401 no X-Knit-Signature")
        receiver.stderr.wait_for(r"POST /webhooks/knit 401 X-Knit-Signature does not verify", count=3)
        # The next line on stdout is the next good event's: nothing forged was shown or recorded.
        self.assertEqual(self.deliver(receiver, knit_event("evt_good")), 200)
        receiver.stdout.wait_for("evt_good")
        self.assertEqual(receiver.stop(), 0)
        self.assertNotIn("evt_forged", receiver.stdout.text())
        self.assertEqual(self.recorded(), [knit_event("evt_good")])

    def test_a_signed_body_without_an_event_id_is_a_400(self):
        receiver = self.receive("--key-file", self.key_file)
        for body in (b"not JSON", encode({"eventType": "record.new"}), encode({"eventId": 12})):
            with self.subTest(body=body):
                self.assertEqual(self.deliver(receiver, body), 400)
        receiver.stderr.wait_for(r"POST /webhooks/knit 400 the body has no string eventId", count=3)

    def test_a_repeated_event_id_is_a_200_shown_as_a_duplicate_and_recorded_once(self):
        receiver = self.receive("--key-file", self.key_file, "--out", self.out)
        first, second = knit_event("evt_1"), knit_event("evt_2", "record.deleted")
        for body in (first, first, second, first):
            self.assertEqual(self.deliver(receiver, body), 200)
        lines = receiver.stdout.wait_for("evt_", count=4)
        self.assertEqual([line.split(" ", 1)[1] for line in lines], [
            "record.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k",
            "record.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k duplicate",
            "record.deleted evt_2 ats_ass_a1b2c3d4e5f6g7h8i9j0k",
            "record.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k duplicate",
        ])
        self.assertEqual(self.recorded(), [first, second])

    def test_out_appends_the_exact_bytes_to_what_the_file_held(self):
        with open(self.out, "wb") as file:
            file.write(b"an earlier line\n")
        receiver = self.receive("--key-file", self.key_file, "--out", self.out)
        body = b'{ "eventId" : "evt_spaced", "eventType":"record.new" }'
        self.assertEqual(self.deliver(receiver, body), 200)
        receiver.stdout.wait_for("evt_spaced")
        self.assertEqual(self.recorded(), [b"an earlier line", body])

    def test_a_fail_rate_of_1_refuses_every_event_with_a_500_and_records_none(self):
        receiver = self.receive("--key-file", self.key_file, "--fail-rate", "1", "--out", self.out)
        for _ in range(2):
            self.assertEqual(self.deliver(receiver, knit_event("evt_1")), 500)
        lines = receiver.stdout.wait_for("evt_1", count=2)
        self.assertTrue(all(line.endswith(" evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k refused (500)") for line in lines),
                        lines)
        self.assertEqual(self.recorded(), [])

    def test_a_fail_rate_of_0_refuses_nothing(self):
        receiver = self.receive("--key-file", self.key_file, "--fail-rate", "0")
        for index in range(5):
            self.assertEqual(self.deliver(receiver, knit_event(f"evt_{index}")), 200)

    def test_sigint_and_sigterm_exit_0(self):
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=signal_number.name):
                receiver = self.receive("--key-file", self.key_file)
                self.assertEqual(receiver.stop(signal_number), 0)
                self.assertIn(f"receive stopping on {signal_number.name}", receiver.stderr.text())


class ReceiveStandardWebhooksTest(ReceiveTestCase):
    SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    def standard_headers(self, body: bytes, event_id: str, timestamp: int, secret: str = SECRET) -> dict:
        """The headers of both schemes for `body`, the Standard Webhooks ones computed here."""
        key = base64.b64decode(secret.removeprefix("whsec_"))
        mac = hmac.new(key, f"{event_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
        return {"Content-Type": "application/json", "X-Knit-Signature": knit_signature(SIGNING_KEY, body),
                "webhook-id": event_id, "webhook-timestamp": str(timestamp),
                "webhook-signature": "v2,ignored v1," + base64.b64encode(mac).decode()}

    def test_both_schemes_are_checked_when_keys_are_given(self):
        keys_file = self.temporary_file(self.SECRET.encode() + b"\n")
        receiver = self.receive("--key-file", self.key_file, "--standard-keys-file", keys_file, "--out", self.out)
        receiver.stderr.wait_for("and the Standard Webhooks headers")
        now = int(time.time())
        body = knit_event("evt_good")
        self.assertEqual(receiver.request("POST", "/knit", body, self.standard_headers(body, "evt_good", now))[0], 200)
        receiver.stdout.wait_for("evt_good")

        forged = knit_event("evt_forged")
        other_secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
        cases = (
            ("missing", {"Content-Type": "application/json", "X-Knit-Signature": knit_signature(SIGNING_KEY, forged)},
             "webhook-id header is missing"),
            ("another key's", self.standard_headers(forged, "evt_forged", now, other_secret), "No signature"),
            ("stale", self.standard_headers(forged, "evt_forged", now - 301), "beyond the tolerance of 300 s"),
        )
        for name, headers, reason in cases:
            with self.subTest(case=name):
                self.assertEqual(receiver.request("POST", "/knit", forged, headers)[0], 401)
                receiver.stderr.wait_for(r"POST /knit 401 Standard Webhooks: .*" + reason)
        self.assertEqual(receiver.stop(), 0)
        self.assertNotIn("evt_forged", receiver.stdout.text())
        self.assertEqual(self.recorded(), [body])

    def test_a_bad_keys_file_exits_2(self):
        for content, words in ((b"", ("holds no key",)), (b"whsec_c2hvcnQ=", ("Key 1 ",))):
            with self.subTest(content=content):
                result = run_cli("receive", "--listen", "127.0.0.1:0", "--key-file", self.key_file,
                                 "--standard-keys-file", self.temporary_file(content))
                self.assertFails(result, 2, *words)


class ReceiveUpdatesTest(ReceiveTestCase):
    def ashby_api(self, *options: str) -> ServiceProcess:
        """receive playing Ashby's API too, with ASHBY_KEY, recording updates in self.updates_out."""
        return self.receive("--key-file", self.key_file, "--ashby-key-file", self.ashby_key_file,
                            "--updates-out", self.updates_out, *options)

    def update(self, receiver: ServiceProcess, body: bytes, path: str = UPDATE_PATH, **headers):
        """POSTs `body` to `path` with UPDATE_HEADERS, each of `headers` (by name, '_' for '-')
        replacing one or, when None, leaving it out; returns the status, the reply's headers and
        its parsed body."""
        sent = dict(UPDATE_HEADERS)
        for name, value in headers.items():
            sent.pop(name.replace("_", "-"))
            if value is not None:
                sent[name.replace("_", "-")] = value
        status, reply_headers, reply = receiver.request("POST", path, body, sent)
        self.assertEqual(reply_headers["content-type"], "application/json")
        self.assertRegex(reply_headers["x-ashby-request-id"], r"^req_\d+$")
        return status, reply_headers, json.loads(reply)

    def assertEnvelope(self, reply: dict, code: str, request_id: str) -> str:
        """Ashby's error envelope with `code` and the request's id; returns its message."""
        self.assertEqual(reply, {"success": False, "errors": [code],
                                 "errorInfo": {"code": code, "message": reply["errorInfo"]["message"],
                                               "requestId": request_id}})
        return reply["errorInfo"]["message"]

    def test_a_valid_update_is_a_success_with_a_request_id_one_line_and_recorded(self):
        receiver = self.ashby_api()
        bodies = [encode(PROGRESS), encode(COMPLETED), encode(CANCELLED)]
        request_ids = []
        for body in bodies:
            status, headers, reply = self.update(receiver, body)
            self.assertEqual((status, reply), (200, {"success": True, "results": {}}))
            request_ids.append(headers["x-ashby-request-id"])
        self.assertEqual(len(set(request_ids)), 3, request_ids)
        lines = receiver.stdout.wait_for(r" update ", count=3)
        self.assertEqual([line.split(" ", 1)[1] for line in lines], [
            f'update {ASSESSMENT} "In progress" ts=1800000000000',
            f'update {ASSESSMENT} "Completed" result ts=1800000000001',
            f"update {ASSESSMENT} cancelled ts=1800000000002",
        ])
        self.assertEqual(receiver.stop(), 0)
        self.assertEqual(self.recorded(self.updates_out), bodies)
        self.assertNotIn("assessment", receiver.stderr.text().split("\n", 1)[1])

    def test_events_are_received_beside_updates(self):
        receiver = self.ashby_api("--out", self.out)
        self.assertEqual(self.deliver(receiver, knit_event("evt_1")), 200)
        self.assertEqual(self.update(receiver, encode(PROGRESS))[0], 200)
        receiver.stdout.wait_for("evt_1")
        receiver.stdout.wait_for(" update ")
        self.assertEqual(receiver.stop(), 0)
        self.assertEqual(self.recorded(), [knit_event("evt_1")])
        self.assertEqual(self.recorded(self.updates_out), [encode(PROGRESS)])

    def test_missing_or_other_credentials_are_a_401_with_ashbys_envelope(self):
        receiver = self.ashby_api()
        cases = (
            ("missing", None),
            ("another key", basic("another-key")),
            ("a password", basic(ASHBY_KEY, "secret")),
            ("bearer", "Bearer " + ASHBY_KEY),
            ("the key alone", ASHBY_KEY),
        )
        for name, authorization in cases:
            with self.subTest(credentials=name):
                status, headers, reply = self.update(receiver, encode(PROGRESS), Authorization=authorization)
                self.assertEqual(status, 401)
                self.assertEnvelope(reply, "unauthorized", headers["x-ashby-request-id"])
        receiver.stderr.wait_for(r"POST /assessment\.update 401 no Authorization$")
        receiver.stderr.wait_for(r"POST /assessment\.update 401 Authorization is not Basic with the Ashby API key",
                                 count=4)
        self.assertEqual(receiver.stop(), 0)
        self.assertEqual(receiver.stdout.text(), "")
        self.assertNotIn(ASHBY_KEY, receiver.stderr.text())
        self.assertEqual(self.recorded(self.updates_out), [])

    def test_an_update_that_breaks_spec_5_is_answered_success_false_and_shown_as_a_violation(self):
        receiver = self.ashby_api()
        without_status = {name: value for name, value in PROGRESS.items() if name != "assessment_status"}
        without_timestamp = {name: value for name, value in PROGRESS.items() if name != "timestamp"}
        bad_metadata = dict(PROGRESS, metadata=[METADATA[0], dict(METADATA[1], value="yes")])
        cases = (
            (encode(without_status), {}, ASSESSMENT, ("assessment_status", "cancelled_reason")),
            (encode(without_timestamp), {}, ASSESSMENT, ("timestamp",)),
            (encode(bad_metadata), {}, ASSESSMENT, ("metadata[1].value",)),
            (encode(dict(COMPLETED, assessment_profile_url=None)), {}, ASSESSMENT, ("assessment_profile_url",)),
            (encode(dict(PROGRESS, extra=1)), {}, ASSESSMENT, ("extra",)),
            (b"not JSON", {}, "-", ()),
            (encode(PROGRESS), {"Accept": None}, ASSESSMENT, ("Accept is missing",)),
            (encode(PROGRESS), {"Accept": "application/json"}, ASSESSMENT, ("Accept is 'application/json'",)),
            (encode(PROGRESS), {"Content_Type": "text/plain"}, ASSESSMENT, ("Content-Type is 'text/plain'",)),
            (encode(PROGRESS), {"User_Agent": None}, ASSESSMENT, ("User-Agent is missing",)),
        )
        self.assert_violations(receiver, cases, UPDATE_PATH, "update")
        self.assertEqual(receiver.stop(), 0)
        self.assertEqual(self.recorded(self.updates_out), [])

    def assert_violations(self, receiver, cases, path: str, shown_as: str):
        """Sends each case (body, headers, the id its line shows, words its message has) to `path`,
        expecting a 200 with success false, and the line `shown_as <id> violation: <message>`."""
        for body, headers, shown_id, words in cases:
            with self.subTest(body=body, headers=headers):
                status, reply_headers, reply = self.update(receiver, body, path, **headers)
                self.assertEqual(status, 200)
                message = self.assertEnvelope(reply, "invalid_input", reply_headers["x-ashby-request-id"])
                for word in words:
                    self.assertIn(word, message)
                # The line shows what the library (or the header check) said, and nothing else.
                line = receiver.stdout.wait_for(re.escape(f" violation: {message}"))[0]
                self.assertRegex(line, rf"^\S+ {shown_as} {re.escape(shown_id)} violation: ")

    def test_an_added_completed_assessment_is_a_success_with_one_line_and_recorded_beside_updates(self):
        receiver = self.ashby_api()
        status, _, reply = self.update(receiver, encode(ADDED), ADD_PATH)
        self.assertEqual((status, reply), (200, {"success": True, "results": {}}))
        self.assertEqual(self.update(receiver, encode(PROGRESS))[0], 200)
        lines = receiver.stdout.wait_for(r" (completed|update) ", count=2)
        self.assertEqual([line.split(" ", 1)[1] for line in lines], [
            f"completed {ADDED_ID} result=87 ts=1800000000003",
            f'update {ASSESSMENT} "In progress" ts=1800000000000',
        ])
        self.assertEqual(receiver.stop(), 0)
        self.assertEqual(self.recorded(self.updates_out), [encode(ADDED), encode(PROGRESS)])
        self.assertIn("/assessment.addCompletedToCandidate", receiver.stderr.text().split("\n", 1)[0])

    def test_an_added_completed_assessment_that_breaks_spec_5_is_shown_as_a_violation(self):
        receiver = self.ashby_api()
        without_timestamp = added_body()
        cases = (
            (encode(without_timestamp), {}, ADDED_ID, ("timestamp",)),
            (encode(dict(ADDED, timestamp=0)), {}, ADDED_ID, ("timestamp",)),
            (encode(dict(added_body(result=dict(SCORE, value="87")), timestamp=1)), {}, ADDED_ID,
             ("assessment.result",)),
            (encode(dict(added_body(metadata=[METADATA[0], METADATA[0]]), timestamp=1)), {}, ADDED_ID,
             ("duration",)),
            (encode(dict(ADDED, candidateId="")), {}, ADDED_ID, ("candidateId",)),
            (encode(dict(ADDED, extra=1)), {}, ADDED_ID, ("extra",)),
            (encode(PROGRESS), {}, "-", ()),
            (b"not JSON", {}, "-", ()),
            (encode(ADDED), {"Accept": None}, ADDED_ID, ("Accept is missing",)),
            (encode(ADDED), {"User_Agent": None}, ADDED_ID, ("User-Agent is missing",)),
        )
        self.assert_violations(receiver, cases, ADD_PATH, "completed")
        status, headers, reply = self.update(receiver, encode(ADDED), ADD_PATH, Authorization=basic("another-key"))
        self.assertEqual(status, 401)
        self.assertEnvelope(reply, "unauthorized", headers["x-ashby-request-id"])
        receiver.stderr.wait_for(r"POST /assessment\.addCompletedToCandidate 401 Authorization is not Basic")
        self.assertEqual(receiver.stop(), 0)
        self.assertEqual(self.recorded(self.updates_out), [])

    def test_a_fail_rate_of_1_refuses_every_valid_update_with_a_500_and_records_none(self):
        receiver = self.ashby_api("--fail-rate", "1")
        for _ in range(2):
            status, headers, reply = self.update(receiver, encode(PROGRESS))
            self.assertEqual(status, 500)
            self.assertEnvelope(reply, "internal_error", headers["x-ashby-request-id"])
        lines = receiver.stdout.wait_for(" update ", count=2)
        self.assertTrue(all(line.endswith(' "In progress" ts=1800000000000 refused (500)') for line in lines), lines)
        status, headers, reply = self.update(receiver, encode(ADDED), ADD_PATH)
        self.assertEqual(status, 500)
        self.assertEnvelope(reply, "internal_error", headers["x-ashby-request-id"])
        receiver.stdout.wait_for(rf" completed {ADDED_ID} result=87 ts=1800000000003 refused \(500\)$")
        # A violation is found before the share is drawn: it is never hidden behind a 500.
        status, _, reply = self.update(receiver, b"{}")
        self.assertEqual((status, reply["errorInfo"]["code"]), (200, "invalid_input"))
        self.assertEqual(receiver.stop(), 0)
        self.assertEqual(self.recorded(self.updates_out), [])

    def test_a_fail_rate_of_0_refuses_no_update(self):
        receiver = self.ashby_api("--fail-rate", "0")
        for index in range(5):
            self.assertEqual(self.update(receiver, encode(dict(PROGRESS, timestamp=index + 1)))[0], 200)


class ServeReportsToReceiveTest(ServeTestCase, ReportStoreTestCase):
    """serve's delivery engine sends the reports of acme, and a completed assessment it adds, to
    receive as Ashby's API."""

    def test_every_report_is_accepted_with_no_violation(self):
        self.set_ashby_key("acme")
        ashby_key_file = self.file_holding(ASHBY_KEY.encode() + b"\n")
        updates_out = self.directory / "updates.jsonl"
        receiver = ServiceProcess(self, "receive", "--listen", "127.0.0.1:0", "--key-file", self.signing_key_file,
                                  "--ashby-key-file", ashby_key_file, "--updates-out", updates_out)
        server = self.serve("--ashby-api-url", f"http://127.0.0.1:{receiver.port}/",
                            "--master-key-file", self.master_key_file,
                            webhook_url=f"http://127.0.0.1:{receiver.port}/webhooks/knit")
        assessment_id = self.start(server)
        reports = (
            ("started", "--profile-url", REPORT_URL),
            ("progress", "--status", "In progress", "--metadata", json.dumps(METADATA)),
            ("completed", "--result", json.dumps(SCORE), "--profile-url", REPORT_URL),
        )
        for kind, *options in reports:
            self.store_json("report", kind, "--integration", "acme", "--assessment", assessment_id, *options)
        lines = receiver.stdout.wait_for(" update ", count=3)
        self.assertEqual([line.split(" ", 1)[1].rsplit(" ts=", 1)[0] for line in lines], [
            f'update {assessment_id} "Started"',
            f'update {assessment_id} "In progress"',
            f'update {assessment_id} "Completed" result',
        ])
        receipt = self.store_json("report", "add-completed", "--integration", "acme", "--body-file", "-",
                                  stdin=encode(added_body()))
        line = receiver.stdout.wait_for(" completed ")[0]
        self.assertEqual(line.split(" ", 1)[1], f"completed {ADDED_ID} result=87 ts={receipt['timestamp']}")
        self.assertEqual(server.stop(), 0)
        self.assertEqual(receiver.stop(), 0)
        *updates, added = [json.loads(line) for line in updates_out.read_bytes().splitlines()]
        self.assertEqual([fake_ashby.update_violations(body) for body in updates], [[], [], []])
        self.assertEqual(fake_ashby.completed_violations(added), [])
        self.assertEqual(added, dict(added_body(), timestamp=receipt["timestamp"]))


class ReceiveFailureTest(ReceiveTestCase):
    def test_bad_arguments_exit_2_before_listening(self):
        missing = os.path.join(os.path.dirname(self.out), "missing", "events.jsonl")
        empty_key = os.path.join(os.path.dirname(self.out), "empty.key")
        with open(empty_key, "wb") as file:
            file.write(b"\n")
        listen = ["--listen", "127.0.0.1:0"]
        cases = (
            (["--key-file", self.key_file], "--listen is required"),
            (["--listen", "127.0.0.1", "--key-file", self.key_file], "--listen must be HOST:PORT", "'127.0.0.1'"),
            (["--listen", "127.0.0.1:65536", "--key-file", self.key_file], "--listen must be HOST:PORT"),
            (listen, "no signing key", "AK_SIGNING_KEY"),
            ([*listen, "--key-file", empty_key], "signing key", "is empty"),
            ([*listen, "--key-file", missing], "cannot open", missing),
            ([*listen, "--key-file", self.key_file, "--fail-rate", "1.5"], "--fail-rate must be a number from 0 to 1"),
            ([*listen, "--key-file", self.key_file, "--fail-rate", "half"], "--fail-rate", "'half'"),
            ([*listen, "--key-file", self.key_file, "--out", missing], "cannot open", missing),
            ([*listen, "--key-file", self.key_file, "--bogus"], "unknown option --bogus"),
            ([*listen, "--key-file", self.key_file, "--ashby-key-file", empty_key], "Ashby API key", "is empty"),
            ([*listen, "--key-file", self.key_file, "--ashby-key-file", missing], "cannot open", missing),
            ([*listen, "--key-file", self.key_file, "--updates-out", self.out], "--updates-out needs --ashby-key-file"),
            ([*listen, "--key-file", self.key_file, "--ashby-key-file", self.ashby_key_file, "--updates-out", missing],
             "cannot open", missing),
        )
        for arguments, *words in cases:
            with self.subTest(arguments=arguments):
                self.assertFails(run_cli("receive", *arguments), 2, *words)

    def test_a_port_in_use_exits_2(self):
        port = port_in_use(self)
        self.assertFails(run_cli("receive", "--listen", f"127.0.0.1:{port}", "--key-file", self.key_file), 2,
                         f"cannot listen on 127.0.0.1:{port}")


if __name__ == "__main__":
    unittest.main()
