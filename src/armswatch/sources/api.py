"""Reader of SIPRI's current API export (``/api/p/trades/trade-register-csv/``).

One row per deal per delivery year, with a stable "SIPRI AT Database ID", Yes/No estimate flags and
the armament category. Rows are grouped back into deals; the rows themselves are SIPRI's own split
of each deal over its delivery years.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from armswatch.report import Report
from armswatch.sources import text as sipri_text
from armswatch.sources.categories import CATEGORIES, category_for
from armswatch.sources.model import STATUSES, Deal, SourceFile, YearlyDelivery

FORMAT = "api"
ID_COLUMN = "SIPRI AT Database ID"
REQUIRED = (ID_COLUMN, "Supplier", "Recipient", "Designation", "Description", "Armament category",
            "Order date", "Order date is estimate", "Numbers delivered",
            "Numbers delivered is estimate", "Delivery year", "Status", "TIV deal unit",
            "TIV delivery values")


def is_header(line: str) -> bool:
    return line.lstrip("\ufeff").startswith(ID_COLUMN)


def read(path: Path, raw: bytes | None = None) -> SourceFile:
    result, found = sipri_text.read_export(path, raw, FORMAT, is_header, f"{ID_COLUMN!r} header")
    if found is None:
        return result
    report = result.report
    body, header_at = found
    reader = csv.DictReader(io.StringIO(body, newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    for col in missing:
        report.add("missing-column", f"The header has no {col!r} column.", line=header_at + 1,
                   column=col)
    if missing:
        return result
    by_id: dict[str, Deal] = {}
    for row in reader:
        line = header_at + reader.line_num
        report.rows_read += 1
        if None in row.values() or None in row:
            report.add("too-few-fields" if None in row.values() else "too-many-fields",
                       f"Line {line} does not have the header's {len(reader.fieldnames or [])} fields.",
                       line=line)
            continue
        _add_row(result, by_id, row, line, report)
    result.deals.sort(key=lambda d: d.source_line or 0)
    report.deals, report.deliveries = len(result.deals), len(result.yearly)
    if report.valid and not result.deals:
        report.add("no-deals", "The file has a header but no deals.", line=header_at + 1)
    return result


def _add_row(result: SourceFile, by_id: dict[str, Deal], row: dict[str, str], line: int,
             report: Report) -> None:
    before = len(report.problems)
    deal_id = row[ID_COLUMN].strip()
    values = {}
    for column, parse, code in (("Order date", sipri_text.parse_year, "year-not-a-year"),
                                ("Delivery year", sipri_text.parse_year, "year-not-a-year"),
                                ("Numbers delivered", sipri_text.parse_number, "number-not-integer"),
                                ("TIV deal unit", sipri_text.parse_number, "tiv-not-numeric"),
                                ("TIV delivery values", sipri_text.parse_number, "tiv-not-numeric")):
        try:
            values[column] = parse(row[column])
        except ValueError:
            report.add(code, f"{row[column]!r} in {column!r} is not valid (line {line}).",
                       line=line, column=column, value=row[column])
    if not deal_id or not row["Supplier"].strip() or not row["Recipient"].strip():
        report.add("party-missing", f"Line {line} lacks a deal id, supplier or recipient.", line=line)
    if row["Status"].strip() not in STATUSES:
        report.add("status-unknown", f"Unknown status {row['Status']!r} (line {line}).", line=line,
                   column="Status", value=row["Status"])
    if values.get("Delivery year") is None and len(report.problems) == before:
        report.add("year-not-a-year", f"Line {line} has no delivery year.", line=line,
                   column="Delivery year")
    if len(report.problems) > before:
        return
    year = values["Delivery year"]
    number = values["Numbers delivered"]
    tiv = values["TIV delivery values"] or 0.0
    if deal_id not in by_id:
        by_id[deal_id] = _new_deal(deal_id, row, values, line)
        result.deals.append(by_id[deal_id])
    deal = by_id[deal_id]
    deal.delivery_years = sorted({*deal.delivery_years, year})
    deal.number_delivered = (deal.number_delivered or 0) + int(number or 0)
    deal.number_delivered_uncertain |= row["Numbers delivered is estimate"].strip() == "Yes"
    deal.tiv_delivered = round((deal.tiv_delivered or 0.0) + tiv, 6)
    result.yearly.append(YearlyDelivery(deal_id, year, number, tiv, estimated=False))


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
