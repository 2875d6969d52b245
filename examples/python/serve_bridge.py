"""Serves a bridge with Python's standard library: Ashby's calls come in through http.server, and
their events go out to the vendor's webhook through urllib, from a background thread.

Usage: python3 serve_bridge.py --db FILE --webhook-url URL [--listen HOST:PORT] [--base-url URL]
                               [--signing-key-file F] [--integration ID] [--visibility-timeout S]

The signing key is the content of --signing-key-file (less one trailing newline) or, without it,
the environment variable AK_SIGNING_KEY. When the store holds no integration yet, one is created
and given a secret key, printed once as {"secretKey", "baseUrl"}: hand both to Ashby. Then a line
"listening on http://HOST:PORT" gives the bound address (port 0 picks a free one). Ctrl-C or
SIGTERM stops the server, lets calls and a send in progress finish, and exits 0; it exits 1 when
the store or the address cannot be used, and 2 for bad usage.
The binding finds the shared library through the environment variable ASHBYKNIT_LIBRARY.
"""
import argparse
import http.client
import json
import os
import signal
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import ashbyknit

MAX_BODY_BYTES = 1024 * 1024  # the bridge's own limit; a larger body is refused unread
PULL_BATCH = 10
IDLE_POLL_SECONDS = 1.0  # how often an idle sender looks for events nobody woke it for
# Keep it under the visibility timeout: past that, another process on the same store may be
# handed the event while this one is still sending it.
SEND_TIMEOUT_SECONDS = 10


class BridgeServer(ThreadingHTTPServer):
    """An HTTP server that hands the calls under `base_path` to `bridge`, one thread each."""

    # server_close() then waits for the calls in progress, so the bridge is never closed under one.
    daemon_threads = False
    bridge = None  # set, with the two below, once the bound address has given the base URL
    base_path = "/"
    events_waiting = None  # a threading.Event set after each accepted call


class BridgeRequestHandler(BaseHTTPRequestHandler):
    timeout = 30  # seconds a silent client may hold its thread (and the shutdown)

    def forward_to_bridge(self):
        server = self.server
        if not urllib.parse.urlsplit(self.path).path.startswith(server.base_path):
            self.send_error(404)
            return
        body = self.read_body()
        if body is None:
            return
        # http.server decodes header lines as Latin-1: encoding them back gives the bytes sent.
        headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in self.headers.items()]
        try:
            reply = server.bridge.handle(self.command, self.path, headers, body)
        except ashbyknit.Error as error:  # only when out of memory: the call itself is answered
            self.log_error("the bridge failed: %s", error.message)
            self.send_error(500)
            return
        # The reply goes back as it is; http.server adds Server and Date.
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)
        if reply.status == 200:
            server.events_waiting.set()  # the call may have left an event to send

    # The bridge answers every method (405 for all but POST) under its path.
    do_POST = do_GET = do_PUT = do_PATCH = do_DELETE = forward_to_bridge

    def read_body(self):
        """The request's body, or None after replying with an error."""
        if "Transfer-Encoding" in self.headers:  # http.server does not decode chunked bodies
            self.send_error(411)
            return None
        length = self.headers.get("Content-Length", "0")
        if not (length.isascii() and length.isdigit()):
            self.send_error(400, "Bad Content-Length")
            return None
        if int(length) > MAX_BODY_BYTES:
            self.send_error(413)
            return None
        body = self.rfile.read(int(length))
        if len(body) < int(length):  # the client went away: nobody to answer
            self.close_connection = True
            return None
        return body


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other that is not 2xx: following it would turn the POST
    into a GET, whose 2xx would acknowledge an event the webhook never received."""

    def redirect_request(self, *arguments):
        return None


def send_event(opener, webhook_url, event):
    """POSTs one pulled event and returns True when the webhook answered 2xx."""
    # The body bytes and the headers as the library gave them: the signature covers those bytes.
    request = urllib.request.Request(webhook_url, data=event.body, headers=dict(event.headers), method="POST")
    try:
        with opener.open(request, timeout=SEND_TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:  # any answer outside 2xx
        error.close()
        status = error.code
    except (OSError, http.client.HTTPException) as error:  # refused, timed out, not HTTP
        print(f"serve_bridge: {event.event_id} not sent: {error}", file=sys.stderr)
        return False
    if not 200 <= status < 300:
        print(f"serve_bridge: {event.event_id} refused by the webhook: HTTP {status}", file=sys.stderr)
        return False
    return True


def deliver_events(bridge, webhook_url, events_waiting, stopping):
    """Sends the bridge's events to the webhook until `stopping` is set.

    Each pulled event is leased to this process. It is acknowledged after a 2xx; after anything
    else it is simply left: the bridge hands it out again, with a new X-Knit-Execution-Id, once the
    visibility timeout has passed, and until then later events of its assessment wait behind it.
    Delivery is at least once (an acknowledgement can fail after the webhook took the event), so
    the webhook dedupes on eventId.
    """
    opener = urllib.request.build_opener(NoRedirects)
    while not stopping.is_set():
        try:
            events = bridge.pull_events(PULL_BATCH)
        except ashbyknit.Error as error:
            print(f"serve_bridge: cannot pull events: {error.message}", file=sys.stderr)
            events = []
        for event in events:
            if stopping.is_set():
                break  # the rest are handed out again after the visibility timeout
            if send_event(opener, webhook_url, event):
                try:
                    bridge.ack_events([event.event_id])
                except ashbyknit.Error as error:
                    print(f"serve_bridge: cannot acknowledge {event.event_id}: {error.message}", file=sys.stderr)
        if not events:
            events_waiting.wait(IDLE_POLL_SECONDS)
            events_waiting.clear()


def read_signing_key(path):
    """The signing key from `path`, less one trailing newline (editors add one), or from the
    environment variable AK_SIGNING_KEY when `path` is None."""
    if path is None:
        key = os.environb.get(b"AK_SIGNING_KEY")
        if key is None:
            raise ValueError("no signing key: pass --signing-key-file F or set AK_SIGNING_KEY")
    else:
        with open(path, "rb") as file:
            key = file.read()
        key = key[:-1] if key.endswith(b"\n") else key
    if not key:
        raise ValueError("the signing key is empty")
    return key


def listen_address(text):
    """HOST:PORT, for argparse."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"not HOST:PORT: {text!r}")
    return host, int(port)


