"""The whole flow over loopback, as the README's main job runs it: `ashbyknit receive` as the vendor's
webhook (refusing a share of the events), `ashbyknit serve` as the bridge, `ashbyknit simulate` as
Ashby; and serve stopped with SIGTERM in the middle of the load, then restarted on its store."""

import json
import os
import pathlib
import subprocess
import time
import unittest

from cli_support import PACKAGES_FIXTURE, run_program
from service_support import WAIT_SECONDS, ServiceProcess
from store_support import SIGNING_KEY, StoreTestCase


class EndToEndTest(StoreTestCase):
    def setUp(self):
        super().setUp()
        self.create_integration("acme")
        self.signing_key_file = self.file_holding(SIGNING_KEY)
        self.events_file = pathlib.Path(self.file_holding(b""))
        self.receiver = ServiceProcess(self, "receive", "--listen", "127.0.0.1:0", "--key-file",
                                       self.signing_key_file, "--fail-rate", "0.3", "--out", self.events_file)

    def serve(self, port: int = 0, *options) -> ServiceProcess:
        server = ServiceProcess(
            self, "serve", "--db", self.db, "--listen", f"127.0.0.1:{port}", "--base-url", self.base_url(port),
            "--webhook-url", f"http://127.0.0.1:{self.receiver.port}/webhooks/knit",
            "--signing-key-file", self.signing_key_file, "--packages", PACKAGES_FIXTURE,
            # Refused events come back within a second, not the production 10 s to an hour.
            "--first-retry-ms", "100", "--max-retry-ms", "1000", *options)
        return server

    @staticmethod
    def base_url(port: int) -> str:
        return f"http://127.0.0.1:{port}/ashby/"

    def simulate(self, server: ServiceProcess, *options: str) -> subprocess.Popen:
        key_file = self.file_holding(self.issue_key("acme").encode())
        return subprocess.Popen([os.environ["AK_CLI"], "simulate", "--base-url", self.base_url(server.port),
                                 "--key-file", key_file, *options],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def wait_until_delivered(self, server: ServiceProcess) -> dict:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            _, _, body = server.request("GET", "/healthz")
            health = json.loads(body)
            if health["pending"] == 0 or time.monotonic() > deadline:
                return health
            time.sleep(0.05)

    def assert_every_event_delivered_in_order(self):
        """Every assessment in the store reached the webhook as a record.new, every cancelled one
        as a record.deleted after it; the webhook took each event once; the store agrees."""
        events = [json.loads(line) for line in self.events_file.read_text().splitlines()]
        ids = [event["eventId"] for event in events]
        self.assertEqual(len(ids), len(set(ids)), "the receiver accepted an event twice")
        arrivals = {(event["recordId"], event["eventType"]): position for position, event in enumerate(events)}
        assessments = self.store_json("assessments", "list")
        self.assertGreater(len(assessments), 0)
        for assessment in assessments:
            new = arrivals.get((assessment["id"], "record.new"))
            self.assertIsNotNone(new, f"the record.new of {assessment['id']} never arrived")
            if assessment["status"] == "cancelled":
                deleted = arrivals.get((assessment["id"], "record.deleted"))
                self.assertIsNotNone(deleted, f"the record.deleted of {assessment['id']} never arrived")
                self.assertLess(new, deleted, f"the record.deleted of {assessment['id']} overtook its record.new")
        counts = self.store_json("events", "count")
        self.assertEqual(counts, {"pending": 0, "acknowledged": len(events), "deadLettered": 0})
        self.assertEqual(len(events), len(assessments) + sum(a["status"] == "cancelled" for a in assessments))

    def test_ashby_the_bridge_and_the_webhook_over_loopback(self):
        server = self.serve()
        simulation = self.simulate(server, "--count", "60", "--concurrency", "4", "--seed", "11")
        output, errors = simulation.communicate(timeout=WAIT_SECONDS)
        self.assertEqual(simulation.returncode, 0, output.decode() + errors.decode())
        self.assertIn(b"0 unexpected", output)
        self.assertEqual(self.wait_until_delivered(server), {"store": "ok", "worker": "running", "pending": 0,
                                                             "deadLettered": 0})
        self.assertEqual(server.stop(), 0)
        self.assert_every_event_delivered_in_order()
        # The receiver refused some and saw them again: retries reached it.
        self.assertTrue(any(line.endswith("refused (500)") for line in self.receiver.stdout.lines))

    def test_standard_webhooks_signatures_reach_a_receiver_that_checks_both_schemes(self):
        secret = run_program([os.environ["AK_CLI"], "standard-key", "new"]).stdout
        signing, public = run_program([os.environ["AK_CLI"], "standard-key", "new", "--ed25519"]).stdout.split()
        self.receiver.stop()
        self.receiver = ServiceProcess(self, "receive", "--listen", "127.0.0.1:0", "--key-file", self.signing_key_file,
                                       "--standard-keys-file", self.file_holding(secret + public),
                                       "--out", self.events_file)
        # Each key alone would do for the receiver; serve signs with both.
        server = self.serve(0, "--standard-keys-file", self.file_holding(signing + b"\n" + secret))
        simulation = self.simulate(server, "--count", "20", "--concurrency", "2", "--seed", "5")
        output, errors = simulation.communicate(timeout=WAIT_SECONDS)
        self.assertEqual(simulation.returncode, 0, output.decode() + errors.decode())
        self.assertEqual(self.wait_until_delivered(server)["pending"], 0)
        self.assertEqual(server.stop(), 0)
        self.assert_every_event_delivered_in_order()
        self.assertNotIn(" 401 ", self.receiver.stderr.text())

    def test_sigterm_in_the_middle_of_a_load_loses_nothing(self):
        server = self.serve()
        port = server.port
        simulation = self.simulate(server, "--count", "2000", "--concurrency", "4")
        server.stderr.wait_for(r" POST assessment\.start integration=acme 200 ", count=100)
        self.assertEqual(server.stop(), 0)
        log = server.stderr.text()
        self.assertIn("serve stopping on SIGTERM", log)
        simulation.communicate(timeout=WAIT_SECONDS)
        self.assertNotEqual(simulation.returncode, 0)  # Ashby lost its bridge mid-run

        restarted = self.serve(port)
        self.assertEqual(self.wait_until_delivered(restarted)["pending"], 0)
        self.assertEqual(restarted.stop(), 0)
        self.assert_every_event_delivered_in_order()


if __name__ == "__main__":
    unittest.main()
