"""Checks the C host example (examples/c/host.c): runs it on the start fixture with a signing key of
this run's own in AK_SIGNING_KEY, and checks what it prints: the bridge's reply (HTTP 200 and an
assessment_id), then exactly one record.new event for that assessment, whose X-Knit-Signature
verifies under that key over the exact bytes printed, acknowledged once. Also checks that it
reports a call the bridge refuses, and its usage.

Usage: check_c_host.py PROGRAM    (AK_FIXTURES_DIR names tests/fixtures)
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
import sys

from cli_support import CANCEL_FIXTURE, START_FIXTURE, fixture_json, run_program

ASSESSMENT_ID = re.compile(r"ats_ass_[a-z0-9]{21}")
EVENT_HEADERS = ["Content-Type", "X-Knit-Signature", "X-Knit-Integration-Id", "X-Knit-Execution-Id"]


class CheckFailed(Exception):
    pass


def expect(condition: bool, what: str):
    if not condition:
        raise CheckFailed(what)


def headers_of(lines):
    """`Name: value` lines as a dict, in order."""
    pairs = [line.split(": ", 1) for line in lines]
    expect(all(len(pair) == 2 for pair in pairs), f"not header lines: {lines}")
    return dict(pairs)


def check_accepted_call(program):
    key = secrets.token_urlsafe(24)
    result = run_program([program, START_FIXTURE], env={"AK_SIGNING_KEY": key})
    expect(result.returncode == 0, f"exit status {result.returncode}: {result.stderr!r}")
    expect(result.stderr == b"", f"something on stderr: {result.stderr!r}")
    # The reply, then the event, then its acknowledgement, each section followed by a blank line.
    sections = result.stdout.decode("utf-8").split("\n\n")
    expect(len(sections) == 5 and sections[4] == "acknowledged 1\n", f"not a reply and one event: {result.stdout!r}")
    reply_head, reply_body, event_head, event_body = sections[:4]

    status_line, *reply_headers = reply_head.split("\n")
    expect(status_line == "HTTP 200", f"not accepted: {status_line!r} {reply_body!r}")
    expect(headers_of(reply_headers) == {"Content-Type": "application/json"}, f"reply headers: {reply_headers}")
    reply = json.loads(reply_body)
    expect(reply["success"] is True, f"not a success: {reply_body}")
    assessment_id = reply["results"]["assessment_id"]
    expect(ASSESSMENT_ID.fullmatch(assessment_id) is not None, f"not an assessment id: {assessment_id!r}")

    event_line, *event_header_lines = event_head.split("\n")
    headers = headers_of(event_header_lines)
    expect(list(headers) == EVENT_HEADERS, f"event headers: {list(headers)}")
    expect(headers["Content-Type"] == "application/json", f"content type {headers['Content-Type']!r}")
    expect(headers["X-Knit-Integration-Id"] == "acme", f"integration {headers['X-Knit-Integration-Id']!r}")
    mac = hmac.new(key.encode(), event_body.encode("utf-8"), hashlib.sha256).digest()
    expected = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    expect(hmac.compare_digest(headers["X-Knit-Signature"], expected), "the signature does not verify under the key")

    event = json.loads(event_body)
    expect(event_line == f"event {event['eventId']}", f"event line {event_line!r} for {event['eventId']}")
    expect(event["eventType"] == "record.new", f"not a record.new event: {event_body}")
    expect(event["recordId"] == assessment_id, f"recordId {event['recordId']} is not {assessment_id}")
    record = event["eventData"]["candidateAssessment"]
    expect(record["originData"] == fixture_json(START_FIXTURE), "originData is not the start body")


def check_refused_call(program):
    # A cancel body lacks what a start needs: the bridge answers 422, naming the field.
    result = run_program([program, CANCEL_FIXTURE])
    expect(result.returncode == 1, f"exit status {result.returncode} for a refused call")
    stdout = result.stdout.decode("utf-8")
    expect(stdout.startswith("HTTP 422\n"), f"not a 422 reply: {stdout!r}")
    expect("assessment_type_id" in stdout, f"the reply does not name the field: {stdout!r}")
    expect("event " not in stdout, f"an event for a refused call: {stdout!r}")
    expect(b"HTTP 422" in result.stderr, f"the failure is not reported: {result.stderr!r}")

    usage = run_program([program])
    expect(usage.returncode == 2 and b"usage" in usage.stderr, f"no usage: {usage}")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        check_accepted_call(argv[1])
        check_refused_call(argv[1])
    except CheckFailed as failure:
        print(f"check_c_host: {argv[1]}: {failure}", file=sys.stderr)
        return 1
    print(f"check_c_host: {argv[1]}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
