"""Cooperation events learned from the labelled corpus (issue 15): which cue is an event, of
which type, and which parties are its actors.

Three steps, each a logistic regression trained with scikit-learn and kept as a plain dict of
feature weights (``fit``), applied at run time with the standard library alone (``predict``):

1. **candidates** — every sentence that holds a cue word of an event type (broad lexicons per
   type, wider than the rules of extract/events.py, whose narrow cues become features);
2. **event** — is this (sentence, type) a reported event of that type (not planned, not a
   restatement of one told before)? Features: the type's cue words and the words around them,
   the sentence's words, the rule cue, tense and pointer words, parties named, other types' cues;
3. **actors** — for each party in the sentence, the two sentences before, the next one and the
   document's three main parties: is it an actor? Features: where it is named, how often the
   document names it, the word before it, its form. The two likeliest parties are the actors
   (a third when its own probability is high).

A claim's ``confidence`` is P(event) x P(first actor) x P(second actor). ``fit`` chooses the
threshold that maximises F1 on an inner split of its training documents by document. The corpus
is the measure: keep a feature only when ``cross_validate`` (bench/cv_events.py) improves.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from armswatch.extract.dates import Anchor, date_in
from armswatch.extract.model import Document, Event
from armswatch.extract.sentence import Sentence

TYPES = ("visit", "meeting", "agreement", "training", "exercise", "statement_of_support", "award")
VERSION = 1
MIN_CONFIDENCE = 0.05

# Broad cue words per type: the candidate generator (recall first; the model decides).
_BROAD: dict[str, re.Pattern[str]] = {t: re.compile(p, re.IGNORECASE) for t, p in (
    ("visit", r"\b(?:visit\w*|trip|tours?|toured|travell?ed|arriv\w*|attend\w*|attendance|"
              r"ceremony|inspect\w*|guest|welcomed|delegation|accompan\w*|was in|were in|"
              r"present at|called on|joined|hosted|hosts?)\b"),
    ("meeting", r"\b(?:met|meets?|meeting|talks|discuss\w*|conversation|consultations?|"
                r"counterpart|called on|hosted|spoke|phone|bilateral|received)\b"),
    ("agreement", r"\b(?:agreements?|accords?|memorand\w*|mou|pact|treaty|signed|signs?|signing|"
                  r"inked|plan|protocol|roadmap|agreed|joint venture|letter of intent|partnership|"
                  r"framework|joint vision|deal)\b"),
    ("training", r"\b(?:train\w*|instructors?|courses?|studying|study|education\w*|academ\w*|"
                 r"cadets|schooling)\b"),
    ("exercise", r"\b(?:exercises?|drills?|war games|man(?:oeu|eu)vres?|maneuvers?|"
                 r"joint (?:military |naval )?training)\b"),
    ("statement_of_support", r"\b(?:support\w*|solidarity|stands?|stood|thank\w*|gratitude|"
                             r"sanctions|vow\w*|pledg\w*|partner|friendship|commit\w*|"
                             r"continue to|condemn\w*)\b"),
    ("award", r"\b(?:award\w*|medals?|orders? of|decorated|conferr\w*|honou?r\w*|rank of|"
              r"title of|investiture)\b"),
)}
_WORD = re.compile(r"[a-z][a-z'-]*")
_FUTURE = re.compile(r"\b(?:will|would|plans?|planned|planning|expected|scheduled|upcoming|"
                     r"next|to be|shall|intends?|set to)\b", re.IGNORECASE)
_POINTER = re.compile(r"\b(?:the|this|that|during the|its)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_NOT_ACTORS = ("company",)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower())]


class _Doc:
    """What the features of one document read: its sentences, their parties, the main parties."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.named = [list(dict.fromkeys(p.party for p in s.parties if p.form not in _NOT_ACTORS))
                      for s in sentences]
        counts = Counter(p for named in self.named for p in named)
        self.counts = counts
        self.rank = {party: r for r, (party, _) in enumerate(counts.most_common())}
        self.focus = [party for party, _ in counts.most_common(3)]
        self.first = set(self.named[0]) if self.named else set()
        from armswatch.extract import events as rules
        self.rule_cues = [[rules._COMPILED[i][0] for i in range(len(rules._COMPILED))
                           if rules._COMPILED[i][1].search(s.text)] for s in sentences]


