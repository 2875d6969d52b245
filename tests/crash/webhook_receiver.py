"""A vendor's webhook on 127.0.0.1 that refuses a share of the events it is sent and records
every event it accepts, for the crash test to check against the calls the host accepted."""

import base64
import dataclasses
import hashlib
import hmac
import http.server
import json
import random
import sys
import threading


@dataclasses.dataclass(frozen=True)
class Delivery:
    """One request the webhook answered 200: an event it now holds."""

    order: int  # 0 for the first event accepted, then 1, 2, ...
    event_id: str
    event_type: str
    record_id: str
    body: bytes


def knit_signature(signing_key: bytes, body: bytes) -> str:
    """X-Knit-Signature for `body`: base64url without padding of HMAC-SHA256."""
    digest = hmac.new(signing_key, body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class WebhookReceiver:
    """Answers 500 to about `refusal_share` of the requests (chosen by a generator seeded with
    `seed`) and 200 to the others, in its own threads."""

    def __init__(self, signing_key: bytes, refusal_share: float, seed: int):
        self._signing_key = signing_key
        self._refusal_share = refusal_share
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self.deliveries: list[Delivery] = []
        self.refused = 0
        self.rejected: list[str] = []  # requests with a bad signature, a bad body or a header missing
        self.execution_ids: set[str] = set()
        self.repeated_execution_ids = 0
        self.integration_ids: set[str] = set()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/knit/webhook"

    def __enter__(self) -> "WebhookReceiver":
        self._thread.start()
        return self

    def __exit__(self, *exception) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def snapshot(self) -> tuple[list[Delivery], list[str]]:
        """The deliveries and rejections so far, as copies."""
        with self._lock:
            return list(self.deliveries), list(self.rejected)

    def _answer(self, headers, body: bytes) -> int:
        """The status for one request, after recording it."""
        signature = headers.get("X-Knit-Signature", "")
        execution_id = headers.get("X-Knit-Execution-Id", "")
        integration_id = headers.get("X-Knit-Integration-Id", "")
        problem = None
        if not hmac.compare_digest(signature, knit_signature(self._signing_key, body)):
            problem = "X-Knit-Signature does not verify"
        elif not execution_id or not integration_id:
            problem = "X-Knit-Execution-Id or X-Knit-Integration-Id is missing"
        elif not headers.get("Content-Type", "").startswith("application/json"):
            problem = "Content-Type is not application/json"
        else:
            try:
                event = json.loads(body)
                fields = (event["eventId"], event["eventType"], event["recordId"])
            except (ValueError, KeyError, TypeError):
                problem = "the body is not an event"
        with self._lock:
            if execution_id in self.execution_ids:
                self.repeated_execution_ids += 1
            self.execution_ids.add(execution_id)
            if problem is not None:
                self.rejected.append(f"{problem}: {body[:200]!r}")
                return 400
            self.integration_ids.add(integration_id)
            if self._random.random() < self._refusal_share:
                self.refused += 1
                return 500
            self.deliveries.append(Delivery(len(self.deliveries), *fields, body))
            return 200

    def _handler_class(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                if len(body) < length:
                    self.close_connection = True  # the sender died mid-request
                    return
                self.send_response(receiver._answer(self.headers, body))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *arguments) -> None:
                pass

        return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A killed host drops its connections mid-exchange; that is the test, not a fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
