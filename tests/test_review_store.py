"""Storing checked claims and reviewing them (issue 5): once per document, an append-only log that
loses nothing when two reviewers write at once, and a clear error for an unknown claim id. Each on
a DuckDB file and on a real PostgreSQL server (issue 19; tests/conftest.py's ``backend``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from check_register import build

from armswatch import db
from armswatch.errors import UnknownClaim
from armswatch.model import Document, claims_from_json
from armswatch.reconcile.pipeline import Checker
from armswatch.store.views import release_view
from armswatch.review import store
from armswatch.review.evidence import evidence_layer

EXTRACTION = {
    "id": "note-1", "published": "2023-05-02",
    "transfers": [
        {"supplier": "Russia", "recipient": "Myanmar", "weapon": "Su-30", "category": "Aircraft",
         "quantity": 2, "status": "delivered", "year": 2023,
         "evidence": {"text": "Two Su-30 jets reached Myanmar in 2023.", "start": 0, "end": 39}},
        {"supplier": "Russia", "recipient": "Myanmar", "weapon": "Orlan-10E",
         "category": "Aircraft", "quantity": None, "status": "delivered", "year": 2022,
         "evidence": "Orlan-10E drones were handed over in 2022."}],
    "statistics": [], "events": []}
TEXT = "Two Su-30 jets reached Myanmar in 2023. Orlan-10E drones were handed over in 2022."


@pytest.fixture
def db_path(backend):
    """check_register's small register, on either backend."""
    return backend.database(build)


def _store_note(path) -> list[str]:
    con = db.connect(path)
    checker = Checker(release_view(con))
    doc = Document("note-1", TEXT, url="https://example.org/note", outlet="Example",
                   published="2023-05-02")
    checked = checker.check_claims(claims_from_json(EXTRACTION), doc)
    result = store.store_checked(con, [checked])
    ids = [c.claim_id for c in checked.claims]
    con.close()
    return [result, ids]


def test_storing_the_same_document_twice_stores_it_once(db_path):
    first, ids = _store_note(db_path)
    second, again = _store_note(db_path)
    assert (first.documents_new, first.claims_new) == (1, 2)
    assert (second.documents_new, second.documents_known, second.claims_new,
            second.claims_known) == (0, 1, 0, 2)
    assert ids == again
    con = db.connect(db_path)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM claims").fetchone() == (2,)


def test_review_decisions_are_appended_and_accepted_transfers_form_the_evidence_layer(db_path):
    _, (documented, undocumented) = _store_note(db_path)
    con = db.connect(db_path)
    store.review(con, undocumented, "reject", "one source only", reviewer="ana")
    store.review(con, undocumented, "accept", "confirmed by satellite imagery", reviewer="ben")
    assert [(d.action, d.reviewer) for d in store.history(con, undocumented)] == [
        ("reject", "ana"), ("accept", "ben")]
    assert [c.claim_id for c in store.list_claims(con, state="accepted")] == [undocumented]
    assert [c.claim_id for c in store.list_claims(con, verdict="undocumented",
                                                  recipient="Burma")] == [undocumented]
    layer = evidence_layer(con, recipient="Burma")
    assert [(i.claim_id, i.weapon, i.deal_ids, i.url, i.note) for i in layer] == [
        (undocumented, "Orlan-10E", (), "https://example.org/note",
         "confirmed by satellite imagery")]
    # the layer stays beside SIPRI's data: no deal or delivery was added
    assert con.execute("SELECT count(*) FROM deals WHERE designation ILIKE '%Orlan%'").fetchone() == (0,)


def test_an_unknown_claim_id_is_a_clear_error(db_path):
    _, ids = _store_note(db_path)
    con = db.connect(db_path)
    with pytest.raises(UnknownClaim) as caught:
        store.review(con, ids[0][:-1] + "x", "accept")
    assert caught.value.code == "unknown-claim"
    assert "Did you mean" in caught.value.message and ids[0] in caught.value.message


def test_a_decision_on_a_state_someone_changed_is_refused_naming_who(db_path):
    from armswatch.errors import AlreadyDecided

    _, (claim_id, _) = _store_note(db_path)
    with db.connect(db_path) as con:
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


