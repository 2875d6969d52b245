"""A PostgreSQL server of the test's own for the Python tests, as postgres_server.hpp is for the C++
ones: a cluster in a temporary directory, listening on a unix socket only, started, stopped and
discarded through scripts/postgres_server.sh."""

import itertools
import os
import pathlib
import subprocess
import tempfile

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "postgres_server.sh"


def _server_environment() -> dict:
    """This process's environment without LD_PRELOAD: a sanitizer preloaded into the test's
    interpreter is not for the server's programs."""
    return {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}


class PostgresServer:
    """Initialised and started by the constructor, or by `with`; stopped and deleted by close().
    Raises RuntimeError, with the script's words, when the server cannot start or stop."""

    def __init__(self):
        self._directory = tempfile.TemporaryDirectory(prefix="ashbyknit-pg-")
        self.directory = pathlib.Path(self._directory.name)
        self._numbers = itertools.count(1)
        try:
            self.url = self.start()  # of the database "ashbyknit"
        except BaseException:
            self._directory.cleanup()
            raise

    def __enter__(self) -> "PostgresServer":
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def start(self) -> str:
        """Starts the server (again) on the same directory and socket; returns the URL of the
        database "ashbyknit"."""
        return self._run("start").strip()

    def stop(self) -> None:
        """Takes the server down, closing every connection to it."""
        self._run("stop")

    def create_database(self) -> str:
        """A new, empty database on the server; returns its URL."""
        name = f"test_{next(self._numbers)}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url.replace("/ashbyknit?", f"/{name}?", 1)

    def psql(self, sql: str, url: str | None = None) -> str:
        """What psql prints for `sql` run on `url` (the database "ashbyknit" by default), unaligned
        and without headers."""
        done = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "-tA", "-d", url or self.url, "-c", sql],
                              capture_output=True, text=True, env=_server_environment())
        if done.returncode != 0:
            raise RuntimeError(f"psql {sql!r} failed: {done.stderr.strip()}")
        return done.stdout

    def close(self) -> None:
        """Stops the server if it runs and deletes its directory."""
        try:
            self.stop()
        except RuntimeError:
            pass  # it was not running
        self._directory.cleanup()

    def _run(self, action: str) -> str:
        done = subprocess.run([str(SCRIPT), action, str(self.directory)], capture_output=True, text=True,
                              env=_server_environment())
        if done.returncode != 0:
            raise RuntimeError(f"{SCRIPT.name} {action} {self.directory} failed: {done.stderr.strip()}")
        return done.stdout
