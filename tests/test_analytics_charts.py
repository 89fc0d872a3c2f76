"""Charts: one description, rendered as offline HTML (plotly inline) or PNG/SVG (matplotlib)."""

from __future__ import annotations

from armswatch.store.views import release_view
from armswatch.analytics import FlowQuery, flows
from armswatch.analytics.charts import OTHERS, flows_chart, write_chart


def test_a_time_key_and_a_party_key_give_stacked_shares_that_sum_to_100(bundled_db):
    chart = flows_chart(flows(release_view(bundled_db), FlowQuery(recipient="Myanmar", year_from=2010,
                                                    year_to=2024, by=("period", "supplier"))), top=2)
    assert (chart.kind, chart.x) == ("stacked_shares", ("2010-2014", "2015-2019", "2020-2024"))
    assert [name for name, _ in chart.series] == ["China", "Russia", OTHERS]
    assert [round(sum(v[i] for _, v in chart.series), 6) for i in range(3)] == [100.0] * 3
    assert chart.caption.startswith("Source: SIPRI Arms Transfers Database (c) SIPRI")


def test_charts_are_written_offline_in_three_formats(bundled_db, tmp_path):
    chart = flows_chart(flows(release_view(bundled_db), FlowQuery(supplier="Russia", year_from=1992, by=("year",))))
    assert chart.kind == "line" and chart.x[0] == "1992"
    for name in ("c.html", "c.png", "c.svg"):
        write_chart(chart, tmp_path / name)
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and "Plotly.newPlot" in page
    assert (tmp_path / "c.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / "c.png").stat().st_size > 10_000