def _accept_many(db_path, claim_id: str, reviewer: str, times: int) -> subprocess.Popen:
    env = {**os.environ, "ARMSWATCH_DB": str(db_path)}
    script = (f"import subprocess, sys\n"
              f"for i in range({times}):\n"
              f"    r = subprocess.run([sys.executable, '-m', 'armswatch', 'review', 'accept', "
              f"{claim_id!r}, '--reviewer', {reviewer!r}, '--note', str(i)], capture_output=True, "
              f"text=True)\n"
              f"    assert r.returncode == 0, r.stderr\n")
    return subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE,
                            text=True)


def test_two_reviewers_at_once_both_land(db_path):
    _, (first, second) = _store_note(db_path)
    runs = [_accept_many(db_path, first, "ana", 4), _accept_many(db_path, second, "ben", 4)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    con = db.connect(db_path)
    counts = con.execute("SELECT reviewer, count(*) FROM review_log GROUP BY ALL ORDER BY 1").fetchall()
    assert counts == [("ana", 4), ("ben", 4)]


def test_check_claims_json_from_the_command_line(db_path, tmp_path):
    claims = tmp_path / "claims.jsonl"
    claims.write_text(json.dumps(EXTRACTION) + "\n", encoding="utf-8")
    env = {**os.environ, "ARMSWATCH_DB": str(db_path), "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "armswatch", "check", "--claims", str(claims),
                             "--format", "json"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["id"] == "note-1"
    assert [(c["kind"], c["weapon"], c["verdict"], c["deal_ids"]) for c in out["claims"]] == [
        ("transfer", "Su-30", "documented", ["d-su30-mm"]),
        ("transfer", "Orlan-10E", "undocumented", [])]


def _notes(checker: Checker) -> list:
    """Three checked notes (the project's own sentences), the first given twice."""
    out = []
    for number, (supplier, weapon, year) in enumerate([("Russia", "Su-30", 2023),
                                                       ("China", "K-8", 2019),
                                                       ("Russia", "Mi-17", 2021)]):
        text = f"{supplier} delivered two {weapon} to Myanmar in {year}. Note {number}."
        claim = {"supplier": supplier, "recipient": "Myanmar", "weapon": weapon,
                 "category": "Aircraft", "quantity": 2, "status": "delivered", "year": year,
                 "evidence": {"text": text, "start": 0, "end": len(text)}, "confidence": 0.91}
        doc = Document(f"note-{number}", text, url=f"https://example.org/{number}")
        out.append(checker.check_claims(claims_from_json({"transfers": [claim, {
            **claim, "status": "ordered", "confidence": 0.5}]}), doc))
    return [out[0], *out]


def _rows(con) -> list[tuple]:
    return (con.execute("SELECT * EXCLUDE (stored_at) FROM documents ORDER BY ALL").fetchall()
            + con.execute("SELECT * EXCLUDE (checked_at) FROM claims ORDER BY ALL").fetchall())


def test_storing_many_documents_at_once_stores_what_storing_them_one_by_one_does(backend):
    """One transaction, one statement per table (issue 16): the same rows and the same counts,
    a document repeated in the batch or stored before counted as known, with its claims."""
    one_by_one, at_once = backend.database(build), backend.database(build)
    con = db.connect(one_by_one)
    notes = _notes(Checker(release_view(con)))
    results = [store.store_checked(con, [n]) for n in notes]
    assert [(r.documents_new, r.documents_known, r.claims_new, r.claims_known)
            for r in results] == [(1, 0, 2, 0), (0, 1, 0, 2), (1, 0, 2, 0), (1, 0, 2, 0)]
    expected = _rows(con)
    con.close()
    con = db.connect(at_once)
    store.store_checked(con, notes[2:3])
    result = store.store_checked(con, notes)
    assert (result.documents_new, result.documents_known, result.claims_new,
            result.claims_known) == (2, 2, 4, 4)
    assert _rows(con) == expected and len(expected) == 3 + 6
