"""The extractor's quality: k-fold cross-validation by document, and the shipped model on dev.

    .venv/bin/python bench/eval_extraction.py [--corpus ../shared/corpus] [--kinds transfers,...]
                                               [--shipped-only | --no-shipped] [--salt S] [--dump F]
                                               [--sentences]

1. Cross-validation (issue 15: the measure of quality): over ../shared/corpus/{train,dev}, five
   folds fixed by a hash of the document id; each document is scored by models trained without it
   (armswatch.extract.learning.train.evaluate, the same code `make train` runs). Printed per kind:
   pooled P / R / F1, F1 per fold as mean ± spread, and the cross-fitted reliability table.
2. The shipped models on ../shared/corpus/dev, scored by ../shared/tools/score_extraction.py. The
   shipped models were trained on dev too, so this is an in-sample figure: a check that the
   pipeline runs the models as trained, not a measure of quality.

``--salt S`` folds by crc32 of ``S:id`` (another split of the same documents: a change is kept
when it raises the pooled F1 on the default split and on a salted one); ``--dump F`` writes the
held-out claims kept at the threshold (one document a line, for ``../shared/tools/
score_extraction.py GOLD F --show-errors``; with several kinds, one file per kind, ``F.kind``).

``--sentences`` adds the sentence-alone measure (issue 15: a user checks a single sentence, and the
hidden probes are single sentences): each held-out document's gold evidence sentences are given to
the same fold's model one at a time, as one-sentence documents, and their claims kept at the short
texts' own calibrated bar (train.short_calibration; fitted over all folds' sentences, as the
documents' threshold is over all folds' documents) are scored against the gold labels whose
evidence is that sentence (the corpus scorer's matching; recall is the figure that counts, since a
sentence alone can assert less than it does in its document). "F1 alone" counts every claim kept
on the document's other sentences naming a weapon, checked alone too, as false. The same measures
with the map and bar cross-fitted (each fold's sentences by the other four's) are printed too.

The corpus stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from typing import Any

from armswatch.extract.learning import corpus, train
from armswatch.extract.model import Document
from armswatch.extract.pipeline import extract_document


def salted(salt: str) -> None:
    """Fold by crc32 of ``salt:id`` instead of the id: another split of the same documents."""
    if salt:
        plain = corpus.fold_of
        corpus.fold_of = lambda document_id, k=5: plain(f"{salt}:{document_id}", k)  # type: ignore


def cross_validate(docs: list[Any], kind: str, dump: Path | None, sentences: bool = False) -> None:
    """train.evaluate (the make-train code), printed; the held-out claims kept at the threshold
    written to ``dump``; with ``sentences``, the sentence-alone scores of the same fold models."""
    held: dict[str, list[Any]] = {}
    fitted: list[tuple[set[str], dict[str, Any]]] = []  # (training ids, model) per fold
    plain, module = train.held_out_claims, train.learner(kind)
    plain_fit = module.fit

    def keeping(docs: list[Any], of_kind: str) -> dict[str, list[Any]]:
        held.update(plain(docs, of_kind))
        return held

    def recording(docs: list[Any], **options: Any) -> dict[str, Any]:
        artifact = plain_fit(docs, **options)
        fitted.append(({d.document.id for d in docs}, artifact))
        return artifact

    train.held_out_claims = keeping  # type: ignore[assignment]
    module.fit = recording
    try:
        report = train.evaluate(docs, kind)
    finally:
        train.held_out_claims = plain  # type: ignore[assignment]
        module.fit = plain_fit
    print(train.markdown(kind, {"threshold": report["threshold"], "cross_validation": {
        "scores": report["scores"], "reliability": report["reliability"]}}), flush=True)
    for name, s in report["scores"].items():
        print(f"{name} per fold: " + " ".join(f"{f:.3f}" for f in s["f1_folds"]), flush=True)
    if dump is not None:
        with dump.open("w", encoding="utf-8") as out:
            ids = {d.document.id for d in docs}  # not the short texts' (train.short_texts)
            for doc_id, claims in ((i, c) for i, c in held.items() if i in ids):
                kept = []
                for claim in claims:
                    confidence = train._apply(report["calibration"], claim.confidence)
                    if confidence >= report["threshold"]:
                        kept.append(claim.to_dict() | {"confidence": round(confidence, 3)})
                out.write(json.dumps({"id": doc_id, kind: kept}) + "\n")
    if sentences:
        sentence_alone(docs, kind, report, fitted)


def sentence_alone(docs: list[Any], kind: str, report: dict[str, Any],
                   fitted: list[tuple[set[str], dict[str, Any]]]) -> None:
    """Each gold evidence sentence of each document as a one-sentence document, extracted by the
    fold model that never saw the document, scored against the labels with that evidence; and
    the claims kept on the document's other sentences that name a weapon, extracted alone the
    same way (none of them is labelled with that sentence as its evidence: an upper bound on
    the false claims a user checking such a sentence would see)."""
    pairs, others, other_claims, scored = [], 0, 0, []
    # a short text's own map and bar where the model has them (train.short_calibration)
    report = report.get("short", report)
    for item in docs:
        artifact = next(a for ids, a in fitted if item.document.id not in ids)
        golds = item.gold.get(kind) or []
        evidences = list(dict.fromkeys(g["evidence"] for g in golds))
        for evidence in evidences:
            gold = {kind: [g for g in golds if g["evidence"] == evidence]}
            found = _alone(kind, item, evidence, artifact, report, bar=0.0)
            confidences = [train._apply(report["calibration"], c.confidence) for c in found]
            scored += zip(confidences, train._correct(kind, gold, found))
            pairs.append((gold, {kind: [c.to_dict() for c, p in zip(found, confidences)
                                        if p >= report["threshold"]]}))
        labelled = {e.strip() for e in evidences}
        for sentence in train._sentences(item)[0]:
            text = sentence.evidence.text.strip()
            if sentence.weapons and text not in labelled and not any(text in e for e in labelled):
                others += 1
                other_claims += len(_alone(kind, item, text, artifact, report, report["threshold"]))
    pooled = corpus.score(pairs)
    if "scores" in report:
        print(f"\nShort texts, their map and bar cross-fitted: {report['scores']}", flush=True)
    print(f"\nSentence alone ({len(pairs)} evidence sentences, each a one-sentence document, the"
          f" same fold models, the short texts' map and bar fitted on all folds):", flush=True)
    for name in train.SCORES[kind]:
        s = pooled[name]
        print(f"| {name} alone | P {s['precision']:.3f} | R {s['recall']:.3f} | F1 {s['f1']:.3f} |",
              flush=True)
    print(f"Other sentences naming a weapon, alone: {others}, claims kept {other_claims}", flush=True)
    strict = pooled[train.SCORES[kind][0]]
    print(f"F1 alone (recall on the evidence sentences; every claim kept on the other sentences "
          f"counted false): {f1_alone(strict['tp'], strict['gold'], strict['predicted'], other_claims):.4f}",
          flush=True)
    print("Reliability of the evidence sentences' claims (calibrated by the short texts' map):\n"
          "| confidence | claims | mean confidence | right |", flush=True)
    for row in train._reliability(scored):
        print(f"| {row['from']:.2f}-{row['to']:.2f} | {row['claims']} | "
              f"{row['mean_confidence']:.2f} | {row['right']:.2f} |", flush=True)


def f1_alone(tp: int, gold: int, predicted: int, other_claims: int) -> float:
    """F1 of sentences checked alone: the evidence sentences' labels found (``tp``) of their
    ``gold`` labels, against every claim kept on them (``predicted``) and on the other sentences
    naming a weapon, those all counted false (none is labelled with its sentence as evidence;
    about half match a label of their document strictly, so this is a lower bound)."""
    return 2 * tp / max(gold + predicted + other_claims, 1)


def _alone(kind: str, item: Any, text: str, artifact: dict[str, Any], report: dict[str, Any],
           bar: float) -> list[Any]:
    """The claims of ``text`` as a document of its own whose calibrated confidence reaches ``bar``."""
    alone = corpus.LabelledDocument(Document(id=f"{item.document.id}#alone", text=text,
                                             published=item.document.published), {}, item.split)
    found, anchor = train._sentences(alone)
    return [c for c in train.learner(kind).predict(artifact, found, anchor, alone.document)
            if train._apply(report["calibration"], c.confidence) >= bar]


def shipped_on_dev(root: Path) -> None:
    docs = [d for d in corpus.load_corpus(root) if d.split == "dev"]
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "predictions.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            for item in docs:
                out.write(json.dumps(extract_document(item.document).to_dict()) + "\n")
        print(f"\nShipped models on dev ({len(docs)} documents, in-sample):", flush=True)
        subprocess.run([sys.executable, str(root.parent / "tools" / "score_extraction.py"),
                        str(root / "dev" / "gold"), str(predictions)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--kinds", default=",".join(train.MATCH))
    parser.add_argument("--shipped-only", action="store_true")
    parser.add_argument("--no-shipped", action="store_true", help="cross-validation only")
    parser.add_argument("--salt", default="", help="another fold split: crc32 of SALT:id")
    parser.add_argument("--dump", type=Path, default=None, help="write the kept held-out claims")
    parser.add_argument("--sentences", action="store_true",
                        help="also score each gold evidence sentence extracted alone")
    args = parser.parse_args()
    if not args.shipped_only:
        salted(args.salt)
        docs = corpus.load_corpus(args.corpus)
        kinds = args.kinds.split(",")
        for kind in kinds:
            print(f"{kind}: {train.K}-fold cross-validation by document over {len(docs)} documents"
                  f", split {args.salt or 'default'}", flush=True)
            dump = args.dump if args.dump is None or len(kinds) == 1 else \
                args.dump.with_name(f"{args.dump.name}.{kind}")
            cross_validate(docs, kind, dump, args.sentences)
    if not args.no_shipped:
        shipped_on_dev(args.corpus)


if __name__ == "__main__":
    main()
