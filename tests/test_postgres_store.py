"""The store's tests again, on PostgreSQL (issue 19): tests/test_store.py's import and release
tests, tests/test_review_store.py's storing and reviewing tests and tests/test_shared_database.py's
CLI-beside-a-running-server tests, imported here with their database fixture (``empty_db``,
``db_path``, ``shared``) replaced by a database on a real PostgreSQL server (tests/pg_server.py).
(test_shared_database's last test holds a DuckDB file's lock; test_postgres.py has its
PostgreSQL counterpart.) Each test's writes must also be in PostgreSQL itself: after a test, a new
copy loaded from the server holds exactly what the test's connection holds."""

from __future__ import annotations

import duckdb
import pytest
from check_register import build
# the tests themselves, run here on PostgreSQL (pytest collects what a module holds)
from test_review_store import (  # noqa: F401
    test_an_unknown_claim_id_is_a_clear_error,
    test_check_claims_json_from_the_command_line,
    test_review_decisions_are_appended_and_accepted_transfers_form_the_evidence_layer,
    test_storing_the_same_document_twice_stores_it_once, test_two_reviewers_at_once_both_land)
from test_shared_database import (  # noqa: F401
    serving, test_a_token_made_by_the_cli_writes_through_the_server_and_the_cli_sees_it,
    test_an_import_lands_and_the_server_shows_it,
    test_reads_answer_beside_the_server_and_agree_with_it,
    test_reviews_from_the_cli_land_beside_the_server, test_use_changes_what_the_server_reads)
from test_store import (  # noqa: F401
    test_a_newer_partial_release_sits_beside_the_whole_register,
    test_a_value_the_column_cannot_hold_surfaces_as_itself_not_as_an_aborted_transaction,
    test_a_write_failing_halfway_rolls_back_whole_and_raises_its_cause,
    test_importing_the_per_year_file_later_resplits_the_register,
    test_sipris_per_year_file_splits_matching_deals_and_keeps_deal_totals,
    test_without_sipris_split_deals_are_split_evenly_and_marked_estimated)

from armswatch import db
from armswatch.parties import registry
from armswatch.store.parties import write_parties
from armswatch.store.postgres import copy_database, duck_tables


def _all(con) -> dict[str, list]:
    return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
            for t in duck_tables(con)}


@pytest.fixture
def empty_db(pg_server):
    """A new PostgreSQL database with the schema and the party table, but no release."""
    url = pg_server.new_database()
    con = db.connect(url, seed=False)
    write_parties(con, registry())
    yield con
    held = _all(con)
    con.close()
    assert _all(db.connect(url, read_only=True)) == held


@pytest.fixture
def db_path(pg_server, tmp_path):
    """test_review_store's register (check_register.build), moved to a PostgreSQL database."""
    path = tmp_path / "review.duckdb"
    build(path)
    url = pg_server.new_database()
    with duckdb.connect(str(path), read_only=True) as source:
        copy_database(source, url)
    return url


@pytest.fixture(scope="module")
def shared(pg_server, pg_bundled):
    """`armswatch serve` on a PostgreSQL database made from the bundle."""
    url = pg_server.new_database(template=pg_bundled)
    with serving(url) as server:
        yield server, url


@pytest.fixture(params=["file", "postgresql"])
def either_db(request, tmp_path):
    """test_review_store's register on a DuckDB file, then on PostgreSQL."""
    if request.param == "file":
        build(tmp_path / "review.duckdb")
        return str(tmp_path / "review.duckdb")
    return request.getfixturevalue("db_path")


def test_a_decision_on_a_state_someone_changed_is_refused_naming_who(either_db):
    from test_review_store import _store_note

    from armswatch.errors import AlreadyDecided
    from armswatch.review import store

    _, (claim_id, _) = _store_note(either_db)
    with db.connect(either_db) as con:
        first = store.review(con, claim_id, "accept", reviewer="ana", seen="")
        with pytest.raises(AlreadyDecided) as refused:
            store.review(con, claim_id, "reject", reviewer="ben", seen="")   # ben saw it pending
        again = store.review(con, claim_id, "reject", reviewer="ben", seen=first.entry_id)
        assert [d.entry_id for d in store.history(con, claim_id)] == [first.entry_id,
                                                                      again.entry_id]
    assert refused.value.message == (
        f"Claim {claim_id} was already accepted by ana at {first.decided_at:%Y-%m-%d %H:%M:%S} "
        "UTC, after what you saw; your decision was not written. Look at the claim again and "
        "decide on what it shows now.")
    assert (refused.value.code, refused.value.http_status) == ("already-decided", 409)
