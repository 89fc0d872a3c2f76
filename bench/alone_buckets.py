"""Why a transfer is missed when its evidence sentence is checked alone (issue 15, twelfth round).

    .venv/bin/python bench/alone_buckets.py [--salt S] [--examples BUCKET] [--limit N]

Runs the transfer cross-validation of ``bench/eval_extraction.py --sentences`` and, for each gold
transfer, asks two questions of its evidence sentence given alone to the fold model that never
saw the document:

1. Is it within the sentence's ceiling? Its weapon is read there (a designation the corpus
   scorer matches, or a class of the label's category for a generic label), its recipient is
   named there, and its supplier is named there or is the register's usual supplier of the
   weapon (``priors.register_priors``: the state a sentence alone can infer). Outside the
   ceiling the letters say what is missing: w (weapon), s (supplier), r (recipient).
2. Within it, what happened: ``hit`` (kept at the short texts' bar), ``under_bar`` (the right
   claim scored, under the bar), ``wrong_status`` (the right pair kept with another status),
   ``pair_low_other_status`` (the right pair, another status, under the bar),
   ``wrong_role_or_weapon`` (a claim kept with the recipient or the supplier, another pair or
   weapon), ``below_floor`` (a candidate of the pair under the model's floor) or
   ``no_candidate``.

The short texts' map and bar are the all-folds fit, as the "Sentence alone" line of
``eval_extraction.py --sentences`` uses. ``--examples`` prints the sentences of a bucket (corpus
text: read them, never copy them into the repository).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import eval_extraction
from armswatch.extract.gazetteer import weapon_key
from armswatch.extract.learning import corpus, train
from armswatch.extract.learning import transfers as learned
from armswatch.extract.learning.priors import register_priors
from armswatch.extract.model import Document


@dataclass
class Alone:
    """One evidence sentence checked alone: its labels, every claim with its calibrated
    confidence, the bar, and what the sentence names."""

    text: str
    gold: list[dict[str, Any]]
    claims: list[tuple[dict[str, Any], float]]
    bar: float
    parties: set[str] = field(default_factory=set)
    # each weapon mention: text, designation, category, generic
    weapons: list[tuple[str, str | None, str, bool]] = field(default_factory=list)
    pairs: set[tuple[str, str]] = field(default_factory=set)  # the candidates' (supplier, recipient)


def read_alone(text: str, published: str, gold: list[dict[str, Any]],
               claims: list[tuple[dict[str, Any], float]], bar: float) -> Alone:
    """A sentence as a document of its own, with what it names and its candidates' pairs."""
    document = Document(id="alone", text=text, published=published)
    sentences, _ = train._sentences(corpus.LabelledDocument(document, {}, "alone"))
    return Alone(text, gold, claims, bar, {p.party for s in sentences for p in s.parties},
                 [(w.text, w.designation, w.category, w.generic) for s in sentences for w in s.weapons],
                 {(c.supplier, c.recipient) for c in learned._found(sentences, [])})


def recorded(salt: str) -> list[Alone]:
    """The evidence sentences of every document, checked alone by the fold models."""
    eval_extraction.salted(salt)
    docs = corpus.load_corpus(corpus.default_root())
    out: list[Alone] = []
    plain = eval_extraction._alone

    def alone(kind: str, item: Any, text: str, artifact: dict[str, Any], report: dict[str, Any],
              bar: float) -> list[Any]:
        found = plain(kind, item, text, artifact, report, bar)
        if bar == 0.0:  # an evidence sentence (the other sentences are asked at the bar)
            out.append(read_alone(
                text, item.document.published,
                [g for g in item.gold.get(kind) or [] if g["evidence"] == text],
                [(c.to_dict(), train._apply(report["calibration"], c.confidence)) for c in found],
                report["threshold"]))
        return found

    eval_extraction._alone = alone
    try:
        eval_extraction.cross_validate(docs, "transfers", None, True)
    finally:
        eval_extraction._alone = plain
    return out


def weapon_read(label: dict[str, Any], sentence: Alone, score: Any) -> bool:
    """The label's weapon is read in the sentence (a generic label: a class of its category)."""
    weapon = label.get("weapon")
    if weapon is None:
        return any(generic and category == label["category"]
                   for _, _, category, generic in sentence.weapons)
    return any(score.weapons_match(weapon, text)
               or (designation and score.weapons_match(weapon, designation))
               for text, designation, _, generic in sentence.weapons if not generic)


def usual_suppliers(label: dict[str, Any], sentence: Alone, score: Any) -> set[str]:
    """The register's usual supplier of each mention of the label's weapon in the sentence."""
    maker = register_priors()[3]
    weapon = label.get("weapon")
    return {score.country(maker[key]) for text, designation, _, generic in sentence.weapons
            if weapon and not generic and (score.weapons_match(weapon, text) or (
                designation and score.weapons_match(weapon, designation)))
            for key in [weapon_key(designation or text)] if key in maker}


def missing(label: dict[str, Any], sentence: Alone, score: Any) -> str:
    """What the sentence alone lacks of the label: w, s, r, or "" within the ceiling."""
    named = {score.country(p) for p in sentence.parties}
    supplier = score.country(label["supplier"])
    return ("" if weapon_read(label, sentence, score) else "w") + \
        ("" if supplier in named or supplier in usual_suppliers(label, sentence, score) else "s") + \
        ("" if score.country(label["recipient"]) in named else "r")


def bucket(label: dict[str, Any], sentence: Alone, score: Any) -> str:
    """What became of a label within the ceiling (the module's docstring)."""
    strict = [p for c, p in sentence.claims if score.transfer_strict(label, c)]
    pair = [p for c, p in sentence.claims if score.transfer_pair(label, c)]
    if any(p >= sentence.bar for p in strict):
        return "hit"
    if strict:
        return "under_bar"
    if any(p >= sentence.bar for p in pair):
        return "wrong_status"
    if pair:
        return "pair_low_other_status"
    supplier, recipient = score.country(label["supplier"]), score.country(label["recipient"])
    if any(p >= sentence.bar and (score.country(c["recipient"]) == recipient
                                  or score.country(c["supplier"]) == supplier)
           for c, p in sentence.claims):
        return "wrong_role_or_weapon"
    if any(score.country(s) == supplier and score.country(r) == recipient for s, r in sentence.pairs):
        return "below_floor"
    return "no_candidate"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salt", default="", help="another fold split: crc32 of SALT:id")
    parser.add_argument("--examples", default="", help="print the sentences of this bucket")
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()
    score = corpus.scorer()
    counts: Counter[tuple[str, str]] = Counter()
    shown = 0
    for sentence in recorded(args.salt):
        for label in sentence.gold:
            lacks = missing(label, sentence, score)
            verdict = bucket(label, sentence, score)
            counts[(lacks or "ceiling", verdict)] += 1
            if not lacks and verdict == args.examples and shown < args.limit:
                shown += 1
                print(f"  {sentence.text}\n      label: {label['supplier']} -> {label['recipient']} "
                      f"{label.get('weapon') or label.get('weapon_generic')} {label['status']}")
    labels = sum(counts.values())
    within = sum(n for (lacks, _), n in counts.items() if lacks == "ceiling")
    print(f"\n{labels} gold transfers; within the sentence-alone ceiling {within} "
          f"({within / max(labels, 1):.3f}); found {counts[('ceiling', 'hit')]}")
    for (lacks, verdict), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != "ceiling", -kv[1])):
        print(f"| {lacks} | {verdict} | {n} |")


if __name__ == "__main__":
    main()
