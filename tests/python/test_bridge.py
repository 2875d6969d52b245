"""Bridge: Ashby's calls answered through handle() (protocol §2), events pulled, verified and
acknowledged (protocol §3.3), end to end on a store file."""

import base64
import concurrent.futures
import gc
import hashlib
import hmac
import json
import os
import re
import tempfile
import threading
import time
import unittest

import ashbyknit
from support import basic_authorization, encode, fixture, start_document

BASE_URL = "https://hooks.vendor.example/ashby/"
SIGNING_KEY = b"vendor-signing-key"
ASSESSMENT_ID = re.compile(r"ats_ass_[a-z0-9]{21}")
PACKAGE = {
    "assessment_type_id": "pkg_456",
    "name": "Frontend Engineer Assessment",
    "description": "Technical Skills Assessment",
}


def start_body(application_id: str = "app_123abc", candidate_id: str = "cand_789xyz") -> bytes:
    document = start_document()
    document["application"]["ashby_id"] = application_id
    document["candidate"]["ashby_id"] = candidate_id
    return encode(document)


def cancel_body(assessment_id: str) -> bytes:
    return encode({"assessment_id": assessment_id})


def independent_signature(key: bytes, body: bytes) -> str:
    """X-Knit-Signature computed without the library: base64url of HMAC-SHA256, no padding."""
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()).rstrip(b"=").decode("ascii")


class Caller:
    """Posts to a bridge as Ashby does, with one integration's key."""

    def __init__(self, bridge: ashbyknit.Bridge, secret_key: str) -> None:
        self.bridge = bridge
        self.authorization = basic_authorization(secret_key)

    def post(self, operation: str, body: bytes, **headers) -> ashbyknit.Response:
        sent = {"Authorization": self.authorization, "Content-Type": "application/json"}
        sent.update({name.replace("_", "-"): value for name, value in headers.items()})
        return self.bridge.handle("POST", "/ashby/" + operation, list(sent.items()), body)


class Spec(unittest.TestCase):
    """Checks shared by the tests: the success and error shapes of protocol §2 and 2.4."""

    def assert_json_reply(self, reply: ashbyknit.Response, status: int, body) -> None:
        self.assertEqual(reply.status, status, reply.body)
        self.assertIn(("Content-Type", "application/json"), reply.headers)
        self.assertEqual(json.loads(reply.body), body)

    def assert_envelope(self, reply: ashbyknit.Response, status: int, code: str) -> None:
        self.assertEqual(reply.status, status, reply.body)
        document = json.loads(reply.body)
        message = document["errorInfo"]["message"]
        expected = {"success": False, "errors": [code], "errorInfo": {"code": code, "message": message}}
        self.assertEqual(document, expected)
        self.assertTrue(message)

    def assert_assessment_reply(self, reply: ashbyknit.Response) -> str:
        self.assertEqual(reply.status, 200, reply.body)
        assessment_id = json.loads(reply.body)["results"]["assessment_id"]
        self.assertRegex(assessment_id, ASSESSMENT_ID)
        self.assert_json_reply(reply, 200, {"success": True, "results": {"assessment_id": assessment_id}})
        return assessment_id

    def assert_signed_event(self, event: ashbyknit.PulledEvent, event_type: str, record_id: str) -> dict:
        headers = dict(event.headers)
        self.assertEqual(
            set(headers), {"Content-Type", "X-Knit-Signature", "X-Knit-Integration-Id", "X-Knit-Execution-Id"}
        )
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(headers["X-Knit-Integration-Id"], "acme")
        self.assertRegex(headers["X-Knit-Execution-Id"], r"^exe_[a-z0-9]{21}$")
        self.assertTrue(ashbyknit.knit_verify(SIGNING_KEY, event.body, headers["X-Knit-Signature"]))
        self.assertEqual(headers["X-Knit-Signature"], independent_signature(SIGNING_KEY, event.body))
        self.assertFalse(ashbyknit.knit_verify(b"another key", event.body, headers["X-Knit-Signature"]))
        document = json.loads(event.body)
        self.assertEqual(document["eventId"], event.event_id)
        self.assertEqual(document["eventType"], event_type)
        self.assertEqual(document["recordId"], record_id)
        self.assertEqual(document["eventData"]["candidateAssessment"]["id"], record_id)
        return document["eventData"]["candidateAssessment"]


