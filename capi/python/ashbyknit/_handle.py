"""What every Python object over a library handle shares: closing, ``with`` blocks, and refusing
calls once closed."""

import weakref
from collections.abc import Callable


class NativeHandle:
    """Owns one library handle, freed by ``close()``, at the end of a ``with`` block, or when the
    object is garbage-collected, whichever comes first. Subclasses set ``_kind`` to name
    themselves in the error a closed object raises."""

    _kind = "object"

    def _adopt(self, handle: int, free: Callable[[int], None]) -> None:
        self._handle = handle
        self._finalizer = weakref.finalize(self, free, handle)

    @property
    def closed(self) -> bool:
        """True once closed."""
        return not self._finalizer.alive

    def close(self) -> None:
        """Releases the handle; closing again does nothing."""
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _open_handle(self) -> int:
        """The handle, or ValueError once closed."""
        if self.closed:
            raise ValueError(f"the {self._kind} is closed")
        return self._handle
