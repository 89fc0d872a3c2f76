"""The labelled corpus as training data, the folds of cross-validation, and the corpus's scorer.

Documents come from ``<root>/{train,dev}/docs/NNN.json`` with their gold labels in
``gold/NNN.json`` (schema: ../shared/corpus/README.md). Folds are by document, fixed by a hash of
the document id, so a document added to ``train/`` lands in the same fold on every run and never
moves the others. Scores use ../shared/tools/score_extraction.py itself (its matching functions),
so cross-validated numbers are the corpus's own measure.
"""

from __future__ import annotations

import importlib.util
import json
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from armswatch.extract.model import Document

SPLITS = ("train", "dev")
KINDS = ("transfers_strict", "transfers_pair", "statistics", "statistics_base", "events")


@dataclass(frozen=True)
class LabelledDocument:
    document: Document
    gold: dict[str, Any]  # transfers, statistics, events in the corpus schema
    split: str


def default_root() -> Path:
    """``../shared/corpus`` beside the checkout (the corpus never enters the repository)."""
    return Path(__file__).resolve().parents[4].parent / "shared" / "corpus"


def load_corpus(root: Path | None = None) -> list[LabelledDocument]:
    root = root or default_root()
    out = []
    for split in SPLITS:
        for path in sorted((root / split / "docs").glob("*.json")):
            raw = json.loads(path.read_text(encoding="utf-8"))
            gold_path = root / split / "gold" / path.name
            if not gold_path.exists():
                continue
            document = Document(id=str(raw["id"]), text=raw["text"], url=raw.get("url"),
                                title=raw.get("title"), outlet=raw.get("outlet"),
                                published=raw.get("published"))
            out.append(LabelledDocument(document, json.loads(gold_path.read_text(encoding="utf-8")),
                                        split))
    return out


def fold_of(document_id: str, k: int = 5) -> int:
    """The document's cross-validation fold: a stable hash of its id."""
    return zlib.crc32(document_id.encode("utf-8")) % k


def data_hash(docs: list[LabelledDocument]) -> str:
    """SHA-256 over the documents and labels trained on, written into each model artifact."""
    import hashlib
    digest = hashlib.sha256()
    for item in sorted(docs, key=lambda d: d.document.id):
        digest.update(item.document.id.encode())
        digest.update(item.document.text.encode())
        digest.update(json.dumps(item.gold, sort_keys=True).encode())
    return digest.hexdigest()


@cache
def scorer(root: Path | None = None) -> ModuleType:
    """../shared/tools/score_extraction.py, imported by path (standard library only)."""
    root = root or default_root()
    path = root.parent / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, dict[str, float]]:
    """P/R/F1 per kind over (gold document, predicted document) pairs, as the corpus scorer
    counts them (greedy one-to-one matching per document)."""
    s = scorer()
    kinds = {"transfers_strict": ("transfers", s.transfer_strict),
             "transfers_pair": ("transfers", s.transfer_pair),
             "statistics": ("statistics", s.statistic_match),
             "statistics_base": ("statistics", s.statistic_base_match),
             "events": ("events", s.event_match)}
    out = {}
    for name, (kind, same) in kinds.items():
        tp = n_gold = n_pred = 0
        for gold, pred in pairs:
            golds, preds = gold.get(kind) or [], pred.get(kind) or []
            matched, _, _ = s.match(golds, preds, same)
            tp += len(matched)
            n_gold += len(golds)
            n_pred += len(preds)
        out[name] = s.prf(tp, n_gold, n_pred)
    return out


# ---------------------------------------------------------------------------------------------
# Learning from review (issue 15): the review queue's decisions as labels. They are read from the
# database at training time and never written anywhere but the model trained on them.

REVIEW_KINDS = {"transfer": "transfers", "statistic": "statistics", "event": "events"}
# the fields of a claim that are labels in the corpus schema (../shared/corpus/README.md)
GOLD_FIELDS = {"transfers": ("supplier", "recipient", "weapon", "category", "quantity", "status",
                             "year", "weapon_generic"),
               "statistics": ("subject", "object", "measure", "value", "unit", "period",
                              "base_period", "base"),
               "events": ("type", "actors", "date")}
