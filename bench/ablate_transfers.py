"""The transfer models' feature templates ablated, one trial a refit (issue 15).

    .venv/bin/python bench/ablate_transfers.py --screen pair            # every pair template alone
    .venv/bin/python bench/ablate_transfers.py pair/wb pair/wb+pair/wa --salts ,b,c,d,e,f
    .venv/bin/python bench/ablate_transfers.py weight=sqrt mincount=2 C.role=0.3 C.status=0.3

Each trial is scored as `bench/eval_extraction.py --kinds transfers --no-shipped` scores it (the
same ``train.evaluate``: 5 folds by document, the isotonic map and bar fitted on the held-out
claims): pooled strict F1, pair F1, and the short texts' cross-fitted strict recall (the
sentence-alone recall of ``--sentences``' short-text map). What a trial changes is read only
where the models are fitted (``transfers._fit_logistic``): the documents are analysed, and their
candidates and features built, once per run (cached by text; each trial copies the candidates'
feature sets), so a trial is five refits and the held-out predictions. A feature dropped at fit
time has no weight, so the model reads it as absent at run time: the trial is exact, the same
numbers as removing the template from ``transfer_features.py``.

A trial is items joined by "+":
- ``MODEL/TEMPLATE``: drop a template (``template`` below; its "short:" copies too) from the
  ``role``, ``pair`` or ``status`` model, or ``all`` of them; ``MODEL/short``: every "short:" copy;
- ``weight=sqrt``: each training row weighted 1/sqrt(candidates of its document; an evidence
  sentence's by its own), the weights scaled to mean 1 in each fit;
- ``mincount=N``: features seen in fewer than N training documents (an evidence sentence counts
  as its document) dropped from each fit;
- ``C.MODEL=X``: the inverse regularisation of that model (all three are 0.1 as shipped);
- ``W.pair=X``: the pair model's positive class weighted X (1 as shipped).
``--screen MODEL`` adds one trial per template the model was fitted on in the baseline run,
largest first. ``--salts`` the fold assignments (comma-separated; "" the default folds).
"""

from __future__ import annotations

import argparse
import copy
import functools
import math
import time
import warnings
from collections import Counter
from typing import Any

import armswatch.extract.transfers as rule_transfers
from armswatch.extract.learning import corpus, train, transfers

MODELS = ("role", "pair", "status")
# the role features ("s:" and "r:") named by what they say of a party, whichever the role;
# "before"/"after" with a distance bucket, a preposition or a word between are templates apart
_ROLE_SUB = {"here": "here", "before": "side", "after": "side", "elsewhere": "where",
             "prev": "where", "next": "where"}


@functools.lru_cache(maxsize=None)
def template(feature: str) -> str:
    """The template a feature string is an instance of ("s:before:prep:to" -> "party.side_prep",
    "wb:the" -> "wb", "reg:sup:True" -> "reg:sup"); "short:" copies as their feature."""
    f = feature[6:] if feature.startswith("short:") else feature
    head, _, rest = f.partition(":")
    if head in ("s", "r"):
        sub, _, tail = rest.partition(":")
        if sub in ("before", "after") and tail:
            kind = tail.partition(":")[0]
            return f"party.side_{kind}" if kind in ("prep", "w") else "party.side_dist"
        if sub.startswith("main"):
            return "party.main"
        return f"party.{_ROLE_SUB.get(sub, sub)}"
    if head in ("rule", "reg"):
        return f"{head}:{rest.partition(':')[0]}"
    if head in ("srank", "rrank", "sp", "rp"):
        return head
    return head


class Trial:
    """What one trial changes in the fits."""

    def __init__(self, text: str) -> None:
        self.name = text or "baseline"
        self.drop: dict[str, set[str]] = {m: set() for m in MODELS}
        self.c: dict[str, float] = {}
        self.pair_weight = 1.0
        self.weight = ""
        self.mincount = 0
        for item in filter(None, text.split("+")):
            if "/" in item:
                model, _, name = item.partition("/")
                for m in (MODELS if model == "all" else (model,)):
                    if m not in MODELS:
                        raise SystemExit(f"unknown model {model!r} in {item!r}: "
                                         "role, pair, status or all")
                    self.drop[m].add(name)
            elif item.startswith("C."):
                model, _, value = item[2:].partition("=")
                self.c[model] = float(value)
            elif item.startswith("W.pair="):
                self.pair_weight = float(item.partition("=")[2])
            elif item.startswith("weight="):
                self.weight = item.partition("=")[2]
            elif item.startswith("mincount="):
                self.mincount = int(item.partition("=")[2])
            else:
                raise SystemExit(f"cannot read trial item {item!r}")


