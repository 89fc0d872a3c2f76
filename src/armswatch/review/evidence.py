"""The open-source evidence layer: transfer claims analysts accepted, with their sources.

Kept beside SIPRI's data, never mixed into it (issue 5). A claim that matched deals links to them
by id (``deal_ids``); one that did not (``undocumented``) is evidence the register lacks. Analytics
include the layer only when asked: ``evidence_layer(con, unlinked_only=True)`` gives the accepted
transfers that add to the register without counting a deal twice.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb

from armswatch.parties import registry

_ACCEPTED = """
SELECT c.claim_id, c.fields, c.verdict, c.deal_ids, c.evidence, d.url, d.outlet, d.published,
       d.document_id, r.reviewer, r.note, r.decided_at
FROM claims c JOIN documents d USING (sha256)
JOIN (SELECT claim_id, arg_max(action, decided_at) AS action, arg_max(reviewer, decided_at) AS reviewer,
             arg_max(note, decided_at) AS note, max(decided_at) AS decided_at
      FROM review_log GROUP BY claim_id) r USING (claim_id)
WHERE r.action = 'accept' AND c.kind = 'transfer'
ORDER BY d.published NULLS LAST, c.claim_id
"""


@dataclass(frozen=True)
class EvidenceItem:
    claim_id: str
    supplier: str | None      # the register's name when the party table knows it
    recipient: str | None
    weapon: str | None
    category: str | None
    quantity: int | None
    status: str
    year: int | None
    verdict: str
    deal_ids: tuple[str, ...]  # the register's deals it is linked to (none: not in the register)
    evidence: str | None
    url: str | None
    outlet: str | None
    published: str | None
    document_id: str | None
    reviewer: str
    note: str | None
    accepted_at: datetime

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["deal_ids"] = list(self.deal_ids)
        data["accepted_at"] = self.accepted_at.isoformat()
        return data


def _canonical(name: str | None) -> str | None:
    return (registry().lookup(name) or name) if name else None


def evidence_layer(con: duckdb.DuckDBPyConnection, *, supplier: str | None = None,
                   recipient: str | None = None, unlinked_only: bool = False
                   ) -> list[EvidenceItem]:
    items = []
    for row in con.execute(_ACCEPTED).fetchall():
        fields = json.loads(row[1])
        item = EvidenceItem(
            row[0], _canonical(fields.get("supplier")), _canonical(fields.get("recipient")),
            fields.get("weapon") or fields.get("weapon_generic"), fields.get("category"),
            fields.get("quantity"), fields.get("status"), fields.get("year"), row[2],
            tuple(row[3] or ()), row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11])
        if supplier and item.supplier != _canonical(supplier):
            continue
        if recipient and item.recipient != _canonical(recipient):
            continue
        if unlinked_only and item.deal_ids:
            continue
        items.append(item)
    return items
