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