MATCH = {"transfers": "transfer_strict", "statistics": "statistic_match", "events": "event_match"}
_REVIEWED_SQL = """
WITH latest AS (SELECT claim_id, arg_max(action, decided_at) AS action
                FROM review_log GROUP BY claim_id),
     decided AS (SELECT DISTINCT c.sha256 FROM claims c JOIN latest USING (claim_id))
SELECT d.sha256, d.document_id, d.url, d.title, d.outlet, d.published, d.text,
       c.kind, c.fields, l.action
FROM decided JOIN documents d USING (sha256) JOIN claims c USING (sha256)
LEFT JOIN latest l USING (claim_id)
ORDER BY d.sha256, c.position
"""


@dataclass(frozen=True)
class ReviewedSet:
    """A database's reviewed documents as training data, with what was counted on the way."""

    documents: list[LabelledDocument]  # gold = the accepted claims; rejected ones in ``rejected``
    rejected: dict[str, dict[str, list[dict[str, Any]]]]  # document id -> kind -> rejected claims
    accepted_claims: int
    rejected_claims: int
    pending_claims: int       # claims of those documents without a decision: not labels
    without_text: int         # documents with decisions whose text was not stored: skipped


def load_reviewed(con: Any) -> ReviewedSet:
    """Every stored document with at least one review decision and its full text, labelled by its
    decisions: accepted claims are its gold, rejected ones known negatives. A claim's latest
    decision counts; documents without decisions are not read."""
    by_doc: dict[str, dict[str, Any]] = {}
    counts = {"accept": 0, "reject": 0, None: 0}
    for sha, doc_id, url, title, outlet, published, text, kind, fields, action in \
            con.execute(_REVIEWED_SQL).fetchall():
        entry = by_doc.setdefault(sha, {"row": (doc_id, url, title, outlet, published, text),
                                        "gold": {k: [] for k in GOLD_FIELDS},
                                        "rejected": {k: [] for k in GOLD_FIELDS}})
        if text is None or kind not in REVIEW_KINDS:
            continue
        counts[action] += 1
        if action is not None:
            target = entry["gold" if action == "accept" else "rejected"]
            target[REVIEW_KINDS[kind]].append(as_gold(REVIEW_KINDS[kind], json.loads(fields)))
    documents, rejected, without_text = [], {}, 0
    for sha, entry in by_doc.items():
        doc_id, url, title, outlet, published, text = entry["row"]
        if text is None:
            without_text += 1
            continue
        # an id of its own (never a corpus id), stable, so its cross-validation fold never moves
        document = Document(id=f"review-{sha[:16]}", text=text, url=url, title=title,
                            outlet=outlet, published=published)
        documents.append(LabelledDocument(document, entry["gold"], "reviewed"))
        rejected[document.id] = entry["rejected"]
    return ReviewedSet(documents, rejected, counts["accept"], counts["reject"], counts[None],
                       without_text)


def as_gold(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A stored claim (its fields as extracted) as a label in the corpus schema."""
    evidence = fields.get("evidence")
    out = {name: fields.get(name) for name in GOLD_FIELDS[kind]}
    out["evidence"] = evidence.get("text") if isinstance(evidence, dict) else evidence
    return out


def with_reviews(docs: list[LabelledDocument], reviewed: ReviewedSet) -> list[LabelledDocument]:
    """The corpus and the reviewed documents as one training set. A reviewed document whose text
    is a corpus document's is merged into it: its accepted claims added to the corpus labels
    (unless one already matches), its rejected claims taken out of them (a team's decision is the
    last word on its own documents)."""
    s = scorer()
    by_text = {item.document.text: i for i, item in enumerate(docs)}
    out = list(docs)
    for item in reviewed.documents:
        rejected = reviewed.rejected.get(item.document.id, {})
        if item.document.text not in by_text:
            out.append(item)
            continue
        index = by_text[item.document.text]
        gold = {kind: list(out[index].gold.get(kind) or []) for kind in GOLD_FIELDS}
        for kind, same in ((k, getattr(s, MATCH[k])) for k in GOLD_FIELDS):
            gold[kind] = [g for g in gold[kind] if not any(same(g, r) for r in rejected.get(kind, []))]
            gold[kind] += [a for a in item.gold.get(kind) or [] if not any(same(g, a) for g in gold[kind])]
        out[index] = LabelledDocument(out[index].document, {**out[index].gold, **gold}, out[index].split)
    return out
