"""serve's admin API against its OpenAPI document (docs/admin-openapi.json): every reply of every
route is checked against the document (status, headers, body schema), every status the document
gives an operation is caused at least once (but 500, a store failure, which the PostgreSQL outage
tests cause), and what each route does is checked through Ashby's calls and the other routes."""

import json
import socket
import time
import unittest

import fake_ashby
from admin_support import ADMIN_TOKEN, ServeReportsTestCase
from cli_support import PACKAGES_FIXTURE, encode, start_body
from openapi_check import AdminApiDocument, matches, sample_route
from report_support import ADDED_EVENT, ADDED_ID, ASHBY_KEY, REPORT_URL, SCORE, added_body
from service_support import WAIT_SECONDS
from store_support import BASE_URL, FIELDS, OWN_PACKAGES

STATUS = {"identifier": "status", "label": "Status", "type": "string", "value": "In progress"}
UNKNOWN_ASSESSMENT = "ats_ass_a1b2c3d4e5f6g7h8i9j0k"
GLOBEX_ASHBY_KEY = "ashby-api-key-of-globex"
OVERSIZED = b" " * (1024 * 1024 + 1)


class AdminApiTestCase(ServeReportsTestCase):
    """serve with the admin API; every admin request made through request() is checked against the
    document, which keeps what it has seen."""

    document = AdminApiDocument()

    def setUp(self):
        super().setUp()
        self.server = self.serve_reports()

    def request(self, method: str, route: str, document=None, status: int = None, query: str = "",
                authorization: str = "Bearer " + ADMIN_TOKEN):
        """One admin request to `route` (under /admin/), which must answer as the document says and,
        when given, with `status`; returns its status, headers and parsed body (None when empty)."""
        body = b"" if document is None else document if isinstance(document, bytes) else encode(document)
        headers = {"Authorization": authorization} if authorization else {}
        if body:
            headers["Content-Type"] = "application/json"
        answered, reply_headers, reply = self.server.request(method, "/admin/" + route + ("?" + query if query else ""),
                                                             body, headers)
        self.assertEqual(self.document.check_reply(method, route, answered, reply_headers, reply), [],
                         f"{method} {route}: {reply!r}")
        if status is not None:
            self.assertEqual(answered, status, f"{method} {route}: {reply!r}")
        return answered, reply_headers, json.loads(reply) if reply else None

    def refused(self, method: str, route: str, document, status: int, *words, query: str = "") -> dict:
        """A request that must be refused with `status` and a message holding `words`; returns the error."""
        _, _, reply = self.request(method, route, document, status, query=query)
        for word in words:
            self.assertIn(word, reply["error"]["message"])
        return reply["error"]

    def ashby_call(self, key: str, operation: str, body: bytes = b"{}"):
        return self.call(self.server, operation, body, key=key)

    def started(self, application: str, key: str = None) -> str:
        """A new assessment, started through Ashby's call with `key` (acme's by default)."""
        status, reply = self.ashby_call(key or self.key, "assessment.start", start_body(application))
        self.assertEqual(status, 200, reply)
        return reply["results"]["assessment_id"]


