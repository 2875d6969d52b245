"""`ashbyknit simulate`: Ashby played against a bridge served on 127.0.0.1 (the binding's Bridge
behind Python's http.server), every reply checked, every call counted in the summary."""

import http.server
import itertools
import json
import math
import os
import pathlib
import pty
import re
import socket
import subprocess
import tempfile
import threading
import unittest

import ashbyknit
from cli_support import PACKAGES_FIXTURE, CliTestCase, run_cli
from store_support import BASE_URL, SIGNING_KEY

# The status each kind of call that must be refused gets (protocol §2.1, 2.2, 2.4).
NEGATIVE_STATUSES = {
    "no-credentials": 401,
    "wrong-key": 403,
    "malformed-json": 400,
    "missing-field": 422,
    "unknown-cancel": 200,
    "conflicting-start": 409,
}
SUMMARY_HEADER = ["operation", "calls", "p50_ms", "p90_ms", "p99_ms", "max_ms", "statuses"]
TOTAL_LINE = re.compile(r"total (\d+) calls in \d+\.\d{3} s: \d+\.\d calls/s; (\d+) unexpected; seed (\d+)")

# Characters of the scripts the candidates' names are written in.
SCRIPTS = {
    "Latin with accents": re.compile("[\u00c0-\u024f\u1e00-\u1eff]"),
    "Cyrillic": re.compile("[\u0400-\u04ff]"),
    "Greek": re.compile("[\u0370-\u03ff]"),
    "CJK": re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"),
    "Arabic": re.compile("[\u0600-\u06ff]"),
}


class BridgeServer(http.server.ThreadingHTTPServer):
    """``bridge`` served on 127.0.0.1 at a port of the system's choosing: each POST goes to
    Bridge.handle, and its response goes back as it is, or as ``rewrite(path, response)`` makes
    it, for a bridge that misbehaves."""

    daemon_threads = True
    request_queue_size = 64  # the default 5 drops some of many simultaneous connects, for a second each

    def __init__(self, bridge: ashbyknit.Bridge, rewrite=None) -> None:
        self.bridge = bridge
        self.rewrite = rewrite or (lambda path, response: response)
        self.client_ports = set()  # one per connection a client opened
        super().__init__(("127.0.0.1", 0), _BridgeHandler)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        """The URL to give simulate: this server, with the bridge's base path."""
        return f"http://127.0.0.1:{self.server_address[1]}/ashby/"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


class _BridgeHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: each of simulate's connections makes many calls
    disable_nagle_algorithm = True  # the head and the body go out in separate writes

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.client_ports.add(self.client_address[1])
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        response = self.server.bridge.handle("POST", self.path, self.headers.items(), body)
        status, headers, reply = self.server.rewrite(self.path, response)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args) -> None:
        pass


def parse_summary(output: bytes) -> tuple[dict, dict]:
    """The summary at the end of simulate's stdout: per operation {"calls", "latencies" (p50, p90,
    p99, max), "statuses" ({status, or None for no reply: count})}, and the totals {"calls",
    "unexpected", "seed"}."""
    lines = output.decode().splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("operation "))
    if lines[header].split() != SUMMARY_HEADER:
        raise AssertionError(f"not the summary's header: {lines[header]!r}")
    rows = {}
    for line in lines[header + 1 : -1]:
        name, calls, *latencies, statuses = line.split()
        rows[name] = {
            "calls": int(calls),
            "latencies": [float(latency) for latency in latencies],
            "statuses": {
                None if status == "none" else int(status): int(count)
                for status, count in (pair.split(":") for pair in statuses.split(","))
            },
        }
    total = TOTAL_LINE.fullmatch(lines[-1])
    if total is None:
        raise AssertionError(f"not the summary's last line: {lines[-1]!r}")
    calls, unexpected, seed = (int(group) for group in total.groups())
    return rows, {"calls": calls, "unexpected": unexpected, "seed": seed}


def negatives_per_kind(count: int) -> int:
    """How many calls of each negative kind a run of ``count`` rounds makes: one per 20 rounds."""
    return math.ceil(count / 20)


