"""What the tests of the store commands share: a store file in a temporary directory, and the
steps an operator takes on it (integrations, keys, Ashby's calls through `ashbyknit call`)."""

import json
import pathlib
import subprocess
import tempfile

from cli_support import CliTestCase, run_cli

BASE_URL = "https://hooks.example.com/ashby/"
SIGNING_KEY = b"knit signing key"
MS_PER_DAY = 86_400_000
# Settings a store may hold: an integration's own package catalogue, and custom fields.
OWN_PACKAGES = [{"id": "pkg_own", "name": "Acme's Own Test", "description": None, "type": "CODING_CHALLENGE",
                 "metaData": {"minutes": 90}}]
FIELDS = [
    {"id": "seniority", "name": "Seniority", "type": "ValueSelect", "isRequired": True,
     "possible_values": [{"key": "junior", "value": "Junior"}, {"key": "senior", "value": "Senior"}]},
    {"id": "notes", "name": "Notes", "type": "LongText"},
]


class StoreTestCase(CliTestCase):
    """A test with its own directory, removed when it ends, and its store `self.db`: the file
    bridge.db there, unless a subclass's store_location() says otherwise."""

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.directory = pathlib.Path(directory.name)
        self.db = self.store_location()

    def store_location(self):
        """Where the test's store is, as --db takes it; called once the directory exists."""
        return self.directory / "bridge.db"

    def run_store(self, *arguments, stdin: bytes = b"", env=None) -> subprocess.CompletedProcess:
        """Runs `ashbyknit WORD WORD --db <the store> ARGUMENTS...`: the first two words name the command."""
        return run_cli(*arguments[:2], "--db", self.db, *arguments[2:], stdin=stdin, env=env)

    def store_json(self, *arguments, stdin: bytes = b""):
        """Runs a store command that must succeed and print one line of JSON; returns it parsed."""
        output = self.assertSucceeds(self.run_store(*arguments, stdin=stdin))
        self.assertTrue(output.endswith(b"\n") and output.count(b"\n") == 1, output)
        return json.loads(output)

    def create_integration(self, integration: str):
        self.assertEqual(self.assertSucceeds(self.run_store("integration", "create", "--id", integration)), b"")

    def issue_key(self, integration: str, *options: str) -> str:
        """Issues a key for `integration` in the store; returns the secret key."""
        issued = self.store_json("secret", "issue", "--integration", integration, "--base-url", BASE_URL, *options)
        return issued["secretKey"]

    def file_holding(self, content: bytes) -> pathlib.Path:
        """A new file in the test's directory holding `content`."""
        with tempfile.NamedTemporaryFile(dir=self.directory, delete=False) as file:
            file.write(content)
        return pathlib.Path(file.name)

    def call(self, secret_key: str, operation: str, *body_file, stdin: bytes = b"") -> subprocess.CompletedProcess:
        """Runs `ashbyknit call` with `secret_key` in a key file."""
        key_file = self.file_holding(secret_key.encode() + b"\n")
        return run_cli("call", "--db", self.db, "--base-url", BASE_URL, "--secret-key-file", key_file, operation,
                       *body_file, stdin=stdin)

    def call_succeeds(self, secret_key: str, operation: str, *body_file, stdin: bytes = b"") -> dict:
        """A call whose reply must be a success; returns the reply's body, parsed."""
        output = self.assertSucceeds(self.call(secret_key, operation, *body_file, stdin=stdin))
        reply = json.loads(output)
        self.assertIs(reply["success"], True)
        return reply

    def call_refused(self, secret_key: str, operation: str, *body_file, stdin: bytes = b"", status: int) -> dict:
        """A call the bridge answers with `status` and no success: exit 1, the reply's body on
        stdout and "HTTP <status>" as the one line on stderr; returns the body, parsed."""
        result = self.call(secret_key, operation, *body_file, stdin=stdin)
        self.assertEqual(result.stderr.decode(errors="replace"), f"ashbyknit: HTTP {status}\n")
        self.assertEqual(result.returncode, 1)
        self.assertTrue(result.stdout.endswith(b"\n") and result.stdout.count(b"\n") == 1, result.stdout)
        return json.loads(result.stdout)