class AdminApiDocumentTest(AdminApiTestCase):
    def test_every_route_answers_as_the_document_says(self):
        self.check_the_document_and_the_access()
        self.check_onboarding()
        self.check_settings()
        self.check_reports()
        self.check_events()
        unseen = {(operation, status) for operation, status in self.document.documented_statuses() - self.document.seen
                  if status != 500}
        self.assertEqual(unseen, set(), "documented statuses that no request caused")

    def check_the_document_and_the_access(self):
        _, headers, served = self.request("GET", "openapi.json", status=200)
        self.assertEqual(served, self.document.document)
        for method, template, operation in self.document.operations():
            route = sample_route(template)
            with self.subTest(operation=operation["operationId"]):
                self.assertEqual(self.request(method, route, authorization="")[1]["www-authenticate"], "Bearer")
                self.request(method, route, status=401, authorization="Basic " + ADMIN_TOKEN)
                self.request(method, route, status=403, authorization="Bearer " + ADMIN_TOKEN[:-1] + "x")
                if "requestBody" in operation:
                    self.assertEqual(self.request(method, route, OVERSIZED, 413)[2]["error"]["code"], "too_large")

    def check_onboarding(self):
        self.refused("POST", "integrations", b"{", 400, "JSON")
        self.refused("POST", "integrations", {}, 400, '"id"')
        self.refused("POST", "integrations", {"id": "globex", "name": "Globex"}, 400, '"name"')
        self.refused("POST", "integrations", {"id": "bad id!"}, 422)
        _, headers, created = self.request("POST", "integrations", {"id": "globex"}, 201)
        self.assertEqual((headers["location"], created["id"], created["activeKeys"], created["ashbyKeySet"],
                          created["enrichCandidates"]), ("/admin/integrations/globex", "globex", 0, False, False))
        self.refused("POST", "integrations", {"id": "globex"}, 409, "globex")
        _, _, listed = self.request("GET", "integrations", status=200)
        self.assertEqual([integration["id"] for integration in listed], ["acme", "globex"])
        self.assertEqual(self.request("GET", "integrations/globex", status=200)[2], created)
        self.refused("GET", "integrations/initech", None, 404, "initech")

        # Keys: Knit's pair, shown once; the Location names the key for revoking it.
        _, headers, issued = self.request("POST", "integrations/globex/keys", None, 201)
        self.assertEqual((list(issued), issued["baseUrl"], headers["cache-control"]),
                         (["secretKey", "baseUrl"], BASE_URL, "no-store"))
        key_id = headers["location"].rsplit("/", 1)[1]
        self.assertTrue(headers["location"].startswith("/admin/integrations/globex/keys/key_"))
        _, _, lasting = self.request("POST", "integrations/globex/keys", {"expiresInDays": 30}, 201)
        for document, word in (({"expiresInDays": 0}, "from 1 to 36500"), ({"expiresInDays": 36501}, "36500"),
                               ({"expiresInDays": "30"}, "an integer"), ({"expires": 30}, '"expires"'), (b"[", "JSON")):
            self.refused("POST", "integrations/globex/keys", document, 400, word)
        self.refused("POST", "integrations/initech/keys", None, 404, "initech")
        self.assertEqual(self.ashby_call(issued["secretKey"], "assessment.list")[0], 200)
        _, _, keys = self.request("GET", "integrations/globex/keys", status=200)
        self.assertEqual([key["keyId"] for key in keys][0], key_id)
        self.assertEqual([key["expiresMs"] is None for key in keys], [True, False])
        self.refused("GET", "integrations/initech/keys", None, 404)
        self.assertEqual(self.request("DELETE", f"integrations/globex/keys/{key_id}", status=204)[2], None)
        self.assertEqual(self.ashby_call(issued["secretKey"], "assessment.list")[0], 403)
        self.assertEqual(self.ashby_call(lasting["secretKey"], "assessment.list")[0], 200)
        self.request("DELETE", f"integrations/globex/keys/{key_id}", status=204)
        self.refused("DELETE", "integrations/globex/keys/key_0000000000000000", None, 404)
        self.assertEqual(self.request("GET", "integrations/globex", status=200)[2]["activeKeys"], 1)
        self.globex_key = lasting["secretKey"]

        # The Ashby API key: stored, never shown.
        self.refused("PUT", "integrations/globex/ashby-key", {}, 400, '"apiKey"')
        self.refused("PUT", "integrations/globex/ashby-key", {"apiKey": "has space"}, 422)
        self.refused("PUT", "integrations/initech/ashby-key", {"apiKey": GLOBEX_ASHBY_KEY}, 404)
        self.request("PUT", "integrations/globex/ashby-key", {"apiKey": GLOBEX_ASHBY_KEY}, 204)
        self.assertTrue(self.request("GET", "integrations/globex", status=200)[2]["ashbyKeySet"])

        # Candidate enrichment: on, then off again, as the integration shows.
        route = "integrations/globex/candidate-enrichment"
        self.refused("PUT", route, {}, 400, '"enabled"')
        self.refused("PUT", route, {"enabled": "true"}, 400, '"enabled" must be true or false')
        self.refused("PUT", route, {"enabled": True, "timeoutMs": 300}, 400, '"timeoutMs"')
        self.refused("PUT", route, b"[", 400, "JSON")
        self.refused("PUT", "integrations/initech/candidate-enrichment", {"enabled": True}, 404, "initech")
        for enabled in (True, False):
            self.request("PUT", route, {"enabled": enabled}, 204)
            self.assertEqual(self.request("GET", "integrations/globex", status=200)[2]["enrichCandidates"], enabled)

    def check_settings(self):
        packages = json.loads(PACKAGES_FIXTURE.read_text())
        self.refused("GET", "packages", None, 404, "--packages")
        self.refused("PUT", "packages", b"{", 400)
        self.refused("PUT", "packages", [{"id": "", "name": "x"}], 422, "packages[0].id")
        self.request("PUT", "packages", packages, 204)
        self.assertEqual(self.request("GET", "packages", status=200)[2], packages)
        self.assertEqual(self.request("GET", "integrations/globex/packages", status=200)[2], packages)
        self.request("PUT", "integrations/globex/packages", OWN_PACKAGES, 204)
        self.assertEqual(self.request("GET", "integrations/globex/packages", status=200)[2], OWN_PACKAGES)
        self.assertEqual(self.request("GET", "integrations/acme/packages", status=200)[2], packages)
        self.refused("PUT", "integrations/globex/packages", b"7", 400)
        self.refused("PUT", "integrations/globex/packages", [{"id": "x"}], 422, "name")
        self.refused("GET", "integrations/initech/packages", None, 404, "initech")
        self.refused("PUT", "integrations/initech/packages", packages, 404, "initech")
        offered = self.ashby_call(self.globex_key, "assessment.list")[1]["results"]
        self.assertEqual([package["assessment_type_id"] for package in offered], ["pkg_own"])

        self.assertEqual(self.request("GET", "custom-fields", status=200)[2], [])
        self.refused("PUT", "custom-fields", b"{", 400)
        self.refused("PUT", "custom-fields", [{"id": "x", "name": "X", "type": "Colour"}], 422, "type")
        self.request("PUT", "custom-fields", FIELDS[1:], 204)
        self.assertEqual(self.request("GET", "custom-fields", status=200)[2], FIELDS[1:])
        self.request("PUT", "integrations/globex/custom-fields", FIELDS, 204)
        self.assertEqual(self.request("GET", "integrations/globex/custom-fields", status=200)[2], FIELDS)
        self.assertEqual(self.request("GET", "integrations/acme/custom-fields", status=200)[2], FIELDS[1:])
        self.refused("PUT", "integrations/globex/custom-fields", b"{}", 400)
        self.refused("PUT", "integrations/globex/custom-fields", [{"id": "x", "name": "X", "type": "ValueSelect"}],
                     422, "possible values")
        self.refused("GET", "integrations/initech/custom-fields", None, 404)
        self.refused("PUT", "integrations/initech/custom-fields", FIELDS, 404)
        self.assertEqual(self.ashby_call(self.globex_key, "assessment.customField.list")[1]["fields"], FIELDS)

    def check_reports(self):
        acme_assessment, cancelled_assessment = self.started("app_reported"), self.started("app_cancelled")
        # initech has a key and an assessment but no Ashby API key: its reports cannot be sent.
        self.request("POST", "integrations", {"id": "initech"}, 201)
        initech_key = self.request("POST", "integrations/initech/keys", {}, 201)[2]["secretKey"]
        initech_assessment = self.started("app_initech", initech_key)

        def report(kind, integration, assessment):
            fields = {"integrationId": integration, "assessmentId": assessment}
            return {
                "started": dict(fields, profileUrl=REPORT_URL),
                "progress": dict(fields, status="In progress"),
                "completed": dict(fields, result=SCORE, profileUrl=REPORT_URL),
                "cancelled": dict(fields, reason="The role was filled."),
                "update": {"integrationId": integration,
                           "update": {"assessment_id": assessment, "timestamp": 1_800_000_000_000,
                                      "assessment_status": STATUS}},
            }[kind]

        # acme's first assessment goes through to completed; the cancel goes to its second.
        kinds = ("started", "progress", "update", "completed", "cancelled")
        for kind in kinds:
            with self.subTest(kind=kind):
                self.refused("POST", f"reports/{kind}", {}, 400, '"integrationId"')
                self.refused("POST", f"reports/{kind}", report(kind, "acme", UNKNOWN_ASSESSMENT), 404)
                self.refused("POST", f"reports/{kind}", report(kind, "initech", initech_assessment), 422,
                             "Ashby API key")
                assessment = cancelled_assessment if kind == "cancelled" else acme_assessment
                receipt = self.request("POST", f"reports/{kind}", report(kind, "acme", assessment), 202)[2]
                self.assertEqual(list(receipt), ["updateId", "timestamp"])
        received = self.ashby.wait_for_requests(len(kinds))
        self.assertEqual(sorted(request.body["assessment_id"] for request in received),
                         sorted([acme_assessment] * 4 + [cancelled_assessment]))
        for kind in kinds:
            with self.subTest(kind=kind):
                self.refused("POST", f"reports/{kind}", report(kind, "acme", acme_assessment), 409)
        self.assertNoViolations()
        self.check_added_completed(acme_assessment, len(kinds))

    def check_added_completed(self, started_assessment: str, sent_before: int):
        """reports/add-completed: refused for what is wrong with it, then added once, sent to Ashby,
        listed, and completed; `started_assessment` is one that Ashby started, `sent_before` how
        many requests the fake of Ashby's API has had."""
        added = {"integrationId": "acme", "completed": added_body()}
        self.refused("POST", "reports/add-completed", {"completed": added_body()}, 400, '"integrationId"')
        self.refused("POST", "reports/add-completed", {"integrationId": "acme"}, 400, '"completed"')
        self.refused("POST", "reports/add-completed", dict(added, integrationId="hooli"), 404, "hooli")
        self.refused("POST", "reports/add-completed", dict(added, integrationId="initech"), 422, "Ashby API key")
        self.refused("POST", "reports/add-completed", dict(added, completed=added_body(assessmentName="")), 422,
                     "assessment.assessmentName")
        self.refused("POST", "reports/add-completed", dict(added, completed=added_body(started_assessment)), 409,
                     started_assessment)
        receipt = self.request("POST", "reports/add-completed", added, 202)[2]
        self.refused("POST", "reports/add-completed", added, 409, ADDED_ID, "taken")
        self.refused("POST", "reports/progress", {"integrationId": "acme", "assessmentId": ADDED_ID, "status": "x"},
                     409, "completed")
        received = self.ashby.wait_for_requests(sent_before + 1)[-1]
        self.assertEqual((received.path, received.body),
                         ("/assessment.addCompletedToCandidate", dict(added_body(), timestamp=receipt["timestamp"])))
        self.assertNoViolations()
        listed = {event["eventId"]: event for event in self.request("GET", "events", query="limit=10000")[2]}
        self.assertEqual((listed[receipt["updateId"]]["eventType"], listed[receipt["updateId"]]["assessmentId"]),
                         (ADDED_EVENT, ADDED_ID))

    def check_events(self):
        # Ashby refuses the next update's key: it is dead-lettered at once, and replayed.
        self.ashby.answer_with(fake_ashby.status(401))
        assessment = self.started("app_replayed")
        update_id = self.request("POST", "reports/started", {"integrationId": "acme", "assessmentId": assessment},
                                 202)[2]["updateId"]
        self.wait_for_state(update_id, "dead_lettered")
        _, _, attempts = self.request("GET", f"events/{update_id}/attempts", status=200)
        self.assertEqual([attempt["httpStatus"] for attempt in attempts], [401])
        self.refused("GET", "events/evt_unknown/attempts", None, 404)
        self.assertEqual(self.request("POST", f"events/{update_id}/replay", status=200)[2], {"replayed": 1})
        self.wait_for_state(update_id, "delivered")
        self.refused("POST", f"events/{update_id}/replay", None, 409)
        self.refused("POST", "events/evt_unknown/replay", None, 404)
        self.assertEqual(self.request("POST", "events/replay", status=200)[2], {"replayed": 0})

        _, _, events = self.request("GET", "events", status=200)
        self.assertIn("record.new", {event["eventType"] for event in events})
        _, _, few = self.request("GET", "events", status=200, query="limit=2")
        # The same first two events; their attempts may have moved on between the two calls, since
        # the webhook's events are still being retried.
        self.assertEqual([event["eventId"] for event in few], [event["eventId"] for event in events[:2]])
        _, _, delivered = self.request("GET", "events", status=200, query="state=delivered&limit=10000")
        self.assertEqual({event["state"] for event in delivered}, {"delivered"})
        for query, word in (("state=lost", "dead_lettered"), ("limit=0", "limit"), ("limit=10001", "limit"),
                            ("limit=x", "limit"), ("limit=1&limit=2", "more than once"), ("colour=red", "colour")):
            with self.subTest(query=query):
                self.refused("GET", "events", None, 400, word, query=query)

    def wait_for_state(self, event_id: str, state: str):
        """Waits until the event is in `state`, as the event list says."""
        def current():
            listed = {event["eventId"]: event for event in self.request("GET", "events", query="limit=10000")[2]}
            return listed[event_id]["state"]
        deadline = time.monotonic() + WAIT_SECONDS
        while current() != state:
            self.assertLess(time.monotonic(), deadline, f"{event_id} never became {state}")
            time.sleep(0.05)


