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

With ``--with-reviews [--db PATH]`` the review queue's decisions are labels too (corpus.load_reviewed:
accepted claims gold, rejected ones known negatives): cross-validation runs on the corpus alone and
on the corpus with the reviewed documents, reported side by side, and the models are written to the
user's models directory (runtime.user_models_dir), never into the package, unless ``--out`` is
given. ``armswatch train`` (armswatch/cli/train.py) is the same with the CLI's errors.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics as stats
import sys
from dataclasses import dataclass
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
# what a run tells its shell as it goes (issue 17: a progress display): what it starts now, how
# many of its steps are done, of how many (a step: one fold of a cross-validation, or one fit)
Progress = Callable[[str, int, int], None]
Step = Callable[[str], None]


def learner(kind: str) -> Any:
    from armswatch.extract.learning import events, statistics, transfers
    return {"transfers": transfers, "statistics": statistics, "events": events}[kind]


def _sentences(item: LabelledDocument) -> tuple[list, Anchor]:
    from armswatch.extract.normalise import normalise
    from armswatch.extract.pipeline import analyse
    return analyse(normalise(item.document.text), item.document.text), Anchor.parse(item.document.published)


def held_out_claims(docs: list[LabelledDocument], kind: str,
                    step: Step | None = None) -> dict[str, list[Any]]:
    """Per document, every claim (score >= the floor) of the model trained on the other folds;
    ``step`` is told as each fold starts. For transfers also, per short text of a held-out
    document (``short_texts``: its id), the claims of that text checked alone."""
    module = learner(kind)
    out: dict[str, list[Any]] = {}
    for fold in range(K):
        if step:
            step(f"{kind}: cross-validation, fold {fold + 1} of {K}")
        train = [d for d in docs if corpus.fold_of(d.document.id, K) != fold]
        test = [d for d in docs if corpus.fold_of(d.document.id, K) == fold]
        artifact = module.fit(train, seed=SEED)
        for item in test:
            sentences, anchor = _sentences(item)
            out[item.document.id] = module.predict(artifact, sentences, anchor, item.document)
            for short in (short_texts(item, sentences) if kind == "transfers" else []):
                found, anchor = _sentences(short.text)
                out[short.text.document.id] = module.predict(artifact, found, anchor,
                                                             short.text.document)
    return out


@dataclass(frozen=True)
class ShortText:
    """A sentence of a labelled document checked alone, as a document of its own: a gold evidence
    sentence (labelled with the transfers it is the evidence of) or another sentence naming a
    weapon (labelled with none: its claims are false unless they match a label of the document,
    whose evidence is another sentence; those are left out of the short texts' calibration,
    neither right nor wrong)."""

    text: LabelledDocument
    evidence: bool
    document_labels: tuple[dict[str, Any], ...]


SHORT = "#short"  # a short text's id: its document's id, this, its number


def short_texts(item: LabelledDocument, sentences: list | None = None) -> list[ShortText]:
    """The sentences of a document a user could check alone: its gold evidence sentences, then
    its other sentences that name a weapon (as ``bench/eval_extraction.py --sentences``);
    ``sentences``: the document already analysed, if it is."""
    from armswatch.extract.model import Document
    golds = item.gold.get("transfers") or []
    evidences = [e for e in dict.fromkeys(g.get("evidence") or "" for g in golds) if e]
    labelled = {e.strip() for e in evidences}
    analysed = _sentences(item)[0] if sentences is None else sentences
    others = [s.evidence.text.strip() for s in analysed if s.weapons]
    texts = [(e, True) for e in evidences] + [
        (t, False) for t in others if t not in labelled and not any(t in e for e in labelled)]
    return [ShortText(LabelledDocument(
        Document(id=f"{item.document.id}{SHORT}{n}", text=text, published=item.document.published),
        {"transfers": [g for g in golds if g.get("evidence") == text] if evidence else []},
        item.split), evidence, tuple(golds)) for n, (text, evidence) in enumerate(texts)]


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


