"""Storing checked documents and claims, and the append-only review log (issue 5).

Documents are keyed by the sha256 of their text, claims by a stable id, so storing the same
document twice stores it once. Review decisions are only ever appended (who, when, note); a claim's
state is its latest decision. DuckDB lets one process write a database file at a time: writers
open it with ``open_for_write``, which waits for the lock with backoff (``db.connect``), and keep
it open only for their short transaction, so two ``review accept`` run at once both land.
"""

from __future__ import annotations

import getpass
import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

import duckdb

from armswatch import db
from armswatch.errors import AlreadyDecided, UnknownClaim, UsageError
from armswatch.model import VERDICTS, CheckedClaim, CheckedDocument, Document
from armswatch.reconcile.pipeline import document_sha256
from armswatch.review.links import has_lone_surrogate, http_url
from armswatch.store.database import transaction

Action = Literal["accept", "reject"]
ACTIONS: tuple[str, ...] = ("accept", "reject")
STATES: tuple[str, ...] = ("pending", "accepted", "rejected")
LOCK_WAIT_SECONDS = 60.0


def open_for_write(path: str | Path | None, wait: float = LOCK_WAIT_SECONDS
                   ) -> duckdb.DuckDBPyConnection:
    """The database open read-write, waiting (and saying so) while another process holds it: a
    running ``armswatch serve`` holds it only for its own short writes (db.py, issue 16)."""
    return db.connect(path, wait=wait)


@dataclass(frozen=True)
class StoreResult:
    documents_new: int
    documents_known: int
    claims_new: int
    claims_known: int


@dataclass(frozen=True)
class StoredClaim:
    claim_id: str
    document_id: str | None
    kind: str
    supplier: str | None
    recipient: str | None
    summary: str
    verdict: str
    explanation: str
    deal_ids: tuple[str, ...]
    evidence: str | None
    url: str | None
    outlet: str | None
    published: str | None
    state: str                      # pending | accepted | rejected (the latest decision)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["deal_ids"] = list(self.deal_ids)
        return data


@dataclass(frozen=True)
class Decision:
    entry_id: str
    claim_id: str
    action: str
    reviewer: str
    note: str | None
    decided_at: datetime

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "decided_at": self.decided_at.isoformat()}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _document_row(checked: CheckedDocument) -> tuple[str, Document | None]:
    document = checked.document
    key = document_sha256(document.text) if document else document_sha256(f"id:{checked.id}")
    return key, document


def _refuse_unstorable(results: list[CheckedDocument]) -> None:
    """Text no UTF-8 column can hold (a lone surrogate, ``"\\ud800"`` in JSON) refuses the whole
    store before anything is written (issue 14, finding 9)."""
    for checked in results:
        document = checked.document
        for field in ("text", "title", "url", "outlet", "published"):
            if document is not None and has_lone_surrogate(getattr(document, field)):
                raise UsageError(f"Document {checked.id!r}: its {field} holds a lone surrogate "
                                 "(an unpaired \\ud800-\\udfff escape), which is not text; fix "
                                 "it in the source and store again. Nothing was stored.",
                                 field=field, document=checked.id)


def store_checked(con: duckdb.DuckDBPyConnection, results: list[CheckedDocument],
                  stored_by: str | None = None) -> StoreResult:
    """Store documents and their checked claims; known ones are left as they are. A URL is kept
    only when it is an http(s) address (links.py): any other is dropped, never rendered.
    ``stored_by``: the signed-in user (issue 19); None from the CLI.

    One transaction: the stored keys looked up in one query per table, the new rows written in
    one statement per table (bench/bench_store.py, 300 documents with 840 claims: row by row the
    file was held 6.5 s, now 0.14 s, load average ~11 on two cores)."""
    _refuse_unstorable(results)
    now = _now()
    documents: dict[str, list] = {}
    claims: dict[str, list] = {}
    doc_keys, claim_ids = [], []
    for checked in results:
        key, doc = _document_row(checked)
        doc_keys.append(key)
        documents.setdefault(key, [key, checked.id, doc and http_url(doc.url), doc and doc.outlet,
                                   doc and doc.published, doc and doc.title, doc and doc.text,
                                   now, stored_by])
        for position, item in enumerate(checked.claims):
            claim_ids.append(item.claim_id)
            if item.claim_id not in claims:
                claims[item.claim_id] = _claim_row(key, position, item, checked.release_id, now)
    with transaction(con):
        known_docs = _known(con, "documents", "sha256", list(documents))
        known_claims = _known(con, "claims", "claim_id", list(claims))
        _insert(con, "documents", _DOCUMENT_COLUMNS,
                [row for key, row in documents.items() if key not in known_docs])
        _insert(con, "claims", _CLAIM_COLUMNS,
                [row for claim_id, row in claims.items() if claim_id not in known_claims])
    docs_new, claims_new = len(documents) - len(known_docs), len(claims) - len(known_claims)
    return StoreResult(docs_new, len(doc_keys) - docs_new, claims_new, len(claim_ids) - claims_new)