class SimulateTestCase(CliTestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.directory = pathlib.Path(directory.name)
        self.file_numbers = itertools.count()

    def serve_bridge(self, rewrite=None) -> tuple[ashbyknit.Bridge, BridgeServer, pathlib.Path]:
        """A new store with the integration "acme", one key for it and the fixture's catalogue,
        served; returns the bridge, its server and a file holding the key."""
        bridge = ashbyknit.Bridge(BASE_URL, store_path=self.new_path(".db"), signing_key=SIGNING_KEY,
                                  durability="normal")
        self.addCleanup(bridge.close)
        bridge.store.create_integration("acme")
        bridge.store.set_packages(PACKAGES_FIXTURE.read_text())
        key = bridge.store.issue_key("acme", BASE_URL).secret_key
        server = BridgeServer(bridge, rewrite)
        self.addCleanup(server.close)  # before the bridge closes: cleanups run last first
        key_file = self.new_path(".key")
        key_file.write_text(key + "\n")
        return bridge, server, key_file

    def new_path(self, suffix: str) -> pathlib.Path:
        """A path in the test's directory where no file is yet."""
        return self.directory / f"{next(self.file_numbers)}{suffix}"

    def simulate(self, server: BridgeServer, key_file: pathlib.Path, *options: str):
        return run_cli("simulate", "--base-url", server.base_url, "--key-file", key_file, *options)

    def assertCleanRun(self, result, count: int, bridge: ashbyknit.Bridge) -> dict:
        """A run of ``count`` rounds that found every reply as expected, whose summary counts what
        the store holds; returns the summary's rows."""
        rows, total = parse_summary(self.assertSucceeds(result))
        self.assertEqual(total["unexpected"], 0)
        self.assertEqual(total["calls"], sum(row["calls"] for row in rows.values()))
        self.assertEqual(rows["list"]["statuses"], {200: 1})
        self.assertEqual(rows["custom-fields"]["statuses"], {200: 1})
        self.assertEqual(rows["start"]["statuses"], {200: count})
        for name, status in NEGATIVE_STATUSES.items():
            self.assertEqual(rows[name]["statuses"], {status: negatives_per_kind(count)}, name)
        for name in ("start-retry", "cancel", "cancel-again"):
            if name in rows:
                self.assertEqual(rows[name]["statuses"], {200: rows[name]["calls"]}, name)
        for name, row in rows.items():
            self.assertEqual(row["latencies"], sorted(row["latencies"]), name)

        # Every start made one assessment and one record.new; a first cancel cancelled one and
        # made one record.deleted; retries, second cancels and refused calls made nothing.
        cancels = rows["cancel"]["calls"] if "cancel" in rows else 0
        statuses = [assessment["status"] for assessment in bridge.store.assessments()]
        self.assertEqual(len(statuses), count)
        self.assertEqual(statuses.count("cancelled"), cancels)
        event_types = [event["eventType"] for event in bridge.store.events()]
        self.assertEqual(event_types.count("record.new"), count)
        self.assertEqual(event_types.count("record.deleted"), cancels)
        self.assertEqual(len(event_types), count + cancels)
        return rows

    def assertUnexpected(self, result, *words: str) -> str:
        """Exit 1 with one line on stderr, and the summary on stdout after the unexpected replies,
        which contain every one of ``words``; returns stdout."""
        stderr = result.stderr.decode(errors="replace")
        self.assertEqual(result.returncode, 1, stderr)
        self.assertRegex(stderr, r"^ashbyknit: \d+ of \d+ replies were not as expected[^\n]*\n$")
        output = result.stdout.decode()
        _, total = parse_summary(result.stdout)
        self.assertGreater(total["unexpected"], 0)
        unexpected = "\n".join(line for line in output.splitlines() if line.startswith("unexpected: "))
        for word in words:
            self.assertIn(word, unexpected)
        return output

    def new_record_bodies(self, bridge: ashbyknit.Bridge) -> list[dict]:
        """The candidateAssessment of every record.new event the bridge's store holds."""
        events = [json.loads(event.body) for event in bridge.pull_events(10_000)]
        return [event["eventData"]["candidateAssessment"] for event in events if event["eventType"] == "record.new"]


class CleanRunTest(SimulateTestCase):
    def test_a_clean_run_exits_0_and_its_summary_counts_what_the_store_holds(self):
        bridge, server, key_file = self.serve_bridge()
        rows = self.assertCleanRun(self.simulate(server, key_file, "--count", "60", "--seed", "7"), 60, bridge)
        # This seed draws retries and second cancels among its rounds.
        self.assertGreater(rows["start-retry"]["calls"], 0)
        self.assertGreater(rows["cancel-again"]["calls"], 0)

    def test_the_default_is_20_rounds_on_one_connection(self):
        bridge, server, key_file = self.serve_bridge()
        self.assertCleanRun(self.simulate(server, key_file), 20, bridge)
        # One connection for the list, kept open, and one for the rounds.
        self.assertEqual(len(server.client_ports), 2)

    def test_concurrent_connections_share_the_rounds_and_show_no_progress_without_a_terminal(self):
        bridge, server, key_file = self.serve_bridge()
        self.assertCleanRun(self.simulate(server, key_file, "--count", "1000", "--concurrency", "4"), 1000, bridge)
        self.assertEqual(len(server.client_ports), 1 + 4)

    def test_the_starts_are_realistic_and_varied(self):
        bridge, server, key_file = self.serve_bridge()
        self.assertSucceeds(self.simulate(server, key_file, "--count", "100", "--seed", "11"))
        records = self.new_record_bodies(bridge)
        self.assertEqual(len(records), 100)
        names = " ".join(f"{record['candidate']['firstName']} {record['candidate']['lastName']}" for record in records)
        for script, characters in SCRIPTS.items():
            self.assertRegex(names, characters, script)
        self.assertEqual(len({record["applicationId"] for record in records}), 100)
        self.assertEqual({record["assessmentPackage"]["id"] for record in records}, {"pkg_456"})
        bodies = [record["originData"] for record in records]
        for optional in (("candidate", "email"), ("candidate", "ashby_profile_url"), ("job", "name"),
                         ("application", "status")):
            present = [optional[1] in body[optional[0]] for body in bodies]
            self.assertIn(True, present, optional)
            self.assertIn(False, present, optional)


class ProgressTest(SimulateTestCase):
    def run_on_a_terminal(self, count: int) -> tuple[bytes, bytes]:
        """Runs ``count`` rounds with stderr on a pseudo-terminal and stdout on a pipe; returns
        what each received."""
        _, server, key_file = self.serve_bridge()
        terminal, stderr = pty.openpty()
        command = [os.environ["AK_CLI"], "simulate", "--base-url", server.base_url, "--key-file", key_file,
                   "--count", str(count), "--concurrency", "4"]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL) as process:
            os.close(stderr)
            shown = []
            reader = threading.Thread(target=lambda: shown.extend(iter(lambda: _read_terminal(terminal), b"")))
            reader.start()
            stdout, _ = process.communicate(timeout=60)
            reader.join()
        os.close(terminal)
        self.assertEqual(process.returncode, 0)
        return stdout, b"".join(shown)

    def test_a_long_run_shows_one_updating_line_on_a_terminal_then_erases_it(self):
        stdout, shown = self.run_on_a_terminal(1000)
        self.assertEqual(parse_summary(stdout)[1]["unexpected"], 0)
        self.assertRegex(shown, rb"^\rsimulate: \d+/1000 rounds \(\d+%\)")
        self.assertNotIn(b"\n", shown)
        self.assertTrue(shown.endswith(b"\r\x1b[K"), shown[-40:])

    def test_a_short_run_shows_no_progress(self):
        _, shown = self.run_on_a_terminal(999)
        self.assertEqual(shown, b"")


