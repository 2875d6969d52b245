"""What the tests of `ashbyknit serve` share: its settings, a store with an integration to serve,
and Ashby's calls over HTTP with their Basic credentials."""

import base64
import json
import socket

from cli_support import START_FIXTURE
from service_support import ServiceProcess
from store_support import BASE_URL, SIGNING_KEY, StoreTestCase

# The variables serve reads. The tests set each one they want; the others are set empty, which
# serve takes as unset, so that a variable of whoever runs the tests cannot change their outcome.
SERVE_VARIABLES = ("AK_DB", "AK_LISTEN", "AK_BASE_URL", "AK_WEBHOOK_URL", "AK_SIGNING_KEY_FILE", "AK_PACKAGES",
                   "AK_WORKERS", "AK_DRAIN_SECONDS", "AK_FIRST_RETRY_MS", "AK_MAX_RETRY_MS", "AK_ASHBY_API_URL",
                   "AK_MASTER_KEY_FILE", "AK_MASTER_KEY", "AK_INITIAL_UPDATE", "AK_ADMIN_TOKEN_FILE",
                   "AK_ADMIN_PREFIX", "AK_COMMIT_BATCH", "AK_COMMIT_WAIT_US", "AK_LEASE_SECONDS",
                   "AK_ENRICHMENT_TIMEOUT_MS")

START = START_FIXTURE.read_bytes()


def serve_environment(**variables) -> dict:
    """SERVE_VARIABLES all set empty, but for `variables`."""
    environment = dict.fromkeys(SERVE_VARIABLES, "")
    environment.update(variables)
    return environment


def closed_port() -> int:
    """A loopback port that nothing listens on, as far as can be known: a webhook that refuses."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeTestCase(StoreTestCase):
    """A store with the integration "acme" and a secret key of it, ready to be served."""

    def setUp(self):
        super().setUp()
        self.create_integration("acme")
        self.key = self.issue_key("acme")
        self.signing_key_file = self.file_holding(SIGNING_KEY + b"\n")
        self.webhook_url = f"http://127.0.0.1:{closed_port()}/webhooks/knit"

    def flags(self, **overrides) -> list:
        """Every required flag, with `overrides` (by flag name without dashes, '_' for '-')."""
        values = {"db": self.db, "listen": "127.0.0.1:0", "base_url": BASE_URL, "webhook_url": self.webhook_url,
                  "signing_key_file": self.signing_key_file}
        values.update(overrides)
        return [word for name, value in values.items() if value is not None
                for word in ("--" + name.replace("_", "-"), value)]

    def serve(self, *options, env=None, **overrides) -> ServiceProcess:
        return ServiceProcess(self, "serve", *self.flags(**overrides), *options, env=serve_environment(**(env or {})))

    def call(self, server: ServiceProcess, operation: str, body: bytes = b"{}", key=None, path_prefix="/ashby/"):
        """One of Ashby's calls with its Basic credentials; returns the status and the parsed body."""
        credentials = base64.b64encode(((key or self.key) + ":").encode()).decode()
        status, _, reply = server.request("POST", path_prefix + operation, body,
                                          {"Authorization": "Basic " + credentials, "Content-Type": "application/json"})
        return status, json.loads(reply) if reply else None

    def start(self, server: ServiceProcess) -> str:
        status, reply = self.call(server, "assessment.start", START)
        self.assertEqual(status, 200, reply)
        return reply["results"]["assessment_id"]

    def health(self, server: ServiceProcess):
        status, headers, body = server.request("GET", "/healthz")
        self.assertEqual(headers["content-type"], "application/json")
        return status, json.loads(body)
