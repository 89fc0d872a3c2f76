"""Reader of SIPRI's per-year deliveries file: ``{supplier: {year: {recipient: [[number, tiv,
description, designation], ...]}}}``.

It is SIPRI's own split of deals over their delivery years, but lossy (no deal ids; Soviet Union
merged into Russia, old spellings, non-state groups merged into their host states): the store
matches its records to the register's deals (store/split.py).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from armswatch.report import Report
from armswatch.sources import text as sipri_text
from armswatch.sources.model import SipriYear, SourceFile

FORMAT = "deliveries-json"
# SIPRI's 1950-2025 file has 3.2 MB. JSON is parsed whole, into objects ten times its size, so a
# file ten times larger is refused unread: refusing stays cheap (issue 14, finding 8).
MAX_BYTES = 32 * 1024 * 1024


def is_deliveries_json(text: str) -> bool:
    return text.lstrip().startswith("{")


def read(path: Path, raw: bytes | None = None) -> SourceFile:
    result, text = sipri_text.begin(path, raw, FORMAT)
    report = result.report
    if text is None:
        return result
    if len(text.raw) > MAX_BYTES:
        report.add("json-too-large", f"The file has {len(text.raw):,} bytes; SIPRI's per-year "
                   f"file has about 3 MB, and JSON over {MAX_BYTES:,} is not read.", line=1)
        return result
    try:
        data = json.loads(text.whole())
    except json.JSONDecodeError as exc:
        report.add("not-a-sipri-export", f"Not valid JSON: {exc.msg}.", line=exc.lineno)
        return result
    except RecursionError:  # the parser's own limit: about a thousand nested brackets
        report.add("json-too-deep", "The JSON nests too deeply to read; SIPRI's per-year file "
                   "has four levels (supplier, year, recipient, record).", line=1)
        return result
    if not isinstance(data, dict):
        report.add("not-a-sipri-export", "Expected an object keyed by supplier.", line=1)
        return result
    for supplier, by_year in data.items():
        if report.full:
            report.stop(None)
            break
        _read_supplier(result, supplier, by_year, report)
    report.rows_read = len(result.sipri_years)
    if not report.valid:  # a refused file's rows are never written
        result.sipri_years = []
    report.deliveries = len(result.sipri_years)
    if report.valid and not result.sipri_years:
        report.add("no-deals", "The file holds no deliveries.")
    return result


def _read_supplier(result: SourceFile, supplier: str, by_year: object, report: Report) -> None:
    if not isinstance(by_year, dict):
        report.add("not-a-sipri-export", f"{supplier}: expected an object keyed by year.",
                   column=supplier)
        return
    for year_text, by_recipient in by_year.items():
        try:
            year = sipri_text.parse_year(year_text)
        except ValueError:
            report.add("year-not-a-year", f"{supplier}: {year_text!r} is not a year.",
                       column=supplier, value=year_text)
            continue
        if year is None or not isinstance(by_recipient, dict):
            report.add("not-a-sipri-export", f"{supplier} {year_text}: expected recipients.",
                       column=supplier)
            continue
        for recipient, records in by_recipient.items():
            for record in records if isinstance(records, list) else [records]:
                _read_record(result, supplier, recipient, year, record, report)


def _read_record(result: SourceFile, supplier: str, recipient: str, year: int, record: object,
                 report: Report) -> None:
    where = f"{supplier} -> {recipient} {year}"
    if not isinstance(record, list) or len(record) != 4:
        report.add("too-few-fields", f"{where}: expected [number, tiv, description, designation].",
                   column=where, value=record)
        return
    number, tiv, description, designation = record
    parsed_tiv = _figure(lambda: sipri_text.parse_tiv(_cell(tiv), sipri_text.MAX_TIV_OF_DEAL),
                         "tiv-out-of-range", where, record, report)
    parsed_number = _figure(lambda: _number(number), "number-out-of-range", where, record, report)
    if parsed_tiv is False or parsed_number is False:
        return
    result.sipri_years.append(SipriYear(supplier, recipient, year, str(designation),
                                        str(description), parsed_number, parsed_tiv or 0.0))


def _figure(parse, range_code: str, where: str, record: list, report: Report):
    """A record's figure parsed, or False with a problem: ``range_code`` when it is a number out
    of range, tiv-not-numeric when it is no number. (The per-year file is one line of JSON: the
    problem is located by supplier, recipient and year, not by line.)"""
    try:
        return parse()
    except sipri_text.OutOfRange as exc:
        report.add(range_code, f"{where}: {record!r} has a figure out of range: {exc}.",
                   column=where, value=record)
    except ValueError:
        report.add("tiv-not-numeric", f"{where}: {record!r} has a non-numeric figure.",
                   column=where, value=record)
    return False


def _cell(value: object) -> str:
    """A figure as the CSV readers see it; JSON's true/false, lists and objects are not figures."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(repr(value))
    return str(value)


def _number(value: object) -> float | None:
    """Units delivered in a year: SIPRI's per-year file writes whole numbers, yet they stay floats
    (a split deal's share), finite, not negative, at most MAX_COUNT."""
    number = sipri_text.parse_number(_cell(value))
    if number is not None and not (math.isfinite(number) and 0 <= number <= sipri_text.MAX_COUNT):
        raise sipri_text.OutOfRange(f"{value} is outside 0 to {sipri_text.MAX_COUNT:,}")
    return number
