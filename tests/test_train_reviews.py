"""Learning from review (issue 15): a team's accepted and rejected claims are labels.

A real review flow (claims checked against the register and stored, then accepted or rejected with
the review store's own functions) on a database in tmp_path; a tiny labelled corpus of the
project's own sentences in the corpus layout; the transfer model trained with and without the
reviews. Nothing here reads ../shared/corpus's texts; the corpus scorer is the only shared file.
The reviews are read from a DuckDB file and from a real PostgreSQL server alike (issue 19: the
team's reviews live there): the same labels, the same model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from armswatch import db
from armswatch.errors import TrainingDataMissing, UserModelUnreadable
from armswatch.extract.dates import Anchor
from armswatch.extract.learning import corpus, runtime, train
from armswatch.extract.learning import transfers as learned_transfers
from armswatch.extract.model import Document
from armswatch.extract.normalise import normalise
from armswatch.extract.pipeline import analyse, extract_document
from armswatch.model import Document as CheckedText
from armswatch.reconcile.pipeline import Checker
from armswatch.store.views import release_view
from armswatch.review import store

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_extraction.py"
pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="needs ../shared/tools/score_extraction.py")

# the corpus: phrasings the model learns from (own sentences)
PHRASINGS = [("{s} delivered {n} {w} to {r} in 2019.", "delivered"),
             ("{r} ordered {n} {w} from {s} in 2018.", "ordered"),
             ("{r} received {n} {w} from {s} last year.", "delivered"),
             ("{s} signed a contract to supply {n} {w} to {r}.", "ordered")]
TRIPLES = [("Russia", "India", "Su-30"), ("France", "Egypt", "Rafale"), ("Germany", "Norway", "Leopard 2"),
           ("United States", "Chile", "F-16"), ("South Korea", "Poland", "K9"), ("China", "Pakistan", "J-10"),
           ("Sweden", "Brazil", "Gripen"), ("Russia", "Algeria", "T-90")]
# a phrasing the corpus never uses: the team's reviews teach it
NEW = "{r} welcomed {n} {w} built by {s}."
REVIEWED = [("Russia", "Vietnam", "Su-30"), ("France", "Greece", "Rafale"), ("Germany", "Hungary", "Leopard 2"),
            ("United States", "Taiwan", "F-16"), ("South Korea", "Australia", "K9"), ("China", "Bangladesh", "J-10")]
HELD_OUT = NEW.format(r="Lithuania", n=8, w="Leopard 2", s="Germany")


def _write_corpus(root: Path) -> None:
    for split in ("train", "dev"):
        (root / split / "docs").mkdir(parents=True)
        (root / split / "gold").mkdir(parents=True)
    i = 0
    for phrasing, status in PHRASINGS:
        for s, r, w in TRIPLES:
            sentence = phrasing.format(s=s, r=r, w=w, n=i % 9 + 2)
            text = f"Defence news. {sentence} Officials met in the capital."
            split = "dev" if i % 8 == 0 else "train"
            doc_id = f"{i:03}"
            (root / split / "docs" / f"{doc_id}.json").write_text(json.dumps(
                {"id": doc_id, "text": text, "published": "2020-05-01"}))
            (root / split / "gold" / f"{doc_id}.json").write_text(json.dumps(
                {"id": doc_id, "statistics": [], "events": [], "transfers": [
                    {"supplier": s, "recipient": r, "weapon": w, "category": "Aircraft",
                     "quantity": i % 9 + 2, "status": status, "year": None, "evidence": sentence}]}))
            i += 1


def _transfer(supplier: str, recipient: str, weapon: str, status: str, text: str, sentence: str) -> dict:
    start = text.index(sentence)
    return {"supplier": supplier, "recipient": recipient, "weapon": weapon, "category": "Aircraft",
            "quantity": None, "status": status, "year": None, "confidence": 0.3,
            "evidence": {"text": sentence, "start": start, "end": start + len(sentence)}}


def _review(con, checker: Checker, number: int, s: str, r: str, w: str) -> None:
    """One article through check -> store -> review: the right reading accepted; the reversed
    pair and a wrong status rejected."""
    sentence = NEW.format(r=r, w=w, s=s, n=number)
    text = f"Defence news. {sentence} Officials met in the capital."
    document = CheckedText(id=f"article-{number}", text=text, published="2021-02-01")
    extraction = {"id": document.id, "statistics": [], "events": [], "transfers": [
        _transfer(s, r, w, "delivered", text, sentence), _transfer(r, s, w, "delivered", text, sentence),
        _transfer(s, r, w, "ordered", text, sentence)]}
    store.store_checked(con, [checker.check_extraction(extraction, document)])
    for claim in store.list_claims(con, state="pending"):
        if claim.document_id == document.id:
            right = claim.supplier == s and "delivered" in claim.summary
            store.review(con, claim.claim_id, "accept" if right else "reject", reviewer="analyst")


def reviewed_database(target: str) -> None:
    """A database (a file or a PostgreSQL URL) made from the bundle with the team's reviews."""
    con = db.connect(target)
    checker = Checker(release_view(con))
    for number, (s, r, w) in enumerate(REVIEWED, start=3):
        _review(con, checker, number, s, r, w)
    # one stored, undecided article: not a label
    store.store_checked(con, [checker.check_extraction(
        {"id": "pending", "transfers": [], "statistics": [], "events": []},
        CheckedText(id="pending", text="Peru ordered two K9 howitzers from South Korea."))])
    con.close()