def _read_terminal(terminal: int) -> bytes:
    """The next bytes from a pseudo-terminal, or b"" once its other side is closed."""
    try:
        return os.read(terminal, 4096)
    except OSError:  # EIO: no process holds the terminal any more
        return b""


class SeedTest(SimulateTestCase):
    def run_seeded(self, seed: str) -> tuple[list[str], dict]:
        """The start bodies a run of 15 rounds with ``seed`` sent to a new bridge, sorted, and its
        summary's calls per operation."""
        bridge, server, key_file = self.serve_bridge()
        output = self.assertSucceeds(self.simulate(server, key_file, "--count", "15", "--seed", seed))
        rows, total = parse_summary(output)
        self.assertEqual(total["seed"], int(seed))
        bodies = sorted(json.dumps(record["originData"], sort_keys=True) for record in self.new_record_bodies(bridge))
        self.assertEqual(len(bodies), 15)
        return bodies, {name: row["calls"] for name, row in rows.items()}

    def test_a_seed_gives_the_same_bodies_and_calls_every_time(self):
        first = self.run_seeded("20250101")
        self.assertEqual(self.run_seeded("20250101"), first)
        other_bodies, _ = self.run_seeded("20250102")
        self.assertTrue(set(other_bodies).isdisjoint(first[0]))

    def test_without_a_seed_each_run_draws_one_and_prints_it(self):
        seeds = set()
        for _ in range(2):
            bridge, server, key_file = self.serve_bridge()
            _, total = parse_summary(self.assertSucceeds(self.simulate(server, key_file, "--count", "3")))
            seeds.add(total["seed"])
        self.assertEqual(len(seeds), 2)


