"""Checking an article in the browser and the API (issue 5's checker, issue 6's shell).

The checker's deal index takes about 0.4 s to load: the server resolves the release's view once
per database generation (the index is kept with it) and gives each request a checker on a view of
the same release through the request's own cursor (``ReleaseView.on``).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from armswatch.errors import UsageError
from armswatch.model import (CheckedClaim, CheckedDocument, Claim, Document, StatisticClaim,
                             TransferClaim)
from armswatch.parties import registry
from armswatch.reconcile.pipeline import Checker
from armswatch.review.links import has_lone_surrogate
from armswatch.store.views import release_view
from armswatch.web.database import WebDatabase
from armswatch.web.limits import upload_name

UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".md", ".json", ".jsonl")


def checker(web: WebDatabase, con: duckdb.DuckDBPyConnection, release_id: int | None) -> Checker:
    view = web.cached(("release-view", release_id), lambda cursor: release_view(cursor, release_id))
    return Checker(view.on(con))


def text_document(text: str, title: str | None = None, url: str | None = None,
                  outlet: str | None = None, published: str | None = None) -> Document:
    """A pasted article; ``published`` (YYYY-MM-DD) anchors its relative dates ("last year")."""
    if not text.strip():
        raise UsageError("The text is empty: paste an article or upload a file.", field="text")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Document(id=f"pasted-{digest}", text=text, title=title or None, url=url or None,
                    outlet=outlet or None, published=published or None)


def upload_documents(filename: str | None, content: bytes) -> tuple[list[Document], list]:
    """The documents an uploaded file holds, read by the extractor's reader (text, HTML, JSON).
    A JSON document whose text holds a lone surrogate is skipped with ``document-undecodable``."""
    from armswatch.reconcile.extraction import read_documents

    suffix = Path(upload_name(filename, "upload.txt")).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UsageError(f"Cannot check a {suffix or 'suffix-less'} file. Upload one of: "
                         f"{', '.join(UPLOAD_SUFFIXES)}.", field="file", choices=list(UPLOAD_SUFFIXES))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        documents, skipped = read_documents([path])
    return _without_surrogates(documents, skipped)


def _without_surrogates(documents: list[Document], skipped: list) -> tuple[list[Document], list]:
    """JSON can escape a lone surrogate (``"\\ud800"``), which is not text: such a document is
    skipped with a message, the others are checked (issue 14, finding 9)."""
    from armswatch.reconcile.extraction import Skipped

    kept = []
    for document in documents:
        fields = [f for f in ("id", "text", "title", "url", "outlet", "published")
                  if has_lone_surrogate(getattr(document, f))]
        if fields:
            source = document.id.encode("utf-8", "backslashreplace").decode("utf-8")
            skipped.append(Skipped(source, "document-undecodable",
                                   f"its {fields[0]} holds a lone surrogate (an unpaired "
                                   "\\ud800-\\udfff escape), which is not text; fix the "
                                   "escape and upload again"))
        else:
            kept.append(document)
    return kept, skipped


POSSIBLE = "possible"  # the mark of a claim below the confidence threshold (not checked)


@dataclass(frozen=True)
class ShownClaim:
    """A claim as the check page lists it: numbered in reading order, with its own span."""

    number: int
    claim: Claim
    verdict: str                      # the verdict's name, or POSSIBLE (not checked)
    checked: CheckedClaim | None      # None for a possible claim
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    text: str
    numbers: tuple[int, ...] = ()     # the claims this stretch marks (none: plain text)
    verdict: str | None = None        # the colour: the first claim's verdict


@dataclass(frozen=True)
class Annotated:
    """A checked document as the page shows it: the text cut into marks, the claims listed in
    the order of their marks, and the possible claims no mark shows (the same span as another)."""

    claims: list[ShownClaim]
    segments: list[Segment]
    unmarked_possible: list[Claim]


def _evidence_range(text: str, claim: Claim) -> tuple[int, int] | None:
    evidence = claim.evidence
    if evidence is None or not evidence.text:
        return None
    start = evidence.start if evidence.start is not None else text.find(evidence.text)
    end = evidence.end if evidence.end is not None else start + len(evidence.text)
    return (start, end) if 0 <= start < end <= len(text) else None


def _words(claim: Claim) -> tuple[list[str], list[str]]:
    """What names the claim itself (its system, value or event) and who takes part in it."""
    if isinstance(claim, TransferClaim):
        own = [claim.weapon, claim.designation, claim.weapon_generic]
        parties = [claim.supplier, claim.recipient]
    elif isinstance(claim, StatisticClaim):
        value = claim.value
        own = [f"{value:g}" if value is not None else None]
        parties = [claim.subject, claim.object]
    else:
        own, parties = [], list(claim.actors)
    names = registry()
    spelled = []
    for party in filter(None, parties):
        canonical = names.lookup(party)
        known = names.by_name[canonical] if canonical else None
        spelled += [party, *((known.name, *known.aliases, *known.demonyms) if known else ())]
    return [w for w in own if w], [w for w in spelled if w]


def _mentions(text: str, word: str, lo: int, hi: int) -> list[int]:
    """Where ``word`` stands as a word (not inside another: "US" is not in "Russia")."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return [m.start() for m in pattern.finditer(text, lo, hi)]


