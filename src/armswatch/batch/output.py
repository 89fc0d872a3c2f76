"""Output datasets: ``OUT/shard=<key>/part-0.parquet``, one file per shard, written atomically.

A shard's file is written under a temporary name in the same folder and renamed into place, so a
worker killed mid-write leaves no partial file (readers skip names starting with '.'), and a
re-run of the same shard replaces exactly that file. The shard's run figures travel in the file's
metadata, so a resumed run can report shards it did not redo.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.batch.report import ShardReport

PART = "part-0.parquet"
META_KEY = b"armswatch"
ATTRIBUTION_KEY = b"source"


def shard_path(out: str, key: str) -> str:
    return f"{out.rstrip('/')}/shard={key}/{PART}"


def write_shard(out: str, key: str, table: pa.Table, report: ShardReport,
                attribution: str | None = None) -> None:
    """Write the shard's rows and figures as one file, atomically (temporary name, then rename).
    Rows that rest on SIPRI's data carry its attribution line in the file's metadata."""
    fs, path = fsspec.core.url_to_fs(shard_path(out, key))
    folder = path.rsplit("/", 1)[0]
    fs.makedirs(folder, exist_ok=True)
    temporary = f"{folder}/.{PART}.{uuid.uuid4().hex}.tmp"
    meta = {**(table.schema.metadata or {}), META_KEY: json.dumps(asdict(report)).encode()}
    if attribution:
        meta[ATTRIBUTION_KEY] = attribution.encode()
    with fs.open(temporary, "wb") as handle:
        pq.write_table(table.replace_schema_metadata(meta), handle, compression="zstd")
    fs.mv(temporary, path)


def written_shards(out: str) -> dict[str, str]:
    """Shards already written under ``out``: key → file path."""
    fs, root = fsspec.core.url_to_fs(out)
    if not fs.exists(root):
        return {}
    found = {}
    for path in fs.glob(f"{root.rstrip('/')}/shard=*/{PART}"):
        key = path.rsplit("/", 2)[-2].removeprefix("shard=")
        found[key] = fs.unstrip_protocol(path) if "://" in out else path
    return found


def _metadata(path: str) -> dict[bytes, bytes]:
    with fsspec.open(path, "rb") as handle:
        return pq.read_schema(handle).metadata or {}


def shard_report(path: str) -> ShardReport | None:
    """The figures a finished shard's file carries (None for a file written by something else)."""
    meta = _metadata(path)
    if META_KEY not in meta:
        return None
    return ShardReport(**json.loads(meta[META_KEY]))


def read_shard_table(path: str) -> pa.Table:
    with fsspec.open(path, "rb") as handle:
        return pq.read_table(handle)


def attribution(path: str) -> str | None:
    """The SIPRI attribution line a checked shard carries."""
    value = _metadata(path).get(ATTRIBUTION_KEY)
    return value.decode() if value else None
