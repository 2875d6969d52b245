#!/usr/bin/env python3
"""The replicas test: three `ashbyknit serve` processes share one PostgreSQL database (a server of
the test's own), client threads spread Ashby's calls over them, and one replica is SIGKILLed again
and again and started again, while a webhook refuses a share of the events. At the end every start
and cancel a replica accepted must have reached the webhook as an event, in order per assessment,
duplicates being the same event again, and the store must hold nothing undelivered.

usage: replicas_test.py ASHBYKNIT [--starts N] [--cancels N] [--kills N] [--seed N]
"""

import argparse
import base64
import http.client
import json
import pathlib
import random
import secrets
import subprocess
import sys
import threading
import time

import ashby_calls
import delivery_checks
from postgres_server import PostgresServer
from seeded_run import add_call_options, run_seeded
from webhook_receiver import WebhookReceiver

REPLICAS = 3
CLIENTS = 8  # threads making calls at once
REFUSAL_SHARE = 0.1  # of the webhook's answers that are 500
LEASE_SECONDS = 3  # a killed replica's claimed events go again after this
CALL_TIMEOUT = 60  # seconds for one call, even with a Debug build under sanitizers
START_TIMEOUT = 30  # seconds for a replica to listen
MAX_DOWN_TIME = 0.3  # seconds a killed replica stays down before it starts again
DRAIN_TIMEOUT = 300  # seconds for the replicas to deliver everything after the last call
DRAIN_POLL = 0.5  # seconds between looks at the webhook while they drain
BASE_PATH = "/ashby/"


class ReplicaFailed(Exception):
    """A replica did not start, or did not stop as asked."""


class Replica:
    """One `serve` on the shared database, its stderr appended to `log`; listening once built."""

    def __init__(self, command: list[str], log: pathlib.Path):
        self._command = command
        self._log = log
        self._process = None
        self.port = 0
        self.start()

    def start(self) -> None:
        """Starts serve and waits until it listens; its port is then `port`."""
        offset = self._log.stat().st_size if self._log.exists() else 0
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(self._command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=log)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            with self._log.open("rb") as log:
                log.seek(offset)
                for line in log.read().decode(errors="replace").splitlines():
                    if " listening on 127.0.0.1:" in line:
                        self.port = int(line.split(" listening on 127.0.0.1:")[1].split(",")[0])
                        return
            if self._process.poll() is not None:
                raise ReplicaFailed(f"serve exited with status {self._process.returncode} before listening")
            time.sleep(0.05)
        raise ReplicaFailed(f"serve did not listen within {START_TIMEOUT} s")

    def kill(self) -> None:
        """SIGKILLs serve, wherever it is."""
        self._process.kill()
        self._process.wait()

    def stop(self) -> int:
        """SIGTERMs serve and returns its exit status (0 when it stopped cleanly)."""
        self._process.terminate()
        try:
            return self._process.wait(CALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise ReplicaFailed(f"serve did not stop within {CALL_TIMEOUT} s of SIGTERM") from None

    def close(self) -> None:
        """Kills serve if it still runs."""
        if self._process is not None and self._process.poll() is None:
            self.kill()


class LoadDriver:
    """The calls, made by CLIENTS threads, each to a replica chosen at random. A call whose
    connection fails (its replica was killed) has an unknown outcome and counts for nothing; any
    reply but an acceptance is a violation."""

    def __init__(self, replicas: list[Replica], authorization: str, rng: random.Random, starts: int, cancels: int):
        self._replicas = replicas
        self._authorization = authorization
        self._random = rng
        self._lock = threading.Lock()
        self._calls = ashby_calls.CallMix(rng, starts, cancels)  # used under the lock
        self.accepted_starts: list[str] = []
        self.accepted_cancels: list[str] = []
        self.unknown_outcomes = 0
        self.refused_replies: list[str] = []
        self.calls_made = 0

    def run(self, between_calls) -> None:
        """Makes every call; `between_calls(calls_made)` runs on this thread meanwhile, until the
        clients are done."""
        clients = [threading.Thread(target=self._client, args=(self._random.randrange(2**32),)) for _ in range(CLIENTS)]
        for client in clients:
            client.start()
        while any(client.is_alive() for client in clients):
            between_calls(self.calls_made)
            time.sleep(0.005)
        for client in clients:
            client.join()

    def _client(self, seed: int) -> None:
        rng = random.Random(seed)
        connections: dict[int, http.client.HTTPConnection] = {}
        while (call := self._next_call()) is not None:
            operation, body, target = call
            port = rng.choice(self._replicas).port
            reply = self._post(connections, port, operation, body)
            with self._lock:
                self.calls_made += 1
                if reply is None:
                    self.unknown_outcomes += 1
                    continue
                try:
                    assessment_id = ashby_calls.accepted_in(*reply)
                except ashby_calls.UnexpectedReply as refusal:
                    self.refused_replies.append(f"{operation} on port {port}: {refusal}")
                    continue
                if operation == "assessment.start":
                    self.accepted_starts.append(assessment_id)
                    self._calls.start_accepted(assessment_id)
                elif assessment_id != target:
                    self.refused_replies.append(f"the cancel of {target} was answered for {assessment_id}")
                else:
                    self.accepted_cancels.append(assessment_id)
        for connection in connections.values():
            connection.close()

    def _next_call(self) -> tuple[str, str, str | None] | None:
        """The next call (operation, body, the assessment a cancel is for), or None when none is left
        that can be made now."""
        with self._lock:
            call = self._calls.next_call()
        if call is None:
            return None
        operation, subject = call
        if operation == "start":
            return "assessment.start", ashby_calls.start_body(subject), None
        return "assessment.cancel", ashby_calls.cancel_body(subject), subject

    def _post(self, connections: dict, port: int, operation: str, body: str) -> tuple[int, str] | None:
        """The status and body of the reply, or None when the connection failed."""
        connection = connections.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=CALL_TIMEOUT)
        connections[port] = connection
        try:
            connection.request("POST", BASE_PATH + operation, body.encode(),
                               {"Authorization": self._authorization, "Content-Type": "application/json"})
            reply = connection.getresponse()
            return reply.status, reply.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            connection.close()
            del connections[port]
            return None


