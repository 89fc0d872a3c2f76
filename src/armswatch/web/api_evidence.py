"""/api: documents, claims, checking and review (issue 5's core, issue 6's shell)."""

from __future__ import annotations

from typing import Literal, Optional

import duckdb
from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel, Field

import armswatch
from armswatch.reconcile.model import CheckedDocument
from armswatch.review import store
from armswatch.review.documents import list_documents
from armswatch.review.evidence import evidence_layer
from armswatch.web.checking import checker, text_document, upload_documents
from armswatch.web.deps import RECIPIENT, RELEASE, SUPPLIER, read_con, web, writer
from armswatch.web.responses import json_response

router = APIRouter(prefix="/api", tags=["evidence"])
SOURCE = armswatch.ATTRIBUTION


class CheckRequest(BaseModel):
    text: str = Field(..., description="The article's text.", max_length=500_000)
    title: Optional[str] = None
    url: Optional[str] = None
    store: bool = Field(False, description="Keep the document, claims and verdicts for review "
                        "(needs a token).")


class ReviewRequest(BaseModel):
    action: Literal["accept", "reject"]
    note: Optional[str] = Field(None, max_length=5000)
    reviewer: Optional[str] = Field(None, max_length=200, description="Default: the token's name.")


@router.get("/documents", summary="Stored documents with their claim counts")
def documents(con: duckdb.DuckDBPyConnection = Depends(read_con)):
    return json_response([d.to_dict() for d in list_documents(con)], SOURCE)


@router.get("/claims", summary="Stored claims with verdicts and review state (armswatch review list)")
def claims(verdict: Optional[str] = None, kind: Optional[Literal["transfer", "statistic", "event"]] = None,
           state: Optional[str] = None, recipient: Optional[str] = RECIPIENT,
           supplier: Optional[str] = SUPPLIER, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    found = store.list_claims(con, verdict=verdict, kind=kind, state=state, recipient=recipient,
                              supplier=supplier)
    return json_response([c.to_dict() for c in found], SOURCE)


@router.get("/claims/{claim_id}", summary="One stored claim with its review history")
def claim(claim_id: str, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    found = store.get_claim(con, claim_id)
    history = [d.to_dict() for d in store.history(con, claim_id)]
    return json_response({**found.to_dict(), "history": history}, SOURCE)


@router.post("/claims/{claim_id}/review", summary="Accept or reject a claim (needs a token)")
def review(request: Request, claim_id: str, body: ReviewRequest, who: str = Depends(writer)):
    with web(request).writer() as con:
        decision = store.review(con, claim_id, body.action, body.note, body.reviewer or who)
    return json_response(decision.to_dict(), SOURCE)


@router.get("/evidence", summary="Accepted transfer claims: the open-source evidence layer")
def evidence(supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
             con: duckdb.DuckDBPyConnection = Depends(read_con)):
    items = evidence_layer(con, supplier=supplier, recipient=recipient)
    return json_response([i.to_dict() for i in items], SOURCE)


def _stored(request: Request, results: list[CheckedDocument]) -> dict[str, int]:
    writer(request)
    with web(request).writer() as con:
        return store.store_checked(con, results).__dict__


@router.post("/check", summary="Check an article's claims (armswatch check --format json)")
def check(request: Request, body: CheckRequest, release_id: Optional[int] = RELEASE,
          con: duckdb.DuckDBPyConnection = Depends(read_con)):
    if body.store:
        writer(request)
    result = checker(web(request), con, release_id).check_document(
        text_document(body.text, body.title, body.url))
    data = result.to_dict()
    if body.store:
        data["stored"] = _stored(request, [result])
    return json_response(data, SOURCE)


@router.post("/check/file", summary="Check an uploaded file (text, HTML, JSON Lines)")
def check_file(request: Request, file: UploadFile = File(...), release_id: Optional[int] = RELEASE,
               con: duckdb.DuckDBPyConnection = Depends(read_con)):
    documents, skipped = upload_documents(file.filename or "", file.file.read())
    checking = checker(web(request), con, release_id)
    results = [checking.check_document(d).to_dict() for d in documents]
    return json_response({"documents": results, "skipped": [s.__dict__ for s in skipped]}, SOURCE)
