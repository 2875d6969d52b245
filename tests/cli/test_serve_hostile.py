"""`ashbyknit serve` under clients that hold connections without finishing a request, on
127.0.0.1 only: ordinary calls are still answered, a request head left unfinished gets a 408 and
the connection is closed, and keep-alive and pipelined requests are answered as before."""

import base64
import http.client
import json
import socket
import threading
import unittest

from serve_support import ServeTestCase
from service_support import WAIT_SECONDS

IDLE_CONNECTIONS = 300  # more than the workers that answer requests
SLOW_CONNECTIONS = 100


class ResponseReader:
    """The replies that follow each other on one connection, read through one buffered file."""

    def __init__(self, connection: socket.socket):
        self.file = connection.makefile("rb")

    def next_reply(self):
        """The next reply: its status and its body (of its Content-Length)."""
        status = int(self.file.readline().split()[1])
        length = 0
        while (line := self.file.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, self.file.read(length)


class ServeHostileTest(ServeTestCase):
    def setUp(self):
        super().setUp()
        self.server = self.serve()
        self.authorization = "Basic " + base64.b64encode((self.key + ":").encode()).decode()

    def connect(self) -> socket.socket:
        """A new connection to serve, closed when the test ends."""
        connection = socket.create_connection(("127.0.0.1", self.server.port), timeout=WAIT_SECONDS)
        self.addCleanup(connection.close)
        return connection

    def head(self, operation: str, body: bytes, close: bool = False) -> bytes:
        """A request of Ashby's with `body`, asking to close the connection after it when `close`."""
        closing = "Connection: close\r\n" if close else ""
        return (f"POST /ashby/{operation} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {self.authorization}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{closing}\r\n").encode() + body

    def test_a_call_is_answered_while_idle_and_slow_connections_are_held_open(self):
        slow = [self.connect() for _ in range(SLOW_CONNECTIONS)]
        released = threading.Event()

        def dribble():  # a byte of a head on each slow connection every second, as slowloris does
            head = self.head("assessment.list", b"{}")
            for sent in range(len(head)):
                for connection in slow:
                    try:
                        connection.send(head[sent:sent + 1])
                    except OSError:
                        pass  # closed by the server: it waited too long for its head
                if released.wait(1):
                    return

        dribbler = threading.Thread(target=dribble, daemon=True)
        dribbler.start()
        self.addCleanup(dribbler.join, WAIT_SECONDS)
        self.addCleanup(released.set)  # cleanups run last first: this one before the join
        idle = [self.connect() for _ in range(IDLE_CONNECTIONS)]
        self.assertEqual(self.call(self.server, "assessment.list"), (200, {"success": True, "results": []}))
        self.assertTrue(dribbler.is_alive())  # the slow heads were still coming
        self.assertEqual(len(idle), IDLE_CONNECTIONS)

    def test_a_head_left_unfinished_gets_a_408_and_an_idle_connection_is_closed_without_a_word(self):
        partial, idle = self.connect(), self.connect()
        partial.sendall(b"POST /ashby/assessment.list HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        reply = b""
        while chunk := partial.recv(4096):  # until the server closes it, within WAIT_SECONDS
            reply += chunk
        self.assertEqual(reply, b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        self.assertEqual(idle.recv(4096), b"")

    def test_two_requests_on_one_keep_alive_connection_are_both_answered(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=WAIT_SECONDS)
        self.addCleanup(connection.close)
        headers = {"Authorization": self.authorization, "Content-Type": "application/json"}
        for _ in range(2):
            connection.request("POST", "/ashby/assessment.list", b"{}", headers)
            response = connection.getresponse()
            self.assertEqual((response.status, json.loads(response.read())), (200, {"success": True, "results": []}))
            self.assertFalse(response.will_close)

    def test_two_requests_sent_in_one_write_are_both_answered_in_order(self):
        connection = self.connect()
        connection.sendall(self.head("assessment.list", b"{}") + self.head("assessment.start", b"{", close=True))
        reader = ResponseReader(connection)
        status, body = reader.next_reply()
        self.assertEqual((status, json.loads(body)), (200, {"success": True, "results": []}))
        status, body = reader.next_reply()
        self.assertEqual((status, json.loads(body)["errors"]), (400, ["invalid_input"]))
        self.assertEqual(connection.recv(4096), b"")


if __name__ == "__main__":
    unittest.main()
