"""Standard Webhooks signatures (docs/protocol.md §6), the optional scheme beside X-Knit-Signature.

Keys are text: ``whsec_...`` (a secret shared with the receiver, signs and verifies ``v1``),
``whsk_...`` (the sender's ed25519 signing key, signs ``v1a``) and ``whpk_...`` (its public key,
verifies ``v1a``). Several keys sign at once, one signature each, so that receivers can move to a
new key without a gap::

    secret = ashbyknit.standard_secret_new()
    header = ashbyknit.standard_sign([secret], event_id, int(time.time()), body)
    ashbyknit.standard_verify([secret], event_id, timestamp, header, body)  # raises if not

Keys never appear in error messages.
"""

import ctypes
import time
from collections.abc import Iterable
from typing import NamedTuple

from . import _native
from ._arguments import INT64, Bytes, as_bytes, as_text, as_text_array, in_range
from .errors import check

DEFAULT_TOLERANCE_S = 300
"""How far, in seconds either way, a webhook-timestamp may be from the verifier's clock."""


class StandardKeyPair(NamedTuple):
    """An ed25519 key pair: keep ``signing_key`` secret, hand ``public_key`` to receivers."""

    signing_key: str
    public_key: str


def standard_secret_new() -> str:
    """A new shared secret, ``whsec_`` + base64 of 32 bytes from the OS CSPRNG."""
    out = ctypes.c_void_p()
    check(_native.lib.ak_standard_secret_new(ctypes.byref(out)))
    return _native.take_strings(out)[0]


def standard_key_pair_new() -> StandardKeyPair:
    """A new ed25519 key pair for ``v1a`` signatures."""
    signing, public = ctypes.c_void_p(), ctypes.c_void_p()
    check(_native.lib.ak_standard_key_pair_new(ctypes.byref(signing), ctypes.byref(public)))
    return StandardKeyPair(*_native.take_strings(signing, public))


def standard_public_key(signing_key: str) -> str:
    """The public key (``whpk_...``) of a signing key (``whsk_...``). Raises InvalidArgument for
    any other text."""
    out = ctypes.c_void_p()
    check(_native.lib.ak_standard_public_key(as_text(signing_key, "signing_key"), ctypes.byref(out)))
    return _native.take_strings(out)[0]


def standard_sign(keys: Iterable[str], webhook_id: str, timestamp_s: int, body: Bytes) -> str:
    """The ``webhook-signature`` header of ``body`` sent as ``webhook_id`` at ``timestamp_s`` (unix
    seconds): one entry per key, in order, separated by spaces. Raises InvalidArgument for no key
    or a malformed one (named by its position)."""
    key_array = as_text_array(keys, "keys")
    body_bytes = as_bytes(body, "body")
    out = ctypes.c_void_p()
    check(
        _native.lib.ak_standard_sign(
            key_array,
            len(key_array),
            as_text(webhook_id, "webhook_id"),
            in_range(timestamp_s, INT64, "timestamp_s"),
            body_bytes,
            len(body_bytes),
            ctypes.byref(out),
        )
    )
    return _native.take_strings(out)[0]


def standard_verify(
    keys: Iterable[str],
    webhook_id: str,
    timestamp: str,
    signature: str,
    body: Bytes,
    *,
    now_s: int | None = None,
    tolerance_s: int = DEFAULT_TOLERANCE_S,
) -> None:
    """Returns when the headers as received (``webhook-id``, ``webhook-timestamp``,
    ``webhook-signature``) authenticate the exact bytes of ``body``: the timestamp is within
    ``tolerance_s`` of ``now_s`` (None: the system clock) and a signature verifies under a key
    (``whsec_`` checks ``v1``; ``whpk_`` or ``whsk_`` checks ``v1a``).

    Raises Unauthenticated, saying why (a missing header, a bad or stale timestamp, no signature
    that verifies), and InvalidArgument for no key, a malformed key or a negative tolerance.
    """
    key_array = as_text_array(keys, "keys")
    body_bytes = as_bytes(body, "body")
    now = int(time.time()) if now_s is None else in_range(now_s, INT64, "now_s")
    check(
        _native.lib.ak_standard_verify(
            key_array,
            len(key_array),
            as_text(webhook_id, "webhook_id"),
            as_text(timestamp, "timestamp"),
            as_text(signature, "signature"),
            body_bytes,
            len(body_bytes),
            now,
            in_range(tolerance_s, INT64, "tolerance_s"),
        )
    )
