"""Charts of flows and fact sheets: one ``Chart`` description, two renderers.

- ``.html``: plotly, with its JavaScript inlined (``include_plotlyjs=True``): works offline.
- ``.png`` / ``.svg``: matplotlib (Agg backend). plotly's static export needs kaleido, which
  downloads a Chrome at run time; matplotlib writes both formats with no browser and no network.

Every chart carries SIPRI's attribution line and the release it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from armswatch.analytics.factsheet import Factsheet
from armswatch.analytics.flows import TIME_KEYS, Flows
from armswatch.errors import UsageError

Kind = Literal["line", "stacked_shares", "bars"]
FORMATS = (".html", ".png", ".svg")
OTHERS = "all others"


@dataclass(frozen=True)
class Chart:
    kind: Kind
    title: str
    x: tuple[str, ...]                           # time cells, or parties for bars
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per x)
    y_title: str
    caption: str


def flows_chart(result: Flows, top: int = 8) -> Chart:
    """A time key and a party or category key: stacked shares; a time key alone: a line of TIV;
    no time key: bars of the top groups."""
    time = next((k for k in result.query.by if k in TIME_KEYS), None)
    groups = [k for k in result.query.by if k not in TIME_KEYS]
    caption = f"{result.release.attribution}. {result.release.label}."
    title = _title(result)
    if len(groups) > 1:
        raise UsageError("A chart shows at most one key besides year or period; drop one --by.")
    if time and groups:
        return _stacked(result, time, groups[0], top, title, caption)
    if time:
        x = tuple(str(r[0]) for r in result.records)
        return Chart("line", title, x, (("TIV", tuple(_col(result, "tiv"))),), "TIV (millions)", caption)
    if not groups:
        raise UsageError("Nothing to chart: add --by supplier, recipient, year or period.")
    named = list(zip(_col(result, groups[0]), _col(result, "tiv")))[:top]
    return Chart("bars", title, tuple(str(n) for n, _ in named),
                 (("TIV", tuple(float(v) for _, v in named)),), "TIV (millions)", caption)


def _col(result: Flows, column: str) -> list:
    at = result.columns.index(column)
    return [r[at] for r in result.records]


def _title(result: Flows) -> str:
    q = result.query
    who = " to ".join(filter(None, [q.supplier and f"from {q.supplier}", q.recipient])) or "all transfers"
    return f"Arms transfers {who}, {q.year_from}-{q.year_to} (SIPRI TIV)"


def _stacked(result: Flows, time: str, group: str, top: int, title: str, caption: str) -> Chart:
    """Each group's share of the time cell's total, the ``top`` largest over the whole range
    named and the rest summed as 'all others'."""
    totals: dict[str, float] = {}
    for name, value in zip(_col(result, group), _col(result, "tiv")):
        totals[name] = totals.get(name, 0.0) + value
    named = sorted(totals, key=lambda n: -totals[n])[:top]
    x = tuple(dict.fromkeys(str(c) for c in _col(result, time)))
    cells = {(str(c), n if n in named else OTHERS): 0.0 for c in x for n in [*named, OTHERS]}
    for cell, name, value in zip(_col(result, time), _col(result, group), _col(result, "tiv")):
        cells[str(cell), name if name in named else OTHERS] += value
    sums = {c: sum(v for (cc, _), v in cells.items() if cc == c) or 1.0 for c in x}
    series = tuple((n, tuple(100 * cells[c, n] / sums[c] for c in x)) for n in [*named, OTHERS]
                   if any(cells[c, n] for c in x))
    return Chart("stacked_shares", title, x, series, f"share of TIV by {group} (%)", caption)


def factsheet_chart(sheet: Factsheet, top: int = 10) -> Chart:
    exporters = sheet.exporters[:top]
    return Chart("bars", f"Largest exporters of major arms, {sheet.period.label}: share of global "
                 "exports", tuple(t.party for t in exporters),
                 (("share", tuple(t.share for t in exporters)),), "% of global exports",
                 f"{sheet.release.attribution}. {sheet.release.label}.")


def write_chart(chart: Chart, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"Cannot write a chart as {path.name!r}. Use one of: {', '.join(FORMATS)}.",
                         choices=list(FORMATS))
    if suffix == ".html":
        _plotly(chart).write_html(path, include_plotlyjs=True, full_html=True)
    else:
        _matplotlib(chart, path)


def chart_html(chart: Chart) -> str:
    """The chart as an HTML fragment with plotly's JavaScript inline, to embed in a page."""
    return _plotly(chart).to_html(include_plotlyjs=True, full_html=False)


def _plotly(chart: Chart):
    import plotly.graph_objects as go

    figure = go.Figure()
    for name, values in chart.series:
        if chart.kind == "line":
            figure.add_trace(go.Scatter(x=list(chart.x), y=list(values), mode="lines", name=name))
        elif chart.kind == "bars":
            figure.add_trace(go.Bar(x=list(values)[::-1], y=list(chart.x)[::-1], orientation="h", name=name))
        else:
            figure.add_trace(go.Scatter(x=list(chart.x), y=list(values), stackgroup="shares", name=name))
    figure.update_layout(title=chart.title, template="plotly_white", yaxis_title=chart.y_title,
                         annotations=[{"text": chart.caption, "xref": "paper", "yref": "paper",
                                       "x": 0, "y": -0.15, "showarrow": False}])
    if chart.kind == "bars":
        figure.update_layout(yaxis_title=None, xaxis_title=chart.y_title)
    return figure


def _matplotlib(chart: Chart, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(10, 6))
    if chart.kind == "bars":
        axes.barh(list(chart.x)[::-1], list(chart.series[0][1])[::-1])
        axes.set_xlabel(chart.y_title)
    elif chart.kind == "line":
        axes.plot(list(chart.x), list(chart.series[0][1]))
        axes.set_ylabel(chart.y_title)
    else:
        axes.stackplot(list(chart.x), *[list(v) for _, v in chart.series],
                       labels=[n for n, _ in chart.series])
        axes.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
        axes.set_ylabel(chart.y_title)
    if chart.kind != "bars":
        axes.set_xticks(list(chart.x)[::max(1, len(chart.x) // 12)])
        plt.setp(axes.get_xticklabels(), rotation=45, ha="right")
    axes.set_title(chart.title)
    figure.text(0.01, 0.01, chart.caption, fontsize="small")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    figure.savefig(path, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    plt.close(figure)
