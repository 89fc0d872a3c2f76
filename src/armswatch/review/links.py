"""Which article addresses armswatch keeps and renders as links (issue 14, finding 3).

A stored URL becomes an ``<a href>`` on /review and /country, so only a plain ``http(s)`` address
passes: ``javascript:``, ``data:`` and every other scheme, in any letter case, are refused, and so
is any whitespace or control character (browsers strip a leading space or tab before reading the
scheme, which is how ``" javascript:..."`` ran). The same test runs when a document is stored and
again when a page renders, so rows written before this check never become live links.
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048        # what browsers and proxies reliably carry
SCHEMES = ("http", "https")


def http_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) address safe to link to, else None."""
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    if any(ch <= " " or ch == "\x7f" or ch == "\\" or 0xD800 <= ord(ch) <= 0xDFFF for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:   # an unbalanced [ in the host
        return None
    return url if parts.scheme.lower() in SCHEMES and parts.hostname else None


def has_lone_surrogate(text: str | None) -> bool:
    """True when ``text`` holds a lone UTF-16 surrogate (``"\\ud800"`` in JSON), which no UTF-8
    file or database column can hold."""
    return bool(text) and any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)  # type: ignore[union-attr]