def _candidates(doc: _Doc) -> list[tuple[int, str, re.Match[str]]]:
    out = []
    for index, sentence in enumerate(doc.sentences):
        for kind in TYPES:
            match = _BROAD[kind].search(sentence.text)
            if match is not None:
                out.append((index, kind, match))
    return out


def _event_features(doc: _Doc, index: int, kind: str, match: re.Match[str]) -> list[str]:
    sentence = doc.sentences[index]
    text = sentence.text
    k = kind + "|"
    feats = [k + "bias", k + "cue=" + _stem(match.group().lower())]
    before = text[max(0, match.start() - 40):match.start()]
    after = text[match.end():match.end() + 40]
    feats += [k + "b=" + w for w in _words(before)[-3:]]
    feats += [k + "a=" + w for w in _words(after)[:3]]
    feats += [k + "w=" + w for w in set(_words(text))]
    if kind in doc.rule_cues[index]:
        feats.append(k + "rule")
    for other in doc.rule_cues[index]:
        if other != kind:
            feats.append(k + "rule_other=" + other)
    if _FUTURE.search(before[-30:]):
        feats.append(k + "future_before")
    if _POINTER.search(before[-30:]):
        feats.append(k + "pointer")
    if any(kind in cues for cues in doc.rule_cues[max(0, index - 3):index]):
        feats.append(k + "rule_before")
    if any(kind in cues for cues in doc.rule_cues[:index]):
        feats.append(k + "rule_earlier")
    n = len(doc.named[index])
    feats.append(k + "parties=" + str(min(n, 3)))
    feats.append("parties=" + str(min(n, 3)))
    if sentence.weapons and any(not w.generic for w in sentence.weapons):
        feats.append(k + "weapon")
    feats.append(k + "pos=" + ("0" if index == 0 else "1-3" if index <= 3 else "4+"))
    if text[:1].isupper() and match.start() == 0:
        feats.append(k + "starts")
    return feats


def _party_candidates(doc: _Doc, index: int) -> list[str]:
    seen: dict[str, None] = {}
    for at in (index, index - 1, index - 2, index + 1):
        if 0 <= at < len(doc.named):
            for party in doc.named[at]:
                seen.setdefault(party, None)
    for party in doc.focus:
        seen.setdefault(party, None)
    return list(seen)


def _actor_features(doc: _Doc, index: int, kind: str, party: str) -> list[str]:
    sentence = doc.sentences[index]
    k = kind + "|"
    named = doc.named[index]
    feats = ["bias"]
    where = "sent" if party in named else "prev" if index > 0 and party in doc.named[index - 1] \
        else "prev2" if index > 1 and party in doc.named[index - 2] \
        else "next" if index + 1 < len(doc.named) and party in doc.named[index + 1] else "doc"
    feats += ["where=" + where, k + "where=" + where]
    feats.append("n_sent=" + str(min(len(named), 4)) + "|" + where)
    rank = doc.rank.get(party, 9)
    feats.append("rank=" + str(min(rank, 4)))
    feats.append("rank=" + str(min(rank, 4)) + "|" + where)
    if party in doc.first:
        feats.append("title")
    if party in named:
        order = named.index(party)
        feats.append("order=" + str(min(order, 3)))
        for mention in sentence.parties:
            if mention.party == party:
                prev = _WORD.findall(sentence.text[max(0, mention.start - 20):mention.start].lower())
                feats.append("prev=" + (prev[-1] if prev else "^"))
                feats.append("form=" + str(mention.form))
                if mention.made:
                    feats.append("made")
                if mention.possessive:
                    feats.append("possessive")
                break
    return feats


# ----- run time: the standard library only ---------------------------------------------------

