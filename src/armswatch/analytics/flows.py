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

A query sums only the deliveries it selects (one statement); the denominators of the shares come
from the release's flow totals, precomputed at import (store/totals.py, one more statement, none
when the connection already read them), and the shares and changes are computed here over the small
result (issue 3: within 10 ms). Beyond ``MANY_GROUPS`` groups the shares are computed in one SQL
query over the selection and the flow totals; for a release without flow totals (a database from
before them, opened read-only), in one SQL query over the deliveries alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, Literal, get_args

import duckdb

from armswatch.analytics.periods import Period, bucket_sql, check_covered, check_years, covered_years
from armswatch.errors import UsageError
from armswatch.parties import SUCCESSORS, registry
from armswatch.register.releases import Release, remembered, stored_settings
from armswatch.store.views import ReleaseView
from armswatch.sources.categories import CATEGORIES
from armswatch.store.totals import marker as totals_marker

if TYPE_CHECKING:  # pandas and pyarrow load when a result is converted (CLI start-up, issue 17)
    import pandas as pd
    import pyarrow as pa

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


@dataclass(frozen=True)
class Flows:
    query: FlowQuery   # with canonical party names and category, and the years filled in
    release: Release
    columns: tuple[str, ...]  # the keys in ``query.by`` order, tiv, then the shares that apply
    records: list[tuple]      # one per group, in the order shown (time, then TIV descending)

    @cached_property
    def rows(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame.from_records(self.records, columns=list(self.columns))

    @property
    def period(self) -> Period:
        return Period(self.query.year_from, self.query.year_to)  # type: ignore[arg-type]

    @property
    def total(self) -> float:
        return sum(r[self.columns.index("tiv")] for r in self.records)

    def to_arrow(self, digits: int = 2) -> pa.Table:
        """The rows with TIV and per cent rounded as SIPRI prints them."""
        import pyarrow as pa

        return pa.Table.from_pandas(self.rows.round(digits), preserve_index=False)


def flows(view: ReleaseView, query: FlowQuery) -> Flows:
    """The flows ``query`` asks for in the view's release (resolved once by the caller: issue 16)."""
    con, release = view.con, view.release
    query = _resolved(view, query)
    found = _with_totals(con, query, release) if _has_totals(con, release) else None
    if not isinstance(found, tuple):
        sql, params = _sql(query, release, totals=found == "large")
        result = con.execute(sql, params)
        columns = tuple(d[0] for d in result.description)
        records = result.fetchall()
    else:
        columns, records = found
    if not records:
        check_covered(view, Period(query.year_from, query.year_to))  # type: ignore[arg-type]
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


def _resolved(view: ReleaseView, query: FlowQuery) -> FlowQuery:
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
        covered = covered_years(view)
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


def _sql(query: FlowQuery, release: Release, *, totals: bool = False) -> tuple[str, list[object]]:
    """One query for the whole answer. The denominators are summed from the base (every delivery
    of the years read), or with ``totals`` from the release's flow totals."""
    base, filters, params, inner, keys, fixed = _base(query, release)
    bucket, step, first = _time(query)
    source = None
    if totals:  # years before --from never enter a cell that is shown, so read from --from on
        party = _party_sql("party", query.merge_successors)
        source = (f"SELECT d.role, {party} AS party, {bucket} AS bucket, d.tiv FROM flow_totals d "
                  f"WHERE d.release_id = ? AND d.category {'= ?' if query.category else 'IS NULL'} "
                  "AND d.year BETWEEN ? AND ?")
        params += [release.release_id, *([query.category] if query.category else []),
                   query.year_from, query.year_to]
    return _assemble(base, inner, keys, fixed, filters, query, step, first, source), params


def _base(query: FlowQuery, release: Release) -> tuple[str, list[str], list[object], list[str],
                                                      list[str], list[str]]:
    """The deliveries the query reads, as rows of (supplier, recipient, category, time cell, tiv
    [, regions]); the party filters on them; the parameters of both; and the inner keys (those of
    ``query.by`` but time, with the filtered parties), the keys and the fixed parties."""
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
    filters = []
    for role in ("supplier", "recipient"):
        name = getattr(query, role)
        if name is not None:
            filters.append(f"{role} = ?")
            params.append(name)
    return base, filters, params, *_groups(query)


def _groups(query: FlowQuery) -> tuple[list[str], list[str], list[str]]:
    """The inner keys (the keys with the filtered parties), the keys (those of ``query.by`` but
    time) and the fixed parties (filtered or keys)."""
    fixed = [r for r in ("supplier", "recipient") if getattr(query, r) is not None or r in query.by]
    keys = [k for k in query.by if k not in TIME_KEYS]
    inner = list(dict.fromkeys([*keys, *fixed]))  # filtered parties are constant: group by them too
    return inner, keys, fixed


def _assemble(base: str, inner: list[str], keys: list[str], fixed: list[str], filters: list[str],
              query: FlowQuery, step: int, first: int, totals: str | None = None) -> str:
    group = ", ".join([*inner, "bucket"])
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    ctes = [f"base AS ({base})",
            f"sel AS (SELECT {group}, sum(tiv) AS tiv FROM base {where} GROUP BY {group})"]
    if totals:
        ctes += [f"totals AS ({totals})", "world AS (SELECT bucket, sum(tiv) AS world FROM totals "
                 "WHERE role = 'world' GROUP BY bucket)"]
    else:
        ctes.append("world AS (SELECT bucket, sum(tiv) AS world FROM base GROUP BY bucket)")
    joins = ["JOIN world USING (bucket)"]
    shares = ["100 * s.tiv / world AS share_of_world"]
    for role, total, label in (("recipient", "imports", "share_of_recipient_imports"),
                               ("supplier", "exports", "share_of_supplier_exports")):
        if role in fixed:
            ctes.append(f"{total} AS (SELECT party AS {role}, bucket, sum(tiv) AS {total} FROM totals "
                        f"WHERE role = '{role}' GROUP BY ALL)" if totals else
                        f"{total} AS (SELECT {role}, bucket, sum(tiv) AS {total} FROM base GROUP BY ALL)")
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


# With flow totals (store/totals.py): the selection alone is summed from the deliveries.

ROLES = ("supplier", "recipient")
SHARE_OF = {"supplier": "share_of_supplier_exports", "recipient": "share_of_recipient_imports"}
MANY_GROUPS = 800      # more groups than this: shares in SQL (Python takes ~10 us a group)
KEPT_SERIES = 2000     # party totals a connection keeps per release and category
Cell = tuple[tuple, int]  # (the group's inner keys, its time cell)


def _has_totals(con: duckdb.DuckDBPyConnection, release: Release) -> bool:
    return totals_marker(release.release_id) in stored_settings(con)


def _with_totals(con: duckdb.DuckDBPyConnection, query: FlowQuery,
                 release: Release) -> tuple[tuple[str, ...], list[tuple]] | str | None:
    """The columns and records ``_sql`` gives, from the selection and the flow totals; "large"
    when there are too many groups to compute the shares here; None when a total is missing."""
    _, step, first = _time(query)
    inner, keys, fixed = _groups(query)
    columns = (*query.by, "tiv", "share", *(SHARE_OF[r] for r in fixed), "share_of_world",
               *(("change_pct",) if step else ()))
    sel = _selection(con, query, release, inner)
    out = [(k, b, tiv) for (k, b), tiv in sel.items() if b >= first]
    if not out:
        return columns, []
    if len(out) > MANY_GROUPS:
        return "large"
    totals = _totals(con, query, release, inner, fixed, sel, out)
    at = {k: i for i, k in enumerate(inner)}
    # ORDER BY time cell, tiv DESC, keys: stable sorts from the last key to the first.
    if keys:
        by_keys = itemgetter(*(at[k] for k in keys))
        out.sort(key=lambda r: by_keys(r[0]))
    out.sort(key=lambda r: -r[2])
    if any(k in TIME_KEYS for k in query.by):
        out.sort(key=itemgetter(1))
    total = math.fsum(r[2] for r in out)
    world = totals.get("world", {})
    shares = [(totals.get(role, {}), at[role]) for role in fixed]
    where = [-1 if key in TIME_KEYS else at[key] for key in query.by]
    records = []
    try:
        for k, b, tiv in out:
            hundred = 100 * tiv
            row = [b if i < 0 else k[i] for i in where]
            row += (tiv, _div(hundred, total))
            row += [_div(hundred, part[(k[i], b)]) for part, i in shares]
            row.append(_div(hundred, world[(None, b)]))
            if step:
                prev = sel.get((k, b - step))
                row.append(None if prev is None else 100 * (_div(tiv, prev) - 1))
            records.append(tuple(row))
    except KeyError:  # the flow totals lack a party or a cell: read the deliveries instead
        return None
    return columns, records


def _selection(con: duckdb.DuckDBPyConnection, query: FlowQuery, release: Release,
               inner: list[str]) -> dict[Cell, float]:
    """TIV by the inner keys and time cell, from the cell before the first on (``_sql``'s sel)."""
    bucket, step, first = _time(query)
    sup, rec = _party_sql("supplier", query.merge_successors), _party_sql("recipient", query.merge_successors)
    exprs = {"supplier": sup, "recipient": rec, "category": "d.category",
             "supplier_region": f"coalesce(ps.region, '{NO_REGION}')",
             "recipient_region": f"coalesce(pr.region, '{NO_REGION}')"}
    joins = [f"LEFT JOIN parties {alias} ON {alias}.name = {party}"
             for key, alias, party in (("supplier_region", "ps", sup), ("recipient_region", "pr", rec))
             if key in inner]
    where = ["d.release_id = ?", "d.year BETWEEN ? AND ?"]
    params: list[object] = [release.release_id, first - step, query.year_to]
    if step and "year" not in query.by:  # years before --from never enter the first cell
        where.append(f"(d.year >= ? OR {bucket} < ?)")
        params += [query.year_from, first]
    if query.category:
        where.append("d.category = ?")
        params.append(query.category)
    for role in ROLES:
        name = getattr(query, role)
        if name is not None:
            names = _originals(name, query.merge_successors)
            where.append(f"d.{role} IN ({', '.join('?' * len(names))})")
            params += names
    select = [*(f"{exprs[k]} AS {k}" for k in inner), f"{bucket} AS bucket", "sum(d.tiv_delivered)"]
    # Grouped by position, not GROUP BY ALL: with a constant cell, ALL would give one row of NULL
    # TIV where nothing was delivered.
    rows = con.execute(f"SELECT {', '.join(select)} FROM deliveries d {' '.join(joins)} "
                       f"WHERE {' AND '.join(where)} GROUP BY "
                       f"{', '.join(str(i) for i in range(1, len(inner) + 2))}", params).fetchall()
    n = len(inner)
    return {(tuple(row[:n]), row[n]): row[n + 1] for row in rows}


def _originals(name: str, merge: bool) -> list[str]:
    """The names in the deliveries that count as ``name`` (with merging, its predecessors too)."""
    if not merge:
        return [name]
    itself = [] if name in SUCCESSORS else [name]
    return [old for old, new in SUCCESSORS.items() if new == name] + itself


def _totals(con: duckdb.DuckDBPyConnection, query: FlowQuery, release: Release, inner: list[str],
            fixed: list[str], sel: dict[Cell, float],
            out: list[tuple[tuple, int, float]]) -> dict[str, dict[tuple, float]]:
    """TIV under the category filter of the world by (None, time cell), and of each fixed role by
    (party, time cell): from the selection where it holds them whole (then the very sums ``_sql``
    makes), else from the flow totals, summed over the cell's years."""
    totals: dict[str, dict[tuple, float]] = {}
    wanted: set[tuple[str, str | None]] = set()
    for role in fixed:
        i = inner.index(role)
        other = ROLES[1 - ROLES.index(role)]
        if getattr(query, other) is None and set(inner) <= {role, f"{role}_region"}:
            totals[role] = {(k[i], b): tiv for (k, b), tiv in sel.items()}  # a group per party
        else:
            wanted |= {(role, o) for name in {k[i] for k, _, _ in out}
                       for o in _originals(name, query.merge_successors)}
    if query.supplier is None and query.recipient is None and not inner:
        totals["world"] = {(None, b): tiv for ((), b), tiv in sel.items()}
    else:
        wanted.add(("world", None))
    cell = None if "year" in query.by else _cell(query)
    rename = SUCCESSORS if query.merge_successors else None
    sums: dict[tuple, float | list[float]] = {}
    low, high = query.year_from, query.year_to
    for (role, party), years in _series(con, query, release, wanted):
        key_party = rename.get(party, party) if rename and party else party
        for year, tiv in years:
            if low <= year <= high:  # type: ignore[operator]
                key = (role, key_party, cell(year) if cell else year)
                held = sums.get(key)
                if held is None:
                    sums[key] = tiv
                elif isinstance(held, list):
                    held.append(tiv)
                else:
                    sums[key] = [held, tiv]
    for (role, party, b), held in sums.items():
        totals.setdefault(role, {})[(party, b)] = math.fsum(held) if isinstance(held, list) else held
    return totals


def _series(con: duckdb.DuckDBPyConnection, query: FlowQuery, release: Release,
            wanted: set[tuple[str, str | None]]) -> list[tuple[tuple[str, str | None], Iterable]]:
    """The wanted (role, party) series of the flow totals, the world's as (role, None), as (year,
    TIV) pairs covering the query's years. What is read (in one statement: the world's every year,
    the parties' years of the query) is kept for the connection's next queries."""
    kept: dict[tuple[str, str | None], tuple[int, int, dict[int, float]]] = remembered(
        con, ("flow_totals", release.release_id, query.category), dict)
    low, high = query.year_from, query.year_to
    found, missing = [], []
    for w in wanted:
        series = kept.get(w)
        if series is not None and series[0] <= low <= high <= series[1]:  # type: ignore[operator]
            found.append((w, series[2].items()))
        else:
            missing.append(w)
    if not missing:
        return found
    where = ["release_id = ?", "category = ?" if query.category else "category IS NULL"]
    params: list[object] = [release.release_id, *([query.category] if query.category else [])]
    either = ["role = 'world'"] if ("world", None) in missing else []
    for role in ROLES:
        parties = sorted(p for r, p in missing if r == role)
        if parties:
            either.append(f"(role = '{role}' AND year BETWEEN ? AND ? "
                          f"AND party IN ({', '.join('?' * len(parties))}))")
            params += [low, high, *parties]
    read: dict[tuple[str, str | None], dict[int, float]] = {w: {} for w in missing}
    for role, party, year, tiv in con.execute(
            f"SELECT role, party, year, tiv FROM flow_totals WHERE {' AND '.join(where)} "
            f"AND ({' OR '.join(either)})", params).fetchall():
        series = read.get((role, party))
        if series is not None:
            series[year] = tiv
    if len(kept) + len(read) <= KEPT_SERIES:  # the world's series has every year
        kept.update({w: (-10**9, 10**9, s) if w[1] is None else (low, high, s)  # type: ignore[misc]
                     for w, s in read.items()})
    return found + [(w, series.items()) for w, series in read.items()]


def _cell(query: FlowQuery) -> Callable[[int], int]:
    """The time cell of a year, as the SQL of ``_time`` computes it (% truncates, as in C)."""
    if "year" in query.by:
        return lambda year: year
    if "period" in query.by:
        length = query.period_length
        offset = (query.year_to + 1) % length  # type: ignore[operator]
        return lambda year: year - _c_mod(year - offset, length)
    return lambda year: query.year_from  # type: ignore[return-value]


def _c_mod(a: int, n: int) -> int:
    """a % n with the sign of a, as DuckDB computes % on integers."""
    r = abs(a) % n
    return -r if a < 0 else r


def _div(a: float, b: float) -> float:
    """a / b as DuckDB divides doubles (IEEE 754: inf or nan for a zero divisor)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
