"""``make train``: cross-validate, calibrate and write the extractor's models.

    .venv/bin/python -m armswatch.extract.learning.train [--corpus ../shared/corpus] [--kinds ...]

1. Cross-validation by document (5 folds fixed by a hash of the document id, corpus.fold_of): each
   document's claims come from models that never saw it.
2. Calibration: an isotonic map from model score to the share of claims that were right in
   cross-validation (right = matched to a gold label by the corpus scorer, strict for transfers).
   The reliability table is itself cross-fitted: each fold's claims are calibrated by the map of
   the other four, so it says how calibration holds on unseen documents.
3. The default threshold: the calibrated confidence that maximises the cross-validated F1.
4. Each kind's model fitted on every document, with its calibration, threshold, the hash of the
   training data and the cross-validated scores, written to ``armswatch/data/models/<kind>.json``.

Needs scikit-learn (a dependency) and the corpus (outside the repository); seeds are fixed, so a
run on the same corpus writes the same files.
"""

from __future__ import annotations

import argparse
import json
import statistics as stats
import sys
from pathlib import Path
from typing import Any, Callable

from armswatch.extract.dates import Anchor
from armswatch.extract.learning import corpus
from armswatch.extract.learning.corpus import LabelledDocument

K = 5
SEED = 0
MODELS_DIR = Path(__file__).resolve().parents[2] / "data" / "models"
# the corpus scorer's test of "right" per kind, and its score names
MATCH = {"transfers": "transfer_strict", "statistics": "statistic_match", "events": "event_match"}
SCORES = {"transfers": ("transfers_strict", "transfers_pair"),
          "statistics": ("statistics", "statistics_base"), "events": ("events",)}
BINS = (0.05, 0.2, 0.4, 0.6, 0.8, 1.0001)


def learner(kind: str) -> Any:
    from armswatch.extract.learning import events, statistics, transfers
    return {"transfers": transfers, "statistics": statistics, "events": events}[kind]


def _sentences(item: LabelledDocument) -> tuple[list, Anchor]:
    from armswatch.extract.normalise import normalise
    from armswatch.extract.pipeline import analyse
    return analyse(normalise(item.document.text), item.document.text), Anchor.parse(item.document.published)


def held_out_claims(docs: list[LabelledDocument], kind: str) -> dict[str, list[Any]]:
    """Per document, every claim (score >= the floor) of the model trained on the other folds."""
    module = learner(kind)
    out: dict[str, list[Any]] = {}
    for fold in range(K):
        train = [d for d in docs if corpus.fold_of(d.document.id, K) != fold]
        test = [d for d in docs if corpus.fold_of(d.document.id, K) == fold]
        artifact = module.fit(train, seed=SEED)
        for item in test:
            sentences, anchor = _sentences(item)
            out[item.document.id] = module.predict(artifact, sentences, anchor, item.document)
    return out


def _correct(kind: str, gold: dict[str, Any], claims: list[Any]) -> list[bool]:
    """Which claims the scorer matches to a gold label (most confident first, one to one)."""
    scorer = corpus.scorer()
    ordered = sorted(range(len(claims)), key=lambda i: -claims[i].confidence)
    dicts = [claims[i].to_dict() for i in ordered]
    pairs, _, _ = scorer.match(gold.get(kind) or [], dicts, getattr(scorer, MATCH[kind]))
    matched = {id(p) for _, p in pairs}
    right = [False] * len(claims)
    for i, d in zip(ordered, dicts):
        right[i] = id(d) in matched
    return right


def _isotonic(scores: list[float], right: list[bool]) -> dict[str, list[float]]:
    from sklearn.isotonic import IsotonicRegression
    if len(set(right)) < 2:
        return {"x": [], "y": []}
    model = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    model.fit(scores, [float(r) for r in right])
    return {"x": [round(float(x), 5) for x in model.X_thresholds_],
            "y": [round(float(y), 5) for y in model.y_thresholds_]}


def _apply(calibration: dict[str, list[float]], raw: float) -> float:
    from armswatch.extract.learning.runtime import calibrated
    return calibrated({"calibration": calibration}, raw)


