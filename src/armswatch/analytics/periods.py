"""Periods of years: SIPRI compares five-year periods (2020-24 against 2015-19) because yearly
volumes are volatile (SIPRI fact sheets, "Trends in international arms transfers").

One door for checking a year range against what a release covers, so that every analytics query
refuses inverted and empty ranges with the same message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armswatch.errors import UsageError
from armswatch.store.views import ReleaseView

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–/:]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True)
class Period:
    year_from: int
    year_to: int

    @property
    def label(self) -> str:
        """'2020-2024'; a single year as itself ('2020', not '2020-2020')."""
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}-{self.year_to}"

    @property
    def length(self) -> int:
        return self.year_to - self.year_from + 1

    def before(self, steps: int = 1) -> Period:
        """The period of the same length ``steps`` periods earlier (2020-2024 -> 2015-2019)."""
        shift = self.length * steps
        return Period(self.year_from - shift, self.year_to - shift)


def parse_period(text: str) -> Period:
    """'2020-2024', '2020-24' or '2020–24' as SIPRI writes it; a single year is a one-year period."""
    if text.strip().isdigit() and len(text.strip()) == 4:
        return check_years(int(text), int(text))
    match = _PERIOD.match(text)
    if not match:
        raise UsageError(f"Cannot read the period {text!r}. Write it as 2020-2024 or 2020-24.",
                         period=text)
    start, end = match.groups()
    year_to = int(start[:2] + end) if len(end) == 2 else int(end)
    return check_years(int(start), year_to)


def check_years(year_from: int, year_to: int) -> Period:
    if year_from > year_to:
        raise UsageError(f"--from {year_from} is after --to {year_to}; swap them.",
                         year_from=year_from, year_to=year_to)
    return Period(year_from, year_to)


def covered_years(view: ReleaseView) -> Period:
    """The first and last delivery year the view's release holds (``ReleaseView.years``, read
    once per view); a release without deliveries is refused."""
    if view.years is None:
        raise UsageError(f"{view.release.label} holds no deliveries; import a trade register.")
    return Period(*view.years)


def check_covered(view: ReleaseView, period: Period) -> Period:
    """Refuse a range that lies wholly outside the release's delivery years, naming those years."""
    covered, release = covered_years(view), view.release
    if period.year_to < covered.year_from or period.year_from > covered.year_to:
        raise UsageError(f"No deliveries in {period.label}: {release.label} covers "
                         f"{covered.year_from}-{covered.year_to}. Choose years in that range.",
                         period=period.label, choices=[covered.year_from, covered.year_to])
    return period


def check_within(view: ReleaseView, year_from: int | None, year_to: int | None) -> None:
    """Refuse years past the release's last delivery year (a period running beyond the data
    reads as a fall in volume), or wholly before its first, naming the years it covers."""
    if year_from is None and year_to is None:
        return
    covered, release = covered_years(view), view.release
    last = year_to if year_to is not None else year_from
    first = year_from if year_from is not None else year_to
    if last > covered.year_to or last < covered.year_from:  # type: ignore[operator]
        asked = Period(first, last).label if first <= last else str(last)  # type: ignore[operator]
        raise UsageError(f"{asked} runs beyond the data: {release.label} covers "
                         f"{covered.year_from}-{covered.year_to}. Choose years in that range.",
                         period=asked, choices=[covered.year_from, covered.year_to])


def bucket_sql(period_length: int, year_to: int) -> str:
    """SQL for the first year of the period a delivery year falls in; periods end at ``year_to``
    (so 2020-2024, 2015-2019, ... for year_to 2024 and length 5)."""
    offset = (year_to + 1) % period_length
    return f"(year - ((year - {offset}) % {period_length}))"
