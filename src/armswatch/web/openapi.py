"""What the OpenAPI document states beyond the routes' parameters (issue 14, finding 11): every
error answer with its one JSON shape, the download content types, and closed vocabularies as enums,
so a client generated from /openapi.json sends only what the server accepts."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    """``code`` is stable (docs/errors.md); further keys name the field, the choices, suggestions."""

    model_config = ConfigDict(extra="allow")
    code: str = Field(..., examples=["bad-request"])
    message: str = Field(..., description="What went wrong and how to fix it.")


class ErrorBody(BaseModel):
    error: ErrorDetail


def _error(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


READ_ERRORS: dict[int | str, dict] = {
    404: _error("An unknown party, release or claim (`unknown-party` with `suggestions`, "
                "`unknown-release`, `unknown-claim`)."),
    422: _error("A parameter or body that cannot be answered (`bad-request`: `field` names it; "
                "`import-refused` with the import's `report`)."),
    500: _error("`internal-error`: a bug, with no traceback; the server log has the details."),
    503: _error("`database-busy`: the database is held by another process."),
}
WRITE_ERRORS: dict[int | str, dict] = {
    401: _error("`token-required` / `token-invalid`: send `Authorization: Bearer TOKEN` "
                "(the sign-in cookie is not accepted by the API); a revoked token is invalid."),
    403: _error("`role-forbidden`: the token's user may not do this (a viewer writing, a reviewer "
                "importing); `needed` names the role."),
    413: _error("`payload-too-large`: the body is over the limit (`limit_bytes`)."),
}
JSON_ONLY = READ_ERRORS
WRITES = {**READ_ERRORS, **WRITE_ERRORS}
UPLOADS = {**READ_ERRORS, 413: WRITE_ERRORS[413]}
TABLE_TYPES = {"application/json": {}, "text/csv": {"schema": {"type": "string"}},
               "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
               "application/zip": {"schema": {"type": "string", "format": "binary"}}}
TABLE = {200: {"description": "Rows as JSON (`format=json`), CSV whose first row is the header "
               "(`format=csv`; the attribution in the `X-Attribution` header), a ZIP of that CSV "
               "and `sources.txt` (`format=zip`) or Parquet with `attribution` metadata "
               "(`format=parquet`).",
               "content": TABLE_TYPES}}


def choices(values: Iterable[str]) -> dict[str, list[str]]:
    """A string parameter's allowed values, for the schema (the core checks them and answers
    ``bad-request`` with the choices)."""
    return {"enum": list(values)}
