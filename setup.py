"""Builds the compiled parts of the extractor: ``_lexicon.pyx`` and, compiled by Cython from their
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
# The modules a document passes through; not the cold ones (reading input, building gazetteers)
# nor __init__ and compiled.py, which decide what is loaded.
COMPILED = ["dates", "events", "lexicon", "model", "normalise", "parties", "pipeline", "quantities",
            "roles", "sentence", "sentences", "statistics", "status", "transfers", "triggers",
            "weapons"]


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
            leaf = ext.name.rpartition(".")[2]
            source = EXTRACT / f"{leaf}.py"
            if source.exists() and Path(self.get_ext_fullpath(ext.name)).exists():
                built[leaf] = hashlib.sha256(source.read_bytes()).hexdigest()
        if self.extensions:
            target = Path(self.get_ext_fullpath(self.extensions[0].name)).parent / "_compiled.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(built, indent=1, sort_keys=True) + "\n")


try:
    from Cython.Build import cythonize
except ImportError:  # not among this build's requirements: no compiled parts
    extensions = []
else:
    extensions = cythonize(
        [Extension("armswatch.extract._lexicon", [str(EXTRACT / "_lexicon.pyx")], extra_compile_args=["-g0"])]
        + [Extension(f"armswatch.extract.{leaf}", [str(EXTRACT / f"{leaf}.py")], extra_compile_args=["-g0"])
           for leaf in COMPILED],
        # the sources' annotations stay documentation: Cython does not turn them into C types
        compiler_directives={"language_level": "3", "annotation_typing": False}, quiet=True, nthreads=2)

setup(ext_modules=extensions, cmdclass={"build_ext": OptionalBuildExt})
