"""The delivery engine: sends a bridge's events to the vendor's webhook (protocol §3.3) and its reports
to Ashby (protocol §5), retrying with backoff until they are delivered or dead-lettered."""

import ctypes
import time
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from . import _native
from ._arguments import INT64, SIZE, Bytes, as_bytes, as_optional_text, as_text, as_text_array, in_range
from ._handle import NativeHandle
from .bridge import Bridge
from .errors import check


class OutboundRequest(NamedTuple):
    """One POST for a host's ``send`` callable: the exact body bytes with protocol §3.3's headers.
    ``timeout_ms`` is 0 when only the host client's own limits bound the send; otherwise ``send``
    gives up after at most that many milliseconds in all, connecting included, by raising
    :class:`SendFailed` with a message that says it timed out (never later than its own limits)."""

    url: str
    headers: list[tuple[str, str]]
    body: bytes
    timeout_ms: int = 0


class SendFailed(Exception):
    """Raised by a host's ``send`` when there was no usable reply (refused, timed out...): the
    attempt fails and is retried. Its message is kept in the event's history; never put a
    secret in it. Any other exception counts the same way."""


class SendAborted(Exception):
    """Raised by a host's ``send`` that gave up because the engine is stopping: the event is
    given back without counting an attempt."""


class DeliverySummary(NamedTuple):
    """What one :meth:`Delivery.deliver_due` pass did."""

    delivered: int
    retrying: int
    dead_lettered: int
    released: int


ReplyHeaders = Mapping[str, str] | Iterable[tuple[str, str]]
"""A reply's headers: (name, value) pairs, names as received and in the order received, or a dict."""

Send = Callable[[OutboundRequest], int | tuple[int, ReplyHeaders, Bytes]]
"""A host's HTTP client: sends the request and returns the HTTP status, or ``(status, headers,
body)`` to hand back the reply's headers and body as well (the body as bytes, or text sent as
UTF-8; its first 64 KiB is kept); or raises. Headers and body are kept only with an HTTP status."""

_ERROR_LIMIT = 400  # bytes of a failure's reason kept; the library's buffer is larger


class Delivery(NativeHandle):
    """Delivers the events of ``bridge`` to ``webhook_url`` (None: the host pulls them itself) and
    its reports (:class:`~ashbyknit.Reporter`) to Ashby at ``ashby_api_url`` (None:
    https://api.ashbyhq.com/), with each integration's Ashby API key: with libcurl, or through ``send``
    (called from the engine's worker threads, several at once). Run it as background workers
    (:meth:`start`, :meth:`stop`) or one pass at a time (:meth:`deliver_due`). Close it (or leave
    a ``with`` block) before its bridge: closing stops the workers without draining.
    ``standard_webhook_keys`` (``whsec_...`` or ``whsk_...``) also sign every event with the
    Standard Webhooks headers, one signature per key. ``enrichment_timeout_ms`` bounds the wait of a
    record.new for Ashby's candidate.info when its integration enriches candidates
    (:meth:`~ashbyknit.Store.set_candidate_enrichment`); it must be under half the lease. Settings
    left at 0 take the library's defaults (4 workers, batches of 8, a 120 s lease, 10 s to 1 h
    between retries, 4 days before a dead letter, no attempt limit, 5 s for candidate.info;
    libcurl: 5 s to connect, 30 s in all). Raises InvalidArgument for a bad URL, setting or key, or
    a webhook URL with a bridge without a signing key.
    """

    _kind = "delivery engine"

    def __init__(
        self,
        bridge: Bridge,
        webhook_url: str | None = None,
        *,
        ashby_api_url: str | None = None,
        standard_webhook_keys: Iterable[str] = (),
        send: Send | None = None,
        workers: int = 0,
        batch_size: int = 0,
        lease_ms: int = 0,
        first_retry_delay_ms: int = 0,
        max_retry_delay_ms: int = 0,
        max_age_ms: int = 0,
        max_attempts: int = 0,
        enrichment_timeout_ms: int = 0,
        connect_timeout_ms: int = 0,
        total_timeout_ms: int = 0,
        reuse_connections: bool = True,
    ) -> None:
        self._bridge = bridge  # the engine must not outlive it
        curl = _native.CurlOptions(
            struct_size=ctypes.sizeof(_native.CurlOptions),
            connect_timeout_ms=in_range(connect_timeout_ms, INT64, "connect_timeout_ms"),
            total_timeout_ms=in_range(total_timeout_ms, INT64, "total_timeout_ms"),
            forbid_reuse=0 if reuse_connections else 1,
        )
        # Referenced for the engine's life: ctypes frees a callback's thunk with its object.
        self._send = None if send is None else _native.TRANSPORT_SEND(_adapt(send))
        transport = None
        if self._send is not None:
            transport = ctypes.pointer(_native.Transport(struct_size=ctypes.sizeof(_native.Transport), send=self._send))
        keys = as_text_array(standard_webhook_keys, "standard_webhook_keys")
        options = _native.DeliveryOptions(
            struct_size=ctypes.sizeof(_native.DeliveryOptions),
            webhook_url=as_optional_text(webhook_url, "webhook_url"),
            workers=in_range(workers, SIZE, "workers"),
            batch_size=in_range(batch_size, SIZE, "batch_size"),
            lease_ms=in_range(lease_ms, INT64, "lease_ms"),
            first_retry_delay_ms=in_range(first_retry_delay_ms, INT64, "first_retry_delay_ms"),
            max_retry_delay_ms=in_range(max_retry_delay_ms, INT64, "max_retry_delay_ms"),
            max_age_ms=in_range(max_age_ms, INT64, "max_age_ms"),
            max_attempts=in_range(max_attempts, INT64, "max_attempts"),
            transport=transport,
            curl=ctypes.pointer(curl),
            ashby_api_url=as_optional_text(ashby_api_url, "ashby_api_url"),
            standard_webhook_keys=keys,
            standard_webhook_key_count=len(keys),
            enrichment_timeout_ms=in_range(enrichment_timeout_ms, INT64, "enrichment_timeout_ms"),
        )
        handle = ctypes.c_void_p()
        check(_native.lib.ak_delivery_new(bridge._open_handle(), ctypes.byref(options), ctypes.byref(handle)))
        self._adopt(handle.value, _native.lib.ak_delivery_free)

    def deliver_due(self, now_ms: int | None = None) -> DeliverySummary:
        """One pass on this thread: sends the events due at ``now_ms`` (ms since the epoch; None:
        now), at most one batch, each attempt recorded at that time. Raises StoreError."""
        at = time.time_ns() // 1_000_000 if now_ms is None else in_range(now_ms, INT64, "now_ms")
        summary = _native.DeliverySummary()
        check(_native.lib.ak_delivery_deliver_due(self._open_handle(), at, ctypes.byref(summary)))
        return DeliverySummary(summary.delivered, summary.retrying, summary.dead_lettered, summary.released)

    def start(self) -> None:
        """Starts the background workers. Raises Conflict when they run already."""
        check(_native.lib.ak_delivery_start(self._open_handle()))

    def stop(self, drain_ms: int = 10_000) -> None:
        """Stops claiming events, lets sends in flight finish for up to ``drain_ms``, and joins the
        workers; events whose sends are cut short stay pending. Never call it from ``send``."""
        check(_native.lib.ak_delivery_stop(self._open_handle(), in_range(drain_ms, INT64, "drain_ms")))

    def wake(self) -> None:
        """Wakes an idle worker to look for due events now (after the bridge accepted a call)."""
        _native.lib.ak_delivery_wake(self._open_handle())


