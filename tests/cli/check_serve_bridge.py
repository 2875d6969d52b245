"""Checks the Python server example (examples/python/serve_bridge.py) by running it for real on
127.0.0.1, with a temporary store and a webhook receiver of this script's own:

- it prints a new integration's {"secretKey", "baseUrl"} and the address it listens on;
- Ashby's calls made with that key (HTTP Basic) get the bridge's replies: a start and a cancel
  answered 200 with the assessment_id, a call without credentials 401;
- the record.new reaches the webhook signed (X-Knit-Signature over the exact body, under the key
  in --signing-key-file); the receiver refuses it once, and it comes again after the visibility
  timeout, with the same bytes and a new execution id, before the record.deleted; both are then
  acknowledged: nothing comes again, and the store counts two delivered events;
- SIGTERM stops it with exit status 0, and started again on the same store it issues no new key
  while the first still works.

Usage: check_serve_bridge.py PROGRAM [ARGUMENTS...]
(AK_FIXTURES_DIR names tests/fixtures; ASHBYKNIT_LIBRARY and PYTHONPATH reach the binding)
"""

import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import pathlib
import queue
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
from typing import NamedTuple

import ashbyknit
from cli_support import START_FIXTURE, fixture_json

TIMEOUT = 30  # seconds to wait for anything the program should do
INTEGRATION_ID = "acme"
LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


class CheckFailed(Exception):
    pass


def expect(condition: bool, what: str):
    if not condition:
        raise CheckFailed(what)


class Delivery(NamedTuple):
    """One POST the webhook received, and whether it refused it."""

    path: str
    headers: http.client.HTTPMessage
    body: bytes
    refused: bool


class Receiver(http.server.ThreadingHTTPServer):
    """A webhook on 127.0.0.1 that records every POST as (headers, body) and refuses the first
    one with 503."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.deliveries = queue.Queue()
        self.refuse_next = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/webhooks/knit"

    def next_delivery(self, timeout: float = TIMEOUT):
        try:
            return self.deliveries.get(timeout=timeout)
        except queue.Empty:
            return None


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        refused, self.server.refuse_next = self.server.refuse_next, False
        self.server.deliveries.put(Delivery(self.path, self.headers, body, refused))
        self.send_response(503 if refused else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *arguments):
        pass


class Program:
    """The example, running: its stdout read line by line, its stderr kept in a file."""

    def __init__(self, command, stderr_path: pathlib.Path):
        environment = {
            name: value
            for name, value in os.environ.items()
            if name != "AK_SIGNING_KEY" and not name.lower().endswith("_proxy")
        }
        self.stderr_path = stderr_path
        with open(stderr_path, "ab") as stderr:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=environment)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.decode("utf-8").rstrip("\n"))
        self.lines.put(None)

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            line = None
        expect(line is not None, f"the program printed nothing more; stderr: {self.stderr()}")
        return line

    def listening_port(self, line: str) -> int:
        match = LISTENING.fullmatch(line)
        expect(match is not None, f"not the address it listens on: {line!r}")
        return int(match.group(1))

    def stop(self) -> int:
        """Sends SIGTERM and returns the exit status."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"still running {TIMEOUT} s after SIGTERM; stderr: {self.stderr()}") from None

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


def call(port: int, path: str, body: bytes, secret_key: str | None):
    """POSTs one of Ashby's calls; returns the status and the parsed reply."""
    headers = {"Content-Type": "application/json"}
    if secret_key is not None:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def signed_event(delivery: Delivery, signing_key: bytes, what: str):
    """Checks a delivery's headers and signature; returns its event, parsed."""
    headers = delivery.headers
    expect(delivery.path == "/webhooks/knit", f"{what}: posted to {delivery.path}")
    expect(headers["Content-Type"] == "application/json", f"{what}: Content-Type {headers['Content-Type']!r}")
    integration = headers["X-Knit-Integration-Id"]
    expect(integration == INTEGRATION_ID, f"{what}: integration {integration!r}")
    expect(bool(headers["X-Knit-Execution-Id"]), f"{what}: no X-Knit-Execution-Id")
    mac = hmac.new(signing_key, delivery.body, hashlib.sha256).digest()
    expected = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    signature = headers["X-Knit-Signature"] or ""
    expect(hmac.compare_digest(signature, expected), f"{what}: the signature does not verify under the signing key")
    return json.loads(delivery.body)


