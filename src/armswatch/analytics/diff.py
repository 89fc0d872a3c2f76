"""What changed between two releases: deals added, removed and changed, per-year revisions, and the
effect on a flows query (issue 20).

SIPRI revises the whole database every March, past years included ("SIPRI revises past years at
every release, so figures from different releases differ by a few per cent": SIPRI's notes on the
TIV). Two releases are compared on what both hold:

- two trade registers: deal by deal. Deals are matched by SIPRI's deal id where both releases carry
  it (the API format's "SIPRI AT Database ID"); else an unchanged deal is matched to its identical
  twin first, and the rest by supplier, recipient, designation and order year (in SIPRI's row order
  where one key holds several deals). The classic register has no deal id: its ids are armswatch's.
- a per-year deliveries file (SIPRI's split of deals over years, without deal ids, order years or
  status) against anything: by supplier, recipient and designation, summed over the delivery years
  both releases cover, with the register's party names merged as that file merges them
  (store.split.merged_name: the Soviet Union into Russia, rebels into their host state, international
  organisations and unknown parties dropped).

Either way the per-year revisions compare the delivered numbers and TIV by supplier, recipient,
designation and year. Comments are not compared (SIPRI rewords them freely).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

import duckdb
import pyarrow as pa

from armswatch import ATTRIBUTION
from armswatch.analytics.flows import FlowQuery, flows
from armswatch.analytics.periods import Period, check_years, covered_years
from armswatch.errors import UsageError
from armswatch.parties import registry
from armswatch.register.releases import REGISTER_FORMATS, Release, current_release
from armswatch.sources.categories import category_for
from armswatch.store.split import merged_name, related
from armswatch.store.views import ReleaseView

Change = Literal["added", "removed", "changed", "revised"]
Basis = Literal["deals", "designations"]

# The fields of a deal compared between releases, in SIPRI's column order.
COMPARED = ("order_year", "order_year_uncertain", "number_ordered", "number_ordered_uncertain",
            "designation", "description", "number_delivered", "number_delivered_uncertain",
            "delivery_years", "status", "tiv_per_unit", "tiv_total_order", "tiv_delivered")
KEY = ("supplier", "recipient", "designation", "order_year")
TIV_DIGITS = 2      # SIPRI prints TIV to two decimals: smaller differences are rounding
NUMBER_DIGITS = 1   # yearly numbers of a split deal are fractions; a tenth of a unit is rounding

DIFF_COLUMNS = ("change", "supplier", "recipient", "designation", "order_year", "year", "field",
                "before", "after", "deal_id_before", "deal_id_after")


@dataclass(frozen=True)
class DiffRow:
    """One difference: a deal added or removed (field ``tiv_delivered``), one changed field of a
    deal, or a revised number or TIV delivered in one year."""

    change: Change
    supplier: str
    recipient: str
    designation: str
    order_year: int | None
    year: int | None
    field: str
    before: object
    after: object
    deal_id_before: str | None = None
    deal_id_after: str | None = None


@dataclass(frozen=True)
class DiffQuery:
    before: int                    # release ids
    after: int
    supplier: str | None = None    # restrict the differences (and the flows effect) to these
    recipient: str | None = None
    year_from: int | None = None   # a deal is kept when its order year or a delivery year is in
    year_to: int | None = None     # range; a revision when its year is


@dataclass(frozen=True)
class FlowEffect:
    """One flows figure in both releases: a share in per cent and the TIV it rests on."""

    measure: str                   # share_of_recipient_imports | share_of_supplier_exports | ...
    sentence: str                  # "China's share of Myanmar's 2014-19 imports: 59.4% -> 60.1%"
    before: float | None
    after: float | None
    tiv_before: float
    tiv_after: float


@dataclass(frozen=True)
class ReleaseDiff:
    before: Release
    after: Release
    basis: Basis
    compared: str                  # what was compared, said plainly (partial releases)
    years: Period | None           # the delivery years compared, where limited to common ones
    rows: list[DiffRow]
    effect: FlowEffect | None = None
    attribution: str = field(default=f"{ATTRIBUTION}. Calculations by armswatch, not SIPRI.")

    def count(self, change: Change) -> int:
        if change in ("added", "removed"):
            return sum(1 for r in self.rows if r.change == change)
        keys = {(r.supplier, r.recipient, r.designation, r.order_year, r.year, r.deal_id_after)
                for r in self.rows if r.change == change}
        return len(keys)

    @property
    def counts(self) -> dict[str, int]:
        return {c: self.count(c) for c in ("added", "removed", "changed", "revised")}

    def to_arrow(self) -> pa.Table:
        """Every difference, one row each; ``before``/``after`` as text (CSV has one type a column)."""
        records = [{name: _text(getattr(r, name)) if name in ("before", "after") else getattr(r, name)
                    for name in DIFF_COLUMNS} for r in self.rows]
        schema = pa.schema([(n, pa.int32() if n in ("order_year", "year") else pa.string())
                            for n in DIFF_COLUMNS])
        return pa.Table.from_pylist(records, schema=schema)

    def to_dict(self) -> dict[str, object]:
        return {
            "before": _release_dict(self.before), "after": _release_dict(self.after),
            "basis": self.basis, "compared": self.compared,
            "years": None if self.years is None else self.years.label,
            "counts": self.counts,
            "flows": None if self.effect is None else self.effect.__dict__,
            "changes": [{name: getattr(r, name) for name in DIFF_COLUMNS} for r in self.rows],
            "attribution": self.attribution,
        }


def diff_releases(con: duckdb.DuckDBPyConnection, query: DiffQuery) -> ReleaseDiff:
    """The differences from release ``query.before`` to release ``query.after``."""
    before, after = current_release(con, query.before), current_release(con, query.after)
    if before.release_id == after.release_id:
        raise UsageError(f"Both sides are release {before.release_id}; name two different releases "
                         "(armswatch info lists them).", release=before.release_id)
    query = _resolved(query)
    if query.year_from and query.year_to:
        check_years(query.year_from, query.year_to)
    scope = _scope(before).meet(_scope(after))
    same = _scope(before) == _scope(after)  # two exports of one query: deal by deal still holds
    if (scope.whole or same) and all(r.source_format in REGISTER_FORMATS for r in (before, after)):
        return _by_deal(con, before, after, query, scope)
    return _by_designation(con, before, after, query, scope)


def _by_deal(con: duckdb.DuckDBPyConnection, before: Release, after: Release, query: DiffQuery,
             scope: Scope) -> ReleaseDiff:
    """Two registers of one scope: deal by deal, and the per-year revisions of their designations."""
    rows = _deal_rows(con, before, after, query)
    rows += _line_diff(con, before, after, query, _common_years(con, before, after), merge=False,
                       totals=False)
    compared = ("deal by deal, matched by SIPRI's deal id" if _has_sipri_ids(before, after)
                else "deal by deal, matched by supplier, recipient, designation and order year "
                     "(the classic register carries no SIPRI deal id)")
    if not scope.whole:
        compared += f"; both releases hold {scope.text}, so no shares"
    effect = _effect(con, before, after, query) if scope.whole else None
    return ReleaseDiff(before, after, "deals", compared, None, rows, effect)


def _by_designation(con: duckdb.DuckDBPyConnection, before: Release, after: Release,
                    query: DiffQuery, scope: Scope) -> ReleaseDiff:
    """A per-year release or a partial export on a side: by designation, over the common years."""
    years = _within(query, _common_years(con, before, after, scope))
    query = scope.narrow(query)
    rows = _line_diff(con, before, after, query, years, merge=True, totals=True)
    partial = [r for r in (before, after) if r.source_format not in REGISTER_FORMATS]
    held = [f"release {r.release_id} holds SIPRI's per-year deliveries only, without deal ids, "
            "order years or status" for r in partial]
    held += [f"release {r.release_id} is a partial export ({_scope(r).text})"
             for r in (before, after) if not _scope(r).whole]
    compared = (f"on what both releases hold ({'; '.join(held)}): numbers and TIV delivered by "
                f"supplier, recipient and designation over {years.label}"
                + (", parties merged as the per-year file merges them" if partial else "")
                + ("" if scope.whole else "; no shares (a partial export holds no world totals)"))
    effect = _effect(con, before, after, query) if scope.whole else None
    return ReleaseDiff(before, after, "designations", compared, years, rows, effect)


@dataclass(frozen=True)
class Scope:
    """What a release holds: SIPRI's first legend line, "Transfers of major conventional arms from
    China to All countries . Deals with deliveries made for the year range '2000' to '2025'"."""

    supplier: str | None = None    # None: all
    recipient: str | None = None
    years: Period | None = None
    text: str = "all suppliers to all recipients"

    @property
    def whole(self) -> bool:
        return self.supplier is None and self.recipient is None and self.years is None

    def meet(self, other: Scope) -> Scope:
        years = self.years or other.years
        if self.years and other.years:
            years = Period(max(self.years.year_from, other.years.year_from),
                           min(self.years.year_to, other.years.year_to))
        return Scope(self.supplier or other.supplier, self.recipient or other.recipient, years,
                     self.text if not self.whole else other.text)

    def narrow(self, query: DiffQuery) -> DiffQuery:
        for column in ("supplier", "recipient"):
            mine, asked = getattr(self, column), getattr(query, column)
            if mine and asked and mine != asked:
                raise UsageError(f"The releases hold only {self.text}; --{column} {asked} is outside it.")
            query = replace(query, **{column: asked or mine})
        return query


