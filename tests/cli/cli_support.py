"""What the tests of the command-line tool and of the examples share: the fixtures, running a
program, and assertions on how the tool reports success and failure."""

import base64
import hashlib
import hmac
import json
import os
import pathlib
import subprocess
import tempfile
import unittest

FIXTURES = pathlib.Path(os.environ.get("AK_FIXTURES_DIR") or pathlib.Path(__file__).resolve().parents[1] / "fixtures")

START_FIXTURE = FIXTURES / "ashby-assessment-start.json"
CANCEL_FIXTURE = FIXTURES / "ashby-assessment-cancel.json"
PACKAGES_FIXTURE = FIXTURES / "packages.json"
ASSESSMENT_ID = "ats_ass_a1b2c3d4e5f6g7h8i9j0k"
START_NOW_MS = 1734567890123
CANCEL_NOW_MS = 1734567890999


def fixture_json(path: pathlib.Path):
    """A fixture, parsed."""
    return json.loads(path.read_bytes())


def encode(document) -> bytes:
    """A document as the compact UTF-8 JSON a sender would post."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def start_body(application: str) -> bytes:
    """The start fixture for another application: a new assessment."""
    body = fixture_json(START_FIXTURE)
    body["application"]["ashby_id"] = application
    return encode(body)


def knit_signature(key: bytes, body: bytes) -> str:
    """X-Knit-Signature (protocol §3.3), computed independently of the library."""
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()).rstrip(b"=").decode()


# The variables that hold keys the tool reads, or name its store. The tests set each one they want.
KEY_VARIABLES = ("AK_SIGNING_KEY", "AK_MASTER_KEY", "AK_MASTER_KEY_FILE", "AK_DB", "AK_STANDARD_KEYS_FILE")


def program_environment(env=None) -> dict:
    """This process's environment without KEY_VARIABLES, so that a key set by whoever runs the
    tests cannot change their outcome, plus `env`."""
    environment = {name: value for name, value in os.environ.items() if name not in KEY_VARIABLES}
    environment.update(env or {})
    return environment


def run_program(command, *, stdin: bytes = b"", env=None) -> subprocess.CompletedProcess:
    """Runs `command` (a list; paths allowed) and captures its output as bytes, in
    program_environment(env). Standard input is `stdin`, never the terminal."""
    environment = program_environment(env)
    return subprocess.run(
        [str(word) for word in command], input=stdin, capture_output=True, env=environment, timeout=60, check=False
    )


def run_cli(*arguments, stdin: bytes = b"", env=None) -> subprocess.CompletedProcess:
    """Runs the tool named by the environment variable AK_CLI with `arguments`."""
    cli = os.environ.get("AK_CLI")
    if not cli:
        raise RuntimeError("set AK_CLI to the path of the built ashbyknit program")
    return run_program([cli, *arguments], stdin=stdin, env=env)


class CliTestCase(unittest.TestCase):
    """Assertions on the tool's contract: exit status, stdout, and one line on stderr."""

    def assertSucceeds(self, result: subprocess.CompletedProcess) -> bytes:
        """Exit 0 with nothing on stderr; returns stdout."""
        self.assertEqual(result.stderr.decode(errors="replace"), "")
        self.assertEqual(result.returncode, 0)
        return result.stdout

    def assertFails(self, result: subprocess.CompletedProcess, status: int, *words: str) -> str:
        """Exit `status`, nothing on stdout, and exactly one line on stderr, prefixed
        "ashbyknit: " and containing every one of `words`; returns that line."""
        stderr = result.stderr.decode(errors="replace")
        self.assertEqual(result.returncode, status, stderr)
        self.assertEqual(result.stdout, b"")
        self.assertTrue(stderr.endswith("\n") and stderr.count("\n") == 1, f"not one line: {stderr!r}")
        self.assertTrue(stderr.startswith("ashbyknit: "), stderr)
        for word in words:
            self.assertIn(word, stderr)
        return stderr

    def temporary_file(self, content: bytes) -> pathlib.Path:
        """A new file holding `content`, removed when the test ends."""
        with tempfile.NamedTemporaryFile(delete=False) as file:
            file.write(content)
        self.addCleanup(os.unlink, file.name)
        return pathlib.Path(file.name)
