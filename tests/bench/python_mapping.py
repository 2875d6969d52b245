"""The plain-Python mapping that scripts/bench.sh compares the library's mapper with.

Maps Ashby's start fixture to Knit's record.new event the way a Python service would without the
library: json.loads, a dict built field by field (the required ids checked), fresh ids from the
OS CSPRNG, json.dumps. It first checks that its event parses to the library's (through the
ashbyknit module, with the same pinned id and time; the eventId suffix is random on both sides),
then prints the median ns per mapping over several runs: "python_map_start_ns <ns>".

Usage: python3 python_mapping.py FIXTURES_DIR   (ASHBYKNIT_LIBRARY and PYTHONPATH as the tests set)
"""

import json
import pathlib
import os
import statistics
import sys
import time

import ashbyknit

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
UNBIASED_BELOW = 256 - 256 % len(ALPHABET)


def random_text(count: int) -> str:
    """`count` letters of ALPHABET from one read of the OS CSPRNG (bytes that would bias it are
    skipped, and a rare short draw reads again)."""
    letters = [ALPHABET[byte % len(ALPHABET)] for byte in os.urandom(count + 8) if byte < UNBIASED_BELOW]
    return "".join(letters[:count]) if len(letters) >= count else random_text(count)


def required_id(section: dict, name: str) -> str:
    value = section.get("ashby_id")
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name}.ashby_id is missing")
    return value


def map_start(body: bytes, catalogue: dict, assessment_id: str | None = None, now_ms: int | None = None) -> str:
    request = json.loads(body)
    candidate, application, job = request["candidate"], request["application"], request["job"]
    type_id = request.get("assessment_type_id")
    if not isinstance(type_id, str) or not type_id:
        raise ValueError("assessment_type_id is missing")
    candidate_id = required_id(candidate, "candidate")
    application_id = required_id(application, "application")
    job_id = required_id(job, "job")
    now_ms = now_ms or time.time_ns() // 1_000_000
    record_id = assessment_id or "ats_ass_" + random_text(21)
    package = catalogue.get(type_id, {})
    email, profile_url = candidate.get("email"), candidate.get("ashby_profile_url")
    event = {
        "eventType": "record.new",
        "eventData": {
            "candidateAssessment": {
                "applicationId": application_id,
                "assessmentPackage": {
                    "description": package.get("description"),
                    "id": type_id,
                    "metaData": package.get("metaData"),
                    "name": package.get("name"),
                    "type": package.get("type"),
                },
                "callbackUrl": None,
                "candidate": {
                    "emails": [{"email": email, "type": "PRIMARY"}] if email is not None else None,
                    "firstName": candidate.get("first_name"),
                    "id": candidate_id,
                    "lastName": candidate.get("last_name"),
                    "links": [profile_url] if profile_url is not None else None,
                    "location": None,
                    "phones": None,
                },
                "id": record_id,
                "jobId": job_id,
                "metaData": None,
                "originData": request,
                "status": "NOT_SPECIFIED",
            }
        },
        "eventId": f"evt_{now_ms}{random_text(10)}",
        "recordId": record_id,
        "syncType": "real_time",
        "syncDataType": "ats_assessments",
        "syncJobId": "ats_assessments_real_time",
        "syncRunId": f"real_time_{now_ms}",
        "triggeredAt": now_ms,
    }
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


def without_event_id(event_json: str) -> dict:
    event = json.loads(event_json)
    del event["eventId"]
    return event


def main() -> None:
    fixtures = pathlib.Path(sys.argv[1])
    body = (fixtures / "ashby-assessment-start.json").read_bytes()
    packages_json = (fixtures / "packages.json").read_text()
    catalogue = {package["id"]: package for package in json.loads(packages_json)}

    pinned = {"assessment_id": "ats_ass_a1b2c3d4e5f6g7h8i9j0k", "now_ms": 1734567890123}
    ours = map_start(body, catalogue, **pinned)
    library = ashbyknit.map_start(body, packages_json=packages_json, **pinned)
    if without_event_id(ours) != without_event_id(library):
        sys.exit("python_mapping.py: the plain-Python event differs from the library's")

    iterations, runs = 20_000, 5
    timings = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        for _ in range(iterations):
            map_start(body, catalogue)
        timings.append((time.perf_counter_ns() - started) / iterations)
    print(f"python_map_start_ns {statistics.median(timings):.0f}")


if __name__ == "__main__":
    main()
