"""The Python API: one object over one database, DataFrames out (docs/python.md).

    import armswatch
    with armswatch.open() as aw:                # the default database (created on first use)
        aw.deals(supplier="Russia", recipient="Burma")
        aw.flows(recipient="Myanmar", year_from=2014, year_to=2019, by="supplier")
        aw.factsheet("2020-2024", top=5).exporters

Each method calls the same core function as the CLI command of the same name; its keywords are
the CLI's flags (``--from`` is ``year_from``, ``--release`` is ``release_id``), and an error names
the keyword, not the flag.

A session does not hold the database file (issue 16): it reads from an in-memory copy
(``store.database.LiveCopy``, as ``armswatch serve`` does), copied again at a call when another
process has written the file since, and opens the file only for a write (``Armswatch.writing``).
So a notebook left open never makes the server's or the CLI's writes wait, and sees them.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import duckdb

from armswatch import db
from armswatch.errors import ArmswatchError
from armswatch.store.database import LiveCopy, Store

if TYPE_CHECKING:
    import pandas as pd

    from armswatch.register.summary import Info
    from armswatch.store.views import ReleaseView

Key = Literal["supplier", "recipient", "year", "period", "category", "supplier_region",
              "recipient_region"]
Measure = Literal["constant_usd", "current_usd", "share_of_gdp", "per_capita",
                  "share_of_government_spending", "local_currency_calendar_years",
                  "local_currency_financial_years"]

# How long a call waits to copy a file another process is writing; meanwhile it reads the copy in
# hand (the state before that write), and the next call copies the file.
REFRESH_WAIT = 0.5
# The CLI's flags as this API's keywords, for error messages raised by the shared core.
_KEYWORDS = {"--from": "year_from", "--to": "year_to", "--by": "by", "--period-length":
             "period_length", "--top": "top", "--release": "release_id", "--limit": "limit",
             "--min-confidence": "min_confidence", "--category": "category", "--status": "status"}
_FLAG = re.compile("|".join(re.escape(flag) for flag in sorted(_KEYWORDS, key=len, reverse=True))
                   + r"(?![\w-])")


class PartialRelease(UserWarning):
    """The release a query read is not a whole register (an export of one supplier, say)."""


@contextlib.contextmanager
def _keywords() -> Iterator[None]:
    """Re-word the core's errors for Python: '--from 2024 is after --to 2010' -> 'year_from ...'."""
    try:
        yield
    except ArmswatchError as exc:
        exc.message = _FLAG.sub(lambda m: _KEYWORDS[m.group(0)], exc.message)
        exc.args = (exc.message,)
        raise


@dataclass(frozen=True)
class FactSheet:
    """A SIPRI-style fact sheet as DataFrames: ``summary`` (one row), ``exporters``,
    ``importers`` (with their main partners), ``regions``; shares in per cent."""

    period: str
    summary: pd.DataFrame
    exporters: pd.DataFrame
    importers: pd.DataFrame
    regions: pd.DataFrame
    attribution: str
    release: str


@dataclass(frozen=True)
class Extraction:
    """What the news extractor found in one text: one DataFrame per kind of claim."""

    transfers: pd.DataFrame
    statistics: pd.DataFrame
    events: pd.DataFrame


