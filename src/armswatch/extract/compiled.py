"""Which of the extractor's modules run compiled, and never a stale one.

``pip install`` (``make install``) compiles the extractor's hot modules with Cython (setup.py,
``COMPILED``: modules of this package and of its ``learning`` subpackage) beside their sources, and
records each source's SHA-256 in ``_compiled.json`` (keyed by the name below this package,
``weapons`` or ``learning.transfers``);
Python prefers a compiled module to its source. The finder installed here loads a module from its
``.py`` instead when the source is no longer the one it was compiled from (edited since the last
``make install``, which compiles it again), so an edit always takes effect. With
``ARMSWATCH_PURE_PYTHON=1`` every module of the package is loaded from its source and the
compiled-only ``_lexicon`` is not loaded (the Python steps run): the benchmark's baseline, and
plain Python when debugging.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from functools import cache
from pathlib import Path
from types import ModuleType

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).resolve().parent
MANIFEST = "_compiled.json"


def pure_python() -> bool:
    """True when ``ARMSWATCH_PURE_PYTHON`` asks for the sources only."""
    return os.environ.get("ARMSWATCH_PURE_PYTHON", "") not in ("", "0")


@cache
def _manifest() -> dict[str, str]:
    """Module name below this package (``learning.transfers``) -> SHA-256 of the source it was
    compiled from."""
    try:
        return dict(json.loads((HERE / MANIFEST).read_text()))
    except (OSError, ValueError):
        return {}


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _base(module: str) -> Path:
    """``learning.transfers`` -> <this package>/learning/transfers (no suffix)."""
    return HERE.joinpath(*module.split("."))


def _compiled_file(module: str) -> Path | None:
    base = _base(module)
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if base.with_name(base.name + suffix).exists():
            return base.with_name(base.name + suffix)
    return None


class SourceWhenStale:
    """A meta path finder for the modules of this package: the source when the compiled module
    beside it was not compiled from it (or the pure-Python mode is on), else the usual order."""

    @staticmethod
    def find_spec(name: str, path: object = None,
                  target: object = None) -> importlib.machinery.ModuleSpec | None:
        if not name.startswith(PACKAGE + "."):
            return None
        module = name[len(PACKAGE) + 1:]
        if _compiled_file(module) is None:
            return None
        source = _base(module).with_suffix(".py")
        if not source.exists():
            if pure_python():
                raise ImportError(f"{name} is compiled only and ARMSWATCH_PURE_PYTHON is set")
            return None
        if not pure_python():
            if _manifest().get(module) == source_hash(source):
                return None  # compiled from this very source
            warnings.warn(f"{source.relative_to(HERE)} has changed since it was compiled: running it as Python "
                          f"(make install compiles it again)", stacklevel=2)
        return importlib.util.spec_from_file_location(name, source)


def install() -> None:
    """Put the finder first (once)."""
    if SourceWhenStale not in sys.meta_path:
        sys.meta_path.insert(0, SourceWhenStale)  # type: ignore[arg-type]


def compiled_modules() -> list[str]:
    """The modules of this package now loaded from compiled files."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(name for name, module in list(sys.modules.items())
                  if name.startswith(PACKAGE + ".") and _is_compiled(module, suffixes))


def _is_compiled(module: ModuleType, suffixes: tuple[str, ...]) -> bool:
    return str(getattr(module, "__file__", "") or "").endswith(suffixes)
