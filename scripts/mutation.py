"""Mutation testing with mutmut 3.8.1 (issue 14, finding 12); ``make mutation`` runs it.

    python scripts/mutation.py                   # the functions finding 12 names (a few minutes)
    python scripts/mutation.py --all             # reconcile/, store/, sources/, web/auth.py (hours)
    python scripts/mutation.py 'armswatch.store.load.*'     # any mutmut mutant-name pattern

mutmut works in the directory it runs in (it writes ``mutants/`` there), so the tree is copied to
``build/mutation`` first and the checkout is never touched: others can run the tests meanwhile.
What to mutate and which tests to run are in pyproject.toml, ``[tool.mutmut]``; docs/testing.md
has the counts. Exits 1 when a mutant of the chosen functions survives that is not one of
the ``EQUIVALENT`` ones below (read, and no input tells them from the code).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
# The code paths finding 12 names, as mutmut names their mutants (module.x_function__mutmut_N):
# the year slack, the form's anti-forgery check (with the origin check it calls first), and the
# API reader's grouping of rows into deals (with the check that one id is one deal).
FINDING_12 = ("armswatch.reconcile.transfers.x__year_ok__mutmut_*",
              "armswatch.web.auth.x_check_csrf__mutmut_*",
              "armswatch.web.auth.x_check_origin__mutmut_*",
              "armswatch.sources.api.x__add_row__mutmut_*",
              "armswatch.sources.api.x__same_deal__mutmut_*")
# Survivors read and found equivalent: no input tells them from the code (2026-12-04, mutmut
# 3.8.1 numbering; a change to these functions renumbers them, and they show as survivors again
# until read anew).
EQUIVALENT = {
    "armswatch.sources.api.x__add_row__mutmut_171":
        "round(..., 7) for round(..., 6): SIPRI's TIVs have two decimals; the rounding only "
        "removes float noise",
    "armswatch.sources.api.x__add_row__mutmut_182":
        "estimated=False dropped: it is YearlyDelivery's default",
    **{f"armswatch.sources.api.x__same_deal__mutmut_{n}":
       "another default for a column missing from the message: both rows come from one header"
       for n in (31, 33, 34, 36, 38, 39)},
    "armswatch.web.auth.x_check_origin__mutmut_4": "'ORIGIN': Starlette's headers ignore case",
    "armswatch.web.auth.x_check_origin__mutmut_11": "'REFERER': Starlette's headers ignore case",
}
ALL = ("armswatch.reconcile.*", "armswatch.store.*", "armswatch.sources.*", "armswatch.web.auth.*")
_RESULT = re.compile(r"^\s*(?P<name>armswatch\.\S+): (?P<status>.+)$")


def copy_tree(work: Path) -> None:
    """A fresh copy of what the tests need: the sources (with the compiled extractor), the tests
    and pyproject.toml (mutmut's configuration)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.duckdb", ".pytest_cache", ".hypothesis")
    for name in ("src", "tests"):
        shutil.copytree(ROOT / name, work / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", work / "pyproject.toml")


def mutmut(work: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    binary = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(binary), *args], cwd=work, env=env, text=True,
                          capture_output=args[0] == "results")


def results(work: Path, patterns: tuple[str, ...]) -> dict[str, str]:
    """Every mutant of the chosen functions with its status (killed, survived, timeout, ...)."""
    from fnmatch import fnmatch

    listing = mutmut(work, "results", "--all", "true").stdout
    found = {m["name"]: m["status"].strip() for m in map(_RESULT.match, listing.splitlines()) if m}
    return {name: status for name, status in found.items()
            if any(fnmatch(name, pattern) for pattern in patterns)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("patterns", nargs="*", help="mutmut mutant-name patterns")
    parser.add_argument("--all", action="store_true", help="every mutant of the mutated paths")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--max-children", type=int, default=2, help="parallel test processes")
    args = parser.parse_args()
    patterns = tuple(args.patterns) or (ALL if args.all else FINDING_12)
    copy_tree(args.work)
    mutmut(args.work, "run", "--max-children", str(args.max_children), *patterns)
    statuses = results(args.work, patterns)
    for name in EQUIVALENT.keys() & {n for n, s in statuses.items() if s == "survived"}:
        statuses[name] = "survived, equivalent"
    survived = sorted(name for name, status in statuses.items() if status == "survived")
    print(f"\n{len(statuses)} mutants of {', '.join(patterns)}:")
    for status, count in sorted(Counter(statuses.values()).items()):
        print(f"  {status}: {count}")
    for name in sorted(n for n, s in statuses.items() if s == "survived, equivalent"):
        print(f"  equivalent: {name}: {EQUIVALENT[name]}")
    for name in survived:
        print(f"  survived: {name}  (cd {args.work} && {Path(sys.executable).with_name('mutmut')} "
              f"show {name})")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
