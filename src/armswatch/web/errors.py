"""The one place web errors become responses (STYLE.md §5).

Every ``ArmswatchError`` answers with its ``http_status`` and ``to_dict()`` shape:
``{"error": {"code", "message", ...details}}``. Request validation errors are ``UsageError``s
(422) naming the field; unknown routes and methods get ``NotFound`` / ``MethodNotAllowed``; anything
else is an ``InternalError`` (500) with no traceback. API paths answer JSON, pages an HTML page.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from armswatch.errors import ArmswatchError, InternalError, MethodNotAllowed, NotFound, UsageError

log = logging.getLogger("armswatch.web")


def _field(error: dict) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    return ".".join(location) or "body"


def validation_error(exc: RequestValidationError) -> UsageError:
    problems = [{"field": _field(e), "problem": e.get("msg", "")} for e in exc.errors()]
    first = problems[0] if problems else {"field": "body", "problem": "invalid"}
    return UsageError(f"Invalid {first['field']}: {first['problem']}.", field=first["field"],
                      problems=problems)


def http_error(exc: StarletteHTTPException, request: Request) -> ArmswatchError:
    if exc.status_code == 404:
        return NotFound(f"No page or endpoint at {request.url.path}. The API is listed at /docs.",
                        path=request.url.path)
    if exc.status_code == 405:
        return MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}; see /docs.",
                                method=request.method)
    error = ArmswatchError(str(exc.detail))
    error.http_status = exc.status_code
    return error


def respond(request: Request, error: ArmswatchError) -> JSONResponse | HTMLResponse:
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error.to_dict(), status_code=error.http_status)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"error": error},
                                      status_code=error.http_status)


def install(app: FastAPI) -> None:
    @app.exception_handler(ArmswatchError)
    async def _armswatch(request: Request, exc: ArmswatchError):
        return respond(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        return respond(request, validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return respond(request, http_error(exc, request))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        log.exception("internal error on %s", request.url.path)
        return respond(request, InternalError(f"Internal error: {type(exc).__name__}. The server "
                                              "log has the details; please report it."))
