"""The store: integrations, their secret keys, catalogues, custom fields, assessments and the
delivery of their events, in an embedded SQLite file."""

import ctypes
import os
from typing import NamedTuple

from . import _native
from ._arguments import INT, INT64, SIZE, as_bytes, as_json_text, as_optional_text, as_text, in_range
from ._handle import NativeHandle
from .errors import InvalidArgument, Status, check


class IssuedKey(NamedTuple):
    """A newly issued secret key. Hand ``secret_key`` and ``base_url`` to Ashby once: the store
    keeps only the key's hash. ``key_id`` names the key for listing and revoking."""

    secret_key: str
    base_url: str
    key_id: str


class EventCounts(NamedTuple):
    """How many events are in each delivery state: ``pending`` (neither delivered nor
    dead-lettered: due, in flight or waiting to be retried), ``acknowledged`` (delivered: a 2xx
    from the webhook, or an acknowledged pull) and ``dead_lettered`` (given up after the retry
    policy's limits, waiting for :meth:`Store.replay`)."""

    pending: int
    acknowledged: int
    dead_lettered: int


class Store(NativeHandle):
    """An embedded SQLite store, opened with :meth:`Store.open` or reached through
    :attr:`Bridge.store <ashbyknit.Bridge.store>`.

    One store may be used from many threads at once (the library serialises calls on it), and
    several processes may open one file. Close it with :meth:`close` or a ``with`` block; it is
    also closed when garbage-collected. It must not be closed while another thread is calling it.

    A bridge's store is a view: it lives as long as its bridge, and its :meth:`close` does nothing.
    Failures raise :class:`~ashbyknit.Error` subclasses: InvalidArgument, NotFound, Conflict,
    MalformedJSON, InvalidInput or StoreError.
    """

    def __init__(self) -> None:
        raise TypeError("open a Store with Store.open(), or use a Bridge's store")

    @classmethod
    def open(
        cls,
        path: str | os.PathLike | None = None,
        *,
        durability: str = "full",
        busy_timeout_ms: int = 5000,
        master_key: bytes | None = None,
        commit_batch_max: int | None = None,
        commit_wait_us: int = 0,
    ) -> "Store":
        """Opens or creates the store at ``path`` (None: a private store in memory), migrating an
        older schema forward.

        ``durability`` is ``"full"`` (every commit is synced: an accepted call survives a power
        cut) or ``"normal"`` (synced at checkpoints: survives a crash of the process).
        ``busy_timeout_ms`` is how long to wait for another process's write lock. ``master_key``
        is the 32 bytes (see :func:`master_key_parse`) that encrypt the Ashby API keys the store
        keeps; without one (None) no Ashby key can be stored or used. Starts, cancels and the
        delivery's records that arrive together share one transaction (one sync of the disk), each
        answered once committed:
        ``commit_batch_max`` is the most in one (None: 64; 1: each alone), ``commit_wait_us`` how
        long the first of a batch waits for others, 0 (never) to 1000000 microseconds. Raises
        InvalidArgument for a master key of another length (TypeError for text: parse it first) or
        a batch or wait out of range, StoreError when the file cannot be opened, is not a store or
        is from a newer version.
        """
        options = store_options(path, durability, busy_timeout_ms, master_key, commit_batch_max, commit_wait_us)
        handle = ctypes.c_void_p()
        check(_native.lib.ak_store_open(ctypes.byref(options), None, ctypes.byref(handle)))
        return cls._wrap(handle.value, owner=None)

    @classmethod
    def _wrap(cls, handle: int, owner) -> "Store":
        """A Store over ``handle``. With no ``owner`` it frees the handle when closed or
        collected; a bridge's store has the bridge as owner, which it keeps alive and asks
        whether it is still open."""
        store = object.__new__(cls)
        store._owner = owner
        # A view frees nothing: its handle is the bridge's, freed with the bridge.
        store._adopt(handle, _native.lib.ak_store_free if owner is None else lambda _handle: None)
        return store

    _kind = "store"

    @property
    def closed(self) -> bool:
        """True once the store (or, for a view, its bridge) is closed."""
        return self._owner.closed if self._owner is not None else super().closed

    def close(self) -> None:
        """Closes the store; closing it again does nothing. A bridge's store closes with its
        bridge, so this does nothing for one."""
        if self._owner is None:
            super().close()

    def create_integration(self, integration_id: str) -> None:
        """Adds an integration (1 to 128 characters of ``[A-Za-z0-9._-]``). Raises Conflict when
        it exists, InvalidArgument for a bad id."""
        check(_native.lib.ak_store_integration_create(self._open_handle(), as_text(integration_id, "integration_id")))

    def integrations(self) -> list[dict]:
        """Every integration, by id: ``{"id", "createdMs", "activeKeys", "ashbyKeySet",
        "enrichCandidates"}``, ``ashbyKeySet`` True when an Ashby API key is stored (the key
        itself is never returned), ``enrichCandidates`` as :meth:`set_candidate_enrichment` left
        it."""
        out = ctypes.c_void_p()
        check(_native.lib.ak_store_integration_list(self._open_handle(), ctypes.byref(out)))
        return _native.take_json(out)

    def issue_key(self, integration_id: str, base_url: str, expires_in_ms: int | None = None) -> IssuedKey:
        """Issues a secret key for an integration, valid for ``expires_in_ms`` (None: until
        revoked). ``base_url`` is the bridge's public URL; it comes back ending in ``/``. Raises
        NotFound for an unknown integration, InvalidArgument for a bad URL or lifetime."""
        if expires_in_ms is not None and in_range(expires_in_ms, INT64, "expires_in_ms") <= 0:
            # The C ABI reads 0 as "never"; here that is None, so 0 is as wrong as -1.
            raise InvalidArgument(Status.INVALID_ARGUMENT, "expires_in_ms must be positive; None means never.")
        key, url, key_id = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
        check(
            _native.lib.ak_store_secret_issue(
                self._open_handle(),
                as_text(integration_id, "integration_id"),
                as_text(base_url, "base_url"),
                expires_in_ms or 0,
                ctypes.byref(key),
                ctypes.byref(url),
                ctypes.byref(key_id),
            )
        )
        return IssuedKey(*_native.take_strings(key, url, key_id))

    def keys(self, integration_id: str) -> list[dict]:
        """An integration's keys, oldest first: ``{"keyId", "integrationId", "createdMs",
        "expiresMs", "revokedMs"}`` (None when not set); never the keys. Raises NotFound."""
        out = ctypes.c_void_p()
        integration = as_text(integration_id, "integration_id")
        check(_native.lib.ak_store_secret_list(self._open_handle(), integration, ctypes.byref(out)))
        return _native.take_json(out)

    def revoke_key(self, integration_id: str, key_id: str) -> None:
        """Revokes one key; the integration's other keys keep working. Revoking twice is fine.
        Raises NotFound when the integration has no such key."""
        check(
            _native.lib.ak_store_secret_revoke(
                self._open_handle(), as_text(integration_id, "integration_id"), as_text(key_id, "key_id")
            )
        )

    def set_ashby_key(self, integration_id: str, key: str) -> None:
        """Stores the integration's Ashby API key (the customer's key, with the candidatesWrite
        permission, that reports are sent with), replacing any earlier one, encrypted under the
        store's master key; it is never logged nor returned. Raises InvalidArgument when the store
        has no master key, or for a key that is empty, over 1024 bytes, or holds a ``:``, white
        space or a control character; NotFound for an unknown integration."""
        check(
            _native.lib.ak_store_ashby_key_set(
                self._open_handle(), as_text(integration_id, "integration_id"), as_text(key, "key")
            )
        )

    def set_candidate_enrichment(self, integration_id: str, enabled: bool) -> None:
        """Turns candidate enrichment on or off for an integration: when on, a delivery engine fills
        each new record.new event's candidate (phones, location, further e-mails and links) from
        Ashby's candidate.info, with the integration's Ashby API key (which then needs the
        candidatesRead permission), before the event's first attempt, waiting at most the engine's
        ``enrichment_timeout_ms``; any failure sends the event as it is. Events handed out before
        are left as they are. Off by default. Raises NotFound for an unknown integration."""
        check(
            _native.lib.ak_store_candidate_enrichment_set(
                self._open_handle(), as_text(integration_id, "integration_id"), 1 if enabled else 0
            )
        )

    def set_packages(self, packages, integration_id: str | None = None) -> None:
        """Sets the package catalogue (JSON text, or a list of ``{id, name, description, type,
        metaData}`` dicts) of an integration, or the bridge-wide default when ``integration_id``
        is None. Raises MalformedJSON, InvalidInput (naming the entry) or NotFound."""
        integration = as_optional_text(integration_id, "integration_id")
        check(_native.lib.ak_store_packages_set(self._open_handle(), integration, as_json_text(packages, "packages")))

    def set_custom_fields(self, fields, integration_id: str | None = None) -> None:
        """Sets the custom fields of ``assessment.customField.list`` (JSON text, or a list of
        ``{id, name, type, possible_values?, isRequired?}`` dicts), for an integration or (None)
        bridge-wide. Raises as :meth:`set_packages` does."""
        integration = as_optional_text(integration_id, "integration_id")
        check(_native.lib.ak_store_fields_set(self._open_handle(), integration, as_json_text(fields, "fields")))

    def assessments(self, integration_id: str | None = None) -> list[dict]:
        """Assessments, newest first, of one integration or (None) of all: ``{"id",
        "integrationId", "applicationId", "assessmentTypeId", "status", "createdMs", "updatedMs"}``.
        Raises NotFound for an unknown integration."""
        integration = as_optional_text(integration_id, "integration_id")
        out = ctypes.c_void_p()
        check(_native.lib.ak_store_assessments_list(self._open_handle(), integration, ctypes.byref(out)))
        return _native.take_json(out)

    def event_counts(self) -> EventCounts:
        """How many events are pending, acknowledged (delivered) and dead-lettered."""
        counts = [ctypes.c_int64() for _ in EventCounts._fields]
        check(_native.lib.ak_store_events_count(self._open_handle(), *(ctypes.byref(count) for count in counts)))
        return EventCounts(*(count.value for count in counts))

    def events(self, state: str | None = None, limit: int = 0) -> list[dict]:
        """Events in one state (``"pending"``, ``"delivered"`` or ``"dead_lettered"``; None: every
        state), oldest first, at most ``limit`` of them (0: all): ``{"eventId", "integrationId",
        "assessmentId", "eventType", "state", "createdMs", "attempts", "nextAttemptMs",
        "finishedMs", "lastError"}``, with ``finishedMs`` None while pending and ``lastError`` None
        when no attempt failed; never the body. Raises InvalidArgument for another state."""
        if state not in _native.EVENT_STATES:
            states = ", ".join(repr(name) for name in _native.EVENT_STATES)
            raise InvalidArgument(Status.INVALID_ARGUMENT, f"state must be one of {states}, not {state!r}.")
        out = ctypes.c_void_p()
        check(
            _native.lib.ak_store_events_list(
                self._open_handle(), _native.EVENT_STATES[state], in_range(limit, SIZE, "limit"), ctypes.byref(out)
            )
        )
        return _native.take_json(out)

    def event_history(self, event_id: str) -> list[dict]:
        """Every attempt to deliver an event or a report, oldest first: ``{"executionId",
        "startedMs", "durationMs", "httpStatus", "error", "requestId"}``, with ``httpStatus`` None
        when the receiver gave none, ``error`` (why the attempt failed, beside the status if any)
        None when it did not, and ``requestId`` (Ashby's ``x-ashby-request-id``) None when there is
        none. Raises NotFound for an unknown event."""
        out = ctypes.c_void_p()
        check(_native.lib.ak_store_event_history(self._open_handle(), as_text(event_id, "event_id"), ctypes.byref(out)))
        return _native.take_json(out)

    def replay(self, event_id: str | None = None) -> int:
        """Makes a dead-lettered event (None: every dead-lettered event) pending again, due at once,
        with a fresh retry budget; returns how many. Raises NotFound for an unknown event, Conflict
        for one that is not dead-lettered."""
        replayed = ctypes.c_size_t()
        event = as_optional_text(event_id, "event_id")
        check(_native.lib.ak_store_events_replay(self._open_handle(), event, ctypes.byref(replayed)))
        return replayed.value


