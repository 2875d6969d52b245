"""The shared library, loaded once, with the prototype of every function of ashbyknit.h.

Nothing here is public: the package's ``__init__`` turns these raw calls into Python functions.
"""

import ctypes
import ctypes.util
import json
import os

LIBRARY_ENV = "ASHBYKNIT_LIBRARY"
"""The environment variable that names the shared library's path, ahead of the system search."""

# ak_status is a C enum: an int on every ABI ctypes supports.
status_t = ctypes.c_int
# Caller-owned strings arrive as c_void_p, not c_char_p: ctypes would copy a c_char_p result
# into bytes and drop the pointer, leaving nothing to hand back to ak_string_free.
owned_string_p = ctypes.POINTER(ctypes.c_void_p)


# Handles (ak_store *, ak_bridge *, ...) are opaque: plain pointers, None for NULL.
handle_t = ctypes.c_void_p
handle_p = ctypes.POINTER(ctypes.c_void_p)


class MapOptions(ctypes.Structure):
    """``ak_map_options``. Set ``struct_size`` to ``ctypes.sizeof(MapOptions)``."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("assessment_id", ctypes.c_char_p),
        ("now_ms", ctypes.c_int64),
        ("packages_json", ctypes.c_char_p),
        ("catalogue", ctypes.c_void_p),
    ]


class StoreOptions(ctypes.Structure):
    """``ak_store_options``. Set ``struct_size`` to ``ctypes.sizeof(StoreOptions)``."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("path", ctypes.c_char_p),
        ("busy_timeout_ms", ctypes.c_int),
        ("durability", ctypes.c_int),
        # c_char_p rather than c_void_p: ctypes then keeps the bytes assigned to it alive.
        ("master_key", ctypes.c_char_p),
        ("master_key_len", ctypes.c_size_t),
        ("commit_batch_max", ctypes.c_size_t),
        ("commit_wait_us", ctypes.c_longlong),
    ]


MASTER_KEY_BYTES = 32
"""``AK_MASTER_KEY_BYTES``: bytes in a master key."""


DURABILITY = {"full": 0, "normal": 1}
"""``AK_DURABILITY_FULL`` and ``AK_DURABILITY_NORMAL`` by the names the binding takes."""


class Sources(ctypes.Structure):
    """``ak_sources``. Declared for the prototypes; the binding passes NULL (the system's)."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("now_ms", ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)),
        (
            "random_bytes",
            ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_ubyte), ctypes.c_size_t, ctypes.c_void_p),
        ),
        ("user_data", ctypes.c_void_p),
        ("destroy", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


class BridgeOptions(ctypes.Structure):
    """``ak_bridge_options``. Set ``struct_size`` to ``ctypes.sizeof(BridgeOptions)``."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("public_base_url", ctypes.c_char_p),
        ("store", ctypes.POINTER(StoreOptions)),
        ("max_body_bytes", ctypes.c_size_t),
        ("max_depth", ctypes.c_size_t),
        ("default_packages_json", ctypes.c_char_p),
        # c_char_p rather than c_void_p: ctypes then keeps the bytes assigned to it alive.
        ("signing_key", ctypes.c_char_p),
        ("signing_key_len", ctypes.c_size_t),
        ("visibility_timeout_ms", ctypes.c_int64),
        ("sources", ctypes.POINTER(Sources)),
        ("initial_update_request", ctypes.c_int),
    ]


class Header(ctypes.Structure):
    """``ak_header``: two byte spans."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("name_len", ctypes.c_size_t),
        ("value", ctypes.c_char_p),
        ("value_len", ctypes.c_size_t),
    ]


class HttpRequest(ctypes.Structure):
    """``ak_http_request``. Set ``struct_size`` to ``ctypes.sizeof(HttpRequest)``."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("method", ctypes.c_char_p),
        ("path", ctypes.c_char_p),
        ("headers", ctypes.POINTER(Header)),
        ("header_count", ctypes.c_size_t),
        ("body", ctypes.c_char_p),
        ("body_len", ctypes.c_size_t),
    ]


EVENT_STATES = {None: 0, "pending": 1, "delivered": 2, "dead_lettered": 3}
"""``ak_event_state`` by the state names of the event lists (None: every state)."""