def evaluate(docs: list[LabelledDocument], kind: str,
             parts: dict[str, set[str]] | None = None, step: Step | None = None) -> dict[str, Any]:
    """Cross-validated calibration, threshold, scores per fold and pooled, reliability table;
    and the pooled scores over each of ``parts`` (name -> document ids). ``step``: told as each
    fold starts."""
    # bench/cv_*.py put their own held_out_claims(docs, kind) in place: no step for them
    found = held_out_claims(docs, kind) if step is None else held_out_claims(docs, kind, step)
    gold = {d.document.id: d.gold for d in docs}
    claims = {doc_id: c for doc_id, c in found.items() if doc_id in gold}
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

    # The bar above is chosen on the pooled claims it is then scored on: one number tuned on the
    # measure (about +0.006 F1 for statistics, ninth round). So also each fold cut by a map and a
    # bar fitted on the other four alone, as `make train` fits them on documents it then meets.
    bars = {f: _best_threshold([(_apply(crossfit[f], s), r) for d, s, r in rows if fold[d] != f],
                               sum(len(g.get(kind) or []) for d, g in gold.items() if fold[d] != f))
            for f in range(K)}

    def kept_crossfit(doc_id: str) -> dict[str, Any]:
        f = fold[doc_id]
        return {kind: [c.to_dict() for c in claims[doc_id]
                       if _apply(crossfit[f], c.confidence) >= bars[f]]}

    per_fold = [corpus.score([(gold[d], kept(d)) for d in claims if fold[d] == f]) for f in range(K)]
    pooled = corpus.score([(gold[d], kept(d)) for d in claims])
    unseen_bar = corpus.score([(gold[d], kept_crossfit(d)) for d in claims])
    scores = {}
    for name in SCORES[kind]:
        f1s = [p[name]["f1"] for p in per_fold]
        scores[name] = {**pooled[name], "f1_mean": round(stats.mean(f1s), 4),
                        "f1_sd": round(stats.pstdev(f1s), 4), "f1_folds": f1s,
                        "f1_crossfit_bar": unseen_bar[name]["f1"]}
    by_part = {name: _named(kind, corpus.score([(gold[d], kept(d)) for d in claims if d in ids]))
               for name, ids in (parts or {}).items()}
    return {"calibration": calibration, "threshold": threshold, "scores": scores,
            "reliability": table, "parts": by_part,
            **({"short": short_calibration(docs, found)} if kind == "transfers" else {})}


def short_calibration(docs: list[LabelledDocument], found: dict[str, list[Any]]) -> dict[str, Any]:
    """The short texts' own calibration map and bar (transfers; a text of at most
    ``transfers.SHORT_TEXT`` sentences): fitted on the held-out claims of each document's
    sentences checked alone (``short_texts``), the bar the calibrated confidence that maximises
    F1 over the evidence sentences' labels. Also, cross-fitted (each fold's sentences calibrated
    and given their bar by the other four's), their recall, "F1 alone" (every claim of the other
    sentences counted false) and reliability table: how the map holds on unseen documents.
    Why: a sentence has none of a document's repeated mentions, main parties or title, and its
    claims, calibrated by the documents' map, read high (0.51 where 0.35 were right, 0.88
    where 0.70; docs/extraction-rounds.md, seventh round)."""
    rows = []  # (fold, raw score, right, evidence sentence, counted in the fit)
    n_gold = [0] * K
    for item in docs:
        fold = corpus.fold_of(item.document.id, K)
        for short in short_texts(item):
            claims = found.get(short.text.document.id, [])
            n_gold[fold] += len(short.text.gold["transfers"])
            right = _correct("transfers", short.text.gold, claims)
            known = [True] * len(claims) if short.evidence else [not r for r in _correct(
                "transfers", {"transfers": list(short.document_labels)}, claims)]
            rows += [(fold, c.confidence, r, short.evidence, k)
                     for c, r, k in zip(claims, right, known)]

    def fitted(part: list[tuple], labels: int) -> tuple[dict[str, list[float]], float]:
        fit = [r for r in part if r[4]]
        calibration = _isotonic([r[1] for r in fit], [r[2] for r in fit])
        return calibration, _best_threshold([(_apply(calibration, r[1]), r[2]) for r in fit], labels)

    calibration, threshold = fitted(rows, sum(n_gold))
    crossfit, kept = [], []
    for fold in range(K):
        cal, bar = fitted([r for r in rows if r[0] != fold], sum(n_gold) - n_gold[fold])
        scored = [(_apply(cal, r[1]), r) for r in rows if r[0] == fold]
        crossfit += [(p, r[2]) for p, r in scored if r[4]]
        kept += [r for p, r in scored if p >= bar]
    tp = sum(r[2] for r in kept)
    return {"calibration": calibration, "threshold": threshold,
            "scores": {"recall": round(tp / max(sum(n_gold), 1), 4),
                       "f1_alone": round(2 * tp / max(sum(n_gold) + len(kept), 1), 4),
                       "evidence_sentence_labels": sum(n_gold),
                       "claims_on_evidence_sentences": sum(1 for r in kept if r[3]),
                       "claims_on_other_sentences": sum(1 for r in kept if not r[3])},
            "reliability": _reliability(crossfit)}


def _named(kind: str, pooled: dict[str, Any]) -> dict[str, Any]:
    return {name: pooled[name] for name in SCORES[kind]}