def replace_reply(operation: str, when, **changes):
    """A rewrite for BridgeServer that changes the fields named in ``changes`` (status, headers,
    body) of the replies to ``operation`` for which ``when(response)`` is true."""

    def rewrite(path: str, response: ashbyknit.Response):
        if path.endswith("/" + operation) and when(response):
            return response._replace(**changes)
        return response

    return rewrite


def answered(status: int, *words: bytes):
    """A condition on a reply: its status is ``status`` and its body holds every one of ``words``."""
    return lambda response: response.status == status and all(word in response.body for word in words)


class MisbehavingBridgeTest(SimulateTestCase):
    def test_a_reply_of_the_wrong_shape_or_status_exits_1_and_says_what_was_expected(self):
        cases = (
            (replace_reply("assessment.cancel", answered(200, b'"success":true'), body=b'{"success":true,"results":{}}'),
             "cancel (assessment.cancel): results.assessment_id is missing",
             'expected 200 {"success":true,"results":{"assessment_id":"ats_ass_'),
            (replace_reply("assessment.start", answered(200), headers=[("Content-Type", "text/plain")]),
             "start (assessment.start): Content-Type text/plain, not JSON"),
            (replace_reply("assessment.start", answered(409), status=200),
             "conflicting-start (assessment.start): status 200 instead of 409"),
            (replace_reply("assessment.start", answered(401), status=403),
             "no-credentials (assessment.start): status 403 instead of 401"),
            (replace_reply("assessment.start", answered(422), body=b'{"message":"Something is wrong."}'),
             "missing-field (assessment.start): message does not name"),
            (replace_reply("assessment.cancel", answered(200, b"assessment_not_found"),
                           body=b'{"success":false,"errors":["not_found"],"errorInfo":{"code":"not_found","message":"No."}}'),
             "unknown-cancel (assessment.cancel): errorInfo.code is not_found, not assessment_not_found"),
            (replace_reply("assessment.start", answered(400), body=b'{"success":false}'),
             "malformed-json (assessment.start): errorInfo is missing"),
        )
        for rewrite, *words in cases:
            with self.subTest(expected=words[0]):
                _, server, key_file = self.serve_bridge(rewrite)
                self.assertUnexpected(self.simulate(server, key_file, "--count", "20", "--concurrency", "2"), *words)

    def test_a_retry_answered_with_another_id_is_unexpected(self):
        answers = set()

        def another_id_on_retry(path: str, response: ashbyknit.Response):
            if path.endswith("/assessment.start") and response.status == 200 and response.body in answers:
                return response._replace(body=b'{"success":true,"results":{"assessment_id":"ats_ass_000000000000000000000"}}')
            answers.add(response.body)
            return response

        _, server, key_file = self.serve_bridge(another_id_on_retry)
        self.assertUnexpected(self.simulate(server, key_file, "--count", "60", "--seed", "7"),
                              "start-retry (assessment.start): results.assessment_id is ats_ass_000000000000000000000, not ats_ass_")

    def test_when_the_list_is_not_as_expected_nothing_else_is_called(self):
        _, server, key_file = self.serve_bridge(
            replace_reply("assessment.list", answered(200), body=b'{"success":true,"results":[{"name":"No id"}]}'))
        result = self.simulate(server, key_file)
        output = self.assertUnexpected(result, "list (assessment.list): an entry of results has no assessment_type_id")
        self.assertIn("nothing else was called", result.stderr.decode())
        rows, _ = parse_summary(output.encode())
        self.assertEqual(list(rows), ["list"])

    def test_custom_fields_that_are_not_as_expected_are_reported_and_the_rounds_still_run(self):
        bridge, server, key_file = self.serve_bridge(
            replace_reply("assessment.customField.list", answered(200),
                          body=b'{"success":true,"fields":[{"id":"notes","name":"Notes"}]}'))
        output = self.assertUnexpected(self.simulate(server, key_file, "--count", "20"),
                                       "custom-fields (assessment.customField.list): an entry of fields has no type")
        rows, _ = parse_summary(output.encode())
        self.assertEqual(rows["start"]["statuses"], {200: 20})

    def test_a_key_the_bridge_does_not_hold_is_refused_from_the_first_call(self):
        _, server, _ = self.serve_bridge()
        other_key = ashbyknit.secret_issue("acme", BASE_URL).secret_key
        result = self.simulate(server, self.temporary_file(other_key.encode()))
        self.assertUnexpected(result, "list (assessment.list): status 403 instead of 200")