class OutboundRequest(ctypes.Structure):
    """``ak_outbound_request``: one POST a transport sends, valid during the send only. ``reply``
    is the ``ak_reply *`` that the send hands the reply's body and headers back through;
    ``timeout_ms`` bounds the send when not 0."""

    _fields_ = [
        ("url", ctypes.c_char_p),
        ("headers", ctypes.POINTER(Header)),
        ("header_count", ctypes.c_size_t),
        ("body", ctypes.c_void_p),
        ("body_len", ctypes.c_size_t),
        ("reply", ctypes.c_void_p),
        ("timeout_ms", ctypes.c_int64),
    ]


TRANSPORT_SEND = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(OutboundRequest), ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p
)
"""``ak_transport.send``. ``error`` comes as a pointer (c_void_p, not c_char_p, which ctypes would
copy), so that a send can write its reason into it with ``ctypes.memmove``."""

SEND_FAILED = -1
"""``AK_SEND_FAILED``: a send got no usable reply."""
SEND_ABORTED = -2
"""``AK_SEND_ABORTED``: a send gave up because the engine is stopping."""

USER_DATA_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
"""``ak_transport.abort`` and ``ak_transport.destroy``."""


class Transport(ctypes.Structure):
    """``ak_transport``. Set ``struct_size`` to ``ctypes.sizeof(Transport)``; the callbacks must
    stay referenced for as long as the engine may call them."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("send", TRANSPORT_SEND),
        ("abort", USER_DATA_CALLBACK),
        ("user_data", ctypes.c_void_p),
        ("destroy", USER_DATA_CALLBACK),
    ]


class CurlOptions(ctypes.Structure):
    """``ak_curl_options``. Set ``struct_size`` to ``ctypes.sizeof(CurlOptions)``."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("connect_timeout_ms", ctypes.c_int64),
        ("total_timeout_ms", ctypes.c_int64),
        ("forbid_reuse", ctypes.c_int),
        ("max_connections", ctypes.c_size_t),
        ("ca_file", ctypes.c_char_p),
    ]


