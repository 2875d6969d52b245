"""`ashbyknit receive`: a webhook receiver that checks X-Knit-Signature, refuses a chosen share of
the events, dedupes on eventId and records what it accepted."""

import os
import signal
import tempfile
import unittest

from cli_support import CliTestCase, encode, knit_signature, run_cli
from service_support import ServiceProcess, port_in_use

SIGNING_KEY = b"receiver signing key"


def knit_event(event_id: str, event_type: str = "record.new", record_id: str = "ats_ass_a1b2c3d4e5f6g7h8i9j0k") -> bytes:
    """The compact body of an event with these ids, and a payload that names nobody."""
    return encode({"eventType": event_type, "eventData": {"candidateAssessment": {"id": record_id}},
                   "eventId": event_id, "recordId": record_id, "syncType": "real_time"})


class ReceiveTestCase(CliTestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.out = os.path.join(directory.name, "events.jsonl")
        self.key_file = os.path.join(directory.name, "signing.key")
        with open(self.key_file, "wb") as file:
            file.write(SIGNING_KEY + b"\n")

    def receive(self, *options: str, env=None) -> ServiceProcess:
        return ServiceProcess(self, "receive", "--listen", "127.0.0.1:0", *options, env=env)

    @staticmethod
    def deliver(receiver: ServiceProcess, body: bytes) -> int:
        """POSTs `body` signed with SIGNING_KEY, as the delivery engine does; returns the status."""
        headers = {"Content-Type": "application/json", "X-Knit-Signature": knit_signature(SIGNING_KEY, body)}
        return receiver.request("POST", "/webhooks/knit", body, headers)[0]

    def recorded(self) -> list:
        with open(self.out, "rb") as file:
            return file.read().splitlines()


class ReceiveTest(ReceiveTestCase):
    def test_a_signed_event_is_a_200_and_one_line_with_its_ids(self):
        receiver = self.receive("--key-file", self.key_file)
        self.assertEqual(self.deliver(receiver, knit_event("evt_1")), 200)
        line = receiver.stdout.wait_for("evt_1")[0]
        self.assertRegex(line, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z record\.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k$")

    def test_the_key_may_come_from_the_environment(self):
        receiver = self.receive(env={"AK_SIGNING_KEY": SIGNING_KEY.decode()})
        self.assertEqual(self.deliver(receiver, knit_event("evt_1")), 200)
        receiver.stdout.wait_for("evt_1")

    def test_a_missing_or_bad_signature_is_a_401_and_a_line_on_stderr_only(self):
        receiver = self.receive("--key-file", self.key_file, "--out", self.out)
        body = knit_event("evt_forged")
        cases = (
            ("missing", None),
            ("another key's", knit_signature(b"another key", body)),
            ("another body's", knit_signature(SIGNING_KEY, knit_event("evt_other"))),
            ("truncated", knit_signature(SIGNING_KEY, body)[:-1]),
        )
        for name, signature in cases:
            with self.subTest(signature=name):
                sent = {"Content-Type": "application/json"}
                if signature is not None:
                    sent["X-Knit-Signature"] = signature
                self.assertEqual(receiver.request("POST", "/webhooks/knit", body, sent)[0], 401)
        receiver.stderr.wait_for(r"POST /webhooks/knit 401 no X-Knit-Signature")
        receiver.stderr.wait_for(r"POST /webhooks/knit 401 X-Knit-Signature does not verify", count=3)
        # The next line on stdout is the next good event's: nothing forged was shown or recorded.
        self.assertEqual(self.deliver(receiver, knit_event("evt_good")), 200)
        receiver.stdout.wait_for("evt_good")
        self.assertEqual(receiver.stop(), 0)
        self.assertNotIn("evt_forged", receiver.stdout.text())
        self.assertEqual(self.recorded(), [knit_event("evt_good")])

    def test_a_signed_body_without_an_event_id_is_a_400(self):
        receiver = self.receive("--key-file", self.key_file)
        for body in (b"not JSON", encode({"eventType": "record.new"}), encode({"eventId": 12})):
            with self.subTest(body=body):
                self.assertEqual(self.deliver(receiver, body), 400)
        receiver.stderr.wait_for(r"POST /webhooks/knit 400 the body has no string eventId", count=3)

    def test_a_repeated_event_id_is_a_200_shown_as_a_duplicate_and_recorded_once(self):
        receiver = self.receive("--key-file", self.key_file, "--out", self.out)
        first, second = knit_event("evt_1"), knit_event("evt_2", "record.deleted")
        for body in (first, first, second, first):
            self.assertEqual(self.deliver(receiver, body), 200)
        lines = receiver.stdout.wait_for("evt_", count=4)
        self.assertEqual([line.split(" ", 1)[1] for line in lines], [
            "record.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k",
            "record.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k duplicate",
            "record.deleted evt_2 ats_ass_a1b2c3d4e5f6g7h8i9j0k",
            "record.new evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k duplicate",
        ])
        self.assertEqual(self.recorded(), [first, second])

    def test_out_appends_the_exact_bytes_to_what_the_file_held(self):
        with open(self.out, "wb") as file:
            file.write(b"an earlier line\n")
        receiver = self.receive("--key-file", self.key_file, "--out", self.out)
        body = b'{ "eventId" : "evt_spaced", "eventType":"record.new" }'
        self.assertEqual(self.deliver(receiver, body), 200)
        receiver.stdout.wait_for("evt_spaced")
        self.assertEqual(self.recorded(), [b"an earlier line", body])

    def test_a_fail_rate_of_1_refuses_every_event_with_a_500_and_records_none(self):
        receiver = self.receive("--key-file", self.key_file, "--fail-rate", "1", "--out", self.out)
        for _ in range(2):
            self.assertEqual(self.deliver(receiver, knit_event("evt_1")), 500)
        lines = receiver.stdout.wait_for("evt_1", count=2)
        self.assertTrue(all(line.endswith(" evt_1 ats_ass_a1b2c3d4e5f6g7h8i9j0k refused (500)") for line in lines),
                        lines)
        self.assertEqual(self.recorded(), [])

    def test_a_fail_rate_of_0_refuses_nothing(self):
        receiver = self.receive("--key-file", self.key_file, "--fail-rate", "0")
        for index in range(5):
            self.assertEqual(self.deliver(receiver, knit_event(f"evt_{index}")), 200)

    def test_sigint_and_sigterm_exit_0(self):
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=signal_number.name):
                receiver = self.receive("--key-file", self.key_file)
                self.assertEqual(receiver.stop(signal_number), 0)
                self.assertIn(f"receive stopping on {signal_number.name}", receiver.stderr.text())


class ReceiveFailureTest(ReceiveTestCase):
    def test_bad_arguments_exit_2_before_listening(self):
        missing = os.path.join(os.path.dirname(self.out), "missing", "events.jsonl")
        empty_key = os.path.join(os.path.dirname(self.out), "empty.key")
        with open(empty_key, "wb") as file:
            file.write(b"\n")
        listen = ["--listen", "127.0.0.1:0"]
        cases = (
            (["--key-file", self.key_file], "--listen is required"),
            (["--listen", "127.0.0.1", "--key-file", self.key_file], "--listen must be HOST:PORT", "'127.0.0.1'"),
            (["--listen", "127.0.0.1:65536", "--key-file", self.key_file], "--listen must be HOST:PORT"),
            (listen, "no signing key", "AK_SIGNING_KEY"),
            ([*listen, "--key-file", empty_key], "signing key", "is empty"),
            ([*listen, "--key-file", missing], "cannot open", missing),
            ([*listen, "--key-file", self.key_file, "--fail-rate", "1.5"], "--fail-rate must be a number from 0 to 1"),
            ([*listen, "--key-file", self.key_file, "--fail-rate", "half"], "--fail-rate", "'half'"),
            ([*listen, "--key-file", self.key_file, "--out", missing], "cannot open", missing),
            ([*listen, "--key-file", self.key_file, "--bogus"], "unknown option --bogus"),
        )
        for arguments, *words in cases:
            with self.subTest(arguments=arguments):
                self.assertFails(run_cli("receive", *arguments), 2, *words)

    def test_a_port_in_use_exits_2(self):
        port = port_in_use(self)
        self.assertFails(run_cli("receive", "--listen", f"127.0.0.1:{port}", "--key-file", self.key_file), 2,
                         f"cannot listen on 127.0.0.1:{port}")


if __name__ == "__main__":
    unittest.main()
