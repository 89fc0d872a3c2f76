"""A fact sheet as text: markdown for the terminal, one self-contained HTML page, a CSV table."""

from __future__ import annotations

import html

import pyarrow as pa

from armswatch.analytics.factsheet import Factsheet, Trader


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1f}%" if abs(value) < 1000 else f"{value:+,.0f}%"


def _rows(traders: tuple[Trader, ...]) -> list[list[str]]:
    return [[str(i), t.party, f"{t.tiv:,.0f}", f"{t.share:.1f}", _pct(t.change_pct),
             ", ".join(f"{p.party} ({p.share:.0f}%)" for p in t.partners)]
            for i, t in enumerate(traders, 1)]


def _sections(sheet: Factsheet) -> list[tuple[str, list[str], list[list[str]]]]:
    label, before = sheet.period.label, sheet.period.before(1).label
    head = ["rank", "{}", "TIV (millions)", "share of global (%)", f"change vs {before}"]
    return [
        (f"Largest exporters of major arms, {label}", [*head, "main clients (share of exports)"],
         _rows(sheet.exporters)),
        (f"Largest importers of major arms, {label}", [*head, "main suppliers (share of imports)"],
         _rows(sheet.importers)),
        (f"Imports by region, {label}", ["region", "TIV (millions)", "share of global (%)",
                                         f"change vs {before}"],
         [[r.region, f"{r.tiv:,.0f}", f"{r.share:.1f}", _pct(r.change_pct)] for r in sheet.regions]),
    ]


def _summary(sheet: Factsheet) -> list[str]:
    changes = "; ".join(f"{_pct(v)} against {k}" for k, v in sheet.volume_change_pct.items())
    return [f"Volume of international transfers of major arms, {sheet.period.label}: "
            f"{sheet.tiv_total:,.0f} TIV (millions); {changes}.",
            f"{sheet.suppliers_count} states exported and {sheet.recipients_count} states imported "
            "major arms in the period."]


def factsheet_markdown(sheet: Factsheet) -> str:
    lines = [f"# Trends in international arms transfers, {sheet.period.label}", "", *_summary(sheet)]
    for title, head, rows in _sections(sheet):
        head = [h.format("exporter" if "exporters" in title else "importer") for h in head]
        lines += ["", f"## {title}", "", "| " + " | ".join(head) + " |",
                  "|" + "|".join("---" for _ in head) + "|",
                  *("| " + " | ".join(r) + " |" for r in rows)]
    return "\n".join([*lines, "", f"{sheet.release.attribution}. {sheet.release.label}.", ""])


def factsheet_html(sheet: Factsheet, chart_html: str = "") -> str:
    e = html.escape
    parts = [f"<h1>Trends in international arms transfers, {e(sheet.period.label)}</h1>",
             *(f"<p>{e(line)}</p>" for line in _summary(sheet)), chart_html]
    for title, head, rows in _sections(sheet):
        head = [h.format("exporter" if "exporters" in title else "importer") for h in head]
        parts += [f"<h2>{e(title)}</h2><table><thead><tr>",
                  *(f"<th>{e(h)}</th>" for h in head), "</tr></thead><tbody>",
                  *("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows),
                  "</tbody></table>"]
    parts.append(f"<p><small>{e(sheet.release.attribution)}. {e(sheet.release.label)}.</small></p>")
    style = ("body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:"
             "collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Arms transfers "
            f"{e(sheet.period.label)}</title><style>{style}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def factsheet_table(sheet: Factsheet) -> pa.Table:
    """Exporters, importers and regions in one long table (``role`` says which)."""
    rows = [{"role": role, "rank": i, "party": t.party, "tiv": round(t.tiv, 2),
             "share": round(t.share, 2),
             "change_pct": None if t.change_pct is None else round(t.change_pct, 2),
             "main_partners": "; ".join(f"{p.party} {p.share:.1f}" for p in t.partners)}
            for role, traders in (("exporter", sheet.exporters), ("importer", sheet.importers))
            for i, t in enumerate(traders, 1)]
    rows += [{"role": "region", "rank": i, "party": r.region, "tiv": round(r.tiv, 2),
              "share": round(r.share, 2),
              "change_pct": None if r.change_pct is None else round(r.change_pct, 2),
              "main_partners": ""} for i, r in enumerate(sheet.regions, 1)]
    return pa.Table.from_pylist(rows)
