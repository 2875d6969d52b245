"""A fake of Ashby's API for the tests of reports: `POST /assessment.update` on 127.0.0.1, every
request checked against protocol §5 and recorded, answered from a script of replies."""

import base64
import dataclasses
import http.server
import itertools
import json
import threading
import time
import unittest
import urllib.parse

from service_support import WAIT_SECONDS

BLOB_TYPES = {
    "numeric_score": (int, float),
    "numeric_duration_minutes": (int, float),
    "url": (str,),
    "string": (str,),
    "boolean_success": (bool,),
}
BLOB_FIELDS = {"identifier", "label", "type", "value", "description"}
UPDATE_BLOBS = ("assessment_status", "assessment_profile_url", "assessment_result", "cancelled_reason")
UPDATE_FIELDS = {"assessment_id", "timestamp", "metadata", *UPDATE_BLOBS}


@dataclasses.dataclass
class Reply:
    """One scripted answer: its status, JSON body (None: no body), extra headers, and how long to
    wait before it. `request_id` is the x-ashby-request-id it carries (None: one is made up)."""

    status: int = 200
    body: object = dataclasses.field(default_factory=lambda: {"success": True, "results": {}})
    headers: dict = dataclasses.field(default_factory=dict)
    delay_ms: int = 0
    request_id: str = None


def success() -> Reply:
    return Reply()


def empty_success() -> Reply:
    """A 200 with no body at all."""
    return Reply(body=None)


def failure(code: str, message: str, request_id: str) -> Reply:
    """Ashby's refusal inside a 200: success false, with errorInfo."""
    return Reply(body={"success": False, "errorInfo": {"code": code, "message": message, "requestId": request_id}},
                 request_id=request_id)


def status(code: int) -> Reply:
    """A bare HTTP status, with Ashby's error envelope."""
    return Reply(status=code, body={"success": False, "errorInfo": {"code": f"http_{code}", "message": "refused"}})


def rate_limited(retry_after: int, scope: str = "integration-partner") -> Reply:
    """A 429 asking to wait `retry_after` seconds."""
    return Reply(status=429, body={"success": False, "errorInfo": {"code": "rate_limit_exceeded", "message": "slow down"}},
                 headers={"Retry-After": str(retry_after), "X-RateLimit-Scope": scope})


def slow(delay_ms: int, reply: Reply = None) -> Reply:
    """`reply` (by default a success), sent after `delay_ms`."""
    return dataclasses.replace(reply or success(), delay_ms=delay_ms)


@dataclasses.dataclass
class Received:
    """One request as the fake received it, and the status it was answered with."""

    path: str
    headers: dict  # lower-case names
    body: object  # parsed JSON, None when it was not JSON
    received: float  # time.time()
    request_id: str
    status: int


def blob_violations(blob, field: str) -> list:
    """What is wrong with `blob` against protocol §5, each naming `field`."""
    if not isinstance(blob, dict):
        return [f"{field} is not an object"]
    problems = [f"{field} has unknown field {name}" for name in blob if name not in BLOB_FIELDS]
    for name in ("identifier", "label"):
        if not isinstance(blob.get(name), str) or not blob[name]:
            problems.append(f"{field}.{name} is not a non-empty string")
    kind = blob.get("type")
    if kind not in BLOB_TYPES:
        return problems + [f"{field}.type {kind!r} is not one of Ashby's types"]
    value = blob.get("value")
    if not isinstance(value, BLOB_TYPES[kind]) or (kind.startswith("numeric") and isinstance(value, bool)):
        problems.append(f"{field}.value {value!r} does not go with type {kind}")
    elif kind == "url" and urllib.parse.urlsplit(value).scheme not in ("http", "https"):
        problems.append(f"{field}.value {value!r} is not an absolute http(s) URL")
    elif kind == "string" and not value:
        problems.append(f"{field}.value is empty")
    if "description" in blob and not isinstance(blob["description"], str):
        problems.append(f"{field}.description is not a string")
    return problems


