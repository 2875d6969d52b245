"""Delivery: the engine through the binding, with libcurl against a webhook on loopback and with a
``send`` callable of the host's own."""

import http.server
import json
import threading
import time
import unittest
from unittest import mock

import ashbyknit
from ashbyknit import _native
from support import basic_authorization, candidate_assessment, start_assessment

BASE_URL = "https://hooks.vendor.example/ashby/"
SIGNING_KEY = b"vendor signing key"
MASTER_KEY = bytes(range(32))
ASHBY_KEY = "ashby-api-key-of-acme"


class Webhook(http.server.ThreadingHTTPServer):
    """A webhook on 127.0.0.1 that answers ``status`` and keeps every request it got."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[tuple[dict[str, str], bytes]] = []
        super().__init__(("127.0.0.1", 0), _WebhookHandler)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/knit"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


class _WebhookHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


class DeliveryTestCase(unittest.TestCase):
    def setUp(self):
        self.bridge = ashbyknit.Bridge(BASE_URL, signing_key=SIGNING_KEY, master_key=MASTER_KEY)
        self.addCleanup(self.bridge.close)
        self.bridge.store.create_integration("acme")
        self.key = self.bridge.store.issue_key("acme", BASE_URL).secret_key

    def start(self, application: str) -> str:
        return start_assessment(self.bridge, self.key, application)

    def delivery(self, url: str = "https://vendor.example/knit", **settings) -> ashbyknit.Delivery:
        delivery = ashbyknit.Delivery(self.bridge, url, **settings)
        self.addCleanup(delivery.close)  # before the bridge's close
        return delivery

    def only_event(self) -> dict:
        (event,) = self.bridge.store.events()
        return event


class LibcurlDeliveryTest(DeliveryTestCase):
    def test_an_event_reaches_the_webhook_signed(self):
        webhook = Webhook()
        self.addCleanup(webhook.close)
        self.start("app_1")
        delivery = self.delivery(webhook.url, total_timeout_ms=5000)
        self.assertEqual(delivery.deliver_due(), ashbyknit.DeliverySummary(1, 0, 0, 0))
        ((headers, body),) = webhook.received
        self.assertTrue(ashbyknit.knit_verify(SIGNING_KEY, body, headers["X-Knit-Signature"]))
        self.assertEqual(headers["X-Knit-Integration-Id"], "acme")
        self.assertEqual(json.loads(body)["eventId"], self.only_event()["eventId"])
        self.assertEqual(self.only_event()["state"], "delivered")

    def test_a_failing_webhook_is_retried_later(self):
        webhook = Webhook(status=503)
        self.addCleanup(webhook.close)
        self.start("app_1")
        self.assertEqual(self.delivery(webhook.url).deliver_due().retrying, 1)
        event = self.only_event()
        self.assertEqual((event["state"], event["attempts"], event["lastError"]), ("pending", 1, "HTTP 503"))

    def test_standard_webhook_keys_sign_each_event_too(self):
        webhook = Webhook()
        self.addCleanup(webhook.close)
        self.start("app_1")
        secret, pair = ashbyknit.standard_secret_new(), ashbyknit.standard_key_pair_new()
        delivery = self.delivery(webhook.url, standard_webhook_keys=[secret, pair.signing_key])
        self.assertEqual(delivery.deliver_due(), ashbyknit.DeliverySummary(1, 0, 0, 0))
        ((headers, body),) = webhook.received
        self.assertTrue(ashbyknit.knit_verify(SIGNING_KEY, body, headers["X-Knit-Signature"]))
        self.assertEqual(headers["webhook-id"], self.only_event()["eventId"])
        self.assertLessEqual(abs(int(headers["webhook-timestamp"]) - time.time()), 60)
        for key in (secret, pair.public_key):
            ashbyknit.standard_verify([key], headers["webhook-id"], headers["webhook-timestamp"],
                                      headers["webhook-signature"], body)

    def test_background_workers_deliver_and_stop(self):
        webhook = Webhook()
        self.addCleanup(webhook.close)
        delivery = self.delivery(webhook.url, workers=2)
        delivery.start()
        with self.assertRaises(ashbyknit.Conflict):
            delivery.start()
        for number in range(5):
            self.start(f"app_{number}")
        delivery.wake()
        deadline = time.monotonic() + 30
        while self.bridge.store.event_counts().acknowledged < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        delivery.stop()
        self.assertEqual(self.bridge.store.event_counts(), (0, 5, 0))
        self.assertEqual(len(webhook.received), 5)


class HostSendTest(DeliveryTestCase):
    def deliver_once(self, send) -> ashbyknit.DeliverySummary:
        self.start("app_1")
        return self.delivery(send=send).deliver_due()

    def history(self) -> list[dict]:
        return self.bridge.store.event_history(self.only_event()["eventId"])

    def test_send_gets_the_request_and_its_status_counts(self):
        requests = []

        def send(request: ashbyknit.OutboundRequest) -> int:
            requests.append(request)
            return 204

        self.assertEqual(self.deliver_once(send).delivered, 1)
        (request,) = requests
        self.assertEqual(request.url, "https://vendor.example/knit")
        self.assertEqual(request.timeout_ms, 0)
        headers = dict(request.headers)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertTrue(ashbyknit.knit_verify(SIGNING_KEY, request.body, headers["X-Knit-Signature"]))
        self.assertEqual(self.history()[0]["executionId"], headers["X-Knit-Execution-Id"])

    def test_an_exception_is_a_failed_send_with_its_message(self):
        def send(request):
            raise ashbyknit.SendFailed("connection refused by the host's proxy")

        self.assertEqual(self.deliver_once(send).retrying, 1)
        self.assertEqual(self.history()[0]["error"], "connection refused by the host's proxy")

    def test_any_other_exception_or_a_non_status_fails_too(self):
        for send, reason in ((lambda request: 1 / 0, "division by zero"), (lambda request: None, "int()")):
            with self.subTest(reason=reason):
                self.setUp()
                self.assertEqual(self.deliver_once(send).retrying, 1)
                self.assertIn(reason, self.history()[0]["error"])

    def test_send_may_hand_back_the_reply_headers_and_body(self):
        replies = (
            (202, [("Retry-After", "30"), ("x-ashby-request-id", "req_1")], b'{"success":true}'),
            (200, {"X-Request": "r\u00e9q"}, '{"success":true,"results":{}}'),
            (204, [], b""),
        )
        for reply in replies:
            with self.subTest(reply=reply):
                self.setUp()
                with _ReplySpy() as spy:
                    self.assertEqual(self.deliver_once(lambda request, reply=reply: reply).delivered, 1)
                status, headers, body = reply
                pairs = headers.items() if isinstance(headers, dict) else headers
                expected = [(name.encode(), value.encode()) for name, value in pairs]
                self.assertEqual(spy.handed, [*expected, body if isinstance(body, bytes) else body.encode()])
                self.assertEqual(spy.results, [0] * len(spy.handed))
                self.assertEqual(self.history()[0]["httpStatus"], status)

    def test_a_reply_the_library_cannot_take_fails_the_send(self):
        replies = (
            ((200, [("", "v")], b""), "name must not be empty"),
            ((200, [("X-Id", "a\0b")], b""), "contains a NUL"),
            ((200, [], 12), "the reply's body must be bytes or str"),
            ((200, [("X-Id", "v")]), "not enough values"),
        )
        for reply, reason in replies:
            with self.subTest(reason=reason):
                self.setUp()
                self.assertEqual(self.deliver_once(lambda request, reply=reply: reply).retrying, 1)
                self.assertIn(reason, self.history()[0]["error"])

    def test_an_abort_gives_the_event_back(self):
        def send(request):
            raise ashbyknit.SendAborted("shutting down")

        self.assertEqual(self.deliver_once(send).released, 1)
        self.assertEqual((self.only_event()["state"], self.only_event()["attempts"]), ("pending", 0))


class _ReplySpy:
    """Within a ``with`` block, records what the binding passes to ``ak_reply_add_header`` (a
    (name, value) pair) and ``ak_reply_set_body`` (the body), in order, and what each returned."""

    def __init__(self) -> None:
        self.handed: list = []
        self.results: list[int] = []
        self._patches = (
            mock.patch.object(_native.lib, "ak_reply_add_header", self._spy(_native.lib.ak_reply_add_header, 2)),
            mock.patch.object(_native.lib, "ak_reply_set_body", self._spy(_native.lib.ak_reply_set_body, 1)),
        )

    def _spy(self, function, recorded: int):
        def call(reply, *arguments):
            self.handed.append(arguments if recorded == 2 else arguments[0])
            self.results.append(function(reply, *arguments))
            return self.results[-1]

        return call

    def __enter__(self) -> "_ReplySpy":
        for patch in self._patches:
            patch.start()
        return self

    def __exit__(self, *exc_info) -> None:
        for patch in self._patches:
            patch.stop()


class CandidateEnrichmentTest(DeliveryTestCase):
    def setUp(self):
        super().setUp()
        self.bridge.store.set_ashby_key("acme", ASHBY_KEY)
        self.bridge.store.set_candidate_enrichment("acme", True)
        self.requests = []

    def send(self, request: ashbyknit.OutboundRequest):
        """Answers candidate.info with a phone number for the candidate asked for; else 200."""
        self.requests.append(request)
        if not request.url.endswith("/candidate.info"):
            return 200
        candidate = {"id": json.loads(request.body)["id"], "phoneNumbers": [{"value": "+1 415 555 0100"}]}
        return 200, [("Content-Type", "application/json")], json.dumps({"success": True, "results": candidate})

    def test_candidate_info_fills_the_event_within_the_enrichment_timeout(self):
        self.start("app_1")
        delivery = self.delivery(send=self.send, ashby_api_url="https://ashby.test/api/", enrichment_timeout_ms=300)
        self.assertEqual(delivery.deliver_due().delivered, 1)
        asked, delivered = self.requests
        self.assertEqual((asked.url, asked.timeout_ms), ("https://ashby.test/api/candidate.info", 300))
        self.assertEqual(dict(asked.headers)["Authorization"], basic_authorization(ASHBY_KEY))
        self.assertEqual(delivered.url, "https://vendor.example/knit")
        phones = candidate_assessment(delivered.body)["candidate"]["phones"]
        self.assertEqual(phones, [{"phoneNumber": "+1 415 555 0100", "type": "OTHER"}])

    def test_the_enrichment_timeout_defaults_to_5000_and_enrichment_turns_off(self):
        self.start("app_1")
        self.delivery(send=self.send).deliver_due()
        self.assertEqual([request.timeout_ms for request in self.requests], [5000, 0])
        self.bridge.store.set_candidate_enrichment("acme", False)
        self.start("app_2")
        self.delivery(send=self.send).deliver_due()
        self.assertEqual(len(self.requests), 3)  # the event alone
        self.assertIsNone(candidate_assessment(self.requests[-1].body)["candidate"]["phones"])


class DeliveryArgumentsTest(DeliveryTestCase):
    def test_bad_settings_are_refused(self):
        for url in ("", "ftp://vendor.example/", "https://user:pw@vendor.example/"):
            with self.subTest(url=url), self.assertRaises(ashbyknit.InvalidArgument):
                ashbyknit.Delivery(self.bridge, url)
        with self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.Delivery(self.bridge, "https://vendor.example/", workers=-1)
        public_key = ashbyknit.standard_key_pair_new().public_key
        for keys in ([public_key], ["whsec_c2hvcnQ="], [ashbyknit.standard_secret_new(), "not-a-webhook-key"]):
            with self.subTest(keys=len(keys)), self.assertRaises(ashbyknit.InvalidArgument) as refused:
                ashbyknit.Delivery(self.bridge, "https://vendor.example/", standard_webhook_keys=keys)
            self.assertNotIn(keys[-1], str(refused.exception))
        with self.assertRaises(TypeError):
            ashbyknit.Delivery(self.bridge, "https://vendor.example/", standard_webhook_keys=public_key)

    def test_the_enrichment_timeout_must_be_positive_and_under_half_the_lease(self):
        for timeout_ms, lease_ms in ((-1, 0), (500, 1000), (0, 10_000), (2**63, 0)):
            with self.subTest(enrichment_timeout_ms=timeout_ms, lease_ms=lease_ms):
                with self.assertRaises(ashbyknit.InvalidArgument):
                    ashbyknit.Delivery(self.bridge, "https://vendor.example/", enrichment_timeout_ms=timeout_ms,
                                       lease_ms=lease_ms)
        self.delivery(enrichment_timeout_ms=499, lease_ms=1000).close()
        self.delivery(lease_ms=10_002).close()  # 0: 5000, just under half of it

    def test_a_bridge_without_a_signing_key_cannot_deliver(self):
        with ashbyknit.Bridge(BASE_URL) as unsigned, self.assertRaises(ashbyknit.InvalidArgument):
            ashbyknit.Delivery(unsigned, "https://vendor.example/")

    def test_a_closed_engine_refuses_calls(self):
        delivery = self.delivery()
        delivery.close()
        delivery.close()
        self.assertTrue(delivery.closed)
        with self.assertRaises(ValueError):
            delivery.deliver_due()


if __name__ == "__main__":
    unittest.main()