_SCOPE = re.compile(r"from\s+(?P<supplier>.+?)\s+to\s+(?P<recipient>.+?)\s*\.\s*Deals.*?"
                    r"year range '(?P<first>[^']*)' to '(?P<last>[^']*)'", re.IGNORECASE)


def _scope(release: Release) -> Scope:
    """The suppliers, recipients and delivery years an export was asked for (whole: all)."""
    match = _SCOPE.search(release.scope or "")
    if match is None:
        return Scope()
    parties = registry()
    party = lambda name: None if name.lower().startswith("all ") else parties.lookup(name) or name  # noqa: E731
    first, last = match["first"], match["last"]
    years = Period(int(first), int(last)) if first.isdigit() and last.isdigit() else None
    return Scope(party(match["supplier"].strip()), party(match["recipient"].strip()), years,
                 " ".join(match.group(0).split()))


def _resolved(query: DiffQuery) -> DiffQuery:
    parties = registry()
    return replace(query, supplier=parties.resolve(query.supplier) if query.supplier else None,
                   recipient=parties.resolve(query.recipient) if query.recipient else None)


def _has_sipri_ids(before: Release, after: Release) -> bool:
    return before.source_format == "api" and after.source_format == "api"


def _common_years(con: duckdb.DuckDBPyConnection, before: Release, after: Release,
                  scope: Scope | None = None) -> Period:
    a, b = covered_years(ReleaseView(con, before)), covered_years(ReleaseView(con, after))
    lo, hi = max(a.year_from, b.year_from), min(a.year_to, b.year_to)
    if scope is not None and scope.years is not None:
        lo, hi = max(lo, scope.years.year_from), min(hi, scope.years.year_to)
    if lo > hi:
        raise UsageError(f"{before.label} covers {a.label} and {after.label} {b.label}: no delivery "
                         "year in common to compare.")
    return Period(lo, hi)


