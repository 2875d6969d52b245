"""Long-running commands of the tool (`serve`, `receive`) in processes of their own, for the tests
that talk to them over loopback."""

import http.client
import os
import re
import signal
import socket
import subprocess
import threading
import unittest

from cli_support import program_environment

WAIT_SECONDS = 30  # only ever a bound on a wait that should end at once, never a measure of speed
START_LINE = re.compile(r" listening on 127\.0\.0\.1:(\d+),")


class OutputLines:
    """The lines a stream of a process writes, collected by a thread as they come."""

    def __init__(self, stream):
        self.lines = []
        self.condition = threading.Condition()
        self.ended = False
        self.thread = threading.Thread(target=self.collect, args=(stream,), daemon=True)
        self.thread.start()

    def collect(self, stream):
        for raw in stream:
            with self.condition:
                self.lines.append(raw.decode(errors="replace").rstrip("\n"))
                self.condition.notify_all()
        with self.condition:
            self.ended = True
            self.condition.notify_all()

    def wait_for(self, pattern: str, count: int = 1) -> list:
        """Waits until `count` lines match the regular expression `pattern`; returns them.
        Fails when the stream ends first or nothing comes for a long while."""
        def matching():
            return [line for line in self.lines if re.search(pattern, line)]

        with self.condition:
            self.condition.wait_for(lambda: len(matching()) >= count or self.ended, timeout=WAIT_SECONDS)
            found = matching()
            if len(found) < count:
                raise AssertionError(f"{count} lines matching {pattern!r} never came; got {self.lines!r}")
            return found[:count]

    def text(self) -> str:
        """Every line so far, once the stream has ended."""
        self.thread.join(timeout=WAIT_SECONDS)
        with self.condition:
            return "\n".join(self.lines)


class ServiceProcess:
    """A long-running command of the tool (`serve`, `receive`) in a process of its own, with its
    output collected, and the port it bound read from its start line. Killed when the test ends
    if it is still running. The environment is program_environment(env)."""

    def __init__(self, test: unittest.TestCase, *arguments, env=None):
        self.process = subprocess.Popen([os.environ["AK_CLI"], *[str(word) for word in arguments]],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=program_environment(env))
        test.addCleanup(self.kill)
        self.stdout = OutputLines(self.process.stdout)
        self.stderr = OutputLines(self.process.stderr)
        self.port = int(START_LINE.search(self.stderr.wait_for(START_LINE.pattern)[0]).group(1))

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=WAIT_SECONDS)
        self.process.stdout.close()
        self.process.stderr.close()

    def stop(self, signal_number=signal.SIGTERM) -> int:
        """Sends the signal and returns the exit status."""
        self.process.send_signal(signal_number)
        return self.process.wait(timeout=WAIT_SECONDS)

    def request(self, method: str, path: str, body: bytes = b"", headers=None):
        """Sends one request; returns its status, headers (a dict with lower-case names) and body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
        finally:
            connection.close()


def port_in_use(test: unittest.TestCase) -> int:
    """A loopback port that a socket of this process listens on until the test ends."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    test.addCleanup(holder.close)
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder.getsockname()[1]
