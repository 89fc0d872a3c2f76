"""Held-out transfer claims kept at the bar that match no label strictly, sorted into classes.

    .venv/bin/python bench/eval_extraction.py --kinds transfers --no-shipped --dump /tmp/held.jsonl
    .venv/bin/python bench/false_claims.py /tmp/held.jsonl [--corpus ../shared/corpus] [--show]

Reads the held-out claims kept at the threshold (``eval_extraction.py --dump``: each document
scored by a fold model that never saw it), matches them to the labels as the corpus scorer does
(``score_extraction.match``: greedy, one to one, strict), and puts each claim left over in the
first class that fits:

- (e) a duplicate: a label the claim matches strictly is already taken by another claim (the same
  key named twice, rule R4), or its pair and weapon match a label taken strictly by a claim of
  another status (a second status of the same system the labels keep once);
- (a) wrong status: its pair and weapon match a label that no claim takes strictly;
- (b) wrong weapon: the (supplier, recipient) is a labelled pair, the weapon matches none of that
  pair's labels (the subkind as ``bench/weapon_errors.py`` reads it);
- (c) roles swapped: (recipient, supplier) is a labelled pair;
- (d) a party wrong: the weapon matches a label of the document whose supplier or recipient
  (one of the two) is the claim's;
- (f) no such pair: the document labels no transfer between the two, in either order, with the
  claim's weapon. Split by whether the document labels any transfer, whether the weapon is
  labelled (with other parties), whether a party is (with another weapon), and whether every
  sentence of the claim talks of the weapon without a status cue word of its own (the
  ``_TALK`` words of ``transfers._talked_of``).

``--pairs`` adds every claim kept after the likeliest of its (supplier, recipient, system), right
or wrong, by its status and the likeliest's: whether a second status is worth its place (the bar's
break-even is about F1 / 2).

Class (g), a gold omission, needs a reader: ``--show`` lists the claims with their evidence so
one can judge them (the corpus stays outside the repository; nothing is written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus
from armswatch.extract.learning.transfers import _TALK

sys.path.insert(0, str(Path(__file__).resolve().parent))
from weapon_errors import _scorer, kind_of  # noqa: E402  (the weapon subkinds, one reading)

CLASSES = {"a": "right pair and weapon, wrong status",
           "b": "right pair, weapon named differently",
           "c": "roles swapped",
           "d": "wrong supplier or wrong recipient",
           "e": "a duplicate of a label kept once (R4)",
           "f": "no labelled pair in the document"}


def _same_pair(scorer: Any, g: dict[str, Any], claim: dict[str, Any], swapped: bool = False) -> bool:
    supplier, recipient = ("recipient", "supplier") if swapped else ("supplier", "recipient")
    return (scorer.country(g["supplier"]) == scorer.country(claim[supplier])
            and scorer.country(g["recipient"]) == scorer.country(claim[recipient]))


def _weapon_of(scorer: Any, g: dict[str, Any], claim: dict[str, Any]) -> bool:
    """The scorer's weapon rule of ``transfer_pair`` without the parties."""
    if g.get("weapon") is None:
        return claim.get("weapon") is None and g.get("category") == claim.get("category")
    return scorer.weapons_match(g["weapon"], claim.get("weapon"))


def classify(claim: dict[str, Any], labels: list[dict[str, Any]], taken: list[tuple[dict, dict]],
             kept: list[dict[str, Any]], scorer: Any) -> tuple[str, str]:
    """(class letter, subkind) of a claim that took no label strictly."""
    owners = {id(g): p for g, p in taken}
    if any(id(g) in owners and scorer.transfer_strict(g, claim) for g in labels):
        return "e", "the same key named twice"
    for g in labels:
        if scorer.transfer_pair(g, claim):
            if id(g) in owners:
                return "e", f"a second status ({claim['status']} beside {g['status']})"
            return "a", f"{claim['status']} for {g['status']}"
    mates = [g for g in labels if _same_pair(scorer, g, claim)]
    if mates:
        return "b", kind_of(claim, mates, kept, scorer)
    if any(_same_pair(scorer, g, claim, swapped=True) for g in labels):
        return "c", "weapon labelled" if any(
            _weapon_of(scorer, g, claim) for g in labels
            if _same_pair(scorer, g, claim, swapped=True)) else "another weapon"
    same_weapon = [g for g in labels if _weapon_of(scorer, g, claim)]
    for g in same_weapon:
        if scorer.country(g["supplier"]) == scorer.country(claim["supplier"]):
            return "d", "wrong recipient"
        if scorer.country(g["recipient"]) == scorer.country(claim["recipient"]):
            return "d", "wrong supplier"
    parts = ["no transfer labelled" if not labels else "weapon labelled, other parties"
             if same_weapon else "a party labelled, another weapon" if any(
                 scorer.country(claim[r]) in {scorer.country(g["supplier"]),
                                              scorer.country(g["recipient"])}
                 for g in labels for r in ("supplier", "recipient")) else "nothing of it labelled"]
    text = ((claim.get("evidence") or {}).get("text") or "").lower()
    if _TALK.search(text):
        parts.append("talk word")
    return "f", ", ".join(parts)


