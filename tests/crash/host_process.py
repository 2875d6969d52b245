"""One run of ak_crash_host: lines to its stdin, lines from its stdout with a deadline, and a
SIGKILL whenever the test wants one."""

import os
import select
import signal
import subprocess
import time


class HostStopped(Exception):
    """The host's stdout ended, or it stopped answering in time."""


class HostSilent(HostStopped):
    """The host is running but wrote no line in time."""


class HostProcess:
    """The host, started at once with `command`. Its stderr is the test's."""

    def __init__(self, command: list[str]):
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._pending = b""  # bytes read from stdout that do not yet end a line

    def send(self, line: str) -> None:
        """Writes `line` and a newline to the host's stdin."""
        try:
            self._process.stdin.write(line.encode() + b"\n")
            self._process.stdin.flush()
        except BrokenPipeError as failure:
            raise HostStopped(f"the host closed its stdin ({self._describe_exit()})") from failure

    def close_input(self) -> None:
        """Ends the host's stdin: it delivers what is pending and exits."""
        try:
            self._process.stdin.close()
        except BrokenPipeError:
            pass

    def read_line(self, timeout: float) -> str:
        """The next whole line the host writes, without its newline."""
        deadline = time.monotonic() + timeout
        fd = self._process.stdout.fileno()
        while b"\n" not in self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise HostSilent(f"the host wrote no line for {timeout:g} s")
            chunk = os.read(fd, 65536)
            if not chunk:
                self._process.wait()
                raise HostStopped(f"the host's stdout ended ({self._describe_exit()})")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode()

    def kill(self) -> tuple[int, list[str]]:
        """SIGKILLs the host. Returns its exit status (-SIGKILL, unless it had exited already)
        and the whole lines it wrote before it ended; a line cut short was never written."""
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
        status = self._process.wait()
        lines = []
        try:
            while True:
                lines.append(self.read_line(timeout=5))
        except HostStopped:
            pass
        self._close_pipes()
        return status, lines

    def wait(self, timeout: float) -> int:
        """Waits for the host to exit and returns its exit status. After the timeout the host
        is left running, for close() to end."""
        try:
            return self._process.wait(timeout)
        except subprocess.TimeoutExpired as failure:
            raise HostStopped(f"the host did not exit within {timeout:g} s") from failure

    def close(self) -> None:
        """Kills the host if it still runs and releases its pipes; harmless after it ended."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        self.close_input()
        self._process.stdout.close()

    def _describe_exit(self) -> str:
        code = self._process.poll()
        if code is None:
            return "still running"
        return f"killed by signal {-code}" if code < 0 else f"exit status {code}"
