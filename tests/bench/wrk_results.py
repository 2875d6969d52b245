"""What a wrk run with tests/bench/wrk_start.lua printed, as the benchmark scripts read it."""

import dataclasses
import pathlib
import re

_UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


@dataclasses.dataclass(frozen=True)
class WrkRun:
    rate: float  # requests per second
    errors: int  # non-2xx replies, socket errors and non-success replies
    p99_ms: float  # the 99th percentile of the latency


def read(path: pathlib.Path) -> WrkRun:
    """The run whose output is the file at `path`."""
    text = path.read_text()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    non_success = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = sum(map(int, socket.groups())) if socket else 0
    failed = int(re.search(r"failed replies: (\d+)", text).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", text).groups()
    return WrkRun(rate, non_success + socket_errors + failed, float(value) * _UNIT_MS[unit])
