"""A real PostgreSQL server for the tests (issue 19): Debian's binaries (package postgresql, which
`.ci/run` installs), started on a temporary data directory and a free port, stopped at the end.

initdb and postgres refuse to run as root (CI and this machine's tests run as root): there the
server runs as the user ``postgres`` (made by Debian's package) or else ``nobody``, through
``runuser``, on a data directory handed to that user. Each test gets a database of its own
(``CREATE DATABASE``); the server trusts local connections (a throwaway cluster on 127.0.0.1).
Without the binaries the PostgreSQL tests are skipped, saying why, except in CI (``CI=true``),
where a missing server is a failure.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

_names = itertools.count(1)


def find_bindir() -> Path | None:
    """The folder of initdb, pg_ctl and postgres: ``pg_config --bindir``, else Debian's
    /usr/lib/postgresql/<version>/bin (the newest)."""
    config = shutil.which("pg_config")
    if config:
        found = subprocess.run([config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_user() -> str | None:
    """Who runs the server: None (this user) unless this is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root with neither a postgres nor a nobody user to run "
                       "PostgreSQL as (initdb refuses root)")


@dataclass
class Server:
    bindir: Path
    root: Path
    port: int
    user: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://armswatch@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        done = subprocess.run(prefix + list(args), capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            log = (self.root / "server.log")
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}"
                               + (log.read_text() if log.exists() else ""))

    def start(self) -> None:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "armswatch",
                  "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.root / "server.log"), "-w", "-t", "60", "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                  "start")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                  "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); its URL."""
        import psycopg

        name = f"t{next(_names)}"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)


    def drop(self, urls: list[str]) -> None:
        """Drop these databases, ending any connection still open to them."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            for url in urls:
                con.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def start_server() -> Server:
    """A started server in a new folder of the system's temporary directory (which the server's
    user can reach, unlike pytest's, made 0700 for root), or a skip (a failure in CI) when
    PostgreSQL is missing."""
    bindir = find_bindir()
    if bindir is None:
        reason = ("no PostgreSQL server binaries (initdb, pg_ctl; Debian's package postgresql, "
                  "which .ci/run installs): the PostgreSQL backend's tests need them")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="armswatch-pg-"))
    server = Server(bindir, root, _free_port(), _server_user())
    server.start()
    return server
