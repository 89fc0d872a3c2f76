"""The single measures the claim checker (issue 5) calls: thin readings of flows."""

from __future__ import annotations

import pytest

from armswatch.store.views import release_view
from armswatch.analytics import measures


def test_import_share_accepts_aliases_and_reads_any_release(bundled_db):
    assert measures.import_share(release_view(bundled_db), "Russia", "Burma", 2014, 2019) == pytest.approx(16.6, abs=0.05)
    assert measures.import_share(release_view(bundled_db, 1), "China", "Myanmar", 2014, 2019) == pytest.approx(60.1, abs=0.05)
    assert measures.import_share(release_view(bundled_db), "Japan", "Myanmar", 2014, 2019) == 0.0
    assert measures.import_share(release_view(bundled_db), "Russia", "Barbados", 2014, 2019) is None


def test_world_shares_ranks_and_volumes_of_2020_2024(bundled_db):
    assert round(measures.export_share(release_view(bundled_db), "US", 2020, 2024), 1) == 42.9
    assert round(measures.global_import_share(release_view(bundled_db), "Ukraine", 2020, 2024), 1) == 8.8
    assert measures.rank(release_view(bundled_db), "France", "supplier", 2020, 2024) == 2
    assert measures.rank(release_view(bundled_db), "Ukraine", "recipient", 2020, 2024) == 1
    assert measures.rank(release_view(bundled_db), "Barbados", "recipient", 2020, 2024) is None
    assert round(measures.volume_change(release_view(bundled_db), None, None, 2020, 2024, 2015, 2019), 1) == -2.0
    assert round(measures.volume_change(release_view(bundled_db), "Russia", "supplier", 2020, 2024, 2015, 2019)) == -66
    assert measures.tiv(release_view(bundled_db), None, "Myanmar", 2014, 2019) == pytest.approx(1257.99)
    assert measures.tiv(release_view(bundled_db), "Russia", "Barbados", 2014, 2019) == 0.0
