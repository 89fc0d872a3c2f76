"""The labelled articles in ../shared/corpus are third-party texts, for measurement only: no
sentence of theirs may enter the repository (the brief's standard; tests use own sentences).

The check: no run of seven words of any article (title or text; lower-cased, punctuation
dropped, so "Russia's" and "russia s" are one run) is in any tracked text file. Seven words is
short enough to catch a copied clause with its numbers changed back, long enough that SIPRI's own
terms ("trend-indicator value", "major conventional arms") never trip it. The check found 20 such
runs in December 2026 that an exact-text check had missed; they were reworded."""
import json
import re
import subprocess
from pathlib import Path

import pytest

from armswatch.extract.learning.corpus import default_root

ROOT = Path(__file__).resolve().parents[1]
RUN = 7
_WORD = re.compile(r"[a-z0-9]+")
_TEXT = re.compile(r"\.(?:py|pyx|md|txt|json|csv|html|js|css|toml|cfg|ini|yml|yaml|sh)$|(?:^|/)"
                   r"(?:Makefile|run)$")
# Runs our own code writes, which an article happens to share: the checker's description of a
# region's share (analytics' wording, "X's share of global imports PERIOD").
ALLOWED = {"asia and oceania s share of global"}


def _runs(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True,
                             check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in out.split("\0") if name and _TEXT.search(name)]


def test_no_seven_word_run_of_a_labelled_article_is_in_the_repository():
    corpus = default_root()
    paths = sorted(corpus.glob("*/docs/*.json"))
    if not paths:
        pytest.skip("the shared corpus is not beside this checkout")
    article_runs: set[str] = set()
    for path in paths:
        raw = json.loads(path.read_text(encoding="utf-8"))
        article_runs |= _runs(f"{raw.get('title') or ''}\n{raw.get('text') or ''}")
    found = []
    for path in _tracked():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        shared = (_runs(text) & article_runs) - ALLOWED
        found += [f"{path.relative_to(ROOT)}: {run}" for run in sorted(shared)]
    assert not found, "reword these (own sentences only):\n" + "\n".join(found)