def _probability(weights: dict[str, float], feats: list[str]) -> float:
    z = weights.get("__intercept__", 0.0)
    for f in feats:
        z += weights.get(f, 0.0)
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def _scored(artifact: dict[str, Any], sentences: list[Sentence]) -> list[tuple[float, int, str, tuple[str, ...]]]:
    """(confidence, sentence index, type, actors) for every candidate, best actors each."""
    doc = _Doc(sentences)
    event_w, actor_w = artifact["event_weights"], artifact["actor_weights"]
    third = artifact.get("third_actor", 0.9)
    out = []
    for index, kind, match in _candidates(doc):
        p_event = _probability(event_w, _event_features(doc, index, kind, match))
        if p_event < MIN_CONFIDENCE:
            continue
        ranked = sorted(((_probability(actor_w, _actor_features(doc, index, kind, party)), party)
                         for party in _party_candidates(doc, index)), key=lambda x: -x[0])
        if len(ranked) < 2:
            continue
        actors = [ranked[0][1], ranked[1][1]] + [party for p, party in ranked[2:] if p >= third]
        confidence = p_event * ranked[0][0] * ranked[1][0]
        out.append((confidence, index, kind, tuple(actors)))
    return out


def _select(scored: list[tuple[float, int, str, tuple[str, ...]]], minimum: float,
            repeat_visits: bool) -> list[tuple[float, int, str, tuple[str, ...]]]:
    """One claim per (type, actors) in a document, the likeliest, except visits when asked
    (articles list several trips); one type per sentence and actors kept once."""
    kept: list[tuple[float, int, str, tuple[str, ...]]] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for item in sorted(scored, key=lambda x: (-x[0], x[1])):
        confidence, index, kind, actors = item
        if confidence < minimum:
            break
        key = (kind, frozenset(actors))
        if key in seen and not (repeat_visits and kind == "visit"):
            continue
        seen.add(key)
        kept.append(item)
    return sorted(kept, key=lambda x: x[1])


def predict(artifact: dict[str, Any], sentences: list[Sentence], anchor: Anchor,
            document: Document | None = None, minimum: float = MIN_CONFIDENCE) -> list[Event]:
    """Every event candidate with confidence >= ``minimum`` (0.05: the pipeline keeps those at or
    above ``artifact["threshold"]``), in document order."""
    out = []
    for confidence, index, kind, actors in _select(_scored(artifact, sentences), minimum,
                                                   artifact.get("repeat_visits", False)):
        sentence = sentences[index]
        out.append(Event(kind, actors, date_in(sentence.text, anchor), sentence.evidence,  # type: ignore[arg-type]
                         round(confidence, 4)))
    return out


# ----- training: scikit-learn ----------------------------------------------------------------

_ANALYSED: dict[str, list[Sentence]] = {}


def _sentences(document: Document) -> list[Sentence]:
    found = _ANALYSED.get(document.id)
    if found is None:
        from armswatch.extract.normalise import normalise
        from armswatch.extract.pipeline import analyse
        found = _ANALYSED[document.id] = analyse(normalise(document.text), document.text)
    return found


def _overlaps(sentence: Sentence, evidence: str, text: str) -> bool:
    start = text.find(evidence[:80])
    if start < 0:
        return False
    end = start + len(evidence)
    return start < sentence.evidence.end and sentence.evidence.start < end


def _examples(docs: list[Any]) -> tuple[list[list[str]], list[int], list[list[str]], list[int]]:
    """Event examples (one per candidate) and actor examples (one per party of a candidate that
    is a gold event), with their labels."""
    from armswatch.extract.learning.corpus import scorer
    country = scorer().country
    ev_x, ev_y, ac_x, ac_y = [], [], [], []
    for item in docs:
        sentences = _sentences(item.document)
        doc = _Doc(sentences)
        golds = item.gold.get("events") or []
        text = item.document.text
        for index, kind, match in _candidates(doc):
            sentence = sentences[index]
            matching = [g for g in golds if g["type"] == kind
                        and _overlaps(sentence, _evidence_text(g), text)]
            ev_x.append(_event_features(doc, index, kind, match))
            ev_y.append(1 if matching else 0)
            if matching:
                actors = {country(a) for a in matching[0].get("actors") or []}
                for party in _party_candidates(doc, index):
                    ac_x.append(_actor_features(doc, index, kind, party))
                    ac_y.append(1 if country(party) in actors else 0)
    return ev_x, ev_y, ac_x, ac_y


def _evidence_text(gold: dict[str, Any]) -> str:
    evidence = gold.get("evidence") or ""
    return evidence.get("text", "") if isinstance(evidence, dict) else str(evidence)


