"""Upload limits (issue 6): an oversized body is refused with 413 naming the limit, before the app
reads it. Imports take a whole SIPRI export; everything else an article or a small JSON body."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armswatch.errors import PayloadTooLarge

IMPORT_LIMIT = 64 * 1024 * 1024   # SIPRI's whole register as CSV is about 12 MB
UPLOAD_LIMIT = 1024 * 1024        # an article, pasted or uploaded
IMPORT_PATHS = ("/api/releases",)


def limit_for(path: str) -> int:
    return IMPORT_LIMIT if path in IMPORT_PATHS else UPLOAD_LIMIT


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        messages, size = [], 0
        while True:  # read the body (at most limit + one chunk), then replay it to the app
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                await self._refuse(scope, receive, send, limit)
                return
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        from armswatch.web.errors import respond

        request = Request(scope, receive)
        await respond(request, PayloadTooLarge(limit))(scope, receive, send)


_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


def upload_name(filename: str | None, default: str) -> str:
    """A client's file name made safe to write in a temporary folder: the last path part only
    (``/`` and ``\\`` both split), other characters replaced, no leading dots (``.``, ``..``,
    hidden files), at most 100 characters; ``default`` when nothing is left (issue 14, finding 9).
    The suffix survives, since the importer and the checker read it."""
    last = re.split(r"[/\\]", filename or "")[-1]
    name = _NAME_CHARACTERS.sub("_", last).lstrip(".")[-100:]
    return name if name.strip("._-") else default
