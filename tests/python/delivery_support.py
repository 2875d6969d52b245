"""A delivery engine whose host transport answers as the test says, driven one pass at a time:
the way to put events into the dead-lettered state on purpose."""

import json
import time
from typing import NamedTuple

import ashbyknit

WEBHOOK_URL = "https://webhook.vendor.example/knit"


class Sent(NamedTuple):
    """One request the transport was handed."""

    event_id: str
    execution_id: str


def now_ms() -> int:
    """The system clock, as the bridge of a binding reads it."""
    return time.time_ns() // 1_000_000


class ScriptedDelivery(ashbyknit.Delivery):
    """An engine that dead-letters an event on its first failed attempt. Every send is answered
    with ``status``, an HTTP status, or fails with ``error`` as its reason when ``status`` is
    ``SEND_FAILED``; set them between passes. ``sent`` lists the requests in the order sent."""

    SEND_FAILED = -1

    def __init__(self, bridge: ashbyknit.Bridge, status: int = 500, error: str = "") -> None:
        self.status = status
        self.error = error
        self.sent: list[Sent] = []
        super().__init__(bridge, WEBHOOK_URL, send=self._on_send, max_attempts=1)

    def _on_send(self, request: ashbyknit.OutboundRequest) -> int:
        headers = dict(request.headers)
        self.sent.append(Sent(json.loads(request.body)["eventId"], headers.get("X-Knit-Execution-Id", "")))
        if self.status == self.SEND_FAILED:
            raise ashbyknit.SendFailed(self.error)
        return self.status
