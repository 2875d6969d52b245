"""ashbyknit: turn Ashby's assessment calls into Knit-format events, sign and verify them.

A ctypes binding of the C library libashbyknit. The library is loaded from the path in the
environment variable ``ASHBYKNIT_LIBRARY`` when it is set, else from where the dynamic loader
finds ``libashbyknit``. Bytes and text go in (text is encoded as UTF-8), text comes out, and a
failure raises an :class:`Error` subclass carrying the library's status and message::

    import ashbyknit
    catalogue = ashbyknit.Catalogue(packages_json)                       # parsed once
    event = ashbyknit.map_start(request_body, catalogue=catalogue)      # the record.new event
    signature = ashbyknit.knit_sign(signing_key, event)                  # X-Knit-Signature
    assert ashbyknit.knit_verify(signing_key, event, signature)
    header = ashbyknit.standard_sign([whsec_secret], event_id, timestamp, event)  # Standard Webhooks
    issued = ashbyknit.secret_issue("acme", "https://hooks.example.com/ashby")

A :class:`Bridge` answers Ashby's calls on a :class:`Store` (an embedded SQLite file) and hands
out the events they produce::

    with ashbyknit.Bridge("https://hooks.example.com/ashby/", store_path="bridge.db",
                          signing_key=b"vendor key") as bridge:
        bridge.store.create_integration("acme")
        key = bridge.store.issue_key("acme", "https://hooks.example.com/ashby/")
        reply = bridge.handle("POST", "/ashby/assessment.list", request_headers, request_body)
        for event in bridge.pull_events(10):
            ...  # POST event.body with event.headers, then:
            bridge.ack_events([event.event_id])

or a :class:`Delivery` sends them to the vendor's webhook itself, retrying failures::

    with ashbyknit.Delivery(bridge, "https://vendor.example/webhooks/knit") as delivery:
        delivery.start()   # background workers (libcurl, or a ``send`` callable of the host's)

A :class:`Reporter` reports back to Ashby (``assessment.update``, and
``assessment.addCompletedToCandidate`` for an assessment Ashby did not start), which the
delivery engine sends with the integration's Ashby API key, kept encrypted under the host's
master key::

    bridge = ashbyknit.Bridge(url, store_path="bridge.db", master_key=ashbyknit.master_key_parse(text))
    bridge.store.set_ashby_key("acme", customer_ashby_api_key)
    ashbyknit.Reporter(bridge.store).completed("acme", assessment_id, result_blob, report_url)

Every function may be called from any thread.
"""

import ctypes
from typing import NamedTuple

from . import _native
from ._arguments import INT64, Bytes, as_bytes, as_text, in_range
from .bridge import Bridge, HandledCall, PulledEvent, Response
from .catalogue import Catalogue
from .delivery import Delivery, DeliverySummary, OutboundRequest, SendAborted, SendFailed
from .errors import (
    Conflict,
    Error,
    Internal,
    InvalidArgument,
    InvalidInput,
    MalformedJSON,
    NotFound,
    Status,
    StoreError,
    TooDeep,
    TooLarge,
    Unauthenticated,
    check,
)
from .reporter import QueuedUpdate, Reporter
from .standard_webhooks import (
    StandardKeyPair,
    standard_key_pair_new,
    standard_public_key,
    standard_secret_new,
    standard_sign,
    standard_verify,
)
from .store import EventCounts, IssuedKey, Store, master_key_generate, master_key_parse

__all__ = [
    "Bridge",
    "Catalogue",
    "Conflict",
    "Delivery",
    "DeliverySummary",
    "Error",
    "EventCounts",
    "HandledCall",
    "Internal",
    "InvalidArgument",
    "InvalidInput",
    "IssuedKey",
    "IssuedSecret",
    "MalformedJSON",
    "NotFound",
    "OutboundRequest",
    "PulledEvent",
    "QueuedUpdate",
    "Reporter",
    "Response",
    "SendAborted",
    "SendFailed",
    "StandardKeyPair",
    "Status",
    "Store",
    "StoreError",
    "TooDeep",
    "TooLarge",
    "Unauthenticated",
    "knit_sign",
    "knit_verify",
    "map_cancel",
    "map_start",
    "master_key_generate",
    "master_key_parse",
    "secret_hash",
    "secret_issue",
    "secret_matches",
    "standard_key_pair_new",
    "standard_public_key",
    "standard_secret_new",
    "standard_sign",
    "standard_verify",
    "status_name",
    "version",
]



class IssuedSecret(NamedTuple):
    """A newly issued secret key. Hand ``secret_key`` and ``base_url`` to Ashby once; store only
    ``key_hash``."""

    secret_key: str
    base_url: str
    key_hash: str


def version() -> str:
    """The library's version, ``"MAJOR.MINOR.PATCH"``."""
    return _native.lib.ak_version_string().decode("ascii")


def status_name(status: int) -> str:
    """The library's snake_case name of a status code (``"invalid_input"``), ``"unknown"`` for
    codes it does not define."""
    return _native.status_name(status)


