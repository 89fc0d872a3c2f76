"""Who writes: users' tokens and roles (issues 6, 19), and protection against cross-site request
forgery (issue 14).

Reading is open. Writing needs a token of a user whose role allows it (review/users.py): a
reviewer stores checked articles and reviews claims, an admin also imports releases; the
database keeps only each token's sha256. The API takes a token only as ``Authorization: Bearer
TOKEN``, never from a cookie; pages take it once at /login and keep it in an HttpOnly,
SameSite=Strict session cookie that only forms read, checked again at every write, so a revoked
token stops working at once. Every form must come from this server's origin (Origin, else
Referer; ``null`` refused) and carry a double-submit anti-forgery token equal to its cookie
(issue 14; docs/security.md).
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

import duckdb
from fastapi import Request

from armswatch.errors import CsrfFailed, InvalidToken, RoleForbidden, TokenRequired
from armswatch.review.users import NewToken, User, authenticate, create_token  # noqa: F401

TOKEN_COOKIE = "aw_token"
CSRF_COOKIE = "aw_csrf"
CSRF_FIELD = "csrf_token"
# what each write needs (review/users.py ROLES: admin > reviewer > viewer)
NEEDS = {"review": "reviewer", "store": "reviewer", "import": "admin"}
DOING = {"review": "reviewing claims", "store": "storing checked articles",
         "import": "importing a release"}


def check_token(con: duckdb.DuckDBPyConnection, token: str | None) -> User:
    """The token's user, or TokenRequired / InvalidToken (unknown or revoked)."""
    return authenticate(con, token)


def allowed(user: User, write: str) -> User:
    """``user``, if their role allows ``write`` (review, store, import); else RoleForbidden."""
    if not user.may(NEEDS[write]):
        raise RoleForbidden(user.name, user.role, NEEDS[write], DOING[write])
    return user


def signed_in_as(con: duckdb.DuckDBPyConnection, request: Request) -> str:
    """What a page's header says of its visitor's sign-in cookie: their name and role, or that
    the token no longer works (revoked since they signed in)."""
    try:
        user = check_token(con, request.cookies.get(TOKEN_COOKIE))
    except (InvalidToken, TokenRequired):
        return "Token no longer valid: sign in again"
    return f"{user.name} ({user.role})"


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def api_writer(con: duckdb.DuckDBPyConnection, request: Request, write: str) -> User:
    """Who writes through the API: the bearer token's user, if their role allows ``write``. The
    sign-in cookie is never read here: a browser sends it with any page's request to this host,
    even a page on another port (issue 14, finding 1), while a bearer header is only ever sent by
    code that holds the token."""
    return allowed(check_token(con, bearer(request)), write)


def form_writer(con: duckdb.DuckDBPyConnection, request: Request, write: str) -> User:
    """Who writes through a page's form: the sign-in cookie's user, if their role allows
    ``write`` (after ``check_csrf``)."""
    return allowed(check_token(con, request.cookies.get(TOKEN_COOKIE)), write)


def csrf_value(request: Request) -> str:
    """The visitor's anti-forgery value (a new one when the cookie is missing)."""
    return request.cookies.get(CSRF_COOKIE) or request.state.__dict__.setdefault(
        "new_csrf", secrets.token_urlsafe(24))


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_origin(request: Request) -> None:
    """A form must come from this server's own pages: its Origin, else its Referer, must be this
    server's origin. ``Origin: null`` (sandboxed frames, data: pages, some redirects) is refused,
    and so is a post that carries neither header."""
    origin = request.headers.get("origin")
    sent = origin if origin is not None else request.headers.get("referer")
    if sent is None:
        raise CsrfFailed("A form posted without Origin or Referer header was refused; submit it "
                         "from this server's own page.", field="origin")
    if (origin if origin is not None else _origin_of(sent)) != own_origin(request):
        raise CsrfFailed(f"A form posted from {sent} to this server was refused; submit it from "
                         f"{own_origin(request)}.", origin=sent)


def check_csrf(request: Request, submitted: str | None) -> None:
    """The form's origin, then its double-submit token: the form field must equal the cookie,
    and both must be there."""
    check_origin(request)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise CsrfFailed("The form's anti-forgery token is missing or stale; reload the page "
                         "and submit again.", field=CSRF_FIELD)


def safe_next(target: str | None, default: str = "/") -> str:
    """Where to go after signing in: a path on this server only. ``//host``, ``/\\host`` and any
    control character (browsers drop tabs and newlines, and read ``\\`` as ``/``) would leave it."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ch < " " or ch == "\x7f" for ch in target):
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default
