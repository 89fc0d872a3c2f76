"""Stored documents (issue 6 reads them for /api/documents): one row per text checked and stored."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb


@dataclass(frozen=True)
class StoredDocument:
    sha256: str
    document_id: str | None
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    stored_at: datetime
    claims: int

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "stored_at": self.stored_at.isoformat()}


def list_documents(con: duckdb.DuckDBPyConnection) -> list[StoredDocument]:
    """Stored documents with their claim counts, newest stored first."""
    rows = con.execute(
        "SELECT d.sha256, d.document_id, d.url, d.outlet, d.published, d.title, d.stored_at, "
        "count(c.claim_id) FROM documents d LEFT JOIN claims c USING (sha256) "
        "GROUP BY ALL ORDER BY d.stored_at DESC, d.sha256").fetchall()
    return [StoredDocument(*row) for row in rows]
