"""Properties of flows that hold for any party and period (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.store.views import release_view
from armswatch.analytics import FlowQuery, flows

PARTIES = ["Myanmar", "India", "Russia", "Soviet Union", "United States", "China", "Turkiye",
           "Ukraine", "Pakistan", "Egypt", "Israel", "Germany"]
ALIASES = {"Burma": "Myanmar", "Turkey": "Turkiye", "USSR": "Soviet Union", "USA": "United States"}
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
years = st.integers(1950, 2024)


@st.composite
def spans(draw):
    a, b = draw(years), draw(years)
    return min(a, b), max(a, b)


@SLOW
@given(span=spans(), party=st.sampled_from(PARTIES), role=st.sampled_from(["supplier", "recipient"]),
       key=st.sampled_from(["supplier", "recipient", "category", "year", "recipient_region"]))
def test_shares_of_a_complete_breakdown_sum_to_100(bundled_db, span, party, role, key):
    result = flows(release_view(bundled_db), FlowQuery(**{role: party}, year_from=span[0], year_to=span[1], by=(key,)))
    if result.records:
        assert sum(r[result.columns.index("share")] for r in result.records) == pytest.approx(100)


@SLOW
@given(span=spans(), party=st.sampled_from(PARTIES), length=st.integers(1, 10))
def test_a_periods_total_equals_the_sum_of_its_years(bundled_db, span, party, length):
    periods = flows(release_view(bundled_db), FlowQuery(recipient=party, year_from=span[0], year_to=span[1],
                                          by=("period",), period_length=length))
    yearly = flows(release_view(bundled_db), FlowQuery(recipient=party, year_from=span[0], year_to=span[1],
                                         by=("year",)))
    for label, tiv in ((r[0], r[1]) for r in periods.records):
        start, end = map(int, label.split("-"))
        assert tiv == pytest.approx(sum(r[1] for r in yearly.records if start <= r[0] <= end))
    assert periods.total == pytest.approx(yearly.total)


@SLOW
@given(span=spans(), alias=st.sampled_from(sorted(ALIASES)), role=st.sampled_from(["supplier", "recipient"]))
def test_filtering_by_an_alias_equals_filtering_by_the_canonical_name(bundled_db, span, alias, role):
    by = ("recipient",) if role == "supplier" else ("supplier",)
    one = flows(release_view(bundled_db), FlowQuery(**{role: alias}, year_from=span[0], year_to=span[1], by=by))
    two = flows(release_view(bundled_db), FlowQuery(**{role: ALIASES[alias]}, year_from=span[0], year_to=span[1], by=by))
    assert one.records == two.records