class DeliveryOptions(ctypes.Structure):
    """``ak_delivery_options``. Set ``struct_size`` to ``ctypes.sizeof(DeliveryOptions)``."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("webhook_url", ctypes.c_char_p),
        ("workers", ctypes.c_size_t),
        ("batch_size", ctypes.c_size_t),
        ("lease_ms", ctypes.c_int64),
        ("idle_poll_ms", ctypes.c_int64),
        ("first_retry_delay_ms", ctypes.c_int64),
        ("max_retry_delay_ms", ctypes.c_int64),
        ("max_age_ms", ctypes.c_int64),
        ("max_attempts", ctypes.c_int64),
        ("transport", ctypes.POINTER(Transport)),
        ("curl", ctypes.POINTER(CurlOptions)),
        ("ashby_api_url", ctypes.c_char_p),
        ("standard_webhook_keys", ctypes.POINTER(ctypes.c_char_p)),
        ("standard_webhook_key_count", ctypes.c_size_t),
        ("enrichment_timeout_ms", ctypes.c_int64),
    ]


class DeliverySummary(ctypes.Structure):
    """``ak_delivery_summary``: what one delivery pass did."""

    _fields_ = [
        ("delivered", ctypes.c_size_t),
        ("retrying", ctypes.c_size_t),
        ("dead_lettered", ctypes.c_size_t),
        ("released", ctypes.c_size_t),
    ]


def _load() -> ctypes.CDLL:
    path = os.environ.get(LIBRARY_ENV) or ctypes.util.find_library("ashbyknit")
    if not path:
        raise ImportError(
            "ashbyknit: the shared library libashbyknit was not found; install it where the "
            f"dynamic loader looks, or set {LIBRARY_ENV} to its path"
        )
    try:
        return ctypes.CDLL(path)
    except OSError as failure:
        raise ImportError(f"ashbyknit: cannot load the shared library {path!r}: {failure}") from failure


_MAP_PROTOTYPE = ([ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(MapOptions), owned_string_p], status_t)
# Every report ends with the same two outputs: the update's id and its timestamp.
_REPORT_OUTPUTS = [owned_string_p, ctypes.POINTER(ctypes.c_int64)]

PROTOTYPES = {
    "ak_version_string": ([], ctypes.c_char_p),
    "ak_last_error_message": ([], ctypes.c_char_p),
    "ak_status_name": ([status_t], ctypes.c_char_p),
    "ak_string_free": ([ctypes.c_void_p], None),
    "ak_secret_issue": (
        [ctypes.c_char_p, ctypes.c_char_p, owned_string_p, owned_string_p, owned_string_p],
        status_t,
    ),
    "ak_secret_hash": ([ctypes.c_char_p, owned_string_p], status_t),
    "ak_secret_matches": ([ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "ak_knit_sign": (
        [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, owned_string_p],
        status_t,
    ),
    "ak_knit_verify": (
        [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p],
        ctypes.c_int,
    ),
    "ak_standard_secret_new": ([owned_string_p], status_t),
    "ak_standard_key_pair_new": ([owned_string_p, owned_string_p], status_t),
    "ak_standard_public_key": ([ctypes.c_char_p, owned_string_p], status_t),
    "ak_standard_sign": (
        [ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_char_p, ctypes.c_int64, ctypes.c_void_p,
         ctypes.c_size_t, owned_string_p],
        status_t,
    ),
    "ak_standard_verify": (
        [ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
         ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int64, ctypes.c_int64],
        status_t,
    ),
    "ak_catalogue_new": ([ctypes.c_char_p, handle_p], status_t),
    "ak_catalogue_free": ([handle_t], None),
    "ak_map_start": _MAP_PROTOTYPE,
    "ak_map_cancel": _MAP_PROTOTYPE,
    "ak_master_key_parse": ([ctypes.c_char_p, ctypes.POINTER(ctypes.c_ubyte)], status_t),
    "ak_master_key_generate": ([owned_string_p], status_t),
    "ak_store_open": ([ctypes.POINTER(StoreOptions), ctypes.POINTER(Sources), handle_p], status_t),
    "ak_store_free": ([handle_t], None),
    "ak_store_integration_create": ([handle_t, ctypes.c_char_p], status_t),
    "ak_store_integration_list": ([handle_t, owned_string_p], status_t),
    "ak_store_secret_issue": (
        [handle_t, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64, owned_string_p, owned_string_p, owned_string_p],
        status_t,
    ),
    "ak_store_secret_list": ([handle_t, ctypes.c_char_p, owned_string_p], status_t),
    "ak_store_secret_revoke": ([handle_t, ctypes.c_char_p, ctypes.c_char_p], status_t),
    "ak_store_ashby_key_set": ([handle_t, ctypes.c_char_p, ctypes.c_char_p], status_t),
    "ak_store_candidate_enrichment_set": ([handle_t, ctypes.c_char_p, ctypes.c_int], status_t),
    "ak_store_packages_set": ([handle_t, ctypes.c_char_p, ctypes.c_char_p], status_t),
    "ak_store_fields_set": ([handle_t, ctypes.c_char_p, ctypes.c_char_p], status_t),
    "ak_store_assessments_list": ([handle_t, ctypes.c_char_p, owned_string_p], status_t),
    "ak_store_events_count": (
        [handle_t, ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(ctypes.c_int64)],
        status_t,
    ),
    # The state is an int: one of ak_event_state's values.
    "ak_store_events_list": ([handle_t, ctypes.c_int, ctypes.c_size_t, owned_string_p], status_t),
    "ak_store_event_history": ([handle_t, ctypes.c_char_p, owned_string_p], status_t),
    "ak_store_events_replay": ([handle_t, ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t)], status_t),
    "ak_bridge_new": ([ctypes.POINTER(BridgeOptions), handle_p], status_t),
    "ak_bridge_free": ([handle_t], None),
    "ak_bridge_store": ([handle_t], handle_t),
    "ak_bridge_handle": ([handle_t, ctypes.POINTER(HttpRequest), handle_p], status_t),
    "ak_http_response_status": ([handle_t], ctypes.c_int),
    "ak_http_response_header_count": ([handle_t], ctypes.c_size_t),
    # Borrowed strings, owned by the response or batch: c_char_p copies them out as bytes.
    "ak_http_response_header_name": ([handle_t, ctypes.c_size_t], ctypes.c_char_p),
    "ak_http_response_header_value": ([handle_t, ctypes.c_size_t], ctypes.c_char_p),
    # Bodies come back as pointers, read with their length: a body is bytes, not text.
    "ak_http_response_body": ([handle_t, ctypes.POINTER(ctypes.c_size_t)], ctypes.c_void_p),
    "ak_http_response_operation": ([handle_t], ctypes.c_char_p),
    "ak_http_response_integration_id": ([handle_t], ctypes.c_char_p),
    "ak_http_response_assessment_id": ([handle_t], ctypes.c_char_p),
    "ak_http_response_free": ([handle_t], None),
    "ak_bridge_events_pull": ([handle_t, ctypes.c_size_t, handle_p], status_t),
    "ak_event_batch_count": ([handle_t], ctypes.c_size_t),
    "ak_event_batch_event_id": ([handle_t, ctypes.c_size_t], ctypes.c_char_p),
    "ak_event_batch_body": ([handle_t, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)], ctypes.c_void_p),
    "ak_event_batch_header_count": ([handle_t, ctypes.c_size_t], ctypes.c_size_t),
    "ak_event_batch_header_name": ([handle_t, ctypes.c_size_t, ctypes.c_size_t], ctypes.c_char_p),
    "ak_event_batch_header_value": ([handle_t, ctypes.c_size_t, ctypes.c_size_t], ctypes.c_char_p),
    "ak_event_batch_free": ([handle_t], None),
    "ak_bridge_events_ack": (
        [handle_t, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)],
        status_t,
    ),
    "ak_reply_set_body": ([ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t], status_t),
    "ak_reply_add_header": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p], status_t),
    "ak_delivery_new": ([handle_t, ctypes.POINTER(DeliveryOptions), handle_p], status_t),
    "ak_delivery_free": ([handle_t], None),
    "ak_delivery_deliver_due": ([handle_t, ctypes.c_int64, ctypes.POINTER(DeliverySummary)], status_t),
    "ak_delivery_start": ([handle_t], status_t),
    "ak_delivery_stop": ([handle_t, ctypes.c_int64], status_t),
    "ak_delivery_wake": ([handle_t], None),
    "ak_report_started": ([handle_t, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, *_REPORT_OUTPUTS], status_t),
    "ak_report_progress": (
        [handle_t, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, *_REPORT_OUTPUTS],
        status_t,
    ),
    "ak_report_completed": (
        [handle_t, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, *_REPORT_OUTPUTS],
        status_t,
    ),
    "ak_report_cancelled": ([handle_t, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, *_REPORT_OUTPUTS], status_t),
    "ak_report_update": ([handle_t, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t, *_REPORT_OUTPUTS], status_t),
    "ak_report_add_completed": (
        [handle_t, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t, *_REPORT_OUTPUTS], status_t
    ),
}
"""Every function of ashbyknit.h: its argument types and its result type."""


def _declare(library: ctypes.CDLL) -> None:
    for name, (argtypes, restype) in PROTOTYPES.items():
        function = getattr(library, name)
        function.argtypes = argtypes
        function.restype = restype


lib = _load()
_declare(lib)


def take_json(pointer: ctypes.c_void_p):
    """Parses a caller-owned JSON string from the library, then releases it."""
    return json.loads(take_strings(pointer)[0])


def take_strings(*pointers: ctypes.c_void_p) -> list[str]:
    """Copies caller-owned strings out of the library as str, then releases every one of them."""
    try:
        return [ctypes.string_at(pointer.value).decode("utf-8") for pointer in pointers]
    finally:
        for pointer in pointers:
            lib.ak_string_free(pointer)


def last_error_message() -> str:
    """This thread's last error message; read it right after the call that failed."""
    return lib.ak_last_error_message().decode("utf-8", errors="replace")


def status_name(status: int) -> str:
    """The library's snake_case name of a status."""
    return lib.ak_status_name(status).decode("ascii")
