"""Input readers: plain text, HTML, JSON Lines and directories of .json documents.

A problem with one document (empty, binary, undecodable, too large, not JSON, no article in the
HTML) becomes a ``DocumentProblem`` with a stable code (docs/errors.md) and the batch goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from armswatch.extract.model import Document, DocumentProblem

# A long feature article is ~50,000 characters; beyond this a "document" is a dump or a mistake,
# and is cut here (with a problem saying so) to bound time and memory per document.
MAX_CHARS = 200_000
MIN_ARTICLE_CHARS = 40
_BINARY_MAGIC = (b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BZh")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote", "div", "td", "br", "section")
_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, figcaption"


@dataclass(frozen=True)
class ReadItem:
    source: str
    document: Document | None = None
    problem: DocumentProblem | None = None


def read_path(path: Path) -> Iterator[ReadItem]:
    """Every document under a path; a directory yields its .json, .jsonl, .txt and .html files."""
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix.lower() in (".json", ".jsonl", ".txt", ".html", ".htm"):
                yield from read_path(child)
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl(path)
        return
    raw = path.read_bytes()
    text, problem = decode(raw, str(path))
    if text is None:
        yield ReadItem(str(path), problem=problem)
    elif suffix == ".json":
        yield json_document(text, str(path), path.stem)
    elif suffix in (".html", ".htm") or _looks_like_html(text):
        yield _html_document(text, str(path), path.stem)
    else:
        yield checked(Document(id=path.stem, text=text), str(path))


def decode(raw: bytes, source: str) -> tuple[str | None, DocumentProblem | None]:
    if not raw.strip():
        return None, DocumentProblem("document-empty", "the input has no text", source)
    if raw.startswith(_BINARY_MAGIC) or b"\x00" in raw[:4096]:
        return None, DocumentProblem("document-binary", "the input is binary data, not text", source)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, DocumentProblem("document-undecodable",
                                     f"not UTF-8 text (byte {exc.start}); save it as UTF-8", source)


def checked(document: Document, source: str) -> ReadItem:
    """The document, cut to MAX_CHARS with a problem that says so, or a problem if empty."""
    if not document.text.strip():
        return ReadItem(source, problem=DocumentProblem("document-empty", "the document has no text",
                                                        source))
    if len(document.text) > MAX_CHARS:
        cut = Document(document.id, document.text[:MAX_CHARS], document.url, document.title,
                       document.outlet, document.published)
        note = DocumentProblem("document-truncated", f"{len(document.text):,} characters; only the "
                               f"first {MAX_CHARS:,} were read", source)
        return ReadItem(source, document=cut, problem=note)
    return ReadItem(source, document=document)


def _jsonl(path: Path) -> Iterator[ReadItem]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            text, problem = decode(raw, source)
            yield ReadItem(source, problem=problem) if text is None else \
                json_document(text, source, f"{path.stem}-{number}")


def json_document(text: str, source: str, default_id: str) -> ReadItem:
    """One JSON object (a line of JSON Lines or a .json file) as a document, or its problem."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return ReadItem(source, problem=DocumentProblem("document-not-json", f"not JSON: {exc.msg} "
                                                        f"at column {exc.colno}", source))
    if not isinstance(record, dict):
        record = {}   # not an object: no 'text' either, reported as such below
    return record_document(record, source, default_id)


def record_document(record: dict, source: str, default_id: str) -> ReadItem:
    """A document from a record's fields (a JSON object, a Parquet row), or why it is not one."""
    if not isinstance(record.get("text"), str):
        return ReadItem(source, problem=DocumentProblem(
            "document-no-text", "a document needs a string field 'text'", source))
    fields = {k: str(record[k]) if record.get(k) is not None else None
              for k in ("url", "title", "outlet", "published")}
    return checked(Document(id=str(record.get("id") or default_id), text=record["text"], **fields),
                   source)


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _html_document(html: str, source: str, default_id: str) -> ReadItem:
    tree = HTMLParser(html)
    title = tree.css_first("title")
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    text = html_text(root) if root is not None else ""
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        return ReadItem(source, problem=DocumentProblem(
            "html-no-article", "the page has no article text (only scripts, menus or nothing)",
            source))
    return checked(Document(id=default_id, text=text,
                            title=title.text(strip=True) if title is not None else None), source)


def html_text(root) -> str:  # type: ignore[no-untyped-def]
    """Text of an HTML subtree, one line per block element."""
    for node in root.css(",".join(_BLOCKS)):
        node.insert_after("\n")
    lines = (" ".join(line.split()) for line in root.text(deep=True).splitlines())
    return "\n".join(line for line in lines if line)
