"""Builds the compiled parts of the extractor: ``_lexicon.pyx``, ``_sums.pyx`` and, compiled by Cython from their
unchanged sources, its hot modules (``COMPILED``), with the manifest of the sources they were
compiled from (armswatch/extract/compiled.py never runs a stale one).

armswatch runs without them, as plain Python with equal output, where they cannot be built (no C
compiler or Python headers): the build then says so and goes on.
"""

import hashlib
import json
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

EXTRACT = Path("src/armswatch/extract")
# The modules a document passes through, named from armswatch/extract (a dotted name for
# learning/); not the cold ones (reading input, building gazetteers, training the models) nor
# __init__ and compiled.py, which decide what is loaded.
COMPILED = ["dates", "events", "lexicon", "model", "normalise", "parties", "pipeline", "quantities",
            "roles", "sentence", "sentences", "statistics", "status", "transfers", "triggers",
            "weapons",
            # the learned models at run time (issue 15): ~80% of a document's time
            "learning.events", "learning.runtime", "learning.statistics", "learning.transfer_features",
            "learning.transfers"]
# Each compiled module's source hash, taken just before Cython reads the source: a source edited
# during a build (between translation and the manifest) then leaves a manifest that disagrees
# with the source, so that module runs as Python, never as the older compiled code under the
# newer source's hash (seen in the eighth round: an edit made during `make install`).
TRANSLATED_FROM: dict[str, str] = {}


def source_of(module: str) -> Path:
    """learning.transfers -> src/armswatch/extract/learning/transfers.py"""
    return EXTRACT.joinpath(*module.split(".")).with_suffix(".py")


class OptionalBuildExt(build_ext):
    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:
            self.parallel = 2  # the machines have two cores

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any failure leaves plain Python
            print(f"armswatch: the compiled extractor was not built ({error}); it runs as Python")
        self._write_manifest()

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:  # noqa: BLE001
            print(f"armswatch: {ext.name} was not built ({error}); it runs as Python")

    def _write_manifest(self) -> None:
        built = {}
        for ext in self.extensions:
            module = ext.name.removeprefix("armswatch.extract.")
            if module in TRANSLATED_FROM and Path(self.get_ext_fullpath(ext.name)).exists():
                built[module] = TRANSLATED_FROM[module]
        if self.extensions:
            target = Path(self.get_ext_fullpath("armswatch.extract._compiled")).parent / "_compiled.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(built, indent=1, sort_keys=True) + "\n")


def translated(modules: list[str]) -> list[Extension]:
    """The C extensions of ``_lexicon.pyx`` and ``modules``, translated by Cython. A module Cython
    cannot translate (a source mid-edit) is left out and runs as Python; the others still build."""
    from Cython.Build import cythonize

    def extension(module: str) -> Extension:
        TRANSLATED_FROM[module] = hashlib.sha256(source_of(module).read_bytes()).hexdigest()
        return Extension(f"armswatch.extract.{module}", [str(source_of(module))], extra_compile_args=["-g0"])

    def translate(extensions: list[Extension], nthreads: int) -> list[Extension]:
        # the sources' annotations stay documentation: Cython does not turn them into C types
        return cythonize(extensions, compiler_directives={"language_level": "3", "annotation_typing": False},
                         quiet=True, nthreads=nthreads)

    lexicon = Extension("armswatch.extract._lexicon", [str(EXTRACT / "_lexicon.pyx")], extra_compile_args=["-g0"])
    # the models' weight sums: math.fsum's algorithm, so no contraction may change a rounding
    sums = Extension("armswatch.extract._sums", [str(EXTRACT / "_sums.pyx")],
                     extra_compile_args=["-g0", "-ffp-contract=off"])
    try:
        return translate([lexicon, sums] + [extension(m) for m in modules], nthreads=2)
    except Exception:  # noqa: BLE001 - find the module(s) at fault, one at a time
        out = []
        for ext in [lexicon, sums] + [extension(m) for m in modules]:
            try:
                out += translate([ext], nthreads=0)
            except Exception as error:  # noqa: BLE001
                print(f"armswatch: {ext.name} was not compiled (Cython: {error}); it runs as Python")
        return out


try:
    import Cython  # noqa: F401
except ImportError:  # not among this build's requirements: no compiled parts
    extensions = []
else:
    extensions = translated(COMPILED)

setup(ext_modules=extensions, cmdclass={"build_ext": OptionalBuildExt})