class Killer:
    """Kills the first replica once the calls made pass each of `kill_points` (all below the number
    of starts, so that every kill comes), and starts it again a moment later."""

    def __init__(self, replica: Replica, rng: random.Random, kill_points: list[int]):
        self._replica = replica
        self._random = rng
        self._kill_points = sorted(kill_points)
        self.kills = 0

    def __call__(self, calls_made: int) -> None:
        if self._kill_points and calls_made >= self._kill_points[0]:
            self._kill_points.pop(0)
            self._replica.kill()
            self.kills += 1
            time.sleep(self._random.uniform(0, MAX_DOWN_TIME))
            self._replica.start()


def cli(ashbyknit: str, *arguments: str) -> str:
    """What the command prints; raises when it fails."""
    done = subprocess.run([ashbyknit, *arguments], capture_output=True, text=True)
    if done.returncode != 0:
        raise ReplicaFailed(f"ashbyknit {arguments[0]} {arguments[1]} failed: {done.stderr.strip()}")
    return done.stdout


def store_counts(ashbyknit: str, store: str) -> dict:
    """The store's events by delivery state: {"pending", "dead_lettered", "delivered"}."""
    counted = json.loads(cli(ashbyknit, "events", "count", "--db", store))
    return {"pending": counted["pending"], "dead_lettered": counted["deadLettered"], "delivered": counted["acknowledged"]}


