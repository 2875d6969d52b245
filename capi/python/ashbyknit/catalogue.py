"""A package catalogue parsed once, for mapping many starts without parsing it each time."""

import ctypes

from . import _native
from ._arguments import as_json_text
from ._handle import NativeHandle
from .errors import check


class Catalogue(NativeHandle):
    """A parsed package catalogue (``ak_catalogue``): pass it to :func:`ashbyknit.map_start` as
    ``catalogue=``. Immutable, so any number of threads may map with one at once; close it (or
    leave it to a ``with`` block or the garbage collector) once no call uses it."""

    _kind = "catalogue"

    def __init__(self, packages_json) -> None:
        """Parses ``packages_json``: JSON text (or a list of dicts) of ``{id, name, description,
        type, metaData}`` packages.
        Raises MalformedJSON, TooLarge, TooDeep, or InvalidInput naming a bad or repeated entry."""
        handle = ctypes.c_void_p()
        check(_native.lib.ak_catalogue_new(as_json_text(packages_json, "packages_json"), ctypes.byref(handle)))
        self._adopt(handle.value, _native.lib.ak_catalogue_free)

    def _as_parameter(self) -> int:
        """The handle, for ak_map_options.catalogue; ValueError once closed."""
        return self._open_handle()
