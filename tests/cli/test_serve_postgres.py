"""`ashbyknit serve` on a PostgreSQL store that fails. A database that cannot be opened stops it
before it serves, with one line naming the database and never the password; a database that goes
away while it serves turns /healthz to 503 and Ashby's calls to 500 with the error envelope,
leaves nothing half-written, and serve recovers by itself once the database is back, delivering
every event it accepted, those it accepted just before the outage included."""

import json
import pathlib
import time

from cli_support import run_cli
from postgres_server import PostgresServer
from serve_support import START, ServeTestCase, closed_port, serve_environment
from service_support import WAIT_SECONDS, ServiceProcess

PASSWORD = "hunter2secret"


def start_body(application: str) -> bytes:
    """The start fixture for another application, so a new assessment."""
    body = json.loads(START)
    body["application"]["ashby_id"] = application
    return json.dumps(body).encode()


class PostgresServeTestCase(ServeTestCase):
    """A serve test whose store is a fresh database of a server the test class starts."""

    database: PostgresServer

    @classmethod
    def setUpClass(cls):
        cls.database = PostgresServer()

    @classmethod
    def tearDownClass(cls):
        cls.database.close()

    def store_location(self):
        return self.database.create_database()

    def count_rows(self, table: str) -> int:
        return int(self.database.psql(f"SELECT count(*) FROM {table}", self.db))


class UnusableDatabaseTest(PostgresServeTestCase):
    def test_a_database_that_cannot_be_opened_stops_every_command_with_one_line(self):
        no_server = self.directory / "no-server"
        no_server.mkdir()
        socket = self.database.directory
        cases = (
            (f"postgresql:///ashbyknit?host={no_server}&user=ashbyknit&password={PASSWORD}",
             "cannot connect", f'database "ashbyknit" on {no_server}', "Is the server running"),
            (f"postgresql:///no_such_db?host={socket}&user=ashbyknit&password={PASSWORD}",
             "cannot connect", 'database "no_such_db" does not exist'),
            (f"postgresql://nobody_here:{PASSWORD}@/ashbyknit?host={socket}",
             "cannot connect", 'role "nobody_here" does not exist'),
        )
        for url, *words in cases:
            with self.subTest(url=url):
                line = self.assertFails(run_cli("serve", *self.flags(db=url), env=serve_environment()), 2, *words)
                self.assertNotIn(PASSWORD, line)
                line = self.assertFails(run_cli("integration", "list", env={"AK_DB": url}), 2, *words)
                self.assertNotIn(PASSWORD, line)


class DatabaseOutageTest(PostgresServeTestCase):
    def store_location(self):
        # The server trusts its socket and ignores the password, which must never be shown.
        return super().store_location() + f"&password={PASSWORD}"

    def setUp(self):
        super().setUp()
        # Taken down by the test; brought back even when it fails half-way, for the next test.
        self.addCleanup(self.database.start)
        self.webhook_port = closed_port()
        self.events_file = self.file_holding(b"")
        self.server = self.serve("--first-retry-ms", "50", "--max-retry-ms", "200",
                                 webhook_url=f"http://127.0.0.1:{self.webhook_port}/webhooks/knit")

    def await_health(self, wanted: int) -> dict:
        """The /healthz reply once its status is `wanted`, within WAIT_SECONDS."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            status, reply = self.health(self.server)
            if status == wanted or time.monotonic() > deadline:
                self.assertEqual(status, wanted, reply)
                return reply
            time.sleep(0.05)

    def await_pending(self, wanted: int) -> dict:
        """The /healthz reply once it counts `wanted` events pending, within WAIT_SECONDS."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            reply = self.await_health(200)
            if reply["pending"] == wanted or time.monotonic() > deadline:
                self.assertEqual(reply["pending"], wanted, reply)
                return reply
            time.sleep(0.05)

    def assert_envelope_500(self, operation: str, body: bytes):
        status, reply = self.call(self.server, operation, body)
        self.assertEqual(status, 500, reply)
        self.assertIs(reply["success"], False)
        self.assertEqual(reply["errors"], ["internal_error"])
        self.assertEqual(reply["errorInfo"]["code"], "internal_error")
        self.assertTrue(reply["errorInfo"]["message"])

    def delivered_events(self) -> list:
        """The events the webhook accepted, as (eventType, recordId), in order."""
        lines = pathlib.Path(self.events_file).read_text().splitlines()
        return [(event["eventType"], event["recordId"]) for event in map(json.loads, lines)]

    def test_an_outage_answers_503_and_500_and_serve_recovers_by_itself(self):
        # Accepted before the outage, while the webhook is still down: its event waits in the store.
        before = self.start(self.server)
        self.assertEqual(self.await_health(200)["store"], "ok")

        self.database.stop()
        health = self.await_health(503)
        self.assertEqual(health["store"], "error")
        self.assertIn("cannot reconnect", health["message"])
        self.assertNotIn(PASSWORD, health["message"])
        self.assert_envelope_500("assessment.start", start_body("app_during_outage"))
        self.assert_envelope_500("assessment.cancel", json.dumps({"assessment_id": before}).encode())
        self.assert_envelope_500("assessment.list", b"{}")
        # The delivery workers meet the outage too, retrying their claims every idle poll.
        time.sleep(0.5)
        self.assertIsNone(self.server.process.poll(), "serve exited during the outage")

        self.database.start()
        self.assertEqual(self.await_health(200)["pending"], 1)
        # Nothing of the calls answered 500 was written: one assessment, one event, still active.
        self.assertEqual(self.count_rows("assessments"), 1)
        self.assertEqual(self.count_rows("events"), 1)
        self.assertEqual(self.database.psql("SELECT status FROM assessments", self.db).strip(), "active")

        status, reply = self.call(self.server, "assessment.start", start_body("app_during_outage"))
        self.assertEqual(status, 200, reply)
        after = reply["results"]["assessment_id"]
        self.assertNotEqual(after, before)
        status, reply = self.call(self.server, "assessment.cancel", json.dumps({"assessment_id": before}).encode())
        self.assertEqual((status, reply["results"]["assessment_id"]), (200, before))

        receiver = ServiceProcess(self, "receive", "--listen", f"127.0.0.1:{self.webhook_port}",
                                  "--key-file", self.signing_key_file, "--out", self.events_file)
        self.assertEqual(self.await_pending(0)["deadLettered"], 0)
        delivered = self.delivered_events()
        # Each event once; another assessment's may come between, never before its own kind.
        self.assertCountEqual(delivered, [("record.new", before), ("record.deleted", before), ("record.new", after)])
        self.assertLess(delivered.index(("record.new", before)), delivered.index(("record.deleted", before)))
        self.assertEqual(self.server.stop(), 0)
        self.assertNotIn(PASSWORD, self.server.stderr.text())
        receiver.stop()