# each column with its type in schema.sql, for the columns passed as lists
_DOCUMENT_COLUMNS = {"sha256": "VARCHAR", "document_id": "VARCHAR", "url": "VARCHAR",
                     "outlet": "VARCHAR", "published": "VARCHAR", "title": "VARCHAR",
                     "text": "VARCHAR", "stored_at": "TIMESTAMP", "stored_by": "VARCHAR"}
_CLAIM_COLUMNS = {"claim_id": "VARCHAR", "sha256": "VARCHAR", "position": "INTEGER",
                  "kind": "VARCHAR", "supplier": "VARCHAR", "recipient": "VARCHAR",
                  "fields": "VARCHAR", "evidence": "VARCHAR", "evidence_start": "INTEGER",
                  "evidence_end": "INTEGER", "verdict": "VARCHAR", "explanation": "VARCHAR",
                  "deal_ids": "VARCHAR[]", "claimed": "DOUBLE", "computed": "DOUBLE",
                  "release_id": "INTEGER", "checked_at": "TIMESTAMP"}


def _known(con: duckdb.DuckDBPyConnection, table: str, key: str, values: list[str]) -> set[str]:
    """Which of ``values`` the table holds already (its primary key ``key``)."""
    if not values:
        return set()
    rows = con.execute(f"SELECT {key} FROM {table} WHERE {key} IN (SELECT unnest(?))",
                       [values]).fetchall()
    return {row[0] for row in rows}


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str],
            rows: list[list]) -> None:
    """The rows in one statement: each column passed as one list, the lists unnested side by
    side (``executemany`` runs the statement once a row: ~1 s for 840 claims against ~0.1 s)."""
    if rows:
        lists = ", ".join(f"unnest(?::{kind}[])" for kind in columns.values())
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {lists}",
                    [list(column) for column in zip(*rows)])


def _claim_row(key: str, position: int, item: CheckedClaim, release_id: int,
               now: datetime) -> list:
    fields = item.to_dict()
    evidence = item.claim.evidence
    supplier = fields.get("supplier", fields.get("subject"))
    recipient = fields.get("recipient", fields.get("object"))
    return [item.claim_id, key, position, item.kind, supplier, recipient,
            json.dumps(fields, ensure_ascii=False, default=str),
            evidence.text if evidence else None, evidence.start if evidence else None,
            evidence.end if evidence else None, item.verdict.verdict, item.verdict.explanation,
            item.verdict.deal_ids, item.verdict.claimed, item.verdict.computed, release_id, now]


_LATEST = ("(SELECT claim_id, arg_max(action, decided_at) AS action FROM review_log GROUP BY claim_id)")
_SELECT = (f"SELECT c.claim_id, d.document_id, c.kind, c.supplier, c.recipient, c.fields, "
           f"c.verdict, c.explanation, c.deal_ids, c.evidence, d.url, d.outlet, d.published, "
           f"coalesce(CASE r.action WHEN 'accept' THEN 'accepted' WHEN 'reject' THEN 'rejected' "
           f"END, 'pending') AS state FROM claims c JOIN documents d USING (sha256) "
           f"LEFT JOIN {_LATEST} r USING (claim_id)")


def _summary(kind: str, fields: dict) -> str:
    if kind == "transfer":
        system = fields.get("weapon") or fields.get("weapon_generic") or "?"
        quantity = f"{fields['quantity']} " if fields.get("quantity") else ""
        return (f"{fields.get('supplier')} → {fields.get('recipient')}: {quantity}{system}, "
                f"{fields.get('status')} {fields.get('year') or ''}".strip())
    if kind == "statistic":
        period = fields.get("period")
        years = f" {period[0]}-{period[1]}" if period else ""
        return (f"{fields.get('measure')} {fields.get('value')} {fields.get('unit') or ''} "
                f"({fields.get('subject') or '-'} / {fields.get('object') or '-'}){years}")
    return f"{fields.get('type')}: {', '.join(fields.get('actors') or [])} {fields.get('date') or ''}"


