"""Held-out transfer claims with a right pair and a weapon no label names, counted by kind.

    .venv/bin/python bench/eval_extraction.py --kinds transfers --no-shipped --dump /tmp/held.jsonl
    .venv/bin/python bench/weapon_errors.py /tmp/held.jsonl [--corpus ../shared/corpus] [--show]

Reads the held-out claims kept at the threshold (``eval_extraction.py --dump``: each document
scored by a fold model that never saw it) and, for each claim that matches no label of its
document on the pair measure but whose (supplier, recipient) is the pair of some label there,
says why its weapon matched none of that pair's labels (the corpus scorer's weapons_match):

- class for a named system: the claim is a class ("fighter jets") where the pair's labels name
  systems; "covered" when a named claim of the same pair and category is kept too;
- named system for a class label: the claim names a system, the pair's label of its category is a
  class;
- a short code the scorer cannot contain: a code of two characters ("K2") against a longer name
  ("K2PL"), or the reverse (the scorer's substring rule needs three);
- an acronym of a label's name ("HCDS" for "Harpoon Coastal Defense System");
- one word without digits: a family name ("Apache" for "AH-64E"), or a capitalised word read as
  a designation ("United");
- another system: a code of its own, none of the pair's labels (a second system of the text, a
  platform for a labelled component, a system of another deal of the pair).

The corpus stays outside the repository; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus


def _scorer(root: Path) -> Any:
    sys.path.insert(0, str(root.parent / "tools"))
    import score_extraction  # the corpus's own scorer, outside the repository

    return score_extraction


def kind_of(claim: dict[str, Any], mates: list[dict[str, Any]], kept: list[dict[str, Any]],
            scorer: Any) -> str:
    """Why ``claim``'s weapon matches none of ``mates`` (the labels of its pair)."""
    weapon = claim.get("weapon")
    if weapon is None:
        covered = any(k.get("weapon") is not None and k["category"] == claim["category"]
                      and k["supplier"] == claim["supplier"] and k["recipient"] == claim["recipient"]
                      for k in kept)
        return "class for a named system" + (", covered" if covered else ", alone")
    if any(m.get("weapon") is None and m["category"] == claim["category"] for m in mates):
        return "named system for a class label"
    key = scorer.weapon(weapon)
    names = [m["weapon"] for m in mates if m.get("weapon")]
    for name in names:
        other = scorer.weapon(name)
        short, long_ = sorted((key, other), key=len)
        if len(short) < 3 and long_.startswith(short):
            return "a short code the scorer cannot contain"
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name)).lower()
        if len(initials) >= 3 and key == initials:
            return "an acronym of a label's name"
    if re.fullmatch(r"[A-Za-z]+", weapon):
        return "one word without digits (a family name, or an ordinary word)"
    return "another system"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dump", type=Path)
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--show", action="store_true", help="list the claims of each kind")
    args = parser.parse_args()
    scorer = _scorer(args.corpus)
    gold = {d.document.id: d.gold.get("transfers") or [] for d in corpus.load_corpus(args.corpus)}
    counts: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    kept_all = wrong = 0
    for line in args.dump.open(encoding="utf-8"):
        row = json.loads(line)
        labels, kept = gold.get(row["id"], []), row["transfers"]
        kept_all += len(kept)
        for claim in kept:
            if any(scorer.transfer_pair(g, claim) for g in labels):
                continue
            wrong += 1
            mates = [g for g in labels if scorer.country(g["supplier"]) ==
                     scorer.country(claim["supplier"]) and scorer.country(g["recipient"]) ==
                     scorer.country(claim["recipient"])]
            if not mates:
                continue
            kind = kind_of(claim, mates, kept, scorer)
            counts[kind] += 1
            shown.setdefault(kind, []).append(
                f"  {row['id']} {claim['supplier']} -> {claim['recipient']}: "
                f"{claim.get('weapon') or claim.get('weapon_generic')} ({claim['category']}, "
                f"{claim['status']}, {claim['confidence']}); labels "
                f"{sorted({str(m.get('weapon')) for m in mates})}")
    print(f"{kept_all} claims kept, {wrong} match no label on the pair measure, "
          f"{sum(counts.values())} of them with a labelled pair:")
    for kind, n in counts.most_common():
        print(f"| {kind} | {n} |")
        if args.show:
            print("\n".join(shown[kind]))


if __name__ == "__main__":
    main()
