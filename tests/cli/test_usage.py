"""The tool's usage: help, version, and one line and exit status 2 for every kind of misuse."""

import re
import unittest

from cli_support import CANCEL_FIXTURE, START_FIXTURE, CliTestCase, run_cli

COMMANDS = (
    "map start", "map cancel", "master-key generate", "integration create", "integration list",
    "integration set-ashby-key", "integration set-enrichment", "secret issue", "secret list", "secret revoke",
    "packages set", "fields set",
    "assessments list", "report started", "report progress", "report completed", "report cancelled",
    "report update", "report add-completed", "events pull", "events ack", "events count", "events list",
    "events history", "events replay",
    "serve", "simulate", "receive", "call", "sign", "verify", "version", "help",
)


class HelpAndVersionTest(CliTestCase):
    def test_help_lists_every_command(self):
        for spelling in ("help", "--help", "-h"):
            with self.subTest(spelling=spelling):
                text = self.assertSucceeds(run_cli(spelling)).decode()
                for command in COMMANDS:
                    self.assertIn(f"ashbyknit {command}", text)
                self.assertIn("AK_SIGNING_KEY", text)
                self.assertIn("AK_MASTER_KEY", text)

    def test_each_command_describes_itself_without_its_required_options(self):
        for command in COMMANDS:
            with self.subTest(command=command):
                text = self.assertSucceeds(run_cli(*command.split(), "--help")).decode()
                self.assertTrue(text.startswith(f"usage: ashbyknit {command}"), text)

    def test_version(self):
        for spelling in ("version", "--version"):
            with self.subTest(spelling=spelling):
                output = self.assertSucceeds(run_cli(spelling)).decode()
                self.assertRegex(output, r"^ashbyknit \d+\.\d+\.\d+\n$")

    def test_dash_dash_ends_the_options(self):
        output = self.assertSucceeds(run_cli("map", "cancel", "--now-ms", "1734567890999", "--", CANCEL_FIXTURE))
        self.assertIn(b'"recordId":"ats_ass_x9y8z7w6v5u4t3s2r1q0p"', output)


class UsageErrorTest(CliTestCase):
    def test_every_usage_error_exits_2_with_one_line_naming_the_problem(self):
        start = str(START_FIXTURE)
        cases = (
            ([], "no command"),
            (["frobnicate"], "unknown command 'frobnicate'"),
            (["map"], "'map' needs one of: start, cancel"),
            (["map", "stop"], "'map' needs one of: start, cancel"),
            (["map", "start", "--bogus", start], "unknown option --bogus"),
            (["map", "start", "-x", start], "unknown option -x"),
            (["map", "start", start, "--now-ms"], "--now-ms needs a value"),
            (["map", "start", "--now-ms", "soon", start], "--now-ms must be a whole number", "'soon'"),
            (["map", "start", "--now-ms", "1734567890123x", start], "--now-ms must be a whole number"),
            (["map", "start", "--now-ms", "", start], "--now-ms needs a value"),
            (["map", "start", "--assessment-id=", start], "--assessment-id needs a value"),
            (["map", "start", "--now-ms=99999999999999999999", start], "--now-ms must be a whole number"),
            (["map", "start", "--now-ms", "1", "--now-ms", "2", start], "--now-ms is given more than once"),
            (["map", "start", start, start], f"unexpected argument '{start}'"),
            (["map", "start", "--help=yes"], "--help takes no value"),
            (["map", "cancel", "--packages", start, start], "unknown option --packages"),
            (["secret", "issue", "--integration", "acme"], "--base-url is required"),
            (["secret", "issue", "--base-url", "https://x.example/"], "--integration is required"),
            (["secret", "issue", "--integration", "acme", "--base-url", "https://x.example/", "extra"],
             "unexpected argument 'extra'"),
            (["secret"], "'secret' needs one of: issue, list, revoke"),
            (["events", "push"], "'events' needs one of: pull, ack, count"),
            (["master-key"], "'master-key' needs one of: generate"),
            (["integration", "set-ashby-key", "--db", start, "--id", "acme"], "--key-file is required"),
            (["integration", "list", "--db", start, "--id", "acme"], "unknown option --id"),
            (["call", "--db", start, "--db", start], "--db is given more than once"),
            (["verify", "--key-file", start, start], "--signature is required"),
            (["version", "extra"], "unexpected argument 'extra'"),
            (["help", "map"], "unexpected argument 'map'"),
        )
        for arguments, *words in cases:
            with self.subTest(arguments=arguments):
                self.assertFails(run_cli(*arguments, env={"AK_SIGNING_KEY": "key"}), 2, *words)

    def test_control_characters_in_a_quoted_argument_keep_the_message_on_one_line(self):
        line = self.assertFails(run_cli("frobnicate\nsecond line"), 2, "frobnicate second line")
        self.assertIsNone(re.search(r"[\x00-\x09\x0b-\x1f]", line))


if __name__ == "__main__":
    unittest.main()
