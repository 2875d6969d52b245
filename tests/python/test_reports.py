"""Reports back to Ashby (protocol §5) through the binding: master keys, Ashby API keys, each report and
its refusals, on a store file, and a delivery engine that sends only reports."""

import dataclasses
import json
import os
import re
import tempfile
import unittest

import ashbyknit
from support import basic_authorization, encode, start_assessment, start_document

BASE_URL = "https://hooks.vendor.example/ashby/"
MASTER_KEY_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
MASTER_KEY = bytes(range(32))
ACME_ASHBY_KEY = "ashby-api-key-of-acme"
UPDATE_ID = re.compile(r"upd_[a-z0-9]{21}")
SCORE = {"identifier": "score", "label": "Score", "type": "numeric_score", "value": 87}
REPORT_URL = "https://vendor.example/reports/1"
METADATA = [
    {"identifier": "duration", "label": "Duration", "type": "numeric_duration_minutes", "value": 42},
    {"identifier": "passed", "label": "Passed", "type": "boolean_success", "value": True},
]


def status_blob(text: str) -> dict:
    return {"identifier": "status", "label": "Status", "type": "string", "value": text}


class MasterKeys(unittest.TestCase):
    def test_parse_reads_64_hex_digits_of_either_case_with_white_space_around_them(self):
        for text in [MASTER_KEY_HEX, MASTER_KEY_HEX + "\n", " " + MASTER_KEY_HEX.upper() + "\r\n",
                     MASTER_KEY_HEX.encode()]:
            with self.subTest(text=text):
                self.assertEqual(ashbyknit.master_key_parse(text), MASTER_KEY)

    def test_parse_refuses_other_text_without_repeating_it(self):
        for text in ["", MASTER_KEY_HEX[:-2], MASTER_KEY_HEX + "20", "g" + MASTER_KEY_HEX[1:], "nul\0" + MASTER_KEY_HEX]:
            with self.subTest(text=text), self.assertRaises(ashbyknit.InvalidArgument) as caught:
                ashbyknit.master_key_parse(text)
            if len(text) > 2:
                self.assertNotIn(text, caught.exception.message)

    def test_generate_gives_a_new_key_each_time_that_parse_reads(self):
        first, second = ashbyknit.master_key_generate(), ashbyknit.master_key_generate()
        self.assertRegex(first, r"^[0-9a-f]{64}$")
        self.assertNotEqual(first, second)
        self.assertEqual(ashbyknit.master_key_parse(first), bytes.fromhex(first))

    def test_a_store_takes_the_32_bytes_only(self):
        for key in [b"", bytes(31), bytes(33)]:
            with self.subTest(length=len(key)), self.assertRaises(ashbyknit.InvalidArgument) as caught:
                ashbyknit.Store.open(master_key=key)
            self.assertIn("master_key", caught.exception.message)
        with self.assertRaises(TypeError):
            ashbyknit.Store.open(master_key=MASTER_KEY_HEX)
        with self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.Bridge(BASE_URL, master_key=bytes(16))
        ashbyknit.Store.open(master_key=bytearray(MASTER_KEY)).close()


class ReportFixture(unittest.TestCase):
    """A bridge on a store file under MASTER_KEY; integrations "acme" (with an Ashby API key) and
    "globex" (without one), each with an assessment that Ashby started."""

    initial_update_request = False

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.path = os.path.join(directory.name, "store.db")
        self.bridge = ashbyknit.Bridge(
            BASE_URL,
            store_path=self.path,
            master_key=MASTER_KEY,
            initial_update_request=self.initial_update_request,
        )
        self.addCleanup(self.bridge.close)
        self.store = self.bridge.store
        self.keys = {}
        for integration in ["acme", "globex"]:
            self.store.create_integration(integration)
            self.keys[integration] = self.store.issue_key(integration, BASE_URL).secret_key
        self.store.set_ashby_key("acme", ACME_ASHBY_KEY)
        self.acme = start_assessment(self.bridge, self.keys["acme"], "app_acme")
        self.globex = start_assessment(self.bridge, self.keys["globex"], "app_globex")
        self.reporter = ashbyknit.Reporter(self.store)

    def state(self, assessment_id: str) -> str:
        return {listed["id"]: listed["status"] for listed in self.store.assessments()}[assessment_id]

    def pending(self) -> int:
        return self.store.event_counts().pending