class Armswatch:
    """The armswatch database from Python. Use ``armswatch.open()``; close it, or use ``with``.

    The session reads from an in-memory copy of the file, renewed at a call when another process
    (a server, the CLI, another notebook) has written the file; the file is opened only by
    ``writing()``, for the block.
    """

    def __init__(self, path: str | Path | None = None, release_id: int | None = None) -> None:
        self.store = Store(path)
        self.path = self.store.path
        self.release_id = release_id
        # ":memory:" is a private database: nothing to share, nothing to copy
        self._private = db.connect(db.MEMORY) if self.path == db.MEMORY else None
        self._live = None if self._private else LiveCopy(self.store, poll=None)
        # the views handed out for the copy of generation _views_of, by release asked: what a
        # layer derives once per view (the checker's deal index, ~0.2 s for the whole register)
        # is derived once per session and copy, not once per call; a renewed copy or a write
        # starts afresh
        self._views: dict[int | None, ReleaseView] = {}
        self._views_of = 0
        self._private_writes = 0

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The in-memory copy the methods read, as of the last call (SQL on it reads; a write on
        it stays in this copy and is dropped when the copy is renewed: write with ``writing()``)."""
        return self._private if self._live is None else self._live.con  # type: ignore[return-value]

    def _reader(self) -> duckdb.DuckDBPyConnection:
        """The copy, renewed first if another process has written the file since it was taken."""
        if self._live is not None:
            try:
                self._live.refresh(wait=REFRESH_WAIT)
            except duckdb.Error:  # the file mid-rewrite or gone: read the copy in hand, as the
                pass              # server does, and try again at the next call
        return self.con

    @contextlib.contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The database file open read-write for the block (``with aw.writing() as con:``),
        waiting while another process writes it; closed after the block, and the copy the
        methods read renewed, so the next call sees the write."""
        if self._live is None:
            try:
                yield self.con
            finally:
                self._private_writes += 1
            return
        with self._live.writing() as con:
            yield con

    def __enter__(self) -> Armswatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (a ``with`` block does it for you)."""
        self.con.close()
        if self._live is not None:
            self._live.close()

    def _release(self, release_id: int | None) -> int | None:
        return self.release_id if release_id is None else release_id

    def _view(self, release_id: int | None) -> ReleaseView:
        """The copy (renewed if another process wrote) and the release asked for, else the
        session's, else the current one: resolved once per call (issue 16)."""
        from armswatch.store.views import release_view

        con = self._reader()
        generation = self._private_writes if self._live is None else self._live.generation
        if generation != self._views_of:
            self._views, self._views_of = {}, generation   # another copy: the old views are stale
        release = self._release(release_id)
        view = self._views.get(release)
        if view is None or view.con is not con:
            view = self._views[release] = release_view(con, release)
        return view

    def _within(self, view: ReleaseView, year_from: int | None, year_to: int | None) -> None:
        """Years beyond the data are refused; a partial release is named (a warning)."""
        from armswatch.analytics.periods import check_within

        check_within(view, year_from, year_to)
        if view.release.partial_note:
            warnings.warn(view.release.partial_note, PartialRelease, stacklevel=4)

    def info(self, release_id: int | None = None) -> Info:
        """Releases loaded, counts and SIPRI's attribution (``armswatch info``)."""
        from armswatch.register.summary import info

        with _keywords():
            return info(self._view(release_id), self.path)

    def deals(self, *, supplier: str | None = None, recipient: str | None = None,
              year_from: int | None = None, year_to: int | None = None,
              designation: str | None = None, category: str | None = None,
              status: str | None = None, release_id: int | None = None,
              limit: int | None = None) -> pd.DataFrame:
        """Deals matching every filter (``armswatch deals``): names take any alias ("Burma"),
        a deal matches the years when its order year or a delivery year falls within them,
        ``designation`` is a case-insensitive part of it. One row per deal, SIPRI's columns."""
        from armswatch.register.deals import DealQuery, find_deals

        with _keywords():
            view = self._view(release_id)
            self._within(view, year_from, year_to)
            query = DealQuery(supplier, recipient, year_from, year_to, designation, category,
                              status, limit)
            return find_deals(view, query).to_pandas()

    def flows(self, *, supplier: str | None = None, recipient: str | None = None,
              year_from: int | None = None, year_to: int | None = None,
              by: Key | str | Sequence[str] = (), category: str | None = None,
              period_length: int = 5, merge_successors: bool = False,
              release_id: int | None = None) -> pd.DataFrame:
        """Delivered TIV grouped by ``by`` ("supplier", "year,supplier" or a list of keys:
        supplier, recipient, year, period, category, supplier_region, recipient_region), with
        shares in per cent and change (``armswatch flows``). No ``by``: one total row."""
        from armswatch.analytics import FlowQuery, flows
        from armswatch.analytics.keys import parse_by

        with _keywords():
            view = self._view(release_id)
            self._within(view, year_from, year_to)
            keys = parse_by([by] if isinstance(by, str) else by)
            return flows(view, FlowQuery(supplier, recipient, year_from, year_to, keys,
                                         category, period_length, merge_successors)).rows

    def trend(self, *, supplier: str | None = None, recipient: str | None = None,
              by: Key | None = None, period_length: int = 5, year_from: int | None = None,
              year_to: int | None = None, category: str | None = None,
              merge_successors: bool = False, release_id: int | None = None) -> pd.DataFrame:
        """A series over periods of ``period_length`` years (1: yearly), optionally split by one
        key (``armswatch trend``)."""
        time = "year" if period_length == 1 else "period"
        keys: list[str] = [time] + ([by] if by else [])
        return self.flows(supplier=supplier, recipient=recipient, year_from=year_from,
                          year_to=year_to, by=keys, category=category,
                          period_length=period_length, merge_successors=merge_successors,
                          release_id=release_id)

    def factsheet(self, period: str = "2020-2024", *, top: int = 25,
                  merge_successors: bool = False, release_id: int | None = None) -> FactSheet:
        """SIPRI-style fact sheet for any period ("2020-2024", "2020-24" or "2020"):
        ``.summary``, ``.exporters``, ``.importers``, ``.regions`` (``armswatch factsheet``)."""
        import pandas as pd

        from armswatch.analytics import factsheet, parse_period

        with _keywords():
            asked = parse_period(period)
            sheet = factsheet(self._view(release_id), asked, top=top,
                              merge_successors=merge_successors)
        data = sheet.to_dict()
        summary = {"period": sheet.period.label, "tiv_total": data["tiv_total"],
                   "suppliers_count": sheet.suppliers_count,
                   "recipients_count": sheet.recipients_count,
                   **{f"change_pct_vs_{k}": v for k, v in data["volume_change_pct"].items()}}  # type: ignore[union-attr]
        return FactSheet(sheet.period.label, pd.DataFrame([summary]),
                         _traders(data["exporters"], "main_clients"),  # type: ignore[arg-type]
                         _traders(data["importers"], "main_suppliers"),  # type: ignore[arg-type]
                         pd.DataFrame(data["regions"]), sheet.release.attribution,
                         sheet.release.label)

    def dependence(self, *, recipient: str | None = None, year_from: int | None = None,
                   year_to: int | None = None, period_length: int = 5,
                   merge_successors: bool = False, release_id: int | None = None) -> pd.DataFrame:
        """Supplier concentration (Herfindahl, 0-10,000) and the largest supplier shift, per
        importer and period (``armswatch dependence``)."""
        from armswatch.analytics import DependenceQuery, dependence

        with _keywords():
            view = self._view(release_id)
            self._within(view, year_from, year_to)
            return dependence(view, DependenceQuery(recipient, year_from, year_to,
                                                    period_length, merge_successors)).to_frame()

    def milex(self, *, country: str | None = None, year: int | None = None,
              region: str | None = None, year_from: int | None = None,
              year_to: int | None = None, measure: Measure = "constant_usd",
              top: int | None = None) -> pd.DataFrame:
        """SIPRI's military expenditure (``armswatch milex``): a ``country``'s series, a
        ``year``'s ranking (``top`` N), or ``region``'s totals (World by default). Needs SIPRI's
        Milex workbook imported (``armswatch import SIPRI-Milex-data-1949-2024.xlsx``)."""
        from armswatch.spending import country_series, ranking, regional_totals

        with _keywords():
            con = self._reader()
            if country:
                result = country_series(con, country, measure, year_from, year_to)
            elif year is not None:
                result = ranking(con, year, measure, top)
            else:
                result = regional_totals(con, region or "World", year_from, year_to)
        return result.to_arrow().to_pandas()

    def parties(self, search: str | None = None, *,
                kind: Literal["state", "non_state", "international_organisation", "unknown"]
                | None = None) -> pd.DataFrame:
        """SIPRI's parties with aliases and codes; ``search`` matches any name, alias, demonym,
        ISO or COW code ("burma", "Turkish", "MMR", "775")."""
        import pandas as pd

        from armswatch.parties import registry

        found = [asdict(p) for p in registry().search(search) if kind is None or p.kind == kind]
        return pd.DataFrame(found, columns=["name", "kind", "iso3", "cow", "region", "subregion",
                                            "host_state", "aliases", "demonyms"])

    def extract(self, text: str, *, min_confidence: float | None = None,
                published: str | None = None) -> Extraction:
        """Transfer claims, statistics and events in a news text, each with its evidence
        (``armswatch extract``). ``published`` (an ISO date) anchors "last year"."""
        import pandas as pd

        from armswatch.extract.model import Document
        from armswatch.extract.pipeline import extract_document

        with _keywords():
            result = extract_document(Document("text", text, published=published), min_confidence)
        data = result.to_dict()
        return Extraction(*(pd.DataFrame(data[kind]) for kind in  # type: ignore[arg-type]
                            ("transfers", "statistics", "events")))

    def check(self, text: str, *, min_confidence: float | None = None,
              published: str | None = None, release_id: int | None = None) -> pd.DataFrame:
        """Each claim in a news text checked against the register (``armswatch check``): one row
        per claim with its kind, a headline, the verdict, the explanation and the deals."""
        import pandas as pd

        from armswatch.reconcile.markdown import headline
        from armswatch.model import Document
        from armswatch.reconcile.pipeline import Checker

        with _keywords():
            checked = Checker(self._view(release_id)).check_document(
                Document("text", text, published=published), min_confidence)
        return pd.DataFrame(
            [{"claim_id": c.claim_id, "kind": c.kind, "claim": headline(c),
              "verdict": c.verdict.verdict, "explanation": c.verdict.explanation,
              "deal_ids": list(c.verdict.deal_ids)} for c in checked.claims],
            columns=["claim_id", "kind", "claim", "verdict", "explanation", "deal_ids"])


def _traders(rows: list[dict[str, object]], partners: str) -> pd.DataFrame:
    """Exporters or importers, their main partners as one readable column."""
    import pandas as pd

    flat = [{**{k: v for k, v in r.items() if k != partners},
             partners: ", ".join(f"{p['party']} ({p['share']:g}%)" for p in r[partners])}  # type: ignore[index, union-attr]
            for r in rows]
    return pd.DataFrame(flat, columns=["party", "tiv", "share", "change_pct", partners])


def open(path: str | Path | None = None, release_id: int | None = None) -> Armswatch:  # noqa: A001
    """Open the armswatch database: ``path``, else $ARMSWATCH_DB, else the user data directory
    (created from the bundled SIPRI data on first use). ``release_id`` fixes the release every
    query reads (default: the current one, ``armswatch use``)."""
    return Armswatch(path, release_id)
