"""Charts of spending results as one self-contained HTML file (plotly's JavaScript inline, no CDN).

Estimates and highly uncertain figures keep SIPRI's colours as marker colours: blue and red.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from armswatch.spending.ranking import Ranking
from armswatch.spending.series import SpendingSeries
from armswatch.spending.totals import RegionalTotals

SIPRI_COLOURS = {"estimate": "#0000ff", "uncertain": "#ff0000", "plain": "#444444"}


def _colour(estimate: bool, uncertain: bool) -> str:
    return SIPRI_COLOURS["uncertain" if uncertain else "estimate" if estimate else "plain"]


def series_figure(series: SpendingSeries) -> go.Figure:
    shown = [f for f in series.figures if f.value is not None]
    figure = go.Figure(go.Scatter(
        x=[f.year for f in shown], y=[f.value for f in shown], mode="lines+markers",
        marker={"color": [_colour(f.estimate, f.uncertain) for f in shown], "size": 8},
        line={"color": SIPRI_COLOURS["plain"]}, name=series.party))
    return _titled(figure, f"{series.party}: military expenditure, {series.unit}",
                   series.release.attribution, series.release.label)


def ranking_figure(ranking: Ranking) -> go.Figure:
    rows = list(reversed(ranking.rows))
    figure = go.Figure(go.Bar(
        x=[r.value for r in rows], y=[r.country for r in rows], orientation="h",
        marker={"color": [_colour(r.estimate, r.uncertain) for r in rows]}))
    return _titled(figure, f"Military expenditure {ranking.year}, {ranking.unit}",
                   ranking.release.attribution, ranking.release.label)


def totals_figure(totals: RegionalTotals) -> go.Figure:
    shown = [r for r in totals.rows if r.value is not None]
    figure = go.Figure(go.Scatter(x=[r.year for r in shown], y=[r.value for r in shown],
                                  mode="lines", name=totals.region))
    return _titled(figure, f"{totals.region}: military expenditure, {totals.unit}",
                   totals.release.attribution, totals.release.label)


def _titled(figure: go.Figure, title: str, attribution: str, release: str) -> go.Figure:
    figure.update_layout(title=title, template="plotly_white", annotations=[{
        "text": f"{attribution}. {release}. Blue: SIPRI estimate; red: highly uncertain.",
        "xref": "paper", "yref": "paper", "x": 0, "y": -0.15, "showarrow": False}])
    return figure


def write_html(figure: go.Figure, path: Path) -> None:
    figure.write_html(path, include_plotlyjs=True, full_html=True)