def evaluate(docs: list[LabelledDocument], kind: str) -> dict[str, Any]:
    """Cross-validated calibration, threshold, scores per fold and pooled, reliability table."""
    claims = held_out_claims(docs, kind)
    gold = {d.document.id: d.gold for d in docs}
    fold = {d.document.id: corpus.fold_of(d.document.id, K) for d in docs}
    rows = [(doc_id, c.confidence, r) for doc_id, found in claims.items()
            for c, r in zip(found, _correct(kind, gold[doc_id], found))]
    calibration = _isotonic([s for _, s, _ in rows], [r for _, _, r in rows])
    # cross-fitted: each fold calibrated by the map of the others
    crossfit = {f: _isotonic([s for d, s, _ in rows if fold[d] != f],
                             [r for d, _, r in rows if fold[d] != f]) for f in range(K)}
    table = _reliability([(_apply(crossfit[fold[d]], s), r) for d, s, r in rows])
    threshold = _best_threshold([(_apply(calibration, s), r) for _, s, r in rows],
                                sum(len(g.get(kind) or []) for g in gold.values()))

    def kept(doc_id: str) -> dict[str, Any]:
        return {kind: [c.to_dict() for c in claims[doc_id]
                       if _apply(calibration, c.confidence) >= threshold]}

    per_fold = [corpus.score([(gold[d], kept(d)) for d in claims if fold[d] == f]) for f in range(K)]
    pooled = corpus.score([(gold[d], kept(d)) for d in claims])
    scores = {}
    for name in SCORES[kind]:
        f1s = [p[name]["f1"] for p in per_fold]
        scores[name] = {**pooled[name], "f1_mean": round(stats.mean(f1s), 4),
                        "f1_sd": round(stats.pstdev(f1s), 4), "f1_folds": f1s}
    return {"calibration": calibration, "threshold": threshold, "scores": scores,
            "reliability": table}


def _best_threshold(scored: list[tuple[float, bool]], n_gold: int) -> float:
    best, best_f1 = 0.5, -1.0
    for t in sorted({round(s, 3) for s, _ in scored}):
        kept = [r for s, r in scored if s >= t]
        tp = sum(kept)
        f1 = 2 * tp / (len(kept) + n_gold) if kept else 0.0
        if f1 > best_f1:
            best, best_f1 = t, f1
    return round(best, 3)


def _reliability(scored: list[tuple[float, bool]]) -> list[dict[str, float]]:
    table = []
    for lo, hi in zip(BINS, BINS[1:]):
        inside = [(s, r) for s, r in scored if lo <= s < hi]
        if inside:
            table.append({"from": lo, "to": min(hi, 1.0), "claims": len(inside),
                          "mean_confidence": round(stats.mean(s for s, _ in inside), 3),
                          "right": round(sum(r for _, r in inside) / len(inside), 3)})
    return table


def train(root: Path, kinds: tuple[str, ...], out_dir: Path = MODELS_DIR,
          log: Callable[[str], None] = print) -> dict[str, dict[str, Any]]:
    docs = corpus.load_corpus(root)
    if not docs:
        raise SystemExit(f"No labelled documents under {root} (expected train/ and dev/ with docs/ "
                         "and gold/): training needs ../shared/corpus.")
    data_hash = corpus.data_hash(docs)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind in kinds:
        log(f"{kind}: {K}-fold cross-validation over {len(docs)} documents ...")
        report = evaluate(docs, kind)
        artifact = learner(kind).fit(docs, seed=SEED)
        artifact.update(kind=kind, threshold=report["threshold"], calibration=report["calibration"],
                        data_hash=data_hash, documents=len(docs),
                        cross_validation={"folds": K, "scores": report["scores"],
                                          "reliability": report["reliability"]})
        path = out_dir / f"{kind}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(artifact, sort_keys=True, separators=(",", ":")) + "\n",
                       encoding="utf-8")
        tmp.replace(path)
        written[kind] = artifact
        log(markdown(kind, artifact))
    return written


def markdown(kind: str, artifact: dict[str, Any]) -> str:
    cv = artifact["cross_validation"]
    lines = [f"\n{kind}: threshold {artifact['threshold']}",
             "| score | P | R | F1 pooled | F1 per fold (mean ± sd) |", "|---|---|---|---|---|"]
    for name, s in cv["scores"].items():
        lines.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
                     f"{s['f1_mean']:.3f} ± {s['f1_sd']:.3f} |")
    lines += ["", "| confidence | claims | mean confidence | right |", "|---|---|---|---|"]
    for row in cv["reliability"]:
        lines.append(f"| {row['from']:.2f}-{row['to']:.2f} | {row['claims']} | "
                     f"{row['mean_confidence']:.2f} | {row['right']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--kinds", default=",".join(MATCH))
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = [k for k in kinds if k not in MATCH]
    if unknown:
        sys.exit(f"Unknown kind {unknown[0]!r}: choose from {', '.join(MATCH)}.")
    train(args.corpus, kinds, args.out)


if __name__ == "__main__":
    main()