def _stored(row: tuple) -> StoredClaim:
    fields = json.loads(row[5])
    return StoredClaim(row[0], row[1], row[2], row[3], row[4], _summary(row[2], fields), row[6],
                       row[7], tuple(row[8] or ()), row[9], row[10], row[11], row[12], row[13])


def list_claims(con: duckdb.DuckDBPyConnection, *, verdict: str | None = None,
                kind: str | None = None, state: str | None = None,
                recipient: str | None = None, supplier: str | None = None) -> list[StoredClaim]:
    """Stored claims, filtered; newest documents first, claims in document order."""
    for value, choices, name in ((verdict, VERDICTS, "verdict"), (state, STATES, "state")):
        if value is not None and value not in choices:
            raise UsageError(f"Unknown {name} {value!r}. Choose one of: {', '.join(choices)}.",
                             choices=list(choices))
    where, params = [], []
    for column, value in (("verdict", verdict), ("kind", kind), ("state", state)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = f"SELECT * FROM ({_SELECT}) q"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = [_stored(r) for r in con.execute(sql + " ORDER BY published DESC NULLS LAST, "
                                            "document_id, claim_id", params).fetchall()]
    return [r for r in rows if _party_ok(r.recipient, recipient) and _party_ok(r.supplier, supplier)]


def _party_ok(written: str | None, wanted: str | None) -> bool:
    """Claims keep the names as written: compare through the party table's aliases."""
    if wanted is None:
        return True
    if written is None:
        return False
    from armswatch.parties import registry

    parties = registry()
    return (parties.lookup(written) or written) == (parties.lookup(wanted) or wanted)


def get_claim(con: duckdb.DuckDBPyConnection, claim_id: str) -> StoredClaim:
    row = con.execute(f"SELECT * FROM ({_SELECT}) q WHERE claim_id = ?", [claim_id]).fetchone()
    if row is None:
        ids = [r[0] for r in con.execute("SELECT claim_id FROM claims").fetchall()]
        raise UnknownClaim(claim_id, ids)
    return _stored(row)


def history(con: duckdb.DuckDBPyConnection, claim_id: str) -> list[Decision]:
    rows = con.execute("SELECT entry_id, claim_id, action, reviewer, note, decided_at FROM review_log "
                       "WHERE claim_id = ? ORDER BY decided_at, entry_id", [claim_id]).fetchall()
    return [Decision(*r) for r in rows]


def review(con: duckdb.DuckDBPyConnection, claim_id: str, action: Action, note: str | None = None,
           reviewer: str | None = None, seen: str | None = None) -> Decision:
    """Append a decision to the review log (never updates or deletes one). ``seen``: the
    entry_id of the latest decision the reviewer saw ("" for none); given, the decision is
    written only if that is still the latest, else ``AlreadyDecided`` names the one made since
    (issue 19: the connection writing holds the database's writer lock, so the look and the
    write are one step for every process)."""
    if action not in ACTIONS:
        raise UsageError(f"Unknown action {action!r}. Choose one of: {', '.join(ACTIONS)}.",
                         choices=list(ACTIONS))
    get_claim(con, claim_id)
    if seen is not None:
        latest = con.execute("SELECT entry_id, action, reviewer, decided_at FROM review_log "
                             "WHERE claim_id = ? ORDER BY decided_at DESC, entry_id DESC LIMIT 1",
                             [claim_id]).fetchone()
        if latest is not None and latest[0] != seen:
            raise AlreadyDecided(claim_id, *latest)
        if latest is None and seen != "":
            raise UsageError(f"seen {seen!r} is no decision on claim {claim_id}, which has none "
                             "yet: send seen as \"\".", field="seen")
    decision = Decision(uuid.uuid4().hex, claim_id, action, reviewer or _reviewer(), note, _now())
    con.execute("INSERT INTO review_log VALUES (?, ?, ?, ?, ?, ?)",
                [decision.entry_id, claim_id, action, decision.reviewer, note, decision.decided_at])
    return decision


def _reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