def _train(x: list[list[str]], y: list[int], c: float, seed: int, min_count: int = 2) -> dict[str, float]:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    counts = Counter(f for feats in x for f in set(feats))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for r, feats in enumerate(x):
        for f in set(feats):
            col = vocabulary.get(f)
            if col is not None:
                rows.append(r)
                cols.append(col)
    matrix = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(x), len(vocabulary)))
    if len(set(y)) < 2:
        return {"__intercept__": 0.0 if not y else (5.0 if y[0] else -5.0)}
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    model.fit(matrix, y)
    weights = {f: round(float(model.coef_[0][i]), 4) for f, i in vocabulary.items()
               if abs(model.coef_[0][i]) >= 1e-4}
    weights["__intercept__"] = round(float(model.intercept_[0]), 4)
    return weights


PARAMS = {"event_c": 0.5, "actor_c": 1.0, "third_actor": 0.9, "repeat_visits": False}


def _fit_models(docs: list[Any], seed: int, params: dict[str, Any]) -> dict[str, Any]:
    ev_x, ev_y, ac_x, ac_y = _examples(docs)
    return {"event_weights": _train(ev_x, ev_y, params["event_c"], seed),
            "actor_weights": _train(ac_x, ac_y, params["actor_c"], seed),
            "third_actor": params["third_actor"], "repeat_visits": params["repeat_visits"]}


def _as_gold(events: list[Event]) -> dict[str, Any]:
    return {"events": [{"type": e.type, "actors": list(e.actors)} for e in events]}


def _best_threshold(scored: list[tuple[dict[str, Any], list[Event]]]) -> float:
    """The confidence threshold with the highest pooled F1 over (gold, candidates) pairs."""
    from armswatch.extract.learning.corpus import score
    best, best_f1 = 0.5, -1.0
    for step in range(5, 80, 1):
        threshold = step / 100
        pairs = [(gold, _as_gold([e for e in events if e.confidence >= threshold]))
                 for gold, events in scored]
        f1 = score(pairs)["events"]["f1"]
        if f1 > best_f1 + 1e-9:
            best, best_f1 = threshold, f1
    return best


def fit(docs: list[Any], seed: int = 0, params: dict[str, Any] | None = None,
        inner_folds: int = 3) -> dict[str, Any]:
    """Train on ``docs`` (LabelledDocument); the threshold comes from an inner split by document."""
    from armswatch.extract.learning.corpus import fold_of
    params = {**PARAMS, **(params or {})}
    scored = []
    for inner in range(inner_folds):
        train = [d for d in docs if _inner_fold(d.document.id, inner_folds) != inner]
        held = [d for d in docs if _inner_fold(d.document.id, inner_folds) == inner]
        artifact = _fit_models(train, seed, params)
        for item in held:
            scored.append((item.gold, predict(artifact, _sentences(item.document),
                                              Anchor.parse(item.document.published), item.document)))
    del fold_of
    artifact = _fit_models(docs, seed, params)
    artifact.update({"kind": "events", "version": VERSION, "threshold": _best_threshold(scored),
                     "params": params, "seed": seed, "documents": len(docs)})
    return artifact


def _inner_fold(document_id: str, k: int) -> int:
    import zlib
    return zlib.crc32(("inner:" + document_id).encode("utf-8")) % k


def cross_validate(docs: list[Any], k: int = 5, seed: int = 0,
                   params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train on k-1 folds, predict the k-th at the artifact's threshold; scores per fold, their
    mean and spread, and the pooled score over all documents."""
    from armswatch.extract.learning.corpus import fold_of, score
    folds, pooled = [], []
    for fold in range(k):
        train = [d for d in docs if fold_of(d.document.id, k) != fold]
        held = [d for d in docs if fold_of(d.document.id, k) == fold]
        artifact = fit(train, seed, params)
        pairs = []
        for item in held:
            events = predict(artifact, _sentences(item.document),
                             Anchor.parse(item.document.published), item.document)
            kept = [e for e in events if e.confidence >= artifact["threshold"]]
            pairs.append((item.gold, _as_gold(kept)))
        pooled += pairs
        folds.append({**score(pairs)["events"], "threshold": artifact["threshold"]})
    f1s = [f["f1"] for f in folds]
    mean = sum(f1s) / k
    spread = (sum((f - mean) ** 2 for f in f1s) / (k - 1)) ** 0.5 if k > 1 else 0.0
    return {"folds": folds, "f1_mean": round(mean, 4), "f1_sd": round(spread, 4),
            "pooled": score(pooled)["events"]}