# ----- deal by deal (two registers) -----

def _fingerprint(alias: str) -> str:
    parts = [f"round({alias}.{c}, {TIV_DIGITS})" if c.startswith("tiv") else f"{alias}.{c}"
             for c in COMPARED]
    return f"md5(CAST(({', '.join(parts)}) AS VARCHAR))"


def _deal_filter(query: DiffQuery) -> tuple[str, list[object]]:
    where, params = [], []
    for column in ("supplier", "recipient"):
        if getattr(query, column):
            where.append(f"{column} = ?")
            params.append(getattr(query, column))
    if query.year_from is not None or query.year_to is not None:
        lo, hi = query.year_from or 0, query.year_to or 9999
        where.append("(order_year BETWEEN ? AND ? OR "
                     "len(list_filter(delivery_years, lambda y: y BETWEEN ? AND ?)) > 0)")
        params += [lo, hi, lo, hi]
    return "".join(f" AND {w}" for w in where), params


def _pairs_sql(by_id: bool) -> str:
    """Pairs (before id, after id) of matched deals whose compared fields differ, and the deals of
    either side left unmatched (one id NULL)."""
    if by_id:
        return ("SELECT a.deal_id AS a_id, b.deal_id AS b_id FROM a FULL JOIN b USING (deal_id) "
                "WHERE a.fp IS DISTINCT FROM b.fp")
    key = " AND ".join(f"a2.{k} IS NOT DISTINCT FROM b2.{k}" for k in KEY)
    return f"""
        a1 AS (SELECT *, row_number() OVER (PARTITION BY fp ORDER BY source_line, deal_id) AS k FROM a),
        b1 AS (SELECT *, row_number() OVER (PARTITION BY fp ORDER BY source_line, deal_id) AS k FROM b),
        same AS (SELECT a1.deal_id AS a_id, b1.deal_id AS b_id FROM a1 JOIN b1 USING (fp, k)),
        a2 AS (SELECT *, row_number() OVER (PARTITION BY {', '.join(KEY)} ORDER BY source_line, deal_id) AS k
               FROM a WHERE deal_id NOT IN (SELECT a_id FROM same)),
        b2 AS (SELECT *, row_number() OVER (PARTITION BY {', '.join(KEY)} ORDER BY source_line, deal_id) AS k
               FROM b WHERE deal_id NOT IN (SELECT b_id FROM same))
        SELECT a2.deal_id AS a_id, b2.deal_id AS b_id FROM a2 FULL JOIN b2 ON {key} AND a2.k = b2.k"""