class Cache:
    """The documents analysed and their candidates built once; the fits as a trial asks."""

    def __init__(self) -> None:
        self.analysed: dict[tuple[str, str], Any] = {}
        self.sentences: dict[tuple[str, str], Any] = {}
        self.rules: dict[int, tuple[Any, Any]] = {}
        self.found: dict[int, tuple[Any, list[Any]]] = {}
        self.fits: dict[tuple, dict[str, Any]] = {}
        self.row_doc: dict[int, tuple[str, int]] = {}  # id(row) -> (document, its candidates)
        self.features: dict[str, set[str]] = {m: set() for m in MODELS}  # the baseline's
        self.trial = Trial("")
        self.docs = corpus.load_corpus()
        self.fitting_roles = False
        plain_analyse, plain_sentences = transfers.analyse_all, train._sentences
        plain_find, plain_found = rule_transfers.find_transfers, transfers._found
        plain_examples, plain_roles = transfers.examples, transfers._fit_roles
        plain_logistic = transfers._fit_logistic

        def analyse_all(docs: list[Any]) -> dict[str, Any]:
            missing = [d for d in docs if (d.document.id, d.document.text) not in self.analysed]
            for doc_id, value in plain_analyse(missing).items():
                text = next(d.document.text for d in missing if d.document.id == doc_id)
                self.analysed[(doc_id, text)] = value
            return {d.document.id: self.analysed[(d.document.id, d.document.text)] for d in docs}

        def sentences(item: Any) -> Any:
            key = (item.document.id, item.document.text)
            if key not in self.sentences:
                self.sentences[key] = plain_sentences(item)
            return self.sentences[key]

        def find_transfers(sentences: Any, anchor: Any) -> Any:
            kept = self.rules.get(id(sentences))
            if kept is None or kept[0] is not sentences:
                kept = self.rules[id(sentences)] = (sentences, plain_find(sentences, anchor))
            return kept[1]

        def found(sentences: Any, rules: Any) -> list[Any]:
            kept = self.found.get(id(sentences))
            if kept is None or kept[0] is not sentences:
                kept = self.found[id(sentences)] = (sentences, plain_found(sentences, rules))
            out = []
            for candidate in kept[1]:  # the role rows are read only: shared as _found shares them
                fresh = copy.copy(candidate)
                fresh.features = set(candidate.features)
                out.append(fresh)
            return out

        def examples(docs: list[Any], analysed: Any, role_models: Any = None) -> Any:
            """Per document, so each row knows its document (weights, minimum counts)."""
            pair_x, pair_y, status_x, status_y = [], [], [], []
            role = {"x": {"supplier": [], "recipient": []}, "y": {"supplier": [], "recipient": []}}
            for item in docs:
                px, py, sx, sy, rr = plain_examples([item], analysed, role_models)
                doc = item.document.id.split(transfers.ALONE)[0]
                n = max(len(px), 1)
                for row in [*px, *sx, *rr["x"]["supplier"], *rr["x"]["recipient"]]:
                    self.row_doc[id(row)] = (doc, n)
                pair_x += px
                pair_y += py
                status_x += sx
                status_y += sy
                for r in ("supplier", "recipient"):
                    role["x"][r] += rr["x"][r]
                    role["y"][r] += rr["y"][r]
            return pair_x, pair_y, status_x, status_y, role

        def fit_roles(*args: Any, **kwargs: Any) -> Any:
            self.fitting_roles = True
            try:
                return plain_roles(*args, **kwargs)
            finally:
                self.fitting_roles = False

        def fit_logistic(rows: list[list[str]], labels: list[int], c: float, seed: int,
                         weight: dict[int, float] | None = None) -> dict[str, Any]:
            model = "role" if self.fitting_roles else "status" if weight is not None else "pair"
            trial = self.trial
            if trial.name == "baseline":
                for row in rows:
                    self.features[model].update(row)
            drop = trial.drop[model]
            kept = rows
            if drop:
                short = "short" in drop
                kept = [[f for f in row if template(f) not in drop
                         and not (short and f.startswith("short:"))] for row in rows]
            if trial.mincount > 1:
                docs_of: dict[str, set[str]] = {}
                for row in rows:
                    doc = self.row_doc[id(row)][0]
                    for f in row:
                        docs_of.setdefault(f, set()).add(doc)
                kept = [[f for f in row if len(docs_of[f]) >= trial.mincount] for row in kept]
            sample = None
            if trial.weight == "sqrt":
                raw = [1 / math.sqrt(self.row_doc[id(row)][1]) for row in rows]
                mean = sum(raw) / len(raw)
                sample = [w / mean for w in raw]
            c = trial.c.get(model, c)
            if model == "pair" and trial.pair_weight != 1.0:
                weight = {0: 1.0, 1: trial.pair_weight}
            key = (model, c, seed, tuple(sorted((weight or {}).items())),
                   hash(tuple(sample or ())), hash(tuple(labels)),
                   hash(tuple(tuple(r) for r in kept)), len(kept))
            if key not in self.fits:
                self.fits[key] = _logistic(kept, labels, c, seed, weight, sample, plain_logistic)
            return self.fits[key]

        transfers.analyse_all = analyse_all
        train._sentences = sentences
        rule_transfers.find_transfers = find_transfers
        transfers._found = found
        transfers.examples = examples
        transfers._fit_roles = fit_roles
        transfers._fit_logistic = fit_logistic

    def score(self, trial: Trial) -> tuple[float, float, float, float]:
        self.trial = trial
        self.row_doc.clear()
        report = train.evaluate(self.docs, "transfers")
        scores = report["scores"]
        return (scores["transfers_strict"]["f1"], scores["transfers_pair"]["f1"],
                report["short"]["scores"]["recall"], scores["transfers_strict"]["f1_crossfit_bar"])