def _best_threshold(scored: list[tuple[float, bool]], n_gold: int) -> float:
    """The bar that maximises F1 over ``scored`` (calibrated confidence, right), written short.

    Every calibrated level is tried as it is; the bar returned is the shortest decimal that keeps
    exactly the same claims (above the next lower level, not above the chosen one). Rounding the
    levels first made a level just under its rounding unkeepable (0.17857 against a bar of 0.179,
    tenth round) and wrote bars like 0.091 that kept nothing at 0.0909."""
    levels = sorted({s for s, _ in scored})
    best, best_f1, below = 0.5, -1.0, 0.0
    for i, t in enumerate(levels):
        kept = [r for s, r in scored if s >= t]
        tp = sum(kept)
        f1 = 2 * tp / (len(kept) + n_gold) if kept else 0.0
        if f1 > best_f1:
            best, best_f1, below = t, f1, (levels[i - 1] if i else 0.0)
    for digits in range(2, 7):
        short = math.floor(best * 10 ** digits) / 10 ** digits
        if short > below:
            return short
    return best


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
          log: Callable[[str], None] = print,
          reviewed: corpus.ReviewedSet | None = None,
          progress: Progress | None = None) -> dict[str, dict[str, Any]]:
    """Cross-validate, calibrate and write each kind's model; with ``reviewed``, on the corpus
    and the reviewed documents (and cross-validated on the corpus alone too, for comparison).
    ``progress(what, done, total)`` is told as each step starts, and once more when all are done."""
    from armswatch.errors import TrainingDataMissing

    corpus_docs = corpus.load_corpus(root)
    if not corpus_docs:
        raise TrainingDataMissing(
            f"No labelled documents under {root} (expected train/ and dev/ with docs/ and gold/): "
            "give the labelled corpus with --corpus PATH (../shared/corpus beside a checkout).",
            corpus=str(root))
    try:
        corpus.scorer()
    except OSError:
        raise TrainingDataMissing(
            f"The corpus scorer {corpus.default_root().parent / 'tools' / 'score_extraction.py'} is "
            "missing: training scores its models with it (../shared/tools beside a checkout).") from None
    docs = corpus.with_reviews(corpus_docs, reviewed) if reviewed else corpus_docs
    data_hash = corpus.data_hash(docs)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    step = _counter(progress, len(kinds) * (K * (2 if reviewed else 1) + 1))
    for kind in kinds:
        artifact = _trained(kind, corpus_docs, docs, reviewed, log, step)
        artifact["data_hash"] = data_hash
        if out_dir.resolve() != MODELS_DIR.resolve():  # a team's model: which code it is for
            from armswatch.extract.learning.runtime import extractor_stamp
            artifact["extractor"] = extractor_stamp()
        path = out_dir / f"{kind}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(artifact, sort_keys=True, separators=(",", ":")) + "\n",
                       encoding="utf-8")
        tmp.replace(path)
        written[kind] = artifact
        log(markdown(kind, artifact))
    step("done")
    return written


def _counter(progress: Progress | None, total: int) -> Step:
    """A ``Step`` that tells ``progress`` what starts and how many steps came before it."""
    done = -1

    def step(what: str) -> None:
        nonlocal done
        done = min(done + 1, total)
        if progress:
            progress(what, done, total)
    return step


def _trained(kind: str, corpus_docs: list[LabelledDocument], docs: list[LabelledDocument],
             reviewed: corpus.ReviewedSet | None, log: Callable[[str], None],
             step: Step) -> dict[str, Any]:
    comparison = {}
    if reviewed:
        log(f"{kind}: {K}-fold cross-validation over the {len(corpus_docs)} corpus documents alone ...")
        comparison["corpus only"] = evaluate(corpus_docs, kind, step=step)["scores"]
    log(f"{kind}: {K}-fold cross-validation over {len(docs)} documents ...")
    corpus_ids = {d.document.id for d in corpus_docs}
    report = evaluate(docs, kind, {"corpus documents": corpus_ids} if reviewed else None, step)
    if reviewed:
        n = len(docs) - len(corpus_docs)
        comparison[f"corpus + {n} reviewed documents"] = report["scores"]
        comparison[f"corpus + {n} reviewed, scored on the corpus documents"] = \
            report["parts"]["corpus documents"]
    step(f"{kind}: fitting the model on all {len(docs)} documents")
    artifact = learner(kind).fit(docs, seed=SEED)
    artifact.update(kind=kind, threshold=report["threshold"], calibration=report["calibration"],
                    documents=len(docs),
                    cross_validation={"folds": K, "scores": report["scores"],
                                      "reliability": report["reliability"],
                                      **({"comparison": comparison} if comparison else {}),
                                      **({"short_texts": {k: report["short"][k] for k in (
                                          "scores", "reliability")}} if "short" in report else {})})
    if "short" in report:
        artifact["short"] = {k: report["short"][k] for k in ("calibration", "threshold")}
    if reviewed:
        artifact["reviews"] = {"documents": len(docs) - len(corpus_docs),
                               "accepted_claims": reviewed.accepted_claims,
                               "rejected_claims": reviewed.rejected_claims}
    return artifact


