"""Shards: the unit of work. One input file (JSON Lines, plain or gzip, or Parquet) is one shard.

Inputs are a glob of local paths or any fsspec URL (``s3://bucket/news/*.parquet`` where the user
has the filesystem package). Each shard gets a stable key from its file name, so a re-run writes
the same output file and a finished shard is recognised and skipped.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.errors import UsageError
from armswatch.extract.documents import ReadItem, decode, json_document, record_document
from armswatch.model import Document

SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".parquet")
DOCUMENT_FIELDS = ("id", "text", "url", "title", "outlet", "published")
PARQUET_BATCH_ROWS = 2_048


class ShardUnreadable(Exception):
    """The shard as a whole cannot be read (corrupt gzip, broken Parquet, no 'text' column)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Shard:
    url: str   # as fsspec opens it
    key: str   # stable name of the shard's output


def find_shards(patterns: list[str]) -> list[Shard]:
    """Every input file the globs match, in a stable order, each with a unique key."""
    urls: list[str] = []
    for pattern in patterns:
        fs, root = fsspec.core.url_to_fs(pattern)
        if any(c in root for c in "*?["):
            paths = fs.glob(root)
        elif fs.isdir(root):   # a folder: every shard in it, at any depth
            paths = fs.glob(f"{root.rstrip('/')}/**")
        else:
            paths = [root]
        matched = sorted(p for p in paths if p.lower().endswith(SUFFIXES) and fs.isfile(p))
        if not matched:
            raise UsageError(f"No shards match {pattern!r}: give JSON Lines (.jsonl, .jsonl.gz) or "
                             f"Parquet files, e.g. 'archive/*.jsonl.gz'.")
        urls.extend(fs.unstrip_protocol(p) if _has_protocol(pattern) else p for p in matched)
    urls = list(dict.fromkeys(urls))
    return [Shard(url, key) for url, key in zip(urls, shard_keys(urls))]


def shard_keys(urls: list[str]) -> list[str]:
    """The file name without its suffixes; names that clash get a hash of their full path."""
    names = [_stem(url) for url in urls]
    clashes = {n for n in names if names.count(n) > 1}
    return [f"{n}-{hashlib.sha1(u.encode()).hexdigest()[:8]}" if n in clashes else n
            for n, u in zip(names, urls)]


def read_shard(shard: Shard) -> Iterator[ReadItem]:
    """The shard's documents one by one; a bad document is an item with a problem, a bad shard
    raises ``ShardUnreadable`` (the caller writes nothing for it)."""
    try:
        if shard.url.lower().endswith(".parquet"):
            yield from _parquet(shard)
        else:
            yield from _jsonl(shard)
    except (OSError, EOFError, zlib.error, pa.ArrowException) as exc:
        raise ShardUnreadable("shard-unreadable", f"{type(exc).__name__}: {exc}; the file is "
                              f"corrupt or cut short — fetch it again") from exc


def _jsonl(shard: Shard) -> Iterator[ReadItem]:
    with fsspec.open(shard.url, "rb") as raw:
        handle = gzip.GzipFile(fileobj=raw) if shard.url.lower().endswith(".gz") else raw
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            source = f"{shard.url}:{number}"
            text, problem = decode(line, source)
            yield ReadItem(source, problem=problem) if text is None else \
                json_document(text, source, f"{shard.key}-{number}")


def _parquet(shard: Shard) -> Iterator[ReadItem]:
    with fsspec.open(shard.url, "rb") as raw:
        parquet = pq.ParquetFile(raw)
        present = [f for f in DOCUMENT_FIELDS if f in parquet.schema_arrow.names]
        if "text" not in present:
            raise ShardUnreadable("shard-no-text", "the Parquet file has no 'text' column; "
                                  f"documents need {', '.join(DOCUMENT_FIELDS)} (text required)")
        row = 0
        for batch in parquet.iter_batches(PARQUET_BATCH_ROWS, columns=present):
            for record in batch.to_pylist():
                row += 1
                yield record_document(record, f"{shard.url}#{row}", f"{shard.key}-{row}")


def _stem(url: str) -> str:
    name = url.rstrip("/").rsplit("/", 1)[-1]
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name) or "shard"


def _has_protocol(pattern: str) -> bool:
    return "://" in pattern


def dumps_document(document: Document) -> str:
    """One JSON Lines record of a document (the synthetic archive writes these)."""
    return json.dumps({k: getattr(document, k) for k in DOCUMENT_FIELDS}, ensure_ascii=False)