class AdminApiRoutingTest(AdminApiTestCase):
    def test_a_method_that_a_path_does_not_take_is_a_405_naming_those_it_does(self):
        for template, methods in self.document.templates().items():
            for method in sorted({"GET", "PUT", "POST", "DELETE", "PATCH"} - set(methods)):
                with self.subTest(template=template, method=method):
                    status, headers, reply = self.server.request(method, "/admin/" + sample_route(template), b"{}",
                                                                 {"Authorization": "Bearer " + ADMIN_TOKEN})
                    self.assertEqual((status, json.loads(reply)["error"]["code"]), (405, "invalid_argument"))
                    self.assertEqual(sorted(headers["allow"].split(", ")), sorted(methods))

    def test_a_path_that_no_route_has_is_a_404(self):
        for route in ("elsewhere", "integrations/acme/keys/key_x/more", "integrations//keys", "integrations/",
                      "events/x/y/replay", "", "reports/finished"):
            with self.subTest(route=route):
                self.assertFalse(any(matches(template, route) for template in self.document.templates()))
                status, _, reply = self.server.request("GET", "/admin/" + route, b"",
                                                       {"Authorization": "Bearer " + ADMIN_TOKEN})
                self.assertEqual((status, json.loads(reply)["error"]["code"]), (404, "not_found"))
                self.assertIn("/admin/openapi.json", json.loads(reply)["error"]["message"])

    def test_a_request_that_declares_no_length_has_no_body(self):
        # As curl -X POST and -X DELETE send them: no Content-Length, no Transfer-Encoding.
        self.request("POST", "integrations", {"id": "globex"}, 201)
        key_id = self.request("POST", "integrations/globex/keys", None, 201)[1]["location"].rsplit("/", 1)[1]
        for method, route, status in (("POST", "integrations/globex/keys", 201), ("POST", "events/replay", 200),
                                      ("DELETE", f"integrations/globex/keys/{key_id}", 204)):
            with self.subTest(method=method, route=route):
                head = (f"{method} /admin/{route} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {ADMIN_TOKEN}"
                        "\r\nConnection: close\r\n\r\n")
                with socket.create_connection(("127.0.0.1", self.server.port), timeout=WAIT_SECONDS) as connection:
                    connection.sendall(head.encode())
                    reply = b"".join(iter(lambda: connection.recv(65536), b""))
                self.assertTrue(reply.startswith(f"HTTP/1.1 {status} ".encode()), reply)

    def test_a_head_is_answered_as_its_get_without_a_body(self):
        status, headers, body = self.server.request("HEAD", "/admin/integrations", b"",
                                                    {"Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual((status, headers["content-type"], body), (200, "application/json", b""))

    def test_each_request_is_one_log_line_naming_its_operation_and_never_a_secret(self):
        self.request("POST", "integrations", {"id": "globex"}, 201)
        secret_key = self.request("POST", "integrations/globex/keys", None, 201)[2]["secretKey"]
        self.request("PUT", "integrations/globex/ashby-key", {"apiKey": GLOBEX_ASHBY_KEY}, 204)
        self.request("PUT", "integrations/globex/candidate-enrichment", {"enabled": True}, 204)
        self.request("GET", "events", status=200, query="state=pending")
        # Text that is no id never reaches the log, where it could pass for other fields.
        self.refused("POST", "integrations", {"id": "bad\nGET forged 200"}, 422)
        self.refused("POST", "reports/started", {"integrationId": "acme\nx", "assessmentId": "a b"}, 404)
        self.assertEqual(self.server.stop(), 0)
        log = self.server.stderr.text()
        for line in ("POST integration.create integration=globex 201", "POST key.issue integration=globex 201",
                     "PUT ashbyKey.set integration=globex 204", "PUT candidateEnrichment.set integration=globex 204",
                     "GET event.list integration=- 200"):
            self.assertIn(line, log)
        for secret in (ADMIN_TOKEN, secret_key, GLOBEX_ASHBY_KEY, ASHBY_KEY):
            self.assertNotIn(secret, log)
        self.assertNotIn("forged", log)
        self.assertIn("POST integration.create integration=- 422", log)
        self.assertRegex(log, r"(?m)^\S+ POST report\.started integration=- 404 \d+ms$")


if __name__ == "__main__":
    unittest.main()