def update_violations(body) -> list:
    """What is wrong with an assessment.update body against protocol §5."""
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    problems = [f"unknown field {name}" for name in body if name not in UPDATE_FIELDS]
    if not isinstance(body.get("assessment_id"), str) or not body["assessment_id"]:
        problems.append("assessment_id is not a non-empty string")
    timestamp = body.get("timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool) or timestamp <= 0:
        problems.append(f"timestamp {timestamp!r} is not a positive integer")
    blobs = [(name, body[name]) for name in UPDATE_BLOBS if name in body]
    metadata = body.get("metadata", [])
    if not isinstance(metadata, list):
        problems.append("metadata is not an array")
        metadata = []
    blobs += [(f"metadata[{index}]", blob) for index, blob in enumerate(metadata)]
    for field, blob in blobs:
        problems += blob_violations(blob, field)
    if "assessment_status" not in body and "cancelled_reason" not in body:
        problems.append("assessment_status is missing without a cancelled_reason")
    if "assessment_result" in body and "assessment_profile_url" not in body:
        problems.append("assessment_profile_url is missing beside assessment_result")
    if "assessment_result" in body and "cancelled_reason" in body:
        problems.append("assessment_result and cancelled_reason are both there")
    if isinstance(body.get("assessment_profile_url"), dict) and body["assessment_profile_url"].get("type") != "url":
        problems.append("assessment_profile_url is not of type url")
    identifiers = [blob.get("identifier") for _, blob in blobs if isinstance(blob, dict)]
    if len(identifiers) != len(set(identifiers)):
        problems.append(f"identifiers {identifiers} are not unique")
    return problems


class FakeAshby:
    """Ashby's API on a loopback port of its own, until the test ends. It expects `api_key` as the
    Basic user name with an empty password."""

    def __init__(self, test: unittest.TestCase, api_key: str):
        self.authorization = "Basic " + base64.b64encode((api_key + ":").encode()).decode()
        self.condition = threading.Condition()
        self.script = []
        self.received = []
        self.violations = []
        self.request_ids = (f"req_fake_{number}" for number in itertools.count(1))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.server.daemon_threads = True
        # A short poll interval: shutdown() waits for the loop to look, and a test ends with it.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        test.addCleanup(self.close)

    @property
    def url(self) -> str:
        """The API's base URL, for serve's --ashby-api-url."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def answer_with(self, *replies: Reply):
        """The replies to the next requests, in order; a success once they are used up."""
        with self.condition:
            self.script.extend(replies)

    def wait_for_requests(self, count: int) -> list:
        """Waits until `count` requests have come; returns them all, in the order they came."""
        with self.condition:
            if not self.condition.wait_for(lambda: len(self.received) >= count, timeout=WAIT_SECONDS):
                raise AssertionError(f"{count} requests never came; got {self.received!r}")
            return list(self.received)

    def next_reply(self) -> Reply:
        with self.condition:
            return self.script.pop(0) if self.script else success()

    def check(self, headers: dict, path: str, body) -> list:
        """What is wrong with one request against protocol §5."""
        problems = []
        if path != "/assessment.update":
            problems.append(f"path {path!r} is not /assessment.update")
        expected = {"authorization": self.authorization, "content-type": "application/json",
                    "accept": "application/json; version=1"}
        for name, value in expected.items():
            if headers.get(name) != value:
                problems.append(f"{name} is {headers.get(name)!r}, not {value!r}")
        if not headers.get("user-agent", "").startswith("ashbyknit/"):
            problems.append(f"user-agent {headers.get('user-agent')!r} does not start with ashbyknit/")
        return problems + update_violations(body)

    def record(self, received: Received, problems: list):
        with self.condition:
            self.received.append(received)
            self.violations += problems
            self.condition.notify_all()

    def handler_class(self):
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                arrived = time.time()
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                headers = {name.lower(): value for name, value in self.headers.items()}
                reply = fake.next_reply()
                request_id = reply.request_id or next(fake.request_ids)
                fake.record(Received(self.path, headers, body, arrived, request_id, reply.status),
                            fake.check(headers, self.path, body))
                time.sleep(reply.delay_ms / 1000)
                try:
                    self.send(reply, request_id)
                except ConnectionError:
                    pass  # serve was stopped as its test ended: nobody waits for the reply

            def send(self, reply: Reply, request_id: str):
                payload = b"" if reply.body is None else json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("x-ashby-request-id", request_id)
                if payload:
                    self.send_header("Content-Type", "application/json")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *arguments):
                pass  # the tests read what was recorded, not a log

        return Handler
