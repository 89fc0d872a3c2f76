"""Delivered TIV by any combination of supplier, recipient, year, period and category, with shares.

Built on the deliveries table (one row per deal per delivery year), so each deal's TIV falls in the
years SIPRI delivered it where SIPRI's own yearly split is known (docs/analytics.md).

Shares, in per cent, for each group and time cell (the year or period when one is a key, else the
whole range), all under the query's category filter:
- ``share``: of the selection's total (the groups shown add up to 100);
- ``share_of_recipient_imports``: of everything the group's recipient received (when the recipient
  is fixed by a filter or a key);
- ``share_of_supplier_exports``: of everything the group's supplier delivered (likewise);
- ``share_of_world``: of all transfers (global exports, which equal global imports);
- ``change_pct``: the change of ``tiv`` against the previous year or period, same group.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal, get_args

import duckdb
import pandas as pd
import pyarrow as pa

from armswatch.analytics.periods import Period, bucket_sql, check_covered, check_years, covered_years
from armswatch.errors import UsageError
from armswatch.parties import SUCCESSORS, registry
from armswatch.register.releases import Release, current_release
from armswatch.sources.categories import CATEGORIES

Dimension = Literal["supplier", "recipient", "year", "period", "category",
                    "supplier_region", "recipient_region"]
DIMENSIONS: tuple[str, ...] = get_args(Dimension)
TIME_KEYS = ("year", "period")
NO_REGION = "(no region)"


@dataclass(frozen=True)
class FlowQuery:
    supplier: str | None = None
    recipient: str | None = None
    year_from: int | None = None   # default: the release's first delivery year
    year_to: int | None = None     # default: its last
    by: tuple[Dimension, ...] = ()
    category: str | None = None
    period_length: int = 5         # with by "period": periods end at year_to (2020-24, 2015-19, ...)
    merge_successors: bool = False  # count the Soviet Union as Russia (parties.SUCCESSORS)
    release_id: int | None = None


@dataclass(frozen=True)
class Flows:
    query: FlowQuery   # with canonical party names and category, and the years filled in
    release: Release
    columns: tuple[str, ...]  # the keys in ``query.by`` order, tiv, then the shares that apply
    records: list[tuple]      # one per group, in the order shown (time, then TIV descending)

    @cached_property
    def rows(self) -> pd.DataFrame:
        return pd.DataFrame.from_records(self.records, columns=list(self.columns))

    @property
    def period(self) -> Period:
        return Period(self.query.year_from, self.query.year_to)  # type: ignore[arg-type]

    @property
    def total(self) -> float:
        return sum(r[self.columns.index("tiv")] for r in self.records)

    def to_arrow(self, digits: int = 2) -> pa.Table:
        """The rows with TIV and per cent rounded as SIPRI prints them."""
        return pa.Table.from_pandas(self.rows.round(digits), preserve_index=False)


def flows(con: duckdb.DuckDBPyConnection, query: FlowQuery) -> Flows:
    release = current_release(con, query.release_id)
    query = _resolved(con, release, query)
    sql, params = _sql(query, release)
    result = con.execute(sql, params)
    columns = tuple(d[0] for d in result.description)
    records = result.fetchall()
    if not records:
        check_covered(con, release, Period(query.year_from, query.year_to))  # type: ignore[arg-type]
    if "period" in query.by:
        records = _label_periods(records, columns, query)
    return Flows(query, release, columns, records)


def _label_periods(records: list[tuple], columns: tuple[str, ...], query: FlowQuery) -> list[tuple]:
    """Periods as '2020-2024'; a first period cut short by --from gets no change_pct (it would
    compare a part against a whole)."""
    at, change = columns.index("period"), columns.index("change_pct")
    labelled = []
    for record in records:
        row = list(record)
        start, end = _period_span(row[at], query)
        row[at] = f"{start}-{end}"
        if end - start + 1 < query.period_length:
            row[change] = None
        labelled.append(tuple(row))
    return labelled


def _resolved(con: duckdb.DuckDBPyConnection, release: Release, query: FlowQuery) -> FlowQuery:
    """Check the query and fill in canonical names and years (or raise UsageError/UnknownParty)."""
    for key in query.by:
        if key not in DIMENSIONS:
            raise UsageError(f"Cannot group by {key!r}. Choose from: {', '.join(DIMENSIONS)}.",
                             choices=list(DIMENSIONS))
    if len(set(query.by)) != len(query.by) or {"year", "period"} <= set(query.by):
        raise UsageError("Group by each key once, and by year or by period, not both.")
    if query.period_length < 1:
        raise UsageError(f"--period-length must be 1 or more, not {query.period_length}.")
    if query.year_from is None or query.year_to is None:
        covered = covered_years(con, release)
        query = replace(query, year_from=covered.year_from if query.year_from is None else query.year_from,
                        year_to=covered.year_to if query.year_to is None else query.year_to)
    period = check_years(query.year_from, query.year_to)  # type: ignore[arg-type]
    return replace(query, supplier=_party(query.supplier, query.merge_successors),
                   recipient=_party(query.recipient, query.merge_successors),
                   category=_category(query.category),
                   year_from=period.year_from, year_to=period.year_to)


def _party(name: str | None, merge: bool) -> str | None:
    if name is None:
        return None
    canonical = registry().resolve(name)
    return SUCCESSORS.get(canonical, canonical) if merge else canonical


def _category(name: str | None) -> str | None:
    if name is None:
        return None
    found = next((c for c in CATEGORIES if c.lower() == name.strip().lower()), None)
    if found is None:
        raise UsageError(f"Unknown category {name!r}. Choose one of: {', '.join(CATEGORIES)}.",
                         choices=list(CATEGORIES))
    return found


def _period_span(bucket: int, query: FlowQuery) -> tuple[int, int]:
    return (max(bucket, query.year_from),  # type: ignore[type-var]
            min(bucket + query.period_length - 1, query.year_to))  # type: ignore[type-var]


def _time(query: FlowQuery) -> tuple[str, int, int]:
    """The SQL of a delivery's time cell, the step to the previous cell, and the first cell."""
    if "year" in query.by:
        return "d.year", 1, query.year_from  # type: ignore[return-value]
    if "period" in query.by:
        length, year_from = query.period_length, query.year_from
        offset = (query.year_to + 1) % length  # type: ignore[operator]
        first = year_from - ((year_from - offset) % length)  # type: ignore[operator]
        return bucket_sql(length, query.year_to), length, first  # type: ignore[arg-type]
    return str(int(query.year_from)), 0, query.year_from  # type: ignore[arg-type, return-value]


