"""Ashby's calls as the crash test writes them to the host, and what the host's replies say."""

import json

_FIRST_NAMES = ["Alex", "Maria", "Kenji", "Amara", "Lucía", "Oskar", "Priya", "Tomás"]
_LAST_NAMES = ["Chen", "Okafor", "Nakamura", "Schmidt", "García", "Lindqvist", "Patel", "Dubois"]
_JOBS = ["Senior Frontend Engineer", "Data Engineer", "Site Reliability Engineer", "Product Designer"]
_STATUSES = ["Active", "IN_REVIEW", "Interview", "Lead"]


class UnexpectedReply(Exception):
    """The host answered a call the way no accepted call is answered."""


def start_line(number: int) -> str:
    """The stdin line of the `number`th start: a new application, so a new assessment."""
    first = _FIRST_NAMES[number % len(_FIRST_NAMES)]
    last = _LAST_NAMES[number // len(_FIRST_NAMES) % len(_LAST_NAMES)]
    candidate_id = f"cand_{number:06d}"
    job = number % len(_JOBS)
    body = {
        "assessment_type_id": "pkg_456",
        "candidate": {
            "ashby_id": candidate_id,
            "first_name": first,
            "last_name": last,
            "email": f"{first.lower()}.{number}@example.com",
            "ashby_profile_url": f"https://app.ashbyhq.com/candidates/{candidate_id}",
        },
        "application": {"ashby_id": f"app_{number:06d}", "status": _STATUSES[number % len(_STATUSES)]},
        "job": {
            "ashby_id": f"job_{job}",
            "name": _JOBS[job],
            "ashby_job_url": f"https://app.ashbyhq.com/jobs/job_{job}",
            "req_id": f"REQ-{100 + job}",
            "hiringTeam": [
                {"userId": f"user_{job}", "firstName": "Sam", "lastName": "Rivera",
                 "email": "sam.rivera@example.com", "role": "Hiring Manager"}
            ],
        },
    }
    return json.dumps({"op": "start", "body": json.dumps(body, ensure_ascii=False)}, ensure_ascii=False)


def cancel_line(assessment_id: str) -> str:
    """The stdin line that cancels `assessment_id`."""
    return json.dumps({"op": "cancel", "body": json.dumps({"assessment_id": assessment_id})})


def accepted_assessment(reply_line: str) -> str:
    """The assessment_id in a reply line that accepts a start or a cancel:
    {"status":200,"body":"{\\"success\\":true,\\"results\\":{\\"assessment_id\\":...}}"}."""
    try:
        reply = json.loads(reply_line)
        body = json.loads(reply["body"])
        if reply["status"] == 200 and body["success"] is True:
            return body["results"]["assessment_id"]
    except (ValueError, KeyError, TypeError):
        pass
    raise UnexpectedReply(f"the host replied {reply_line}")
