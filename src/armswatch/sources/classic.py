"""Reader of SIPRI's classic trade-register CSV (the web form's "Trade Register" export).

Handles every quirk of real exports (see ../shared/data/README.md and docs/formats.md):
Latin-1 or UTF-8 with or without BOM; legend lines or none; blank-named ``?`` flag columns after
"Year of order", "Number ordered" and "Number delivered"; deals broken over two physical lines by an
unquoted line break in Comments (rejoined); the re-saved variant that leaves the three TIV numbers of
a broken deal on a row of their own (merged back); the 2026 header that renames "Number delivered"
to "Deliveries in the Year Range".
"""

from __future__ import annotations

import csv
import hashlib
from functools import partial
from pathlib import Path

from armswatch.model import Deal
from armswatch.report import Report
from armswatch.sources import text as sipri_text
from armswatch.sources.categories import category_for
from armswatch.sources.model import STATUSES, SourceFile

FORMAT = "classic"

# SIPRI's header words -> our column names. A blank-named header cell holds the '?' flag of the
# column before it.
COLUMNS = {
    "recipient": "recipient",
    "supplier": "supplier",
    "year of order": "order_year",
    "number ordered": "number_ordered",
    "weapon designation": "designation",
    "weapon description": "description",
    "number delivered": "number_delivered",
    "deliveries in the year range": "number_delivered",  # 2026 exports
    "year(s) of delivery": "delivery_years",
    "status": "status",
    "comments": "comments",
    "sipri tiv per unit": "tiv_per_unit",
    "sipri tiv for total order": "tiv_total_order",
    "sipri tiv of delivered weapons": "tiv_delivered",
}
REQUIRED = tuple(dict.fromkeys(COLUMNS.values()))
# Each TIV column and the bound its figures keep (sources/text.py says where the bounds come from).
TIV_BOUNDS = {"tiv_per_unit": sipri_text.MAX_TIV_PER_UNIT,
              "tiv_total_order": sipri_text.MAX_TIV_OF_DEAL,
              "tiv_delivered": sipri_text.MAX_TIV_OF_DEAL}


def is_header(line: str) -> bool:
    return line.lstrip("\ufeff").lower().startswith("recipient,supplier")


def read(path: Path, raw: bytes | None = None) -> SourceFile:
    result, found = sipri_text.read_export(path, raw, FORMAT, is_header,
                                           "trade-register header ('Recipient,Supplier,...')")
    if found is None:
        return result
    report = result.report
    result.deals = _read_rows(found, report)
    report.deals = len(result.deals)
    if report.valid and not result.deals:
        report.add("no-deals", "The file has a header but no deals.", line=found.header_at + 1)
    return result


def _columns(header: list[str], report: Report, line: int) -> dict[str, int] | None:
    index: dict[str, int] = {}
    for pos, name in enumerate(header):
        key = name.strip().lower()
        if key in COLUMNS:
            index[COLUMNS[key]] = pos
        elif not key and pos > 0:
            index[f"{_name_at(header, pos - 1)}_uncertain"] = pos
    missing = [c for c in REQUIRED if c not in index]
    for col in missing:
        report.add("missing-column", f"The header has no {col!r} column.", line=line, column=col)
    return None if missing else index


def _name_at(header: list[str], pos: int) -> str:
    return COLUMNS.get(header[pos].strip().lower(), header[pos].strip().lower())


def _read_rows(body: sipri_text.Body, report: Report) -> list[Deal]:
    """The deals below the header; none when the file is refused. Once a row has a problem, later
    rows are checked but not kept; once the report is full, reading stops (issue 14, finding 8)."""
    offset = body.header_at
    reader = csv.reader(body.lines(report))
    header = next(reader, None)
    index = None if header is None else _columns(header, report, offset + 1)
    if header is None or index is None:
        return []
    deals: list[Deal] = []
    ids: dict[str, int] = {}
    for line, row in _whole_rows(reader, offset, len(header), report):
        if deals and _is_stray_tiv_row(row) and _has_no_tiv(deals[-1]):
            _merge_stray_tivs(deals[-1], row, line, report)
            continue
        deal = _deal(row, index, line, report)
        if deal is not None and report.valid:
            deal.deal_id = _unique(_deal_id(row), ids)
            deals.append(deal)
    return deals if report.valid else []  # a refused file's rows are never written


def _whole_rows(reader, offset: int, width: int, report: Report):
    """(line, cells) of each row of the header's width, rows broken by a line break rejoined.

    A line break inside an unquoted cell splits a row in two: the last cell of the first part goes
    on in the first cell of the next, so the parts are joined when together they fit the header.
    """
    pending: tuple[int, list[str]] | None = None
    for row in sipri_text.csv_rows(reader, offset, report):
        line = offset + reader.line_num
        if report.full:
            report.stop(line)
            return
        if not any(cell.strip() for cell in row):
            continue
        report.rows_read += 1
        if pending is not None:
            start, head = pending
            joined = head[:-1] + [f"{head[-1].rstrip()} {row[0].lstrip()}".strip()] + row[1:]
            pending = None
            if len(joined) <= width:
                row, line = joined, start
            else:
                report.add("too-few-fields", f"Line {start} has {len(head)} of {width} fields.",
                           line=start, value=",".join(head))
        if len(row) < width:
            pending = (line, row)
        elif len(row) > width:
            report.add("too-many-fields", f"Line {line} has {len(row)} fields, the header {width}.",
                       line=line, value=",".join(row)[:80])
        else:
            yield line, row
    if pending is not None and report.stopped_at_line is None:
        report.add("truncated-file", f"The file ends inside the row that starts on line {pending[0]}.",
                   line=pending[0], value=",".join(pending[1])[:80])


