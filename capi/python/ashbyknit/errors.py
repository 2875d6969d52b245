"""The statuses of ashbyknit.h and the exceptions that carry them."""

import enum

from . import _native


class Status(enum.IntEnum):
    """``ak_status``: the outcome of a call into the library. Values are fixed by the C ABI."""

    OK = 0
    INVALID_ARGUMENT = -1
    MALFORMED_JSON = -2
    INVALID_INPUT = -3
    TOO_LARGE = -4
    TOO_DEEP = -5
    UNAUTHENTICATED = -6
    INTERNAL = -7
    NOT_FOUND = -8
    CONFLICT = -9
    STORE_ERROR = -10


class Error(Exception):
    """A call into the library failed.

    ``status`` is the ``ak_status`` code (a :class:`Status` when the code is known),
    ``status_name`` the library's name for it (``"invalid_input"``) and ``message`` what went
    wrong, in words fit for whoever sent the input. ``str(error)`` is the message.
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = _known_status(status)
        self.status_name = _native.status_name(status)
        self.message = message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={int(self.status)}, "
            f"status_name={self.status_name!r}, message={self.message!r})"
        )


class InvalidArgument(Error):
    """A bad argument or option: an empty key, a bad URL, a malformed assessment id or catalogue."""


class MalformedJSON(Error):
    """A body that is not JSON, not UTF-8, or not an object (HTTP 400 to Ashby)."""


class InvalidInput(Error):
    """Well-formed JSON that fails validation; the message names the field (HTTP 422 to Ashby)."""


class TooLarge(Error):
    """A body over the size limit (1 MiB)."""


class TooDeep(Error):
    """A body nested deeper than the limit (64 levels)."""


class Unauthenticated(Error):
    """A secret key that is malformed: wrong prefix, length or characters, or a bad checksum."""


class Internal(Error):
    """The random source, the crypto library or memory failed."""


class NotFound(Error):
    """No such integration or key."""


class Conflict(Error):
    """It exists already: an integration id in use."""


class StoreError(Error):
    """The store cannot be opened (not an ashbyknit store, written by a newer version) or failed."""


_CLASSES = {
    Status.INVALID_ARGUMENT: InvalidArgument,
    Status.MALFORMED_JSON: MalformedJSON,
    Status.INVALID_INPUT: InvalidInput,
    Status.TOO_LARGE: TooLarge,
    Status.TOO_DEEP: TooDeep,
    Status.UNAUTHENTICATED: Unauthenticated,
    Status.INTERNAL: Internal,
    Status.NOT_FOUND: NotFound,
    Status.CONFLICT: Conflict,
    Status.STORE_ERROR: StoreError,
}


def _known_status(status: int) -> int:
    try:
        return Status(status)
    except ValueError:  # a code appended by a newer library than this binding
        return status


def error_for(status: int, message: str) -> Error:
    """The exception for a failed call's status: the subclass for known codes, else Error."""
    return _CLASSES.get(status, Error)(status, message)


def check(status: int) -> None:
    """Raises the exception for ``status`` unless it is OK.

    Call it immediately after the library call, on the same thread: it reads that thread's
    last error message, which the next failing call would replace.
    """
    if status != Status.OK:
        raise error_for(status, _native.last_error_message())
