"""The one place web errors become responses (STYLE.md §5).

Every ``ArmswatchError`` answers with its ``http_status`` and ``to_dict()`` shape:
``{"error": {"code", "message", ...details}}``. Request validation errors are ``UsageError``s
(422) naming the field; unknown routes and methods get ``NotFound`` / ``MethodNotAllowed`` (405 with
the ``Allow`` header); anything else is an ``InternalError`` (500) with no traceback, answered by
``CatchAll`` so the kept-alive connection stays usable (issue 14, finding 9). API paths answer JSON,
pages an HTML page.
"""

from __future__ import annotations

import json
import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armswatch.errors import ArmswatchError, InternalError, MethodNotAllowed, NotFound, UsageError
from armswatch.web.responses import finite

log = logging.getLogger("armswatch.web")


def _field(error: dict) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    return ".".join(location) or "body"


# What a value that fails its pattern should look like (the pattern itself helps nobody).
FORMS = {"period": "2020-2024, 2020-24 or 2024", "url": "an http:// or https:// address",
         "by": "one key or several with commas: year,supplier",
         "published": "a date as YYYY-MM-DD (2024-03-18)"}


def _problem(error: dict) -> str:
    field = _field(error).split(".")[0]
    if error.get("type") == "string_pattern_mismatch" and field in FORMS:
        return f"should be {FORMS[field]}"
    return error.get("msg", "")


def validation_error(exc: RequestValidationError) -> UsageError:
    problems = [{"field": _field(e), "problem": _problem(e)} for e in exc.errors()]
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
    if exc.status_code == 400:  # Starlette's own parsing: a malformed multipart or form body
        return UsageError(f"{str(exc.detail).rstrip('.')}: send the body as the form it should be "
                          "(an upload as multipart/form-data with its `file` field).", field="body")
    error = ArmswatchError(str(exc.detail))
    error.http_status = exc.status_code
    return error


_FLAG = re.compile(r"`?--([a-z][a-z-]*)`?")


def in_web_words(error: ArmswatchError) -> ArmswatchError:
    """The core's messages name the CLI's flags ("--from 2020 is after --to 2019"); the web
    answers with its own field names ('from' 2020 is after 'to' 2019; --merge-successors is
    'merge_successors'), which are the same words as query parameters (issue 18)."""
    message = _FLAG.sub(lambda m: f"'{m.group(1).replace('-', '_')}'", error.message)
    if message != error.message:
        error.message = message
        error.args = (message, *error.args[1:])
    return error


def respond(request: Request, error: ArmswatchError,
            headers: dict[str, str] | None = None) -> Response:
    error = in_web_words(error)
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        body = json.dumps(finite(error.to_dict()), ensure_ascii=False, default=str)
        return Response(body.encode("utf-8", "backslashreplace"), status_code=error.http_status,
                        media_type="application/json", headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"error": error},
                                      status_code=error.http_status, headers=headers)


def _leaves(routes):
    """Every route, inside included routers too (FastAPI nests them; our routers carry their full
    paths, so a leaf matches the request's own path)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from _leaves(included.routes) if included is not None else (route,)


def _allow(request: Request, exc: StarletteHTTPException) -> dict[str, str] | None:
    """405 answers name every method of every route at the path (RFC 9110; Starlette names only
    the first route's); static files take GET and HEAD."""
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        methods = {method for route in _leaves(request.app.router.routes)
                   if getattr(route, "methods", None) and route.matches(request.scope)[0] != Match.NONE
                   for method in route.methods}
        headers["Allow"] = ", ".join(sorted(methods)) if methods else "GET, HEAD"
    return headers or None


def internal_error(request: Request, exc: BaseException) -> InternalError:
    log.error("internal error on %s", request.url.path, exc_info=exc)
    return InternalError(f"Internal error: {type(exc).__name__}. The server log has the details; "
                         "please report it.")


class CatchAll:
    """An unexpected exception answers ``internal-error`` here instead of in Starlette's outermost
    handler, which answers and then re-raises, so that the server closes the connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:  # half an answer is out: only closing the connection can tell
                raise
            request = Request(scope, receive)
            await respond(request, internal_error(request, exc))(scope, receive, send)


def install(app: FastAPI) -> None:
    @app.exception_handler(ArmswatchError)
    async def _armswatch(request: Request, exc: ArmswatchError):
        return respond(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        return respond(request, validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return respond(request, http_error(exc, request), _allow(request, exc))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):  # outside CatchAll (middleware)
        return respond(request, internal_error(request, exc))
