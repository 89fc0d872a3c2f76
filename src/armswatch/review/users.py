"""Named users, their roles and their tokens (issue 19; docs/team.md).

A user has a role: a viewer reads, a reviewer also stores checked articles and accepts or rejects
claims, an admin also imports releases. (Reading is open to anyone the server is reachable by:
put a team server behind a proxy that asks for a login if its reading must be private.) Users
are managed with the CLI against the database (`armswatch user ...`): whoever can write the
database file or log into the PostgreSQL database manages users.

A token is printed once and never stored: the database keeps its sha256 and a short public id,
which the token carries (``aw_<id>_<secret>``, the secret 256 random bits from ``secrets``), so a
token is found by its id and its hash compared in constant time (``hmac.compare_digest``). A fast
hash is enough for 256 random bits (a password hash protects guessable secrets). Tokens from
before issue 19 (``aw_<secret>``) are found by their hash. Revoking a user or a token takes effect
at the next request: the server reads users and tokens from its copy of the database, which it
renews within a poll of another process's write (docs/architecture.md).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal, get_args

import duckdb

from armswatch.errors import InvalidToken, TokenRequired, UnknownToken, UnknownUser, UsageError, \
    UserExists
from armswatch.store.tables import transaction

Role = Literal["viewer", "reviewer", "admin"]
ROLES: tuple[str, ...] = get_args(Role)   # each role may do what those before it may
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_NEW_TOKEN = re.compile(r"^aw_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    token_id: str | None = None          # the token they came with (None when listed)

    def may(self, role: str) -> bool:
        """Whether this user's role includes ``role`` (admin > reviewer > viewer)."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class NewToken:
    token: str          # shown once; only its hash is stored
    token_id: str
    name: str           # the user's
    role: str
    created_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    token_id: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    created_at: datetime
    last_used_at: datetime | None        # the latest of their tokens'
    revoked_at: datetime | None
    tokens: tuple[TokenInfo, ...]

    def to_dict(self) -> dict[str, object]:
        def when(value: datetime | None) -> str | None:
            return value.isoformat(timespec="seconds") if value else None
        return {"name": self.name, "role": self.role, "created_at": when(self.created_at),
                "last_used_at": when(self.last_used_at), "revoked_at": when(self.revoked_at),
                "tokens": [{"token_id": t.token_id, "created_at": when(t.created_at),
                            "last_used_at": when(t.last_used_at),
                            "revoked_at": when(t.revoked_at)} for t in self.tokens]}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"Unknown role {role!r}. Choose one of: {', '.join(ROLES)}.",
                         field="role", choices=list(ROLES))
    return role


def _check_name(name: str) -> str:
    if not NAME.match(name):
        raise UsageError(f"User name {name!r} is not one armswatch takes: 1-64 letters, digits "
                         "and . _ @ - (starting with a letter or digit), e.g. ana.lopez.",
                         field="name")
    return name


def _user_row(con: duckdb.DuckDBPyConnection, name: str) -> tuple | None:
    return con.execute("SELECT name, role, revoked_at FROM users WHERE name = ?", [name]).fetchone()


def _known(con: duckdb.DuckDBPyConnection, name: str) -> tuple:
    row = _user_row(con, name)
    if row is None:
        raise UnknownUser(name, [n for (n,) in con.execute("SELECT name FROM users").fetchall()])
    return row


