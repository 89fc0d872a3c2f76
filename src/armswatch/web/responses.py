"""Answering with data: JSON in the CLI's shapes, CSV and Parquet downloads (one door).

SIPRI's attribution and the release travel with every answer: the ``X-Attribution`` header on all,
the Parquet schema's ``attribution`` metadata, and ``sources.txt`` beside the CSV in a ZIP
(``format=zip``). A CSV's first row is its header, so spreadsheets read it as they should (a
``# Source`` first line broke their header row; issue 18).
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from enum import Enum
from urllib.parse import quote

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from fastapi.responses import Response

from armswatch.export import flatten_lists
from armswatch.register.releases import Release
from armswatch.terms import TERMS, TERMS_URL


class TableFormat(str, Enum):
    json = "json"
    csv = "csv"
    parquet = "parquet"
    zip = "zip"      # the CSV and sources.txt (SIPRI's attribution and the release)


def attribution(release: Release) -> str:
    return f"{release.attribution}. {release.label}."


def _headers(caption: str, filename: str | None = None) -> dict[str, str]:
    headers = {"X-Attribution": quote(caption, safe=" ():,.;-"),  # SIPRI's terms (issue 20):
               "X-SIPRI-Terms": TERMS, "Link": f'<{TERMS_URL}>; rel="license"'}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return headers


def finite(value: object) -> object:
    """``value`` with every NaN and infinity as None: JSON has no such numbers, and a bare ``NaN``
    makes the whole answer unreadable to a strict parser (issue 14, finding 5)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def json_response(value: object, caption: str, status_code: int = 200) -> Response:
    """JSON that any parser reads: no NaN or Infinity (``allow_nan=False`` proves it), and a lone
    surrogate, should one reach here, written as its ``\\uXXXX`` escape instead of failing."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:  # a non-finite number: walk the value only then (big tables stay fast)
        text = json.dumps(finite(value), ensure_ascii=False, default=str, allow_nan=False)
    return Response(text.encode("utf-8", "backslashreplace"), status_code=status_code,
                    media_type="application/json", headers=_headers(caption))


SOURCES_NOTE = ("TIV: SIPRI's trend-indicator value, a volume index in millions, not a price. "
                "Cite the source and the release above when you publish these figures.")


def _csv(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pacsv.write_csv(flatten_lists(table), sink)
    return sink.getvalue()


def table_response(table: pa.Table, fmt: TableFormat, caption: str, name: str) -> Response:
    """The table as the CLI's JSON (a list of rows), CSV (header first), a ZIP of the CSV and
    sources.txt, or Parquet."""
    if fmt is TableFormat.json:
        return json_response(table.to_pylist(), caption)
    if fmt is TableFormat.csv:
        return Response(_csv(table), media_type="text/csv; charset=utf-8",
                        headers=_headers(caption, f"{name}.csv"))
    if fmt is TableFormat.zip:
        sink = io.BytesIO()
        with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{name}.csv", _csv(table))
            archive.writestr("sources.txt", f"{caption}\n{SOURCES_NOTE}\n{TERMS}\n")
        return Response(sink.getvalue(), media_type="application/zip",
                        headers=_headers(caption, f"{name}.zip"))
    sink = io.BytesIO()
    meta = {**(table.schema.metadata or {}), b"attribution": caption.encode(),
            b"terms": TERMS.encode()}
    pq.write_table(table.replace_schema_metadata(meta), sink)
    return Response(sink.getvalue(), media_type="application/vnd.apache.parquet",
                    headers=_headers(caption, f"{name}.parquet"))
