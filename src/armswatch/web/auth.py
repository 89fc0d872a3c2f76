"""Write tokens and protection against cross-site request forgery (issue 6).

Reading is open. Writing (import, store, review) needs a token made by ``armswatch token create``;
the database keeps only its sha256. The API takes it as ``Authorization: Bearer TOKEN``; pages take
it once at /login and keep it in an HttpOnly, SameSite=Strict cookie. Every form carries a
double-submit anti-forgery token that must equal its cookie, and a cross-site Origin is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb
from fastapi import Request

from armswatch.errors import CsrfFailed, InvalidToken, TokenRequired

TOKEN_COOKIE = "aw_token"
CSRF_COOKIE = "aw_csrf"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class NewToken:
    token: str      # shown once; only its hash is stored
    name: str
    created_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(con: duckdb.DuckDBPyConnection, name: str = "default") -> NewToken:
    token = "aw_" + secrets.token_urlsafe(32)
    created = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute("INSERT INTO tokens VALUES (?, ?, ?)", [_hash(token), name, created])
    return NewToken(token, name, created)


def check_token(con: duckdb.DuckDBPyConnection, token: str | None) -> str:
    """The token's name, or TokenRequired / InvalidToken."""
    if not token:
        raise TokenRequired()
    row = con.execute("SELECT name FROM tokens WHERE token_sha256 = ?", [_hash(token)]).fetchone()
    if row is None:
        raise InvalidToken()
    return row[0]


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def request_token(request: Request) -> str | None:
    """The API's bearer token, else the pages' sign-in cookie."""
    return bearer(request) or request.cookies.get(TOKEN_COOKIE)


def csrf_value(request: Request) -> str:
    """The visitor's anti-forgery value (a new one when the cookie is missing)."""
    return request.cookies.get(CSRF_COOKIE) or request.state.__dict__.setdefault(
        "new_csrf", secrets.token_urlsafe(24))


def check_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    origin = request.headers.get("origin")
    if origin and origin not in (f"{request.url.scheme}://{request.url.netloc}", "null"):
        raise CsrfFailed(f"A form posted from {origin} to this server was refused.", origin=origin)
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise CsrfFailed("The form's anti-forgery token is missing or stale; reload the page "
                         "and submit again.", field=CSRF_FIELD)
