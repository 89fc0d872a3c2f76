"""/api: documents, claims, checking and review (issue 5's core, issue 6's shell)."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import duckdb
from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from pydantic import AfterValidator, BaseModel, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

import armswatch
from armswatch.model import VERDICTS, CheckedDocument
from armswatch.review import store
from armswatch.review.documents import list_documents
from armswatch.review.evidence import evidence_layer
from armswatch.review.links import MAX_URL_LENGTH, has_lone_surrogate, http_url
from armswatch.web.checking import checker, text_document, upload_documents
from armswatch.review.users import User
from armswatch.web.deps import RECIPIENT, RELEASE, SUPPLIER, read_con, reviewer, web, writing
from armswatch.web.openapi import JSON_ONLY, WRITE_ERRORS, choices
from armswatch.web.responses import json_response

router = APIRouter(prefix="/api", tags=["evidence"], responses=JSON_ONLY)
SOURCE = armswatch.ATTRIBUTION
CLAIM_ID = Path(..., max_length=200, description="A claim id from /api/claims.")


def _text(value: str | None) -> str | None:
    if has_lone_surrogate(value):
        raise ValueError("holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is "
                         "not text; send UTF-8 text")
    return value


def _link(value: str | None) -> str | None:
    if value and http_url(value) is None:
        raise ValueError("must be an http:// or https:// address without spaces or control "
                         "characters (other schemes such as javascript: are refused)")
    return value


Text = Annotated[str, AfterValidator(_text)]
# http(s) only, in any letter case; links.http_url decides, the pattern tells clients.
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?([/?#][^\x00-\x20\x7f\\]*)?$"


class CheckRequest(BaseModel):
    text: Text = Field(..., description="The article's text.", min_length=1, max_length=500_000)
    title: Optional[Text] = Field(None, max_length=1000)
    url: Annotated[Optional[Text], AfterValidator(_link)] = Field(
        None, max_length=MAX_URL_LENGTH, pattern=URL_PATTERN,
        description="The article's address: http(s) only, stored and shown as a link.")
    store: bool = Field(False, description="Keep the document, claims and verdicts for review "
                        "(needs a reviewer's or an admin's token).")


class ReviewRequest(BaseModel):
    """The reviewer is always the token's user (``armswatch user add NAME``): a body that names
    one is refused, so nobody writes decisions under another name (issue 14, finding 4)."""

    action: Literal["accept", "reject"]
    note: Optional[Text] = Field(None, max_length=5000)
    seen: Optional[str] = Field(None, max_length=64, description="The entry_id of the latest "
                                "decision on the claim you saw (\"\" for none): the decision is "
                                "then written only if that is still the latest, else 409 "
                                "already-decided says who decided since (issue 19).")
    reviewer: SkipJsonSchema[Optional[object]] = None

    @field_validator("reviewer", mode="before")
    @classmethod
    def _no_reviewer(cls, value: object) -> None:
        raise ValueError("is not accepted: the reviewer is the token's user "
                         "(`armswatch user add NAME`); remove this field")


@router.get("/documents", summary="Stored documents with their claim counts")
def documents(con: duckdb.DuckDBPyConnection = Depends(read_con)):
    return json_response([d.to_dict() for d in list_documents(con)], SOURCE)


@router.get("/claims", summary="Stored claims with verdicts and review state (armswatch review list)")
def claims(verdict: Optional[str] = Query(None, max_length=40, json_schema_extra=choices(VERDICTS),
                                          description="Only claims with this verdict."),
           kind: Optional[Literal["transfer", "statistic", "event"]] = Query(
               None, description="Only claims of this kind."),
           state: Optional[str] = Query(None, max_length=40, json_schema_extra=choices(store.STATES),
                                        description="Only claims in this review state."),
           recipient: Optional[str] = RECIPIENT,
           supplier: Optional[str] = SUPPLIER, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    found = store.list_claims(con, verdict=verdict, kind=kind, state=state, recipient=recipient,
                              supplier=supplier)
    return json_response([c.to_dict() for c in found], SOURCE)


@router.get("/claims/{claim_id}", summary="One stored claim with its review history")
def claim(claim_id: str = CLAIM_ID, con: duckdb.DuckDBPyConnection = Depends(read_con)):
    found = store.get_claim(con, claim_id)
    history = [d.to_dict() for d in store.history(con, claim_id)]
    return json_response({**found.to_dict(), "history": history}, SOURCE)


@router.post("/claims/{claim_id}/review", summary="Accept or reject a claim (needs a reviewer's "
             "or an admin's token); the reviewer is the token's user", responses=WRITE_ERRORS)
def review(request: Request, body: ReviewRequest, claim_id: str = CLAIM_ID,
           who: User = Depends(reviewer)):
    with writing(request, who) as con:
        decision = store.review(con, claim_id, body.action, body.note, who.name, body.seen)
    return json_response(decision.to_dict(), SOURCE)


@router.get("/evidence", summary="Accepted transfer claims: the open-source evidence layer")
def evidence(supplier: Optional[str] = SUPPLIER, recipient: Optional[str] = RECIPIENT,
             con: duckdb.DuckDBPyConnection = Depends(read_con)):
    items = evidence_layer(con, supplier=supplier, recipient=recipient)
    return json_response([i.to_dict() for i in items], SOURCE)


def _stored(request: Request, results: list[CheckedDocument]) -> dict[str, int]:
    who = reviewer(request)       # asked again: a token revoked while the article was checked
    with writing(request, who) as con:
        return store.store_checked(con, results, stored_by=who.name).__dict__


@router.post("/check", summary="Check an article's claims (armswatch check --format json)",
             responses=WRITE_ERRORS)
def check(request: Request, body: CheckRequest, release_id: Optional[int] = RELEASE,
          con: duckdb.DuckDBPyConnection = Depends(read_con)):
    if body.store:
        reviewer(request)
    result = checker(web(request), con, release_id).check_document(
        text_document(body.text, body.title, body.url))
    data = result.to_dict()
    if body.store:
        data["stored"] = _stored(request, [result])
    return json_response(data, SOURCE)


@router.post("/check/file", summary="Check an uploaded file (text, HTML, JSON Lines)",
             responses={413: WRITE_ERRORS[413]})
def check_file(request: Request, file: UploadFile = File(...), release_id: Optional[int] = RELEASE,
               con: duckdb.DuckDBPyConnection = Depends(read_con)):
    documents, skipped = upload_documents(file.filename, file.file.read())
    checking = checker(web(request), con, release_id)
    results = [checking.check_document(d).to_dict() for d in documents]
    return json_response({"documents": results, "skipped": [s.__dict__ for s in skipped]}, SOURCE)
