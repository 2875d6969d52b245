#!/usr/bin/env python3
"""The crash test: thousands of Ashby calls go through ak_crash_host while it is SIGKILLed at
random moments and started again on the same store file, and a webhook refuses a fifth of the
events it is sent. At the end every call the host accepted (its reply was read) must have
reached the webhook as an event, in order, duplicates being the same event again.

usage: crash_test.py HOST [--starts N] [--cancels N] [--kills N] [--seed N]
"""

import argparse
import collections
import json
import pathlib
import random
import secrets
import signal
import sys
import time
from collections.abc import Callable

import ashby_calls
import delivery_checks
from host_process import HostProcess, HostSilent, HostStopped
from seeded_run import add_call_options, run_seeded
from webhook_receiver import WebhookReceiver

REFUSAL_SHARE = 0.2  # of the webhook's answers that are 500
WINDOW = 4  # calls written to the host before its first reply is awaited
REPLY_TIMEOUT = 60  # seconds for one reply, even with a Debug build under sanitizers
DRAIN_TIMEOUT = 300  # seconds for the last host to deliver everything
MAX_KILL_BURST = 24  # calls written at once just before a kill
MAX_KILL_DELAY = 0.03  # seconds between writing them and killing the host
MAX_DRAIN_KILL_DELAY = 0.2  # seconds between closing the host's stdin and killing it
DRAIN_POLL = 2  # seconds between looks at the webhook while the host drains


class LoadDriver:
    """Writes the calls, reads the replies, and kills and restarts the host on schedule."""

    def __init__(self, command: list[str], rng: random.Random, starts: int, cancels: int, kills: int,
                 webhook_rejections: Callable[[], list[str]]):
        self._command = command
        self._random = rng
        # The first kill comes moments after the first host started, often before it has its store.
        self._kill_points = [0] + sorted(rng.sample(range(1, starts + cancels), kills - 1))
        self._calls = ashby_calls.CallMix(rng, starts, cancels)
        self._webhook_rejections = webhook_rejections
        self._in_flight = collections.deque()  # ("start", number) or ("cancel", id), oldest first
        self._host = HostProcess(command)
        self.accepted_starts: list[str] = []
        self.accepted_cancels: list[str] = []
        self.kills = 0

    def run(self) -> dict:
        """Sends every call, kills the host once more while it delivers what is left, and has a
        last host drain and exit. Returns that host's event counts. No host is left running."""
        try:
            self._send_calls()
            self._host.close_input()
            time.sleep(self._random.uniform(0, MAX_DRAIN_KILL_DELAY))
            self._kill_and_restart(input_closed=True)
            self._host.close_input()
            counts = json.loads(self._await_drain())
            status = self._host.wait(REPLY_TIMEOUT)
        finally:
            self._host.close()
        if status != 0:
            raise HostStopped(f"the last host exited with status {status} after draining")
        return counts

    def _send_calls(self) -> None:
        """Sends every call, WINDOW at a time, with the kills in between."""
        sent = 0
        while True:
            if self._kill_points and self._kill_points[0] <= sent:
                self._kill_points.pop(0)
                sent += self._send_burst()
                self._kill_and_restart(input_closed=False)
                continue
            line = self._next_line()
            if line is None:
                if not self._in_flight:
                    return
                self._take_reply(self._host.read_line(REPLY_TIMEOUT))
                continue
            self._host.send(line)
            sent += 1
            while len(self._in_flight) >= WINDOW:
                self._take_reply(self._host.read_line(REPLY_TIMEOUT))

    def _send_burst(self) -> int:
        """Writes up to MAX_KILL_BURST calls without reading a reply; returns how many."""
        count = 0
        for _ in range(self._random.randint(0, MAX_KILL_BURST)):
            line = self._next_line()
            if line is None:
                break
            self._host.send(line)
            count += 1
        return count

    def _kill_and_restart(self, input_closed: bool) -> None:
        """Kills the host a moment from now and starts another on the same store. The replies it
        wrote before dying count; the calls it did not answer may or may not have happened. A
        host whose stdin was closed may have finished and exited by itself."""
        time.sleep(self._random.uniform(0, MAX_KILL_DELAY))
        status, lines = self._host.kill()
        if status == -signal.SIGKILL:
            self.kills += 1
        elif status != 0 or not input_closed:
            raise HostStopped(f"the host ended with status {status} before it was killed")
        for line in lines:
            if self._in_flight:
                self._take_reply(line)
        self._in_flight.clear()
        self._host = HostProcess(self._command)

    def _await_drain(self) -> str:
        """The line in which the last host reports its counts, once it has delivered every event.
        Gives up early when the webhook rejects events, which then never get delivered."""
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while True:
            try:
                return self._host.read_line(DRAIN_POLL)
            except HostSilent:
                if self._webhook_rejections():
                    raise HostStopped("the host cannot drain: the webhook rejects its requests") from None
                if time.monotonic() > deadline:
                    raise HostStopped(f"the host did not deliver every event within {DRAIN_TIMEOUT} s") from None

    def _next_line(self) -> str | None:
        """The next call to send, or None when none can be sent until a start is accepted."""
        call = self._calls.next_call()
        if call is None:
            return None
        operation, subject = call
        self._in_flight.append((operation, subject))
        return ashby_calls.start_line(subject) if operation == "start" else ashby_calls.cancel_line(subject)

    def _take_reply(self, line: str) -> None:
        operation, target = self._in_flight.popleft()
        assessment_id = ashby_calls.accepted_assessment(line)
        if operation == "start":
            self.accepted_starts.append(assessment_id)
            self._calls.start_accepted(assessment_id)
        elif assessment_id != target:
            raise ashby_calls.UnexpectedReply(f"the cancel of {target} was answered {line}")
        else:
            self.accepted_cancels.append(assessment_id)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Kills ak_crash_host under load and checks that no accepted call is lost.")
    parser.add_argument("host", help="the ak_crash_host executable")
    add_call_options(parser, starts=2000, cancels=1000, kills=8, kills_help="kills during the calls, plus one while draining")
    parsed = parser.parse_args()
    if parsed.starts < 1 or parsed.cancels < 0 or not 1 <= parsed.kills <= parsed.starts + parsed.cancels:
        parser.error("--starts must be positive and --kills from 1 to the number of calls")
    return parsed