class AshbyKeys(ReportFixture):
    def test_the_integration_list_says_whether_a_key_is_set_never_the_key(self):
        listed = self.store.integrations()
        self.assertEqual([(entry["id"], entry["ashbyKeySet"]) for entry in listed], [("acme", True), ("globex", False)])
        self.assertNotIn(ACME_ASHBY_KEY, json.dumps(listed))
        self.store.set_ashby_key("acme", "another-ashby-key")  # replaces it
        self.store.set_ashby_key("globex", "globex-ashby-key")
        self.assertTrue(all(entry["ashbyKeySet"] for entry in self.store.integrations()))

    def test_bad_keys_and_unknown_integrations_are_refused(self):
        for bad in ["", "with:colon", "with space", "with\ttab", "x" * 1025]:
            with self.subTest(key=bad), self.assertRaises(ashbyknit.InvalidArgument) as caught:
                self.store.set_ashby_key("globex", bad)
            if bad:
                self.assertNotIn(bad, caught.exception.message)
        with self.assertRaises(ashbyknit.NotFound):
            self.store.set_ashby_key("initech", "initech-ashby-key")
        self.assertFalse(self.store.integrations()[1]["ashbyKeySet"])

    def test_a_store_without_a_master_key_keeps_no_key(self):
        with ashbyknit.Store.open(self.path) as store, self.assertRaises(ashbyknit.InvalidArgument) as caught:
            store.set_ashby_key("globex", "globex-ashby-key")
        self.assertIn("master key", caught.exception.message)


class Reports(ReportFixture):
    def test_each_report_queues_an_update_and_moves_the_assessment_along(self):
        self.assertEqual(self.state(self.acme), "active")
        started = self.reporter.started("acme", self.acme, "https://vendor.example/take/1")
        self.assertIsInstance(started, ashbyknit.QueuedUpdate)
        self.assertEqual(self.state(self.acme), "started")
        progress = self.reporter.progress("acme", self.acme, "In progress", METADATA)
        bare = self.reporter.progress("acme", self.acme, "Half way")
        self.assertEqual(self.state(self.acme), "started")
        completed = self.reporter.completed("acme", self.acme, SCORE, REPORT_URL, metadata=json.dumps(METADATA))
        self.assertEqual(self.state(self.acme), "completed")

        updates = [started, progress, bare, completed]
        for update in updates:
            self.assertRegex(update.update_id, UPDATE_ID)
        self.assertEqual(len({update.update_id for update in updates}), 4)
        timestamps = [update.timestamp_ms for update in updates]
        self.assertEqual(timestamps, sorted(set(timestamps)))  # strictly increasing
        listed = {event["eventId"]: event["eventType"] for event in self.store.events()}
        self.assertEqual({update.update_id: listed.get(update.update_id) for update in updates},
                         {update.update_id: "assessment.update" for update in updates})
        self.assertEqual(self.pending(), 6)

    def test_cancelled_ends_the_assessment(self):
        self.reporter.started("acme", self.acme)
        cancelled = self.reporter.cancelled("acme", self.acme, "The candidate withdrew.")
        self.assertRegex(cancelled.update_id, UPDATE_ID)
        self.assertEqual(self.state(self.acme), "cancelled")

    def test_update_takes_a_body_as_a_dict_text_or_bytes(self):
        first = self.reporter.update("acme", {"assessment_id": self.acme, "assessment_status": status_blob("Started")})
        self.assertEqual(self.state(self.acme), "started")
        given = first.timestamp_ms + 5_000
        progress = {"assessment_id": self.acme, "timestamp": given, "assessment_status": status_blob("In progress")}
        self.assertEqual(self.reporter.update("acme", json.dumps(progress)).timestamp_ms, given)
        with self.assertRaises(ashbyknit.Conflict):  # not after the last report
            self.reporter.update("acme", encode(progress))
        completed = {
            "assessment_id": self.acme,
            "assessment_status": status_blob("Completed"),
            "assessment_profile_url": {"identifier": "report", "label": "Report", "type": "url", "value": REPORT_URL},
            "assessment_result": SCORE,
        }
        self.assertGreater(self.reporter.update("acme", encode(completed)).timestamp_ms, given)
        self.assertEqual(self.state(self.acme), "completed")

    def test_queued_update_is_a_frozen_value(self):
        update = self.reporter.started("acme", self.acme)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            update.update_id = "upd_other"
        self.assertEqual(update, ashbyknit.QueuedUpdate(update.update_id, update.timestamp_ms))


def accepting(sent: list):
    """A host transport that answers every request 200, appending it to `sent`."""

    def send(request: ashbyknit.OutboundRequest) -> int:
        sent.append(request)
        return 200

    return send