class EndToEnd(Spec):
    def test_calls_events_and_a_reopened_store(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "bridge.db")
            with ashbyknit.Bridge(
                BASE_URL, store_path=path, signing_key=SIGNING_KEY, default_packages_json=fixture("packages.json")
            ) as bridge:
                bridge.store.create_integration("acme")
                issued = bridge.store.issue_key("acme", BASE_URL)
                self.assertEqual(issued.base_url, BASE_URL)
                ashby = Caller(bridge, issued.secret_key)

                listed = ashby.post("assessment.list", b"{}")
                self.assert_json_reply(listed, 200, {"success": True, "results": [PACKAGE]})
                start = fixture("ashby-assessment-start.json")
                assessment_id = self.assert_assessment_reply(ashby.post("assessment.start", start))
                self.assertEqual(self.assert_assessment_reply(ashby.post("assessment.start", start)), assessment_id)
                for _ in range(2):  # the second cancel succeeds too
                    cancelled = ashby.post("assessment.cancel", cancel_body(assessment_id))
                    self.assertEqual(self.assert_assessment_reply(cancelled), assessment_id)
                unknown = ashby.post("assessment.cancel", cancel_body("ats_ass_unknown000000000000000"))
                self.assert_envelope(unknown, 200, "assessment_not_found")
                self.assertEqual(bridge.store.event_counts(), (2, 0, 0))  # no event for the retry or the second cancel

                # The record.deleted waits until its record.new is acknowledged.
                (created,) = bridge.pull_events(10)
                record = self.assert_signed_event(created, "record.new", assessment_id)
                self.assertEqual((record["applicationId"], record["status"]), ("app_123abc", "NOT_SPECIFIED"))
                self.assertEqual(record["assessmentPackage"]["name"], PACKAGE["name"])
                self.assertEqual(bridge.pull_events(10), [])  # leased, not acknowledged
                self.assertEqual(bridge.ack_events([created.event_id]), 1)
                (deleted,) = bridge.pull_events(10)
                record = self.assert_signed_event(deleted, "record.deleted", assessment_id)
                self.assertEqual((record["applicationId"], record["status"]), (None, "CANCELLED"))
                self.assertEqual(bridge.ack_events([deleted.event_id, created.event_id, "evt_unknown"]), 1)
                self.assertEqual(bridge.pull_events(10), [])
                self.assertEqual(bridge.store.event_counts(), (0, 2, 0))
                integrations, keys = bridge.store.integrations(), bridge.store.keys("acme")

            with ashbyknit.Bridge(BASE_URL, store_path=path, signing_key=SIGNING_KEY) as reopened:
                self.assertEqual(reopened.store.integrations(), integrations)
                self.assertEqual(integrations[0]["activeKeys"], 1)
                self.assertEqual(reopened.store.keys("acme"), keys)
                (stored,) = reopened.store.assessments("acme")
                self.assertEqual((stored["id"], stored["applicationId"]), (assessment_id, "app_123abc"))
                self.assertEqual(stored["status"], "cancelled")
                self.assertEqual(reopened.store.event_counts(), (0, 2, 0))
                self.assertEqual(reopened.pull_events(10), [])
                # The key was kept as a hash and still opens the door; the catalogue was not stored.
                listed = Caller(reopened, issued.secret_key).post("assessment.list", b"{}")
                self.assert_json_reply(listed, 200, {"success": True, "results": []})