def run(options: argparse.Namespace, seed: int, folder: pathlib.Path) -> int:
    """The whole test with its files in `folder`; returns the exit status."""
    began = time.monotonic()
    signing_key = secrets.token_urlsafe(32)
    (folder / "signing.key").write_text(signing_key + "\n")
    with WebhookReceiver(signing_key.encode(), REFUSAL_SHARE, seed) as receiver:
        command = [options.host, "--db", str(folder / "store.db"), "--webhook-url", receiver.url,
                   "--signing-key-file", str(folder / "signing.key"), "--key-file", str(folder / "secret.key")]
        driver = LoadDriver(command, random.Random(seed), options.starts, options.cancels, options.kills,
                            lambda: receiver.snapshot()[1])
        try:
            counts = driver.run()
        except (HostStopped, ashby_calls.UnexpectedReply) as failure:
            print(f"crash_no_loss: seed {seed}: FAILED: {failure}", file=sys.stderr)
            for rejection in receiver.snapshot()[1][:5]:
                print(f"crash_no_loss: the webhook rejected a request: {rejection}", file=sys.stderr)
            return 1
        outcome = delivery_checks.check(driver.accepted_starts, driver.accepted_cancels, receiver.snapshot()[0])
        violations = outcome.violations + delivery_checks.other_violations(receiver, counts, outcome)
        print(f"crash_no_loss: seed {seed}: accepted starts {len(driver.accepted_starts)}, "
              f"accepted cancels {len(driver.accepted_cancels)}, kills {driver.kills}, "
              f"{delivery_checks.figures(outcome, receiver)}, {time.monotonic() - began:.1f} s", flush=True)
    return delivery_checks.verdict("crash_no_loss", violations)


if __name__ == "__main__":
    sys.exit(run_seeded(run, arguments(), "ak-crash-"))
