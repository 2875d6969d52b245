"""A fake of Ashby's API for the tests of reports and enrichment: `POST /assessment.update`,
`POST /assessment.addCompletedToCandidate` and `POST /candidate.info` on 127.0.0.1, every request
checked against protocol §5 and §7 and recorded, answered from a script of replies (candidate.info,
once the script is used up, with the candidates the test added)."""

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
COMPLETED_TEXTS = ("candidateId", "partnerId")
COMPLETED_FIELDS = {*COMPLETED_TEXTS, "assessment", "timestamp"}
ASSESSMENT_TEXTS = ("assessmentTypeId", "assessmentId", "assessmentName")
ASSESSMENT_FIELDS = {*ASSESSMENT_TEXTS, "result", "metadata"}


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


def field_violations(body: dict, known: set, texts: tuple, prefix: str = "") -> list:
    """The members of `body` that are not `known`, and those of `texts` that are not non-empty
    strings, each named with `prefix`."""
    problems = [f"unknown field {prefix}{name}" for name in body if name not in known]
    return problems + [f"{prefix}{name} is not a non-empty string" for name in texts
                       if not isinstance(body.get(name), str) or not body[name]]


def timestamp_violations(body: dict) -> list:
    """What is wrong with the timestamp of `body`, which protocol §5 requires."""
    timestamp = body.get("timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool) or timestamp <= 0:
        return [f"timestamp {timestamp!r} is not a positive integer"]
    return []


def metadata_blobs(metadata, field: str) -> tuple:
    """The blobs of the array `metadata` as (field name, blob) pairs, and what is wrong when it
    is no array."""
    if not isinstance(metadata, list):
        return [], [f"{field} is not an array"]
    return [(f"{field}[{index}]", blob) for index, blob in enumerate(metadata)], []


def blobs_violations(blobs: list) -> list:
    """What is wrong with each of `blobs`, (field name, blob) pairs, and with their identifiers,
    which must be unique."""
    problems = [problem for field, blob in blobs for problem in blob_violations(blob, field)]
    identifiers = [blob.get("identifier") for _, blob in blobs if isinstance(blob, dict)]
    if len(identifiers) != len(set(identifiers)):
        problems.append(f"identifiers {identifiers} are not unique")
    return problems


def update_violations(body) -> list:
    """What is wrong with an assessment.update body against protocol §5."""
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    problems = field_violations(body, UPDATE_FIELDS, ("assessment_id",)) + timestamp_violations(body)
    blobs, metadata_problems = metadata_blobs(body.get("metadata", []), "metadata")
    named_blobs = [(name, body[name]) for name in UPDATE_BLOBS if name in body]
    problems += metadata_problems + blobs_violations(named_blobs + blobs)
    if "assessment_status" not in body and "cancelled_reason" not in body:
        problems.append("assessment_status is missing without a cancelled_reason")
    if "assessment_result" in body and "assessment_profile_url" not in body:
        problems.append("assessment_profile_url is missing beside assessment_result")
    if "assessment_result" in body and "cancelled_reason" in body:
        problems.append("assessment_result and cancelled_reason are both there")
    if isinstance(body.get("assessment_profile_url"), dict) and body["assessment_profile_url"].get("type") != "url":
        problems.append("assessment_profile_url is not of type url")
    return problems


def completed_violations(body) -> list:
    """What is wrong with an assessment.addCompletedToCandidate body against protocol §5."""
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    problems = field_violations(body, COMPLETED_FIELDS, COMPLETED_TEXTS) + timestamp_violations(body)
    assessment = body.get("assessment")
    if not isinstance(assessment, dict):
        return problems + ["assessment is not an object"]
    problems += field_violations(assessment, ASSESSMENT_FIELDS, ASSESSMENT_TEXTS, "assessment.")
    if "metadata" not in assessment:
        problems.append("assessment.metadata is missing")
    blobs, metadata_problems = metadata_blobs(assessment.get("metadata", []), "assessment.metadata")
    return problems + metadata_problems + blobs_violations([("assessment.result", assessment.get("result"))] + blobs)


def candidate_info_violations(body) -> list:
    """What is wrong with a candidate.info body: it asks for one candidate by id, nothing else."""
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    return field_violations(body, {"id"}, ("id",))


# The methods of Ashby's API that the bridge calls, by path, with the rules of their bodies.
METHODS = {"/assessment.update": update_violations,
           "/assessment.addCompletedToCandidate": completed_violations,
           "/candidate.info": candidate_info_violations}


class FakeAshby:
    """Ashby's API on a loopback port of its own, until the test ends. It expects `api_key` as the
    Basic user name with an empty password."""

    def __init__(self, test: unittest.TestCase, api_key: str):
        self.authorization = "Basic " + base64.b64encode((api_key + ":").encode()).decode()
        self.condition = threading.Condition()
        self.script = []
        self.candidates = {}
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

    def add_candidate(self, results: dict):
        """What candidate.info answers for the candidate `results["id"]`: `results`, in Ashby's
        success envelope."""
        with self.condition:
            self.candidates[results["id"]] = results

    def wait_for_requests(self, count: int) -> list:
        """Waits until `count` requests have come; returns them all, in the order they came."""
        with self.condition:
            if not self.condition.wait_for(lambda: len(self.received) >= count, timeout=WAIT_SECONDS):
                raise AssertionError(f"{count} requests never came; got {self.received!r}")
            return list(self.received)

    def next_reply(self, path: str, body) -> Reply:
        """The next scripted reply; once the script is used up a success, which for candidate.info
        carries the candidate asked for, or is Ashby's not_found refusal for one never added."""
        with self.condition:
            if self.script:
                return self.script.pop(0)
            if path != "/candidate.info":
                return success()
            wanted = body.get("id") if isinstance(body, dict) else None
            if wanted not in self.candidates:
                return Reply(body={"success": False, "errorInfo": {"code": "not_found", "message": "no such candidate"}})
            return Reply(body={"success": True, "results": self.candidates[wanted]})

    def check(self, headers: dict, path: str, body) -> list:
        """What is wrong with one request against protocol §5: its path, its headers, and its body
        by the rules of the method that the path names."""
        problems = []
        body_violations = METHODS.get(path)
        if body_violations is None:
            problems.append(f"path {path!r} is not one of {sorted(METHODS)}")
        expected = {"authorization": self.authorization, "content-type": "application/json",
                    "accept": "application/json; version=1"}
        for name, value in expected.items():
            if headers.get(name) != value:
                problems.append(f"{name} is {headers.get(name)!r}, not {value!r}")
        if not headers.get("user-agent", "").startswith("ashbyknit/"):
            problems.append(f"user-agent {headers.get('user-agent')!r} does not start with ashbyknit/")
        return problems + (body_violations(body) if body_violations else [])

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
                reply = fake.next_reply(self.path, body)
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
