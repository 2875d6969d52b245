"""The shared library, loaded once, with the prototype of every function of ashbyknit.h.

Nothing here is public: the package's ``__init__`` turns these raw calls into Python functions.
"""

import ctypes
import ctypes.util
import os

LIBRARY_ENV = "ASHBYKNIT_LIBRARY"
"""The environment variable that names the shared library's path, ahead of the system search."""

# ak_status is a C enum: an int on every ABI ctypes supports.
status_t = ctypes.c_int
# Caller-owned strings arrive as c_void_p, not c_char_p: ctypes would copy a c_char_p result
# into bytes and drop the pointer, leaving nothing to hand back to ak_string_free.
owned_string_p = ctypes.POINTER(ctypes.c_void_p)


class MapOptions(ctypes.Structure):
    """``ak_map_options``. Set ``struct_size`` to ``ctypes.sizeof(MapOptions)``."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("assessment_id", ctypes.c_char_p),
        ("now_ms", ctypes.c_int64),
        ("packages_json", ctypes.c_char_p),
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
    "ak_map_start": _MAP_PROTOTYPE,
    "ak_map_cancel": _MAP_PROTOTYPE,
}
"""Every function of ashbyknit.h: its argument types and its result type."""


def _declare(library: ctypes.CDLL) -> None:
    for name, (argtypes, restype) in PROTOTYPES.items():
        function = getattr(library, name)
        function.argtypes = argtypes
        function.restype = restype


lib = _load()
_declare(lib)


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