def add_user(con: duckdb.DuckDBPyConnection, name: str, role: str) -> NewToken:
    """A new user with ``role`` and their first token (``UserExists`` if the name is taken)."""
    _check_name(name)
    _check_role(role)
    with transaction(con):
        if _user_row(con, name) is not None:
            raise UserExists(name)
        con.execute("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                    [name, role, _now()])
        return _insert_token(con, name, role)


def create_token(con: duckdb.DuckDBPyConnection, name: str = "default",
                 role: str = "admin") -> NewToken:
    """Another token for user ``name``; a user not yet known is added with ``role``: by default
    an admin, as ``armswatch token create --name NAME`` made before users (a token that imports,
    stores and reviews as NAME; tokens of then became admins too: store/migrations.py).
    A revoked user gets no new token (``UsageError``: restore them with ``user role``)."""
    _check_name(name)
    _check_role(role)
    with transaction(con):
        row = _user_row(con, name)
        if row is None:
            con.execute("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                        [name, role, _now()])
        elif row[2] is not None:
            raise UsageError(f"User {name!r} is revoked; give them a role again first "
                             f"(`armswatch user role {name} {row[1]}`).", user=name)
        return _insert_token(con, name, row[1] if row else role)


def _insert_token(con: duckdb.DuckDBPyConnection, name: str, role: str) -> NewToken:
    while True:
        token_id = secrets.token_hex(6)
        if con.execute("SELECT 1 FROM tokens WHERE token_id = ?", [token_id]).fetchone() is None:
            break
    token = f"aw_{token_id}_{secrets.token_urlsafe(32)}"
    created = _now()
    con.execute("INSERT INTO tokens (token_sha256, name, created_at, token_id) VALUES (?, ?, ?, ?)",
                [_hash(token), name, created, token_id])
    return NewToken(token, token_id, name, role, created)


def authenticate(con: duckdb.DuckDBPyConnection, token: str | None) -> User:
    """The user a token belongs to: ``TokenRequired`` without one, ``InvalidToken`` for one that
    is unknown, revoked, or whose user is revoked."""
    if not token:
        raise TokenRequired()
    new = _NEW_TOKEN.match(token)
    column, key = ("t.token_id", new[1]) if new else ("t.token_sha256", _hash(token))
    row = con.execute("SELECT t.token_sha256, t.token_id, u.name, u.role FROM tokens t "
                      "JOIN users u ON u.name = t.name WHERE t.revoked_at IS NULL AND "
                      f"u.revoked_at IS NULL AND {column} = ?", [key]).fetchone()
    if row is None or not hmac.compare_digest(row[0], _hash(token)):
        raise InvalidToken()
    return User(row[2], row[3], row[1])


def touch(con: duckdb.DuckDBPyConnection, user: User) -> None:
    """Note that ``user``'s token was used now (a sign-in or a write), on the file being written."""
    if user.token_id is not None:
        con.execute("UPDATE tokens SET last_used_at = ? WHERE token_id = ?", [_now(), user.token_id])


def set_role(con: duckdb.DuckDBPyConnection, name: str, role: str) -> User:
    """Give ``name`` a role; a revoked user is restored, with no token until
    ``create_token`` (their old tokens stay revoked)."""
    _check_role(role)
    _known(con, name)
    con.execute("UPDATE users SET role = ?, revoked_at = NULL WHERE name = ?", [role, name])
    return User(name, role)


def revoke_user(con: duckdb.DuckDBPyConnection, name: str) -> User:
    """Refuse ``name`` and every token of theirs from now on (their past decisions stay theirs).
    Given a role again (``set_role``) they need a new token: the old ones stay revoked."""
    row = _known(con, name)
    now = _now()
    with transaction(con):
        con.execute("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                    [now, name])
        con.execute("UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                    [now, name])
    return User(row[0], row[1])


def revoke_token(con: duckdb.DuckDBPyConnection, token_id: str) -> User:
    """Refuse one token (``user list --tokens`` shows the ids); the user's others still work."""
    row = con.execute("SELECT u.name, u.role FROM tokens t JOIN users u ON u.name = t.name "
                      "WHERE t.token_id = ?", [token_id]).fetchone()
    if row is None:
        raise UnknownToken(token_id)
    con.execute("UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
                [_now(), token_id])
    return User(row[0], row[1], token_id)


def list_users(con: duckdb.DuckDBPyConnection) -> list[UserInfo]:
    """Every user, by name, with their tokens (ids and dates only: never a token)."""
    tokens: dict[str, list[TokenInfo]] = {}
    for name, *info in con.execute("SELECT name, token_id, created_at, last_used_at, revoked_at "
                                   "FROM tokens ORDER BY created_at, token_id").fetchall():
        tokens.setdefault(name, []).append(TokenInfo(*info))
    users = []
    for name, role, created, revoked in con.execute(
            "SELECT name, role, created_at, revoked_at FROM users ORDER BY name").fetchall():
        own = tuple(tokens.get(name, ()))
        used = max((t.last_used_at for t in own if t.last_used_at), default=None)
        users.append(UserInfo(name, role, created, used, revoked, own))
    return users