def _deal_rows(con: duckdb.DuckDBPyConnection, before: Release, after: Release,
               query: DiffQuery) -> list[DiffRow]:
    where, params = _deal_filter(query)
    columns = ", ".join(("deal_id", "supplier", "recipient", "source_line", *COMPARED))
    sides = (f"a AS (SELECT {columns}, {_fingerprint('deals')} AS fp FROM deals "
             f"WHERE release_id = ?{where}), "
             f"b AS (SELECT {columns}, {_fingerprint('deals')} AS fp FROM deals "
             f"WHERE release_id = ?{where})")
    by_id = _has_sipri_ids(before, after)
    pairs = _pairs_sql(by_id)
    sql = (f"WITH {sides}, pairs AS ({pairs}) " if by_id else f"WITH {sides}, {pairs.strip()}")
    if by_id:
        sql += "SELECT a_id, b_id FROM pairs"
    pair_rows = con.execute(sql, [before.release_id, *params, after.release_id, *params]).fetchall()
    a_deals = _deals(con, before, [a for a, _ in pair_rows if a])
    b_deals = _deals(con, after, [b for _, b in pair_rows if b])
    pairs = [(a, b) for a, b in pair_rows if a and b] + _respelt(
        [a_deals[a] for a, b in pair_rows if b is None], [b_deals[b] for a, b in pair_rows if a is None])
    rows: list[DiffRow] = []
    for a_id, b_id in pairs:
        rows += _compare(a_deals.get(a_id or ""), b_deals.get(b_id or ""))
    return sorted(rows, key=_order)