def _seconds(kept: list[dict[str, Any]], right: set[int],
             scorer: Any) -> list[tuple[str, str, bool]]:
    """(likeliest status, status, right) of each claim after the likeliest of its system."""
    systems: dict[tuple, list[dict[str, Any]]] = {}
    for claim in kept:
        key = (scorer.country(claim["supplier"]), scorer.country(claim["recipient"]),
               scorer.weapon(claim.get("weapon")) or claim.get("weapon_generic"))
        systems.setdefault(key, []).append(claim)
    out = []
    for claims in systems.values():
        claims.sort(key=lambda c: -c["confidence"])
        out += [(claims[0]["status"], c["status"], id(c) in right) for c in claims[1:]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dump", type=Path)
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--show", action="store_true", help="list each claim with its evidence")
    parser.add_argument("--pairs", action="store_true",
                        help="second claims of a system by (likeliest status, status): right / wrong")
    args = parser.parse_args()
    scorer = _scorer(args.corpus)
    gold = {d.document.id: d.gold.get("transfers") or [] for d in corpus.load_corpus(args.corpus)}
    classes: Counter[str] = Counter()
    subkinds: Counter[tuple[str, str]] = Counter()
    shown: list[tuple[str, str, str]] = []
    kept_all = 0
    seconds: Counter[tuple[str, str, bool]] = Counter()
    for line in args.dump.open(encoding="utf-8"):
        row = json.loads(line)
        labels, kept = gold.get(row["id"], []), row["transfers"]
        kept_all += len(kept)
        taken, _, extra = scorer.match(labels, kept, scorer.transfer_strict)
        seconds.update(_seconds(kept, {id(p) for _, p in taken}, scorer))
        for claim in extra:
            letter, subkind = classify(claim, labels, taken, kept, scorer)
            classes[letter] += 1
            subkinds[letter, subkind] += 1
            evidence = ((claim.get("evidence") or {}).get("text") or "").strip()
            shown.append((letter, subkind,
                          f"  {row['id']} {claim['supplier']} -> {claim['recipient']}: "
                          f"{claim.get('weapon') or claim.get('weapon_generic')} ({claim['status']}, "
                          f"{claim['confidence']}); labels {sorted({(g['supplier'], g['recipient'], str(g.get('weapon') or g.get('weapon_generic')), g['status']) for g in labels})}\n"
                          f"      {evidence[:300]}"))
    wrong = sum(classes.values())
    print(f"{kept_all} claims kept, {wrong} match no label strictly:")
    print("| class | claims | share |\n|---|---|---|")
    for letter in sorted(CLASSES):
        print(f"| ({letter}) {CLASSES[letter]} | {classes[letter]} | "
              f"{classes[letter] / max(wrong, 1):.2f} |")
    print("\n| class | subkind | claims |\n|---|---|---|")
    for (letter, subkind), n in sorted(subkinds.items(), key=lambda x: (x[0][0], -x[1])):
        print(f"| ({letter}) | {subkind} | {n} |")
    if args.pairs:
        print("\n| likeliest status | second status | right | wrong |\n|---|---|---|---|")
        for first, second in sorted({(a, b) for a, b, _ in seconds}):
            print(f"| {first} | {second} | {seconds[first, second, True]} | "
                  f"{seconds[first, second, False]} |")
    if args.show:
        for letter, subkind, text in sorted(shown, key=lambda x: (x[0], x[1])):
            print(f"({letter}) {subkind}\n{text}")


if __name__ == "__main__":
    main()
