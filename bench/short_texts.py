"""Short texts (a sentence checked alone): their own calibration map and bar, measured.

    .venv/bin/python bench/short_texts.py [--salt S] [--cache F]

One cross-validation of the transfer model (train.evaluate, as bench/eval_extraction.py
--sentences runs it), then, from the same fold models, the raw scores of the claims of each
held-out document's gold evidence sentences and of its other sentences naming a weapon, each
extracted alone (as ``--sentences``). Printed, for the documents' calibration map and threshold
(what shipped before the short-text map) and for a map and bar of the short texts' own, cross-fitted
(each fold's sentences calibrated, and their bar chosen, on the other four folds' sentences; as
train.short_calibration fits them, and "literal": the other sentences' claims that match a label of
their document counted false in the fit too):
sentence-alone strict recall, and "F1 alone": recall on the evidence sentences against every
claim kept on the evidence sentences and on the other weapon sentences, the claims of the other
sentences all counted false (none is labelled with that sentence as its evidence: an upper bound
on false claims). ``--cache F`` keeps the raw rows (JSON) so a variant can be read again
without refitting.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_extraction import _alone, salted  # noqa: E402

from armswatch.extract.learning import corpus, train  # noqa: E402

KIND = "transfers"


def collect(docs: list[Any]) -> dict[str, Any]:
    fitted: list[tuple[set[str], dict[str, Any]]] = []
    module = train.learner(KIND)
    plain_fit = module.fit

    def recording(docs: list[Any], **options: Any) -> dict[str, Any]:
        artifact = plain_fit(docs, **options)
        fitted.append(({d.document.id for d in docs}, artifact))
        return artifact

    module.fit = recording
    try:
        report = train.evaluate(docs, KIND)
    finally:
        module.fit = plain_fit
    rows, n_gold, per_fold = [], 0, [0] * train.K
    no_bar = {"calibration": {"x": [], "y": []}, "threshold": 0.0}
    for item in docs:
        artifact = next(a for ids, a in fitted if item.document.id not in ids)
        fold = corpus.fold_of(item.document.id, train.K)
        golds = item.gold.get(KIND) or []
        evidences = list(dict.fromkeys(g["evidence"] for g in golds))
        for evidence in evidences:
            gold = {KIND: [g for g in golds if g["evidence"] == evidence]}
            n_gold += len(gold[KIND])
            per_fold[fold] += len(gold[KIND])
            found = _alone(KIND, item, evidence, artifact, no_bar, bar=0.0)
            rows += [[fold, "evidence", c.confidence, r, r]
                     for c, r in zip(found, train._correct(KIND, gold, found))]
        labelled = {e.strip() for e in evidences}
        for sentence in train._sentences(item)[0]:
            text = sentence.evidence.text.strip()
            if sentence.weapons and text not in labelled and not any(text in e for e in labelled):
                found = _alone(KIND, item, text, artifact, no_bar, bar=0.0)
                rows += [[fold, "other", c.confidence, False, r]
                         for c, r in zip(found, train._correct(KIND, {KIND: golds}, found))]
    return {"documents": {"calibration": report["calibration"], "threshold": report["threshold"],
                          "scores": {k: {m: v[m] for m in ("precision", "recall", "f1")}
                                     for k, v in report["scores"].items()}},
            "rows": rows, "n_gold": n_gold, "gold_per_fold": per_fold}


def alone_scores(kept: list[list[Any]], n_gold: int) -> dict[str, float]:
    tp = sum(1 for r in kept if r[3])
    on_evidence = sum(1 for r in kept if r[1] == "evidence")
    recall = tp / n_gold
    return {"recall": round(recall, 4), "precision_evidence": round(tp / max(on_evidence, 1), 4),
            "claims_evidence": on_evidence, "claims_other": len(kept) - on_evidence,
            "f1_alone": round(2 * tp / (n_gold + len(kept)), 4),
            # claims of the other sentences that match a gold label of their document strictly
            "other_matching_document": sum(1 for r in kept if r[1] == "other" and r[4])}


def short_map(rows: list[list[Any]], n_gold: int,
              literal: bool = False) -> tuple[dict[str, list[float]], float]:
    """The isotonic map of the sentences' claims and the calibrated bar that maximises F1 over
    the evidence labels, as train.short_calibration fits them: the other sentences' claims that
    match a label of their document left out (``literal``: counted false, as F1 alone counts them)."""
    rows = rows if literal else [r for r in rows if not (r[1] == "other" and r[4])]
    calibration = train._isotonic([r[2] for r in rows], [r[3] for r in rows])
    bar = train._best_threshold([(train._apply(calibration, r[2]), r[3]) for r in rows], n_gold)
    return calibration, bar


def report(data: dict[str, Any]) -> None:
    rows, n_gold, documents = data["rows"], data["n_gold"], data["documents"]
    print("documents:", json.dumps(documents["scores"]), "threshold", documents["threshold"])
    kept = [r for r in rows if train._apply(documents["calibration"], r[2]) >= documents["threshold"]]
    print("alone, the documents' map and threshold:", alone_scores(kept, n_gold))
    gold_per_fold = data["gold_per_fold"]
    for literal in (False, True):
        kept, bars = [], []
        for fold in range(train.K):
            others = [r for r in rows if r[0] != fold]
            calibration, bar = short_map(others, n_gold - gold_per_fold[fold], literal)
            bars.append(bar)
            kept += [r for r in rows if r[0] == fold and train._apply(calibration, r[2]) >= bar]
        print(f"alone, a short-text map and bar cross-fitted{' (literal)' if literal else ''}:",
              alone_scores(kept, n_gold), "bars", bars)
    calibration, bar = short_map(rows, n_gold)
    print("short-text map on all folds: bar", bar)
    crossfit = []
    for fold in range(train.K):
        c, _ = short_map([r for r in rows if r[0] != fold], n_gold - gold_per_fold[fold])
        crossfit += [(train._apply(c, r[2]), r[3]) for r in rows if r[0] == fold]
    print("reliability of the sentences' claims, cross-fitted short map:")
    for row in train._reliability(crossfit):
        print(f"  {row['from']:.2f}-{row['to']:.2f} | {row['claims']} | "
              f"{row['mean_confidence']:.2f} | {row['right']:.2f}")
    docmap = [(train._apply(documents["calibration"], r[2]), r[3]) for r in rows]
    print("reliability of the sentences' claims, documents' map:")
    for row in train._reliability(docmap):
        print(f"  {row['from']:.2f}-{row['to']:.2f} | {row['claims']} | "
              f"{row['mean_confidence']:.2f} | {row['right']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--salt", default="")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    salted(args.salt)
    docs = corpus.load_corpus(args.corpus)
    if args.cache is not None and args.cache.exists():
        data = json.loads(args.cache.read_text())
    else:
        data = collect(docs)
        if args.cache is not None:
            args.cache.write_text(json.dumps(data))
    report(data)


if __name__ == "__main__":
    main()
