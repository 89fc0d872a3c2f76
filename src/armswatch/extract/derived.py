"""What the extractor derives from a register, kept on disk between processes (issue 17).

The weapon gazetteer of a release and the transfer model's register priors take ~0.1 s CPU each
to build from the register's deals, and every process that reads the same deals with the same
code builds the same ones: a second ``armswatch check`` loads them in a few ms instead. Each is
kept in the user cache directory (``$ARMSWATCH_CACHE``, else ``platformdirs.user_cache_dir``)
under a name made of what it is built from (the caller's key: a release's sha256 and import time,
the bundle file's size and modification time) and of the code that builds it (the sha256 of the
modules named). Values are plain data written with ``marshal`` (no pickle: nothing in the file
can run). A missing, stale, unreadable or unwritable cache only costs the build.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CACHE_ENV = "ARMSWATCH_CACHE"
KEPT = 4  # files kept per name


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("armswatch")) / "derived"


@functools.cache
def code_hash(*modules: str) -> str:
    """SHA-256 of the sources of ``modules`` (paths below armswatch/extract, "gazetteer.py")."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(resources.files("armswatch.extract").joinpath(module).read_bytes())
    return digest.hexdigest()


def file_key(path: Path) -> str:
    """What says a file is the same as when something was derived from it."""
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def cached(name: str, key: str, code: tuple[str, ...], build: Callable[[], T]) -> T:
    """``build()``, or what it returned before for the same ``key`` and ``code`` (the modules
    whose sources decide the result). The value must be marshal-able plain data."""
    digest = hashlib.sha256(f"{key}|{code_hash(*code)}".encode()).hexdigest()[:24]
    path = cache_dir() / f"{name}-{digest}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(value))
        os.replace(partial, path)  # whole or not at all, for a process reading it meanwhile
        _prune(path.parent, name)
    except OSError:
        pass
    return value


def _prune(folder: Path, name: str) -> None:
    """Only the ``KEPT`` newest of one name stay (older code, older releases)."""
    files = sorted(folder.glob(f"{name}-*.marshal"), key=lambda f: f.stat().st_mtime_ns)
    for old in files[:-KEPT]:
        old.unlink(missing_ok=True)
