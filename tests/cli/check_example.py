"""Checks an example program: runs the command line given after this script's name on the start
fixture and checks what it prints (the record.new event, then an X-Knit-Signature line that
verifies under the key it was given), that it runs without AK_SIGNING_KEY, and that it reports a
body the library refuses.

Usage: check_example.py PROGRAM [ARGUMENTS...]    (AK_FIXTURES_DIR names tests/fixtures)
"""

import base64
import hashlib
import hmac
import json
import re
import sys

from cli_support import CANCEL_FIXTURE, PACKAGES_FIXTURE, START_FIXTURE, fixture_json, run_program

KEY = "example key"
SIGNATURE_PREFIX = "X-Knit-Signature: "


class CheckFailed(Exception):
    pass


def expect(condition: bool, what: str):
    if not condition:
        raise CheckFailed(what)


def mapped_event(program, *paths, key):
    """Runs the example on `paths` with `key` in AK_SIGNING_KEY (None: unset); checks it
    succeeds and prints an event and its signature; returns them."""
    result = run_program([*program, *paths], env={} if key is None else {"AK_SIGNING_KEY": key})
    expect(result.returncode == 0, f"exit status {result.returncode}: {result.stderr!r}")
    lines = result.stdout.decode("utf-8").split("\n")
    expect(len(lines) == 3 and lines[2] == "", f"not two lines: {result.stdout!r}")
    expect(lines[1].startswith(SIGNATURE_PREFIX), f"no signature line: {lines[1]!r}")
    event = json.loads(lines[0])
    expect(event["eventType"] == "record.new", f"not a record.new event: {lines[0]}")
    expect(event["eventData"]["candidateAssessment"]["originData"] == fixture_json(START_FIXTURE),
           "originData is not the start body")
    return lines[0], lines[1][len(SIGNATURE_PREFIX):]


def check(program):
    event, signature = mapped_event(program, START_FIXTURE, PACKAGES_FIXTURE, key=KEY)
    mac = hmac.new(KEY.encode(), event.encode("utf-8"), hashlib.sha256).digest()
    expect(signature == base64.urlsafe_b64encode(mac).rstrip(b"=").decode(), f"wrong signature {signature}")
    package = json.loads(event)["eventData"]["candidateAssessment"]["assessmentPackage"]
    expect(package["name"] == "Frontend Engineer Assessment", f"the catalogue was not used: {package}")

    event, signature = mapped_event(program, START_FIXTURE, key=None)
    expect(re.fullmatch(r"[A-Za-z0-9_-]{43}", signature) is not None, f"not a signature: {signature}")
    package = json.loads(event)["eventData"]["candidateAssessment"]["assessmentPackage"]
    expect(package["name"] is None, f"a package name without a catalogue: {package}")

    refused = run_program([*program, CANCEL_FIXTURE], env={"AK_SIGNING_KEY": KEY})
    expect(refused.returncode != 0 and refused.stdout == b"", f"a start without its fields was not refused: {refused}")
    expect(b"assessment_type_id" in refused.stderr, f"the refusal does not name the field: {refused.stderr!r}")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        check(argv[1:])
    except CheckFailed as failure:
        print(f"check_example: {' '.join(argv[1:])}: {failure}", file=sys.stderr)
        return 1
    print(f"check_example: {' '.join(argv[1:])}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
