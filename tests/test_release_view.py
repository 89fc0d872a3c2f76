"""A release of a database resolved once (issue 16): ``store.views.release_view`` gives the
``ReleaseView`` the checker and analytics take instead of a connection and a bare release id."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.errors import UnknownRelease
from armswatch.reconcile.index import deal_index
from armswatch.reconcile.pipeline import Checker
from armswatch.register.releases import current_release, use_release
from armswatch.store.load import import_file
from armswatch.store.views import ReleaseView, release_view

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_view_resolves_the_current_release_an_id_or_refuses_an_unknown_one(empty_db):
    import_file(empty_db, FIXTURES / "classic-latin1.csv")
    import_file(empty_db, FIXTURES / "china-2026.csv")
    assert release_view(empty_db).release == current_release(empty_db)
    assert release_view(empty_db).release.file_name == "classic-latin1.csv"  # the whole register
    assert release_view(empty_db, 2).release.file_name == "china-2026.csv"
    use_release(empty_db, 2)
    assert release_view(empty_db).release_id == 2                               # `armswatch use`
    with pytest.raises(UnknownRelease) as refused:
        release_view(empty_db, 9)
    assert (refused.value.code, refused.value.message) == ("unknown-release",
                                                           "No release 9. Releases: 1, 2.")


def test_the_years_covered_are_the_release_deliveries_first_and_last(bundled_db):
    view = release_view(bundled_db)
    assert view.years == bundled_db.execute(
        "SELECT min(year), max(year) FROM deliveries WHERE release_id = ?",
        [view.release_id]).fetchone()
    assert view.years == (1950, 2024)


def test_a_release_without_deliveries_covers_no_years(empty_db):
    import_file(empty_db, FIXTURES / "classic-latin1.csv")
    empty_db.execute("DELETE FROM deliveries")
    assert ReleaseView(empty_db, current_release(empty_db)).years is None


def test_what_is_derived_is_made_once_and_shared_by_views_on_other_cursors(bundled_db):
    view = release_view(bundled_db)
    made = []
    assert view.derived("answer", lambda v: made.append(v) or 42) == 42
    assert view.derived("answer", lambda v: made.append(v) or 43) == 42
    cursor = bundled_db.cursor()
    other = view.on(cursor)
    assert (other.con, other.release) == (cursor, view.release)
    assert other.derived("answer", lambda v: 44) == 42 and made == [view]
    assert deal_index(other) is deal_index(view)
    cursor.close()


def test_the_checker_takes_the_view_index_and_years(bundled_db):
    """A checker on a view whose index is loaded loads nothing again (a server's request), and
    its statistics read the years the view covers."""
    view = release_view(bundled_db)
    first = Checker(view)
    second = Checker(view.on(bundled_db.cursor()))
    assert second.index is first.index
    assert (second.register.first_year, second.register.last_year) == view.years
    assert second.register.view.release == view.release


def test_the_checker_reads_the_years_from_the_view_not_from_the_database(bundled_db):
    """Years the view holds (here made up) are the ones the statistics are judged against: the
    checker does not query the release's year span again."""
    view = ReleaseView(bundled_db, current_release(bundled_db), {"years": (2001, 2003)})
    register = Checker(view).register
    assert (register.first_year, register.last_year) == (2001, 2003)


def test_a_lazy_index_is_kept_per_connection_and_an_eager_one_serves_lazy_askers(bundled_db):
    view = release_view(bundled_db)
    cursor = bundled_db.cursor()
    lazy = deal_index(view, lazy=True)
    assert lazy.source is bundled_db and deal_index(view, lazy=True) is lazy
    assert deal_index(view.on(cursor), lazy=True).source is cursor
    eager = deal_index(view)
    assert eager.source is None and eager is not lazy
    assert deal_index(view.on(cursor), lazy=True) is eager
    cursor.close()


def test_the_store_hands_out_a_view_on_either_backend(backend):
    """``Store(target).view(release)``: the handle's door to one release (issue 16), on a file and
    on PostgreSQL alike, its connection read-only and closed with the view."""
    from armswatch.analytics.flows import FlowQuery, flows
    from armswatch.store.database import Store

    store = Store(backend.database())
    try:
        with store.view() as view:
            assert view.release == current_release(view.con)
            assert view.years == (1950, 2024)
            by_supplier = flows(view, FlowQuery(recipient="Myanmar", year_from=2014, year_to=2019,
                                                by=("supplier",)))
            assert by_supplier.records[0][0] == "China"
        with pytest.raises(UnknownRelease):
            store.view(9)
    finally:
        store.close()