def _respelt(removed: list[dict[str, object]], added: list[dict[str, object]]
             ) -> list[tuple[str | None, str | None]]:
    """Deals left unmatched by their key, paired where the designation is spelt anew: the same
    supplier, recipient, order year and category, a related designation (store.split.related)."""
    pairs: list[tuple[str | None, str | None]] = []
    waiting: dict[tuple, list[dict[str, object]]] = {}
    for deal in added:
        waiting.setdefault(_party_key(deal), []).append(deal)
    for deal in removed:
        candidates = waiting.get(_party_key(deal), [])
        twin = next((d for d in candidates if related(str(deal["designation"]), str(d["designation"]))),
                    None)
        if twin is not None:
            candidates.remove(twin)
        pairs.append((deal["deal_id"], twin and twin["deal_id"]))  # type: ignore[misc]
    pairs += [(None, d["deal_id"]) for group in waiting.values() for d in group]  # type: ignore[misc]
    return pairs


def _party_key(deal: dict[str, object]) -> tuple:
    return deal["supplier"], deal["recipient"], deal["order_year"], deal["category"]


def _deals(con: duckdb.DuckDBPyConnection, release: Release, ids: list[str]) -> dict[str, dict[str, object]]:
    if not ids:
        return {}
    columns = ("deal_id", "supplier", "recipient", "category", *COMPARED)
    found = con.execute(f"SELECT {', '.join(columns)} FROM deals WHERE release_id = ? "
                        "AND list_contains(?, deal_id)", [release.release_id, ids]).fetchall()
    return {row[0]: dict(zip(columns, row, strict=True)) for row in found}


def _compare(a: dict[str, object] | None, b: dict[str, object] | None) -> list[DiffRow]:
    some = b if a is None else a
    assert some is not None
    head = dict(supplier=some["supplier"], recipient=some["recipient"],
                designation=some["designation"], order_year=some["order_year"], year=None,
                deal_id_before=a and a["deal_id"], deal_id_after=b and b["deal_id"])
    if a is None or b is None:
        return [DiffRow("added" if a is None else "removed", field="tiv_delivered",  # type: ignore[arg-type]
                        before=a and a["tiv_delivered"], after=b and b["tiv_delivered"], **head)]
    return [DiffRow("changed", field=name, before=a[name], after=b[name], **head)  # type: ignore[arg-type]
            for name in COMPARED if _differs(name, a[name], b[name])]


def _differs(name: str, x: object, y: object) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return round(x, TIV_DIGITS) != round(y, TIV_DIGITS)
    return x != y


# ----- by designation (a per-year release on either side) -----

Line = tuple[str, str, str, str]      # supplier, recipient, armament category, designation
Yearly = dict[tuple[Line, int], tuple[float | None, float]]

# Per-year file: its own rows. Register: its deliveries with the deal's designation and category.
_PER_YEAR_SQL = """
    SELECT supplier, recipient, description, designation, year, sum(number_delivered),
           sum(tiv_delivered)
    FROM sipri_yearly WHERE release_id = ? AND year BETWEEN ? AND ? GROUP BY ALL"""
_REGISTER_SQL = """
    SELECT y.supplier, y.recipient, d.category, d.designation, y.year, sum(y.number_delivered),
           sum(y.tiv_delivered)
    FROM deliveries y JOIN deals d USING (release_id, deal_id)
    WHERE y.release_id = ? AND y.year BETWEEN ? AND ? GROUP BY ALL"""


def _yearly(con: duckdb.DuckDBPyConnection, release: Release, query: DiffQuery, years: Period,
            merge: bool) -> Yearly:
    """Numbers and TIV delivered by supplier, recipient, category, designation and year; with
    ``merge``, parties named as SIPRI's per-year file names them (None: a party it drops)."""
    per_year = release.source_format not in REGISTER_FORMATS
    found = con.execute(_PER_YEAR_SQL if per_year else _REGISTER_SQL,
                        [release.release_id, years.year_from, years.year_to]).fetchall()
    parties, names = registry(), {}
    out: Yearly = {}
    for supplier, recipient, kind, designation, year, number, tiv in found:
        if merge and not per_year:
            for name in (supplier, recipient):
                if name not in names:
                    names[name] = merged_name(name, parties)
            supplier, recipient = names[supplier], names[recipient]
        if supplier is None or recipient is None or not _selected(query, supplier, recipient):
            continue
        category = category_for(kind or "") if per_year else kind
        key = ((supplier, recipient, category, designation), year)
        n, t = out.get(key, (0.0, 0.0))
        out[key] = (None if n is None or number is None else n + number, t + tiv)
    return out


