"""Ashby's calls as the crash tests make them, as bodies or as the lines ak_crash_host reads, and
what the replies say."""

import json
import random

_FIRST_NAMES = ["Alex", "Maria", "Kenji", "Amara", "Lucía", "Oskar", "Priya", "Tomás"]
_LAST_NAMES = ["Chen", "Okafor", "Nakamura", "Schmidt", "García", "Lindqvist", "Patel", "Dubois"]
_JOBS = ["Senior Frontend Engineer", "Data Engineer", "Site Reliability Engineer", "Product Designer"]
_STATUSES = ["Active", "IN_REVIEW", "Interview", "Lead"]


class UnexpectedReply(Exception):
    """The host answered a call the way no accepted call is answered."""


def start_body(number: int) -> str:
    """The body of the `number`th assessment.start: a new application, so a new assessment."""
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
    return json.dumps(body, ensure_ascii=False)


def cancel_body(assessment_id: str) -> str:
    """The body of the assessment.cancel of `assessment_id`."""
    return json.dumps({"assessment_id": assessment_id})


def start_line(number: int) -> str:
    """The ak_crash_host stdin line of the `number`th start."""
    return json.dumps({"op": "start", "body": start_body(number)}, ensure_ascii=False)


def cancel_line(assessment_id: str) -> str:
    """The ak_crash_host stdin line that cancels `assessment_id`."""
    return json.dumps({"op": "cancel", "body": cancel_body(assessment_id)})


def accepted_in(status: int, body: str) -> str:
    """The assessment_id in a reply that accepts a start or a cancel: status 200 and the body
    {"success":true,"results":{"assessment_id":...}}."""
    try:
        if status == 200 and (parsed := json.loads(body))["success"] is True:
            return parsed["results"]["assessment_id"]
    except (ValueError, KeyError, TypeError):
        pass
    raise UnexpectedReply(f"the reply was {status} {body[:300]}")


def accepted_assessment(reply_line: str) -> str:
    """The assessment_id in an ak_crash_host reply line that accepts a start or a cancel:
    {"status":200,"body":"..."} with a body as accepted_in() takes it."""
    try:
        reply = json.loads(reply_line)
        return accepted_in(reply["status"], reply["body"])
    except (ValueError, KeyError, TypeError):
        raise UnexpectedReply(f"the host replied {reply_line}") from None


class CallMix:
    """Which call comes next: `starts` starts (numbered down from starts - 1) and up to `cancels`
    cancels, mixed at random, each cancel of an accepted start no cancel was sent for. Not
    thread-safe."""

    def __init__(self, rng: random.Random, starts: int, cancels: int):
        self._random = rng
        self._starts_left = starts
        self._cancels_left = cancels
        self._cancellable: list[str] = []  # accepted starts no cancel was sent for

    def next_call(self) -> tuple[str, int | str] | None:
        """("start", its number) or ("cancel", the assessment id), or None when no call can be made
        until another start is accepted (or at all)."""
        can_cancel = self._cancels_left > 0 and self._cancellable
        if self._starts_left == 0 and not can_cancel:
            return None
        share = self._cancels_left / (self._starts_left + self._cancels_left)
        if can_cancel and (self._starts_left == 0 or self._random.random() < share):
            self._cancels_left -= 1
            chosen = self._random.randrange(len(self._cancellable))
            self._cancellable[chosen], self._cancellable[-1] = self._cancellable[-1], self._cancellable[chosen]
            return "cancel", self._cancellable.pop()
        self._starts_left -= 1
        return "start", self._starts_left

    def start_accepted(self, assessment_id: str) -> None:
        """Makes the accepted start's assessment one that a later call may cancel."""
        self._cancellable.append(assessment_id)