def claim_span(text: str, claim: Claim) -> tuple[int, int] | None:
    """The claim's own stretch of its sentence: from the nearest mention of one of its parties
    before the claim's system (or value) to the end of that mention. "Russia delivered six Su-30SME
    fighter jets to Myanmar in 2022, and China supplied two Y-8 transport aircraft." gives the
    Su-30SME claim "Russia delivered six Su-30SME" and the Y-8 claim "China supplied two Y-8"
    (issue 18: one mark over the whole sentence hid the second claim). Without its own words in
    the sentence, the claim marks the whole sentence."""
    sentence = _evidence_range(text, claim)
    if sentence is None:
        return None
    lo, hi = sentence
    own, parties = _words(claim)
    hits = [(at, at + len(w)) for w in own for at in _mentions(text, w, lo, hi)[:1]]
    if not hits:
        return sentence
    start, end = min(hits)
    before = [at for w in parties for at in _mentions(text, w, lo, start)]
    return (max(before) if before else start), end


def annotate(checked: CheckedDocument, possible: list[Claim]) -> Annotated:
    """Every claim marked at its own span, several per sentence included, numbered in reading
    order. Claims naming the same system at the same place share its mark (the first, a checked
    claim before a possible one, gives the span and colour); a possible claim whose system is
    marked already is listed apart, unmarked."""
    text = checked.document.text if checked.document else ""
    candidates = [(item.claim, item) for item in checked.claims] + [(c, None) for c in possible]
    candidates.sort(key=lambda pair: (pair[1] is None, -(pair[0].confidence or 0)))
    marks: dict[int, tuple[int, int]] = {}     # where a claim's own words end -> its mark
    found, unmarked = [], []
    for order, (claim, item) in enumerate(candidates):
        span = claim_span(text, claim) or (len(text), len(text))
        if item is None and span[1] in marks:
            unmarked.append(claim)
            continue
        span = marks.setdefault(span[1], span)
        found.append((span, order, claim, item))
    found.sort(key=lambda f: (f[0], f[1]))
    shown = [ShownClaim(n, claim, item.verdict.verdict if item else POSSIBLE, item, *span)
             for n, (span, _, claim, item) in enumerate(found, 1)]
    return Annotated(shown, _segments(text, shown), unmarked)


def _segments(text: str, shown: list[ShownClaim]) -> list[Segment]:
    """The text cut at the marks; claims on one span share a mark; a mark overlapping the one
    before starts where that one ends."""
    spans: dict[tuple[int, int], list[ShownClaim]] = {}
    for claim in shown:
        if claim.start < claim.end <= len(text):
            spans.setdefault((claim.start, claim.end), []).append(claim)
    segments, at = [], 0
    for (start, end), claims in sorted(spans.items()):
        start = max(start, at)
        if start >= end:
            continue
        segments += [Segment(text[at:start]), Segment(text[start:end],
                                                      tuple(c.number for c in claims),
                                                      claims[0].verdict)]
        at = end
    return [*segments, Segment(text[at:])]
