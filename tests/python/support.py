"""What the binding's tests share: the fixtures, the values their README pins, and helpers that
edit a start body one field at a time."""

import base64
import copy
import json
import os
import pathlib
import re

import ashbyknit

FIXTURES = pathlib.Path(os.environ.get("AK_FIXTURES_DIR") or pathlib.Path(__file__).resolve().parents[1] / "fixtures")

ASSESSMENT_ID = "ats_ass_a1b2c3d4e5f6g7h8i9j0k"
START_NOW_MS = 1734567890123
CANCEL_NOW_MS = 1734567890999


def fixture(name: str) -> bytes:
    """The bytes of a file in tests/fixtures."""
    return (FIXTURES / name).read_bytes()


def map_start_fixture(**options) -> str:
    """The start fixture mapped with the given keyword options."""
    return ashbyknit.map_start(fixture("ashby-assessment-start.json"), **options)


def fixture_json(name: str):
    """A file of tests/fixtures, parsed."""
    return json.loads(fixture(name))


def start_document() -> dict:
    """A fresh, editable copy of the start fixture, parsed."""
    return copy.deepcopy(_START_DOCUMENT)


def encode(document) -> bytes:
    """A document as the compact UTF-8 JSON a sender would post."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_MISSING = object()


def with_field(path: str, value=_MISSING) -> bytes:
    """The start fixture with the field at a dotted ``path`` set to ``value``, or removed when no
    value is given."""
    document = start_document()
    *parents, leaf = path.split(".")
    container = document
    for key in parents:
        container = container[key]
    if value is _MISSING:
        del container[leaf]
    else:
        container[leaf] = value
    return encode(document)


def event_id_pattern(now_ms: int) -> re.Pattern:
    """What an eventId minted at ``now_ms`` looks like: the 13-digit time and 10 random characters."""
    return re.compile(rf"evt_{now_ms}[a-z0-9]{{10}}")


def candidate_assessment(event: str) -> dict:
    """The candidateAssessment record of an event's JSON text."""
    return json.loads(event)["eventData"]["candidateAssessment"]


def basic_authorization(user: str, password: str = "") -> str:
    """``Basic base64(user:password)``, as Ashby sends its secret key (protocol §2.1)."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def start_assessment(bridge, key: str, application: str) -> str:
    """Plays Ashby's start of the fixture for ``application`` through ``bridge`` with the secret
    ``key``, and returns the new assessment's id; AssertionError when the bridge refuses it."""
    document = start_document()
    document["application"]["ashby_id"] = application
    headers = {"Authorization": basic_authorization(key), "Content-Type": "application/json"}
    reply = bridge.handle("POST", "/ashby/assessment.start", headers, encode(document))
    if reply.status != 200:
        raise AssertionError(f"the bridge refused the start: {reply.status} {reply.body!r}")
    return json.loads(reply.body)["results"]["assessment_id"]


_START_DOCUMENT = fixture_json("ashby-assessment-start.json")
