"""How Python values become the library's arguments: bytes, NUL-terminated text, JSON text and
integers that must fit their C type. Nothing here is public."""

import ctypes
import json
from collections.abc import Iterable

from .errors import InvalidArgument, Status

Bytes = bytes | bytearray | memoryview | str
"""A body or key: bytes as they are, or text encoded as UTF-8."""

INT = range(-(2**31), 2**31)
INT64 = range(-(2**63), 2**63)
SIZE = range(0, 2**64)


def as_bytes(value: Bytes, name: str) -> bytes:
    """``value`` as bytes; text is encoded as UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{name} must be bytes or str, not {type(value).__name__}")


def as_text(value: str | bytes, name: str) -> bytes:
    """A NUL-terminated argument: C would silently stop reading at an embedded NUL, so refuse one."""
    encoded = as_bytes(value, name)
    if b"\0" in encoded:
        raise InvalidArgument(Status.INVALID_ARGUMENT, f"{name} contains a NUL character.")
    return encoded


def as_optional_text(value: str | bytes | None, name: str) -> bytes | None:
    """As :func:`as_text`, with None passed on as NULL."""
    return None if value is None else as_text(value, name)


def as_text_array(values: Iterable[str | bytes], name: str) -> ctypes.Array:
    """A C array of NUL-terminated strings (``const char *const *``); its ``len`` is the count. A
    lone str or bytes is refused: iterating it would pass its characters one by one."""
    if isinstance(values, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"{name} must be an iterable of strings, not a single {type(values).__name__}")
    items = [as_text(value, name) for value in values]
    return (ctypes.c_char_p * len(items))(*items)


def as_json_text(value, name: str) -> bytes:
    """JSON text as it is (str or bytes), or any other value (a list of dicts) serialised."""
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        return as_text(value, name)
    return as_text(json.dumps(value, separators=(",", ":"), ensure_ascii=False), name)


def in_range(value: int, allowed: range, name: str) -> int:
    """``value`` when it fits the C type whose values are ``allowed``: ctypes would silently wrap it."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value not in allowed:
        raise InvalidArgument(Status.INVALID_ARGUMENT, f"{name} {value} is out of range.")
    return value