def http_url(text):
    """An absolute http(s) URL, for argparse."""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an absolute http(s) URL: {text!r}")
    return text


def positive_seconds(text):
    """A positive number of seconds, for argparse."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 1e9:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return seconds


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Serves a bridge for Ashby's calls and sends their events.")
    parser.add_argument("--db", required=True, help="the store file, created if missing")
    parser.add_argument("--webhook-url", required=True, type=http_url, help="where to POST the events")
    parser.add_argument("--listen", type=listen_address, default=("127.0.0.1", 8080), metavar="HOST:PORT",
                        help="the address to serve Ashby's calls on (default 127.0.0.1:8080; port 0: any free one)")
    parser.add_argument("--base-url", type=http_url,
                        help="the public URL Ashby calls (default http://HOST:PORT/ashby/ of the bound address)")
    parser.add_argument("--signing-key-file", help="the signing key (default: the environment variable AK_SIGNING_KEY)")
    parser.add_argument("--integration", default="default", help="the integration to create in a new store")
    parser.add_argument("--visibility-timeout", type=positive_seconds, default=60.0, metavar="SECONDS",
                        help="how long a sent event that was not acknowledged waits to be sent again (default 60)")
    return parser.parse_args(argv)


def main(argv):
    arguments = parse_arguments(argv)
    # Set up first, so that a signal at any point from here on stops the program in order.
    stopping = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stopping.set())
    try:
        signing_key = read_signing_key(arguments.signing_key_file)
    except (OSError, ValueError) as error:
        print(f"serve_bridge: {error}", file=sys.stderr)
        return 2
    try:
        server = BridgeServer(arguments.listen, BridgeRequestHandler)
    except OSError as error:
        print(f"serve_bridge: cannot listen on {arguments.listen[0]}:{arguments.listen[1]}: {error}", file=sys.stderr)
        return 1
    with server:
        host, port = server.server_address[:2]
        base_url = arguments.base_url or f"http://{host}:{port}/ashby/"
        try:
            bridge = ashbyknit.Bridge(base_url, store_path=arguments.db, signing_key=signing_key,
                                      visibility_timeout_ms=max(1, round(arguments.visibility_timeout * 1000)))
        except ashbyknit.Error as error:
            print(f"serve_bridge: {error.status_name}: {error.message}", file=sys.stderr)
            return 1
        with bridge:
            try:
                if not bridge.store.integrations():
                    bridge.store.create_integration(arguments.integration)
                    issued = bridge.store.issue_key(arguments.integration, base_url)
                    # Shown once: the store keeps only the key's hash.
                    print(json.dumps({"secretKey": issued.secret_key, "baseUrl": issued.base_url}), flush=True)
            except ashbyknit.Error as error:
                print(f"serve_bridge: {error.status_name}: {error.message}", file=sys.stderr)
                return 1
            server.bridge = bridge
            server.base_path = urllib.parse.urlsplit(base_url).path.rstrip("/") + "/"
            server.events_waiting = threading.Event()
            serve(server, arguments.webhook_url, stopping)
    return 0


def serve(server, webhook_url, stopping):
    """Serves until `stopping` is set, then stops in order: no new calls, the calls in progress
    answered, the event being sent finished."""
    serving = threading.Thread(target=server.serve_forever, name="http")
    sending = threading.Thread(target=deliver_events, name="delivery",
                               args=(server.bridge, webhook_url, server.events_waiting, stopping))
    serving.start()
    sending.start()
    host, port = server.server_address[:2]
    print(f"listening on http://{host}:{port}", flush=True)

    stopping.wait()
    server.shutdown()  # serve_forever returns
    serving.join()
    server.server_close()  # waits for the calls in progress
    server.events_waiting.set()  # wakes the sender to see `stopping`
    sending.join()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
