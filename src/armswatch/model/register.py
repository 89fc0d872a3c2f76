"""SIPRI's trade register in SIPRI's words: a release, a deal and its deliveries (issue 16, "one
model").

The readers of SIPRI's files make these, the store writes them, and the checker matches claims
against them (reconcile/index.py loads one release's deals).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Sequence

# The source formats of SIPRI's trade register (the others are per-year files and Milex workbooks)
REGISTER_FORMATS = ("classic", "api")


@dataclass
class Deal:
    """One deal of SIPRI's trade register. The readers fill some fields row by row, so it is not
    frozen; the checker treats the deals it loads as read-only."""

    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    order_year_uncertain: bool
    number_ordered: int | None
    number_ordered_uncertain: bool
    designation: str
    description: str
    category: str
    number_delivered: int | None
    number_delivered_uncertain: bool
    delivery_years: Sequence[int]        # a list while read; a tuple in the checker's index
    status: str | None
    comments: str | None
    tiv_per_unit: float | None
    tiv_total_order: float | None
    tiv_delivered: float | None
    source_line: int | None = None

    @property
    def first_year(self) -> int | None:
        """The order year, else the first delivery year."""
        return self.order_year if self.order_year is not None else (
            self.delivery_years[0] if self.delivery_years else None)

    def label(self) -> str:
        """The deal in one line, as a verdict's explanation cites it."""
        number = "" if self.number_ordered is None else f"{self.number_ordered} "
        years = ", ".join(map(str, self.delivery_years)) or "none yet"
        return (f"{number}{self.designation} ({self.supplier} → {self.recipient}, ordered "
                f"{self.order_year or '?'}{'?' if self.order_year_uncertain else ''}, "
                f"delivered {years})")

    def ref(self, why: str = "") -> DealRef:
        """The deal as a verdict cites it, with why it was picked."""
        return DealRef(self.deal_id, self.supplier, self.recipient, self.order_year,
                       self.designation, self.category, self.number_ordered,
                       self.number_delivered, tuple(self.delivery_years), self.comments, why)


@dataclass
class Delivery:
    """Units and TIV of one deal delivered in one year, as SIPRI split them (or armswatch did,
    ``estimated``)."""

    deal_id: str
    year: int
    number_delivered: float | None
    tiv_delivered: float
    estimated: bool = False


@dataclass(frozen=True)
class DealRef:
    """A register deal as a verdict cites it, with why it was picked."""

    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    designation: str
    category: str
    number_ordered: int | None
    number_delivered: int | None
    delivery_years: tuple[int, ...]
    comments: str | None
    why: str = ""

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["delivery_years"] = list(self.delivery_years)
        return data


@dataclass(frozen=True)
class Release:
    """One imported file of SIPRI's data, as the releases table keeps it."""

    release_id: int
    source_format: str
    file_name: str
    sha256: str
    data_generated: datetime | None
    scope: str | None
    imported_at: datetime
    deals: int
    deliveries: int
    sipri_split_deals: int
    attribution: str

    @property
    def whole_register(self) -> bool:
        """An export of all suppliers to all recipients (SIPRI's first legend line says so)."""
        scope = (self.scope or "").lower()
        return not scope or ("from all countries" in scope and "to all countries" in scope)

    @property
    def partial_note(self) -> str | None:
        """For a release that is not a whole register: what it holds, said on every query."""
        if self.whole_register or self.source_format not in REGISTER_FORMATS:
            return None
        scope = " ".join((self.scope or "").split())
        return (f"Release {self.release_id} is a partial export ({scope}): queries see only its "
                f"{self.deals:,} deals. `armswatch use` goes back to the latest whole register.")

    @property
    def label(self) -> str:
        date = self.data_generated.strftime("%d %b %Y") if self.data_generated else "date unknown"
        return f"release {self.release_id}: {self.file_name} (data generated {date})"