def secret_issue(integration_id: str, public_base_url: str) -> IssuedSecret:
    """Issues a new secret key for an integration (1 to 128 characters of ``[A-Za-z0-9._-]``).

    ``public_base_url`` is the bridge's absolute http(s) URL; it comes back ending in ``/``.
    Raises InvalidArgument for a bad id or URL, Internal when the random source fails.
    """
    key, url, key_hash = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    check(
        _native.lib.ak_secret_issue(
            as_text(integration_id, "integration_id"),
            as_text(public_base_url, "public_base_url"),
            ctypes.byref(key),
            ctypes.byref(url),
            ctypes.byref(key_hash),
        )
    )
    return IssuedSecret(*_native.take_strings(key, url, key_hash))


def secret_hash(secret_key: str) -> str:
    """The key hash (``sha256:<hex>``) of a well-formed secret key.

    Raises Unauthenticated for a malformed key (wrong prefix, length or characters, or a bad
    checksum); the message never repeats the key.
    """
    out = ctypes.c_void_p()
    check(_native.lib.ak_secret_hash(as_text(secret_key, "secret_key"), ctypes.byref(out)))
    return _native.take_strings(out)[0]


def secret_matches(presented_key: str, key_hash: str) -> bool:
    """True when ``presented_key`` is well-formed and hashes to ``key_hash``; compares in
    constant time. Never raises for a bad key or hash: it just does not match."""
    try:
        key, stored = as_text(presented_key, "presented_key"), as_text(key_hash, "key_hash")
    except InvalidArgument:
        return False
    return _native.lib.ak_secret_matches(key, stored) == 1


def knit_sign(key: Bytes, body: Bytes) -> str:
    """The ``X-Knit-Signature`` of the exact bytes of ``body``: base64url without padding of
    HMAC-SHA256 under ``key``. Raises InvalidArgument for an empty key."""
    key_bytes, body_bytes = as_bytes(key, "key"), as_bytes(body, "body")
    out = ctypes.c_void_p()
    check(_native.lib.ak_knit_sign(key_bytes, len(key_bytes), body_bytes, len(body_bytes), ctypes.byref(out)))
    return _native.take_strings(out)[0]


def knit_verify(key: Bytes, body: Bytes, signature: str) -> bool:
    """True when ``signature`` (base64url, with or without its ``=`` padding) signs the exact
    bytes of ``body`` under ``key``; compares in constant time. False for an empty key."""
    key_bytes, body_bytes = as_bytes(key, "key"), as_bytes(body, "body")
    try:
        signature_bytes = as_text(signature, "signature")
    except InvalidArgument:
        return False
    return _native.lib.ak_knit_verify(key_bytes, len(key_bytes), body_bytes, len(body_bytes), signature_bytes) == 1


def _map(function, body: Bytes, options: _native.MapOptions) -> str:
    body_bytes = as_bytes(body, "body")
    out = ctypes.c_void_p()
    check(function(body_bytes, len(body_bytes), ctypes.byref(options), ctypes.byref(out)))
    return _native.take_strings(out)[0]


def _options(
    now_ms: int,
    assessment_id: str | None = None,
    packages_json: Bytes | None = None,
    catalogue: Catalogue | None = None,
) -> _native.MapOptions:
    if catalogue is not None and not isinstance(catalogue, Catalogue):
        raise TypeError(f"catalogue must be an ashbyknit.Catalogue, not {type(catalogue).__name__}")
    return _native.MapOptions(
        struct_size=ctypes.sizeof(_native.MapOptions),
        assessment_id=None if assessment_id is None else as_text(assessment_id, "assessment_id"),
        now_ms=in_range(now_ms, INT64, "now_ms"),
        packages_json=None if packages_json is None else as_text(packages_json, "packages_json"),
        catalogue=None if catalogue is None else catalogue._as_parameter(),
    )


def map_start(
    body: Bytes,
    *,
    assessment_id: str | None = None,
    now_ms: int = 0,
    packages_json: Bytes | None = None,
    catalogue: Catalogue | None = None,
) -> str:
    """Maps an Ashby ``assessment.start`` body to a Knit ``record.new`` event: compact JSON, the
    bytes to sign and deliver.

    ``assessment_id`` is the record id (``ats_ass_...``; None mints one), ``now_ms`` the event's
    time in ms since the epoch (0: the system clock), ``packages_json`` a package catalogue (a
    JSON list of ``{id, name, description, type, metaData}``) parsed on every call, or
    ``catalogue`` the same parsed once (give at most one of them). Raises TooLarge, TooDeep,
    MalformedJSON (HTTP 400 to Ashby), InvalidInput (HTTP 422; the message names the field for
    the recruiter), InvalidArgument for a bad option or catalogue, ValueError for a closed
    catalogue.
    """
    return _map(_native.lib.ak_map_start, body, _options(now_ms, assessment_id, packages_json, catalogue))


def map_cancel(body: Bytes, *, now_ms: int = 0) -> str:
    """Maps an Ashby ``assessment.cancel`` body to a Knit ``record.deleted`` event, as
    :func:`map_start` does."""
    return _map(_native.lib.ak_map_cancel, body, _options(now_ms))