def _logistic(rows: list[list[str]], labels: list[int], c: float, seed: int,
              weight: dict[int, float] | None, sample: list[float] | None, plain: Any) -> dict:
    """``transfers._fit_logistic``, with sample weights when given."""
    if sample is None:
        return plain(rows, labels, c, seed, weight)
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        return plain(rows, labels, c, seed, weight)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows])
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed, class_weight=weight)
    model.fit(matrix, labels, sample_weight=sample)
    weights = {name: round(float(w), 5) for name, w in zip(vectorizer.feature_names_, model.coef_[0])
               if abs(w) >= 1e-4}
    return {"bias": round(float(model.intercept_[0]), 5), "weights": weights}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salts", default="", help='fold assignments, e.g. ",b,c,d" ("": default)')
    parser.add_argument("--screen", choices=MODELS + ("all",), default=None,
                        help="one trial per template of this model")
    parser.add_argument("--min-features", type=int, default=1,
                        help="with --screen: only templates of at least this many features")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the shipped features' run (deltas then read against 0)")
    parser.add_argument("trials", nargs="*", help="MODEL/TEMPLATE, weight=sqrt, mincount=N, "
                        "C.MODEL=X, joined by +")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    salts = args.salts.split(",")
    trials = [Trial("")] + [Trial(t) for t in args.trials]
    cache = Cache()
    plain = corpus.fold_of
    baseline: dict[str, tuple[float, float, float, float]] = {}
    print("trial | split | strict F1 | pair F1 | alone recall | other folds' bar | (delta strict) | s",
          flush=True)

    def run(trial: Trial) -> None:
        found = []
        for salt in salts:
            corpus.fold_of = (lambda i, k=5, s=salt: plain(f"{s}:{i}", k)) if salt else plain
            started = time.perf_counter()
            f1, pair, alone, bar = cache.score(trial)
            if trial.name == "baseline":
                baseline[salt] = (f1, pair, alone, bar)
            found.append((f1, pair, alone, bar))
            delta = f"{f1 - baseline[salt][0]:+.3f}" if salt in baseline else "-"
            print(f"{trial.name} | {salt or 'default'} | {f1:.3f} | {pair:.3f} | {alone:.3f} | "
                  f"{bar:.3f} | {delta} | {time.perf_counter() - started:.0f}", flush=True)
        # the choice splits (the first four given) and the rest, each averaged apart
        for part, name in ((slice(0, 4), "mean of the first"), (slice(4, None), "mean of the other")):
            scored = found[part]
            if len(scored) > 1:
                means = [sum(x[i] for x in scored) / len(scored) for i in range(4)]
                base = [baseline[s][0] for s in salts[part] if s in baseline]
                delta = f"{means[0] - sum(base) / len(base):+.4f}" if len(base) == len(scored) else "-"
                print(f"{trial.name} | {name} {len(scored)} | {means[0]:.4f} | {means[1]:.4f} | "
                      f"{means[2]:.4f} | {means[3]:.4f} | {delta} |", flush=True)

    if not args.no_baseline or args.screen:
        run(trials[0])
    seen = {m: Counter(template(f) for f in cache.features[m]) for m in MODELS}
    for model in (m for m in MODELS if seen[m]):
        print(f"# {model} templates (distinct features): " + ", ".join(
            f"{t} {n}" for t, n in seen[model].most_common()), flush=True)
    if args.screen:
        models = MODELS if args.screen == "all" else (args.screen,)
        for model in models:
            trials += [Trial(f"{model}/{t}") for t, n in seen[model].most_common()
                       if n >= args.min_features and t != "bias"]
            trials.append(Trial(f"{model}/short"))
    for trial in trials[1:]:
        run(trial)


if __name__ == "__main__":
    main()