def check(command, directory: pathlib.Path):
    signing_key = secrets.token_urlsafe(24).encode()
    key_file = directory / "signing.key"
    key_file.write_bytes(signing_key + b"\n")  # the newline an editor adds is not part of the key
    store = directory / "bridge.db"
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    arguments = [*command, "--db", store, "--listen", "127.0.0.1:0", "--webhook-url", receiver.url,
                 "--signing-key-file", key_file, "--integration", INTEGRATION_ID, "--visibility-timeout", "1"]
    arguments = [str(argument) for argument in arguments]
    programs = []
    try:
        program = Program(arguments, directory / "stderr.txt")
        programs.append(program)
        issued = json.loads(program.next_line())
        port = program.listening_port(program.next_line())
        expect(issued["baseUrl"] == f"http://127.0.0.1:{port}/ashby/", f"base URL {issued['baseUrl']}")
        secret_key = issued["secretKey"]

        status, reply = call(port, "/ashby/assessment.start", START_FIXTURE.read_bytes(), None)
        expect(status == 401 and reply["errorInfo"]["code"] == "unauthorized", f"without a key: {status} {reply}")

        status, reply = call(port, "/ashby/assessment.start", START_FIXTURE.read_bytes(), secret_key)
        expect(status == 200 and reply["success"] is True, f"start: {status} {reply}")
        assessment_id = reply["results"]["assessment_id"]
        expect(re.fullmatch(r"ats_ass_[a-z0-9]{21}", assessment_id) is not None, f"assessment id {assessment_id!r}")
        cancel = json.dumps({"assessment_id": assessment_id}).encode()
        status, reply = call(port, "/ashby/assessment.cancel", cancel, secret_key)
        expect(status == 200 and reply["results"]["assessment_id"] == assessment_id, f"cancel: {status} {reply}")

        refused = receiver.next_delivery()
        expect(refused is not None, f"no event reached the webhook; stderr: {program.stderr()}")
        event = signed_event(refused, signing_key, "the first delivery")
        expect(refused.refused and event["eventType"] == "record.new", f"not the record.new first: {event['eventType']}")
        expect(event["recordId"] == assessment_id, f"record.new for {event['recordId']}")
        expect(event["eventData"]["candidateAssessment"]["originData"] == fixture_json(START_FIXTURE),
               "originData is not the start body")

        again = receiver.next_delivery()
        expect(again is not None, f"the refused record.new was not sent again; stderr: {program.stderr()}")
        event = signed_event(again, signing_key, "the second delivery")
        expect(event["eventType"] == "record.new", f"the refused record.new was not sent again first: {event['eventType']}")
        expect(again.body == refused.body, "the record.new sent again is not the same bytes")
        execution_ids = again.headers["X-Knit-Execution-Id"], refused.headers["X-Knit-Execution-Id"]
        expect(execution_ids[0] != execution_ids[1], f"the same execution id twice: {execution_ids[0]}")

        deleted = receiver.next_delivery()
        expect(deleted is not None, f"no record.deleted reached the webhook; stderr: {program.stderr()}")
        event = signed_event(deleted, signing_key, "the third delivery")
        expect(event["eventType"] == "record.deleted" and event["recordId"] == assessment_id,
               f"not the record.deleted of {assessment_id}: {event['eventType']} {event['recordId']}")

        # Acknowledged events are not handed out again, visibility timeout or not.
        extra = receiver.next_delivery(timeout=3)
        expect(extra is None, f"an event came again after it was delivered: {extra and extra.body[:80]}")

        status = program.stop()
        expect(status == 0, f"exit status {status} after SIGTERM; stderr: {program.stderr()}")
        with ashbyknit.Store.open(store) as opened:
            counts = opened.event_counts()
        expect(counts == (0, 2, 0), f"events pending, delivered, dead-lettered: {tuple(counts)}")

        # A store with an integration gets no new key: the one Ashby holds keeps working.
        program = Program(arguments, directory / "stderr.txt")
        programs.append(program)
        port = program.listening_port(program.next_line())
        status, reply = call(port, "/ashby/assessment.list", b"{}", secret_key)
        expect(status == 200 and reply["success"] is True, f"list after a restart: {status} {reply}")
        status = program.stop()
        expect(status == 0, f"exit status {status} after SIGTERM; stderr: {program.stderr()}")
    finally:
        for program in programs:
            program.kill()
        receiver.shutdown()
        receiver.server_close()


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory() as directory:
            check(argv[1:], pathlib.Path(directory))
    except CheckFailed as failure:
        print(f"check_serve_bridge: {failure}", file=sys.stderr)
        return 1
    print(f"check_serve_bridge: {' '.join(argv[1:])}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