def _selected(query: DiffQuery, supplier: str, recipient: str) -> bool:
    return (query.supplier in (None, supplier)) and (query.recipient in (None, recipient))


def _lines(yearly: Yearly) -> dict[Line, dict[str, object]]:
    """Each line's number and TIV delivered, and its delivery years, over the years compared."""
    out: dict[Line, dict[str, object]] = {}
    for (line, year), (number, tiv) in sorted(yearly.items()):
        entry = out.setdefault(line, {"number_delivered": 0.0, "delivery_years": [], "tiv_delivered": 0.0})
        total = entry["number_delivered"]
        entry["number_delivered"] = None if number is None or total is None else total + number  # type: ignore[operator]
        entry["delivery_years"].append(year)  # type: ignore[union-attr]
        entry["tiv_delivered"] += tiv  # type: ignore[operator]
    for entry in out.values():
        entry["number_delivered"] = _rounded(entry["number_delivered"], NUMBER_DIGITS)  # type: ignore[arg-type]
        entry["tiv_delivered"] = round(entry["tiv_delivered"], TIV_DIGITS)  # type: ignore[arg-type]
    return out


def match_lines(before: Iterable[Line], after: Iterable[Line]) -> list[tuple[Line | None, Line | None]]:
    """Pairs of lines: the same designation first, then one spelt differently in the same category
    ('KS-1A' missiles in the 2025 register are 'KS-1' in the 2026 per-year file; store.split.related);
    what is left is added or removed."""
    a_left, b_left = set(before) - set(after), set(after) - set(before)
    pairs: list[tuple[Line | None, Line | None]] = [(k, k) for k in set(before) & set(after)]
    by_party: dict[tuple[str, str, str], list[Line]] = {}
    for b in sorted(b_left):
        by_party.setdefault(b[:3], []).append(b)
    for a in sorted(a_left):
        candidates = by_party.get(a[:3], [])
        twin = next((b for b in candidates if related(a[3], b[3])), None)
        if twin is not None:
            candidates.remove(twin)
            b_left.discard(twin)
        pairs.append((a, twin))
    pairs += [(None, b) for b in sorted(b_left)]
    return pairs


def _designation_rows(pairs: list[tuple[Line | None, Line | None]], a: dict[Line, dict[str, object]],
                      b: dict[Line, dict[str, object]]) -> list[DiffRow]:
    rows = []
    for ka, kb in pairs:
        line = kb or ka
        assert line is not None
        head = dict(supplier=line[0], recipient=line[1], designation=line[3], order_year=None, year=None)
        if ka is None or kb is None:
            rows.append(DiffRow("added" if ka is None else "removed", field="tiv_delivered",  # type: ignore[arg-type]
                                before=ka and a[ka]["tiv_delivered"], after=kb and b[kb]["tiv_delivered"],
                                **head))
            continue
        if ka[3] != kb[3]:
            rows.append(DiffRow("changed", field="designation", before=ka[3], after=kb[3], **head))  # type: ignore[arg-type]
        rows += [DiffRow("changed", field=name, before=a[ka][name], after=b[kb][name], **head)  # type: ignore[arg-type]
                 for name in ("number_delivered", "delivery_years", "tiv_delivered")
                 if _differs(name, a[ka][name], b[kb][name])]
    return rows


# ----- per-year revisions -----

