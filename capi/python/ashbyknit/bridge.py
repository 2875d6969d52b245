"""The bridge: the front door for Ashby's calls, and the outbox of events for a host that
delivers them itself."""

import ctypes
import functools
import os
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from . import _native
from ._arguments import INT64, SIZE, Bytes, as_bytes, as_json_text, as_text, as_text_array, in_range
from ._handle import NativeHandle
from .errors import check
from .store import Store, store_options

Headers = Iterable[tuple[str | bytes, str | bytes]] | Mapping[str | bytes, str | bytes]
"""Request headers: (name, value) pairs, or a mapping. Text is encoded as UTF-8."""


class Response(NamedTuple):
    """The reply to send back to Ashby as it is."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


class HandledCall(NamedTuple):
    """A call as Bridge.handle_call answered it: the ``response``, and what the call was, for the
    host's log line (never read from the body or the key; "" when there is none): the
    ``operation`` its path names ("assessment.start"), the ``integration_id`` whose key
    authenticated it, and the ``assessment_id`` of an accepted start or cancel."""

    response: Response
    operation: str
    integration_id: str
    assessment_id: str


class PulledEvent(NamedTuple):
    """An event to POST to the vendor's webhook: ``body`` (the exact bytes that were signed) with
    ``headers`` (Content-Type, X-Knit-Signature, X-Knit-Integration-Id, X-Knit-Execution-Id).
    Acknowledge it by ``event_id`` once delivered."""

    event_id: str
    body: bytes
    headers: list[tuple[str, str]]


class Bridge(NativeHandle):
    """A bridge over one store: answers Ashby's calls (protocol §2) and hands out their events.

    Every method may be called from many threads at once. Close it with :meth:`close` or a
    ``with`` block (it is also closed when garbage-collected); it must not be closed while
    another thread is calling it or its store. Closing it closes its store.
    """

    _kind = "bridge"

    def __init__(
        self,
        public_base_url: str,
        *,
        store_path: str | os.PathLike | None = None,
        signing_key: Bytes | None = None,
        default_packages_json=None,
        max_body_bytes: int = 0,
        max_depth: int = 0,
        visibility_timeout_ms: int = 0,
        durability: str = "full",
        busy_timeout_ms: int = 5000,
        master_key: bytes | None = None,
        initial_update_request: bool = False,
        commit_batch_max: int | None = None,
        commit_wait_us: int = 0,
    ) -> None:
        """Opens a bridge serving ``public_base_url`` (its path routes the calls) on the store at
        ``store_path`` (None: a private store in memory), opened as :meth:`Store.open` opens one.

        ``signing_key`` signs pulled events (None: events cannot be pulled);
        ``default_packages_json`` is the catalogue (JSON text, or a list of dicts) used when the
        store holds none; the limits and the visibility timeout take the library's defaults
        (1 MiB, 64 levels, 60 s) when 0. ``master_key``, ``commit_batch_max`` and
        ``commit_wait_us`` are the store's, as :meth:`Store.open` takes them. With
        ``initial_update_request``, a new assessment's start reply carries an ``update_request``
        with status "Started" (protocol §2), and the assessment is then started.
        Raises InvalidArgument or StoreError.
        """
        store = store_options(
            store_path, durability, busy_timeout_ms, master_key, commit_batch_max, commit_wait_us
        )
        key = None if signing_key is None else as_bytes(signing_key, "signing_key")
        options = _native.BridgeOptions(
            struct_size=ctypes.sizeof(_native.BridgeOptions),
            public_base_url=as_text(public_base_url, "public_base_url"),
            store=ctypes.pointer(store),
            max_body_bytes=in_range(max_body_bytes, SIZE, "max_body_bytes"),
            max_depth=in_range(max_depth, SIZE, "max_depth"),
            default_packages_json=None
            if default_packages_json is None
            else as_json_text(default_packages_json, "default_packages_json"),
            signing_key=key,
            signing_key_len=0 if key is None else len(key),
            visibility_timeout_ms=in_range(visibility_timeout_ms, INT64, "visibility_timeout_ms"),
            initial_update_request=1 if initial_update_request else 0,
        )
        handle = ctypes.c_void_p()
        check(_native.lib.ak_bridge_new(ctypes.byref(options), ctypes.byref(handle)))
        self._adopt(handle.value, _native.lib.ak_bridge_free)
        self._store = Store._wrap(_native.lib.ak_bridge_store(handle.value), owner=self)

    @property
    def store(self) -> Store:
        """The bridge's store, for administration. It keeps the bridge alive and closes with it:
        its own close() does nothing."""
        return self._store

    def handle(self, method: str, path: str, headers: Headers, body: Bytes = b"") -> Response:
        """Answers one of Ashby's calls as the host's server received it: ``path`` is the
        request path (``/ashby/assessment.start``). Every problem with the call is an HTTP status
        in the response (protocol §2.4); this raises only for bad arguments."""
        return self.handle_call(method, path, headers, body).response

    def handle_call(self, method: str, path: str, headers: Headers, body: Bytes = b"") -> HandledCall:
        """As handle(), also saying which operation, integration and assessment the call was for."""
        pairs = list(headers.items() if isinstance(headers, Mapping) else headers)
        # Encoded once and kept here: the structs only point into these bytes.
        encoded = [(as_bytes(name, "header name"), as_bytes(value, "header value")) for name, value in pairs]
        c_headers = (_native.Header * len(encoded))(
            *(_native.Header(name, len(name), value, len(value)) for name, value in encoded)
        )
        body_bytes = as_bytes(body, "body")
        request = _native.HttpRequest(
            struct_size=ctypes.sizeof(_native.HttpRequest),
            method=as_text(method, "method"),
            path=as_text(path, "path"),
            headers=c_headers,
            header_count=len(encoded),
            body=body_bytes,
            body_len=len(body_bytes),
        )
        response = ctypes.c_void_p()
        check(_native.lib.ak_bridge_handle(self._open_handle(), ctypes.byref(request), ctypes.byref(response)))
        try:
            return _read_handled_call(response.value)
        finally:
            _native.lib.ak_http_response_free(response)

    def pull_events(self, max: int = 100) -> list[PulledEvent]:
        """Leases up to ``max`` undelivered events, oldest first, each signed for delivery. An
        event not acknowledged within the visibility timeout is handed out again. Raises
        InvalidArgument when the bridge has no signing key."""
        batch = ctypes.c_void_p()
        check(_native.lib.ak_bridge_events_pull(self._open_handle(), in_range(max, SIZE, "max"), ctypes.byref(batch)))
        try:
            return [_read_event(batch.value, index) for index in range(_native.lib.ak_event_batch_count(batch))]
        finally:
            _native.lib.ak_event_batch_free(batch)

    def ack_events(self, event_ids: Iterable[str]) -> int:
        """Marks events delivered by eventId; they are never handed out again. Returns how many
        were pending: unknown or already acknowledged ids are not an error."""
        ids = as_text_array(event_ids, "event_id")
        acknowledged = ctypes.c_size_t()
        check(_native.lib.ak_bridge_events_ack(self._open_handle(), ids, len(ids), ctypes.byref(acknowledged)))
        return acknowledged.value


def _read_headers(count: int, name, value) -> list[tuple[str, str]]:
    """Headers 0 to ``count - 1``, read with the accessors ``name(index)`` and ``value(index)``."""
    return [(name(index).decode("utf-8"), value(index).decode("utf-8")) for index in range(count)]


def _read_body(accessor, *arguments) -> bytes:
    """A body read with its length: ``accessor(*arguments, &length)``."""
    length = ctypes.c_size_t()
    pointer = accessor(*arguments, ctypes.byref(length))
    return ctypes.string_at(pointer, length.value)


def _read_handled_call(response: int) -> HandledCall:
    lib = _native.lib
    headers = _read_headers(
        lib.ak_http_response_header_count(response),
        functools.partial(lib.ak_http_response_header_name, response),
        functools.partial(lib.ak_http_response_header_value, response),
    )
    return HandledCall(
        Response(lib.ak_http_response_status(response), headers, _read_body(lib.ak_http_response_body, response)),
        lib.ak_http_response_operation(response).decode("utf-8"),
        lib.ak_http_response_integration_id(response).decode("utf-8"),
        lib.ak_http_response_assessment_id(response).decode("utf-8"),
    )


def _read_event(batch: int, index: int) -> PulledEvent:
    lib = _native.lib
    headers = _read_headers(
        lib.ak_event_batch_header_count(batch, index),
        functools.partial(lib.ak_event_batch_header_name, batch, index),
        functools.partial(lib.ak_event_batch_header_value, batch, index),
    )
    event_id = lib.ak_event_batch_event_id(batch, index).decode("utf-8")
    return PulledEvent(event_id, _read_body(lib.ak_event_batch_body, batch, index), headers)
