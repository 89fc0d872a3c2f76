"""Where the held-out gold transfers that no kept claim matches strictly are lost, by bucket.

    .venv/bin/python bench/recall_buckets.py [--salt S] [--corpus ../shared/corpus] [--show]

Cross-validates the transfer model as ``eval_extraction.py`` does (``train.evaluate``: each
document scored by the fold model that never saw it, the pooled map and bar), then puts each gold
transfer that the kept claims miss (the corpus scorer's greedy strict match) in the first bucket
that fits:

- (e) a kept claim matches it strictly but was taken by another label (the same key labelled twice);
- (c) right pair, wrong status: a kept claim matches it on the pair measure (supplier, recipient,
  weapon), none with its status;
- (d) right parties and status, weapon named otherwise: a kept claim has its supplier, recipient
  and status and a weapon the scorer does not match to its own;
- (b) a candidate of the pair exists, its claims all under the bar: split by whether the pair
  probability alone (after the decoding steps) is under the raw score the bar stands at, or the
  pair reaches it and the gold status's probability brings the claim under;
- (a) no candidate of the pair at all: split as ``bench/candidate_losses.py`` does (the weapon
  not read in the evidence sentence, no party of the pair there, one party missing ...).

The corpus stays outside the repository; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus, train
from armswatch.extract.learning import transfers as model
from armswatch.extract.learning.transfer_features import reference_year
from armswatch.extract.transfers import find_transfers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from candidate_losses import loss_reason  # noqa: E402
from eval_extraction import salted  # noqa: E402


def _held_out(docs: list[Any]) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, Any]]:
    """(evaluate's report, every held-out claim at the floor, each document's fold model)."""
    held: dict[str, list[Any]] = {}
    fitted: list[tuple[set[str], dict[str, Any]]] = []
    plain_held, plain_fit, plain_short = train.held_out_claims, model.fit, train.short_texts

    def keeping(docs: list[Any], kind: str) -> dict[str, list[Any]]:
        held.update(plain_held(docs, kind))
        return held

    def recording(docs: list[Any], **options: Any) -> dict[str, Any]:
        artifact = plain_fit(docs, **options)
        fitted.append(({d.document.id for d in docs}, artifact))
        return artifact

    train.held_out_claims, model.fit = keeping, recording  # type: ignore[assignment]
    train.short_texts = lambda item, sentences=None: []  # type: ignore[assignment]  (documents only)
    try:
        report = train.evaluate(docs, "transfers")
    finally:
        train.held_out_claims, model.fit, train.short_texts = plain_held, plain_fit, plain_short
    artifacts = {d.document.id: next(a for ids, a in fitted if d.document.id not in ids) for d in docs}
    return report, held, artifacts


def _pairs_and_statuses(artifact: dict[str, Any], sentences: list[Any], anchor: Any
                        ) -> list[tuple[Any, float, list[float]]]:
    """(candidate, pair probability after the decoding steps, five status probabilities), as
    ``transfers.predict`` computes them before its cuts."""
    rules = find_transfers(sentences, anchor)
    found = model._found(sentences, rules)
    model.with_role_scores(found, artifact["roles"])
    year = reference_year(sentences, anchor.year)
    model._with_timeline(found, year, len(sentences) <= model.SHORT_TEXT)
    p = model._listed(found, [model.probability(artifact["pair"], c.features) for c in found],
                      {(t.supplier, t.recipient) for t in rules})
    p = model._hosted(found, model._covered(found, model._outranked(found, p)))
    out = []
    for c, p_pair in zip(found, p):
        feats = model._status_feature_set(c, sentences, year)
        out.append((c, p_pair, [model.probability(artifact["status"][k], feats) for k in model.STATUSES]))
    return out


def _raw_bar(report: dict[str, Any]) -> float:
    """The lowest raw score whose calibrated confidence reaches the bar."""
    xs = report["calibration"]["x"]
    return next((x for x in xs if train._apply(report["calibration"], x) >= report["threshold"]), 1.0)


def bucket(gold: dict[str, Any], kept: list[dict[str, Any]], taken: set[int], item: Any,
           sentences: list[Any], anchor: Any, artifact: dict[str, Any], raw_bar: float) -> str:
    s = corpus.scorer()
    if any(id(k) in taken and s.transfer_strict(gold, k) for k in kept):
        return "(e) matched by a claim another label took"
    pair = [k for k in kept if s.transfer_pair(gold, k)]
    if pair:
        return f"(c) right pair, wrong status: {gold['status']} as {'/'.join(sorted({k['status'] for k in pair}))}"
    if any(s.country(k["supplier"]) == s.country(gold["supplier"]) and s.country(k["recipient"]) ==
           s.country(gold["recipient"]) and k["status"] == gold["status"] for k in kept):
        return "(d) right parties and status, weapon named otherwise"
    scored = [(c, p, st) for c, p, st in _pairs_and_statuses(artifact, sentences, anchor)
              if s.transfer_pair(gold, model._as_gold(c))]
    if scored:
        best = max(p for _, p, _ in scored)
        if best < raw_bar:
            return "(b) candidate, pair probability under the bar"
        index = model.STATUSES.index(gold["status"])
        return "(b) candidate, pair over the bar, gold status under it" + (
            " (another status likelier)" if any(max(st) > st[index] for _, _, st in scored) else "")
    return "(a) no candidate: " + loss_reason(sentences, item.document.text, gold)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--salt", default="")
    parser.add_argument("--show", action="store_true", help="list the transfers of each bucket")
    args = parser.parse_args()
    salted(args.salt)
    docs = corpus.load_corpus(args.corpus)
    report, held, artifacts = _held_out(docs)
    raw_bar = _raw_bar(report)
    s = corpus.scorer()
    counts: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    golds = found = 0
    for item in docs:
        labels = item.gold.get("transfers") or []
        golds += len(labels)
        kept = [c.to_dict() for c in held.get(item.document.id, [])
                if train._apply(report["calibration"], c.confidence) >= report["threshold"]]
        pairs, missed, _ = s.match(labels, kept, s.transfer_strict)
        found += len(pairs)
        if not missed:
            continue
        taken = {id(p) for _, p in pairs}
        sentences, anchor = train._sentences(item)
        for gold in missed:
            name = bucket(gold, kept, taken, item, sentences, anchor, artifacts[item.document.id], raw_bar)
            counts[name] += 1
            weapon = gold.get("weapon") or f"[{gold.get('weapon_generic')}/{gold.get('category')}]"
            shown.setdefault(name, []).append(
                f"  {item.document.id} {gold['supplier']} -> {gold['recipient']} {weapon} "
                f"({gold['status']}) << {gold['evidence'][:200]}")
    print(f"split {args.salt or 'default'}: gold {golds}, found strictly {found} "
          f"(recall {found / golds:.3f}), missed {golds - found}; bar {report['threshold']} "
          f"(raw {raw_bar:.3f})")
    print("| bucket | missed |\n|---|---|")
    for name, n in sorted(counts.items()):
        print(f"| {name} | {n} |")
        if args.show:
            print("\n".join(shown[name]))


if __name__ == "__main__":
    main()