@pytest.fixture(scope="module")
def reviews(backend) -> tuple[str, corpus.ReviewedSet]:
    """The reviewed database on each backend, and the labels read from it."""
    target = backend.database(reviewed_database)
    con = db.connect(target, read_only=True)
    try:
        return target, corpus.load_reviewed(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The corpus, a reviewed database, and the transfer model trained without and with reviews."""
    tmp = tmp_path_factory.mktemp("train_reviews")
    root = tmp / "corpus"
    _write_corpus(root)
    path = tmp / "reviews.duckdb"
    reviewed_database(str(path))
    con = db.connect(path, read_only=True)
    reviewed = corpus.load_reviewed(con)
    con.close()
    quiet = lambda line: None  # noqa: E731
    alone = train.train(root, ("transfers",), tmp / "alone", log=quiet)["transfers"]
    mine = train.train(root, ("transfers",), tmp / "mine", log=quiet, reviewed=reviewed)["transfers"]
    return {"root": root, "db": path, "reviewed": reviewed, "alone": alone, "mine": mine, "tmp": tmp}


def _probability(artifact: dict, text: str, supplier: str, recipient: str, status: str) -> float:
    document = Document(id="held-out", text=text, published="2022-01-01")
    claims = learned_transfers.predict(artifact, analyse(normalise(text), text), Anchor(2022), document)
    return max([c.confidence for c in claims if (c.supplier, c.recipient, c.status)
                == (supplier, recipient, status)], default=0.0)


def test_reviewed_documents_are_labelled_by_their_decisions(reviews, trained):
    reviewed = reviews[1]
    assert reviewed == trained["reviewed"]           # on either backend, the same labels
    assert len(reviewed.documents) == len(REVIEWED)  # the undecided article is not read
    assert (reviewed.accepted_claims, reviewed.rejected_claims, reviewed.pending_claims) == \
        (len(REVIEWED), 2 * len(REVIEWED), 0)
    first = next(d for d in reviewed.documents if "Vietnam welcomed" in d.document.text)
    sentence = NEW.format(r="Vietnam", n=3, w="Su-30", s="Russia")
    assert first.gold["transfers"] == [{"supplier": "Russia", "recipient": "Vietnam", "weapon": "Su-30",
                                        "category": "Aircraft", "quantity": None, "status": "delivered",
                                        "year": None, "weapon_generic": None, "evidence": sentence}]
    assert first.gold["statistics"] == [] and first.gold["events"] == []
    # the rejected claims are known negatives, never gold
    assert sorted((g["supplier"], g["recipient"], g["status"]) for g in
                  reviewed.rejected[first.document.id]["transfers"]) == [("Russia", "Vietnam", "ordered"),
                                                                         ("Vietnam", "Russia", "delivered")]
    assert first.document.id.startswith("review-") and first.split == "reviewed"


def test_a_rejected_claim_takes_a_corpus_label_out_and_an_accepted_one_adds_a_label(trained):
    docs = corpus.load_corpus(trained["root"])
    target = docs[0]
    label = target.gold["transfers"][0]
    extra = {**label, "status": "ordered" if label["status"] == "delivered" else "delivered"}
    reviewed = corpus.ReviewedSet(
        [corpus.LabelledDocument(Document("review-x", target.document.text),
                                 {"transfers": [extra], "statistics": [], "events": []}, "reviewed")],
        {"review-x": {"transfers": [label], "statistics": [], "events": []}}, 1, 1, 0, 0)
    merged = corpus.with_reviews(docs, reviewed)
    assert len(merged) == len(docs)  # the same text: one document, the team's labels
    assert merged[0].gold["transfers"] == [extra]
    assert merged[1:] == docs[1:]


def test_the_reviews_change_the_decision_on_a_held_out_sentence(trained):
    before = _probability(trained["alone"], HELD_OUT, "Germany", "Lithuania", "delivered")
    after = _probability(trained["mine"], HELD_OUT, "Germany", "Lithuania", "delivered")
    reversed_after = _probability(trained["mine"], HELD_OUT, "Lithuania", "Germany", "delivered")
    assert after > before
    assert after >= 0.5 > before
    assert reversed_after < 0.5  # the rejected reading of the phrasing stays below


def test_the_model_records_what_it_was_trained_on(trained):
    mine, alone = trained["mine"], trained["alone"]
    assert mine["documents"] == alone["documents"] + len(REVIEWED)
    assert mine["reviews"] == {"documents": len(REVIEWED), "accepted_claims": len(REVIEWED),
                               "rejected_claims": 2 * len(REVIEWED)}
    assert mine["data_hash"] != alone["data_hash"]
    assert mine["extractor"] == runtime.extractor_stamp()
    comparison = mine["cross_validation"]["comparison"]
    assert list(comparison) == ["corpus only", f"corpus + {len(REVIEWED)} reviewed documents",
                                f"corpus + {len(REVIEWED)} reviewed, scored on the corpus documents"]
    assert comparison["corpus only"] == alone["cross_validation"]["scores"]
    assert "reviewed" in train.markdown("transfers", mine)


@pytest.fixture
def models_dir(monkeypatch, tmp_path):
    monkeypatch.setenv(runtime.MODELS_ENV, str(tmp_path / "models"))
    runtime.load.cache_clear()
    yield tmp_path / "models"
    runtime.load.cache_clear()


def test_the_users_model_is_loaded_in_place_of_the_shipped_one(trained, models_dir):
    shipped = runtime.load("transfers")
    assert runtime.origin("transfers") == "shipped"
    models_dir.mkdir()
    (models_dir / "transfers.json").write_text(json.dumps(trained["mine"]))
    runtime.load.cache_clear()
    assert runtime.load("transfers")["data_hash"] == trained["mine"]["data_hash"] != shipped["data_hash"]
    assert runtime.origin("transfers") == "yours" and runtime.origin("events") == "shipped"
    found = extract_document(Document("held-out", HELD_OUT, published="2022-01-01"))
    assert ("Germany", "Lithuania", "delivered") in {(t.supplier, t.recipient, t.status) for t in found.transfers}


def test_a_model_of_another_extractor_version_is_set_aside(trained, models_dir):
    models_dir.mkdir()
    (models_dir / "transfers.json").write_text(json.dumps({**trained["mine"], "extractor": "0" * 64}))
    with pytest.warns(UserWarning, match="trained by another version of the extractor"):
        assert "extractor" not in runtime.load("transfers")  # the shipped model


@pytest.mark.parametrize("content", ["{not json", '{"kind": "events"}', "[]"])
def test_a_corrupt_user_model_is_a_coded_error_naming_the_fix(models_dir, content):
    models_dir.mkdir()
    (models_dir / "transfers.json").write_text(content)
    with pytest.raises(UserModelUnreadable) as raised:
        runtime.load("transfers")
    assert raised.value.code == "user-model-unreadable"
    assert "armswatch train --with-reviews" in raised.value.message and "delete" in raised.value.message


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "armswatch"), *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)


def test_train_without_reviews_in_the_database_is_a_coded_error(tmp_path, trained, backend):
    empty = backend.database()
    run = _cli("train", "--with-reviews", "--db", empty, "--corpus", str(trained["root"]),
               "--out", str(tmp_path / "out"))
    assert run.returncode == 66
    said = " ".join(run.stderr.split())
    assert "training-data-missing" in said and "armswatch review" in said
    assert "Traceback" not in run.stderr and not (tmp_path / "out").exists()
    with pytest.raises(TrainingDataMissing, match="--db PATH"):
        train.reviewed_set(tmp_path / "nowhere.duckdb")


def test_train_without_a_corpus_is_a_coded_error(tmp_path):
    run = _cli("train", "--corpus", str(tmp_path / "none"), "--out", str(tmp_path / "out"))
    assert run.returncode == 66
    said = " ".join(run.stderr.split())
    assert "training-data-missing" in said and "--corpus PATH" in said
    assert "Traceback" not in run.stderr


def test_armswatch_train_with_reviews_writes_the_users_models(tmp_path, trained, reviews):
    models = tmp_path / "models"
    run = _cli("train", "--with-reviews", "--db", reviews[0], "--corpus", str(trained["root"]),
               "--kinds", "transfers", env={runtime.MODELS_ENV: str(models)})
    assert run.returncode == 0, run.stderr
    assert f"Reviewed: {len(REVIEWED)} documents" in run.stderr and "corpus only" in run.stderr
    written = json.loads((models / "transfers.json").read_text())
    assert written["data_hash"] == trained["mine"]["data_hash"]
    assert written["pair"] == trained["mine"]["pair"]  # fixed seeds: the same model


def test_training_tells_its_progress_step_by_step(trained, tmp_path):
    told = []
    train.train(trained["root"], ("transfers",), tmp_path / "out", log=lambda line: None,
                progress=lambda what, done, total: told.append((what, done, total)))
    documents = len(corpus.load_corpus(trained["root"]))
    assert told == [(f"transfers: cross-validation, fold {f} of 5", f - 1, 6) for f in range(1, 6)] + [
        (f"transfers: fitting the model on all {documents} documents", 5, 6), ("done", 6, 6)]


def test_armswatch_train_prints_plain_lines_when_not_on_a_terminal(tmp_path, trained):
    """No bar, no escape codes, no carriage returns in a log file or a pipe: the same lines as
    with --quiet."""
    runs = [_cli(*quiet, "train", "--corpus", str(trained["root"]), "--kinds", "transfers",
                 "--out", str(tmp_path / f"out{len(quiet)}"),
                 env={"PYTHONWARNINGS": "ignore"})  # an edited module's "compiled" warning
            for quiet in ((), ("--quiet",))]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    plain = runs[0].stderr
    assert "\x1b" not in plain and "\r" not in plain and "fold 1 of 5" not in plain
    assert plain.replace("out0", "out1") == runs[1].stderr
    assert plain.startswith("transfers: 5-fold cross-validation over ") and "| transfers_strict |" in plain


def test_armswatch_train_shows_its_progress_on_a_terminal(tmp_path, trained):
    import pty

    main, terminal = pty.openpty()
    process = subprocess.Popen([str(Path(sys.executable).parent / "armswatch"), "train", "--corpus",
                                str(trained["root"]), "--kinds", "transfers", "--out", str(tmp_path / "out")],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal,
                               env={**os.environ, "TERM": "xterm", "COLUMNS": "120"})
    os.close(terminal)
    shown = b""
    try:
        while True:  # read as it comes: a full terminal buffer would stop the process
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the process closed the terminal: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        assert process.wait(timeout=600) == 0
    text = shown.decode("utf-8", "replace")
    assert "transfers: cross-validation, fold 1 of 5" in text and "\x1b[" in text
    assert "Models written to" in text