class Calls(Spec):
    def setUp(self):
        self.bridge = ashbyknit.Bridge(BASE_URL, signing_key=SIGNING_KEY, max_body_bytes=4096)
        self.addCleanup(self.bridge.close)
        self.bridge.store.create_integration("acme")
        self.key = self.bridge.store.issue_key("acme", BASE_URL).secret_key
        self.ashby = Caller(self.bridge, self.key)

    def test_the_refusals_of_spec_2_4(self):
        self.assert_envelope(self.ashby.post("assessment.update", b"{}"), 404, "unknown_operation")
        self.assert_envelope(self.bridge.handle("POST", "/ashby/assessment.list", [], b"{}"), 401, "unauthorized")
        forbidden = Caller(self.bridge, ashbyknit.secret_issue("acme", BASE_URL).secret_key)
        self.assert_envelope(forbidden.post("assessment.list", b"{}"), 403, "forbidden")
        self.assert_envelope(self.ashby.post("assessment.start", b" " * 4097), 413, "payload_too_large")
        plain = self.ashby.post("assessment.list", b"{}", Content_Type="text/plain")
        self.assert_envelope(plain, 415, "unsupported_media_type")
        self.assert_envelope(self.ashby.post("assessment.start", b"[]"), 400, "invalid_input")
        refused = self.bridge.handle("GET", "/ashby/assessment.list", {"Authorization": basic_authorization(self.key)})
        self.assert_envelope(refused, 405, "method_not_allowed")
        self.assertIn(("Allow", "POST"), refused.headers)

    def test_a_start_that_fails_validation_is_422_with_a_message(self):
        document = start_document()
        del document["candidate"]["ashby_id"]
        reply = self.ashby.post("assessment.start", encode(document))
        self.assertEqual(reply.status, 422)
        self.assertIn("candidate.ashby_id", json.loads(reply.body)["message"])

    def test_another_active_assessment_for_the_application_is_409(self):
        self.assert_assessment_reply(self.ashby.post("assessment.start", start_body("app_1", "cand_1")))
        self.assertEqual(self.ashby.post("assessment.start", start_body("app_1", "cand_2")).status, 409)
        self.assertEqual(self.bridge.store.event_counts(), (1, 0, 0))

    def test_headers_may_be_a_mapping_of_bytes_and_the_key_may_be_the_password(self):
        headers = {b"authorization": basic_authorization("", self.key).encode(), "content-type": b"application/json"}
        self.assertEqual(self.bridge.handle("POST", "/ashby/assessment.list?x=1", headers, "{}").status, 200)

    def test_handle_call_says_what_the_call_was(self):
        headers = {"Authorization": basic_authorization(self.key), "Content-Type": "application/json"}
        start = fixture("ashby-assessment-start.json")
        started = self.bridge.handle_call("POST", "/ashby/assessment.start", headers, start)
        assessment_id = self.assert_assessment_reply(started.response)
        self.assertEqual(started[1:], ("assessment.start", "acme", assessment_id))
        refused = self.bridge.handle_call("POST", "/ashby/assessment.list", [], b"{}")
        self.assertEqual((refused.response.status, refused[1:]), (401, ("assessment.list", "", "")))
        elsewhere = self.bridge.handle_call("POST", "/ashby/", headers, b"{}")
        self.assertEqual((elsewhere.response.status, elsewhere.operation), (404, ""))

    def test_custom_fields_set_through_the_store_are_listed(self):
        choices = [{"key": "jr", "value": "Junior"}]
        fields = [{"id": "level", "name": "Level", "type": "ValueSelect", "possible_values": choices}]
        self.bridge.store.set_custom_fields(fields, "acme")
        listed = self.ashby.post("assessment.customField.list", b"{}")
        self.assert_json_reply(listed, 200, {"success": True, "fields": fields})

    def test_bad_arguments_raise(self):
        with self.assertRaises(ashbyknit.InvalidArgument):
            self.bridge.handle("POST", "/ashby/assessment.list\0", [], b"{}")
        with self.assertRaises(TypeError):
            self.bridge.handle("POST", "/ashby/assessment.list", [("Authorization", 7)], b"{}")
        with self.assertRaises(ashbyknit.InvalidArgument):
            self.bridge.pull_events(-1)

    def test_concurrent_calls_from_threads(self):
        threads, rounds = 8, 25
        start_together = threading.Barrier(threads)

        def run(thread: int) -> set[str]:
            start_together.wait()
            replies = [self.ashby.post("assessment.start", start_body(f"app_{thread}_{n}")) for n in range(rounds)]
            return {json.loads(reply.body)["results"]["assessment_id"] for reply in replies}

        with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
            ids = set().union(*pool.map(run, range(threads)))
        self.assertEqual(len(ids), threads * rounds)
        self.assertEqual(len(self.bridge.store.assessments("acme")), threads * rounds)


class Events(Spec):
    def test_an_unacknowledged_event_comes_back_after_the_visibility_timeout(self):
        with ashbyknit.Bridge(BASE_URL, signing_key=SIGNING_KEY, visibility_timeout_ms=50) as bridge:
            bridge.store.create_integration("acme")
            ashby = Caller(bridge, bridge.store.issue_key("acme", BASE_URL).secret_key)
            assessment_id = self.assert_assessment_reply(ashby.post("assessment.start", start_body()))
            (first,) = bridge.pull_events(5)
            time.sleep(0.2)
            (again,) = bridge.pull_events(5)
            self.assert_signed_event(again, "record.new", assessment_id)
            self.assertEqual((again.event_id, again.body), (first.event_id, first.body))
            self.assertNotEqual(dict(again.headers)["X-Knit-Execution-Id"], dict(first.headers)["X-Knit-Execution-Id"])
            self.assertEqual(bridge.ack_events([]), 0)
            self.assertEqual(bridge.ack_events(iter([again.event_id])), 1)

    def test_pull_honours_max(self):
        with ashbyknit.Bridge(BASE_URL, signing_key=SIGNING_KEY) as bridge:
            bridge.store.create_integration("acme")
            ashby = Caller(bridge, bridge.store.issue_key("acme", BASE_URL).secret_key)
            for n in range(3):
                self.assert_assessment_reply(ashby.post("assessment.start", start_body(f"app_{n}")))
            self.assertEqual(len(bridge.pull_events(2)), 2)
            self.assertEqual(len(bridge.pull_events(2)), 1)

    def test_a_bridge_without_a_signing_key_cannot_pull(self):
        with ashbyknit.Bridge(BASE_URL) as bridge:
            with self.assertRaises(ashbyknit.InvalidArgument) as caught:
                bridge.pull_events(1)
            self.assertIn("signing key", caught.exception.message)