def completed_body(assessment_id: str, **changes) -> dict:
    """An assessment.addCompletedToCandidate body for `assessment_id`, with `changes` on top."""
    body = {
        "candidateId": "cand_1",
        "partnerId": "partner_1",
        "assessment": {
            "assessmentTypeId": "typing",
            "assessmentId": assessment_id,
            "assessmentName": "Typing test",
            "result": SCORE,
            "metadata": [{"identifier": "wpm", "label": "Words a minute", "type": "numeric_score", "value": 72}],
        },
    }
    body.update(changes)
    return body


class CompletedAssessments(ReportFixture):
    def test_add_completed_queues_the_call_and_holds_the_assessment_as_completed(self):
        added = self.reporter.add_completed("acme", completed_body("vendor_1", timestamp=1_700_000_000_000))
        self.assertEqual(added.timestamp_ms, 1_700_000_000_000)
        self.assertEqual(self.state("vendor_1"), "completed")
        (listed,) = [event for event in self.store.events() if event["eventId"] == added.update_id]
        self.assertEqual(listed["eventType"], "assessment.addCompletedToCandidate")
        with self.assertRaises(ashbyknit.Conflict):  # it takes no further report
            self.reporter.progress("acme", "vendor_1", "Reviewed")

    def test_an_id_the_store_holds_an_unknown_integration_and_a_bad_body_are_refused(self):
        self.reporter.add_completed("acme", json.dumps(completed_body("vendor_1")))
        pending = self.pending()
        with self.assertRaises(ashbyknit.Conflict):
            self.reporter.add_completed("acme", completed_body("vendor_1"))
        with self.assertRaises(ashbyknit.Conflict):  # an assessment Ashby started
            self.reporter.add_completed("acme", completed_body(self.globex))
        with self.assertRaises(ashbyknit.NotFound):
            self.reporter.add_completed("initech", completed_body("vendor_2"))
        with self.assertRaises(ashbyknit.InvalidArgument):  # globex has no Ashby API key
            self.reporter.add_completed("globex", completed_body("vendor_2"))
        with self.assertRaisesRegex(ashbyknit.InvalidInput, r"partnerId"):
            self.reporter.add_completed("acme", encode(completed_body("vendor_2", partnerId="")))
        self.assertEqual(self.pending(), pending)

    def test_delivery_sends_it_to_ashbys_add_completed_method(self):
        sent = []
        with ashbyknit.Delivery(self.bridge, send=accepting(sent), ashby_api_url="https://ashby.test/api/") as delivery:
            added = self.reporter.add_completed("acme", completed_body("vendor_1"))
            self.assertEqual(delivery.deliver_due().delivered, 1)
        (request,) = sent
        self.assertEqual(request.url, "https://ashby.test/api/assessment.addCompletedToCandidate")
        self.assertEqual(dict(request.headers)["Authorization"], basic_authorization(ACME_ASHBY_KEY))
        self.assertEqual(json.loads(request.body), {**completed_body("vendor_1"), "timestamp": added.timestamp_ms})


