"""Where a database is: a file's path, or a team's PostgreSQL server's URL (issue 19), and how a
URL may be shown. Light on purpose: the file path imports this, never store/postgres.py or
psycopg."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")


def is_url(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a file."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def redacted(url: str) -> str:
    """The URL as it may be shown: a password replaced by ``***`` (never printed, issue 19).
    A file's path is returned as it is."""
    if not is_url(url):
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def concealed(target: str) -> str:
    """Where a database is, as the web app tells a caller who is not an admin: a team server's
    URL without user, host, port or database name (they help whoever probes the server; an
    admin's token sees ``redacted``). A file's path is returned as it is."""
    if not is_url(target):
        return target
    return f"{urlsplit(target).scheme}://***"
