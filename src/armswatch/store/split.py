"""Deliveries per year: how each deal's delivered TIV falls over its delivery years.

The classic register lists delivery years but not the units delivered in each. Where SIPRI's own
split is known (the API format's rows, or SIPRI's per-year deliveries file matched to the deal) it is
used; otherwise the deal is split evenly and its rows are marked ``estimated``. Either way a deal's
yearly TIVs add up to its "SIPRI TIV of delivered weapons".
"""

from __future__ import annotations

from collections import defaultdict
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from armswatch.model import Deal, Delivery
from armswatch.parties import SUCCESSORS, Parties
from armswatch.sources.categories import category_for
from armswatch.sources.model import SipriYear

Key = tuple[str, str, str, int]  # supplier, recipient, designation (or category), year


@dataclass
class SipriIndex:
    """SIPRI's per-year TIVs, by exact designation and, for near spellings, by category."""

    exact: dict[Key, float] = field(default_factory=dict)
    by_category: dict[Key, list[tuple[str, float]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.exact)


@dataclass
class SplitResult:
    rows: list[Delivery]
    sipri_split_deals: int  # several delivery years, split as SIPRI split them
    single_year_deals: int  # one delivery year: nothing to split
    even_split_deals: int   # several delivery years, SIPRI's split unknown: even, estimated
    method: dict[str, str] = field(default_factory=dict)  # deal_id -> sipri | single | even


def _stem(designation: str) -> str:
    return re.sub(r"[^0-9a-z]", "", designation.lower())


def related(a: str, b: str) -> bool:
    """Two spellings of one system across releases: 'KS-1'/'KS-1A', 'Mi-24P'/'Mi-24P/Mi-35P'."""
    parts_a = {_stem(p) for p in a.split("/")} - {""}
    parts_b = {_stem(p) for p in b.split("/")} - {""}
    if parts_a & parts_b:
        return True
    sa, sb = _stem(a), _stem(b)
    return bool(sa and sb) and (sa.startswith(sb) or sb.startswith(sa))


def merged_name(name: str, parties: Parties) -> str | None:
    """A party as SIPRI's per-year file names it: successors merged, rebels in their host state."""
    canonical = parties.lookup(name) or name
    canonical = SUCCESSORS.get(canonical, canonical)
    party = parties.by_name.get(canonical)
    if party is None:
        return canonical
    if party.kind == "non_state":
        return party.host_state
    if party.kind in ("international_organisation", "unknown"):
        return None  # dropped from the per-year file
    return canonical


def index_sipri_years(records: Iterable[SipriYear], parties: Parties) -> SipriIndex:
    exact: dict[Key, float] = defaultdict(float)
    by_category: dict[Key, list[tuple[str, float]]] = defaultdict(list)
    for rec in records:
        supplier, recipient = merged_name(rec.supplier, parties), merged_name(rec.recipient, parties)
        if supplier and recipient:
            exact[(supplier, recipient, rec.designation, rec.year)] += rec.tiv_delivered
            by_category[(supplier, recipient, category_for(rec.description), rec.year)].append(
                (rec.designation, rec.tiv_delivered))
    return SipriIndex(dict(exact), dict(by_category))


def split_deals(deals: list[Deal], given: list[Delivery], sipri: SipriIndex,
                parties: Parties) -> SplitResult:
    """One row per deal per delivery year, SIPRI's split where known, else an even split."""
    given_ids = {row.deal_id for row in given}
    rows = list(given)
    method = dict.fromkeys(given_ids, "sipri")
    for deal in deals:
        if deal.deal_id in given_ids or not deal.delivery_years:
            continue
        if len(deal.delivery_years) == 1:
            method[deal.deal_id] = "single"
            rows.extend(_rows(deal, [1.0], estimated=False))
            continue
        weights = _sipri_weights(deal, sipri, parties) if sipri else None
        method[deal.deal_id] = "even" if weights is None else "sipri"
        rows.extend(_rows(deal, weights or [1.0] * len(deal.delivery_years),
                          estimated=weights is None))
    counts = {m: sum(1 for v in method.values() if v == m) for m in ("sipri", "single", "even")}
    return SplitResult(rows, counts["sipri"], counts["single"], counts["even"], method)


def _sipri_weights(deal: Deal, sipri: SipriIndex, parties: Parties) -> list[float] | None:
    """SIPRI's yearly TIVs for the deal's delivery years, if the per-year file has every year.

    First by exact designation; else by related spellings of the same category ("Mi-24P" for
    "Mi-24P/Mi-35P"). The per-year file comes from a later release: where it lacks one of the
    register's delivery years, SIPRI has revised the deal and its split does not describe this one.
    """
    supplier, recipient = merged_name(deal.supplier, parties), merged_name(deal.recipient, parties)
    if not supplier or not recipient:
        return None
    weights = [sipri.exact.get((supplier, recipient, deal.designation, year), 0.0)
               for year in deal.delivery_years]
    if all(w > 0 for w in weights):
        return weights
    weights = [sum(tiv for name, tiv in sipri.by_category.get(
                   (supplier, recipient, deal.category, year), []) if related(name, deal.designation))
               for year in deal.delivery_years]
    return weights if all(w > 0 for w in weights) else None


def _rows(deal: Deal, weights: list[float], estimated: bool) -> list[Delivery]:
    total = sum(weights)
    tiv = deal.tiv_delivered or 0.0
    number = deal.number_delivered
    return [Delivery(deal.deal_id, year, None if number is None else number * w / total,
                           tiv * w / total, estimated)
            for year, w in zip(deal.delivery_years, weights, strict=True)]