def store_options(
    path: str | os.PathLike | None,
    durability: str,
    busy_timeout_ms: int,
    master_key: bytes | None,
    commit_batch_max: int | None = None,
    commit_wait_us: int = 0,
) -> _native.StoreOptions:
    """``ak_store_options`` for the store at ``path``; the bridge builds its store's options here too."""
    if commit_batch_max is not None and in_range(commit_batch_max, SIZE, "commit_batch_max") == 0:
        # The C ABI reads 0 as the default; here that is None, so 0 is refused as C++ refuses it.
        raise InvalidArgument(Status.INVALID_ARGUMENT, "commit_batch_max must be at least 1; None means 64.")
    if durability not in _native.DURABILITY:
        raise InvalidArgument(Status.INVALID_ARGUMENT, f"durability must be 'full' or 'normal', not {durability!r}.")
    if isinstance(master_key, str):
        # 64 hex digits would pass as 64 bytes and be refused for their length: say what to do.
        raise TypeError("master_key must be the 32 bytes that master_key_parse() makes of the text, not text")
    key = None if master_key is None else as_bytes(master_key, "master_key")
    return _native.StoreOptions(
        struct_size=ctypes.sizeof(_native.StoreOptions),
        path=None if path is None else as_text(os.fspath(path), "path"),
        busy_timeout_ms=in_range(busy_timeout_ms, INT, "busy_timeout_ms"),
        durability=_native.DURABILITY[durability],
        master_key=key,
        master_key_len=0 if key is None else len(key),
        commit_batch_max=commit_batch_max or 0,
        commit_wait_us=in_range(commit_wait_us, INT64, "commit_wait_us"),
    )


def master_key_parse(text: str | bytes) -> bytes:
    """The 32 bytes of a master key written as 64 hexadecimal digits (either case; white space
    around them, such as a file's final newline, is ignored), for ``master_key``. Raises
    InvalidArgument for any other text, without repeating it."""
    out = (ctypes.c_ubyte * _native.MASTER_KEY_BYTES)()
    check(_native.lib.ak_master_key_parse(as_text(text, "text"), out))
    return bytes(out)


def master_key_generate() -> str:
    """A new master key from the OS CSPRNG, as the 64 lowercase hexadecimal digits that
    :func:`master_key_parse` reads. Keep it outside the store (a file or the environment), so that
    a copy of the store file alone reveals no Ashby key. Raises Internal when the random source
    fails."""
    out = ctypes.c_void_p()
    check(_native.lib.ak_master_key_generate(ctypes.byref(out)))
    return _native.take_strings(out)[0]
