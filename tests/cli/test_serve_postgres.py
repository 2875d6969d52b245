"""`ashbyknit serve` on a PostgreSQL store that fails. A database that cannot be opened stops it,
and every store command, before it starts, with one line naming the database and never the
password; a database that goes away while it serves turns /healthz to 503 and Ashby's calls to 500
with the error envelope, leaves nothing half-written, and serve recovers by itself once the
database is back, delivering every event it accepted, one whose send the outage cut short
included; a restart between two calls goes unnoticed."""

import http.server
import json
import pathlib
import threading
import time

from cli_support import run_cli, start_body
from postgres_server import PostgresServer
from serve_support import ServeTestCase, closed_port, serve_environment
from service_support import WAIT_SECONDS, ServiceProcess

PASSWORD = "hunter2secret"


class HoldingWebhook:
    """A vendor's webhook on 127.0.0.1 that answers 200 to every request, but holds its answer to
    the first one until release() (or WAIT_SECONDS), and records each request's eventId and
    X-Knit-Execution-Id in the order they came. Serves in threads of its own until close()."""

    def __init__(self):
        self.requests = []  # (eventId, X-Knit-Execution-Id)
        self.arrived = threading.Condition()
        self.released = threading.Event()
        webhook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with webhook.arrived:
                    webhook.requests.append((json.loads(body)["eventId"], self.headers["X-Knit-Execution-Id"]))
                    first = len(webhook.requests) == 1
                    webhook.arrived.notify_all()
                if first:
                    webhook.released.wait(WAIT_SECONDS)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/knit"

    def wait_for(self, count: int) -> list:
        """The first `count` requests, once they have come; fails after WAIT_SECONDS."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.requests) >= count, timeout=WAIT_SECONDS):
                raise AssertionError(f"{count} requests never came; got {self.requests!r}")
            return list(self.requests[:count])

    def release(self):
        """Lets the held request be answered."""
        self.released.set()

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=WAIT_SECONDS)


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
             "cannot connect", f'database "ashbyknit" on {no_server}', "No such file or directory",
             "Is the server running"),
            (f"postgresql:///no_such_db?host={socket}&user=ashbyknit&password={PASSWORD}",
             "cannot connect", f'database "no_such_db" on {socket}', 'database "no_such_db" does not exist'),
            (f"postgresql://nobody_here:{PASSWORD}@/ashbyknit?host={socket}",
             "cannot connect", f'database "ashbyknit" on {socket}', 'role "nobody_here" does not exist'),
        )
        for url, *words in cases:
            commands = (
                ("serve", run_cli("serve", *self.flags(db=url), env=serve_environment())),
                ("integration create --db", run_cli("integration", "create", "--id", "globex", "--db", url)),
                ("integration list with AK_DB", run_cli("integration", "list", env={"AK_DB": url})),
                ("secret issue --db", run_cli("secret", "issue", "--integration", "acme", "--base-url",
                                              "https://hooks.example.com/ashby/", "--db", url)),
            )
            for command, result in commands:
                with self.subTest(url=url, command=command):
                    line = self.assertFails(result, 2, *words)
                    self.assertNotIn(PASSWORD, line)


class DatabaseOutageTest(PostgresServeTestCase):
    def store_location(self):
        # The server trusts its socket and ignores the password, which must never be shown.
        return super().store_location() + f"&password={PASSWORD}"

    def setUp(self):
        super().setUp()
        # Taken down by the tests; brought back even when one fails half-way, for the next.
        self.addCleanup(self.database.start)

    def serve_to(self, webhook_url: str, lease_seconds: int = 2) -> ServiceProcess:
        """serve on the test's database, retrying refused events within a fraction of a second.
        An attempt that the outage keeps from being recorded leaves its event claimed until the
        claim's lease ends, as a killed serve would: the shortest lease keeps that wait short."""
        self.server = self.serve("--first-retry-ms", "50", "--max-retry-ms", "200", "--lease-seconds",
                                 str(lease_seconds), webhook_url=webhook_url)
        return self.server

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

    def test_an_outage_answers_503_and_500_and_serve_recovers_by_itself(self):
        webhook_port = closed_port()
        events_file = self.file_holding(b"")
        self.serve_to(f"http://127.0.0.1:{webhook_port}/webhooks/knit")
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
        # The delivery workers meet the outage too, failing their claims at each retry and poll.
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

        receiver = ServiceProcess(self, "receive", "--listen", f"127.0.0.1:{webhook_port}",
                                  "--key-file", self.signing_key_file, "--out", events_file)
        self.assertEqual(self.await_pending(0)["deadLettered"], 0)
        lines = pathlib.Path(events_file).read_text().splitlines()
        delivered = [(event["eventType"], event["recordId"]) for event in map(json.loads, lines)]
        # Each event once; another assessment's may come between, never before its own kind.
        self.assertCountEqual(delivered, [("record.new", before), ("record.deleted", before), ("record.new", after)])
        self.assertLess(delivered.index(("record.new", before)), delivered.index(("record.deleted", before)))
        self.assertEqual(self.server.stop(), 0)
        self.assertNotIn(PASSWORD, self.server.stderr.text())
        receiver.stop()

    def test_an_event_whose_send_the_outage_cut_short_goes_again_once_the_database_is_back(self):
        webhook = HoldingWebhook()
        self.addCleanup(webhook.close)
        # Its lease (and so the send's timeout, under half of it) outlasts the database's stop.
        self.serve_to(webhook.url, lease_seconds=6)
        assessment_id = self.start(self.server)
        [(event_id, first_execution)] = webhook.wait_for(1)

        # The webhook takes the event while the database is down: the store cannot record it.
        self.database.stop()
        webhook.release()
        self.assertEqual(self.await_health(503)["store"], "error")
        self.database.start()

        # Once the lease of the unrecorded send ends, the same event goes again, and only it.
        self.assertEqual(self.await_pending(0)["deadLettered"], 0)
        self.assertEqual(len(webhook.requests), 2, webhook.requests)
        second_event, second_execution = webhook.requests[1]
        self.assertEqual(second_event, event_id)
        self.assertNotEqual(second_execution, first_execution)
        self.assertEqual(self.database.psql("SELECT assessment_id, event_id FROM events", self.db).split(),
                         [f"{assessment_id}|{event_id}"])
        # The store holds the send it saw answered, not the one the outage swallowed.
        self.assertEqual(self.database.psql("SELECT execution_id, http_status FROM delivery_attempts",
                                            self.db).split(), [f"{second_execution}|200"])
        self.assertIsNone(self.server.process.poll(), "serve exited during the outage")

    def test_a_restart_of_the_database_between_two_calls_goes_unnoticed(self):
        self.serve_to(f"http://127.0.0.1:{closed_port()}/webhooks/knit")
        before = self.start(self.server)

        self.database.stop()
        self.database.start()
        # The very first call after the restart, and the first health check, succeed.
        status, reply = self.call(self.server, "assessment.start", start_body("app_after_restart"))
        self.assertEqual(status, 200, reply)
        self.assertNotEqual(reply["results"]["assessment_id"], before)
        status, health = self.health(self.server)
        self.assertEqual((status, health["store"], health["pending"]), (200, "ok", 2), health)