def markdown(kind: str, artifact: dict[str, Any]) -> str:
    cv = artifact["cross_validation"]
    lines = [f"\n{kind}: threshold {artifact['threshold']}",
             "| score | P | R | F1 pooled | F1 per fold (mean ± sd) | F1, map and bar of the other folds |",
             "|---|---|---|---|---|---|"]
    for name, s in cv["scores"].items():
        unseen = f"{s['f1_crossfit_bar']:.3f}" if "f1_crossfit_bar" in s else "-"
        lines.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | "
                     f"{s['f1_mean']:.3f} ± {s['f1_sd']:.3f} | {unseen} |")
    if cv.get("comparison"):
        lines += ["", "| cross-validated on | " + " | ".join(f"{n} F1" for n in cv["scores"]) + " |",
                  "|---|" + "---|" * len(cv["scores"])]
        for what, scores in cv["comparison"].items():
            lines.append(f"| {what} | " + " | ".join(f"{scores[n]['f1']:.3f}" if n in scores else "-"
                                                    for n in cv["scores"]) + " |")
    lines += ["", "| confidence | claims | mean confidence | right |", "|---|---|---|---|"]
    for row in cv["reliability"]:
        lines.append(f"| {row['from']:.2f}-{row['to']:.2f} | {row['claims']} | "
                     f"{row['mean_confidence']:.2f} | {row['right']:.2f} |")
    short = cv.get("short_texts")
    if short:
        s = short["scores"]
        lines += ["", f"sentences checked alone (their own map, bar {artifact['short']['threshold']}; "
                  f"cross-fitted): recall {s['recall']:.3f}, F1 alone {s['f1_alone']:.3f}",
                  "| confidence | claims | mean confidence | right |", "|---|---|---|---|"]
        lines += [f"| {row['from']:.2f}-{row['to']:.2f} | {row['claims']} | "
                  f"{row['mean_confidence']:.2f} | {row['right']:.2f} |" for row in short["reliability"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--kinds", default=",".join(MATCH))
    parser.add_argument("--out", type=Path, default=None,
                        help="default: the package's models; with --with-reviews, your models directory")
    parser.add_argument("--with-reviews", action="store_true",
                        help="add the review queue's decisions (accepted and rejected claims)")
    parser.add_argument("--db", default=None, help="the database of --with-reviews (a file or a "
                        "PostgreSQL URL)")
    args = parser.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = [k for k in kinds if k not in MATCH]
    if unknown:
        sys.exit(f"Unknown kind {unknown[0]!r}: choose from {', '.join(MATCH)}.")
    from armswatch.errors import ArmswatchError
    try:
        reviewed = reviewed_set(args.db) if args.with_reviews else None
        with _bar() as bar:
            task = bar.add_task("training", total=None)
            train(args.corpus, kinds, args.out or (user_dir() if reviewed else MODELS_DIR),
                  reviewed=reviewed,  # results printed to stdout: the bar keeps below them
                  progress=lambda what, done, total: bar.update(task, description=what,
                                                                completed=done, total=total))
    except ArmswatchError as error:
        sys.exit(f"Error [{error.code}]: {error.message}")


def _bar() -> Any:
    """``make train``'s progress on standard error: the step under way, when it is a terminal
    (the results print on standard output as plain lines either way)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=Console(stderr=True), transient=True,
                    disable=not sys.stderr.isatty())


def user_dir() -> Path:
    from armswatch.extract.learning.runtime import user_models_dir
    return user_models_dir()


def reviewed_set(db_path: Path | str | None) -> corpus.ReviewedSet:
    """The reviewed documents of a database (``--db``, else the default one; a file or a
    PostgreSQL URL), read-only."""
    from armswatch import db
    from armswatch.errors import TrainingDataMissing

    from armswatch.store.urls import is_url, redacted

    path = db.resolve_path(db_path)
    shown = redacted(path)                     # a team's PostgreSQL URL (issue 19): no password
    if path != db.MEMORY and not is_url(path) and not Path(path).exists():
        raise TrainingDataMissing(f"No database at {shown}: give the one your reviews are in with "
                                  "--db PATH.", database=path)
    con = db.connect(path, read_only=True)
    try:
        reviewed = corpus.load_reviewed(con)
    finally:
        con.close()
    if not reviewed.documents:
        raise TrainingDataMissing(
            f"The database {shown} holds no reviewed document with its text"
            + (f" ({reviewed.without_text} reviewed without text: stored from --claims)"
               if reviewed.without_text else "")
            + ": check articles with `armswatch check ARTICLE --store`, accept or reject their "
              "claims with `armswatch review`, then train again.", database=shown)
    return reviewed


if __name__ == "__main__":
    main()
