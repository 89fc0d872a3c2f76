"""Flow totals: delivered TIV per release and year for the world, each supplier and each recipient,
over all categories and per category (table ``flow_totals``, schema.sql).

They are the denominators of the shares ``flows`` gives (of world transfers, of a supplier's
exports, of a recipient's imports), precomputed so that a query sums only the deliveries it selects
(issue 3: flows within 10 ms). Derived data: ``build_totals`` writes them from the deliveries inside
the caller's transaction, so an import and its totals commit together. Opening a database for
writing builds the totals of any release that lacks them (schema.sql). The setting
``flow_totals:<release id>`` marks a release whose totals are in place (settings exists in every
database, so a reader learns it with the releases, even from a database older than the totals);
``flows`` reads the deliveries directly for any other release.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb


def build_totals(con: duckdb.DuckDBPyConnection, release_ids: Iterable[int] | None = None) -> None:
    """(Re)build the totals of ``release_ids`` (default: every release) from their deliveries."""
    if release_ids is None:
        ids = [row[0] for row in con.execute("SELECT release_id FROM releases").fetchall()]
    else:
        ids = sorted(set(release_ids))
    if not ids:
        return
    con.execute("DELETE FROM flow_totals WHERE list_contains(?, release_id)", [ids])
    con.execute("INSERT INTO flow_totals SELECT * FROM flow_totals_of(?) "
                "ORDER BY release_id, category NULLS FIRST, role, party, year", [ids])
    con.execute("INSERT OR REPLACE INTO settings SELECT unnest(?), CAST(now()::TIMESTAMP AS VARCHAR)",
                [[marker(i) for i in ids]])


def marker(release_id: int) -> str:
    """The setting that marks a release whose flow totals are in place."""
    return f"flow_totals:{release_id}"
