"""documents → extract → reconcile: each claim of a document checked against the register.

``Checker`` takes a ``ReleaseView`` (the release a shell resolved once, issue 16): its deal index
and the years it covers, both kept with the view, and then checks documents or already-extracted
claims; the extractor then reads that release's designations (extract.gazetteer.use_release). Claim ids are stable: the same document checked twice gives the same ids (review keys).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping

from armswatch.model import (CheckedClaim, CheckedDocument, Claim, Document, EventClaim,
                             StatisticClaim, TransferClaim, Verdict, claims_from_json)
from armswatch.reconcile.index import deal_index
from armswatch.reconcile.statistics import Register, check_statistic
from armswatch.reconcile.transfers import Context, check_transfer
from armswatch.store.views import ReleaseView


def document_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def claim_id(document_key: str, position: int, claim: Claim) -> str:
    """Stable id: the document's sha256 (or id), the claim's kind, place and evidence."""
    evidence = claim.evidence.text if claim.evidence else ""
    raw = f"{document_key}|{claim.kind}|{position}|{evidence}"
    return "c" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:15]


def _year(published: str | None) -> int | None:
    head = (published or "")[:4]
    return int(head) if head.isdigit() else None


class Checker:
    """The register as checking reads it, loaded once per process."""

    def __init__(self, view: ReleaseView, *, lazy: bool = False) -> None:
        """``lazy``: the deal index reads each recipient's deals when first asked, through the
        view's connection (a short-lived, one-thread process: ``armswatch check``;
        reconcile/index.py). Cheap for a view whose index is loaded already (a server's)."""
        self.view = view
        self.index = deal_index(view, lazy=lazy)
        first, last = view.years or (None, None)
        self.register = Register(view, first or 1950, last or self.index.last_year)
        from armswatch.extract.gazetteer import use_release

        use_release(view)

    def check(self, claim: Claim, context: Context = Context()) -> Verdict:
        if isinstance(claim, TransferClaim):
            return check_transfer(self.index, claim, context)
        if isinstance(claim, StatisticClaim):
            return check_statistic(self.register, claim)
        assert isinstance(claim, EventClaim)
        return Verdict("listed", "Events are listed and stored, not checked: the register "
                       "holds orders and deliveries only.")

    def check_claims(self, claims: Iterable[Claim], document: Document | None = None,
                     document_id: str = "", published: str | None = None,
                     document_key: str | None = None) -> CheckedDocument:
        """``document_key``: the text's sha256 when the text itself is not at hand (batch check),
        so claim ids are the ones the single-document check gives."""
        started = time.perf_counter()
        key = document_key or (document_sha256(document.text) if document else document_id)
        context = Context(_year(document.published if document else published))
        checked = tuple(CheckedClaim(c, self.check(c, context), claim_id(key, i, c))
                        for i, c in enumerate(claims))
        return CheckedDocument(document.id if document else document_id, checked,
                               self.view.release_id, time.perf_counter() - started, document)

    def check_extraction(self, extraction: Mapping[str, object],
                         document: Document | None = None,
                         document_key: str | None = None) -> CheckedDocument:
        """Claims in the extractor's JSON shape, as a user's file gives them (one document's
        object: id, the three lists and, optionally, published)."""
        doc_id = str(extraction.get("id") or (document.id if document else ""))
        published = extraction.get("published")
        return self.check_claims(claims_from_json(extraction), document, doc_id,
                                 published if isinstance(published, str) else None, document_key)

    def check_document(self, document: Document,
                       min_confidence: float | None = None) -> CheckedDocument:
        """Extract a document's claims (the news extractor, issue 15) and check each."""
        from armswatch.reconcile.extraction import extract_claims

        started = time.perf_counter()
        result = self.check_claims(extract_claims(document, min_confidence), document)
        return CheckedDocument(result.id, result.claims, result.release_id,
                               time.perf_counter() - started, document)


def check_paths(checker: Checker, paths: list,
                min_confidence: float | None = None) -> tuple[list[CheckedDocument], list]:
    """Every document the inputs hold (text, HTML, JSON Lines, a directory of .json), checked;
    and the documents skipped, with why."""
    from armswatch.reconcile.extraction import read_documents

    documents, skipped = read_documents(list(paths))
    return [checker.check_document(doc, min_confidence) for doc in documents], skipped


def check_claims_file(checker: Checker, path) -> tuple[list[CheckedDocument], list]:
    """Claims already extracted (``check --claims``): the results and the lines skipped."""
    from armswatch.reconcile.inputs import read_claims

    claims_file = read_claims(path)
    return [checker.check_extraction(e) for e in claims_file.extractions], claims_file.problems