class Options(unittest.TestCase):
    def test_bad_options_raise(self):
        cases = [
            (ashbyknit.InvalidArgument, "not a url", {}),
            (ashbyknit.InvalidArgument, BASE_URL, {"signing_key": b""}),
            (ashbyknit.InvalidArgument, BASE_URL, {"default_packages_json": "[{"}),
            (ashbyknit.InvalidArgument, BASE_URL, {"default_packages_json": [{"id": "p"}]}),
            (ashbyknit.InvalidArgument, BASE_URL, {"max_depth": -1}),
            (ashbyknit.InvalidArgument, BASE_URL, {"visibility_timeout_ms": -1}),
            (ashbyknit.InvalidArgument, BASE_URL, {"durability": "never"}),
            (ashbyknit.InvalidArgument, BASE_URL, {"commit_batch_max": 0}),
            (ashbyknit.InvalidArgument, BASE_URL, {"commit_wait_us": -1}),
            (ashbyknit.InvalidArgument, BASE_URL, {"commit_wait_us": 1_000_001}),
        ]
        for cls, url, options in cases:
            with self.subTest(url=url, **{key: repr(value) for key, value in options.items()}):
                with self.assertRaises(cls):
                    ashbyknit.Bridge(url, **options)

    def test_the_group_commit_keywords_reach_the_store(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "store.db")
            with ashbyknit.Bridge(BASE_URL, store_path=path, commit_batch_max=1, commit_wait_us=1000) as bridge:
                bridge.store.create_integration("acme")
                ashby = Caller(bridge, bridge.store.issue_key("acme", BASE_URL).secret_key)
                self.assertEqual(ashby.post("assessment.start", start_body()).status, 200)
                self.assertEqual(len(bridge.store.assessments("acme")), 1)

    def test_a_store_path_that_is_not_a_store_is_a_store_error(self):
        with tempfile.TemporaryDirectory() as directory:
            text = os.path.join(directory, "notes.txt")
            with open(text, "wb") as file:
                file.write(b"plain text, not a database" + b"." * 4096)
            with self.assertRaises(ashbyknit.StoreError):
                ashbyknit.Bridge(BASE_URL, store_path=text)

    def test_a_catalogue_may_be_a_list(self):
        with ashbyknit.Bridge(BASE_URL, default_packages_json=[{"id": "p", "name": "P"}]) as bridge:
            bridge.store.create_integration("acme")
            reply = Caller(bridge, bridge.store.issue_key("acme", BASE_URL).secret_key).post("assessment.list", b"{}")
            listed = json.loads(reply.body)["results"]
            self.assertEqual(listed, [{"assessment_type_id": "p", "name": "P", "description": None}])


class Lifetime(unittest.TestCase):
    def test_the_store_view_closes_with_its_bridge_not_before(self):
        bridge = ashbyknit.Bridge(BASE_URL)
        store = bridge.store
        self.assertIs(bridge.store, store)
        store.close()  # a view: does nothing
        with store:
            pass
        self.assertFalse(store.closed)
        store.create_integration("acme")
        bridge.close()
        bridge.close()
        self.assertTrue(bridge.closed)
        self.assertTrue(store.closed)
        with self.assertRaisesRegex(ValueError, "store is closed"):
            store.integrations()
        with self.assertRaisesRegex(ValueError, "bridge is closed"):
            bridge.handle("POST", "/ashby/assessment.list", [], b"{}")
        with self.assertRaisesRegex(ValueError, "bridge is closed"):
            bridge.pull_events(1)

    def test_the_view_keeps_its_bridge_alive(self):
        bridge = ashbyknit.Bridge(BASE_URL)
        finalizer = bridge._finalizer
        store = bridge.store
        del bridge
        gc.collect()
        self.assertTrue(finalizer.alive)
        store.create_integration("acme")
        del store
        gc.collect()
        self.assertFalse(finalizer.alive)


if __name__ == "__main__":
    unittest.main()