def _revision_rows(pairs: list[tuple[Line | None, Line | None]], a: Yearly, b: Yearly) -> list[DiffRow]:
    """Numbers and TIV delivered in a year, for matched lines both releases deliver that year."""
    years_a: dict[Line, list[int]] = {}
    for line, year in a:
        years_a.setdefault(line, []).append(year)
    rows = []
    for ka, kb in pairs:
        if ka is None or kb is None:
            continue
        for year in sorted(years_a.get(ka, [])):
            if (kb, year) not in b:
                continue
            (n_a, t_a), (n_b, t_b) = a[(ka, year)], b[(kb, year)]
            head = dict(supplier=kb[0], recipient=kb[1], designation=kb[3], order_year=None, year=year)
            n_a, n_b = _rounded(n_a, NUMBER_DIGITS), _rounded(n_b, NUMBER_DIGITS)
            if n_a != n_b:
                rows.append(DiffRow("revised", field="number_delivered", before=n_a, after=n_b, **head))  # type: ignore[arg-type]
            if round(t_a, TIV_DIGITS) != round(t_b, TIV_DIGITS):
                rows.append(DiffRow("revised", field="tiv_delivered", before=round(t_a, TIV_DIGITS),  # type: ignore[arg-type]
                                    after=round(t_b, TIV_DIGITS), **head))
    return rows


def _line_diff(con: duckdb.DuckDBPyConnection, before: Release, after: Release, query: DiffQuery,
               years: Period, merge: bool, totals: bool) -> list[DiffRow]:
    """Differences by designation line (``totals``: the lines themselves) and per year."""
    span = _within(query, years)
    a, b = (_yearly(con, r, query, span, merge) for r in (before, after))
    lines_a, lines_b = _lines(a), _lines(b)
    pairs = match_lines(lines_a, lines_b)
    rows = _designation_rows(pairs, lines_a, lines_b) if totals else []
    return sorted(rows, key=_order) + sorted(_revision_rows(pairs, a, b), key=_order)


def _within(query: DiffQuery, years: Period) -> Period:
    return Period(max(years.year_from, query.year_from or years.year_from),
                  min(years.year_to, query.year_to or years.year_to))


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# ----- the effect on a flows query -----

def _effect(con: duckdb.DuckDBPyConnection, before: Release, after: Release,
            query: DiffQuery) -> FlowEffect | None:
    """The selection's share, in both releases: of the recipient's imports when both parties are
    given, else of the world's transfers; none without a party (no selection to follow)."""
    if not (query.supplier or query.recipient):
        return None
    measure = "share_of_recipient_imports" if query.supplier and query.recipient else "share_of_world"
    years = _within(query, _common_years(con, before, after))
    values = []
    for release in (before, after):
        result = flows(ReleaseView(con, release), FlowQuery(query.supplier, query.recipient,
                                                            years.year_from, years.year_to))
        record = dict(zip(result.columns, result.records[0], strict=True)) if result.records else {}
        values.append((record.get(measure), record.get("tiv", 0.0)))
    (share_a, tiv_a), (share_b, tiv_b) = values
    return FlowEffect(measure, _sentence(query, years, measure, share_a, share_b),
                      _rounded(share_a, 1), _rounded(share_b, 1), round(tiv_a, TIV_DIGITS),
                      round(tiv_b, TIV_DIGITS))


def _sentence(query: DiffQuery, years: Period, measure: str, a: float | None, b: float | None) -> str:
    span = f"{years.year_from}–{str(years.year_to)[-2:]}" if years.length > 1 else str(years.year_from)
    pct = lambda v: "none" if v is None else f"{v:.1f}%"  # noqa: E731
    if measure == "share_of_recipient_imports" and query.supplier:
        what = f"{query.supplier}'s share of {query.recipient}'s {span} imports"
    elif query.recipient:
        what = f"{query.recipient}'s share of world imports, {span}"
    else:
        what = f"{query.supplier}'s share of world exports, {span}"
    return f"{what}: {pct(a)} → {pct(b)}"


def _order(row: DiffRow) -> tuple:
    return (("removed", "added", "changed", "revised").index(row.change), row.supplier,
            row.recipient, row.order_year or 0, row.designation, row.year or 0)


def _release_dict(release: Release) -> dict[str, object]:
    return {"release_id": release.release_id, "file_name": release.file_name,
            "format": release.source_format,
            "data_generated": release.data_generated.isoformat() if release.data_generated else None}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)