def await_drain(ashbyknit: str, store: str, driver: LoadDriver, receiver: WebhookReceiver) -> None:
    """Returns once every accepted call's event has arrived and the store holds none pending (an
    event a killed replica sent without recording it waits for its lease to end, then goes again),
    or at the deadline, or once the webhook rejects a request."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while time.monotonic() < deadline and not receiver.snapshot()[1]:
        outcome = delivery_checks.check(driver.accepted_starts, driver.accepted_cancels, receiver.snapshot()[0])
        if outcome.lost == 0 and store_counts(ashbyknit, store)["pending"] == 0:
            return
        time.sleep(DRAIN_POLL)


def run(options: argparse.Namespace, seed: int, folder: pathlib.Path) -> int:
    """The whole test with its files in `folder`; returns the exit status."""
    began = time.monotonic()
    rng = random.Random(seed)
    signing_key = secrets.token_urlsafe(32)
    (folder / "signing.key").write_text(signing_key + "\n")
    with PostgresServer() as database, WebhookReceiver(signing_key.encode(), REFUSAL_SHARE, seed) as receiver:
        store = database.url
        cli(options.ashbyknit, "integration", "create", "--db", store, "--id", "replicas")
        issued = cli(options.ashbyknit, "secret", "issue", "--db", store, "--integration", "replicas",
                     "--base-url", f"http://127.0.0.1{BASE_PATH}")
        secret_key = json.loads(issued)["secretKey"]
        command = [options.ashbyknit, "serve", "--db", store, "--listen", "127.0.0.1:0",
                   "--base-url", f"http://127.0.0.1{BASE_PATH}", "--webhook-url", receiver.url,
                   "--signing-key-file", str(folder / "signing.key"), "--workers", "2",
                   "--lease-seconds", str(LEASE_SECONDS), "--first-retry-ms", "50", "--max-retry-ms", "500"]
        replicas = []
        try:
            for number in range(REPLICAS):
                replicas.append(Replica(command, folder / f"serve-{number}.log"))
            authorization = "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode()
            driver = LoadDriver(replicas, authorization, rng, options.starts, options.cancels)
            # The killer draws from a generator of its own: the clients' calls draw from `rng`.
            killer = Killer(replicas[0], random.Random(rng.randrange(2**32)),
                            rng.sample(range(1, options.starts), options.kills))
            driver.run(killer)
            await_drain(options.ashbyknit, store, driver, receiver)
            statuses = [replica.stop() for replica in replicas]
        except ReplicaFailed as failure:
            print(f"replicas_no_loss: seed {seed}: FAILED: {failure}", file=sys.stderr)
            return 1
        finally:
            for replica in replicas:
                replica.close()
        outcome = delivery_checks.check(driver.accepted_starts, driver.accepted_cancels, receiver.snapshot()[0])
        counts = store_counts(options.ashbyknit, store)
        violations = outcome.violations + delivery_checks.other_violations(receiver, counts, outcome)
        violations += [f"a replica answered {refusal}" for refusal in driver.refused_replies[:5]]
        violations += [f"a replica exited with status {status} on SIGTERM" for status in statuses if status != 0]
        if killer.kills != options.kills:
            violations.append(f"the replica was killed {killer.kills} times, not {options.kills}")
        print(f"replicas_no_loss: seed {seed}: {REPLICAS} replicas on PostgreSQL, accepted starts "
              f"{len(driver.accepted_starts)}, accepted cancels {len(driver.accepted_cancels)}, unknown outcomes "
              f"{driver.unknown_outcomes}, kills {killer.kills}, {delivery_checks.figures(outcome, receiver)}, "
              f"{time.monotonic() - began:.1f} s", flush=True)
    return delivery_checks.verdict("replicas_no_loss", violations)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Kills one of three serve replicas on PostgreSQL under load and "
                                                 "checks that no accepted call is lost.")
    parser.add_argument("ashbyknit", help="the ashbyknit executable")
    add_call_options(parser, starts=1500, cancels=600, kills=5, kills_help="kills of the first replica")
    parsed = parser.parse_args()
    if parsed.cancels < 0 or not 1 <= parsed.kills < parsed.starts:
        parser.error("--kills must be from 1 to fewer than --starts, and --cancels not negative")
    return parsed


if __name__ == "__main__":
    sys.exit(run_seeded(run, arguments(), "ak-replicas-"))
