#!/usr/bin/env python3
"""Hostile load on `ashbyknit serve`, on 127.0.0.1 only and bounded in time: each attack runs while a
probe makes one ordinary assessment.list call after another, and the script prints, per attack, the
statuses the bad requests got, how long the probe waited (median and worst) and how many of its
calls failed, and serve's memory (resident now and at its peak) and threads.

Usage: scripts/hostile_load.py ASHBYKNIT [SECONDS]
  ASHBYKNIT  the tool, for instance build/dev/examples/cli/ashbyknit
  SECONDS    how long each attack that holds connections lasts (default 10)

Exits 1 when serve dies, a bad request gets another status than its own, or the probe waited as
long as an attack lasted (it was not served while the attack held serve's connections)."""

import base64
import http.client
import os
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
PROBE_TIMEOUT_S = 30


class Serve:
    """serve on a fresh store in `directory`, with the integration "acme" and its secret key."""

    def __init__(self, cli: str, directory: pathlib.Path):
        store = directory / "store.db"
        subprocess.run([cli, "integration", "create", "--db", store, "--id", "acme"], check=True)
        issued = subprocess.run([cli, "secret", "issue", "--db", store, "--integration", "acme",
                                 "--base-url", "http://127.0.0.1/ashby/"], check=True, capture_output=True, text=True)
        self.key = re.search(r'"secretKey":"([^"]+)"', issued.stdout).group(1)
        (directory / "signing.key").write_text("signing key of the hostile load\n")
        self.log = open(directory / "serve.log", "w+b")
        self.process = subprocess.Popen(
            [cli, "serve", "--db", store, "--listen", f"{HOST}:0", "--base-url", "http://127.0.0.1/ashby/",
             "--webhook-url", f"http://{HOST}:9/webhook", "--signing-key-file", directory / "signing.key"],
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            found = re.search(rb"listening on 127\.0\.0\.1:(\d+)", (directory / "serve.log").read_bytes())
            if found:
                self.port = int(found.group(1))
                return
            time.sleep(0.05)
        raise SystemExit("serve did not start: " + (directory / "serve.log").read_text())

    def authorization(self) -> str:
        return "Basic " + base64.b64encode((self.key + ":").encode()).decode()

    def alive(self) -> bool:
        return self.process.poll() is None

    def memory(self) -> dict:
        """Resident and peak resident memory in MiB, and threads, from /proc."""
        status = pathlib.Path(f"/proc/{self.process.pid}/status").read_text()
        value = lambda name: int(re.search(rf"^{name}:\s+(\d+)", status, re.M).group(1))
        return {"rss_mib": value("VmRSS") / 1024, "peak_mib": value("VmHWM") / 1024, "threads": value("Threads")}

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Probe(threading.Thread):
    """Ordinary assessment.list calls, one after another on new connections, until stopped."""

    def __init__(self, serve: Serve):
        super().__init__(daemon=True)
        self.serve = serve
        self.waits = []
        self.failures = 0
        self.finished = threading.Event()

    def run(self):
        while not self.finished.is_set():
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection(HOST, self.serve.port, timeout=PROBE_TIMEOUT_S)
                connection.request("POST", "/ashby/assessment.list", b"{}",
                                   {"Authorization": self.serve.authorization(), "Content-Type": "application/json"})
                ok = connection.getresponse().status == 200
                connection.close()
            except OSError:
                ok = False
            if ok:
                self.waits.append(time.monotonic() - started)
            else:
                self.failures += 1
            time.sleep(0.1)

    def stop(self) -> dict:
        self.finished.set()
        self.join(PROBE_TIMEOUT_S + 5)
        waits = sorted(self.waits) or [float("nan")]
        return {"served": len(self.waits), "failed": self.failures, "median_ms": statistics.median(waits) * 1000,
                "worst_ms": waits[-1] * 1000}


def raw_exchange(serve: Serve, data: bytes, timeout: float = 15) -> int:
    """Sends `data` on a new connection and returns the status of the reply (0 for none)."""
    with socket.create_connection((HOST, serve.port), timeout=timeout) as connection:
        try:
            connection.sendall(data)
        except OSError:
            pass  # the server may refuse before it has read everything
        reply = b""
        try:
            while b"\r\n" not in reply:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except OSError:
            pass
    found = re.match(rb"HTTP/1\.[01] (\d{3})", reply)
    return int(found.group(1)) if found else 0


def request_head(serve: Serve, operation: str, extra: str = "", length: int = None, body: bytes = b"") -> bytes:
    length = len(body) if length is None else length
    return (f"POST /ashby/{operation} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: {serve.authorization()}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n{extra}Connection: close\r\n\r\n"
            ).encode() + body


def bad_requests(serve: Serve) -> list:
    """Each bad request once: (what, expected statuses, got)."""
    start = b'{"application":{"ashby_id":"app_1"},"assessment_type_id":"x","candidate":{"ashby_id":"c"}}'
    cases = [
        ("header of 64 KiB", (400, 431), request_head(serve, "assessment.list", "X-Big: " + "a" * 65536 + "\r\n",
                                                      body=b"{}")),
        ("10 GB Content-Length", (413,), request_head(serve, "assessment.start", length=10 * 1024 ** 3)),
        ("invalid UTF-8", (400,), request_head(serve, "assessment.start", body=start.replace(b"app_1", b"app_\xff\xfe"))),
        ("JSON nested 100 000 deep", (400,), request_head(serve, "assessment.start", body=b"[" * 100_000 + b"]" * 100_000)),
        ("a URI of 64 KiB", (400, 414), f"GET /ashby/{'a' * 65536} HTTP/1.1\r\nHost: x\r\n\r\n".encode()),
    ]
    return [(what, expected, raw_exchange(serve, data)) for what, expected, data in cases]


def hold_connections(serve: Serve, count: int, seconds: float, dribble: bool) -> int:
    """Opens `count` connections and holds them for `seconds`: idle, or (dribble) sending a
    request's head one byte every second, as slowloris does. Returns how many were opened."""
    sockets = []
    for _ in range(count):
        try:
            sockets.append(socket.create_connection((HOST, serve.port), timeout=5))
        except OSError:
            break
    head = request_head(serve, "assessment.list", body=b"{}")
    deadline = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < deadline:
        if dribble and sent < len(head):
            for held in sockets:
                try:
                    held.send(head[sent:sent + 1])
                except OSError:
                    pass
            sent += 1
        time.sleep(1)
    for held in sockets:
        held.close()
    return len(sockets)


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    cli, seconds = sys.argv[1], float(sys.argv[2]) if len(sys.argv) == 3 else 10.0
    problems = []
    with tempfile.TemporaryDirectory() as directory:
        serve = Serve(cli, pathlib.Path(directory))
        try:
            print(f"{'attack':<34} {'probe served/failed':>19} {'median ms':>10} {'worst ms':>10} "
                  f"{'rss MiB':>8} {'peak MiB':>9} {'threads':>8}")
            baseline = serve.memory()
            attacks = [
                ("bad requests (each once)", lambda: bad_requests(serve)),
                ("1000 idle connections", lambda: hold_connections(serve, 1000, seconds, dribble=False)),
                ("200 slowloris connections", lambda: hold_connections(serve, 200, seconds, dribble=True)),
                ("10000 concurrent connections", lambda: hold_connections(serve, 10_000, seconds, dribble=False)),
            ]
            print(f"{'(before)':<34} {'':>19} {'':>10} {'':>10} {baseline['rss_mib']:>8.1f} "
                  f"{baseline['peak_mib']:>9.1f} {baseline['threads']:>8}")
            for name, attack in attacks:
                probe = Probe(serve)
                probe.start()
                outcome = attack()
                time.sleep(1)
                waited = probe.stop()
                if not serve.alive():
                    problems.append(f"serve died during {name}")
                    break
                memory = serve.memory()
                print(f"{name:<34} {waited['served']:>9}/{waited['failed']:<9} {waited['median_ms']:>10.1f} "
                      f"{waited['worst_ms']:>10.1f} {memory['rss_mib']:>8.1f} {memory['peak_mib']:>9.1f} "
                      f"{memory['threads']:>8}")
                if isinstance(outcome, list):
                    for what, expected, got in outcome:
                        print(f"  {what:<32} status {got} (expected {' or '.join(map(str, expected))})")
                        if got not in expected:
                            problems.append(f"{what}: status {got}, not {expected}")
                else:
                    print(f"  {outcome} connections held")
                if waited["served"] == 0 or (not isinstance(outcome, list) and waited["worst_ms"] >= 900 * seconds):
                    problems.append(f"the probe was not served while {name} were held")
        finally:
            serve.stop()
    for problem in problems:
        print("NOT WELL: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