def _adapt(send: Send):
    """``send`` as an ``ak_transport.send``: the request read into an OutboundRequest, the
    returned status passed on (with the reply's headers and body, when ``send`` returns them), and
    an exception's message written as the reason."""

    def on_send(request, error, error_size, _user_data) -> int:
        try:
            outbound = request.contents
            headers = [
                (header.name[: header.name_len].decode(), header.value[: header.value_len].decode())
                for header in outbound.headers[: outbound.header_count]
            ]
            body = ctypes.string_at(outbound.body, outbound.body_len)
            answer = send(OutboundRequest(outbound.url.decode(), headers, body, outbound.timeout_ms))
            if not isinstance(answer, tuple):
                return int(answer)
            status, reply_headers, reply_body = answer
            status = int(status)
            _hand_back(outbound.reply, reply_headers, reply_body)
            return status
        except SendAborted as aborted:
            _write_reason(error, error_size, str(aborted) or "aborted by the host")
            return _native.SEND_ABORTED
        except Exception as failure:  # noqa: BLE001 - every failure of the host's client is a failed send
            _write_reason(error, error_size, str(failure) or type(failure).__name__)
            return _native.SEND_FAILED

    return on_send


def _hand_back(reply: int, headers: ReplyHeaders, body: Bytes) -> None:
    """Gives the library a reply's headers and body through ``ak_reply_*``. Raises for a value
    it cannot take (a header with a NUL or an empty name, a body that is not bytes or str)."""
    for name, value in headers.items() if isinstance(headers, Mapping) else headers:
        name_bytes = as_text(name, "a reply header's name")
        check(_native.lib.ak_reply_add_header(reply, name_bytes, as_text(value, "a reply header's value")))
    data = as_bytes(body, "the reply's body")
    check(_native.lib.ak_reply_set_body(reply, data, len(data)))


def _write_reason(error: int, error_size: int, reason: str) -> None:
    # Cut on a character boundary: the reason ends up in JSON.
    cut = reason.encode("utf-8", "replace")[: min(error_size - 1, _ERROR_LIMIT)]
    encoded = cut.decode("utf-8", "ignore").encode("utf-8") + b"\0"
    ctypes.memmove(error, encoded, len(encoded))
