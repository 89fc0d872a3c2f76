"""Step 6: dates — explicit years and days, SIPRI periods, and relative dates anchored on
``published`` ("in January", "last March", "earlier this month", "on Thursday").

Rule R7: a relative date gives a year only when the document's publication date is known.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from armswatch.extract.triggers import fold

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_ABBR = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
_MONTH = r"(?P<month>" + "|".join([*MONTHS, *[a.capitalize() for a in _ABBR]]).replace("|", "|") + r")"

# The year comes first so that the engine skips ahead to "1" and "2"; the look-behind after it
# checks the character before the year.
_YEAR = re.compile(r"(?P<year>(?:19[5-9]|20[0-4])\d)(?<![\d$€£.,-]\d{4})(?![\d%]|-\d|–\d| per cent)")
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<month>[A-Z][a-z]{2,8})\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<day2>\d{1,2}) (?P<month2>[A-Z][a-z]{2,8}) (?P<year2>(?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(r"\b(?P<month>[A-Z][a-z]{2,8})\.? (?P<year>(?:19|20)\d\d)\b")
_RELATIVE = re.compile(
    r"\b(?:(?P<rel>last|this|earlier this|later this|next|in|on|since|by) )?(?P<unit>"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?: \d{1,2}\b)?|year|month|week|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b", re.IGNORECASE)
# The relative-date patterns are all lower case: matched case-sensitively on the folded text
# (triggers.fold: lower case, same offsets), they find what the case-insensitive ones find, faster.
_RELATIVE_FOLDED = re.compile(_RELATIVE.pattern)
_LAST_YEAR = re.compile(r"\blast (?:year)\b")
_THIS_MONTH = re.compile(r"\b(?:this|earlier this|later this) month\b")


_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@functools.lru_cache(maxsize=64)  # a sentence is asked once per claim in it
def _relatives(text: str) -> tuple[tuple[str | None, str], ...]:
    """(relative word, unit) of every relative date in a sentence, lower case; not the modal
    "may" ("India may buy", "May the deal ...")."""
    return tuple((m.group("rel"), m.group("unit")) for m in _RELATIVE_FOLDED.finditer(fold(text))
                 if not m.group("unit").startswith("may") or is_month_may(text, m.start("unit")))


_MAY_DAY = re.compile(r"\.? ?\d")
_OPENING = " \"'\u201c\u2018(["


def is_month_may(text: str, start: int) -> bool:
    """Whether the "May"/"may" at ``start`` is the month: capitalised, and followed by a day or a
    year ("May 2023", "May 5") or not the sentence's first word ("In May", "signed last May").
    A sentence's first "May" is the modal ("May the deliveries resume ...") and a lower-case one
    always is (issue 15)."""
    if text[start] != "M":
        return False
    return bool(_MAY_DAY.match(text, start + 3)) or bool(text[:start].strip(_OPENING))


@dataclass(frozen=True)
class Anchor:
    """The publication date as far as it is known."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, published: str | None) -> Anchor:
        match = _ISO.match(published or "")
        if not match:
            return cls(None)
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)


def month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or _ABBR.get(word[:4] if word.startswith("sept") else word[:3]) \
        if word[:3] in _ABBR or word in MONTHS else None


def years(text: str) -> list[tuple[int, int]]:
    """(position, year) of standalone years; not the years of periods ("2012-16") or decades."""
    if "19" not in text and "20" not in text:  # a year _YEAR takes is 19xx or 20xx
        return []
    return [(m.start(), int(m.group("year"))) for m in _YEAR.finditer(text)
            if not text[m.end():m.end() + 1] == "s"]


def year_near(text: str, position: int, anchor: Anchor) -> int | None:
    """The explicit year closest to ``position``; else a relative date's year; else None."""
    found = years(text)
    if found:
        return min(found, key=lambda item: abs(item[0] - position))[1]
    if anchor.year and _relatives(text) and _relative_is_date(text):
        return _relative_year(text, anchor)
    return None


def _relative_is_date(text: str) -> bool:
    return any(rel or unit.lower() not in ("year", "month", "week", "may")
               for rel, unit in _relatives(text))


def _relative_year(text: str, anchor: Anchor) -> int | None:
    """'last March' in a July article is this year's March; 'last December' in March is last year's."""
    assert anchor.year is not None
    match = _LAST_YEAR.search(fold(text))
    if match:
        return anchor.year - 1
    for rel, unit in _relatives(text):
        month = month_number(unit.split()[0])
        if month and anchor.month and month > anchor.month and (rel or "").lower() in ("last", "in", ""):
            return anchor.year - 1
    return anchor.year


def date_in(text: str, anchor: Anchor) -> str | None:
    """An ISO date (day, month or year precision) stated or implied in a sentence."""
    if "19" not in text and "20" not in text:  # every explicit date below holds a year 19xx/20xx
        return _relative_date(text, anchor)
    match = _DAY_MONTH_YEAR.search(text)
    if match:
        month = month_number(match.group("month") or match.group("month2"))
        day = int(match.group("day") or match.group("day2"))
        if month:
            return f"{match.group('year') or match.group('year2')}-{month:02d}-{day:02d}"
    match = _MONTH_YEAR.search(text)
    if match and month_number(match.group("month")):
        return f"{match.group('year')}-{month_number(match.group('month')):02d}"
    found = years(text)
    if found:
        return str(found[0][1])
    return _relative_date(text, anchor)


def _relative_date(text: str, anchor: Anchor) -> str | None:
    if not anchor.year:
        return None
    if anchor.month and _THIS_MONTH.search(fold(text)):
        return f"{anchor.year}-{anchor.month:02d}"
    for rel, written in _relatives(text):
        unit = written.split()[0].lower()
        month = month_number(unit)
        if month and (rel or unit not in ("may",)):
            year = anchor.year - 1 if anchor.month and month > anchor.month else anchor.year
            return f"{year}-{month:02d}"
        if unit in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                    "today", "yesterday"):
            return str(anchor.year)
    return None
