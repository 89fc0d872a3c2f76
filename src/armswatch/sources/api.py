"""Reader of SIPRI's current API export (``/api/p/trades/trade-register-csv/``).

One row per deal per delivery year, with a stable "SIPRI AT Database ID", Yes/No estimate flags and
the armament category. Rows are grouped back into deals; the rows themselves are SIPRI's own split
of each deal over its delivery years.
"""

from __future__ import annotations

import csv
from pathlib import Path

from armswatch.model import Deal, Delivery
from armswatch.report import Report
from armswatch.sources import text as sipri_text
from armswatch.sources.categories import CATEGORIES, category_for
from armswatch.sources.model import STATUSES, SourceFile

FORMAT = "api"
ID_COLUMN = "SIPRI AT Database ID"
REQUIRED = (ID_COLUMN, "Supplier", "Recipient", "Designation", "Description", "Armament category",
            "Order date", "Order date is estimate", "Numbers delivered",
            "Numbers delivered is estimate", "Delivery year", "Status", "TIV deal unit",
            "TIV delivery values")
# What makes a deal: every row of one SIPRI id repeats these; only the delivery year, its units,
# TIV and estimate flags change from row to row (all 1,414 rows of SIPRI's 2000-01 sample).
DEAL_COLUMNS = ("Supplier", "Recipient", "Designation", "Description", "Armament category",
                "Order date", "Order date is estimate", "Status", "TIV deal unit",
                "Local production")
# Each numeric column: its parser, the code when it does not parse, the code when out of range.
NUMBERS = (("Order date", sipri_text.parse_year, "year-not-a-year", "year-not-a-year"),
           ("Delivery year", sipri_text.parse_year, "year-not-a-year", "year-not-a-year"),
           ("Numbers delivered", sipri_text.parse_count, "number-not-integer",
            "number-out-of-range"),
           ("TIV deal unit", lambda c: sipri_text.parse_tiv(c, sipri_text.MAX_TIV_PER_UNIT),
            "tiv-not-numeric", "tiv-out-of-range"),
           ("TIV delivery values", lambda c: sipri_text.parse_tiv(c, sipri_text.MAX_TIV_OF_DEAL),
            "tiv-not-numeric", "tiv-out-of-range"))


def is_header(line: str) -> bool:
    return line.lstrip("\ufeff").startswith(ID_COLUMN)


def read(path: Path, raw: bytes | None = None) -> SourceFile:
    result, found = sipri_text.read_export(path, raw, FORMAT, is_header, f"{ID_COLUMN!r} header")
    if found is None:
        return result
    report = result.report
    header_at = found.header_at
    reader = csv.DictReader(found.lines(report))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    for col in missing:
        report.add("missing-column", f"The header has no {col!r} column.", line=header_at + 1,
                   column=col)
    if missing:
        return result
    by_id: dict[str, tuple[Deal, dict[str, str]]] = {}
    for row in sipri_text.csv_rows(reader, header_at, report):
        line = header_at + reader.line_num
        if report.full:
            report.stop(line)
            break
        report.rows_read += 1
        if None in row.values() or None in row:
            report.add("too-few-fields" if None in row.values() else "too-many-fields",
                       f"Line {line} does not have the header's {len(reader.fieldnames or [])} fields.",
                       line=line)
            continue
        _add_row(result, by_id, row, line, report)
    if not report.valid:  # a refused file's rows are never written
        result.deals, result.yearly = [], []
    result.deals.sort(key=lambda d: d.source_line or 0)
    report.deals, report.deliveries = len(result.deals), len(result.yearly)
    if report.valid and not result.deals:
        report.add("no-deals", "The file has a header but no deals.", line=header_at + 1)
    return result