def _party_sql(column: str, merge: bool) -> str:
    if not merge:
        return f"d.{column}"
    cases = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in SUCCESSORS.items())
    return f"CASE d.{column} {cases} ELSE d.{column} END"


def _sql(query: FlowQuery, release: Release) -> tuple[str, list[object]]:
    bucket, step, first = _time(query)
    sup, rec = _party_sql("supplier", query.merge_successors), _party_sql("recipient", query.merge_successors)
    # One cell before the first, for change_pct; years before --from never enter the first cell.
    where = ["d.release_id = ?", "d.year BETWEEN ? AND ?", f"(d.year >= ? OR {bucket} < ?)"]
    params: list[object] = [release.release_id, first - step, query.year_to, query.year_from, first]
    if query.category:
        where.append("d.category = ?")
        params.append(query.category)
    base = (f"SELECT {sup} AS supplier, {rec} AS recipient, d.category, {bucket} AS bucket, "
            f"d.tiv_delivered AS tiv FROM deliveries d WHERE {' AND '.join(where)}")
    if {"supplier_region", "recipient_region"} & set(query.by):
        base = (f"SELECT b.*, coalesce(ps.region, '{NO_REGION}') AS supplier_region, "
                f"coalesce(pr.region, '{NO_REGION}') AS recipient_region FROM ({base}) b "
                "LEFT JOIN parties ps ON ps.name = b.supplier LEFT JOIN parties pr ON pr.name = b.recipient")
    filters, fixed = [], []
    for role in ("supplier", "recipient"):
        name = getattr(query, role)
        if name is not None:
            filters.append(f"{role} = ?")
            params.append(name)
        if name is not None or role in query.by:
            fixed.append(role)
    keys = [k for k in query.by if k not in TIME_KEYS]
    inner = list(dict.fromkeys([*keys, *fixed]))  # filtered parties are constant: group by them too
    return _assemble(base, inner, keys, fixed, filters, query, step, first), params


def _assemble(base: str, inner: list[str], keys: list[str], fixed: list[str], filters: list[str],
              query: FlowQuery, step: int, first: int) -> str:
    group = ", ".join([*inner, "bucket"])
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    ctes = [f"base AS ({base})",
            f"sel AS (SELECT {group}, sum(tiv) AS tiv FROM base {where} GROUP BY {group})",
            "world AS (SELECT bucket, sum(tiv) AS world FROM base GROUP BY bucket)"]
    joins = ["JOIN world USING (bucket)"]
    shares = ["100 * s.tiv / world AS share_of_world"]
    for role, total, label in (("recipient", "imports", "share_of_recipient_imports"),
                               ("supplier", "exports", "share_of_supplier_exports")):
        if role in fixed:
            ctes.append(f"{total} AS (SELECT {role}, bucket, sum(tiv) AS {total} FROM base GROUP BY ALL)")
            joins.append(f"JOIN {total} USING ({role}, bucket)")
            shares.insert(0, f"100 * s.tiv / {total} AS {label}")
    change = ""
    if step:
        on = " AND ".join([*(f"p.{k} = s.{k}" for k in inner), f"p.bucket = s.bucket - {step}"])
        joins.append(f"LEFT JOIN sel p ON {on}")
        change = ", 100 * (s.tiv / p.tiv - 1) AS change_pct"
    time = next((k for k in query.by if k in TIME_KEYS), None)
    out = [f"s.bucket AS {time}" if k == time else f"s.{k}" for k in query.by]
    order = (["s.bucket"] if time else []) + ["s.tiv DESC"] + [f"s.{k}" for k in keys]
    return (f"WITH {', '.join(ctes)} SELECT {', '.join([*out, 's.tiv'])}, "
            f"100 * s.tiv / sum(s.tiv) OVER () AS share, {', '.join(shares)}{change} "
            f"FROM sel s {' '.join(joins)} WHERE s.bucket >= {int(first)} "
            f"ORDER BY {', '.join(order)}")