def _is_stray_tiv_row(row: list[str]) -> bool:
    """The re-saved variant leaves a broken deal's three TIVs alone on the next row."""
    cells = [c.strip() for c in row]
    if any(cells[4:]):
        return False
    return all(_is_number(c) for c in cells[1:4]) and any(cells[1:4])


def _has_no_tiv(deal: Deal) -> bool:
    return deal.tiv_per_unit is None and deal.tiv_total_order is None and deal.tiv_delivered is None


def _merge_stray_tivs(deal: Deal, row: list[str], line: int, report: Report) -> None:
    if row[0].strip():
        deal.comments = f"{deal.comments or ''} {row[0].strip()}".strip()
    cells = dict(zip(TIV_BOUNDS, (c.strip() for c in row[1:4]), strict=True))
    tivs = {c: _tiv(cells, c, line, report) for c in TIV_BOUNDS}
    deal.tiv_per_unit, deal.tiv_total_order, deal.tiv_delivered = tivs.values()


def _is_number(cell: str) -> bool:
    try:
        sipri_text.parse_number(cell)
    except ValueError:
        return False
    return True


def _deal(row: list[str], index: dict[str, int], line: int, report: Report) -> Deal | None:
    cell = {name: row[pos].strip() for name, pos in index.items()}
    before = len(report.problems)
    if not cell["supplier"] or not cell["recipient"]:
        report.add("party-missing", f"Line {line} names no supplier or recipient.", line=line)
    order_year = _year(cell, "order_year", line, report)
    numbers = {c: _integer(cell, c, line, report)
               for c in ("number_ordered", "number_delivered")}
    tivs = {c: _tiv(cell, c, line, report) for c in TIV_BOUNDS}
    years = _delivery_years(cell["delivery_years"], line, report)
    status = cell["status"] or None
    if status is not None and status not in STATUSES:
        report.add("status-unknown", f"Unknown status {status!r} on line {line}.", line=line,
                   column="status", value=status)
    if len(report.problems) > before:
        return None
    return Deal(
        deal_id="", supplier=cell["supplier"], recipient=cell["recipient"],
        order_year=order_year, order_year_uncertain=_flag(cell, "order_year"),
        number_ordered=numbers["number_ordered"],
        number_ordered_uncertain=_flag(cell, "number_ordered"),
        designation=cell["designation"], description=cell["description"],
        category=category_for(cell["description"]),
        number_delivered=numbers["number_delivered"],
        number_delivered_uncertain=_flag(cell, "number_delivered"),
        delivery_years=years or [], status=status, comments=cell["comments"] or None,
        tiv_per_unit=tivs["tiv_per_unit"], tiv_total_order=tivs["tiv_total_order"],
        tiv_delivered=tivs["tiv_delivered"], source_line=line)


def _flag(cell: dict[str, str], column: str) -> bool:
    return cell.get(f"{column}_uncertain", "") == "?"


def _year(cell: dict[str, str], column: str, line: int, report: Report) -> int | None:
    return _parsed(cell, column, line, report, sipri_text.parse_year, "year-not-a-year", "a year")


def _integer(cell: dict[str, str], column: str, line: int, report: Report) -> int | None:
    return _parsed(cell, column, line, report, sipri_text.parse_count, "number-not-integer",
                   "a whole number", "number-out-of-range")


def _tiv(cell: dict[str, str], column: str, line: int, report: Report) -> float | None:
    return _parsed(cell, column, line, report, _TIV_PARSERS[column], "tiv-not-numeric",
                   "a TIV figure", "tiv-out-of-range")


_TIV_PARSERS = {column: partial(sipri_text.parse_tiv, bound=bound)
                for column, bound in TIV_BOUNDS.items()}


def _parsed(cell: dict[str, str], column: str, line: int, report: Report, parse, code: str,
            what: str, range_code: str | None = None):
    """The cell parsed, or None with a problem naming the line and value: ``code`` when it is not
    ``what``, ``range_code`` when it is but out of range (sources/text.py, OutOfRange)."""
    try:
        return parse(cell[column])
    except sipri_text.OutOfRange as exc:
        report.add(range_code or code, f"{cell[column]!r} in {column!r} is out of range: {exc} "
                   f"(line {line}).", line=line, column=column, value=cell[column])
    except ValueError:
        report.add(code, f"{cell[column]!r} is not {what} (line {line}).", line=line,
                   column=column, value=cell[column])
    return None


def _delivery_years(value: str, line: int, report: Report) -> list[int] | None:
    if not value:
        return []
    try:
        years = [sipri_text.parse_year(part) for part in value.split(";")]
    except ValueError:
        report.add("delivery-years-unparseable", f"{value!r} is not a list of years (line {line}).",
                   line=line, column="delivery_years", value=value)
        return None
    return sorted({y for y in years if y is not None})


def _deal_id(row: list[str]) -> str:
    """A deterministic id from the deal's defining fields (the classic export has no SIPRI id)."""
    key = "\x1f".join(cell.strip() for cell in row)
    return "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:11]


def _unique(deal_id: str, seen: dict[str, int]) -> str:
    seen[deal_id] = seen.get(deal_id, 0) + 1
    return deal_id if seen[deal_id] == 1 else f"{deal_id}-{seen[deal_id]}"