def _add_row(result: SourceFile, by_id: dict[str, tuple[Deal, dict[str, str]]],
             row: dict[str, str], line: int, report: Report) -> None:
    """Add one delivery row to its deal, found by SIPRI's id wherever its other rows are."""
    before = report.problems_found
    deal_id = row[ID_COLUMN].strip()
    values = {}
    for column, parse, code, range_code in NUMBERS:
        try:
            values[column] = parse(row[column])
        except sipri_text.OutOfRange as exc:
            report.add(range_code, f"{row[column]!r} in {column!r} is out of range: {exc} "
                       f"(line {line}).", line=line, column=column, value=row[column])
        except ValueError:
            report.add(code, f"{row[column]!r} in {column!r} is not valid (line {line}).",
                       line=line, column=column, value=row[column])
    if not deal_id or not row["Supplier"].strip() or not row["Recipient"].strip():
        report.add("party-missing", f"Line {line} lacks a deal id, supplier or recipient.", line=line)
    if row["Status"].strip() not in STATUSES:
        report.add("status-unknown", f"Unknown status {row['Status']!r} (line {line}).", line=line,
                   column="Status", value=row["Status"])
    if values.get("Delivery year") is None and report.problems_found == before:
        report.add("year-not-a-year", f"Line {line} has no delivery year.", line=line,
                   column="Delivery year")
    if report.problems_found > before:
        return
    if deal_id not in by_id:
        by_id[deal_id] = (_new_deal(deal_id, row, values, line), row)
        result.deals.append(by_id[deal_id][0])
    deal, first = by_id[deal_id]
    year = values["Delivery year"]
    if not _same_deal(deal, first, row, line, report):
        return
    if year in deal.delivery_years:
        report.add("delivery-year-repeated", f"Deal {deal_id} has a second row for {year} (line "
                   f"{line}); its units and TIV would be counted twice.", line=line,
                   column="Delivery year", value=year)
        return
    number = values["Numbers delivered"]
    tiv = values["TIV delivery values"] or 0.0
    deal.delivery_years = sorted({*deal.delivery_years, year})
    deal.number_delivered = (deal.number_delivered or 0) + int(number or 0)
    deal.number_delivered_uncertain |= row["Numbers delivered is estimate"].strip() == "Yes"
    deal.tiv_delivered = round((deal.tiv_delivered or 0.0) + tiv, 6)
    result.yearly.append(Delivery(deal_id, year, number, tiv, estimated=False))


def _same_deal(deal: Deal, first: dict[str, str], row: dict[str, str], line: int,
               report: Report) -> bool:
    """Whether a row is of the deal its id names; if not, a problem naming both lines: merging it
    would count one deal's TIV for another (issue 14, finding 6)."""
    differ = next((c for c in DEAL_COLUMNS if row.get(c, "").strip() != first.get(c, "").strip()),
                  None)
    if differ is None:
        return True
    report.add("deal-id-conflict", f"SIPRI id {deal.deal_id} names two different deals: line "
               f"{deal.source_line} has {differ} {first.get(differ, '')!r}, line {line} has "
               f"{row.get(differ, '')!r}.", line=line, column=differ, value=row.get(differ))
    return False


def _new_deal(deal_id: str, row: dict[str, str], values: dict[str, float | int | None],
              line: int) -> Deal:
    category = row["Armament category"].strip()
    return Deal(
        deal_id=deal_id, supplier=row["Supplier"].strip(), recipient=row["Recipient"].strip(),
        order_year=values["Order date"],
        order_year_uncertain=row["Order date is estimate"].strip() == "Yes",
        number_ordered=None, number_ordered_uncertain=False,
        designation=row["Designation"].strip(), description=row["Description"].strip(),
        category=category if category in CATEGORIES else category_for(row["Description"]),
        number_delivered=None, number_delivered_uncertain=False, delivery_years=[],
        status=row["Status"].strip(),
        comments="Local production" if row.get("Local production", "").strip() == "Yes" else None,
        tiv_per_unit=values["TIV deal unit"], tiv_total_order=None, tiv_delivered=None,
        source_line=line)