class UsageTest(SimulateTestCase):
    def test_bad_usage_exits_2_with_one_line(self):
        key_file = self.temporary_file(b"aksk_key\n")
        url = "http://127.0.0.1:9/ashby/"
        cases = (
            (["--key-file", key_file], "--base-url is required"),
            (["--base-url", url], "--key-file is required"),
            (["--base-url", url, "--key-file", key_file, "--count", "0"], "--count must be a whole number from 1 to 1000000", "'0'"),
            (["--base-url", url, "--key-file", key_file, "--count", "many"], "--count must be a whole number", "'many'"),
            (["--base-url", url, "--key-file", key_file, "--concurrency", "257"], "--concurrency must be a whole number from 1 to 256"),
            (["--base-url", url, "--key-file", key_file, "--seed", "-1"], "--seed must be a whole number from 0"),
            (["--base-url", url, "--key-file", key_file, "--seed", "x1"], "--seed must be a whole number", "'x1'"),
            (["--base-url", url, "--key-file", key_file, "--rounds", "3"], "unknown option --rounds"),
            (["--base-url", url, "--key-file", key_file, "extra"], "unexpected argument 'extra'"),
            (["--base-url", url, "--key-file", self.directory / "missing.key"], "cannot open", "missing.key"),
            (["--base-url", url, "--key-file", self.temporary_file(b"\n")], "secret key", "is empty"),
            (["--base-url", "ftp://127.0.0.1/ashby/", "--key-file", key_file], "base URL"),
            (["--base-url", "http://127.0.0.1/ashby/?a=1", "--key-file", key_file], "base URL"),
            (["--base-url", "http://127.0.0.1:port/ashby/", "--key-file", key_file], "no usable port"),
            (["--base-url", "http://127.0.0.1:65536/ashby/", "--key-file", key_file], "no usable port"),
        )
        for arguments, *words in cases:
            with self.subTest(arguments=arguments):
                self.assertFails(run_cli("simulate", *arguments), 2, *words)

    def test_a_bridge_that_cannot_be_reached_exits_2_with_one_line(self):
        # A socket bound but not listening holds the port: connecting to it is refused.
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{holder.getsockname()[1]}/ashby/"
            result = run_cli("simulate", "--base-url", url, "--key-file", self.temporary_file(b"aksk_key\n"))
        self.assertFails(result, 2, "cannot reach the bridge at " + url)

    def test_help_describes_the_options(self):
        text = self.assertSucceeds(run_cli("simulate", "--help")).decode()
        self.assertTrue(text.startswith("usage: ashbyknit simulate --base-url URL --key-file F"), text)
        for option in ("--count N", "--concurrency C", "--seed S"):
            self.assertIn(option, text)


if __name__ == "__main__":
    unittest.main()