class Refusals(ReportFixture):
    def assert_nothing_queued(self, pending: int) -> None:
        self.assertEqual(self.pending(), pending)
        self.assertEqual(self.state(self.acme), "active")
        self.assertEqual(self.state(self.globex), "active")

    def test_blobs_that_fail_spec_5_are_refused_naming_the_field(self):
        pending = self.pending()
        wrong_value = dict(SCORE, value="high")
        cases = [
            (lambda: self.reporter.completed("acme", self.acme, "{", REPORT_URL), ashbyknit.MalformedJSON,
             "assessment_result"),
            (lambda: self.reporter.completed("acme", self.acme, wrong_value, REPORT_URL), ashbyknit.InvalidInput,
             "assessment_result.value"),
            (lambda: self.reporter.completed("acme", self.acme, SCORE, "reports/1"), ashbyknit.InvalidInput,
             "assessment_profile_url"),
            (lambda: self.reporter.progress("acme", self.acme, "In progress", [METADATA[0], dict(METADATA[1], value=1)]),
             ashbyknit.InvalidInput, "metadata[1]"),
            (lambda: self.reporter.started("acme", self.acme, "ftp://vendor.example/take/1"), ashbyknit.InvalidInput,
             "assessment_profile_url"),
            (lambda: self.reporter.update("acme", {"assessment_id": self.acme, "assessment_status": status_blob("x"),
                                                   "colour": "green"}), ashbyknit.InvalidInput, "colour"),
        ]
        for report, error, field in cases:
            with self.subTest(field=field), self.assertRaises(error) as caught:
                report()
            self.assertIn(field, caught.exception.message)
        self.assert_nothing_queued(pending)

    def test_an_unknown_assessment_or_another_integrations_is_not_found(self):
        pending = self.pending()
        for integration, assessment in [("acme", "ats_ass_unknown000000000000000"), ("acme", self.globex),
                                        ("initech", self.acme)]:
            with self.subTest(integration=integration, assessment=assessment), self.assertRaises(ashbyknit.NotFound):
                self.reporter.started(integration, assessment)
        self.assert_nothing_queued(pending)

    def test_an_integration_without_an_ashby_key_cannot_report(self):
        pending = self.pending()
        with self.assertRaises(ashbyknit.InvalidArgument):
            self.reporter.started("globex", self.globex)
        self.assert_nothing_queued(pending)

    def test_a_completed_or_cancelled_assessment_takes_no_more_reports(self):
        cancelled_by_vendor = start_assessment(self.bridge, self.keys["acme"], "app_acme_2")
        cancelled_by_ashby = start_assessment(self.bridge, self.keys["acme"], "app_acme_3")
        self.reporter.completed("acme", self.acme, SCORE, REPORT_URL)
        self.reporter.cancelled("acme", cancelled_by_vendor, "Withdrawn.")
        authorization = {"Authorization": basic_authorization(self.keys["acme"])}
        reply = self.bridge.handle(
            "POST", "/ashby/assessment.cancel", authorization, encode({"assessment_id": cancelled_by_ashby})
        )
        self.assertEqual(reply.status, 200)
        pending = self.pending()
        for assessment in [self.acme, cancelled_by_vendor, cancelled_by_ashby]:
            for report in [
                lambda: self.reporter.started("acme", assessment),
                lambda: self.reporter.progress("acme", assessment, "In progress"),
                lambda: self.reporter.completed("acme", assessment, SCORE, REPORT_URL),
                lambda: self.reporter.cancelled("acme", assessment, "Withdrawn."),
            ]:
                with self.subTest(assessment=assessment), self.assertRaises(ashbyknit.Conflict):
                    report()
        self.assertEqual(self.pending(), pending)

    def test_a_closed_store_is_refused(self):
        store = ashbyknit.Store.open()
        reporter = ashbyknit.Reporter(store)
        store.close()
        with self.assertRaises(ValueError):
            reporter.started("acme", self.acme)


class InitialUpdateRequest(ReportFixture):
    initial_update_request = True

    def test_a_start_reply_carries_a_started_update_and_the_assessment_is_started(self):
        self.assertEqual(self.state(self.acme), "started")
        document = start_document()
        document["application"]["ashby_id"] = "app_acme_2"
        authorization = {"Authorization": basic_authorization(self.keys["acme"])}
        reply = self.bridge.handle("POST", "/ashby/assessment.start", authorization, encode(document))
        self.assertEqual(reply.status, 200)
        results = json.loads(reply.body)["results"]
        self.assertEqual(results["update_request"]["assessment_id"], results["assessment_id"])
        self.assertEqual(results["update_request"]["assessment_status"]["value"], "Started")
        self.assertEqual(self.state(results["assessment_id"]), "started")


class ReportsOnlyDelivery(ReportFixture):
    def test_an_engine_without_a_webhook_sends_reports_to_ashby_with_the_integrations_key(self):
        sent = []
        with ashbyknit.Delivery(self.bridge, send=accepting(sent), ashby_api_url="https://ashby.test/api/") as delivery:
            update = self.reporter.started("acme", self.acme, REPORT_URL)
            self.assertEqual(delivery.deliver_due().delivered, 1)
        (request,) = sent  # the starts' events wait for the host to pull them
        self.assertEqual(request.url, "https://ashby.test/api/assessment.update")
        headers = dict(request.headers)
        self.assertEqual(headers["Authorization"], basic_authorization(ACME_ASHBY_KEY))
        body = json.loads(request.body)
        self.assertEqual((body["assessment_id"], body["timestamp"]), (self.acme, update.timestamp_ms))
        self.assertEqual(body["assessment_status"]["value"], "Started")
        (attempt,) = self.store.event_history(update.update_id)
        self.assertEqual(list(attempt), ["executionId", "startedMs", "durationMs", "httpStatus", "error", "requestId"])
        self.assertEqual((attempt["httpStatus"], attempt["error"], attempt["requestId"]), (200, None, None))

    def test_an_empty_webhook_url_or_a_bad_ashby_url_is_refused(self):
        with self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.Delivery(self.bridge, "", send=lambda request: 200)
        with self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.Delivery(self.bridge, send=lambda request: 200, ashby_api_url="ftp://ashby.test/")


if __name__ == "__main__":
    unittest.main()
