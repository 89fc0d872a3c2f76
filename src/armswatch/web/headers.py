"""Security headers on every answer (issue 14, finding 3): HTML pages get a Content-Security-Policy
that runs only this server's own script files (no inline script, no event-handler attributes, no
``javascript:`` URLs, no eval), cannot be framed, and post forms only to this server.

Inline *styles* stay allowed: plotly sets them on the chart's SVG elements as it draws, and a style
cannot run code. Every other kind of content comes from this server ('self') or nowhere.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
    "form-action 'self'"))
EVERY_ANSWER = {"X-Content-Type-Options": "nosniff"}
HTML_PAGES = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Frame-Options": "DENY",
              "Referrer-Policy": "same-origin"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                extra = {**EVERY_ANSWER, **HTML_PAGES} if headers.get(
                    "content-type", "").startswith("text/html") else EVERY_ANSWER
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, sending)
