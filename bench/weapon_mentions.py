"""The weapon step (extract/weapons.py) measured alone against the labelled corpus.

    .venv/bin/python bench/weapon_mentions.py [--corpus ../shared/corpus] [--show N]

The transfer model can only claim a weapon the weapon step detected, so this prints, over
../shared/corpus/{train,dev}:

1. Recall of the weapon step: for each gold transfer, is its weapon (or, for a generic label, a
   generic class of its category) detected in its evidence sentence? In the document at all?
   The misses are listed by the evidence sentence's words around the gold weapon, so their kinds
   can be read (a plural, a nickname, a class standing for a named system).
2. Detections that are part of no gold label of their document (a designation whose text or
   register designation matches no gold weapon; a generic class whose category no generic label
   of the document has), by kind (register designation, shape only, class name, generic class)
   and by text, most frequent first. Not all are errors: the corpus labels transfers, and a
   weapon named in passing is rightly no label; the share that are capitalised ordinary words is
   what the step can cut.

Matching is the corpus scorer's (weapons_match: lowercase alphanumerics, a substring of three or
more characters, or a similarity of 0.85). The corpus stays outside the repository; nothing is
written.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus, train


def _kind(weapon: Any) -> str:
    if weapon.generic:
        return "generic"
    if weapon.designation:
        return "register"
    return "class name" if weapon.text.endswith("class") else "shape"


def _matches(weapon: Any, gold: dict[str, Any]) -> bool:
    same = corpus.scorer().weapons_match
    if gold.get("weapon") is None:
        return weapon.generic and weapon.category == gold.get("category")
    # the claim carries the mention's text as its weapon (learning/transfers.py), not the
    # register's designation: the text is what the scorer compares
    return not weapon.generic and same(gold["weapon"], weapon.text)


def _evidence_sentences(sentences: list[Any], text: str, evidence: str) -> list[Any]:
    """The sentences that overlap the evidence's first occurrence in the document."""
    at = text.find(evidence)
    if at < 0:
        at = text.find(evidence.strip()[:40])
    if at < 0:
        return []
    end = at + len(evidence)
    return [s for s in sentences if s.start < end and s.start + len(s.text) > at]


def measure(docs: list[Any], show: int) -> None:
    golds = found_here = found_doc = 0
    misses: list[tuple[str, str]] = []
    unused: Counter[tuple[str, str]] = Counter()
    kinds: Counter[str] = Counter()
    kinds_unused: Counter[str] = Counter()
    for item in docs:
        sentences, _ = train._sentences(item)
        labels = item.gold.get("transfers") or []
        every = [w for s in sentences for w in s.weapons]
        for gold in labels:
            golds += 1
            here = [w for s in _evidence_sentences(sentences, item.document.text, gold["evidence"])
                    for w in s.weapons]
            if any(_matches(w, gold) for w in here):
                found_here += 1
            else:
                name = gold.get("weapon") or f"[{gold.get('weapon_generic')} / {gold.get('category')}]"
                misses.append((item.document.id, f"{name}  <<  {gold['evidence'][:160]}"))
            if any(_matches(w, gold) for w in every):
                found_doc += 1
        for weapon in every:
            kind = _kind(weapon)
            kinds[kind] += 1
            if not any(_matches(weapon, g) for g in labels):
                kinds_unused[kind] += 1
                unused[(kind, weapon.text if kind != "generic" else weapon.text.lower())] += 1
    print(f"gold transfers {golds}: weapon detected in the evidence sentence {found_here} "
          f"({found_here / golds:.1%}), anywhere in the document {found_doc} ({found_doc / golds:.1%})")
    print(f"detections {sum(kinds.values())}, in no gold label of their document "
          f"{sum(kinds_unused.values())}")
    for kind, n in kinds.most_common():
        print(f"  {kind}: {n} detected, {kinds_unused[kind]} in no label")
    print(f"\nmisses in the evidence sentence ({len(misses)}):")
    for doc_id, line in misses[:show]:
        print(f"  {doc_id}: {line}")
    print("\ndetections in no label, most frequent:")
    for (kind, text), n in unused.most_common(show):
        print(f"  {n:4d}  {kind:10s} {text}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--show", type=int, default=60, help="how many misses and texts to list")
    args = parser.parse_args()
    measure(corpus.load_corpus(args.corpus), args.show)


if __name__ == "__main__":
    main()
