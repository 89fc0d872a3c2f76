"""Scale-out (issue 8): the batch layer on a real Dask LocalCluster (2 worker processes).

The archive is synthetic (armswatch.batch.synthetic: the project's own sentences filled from the
register). Every run is compared with the sequential run in this process: same rows, same files.
The store's part, workers checking against the run's release, runs on a DuckDB file and on a real
PostgreSQL server (issue 19; tests/conftest.py's ``backend``).
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from armswatch import db
from armswatch.batch import check_dataset, extract_archive, summarise
from armswatch.batch.engine import Engine
from armswatch.batch.output import written_shards
from armswatch.batch.runs import Progress
from armswatch.batch.synthetic import synthesise
from armswatch.cli.main import _register_commands, app
from armswatch.errors import UsageError

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def register_path(tmp_path_factory) -> str:
    """A database of its own: worker processes open it read-only, so no test may hold it open."""
    path = tmp_path_factory.mktemp("register") / "armswatch.duckdb"
    db.connect(path).close()
    return str(path)


@pytest.fixture(scope="module")
def store_register(backend) -> str:
    """The register the workers check against, on either backend (made from the bundle)."""
    return backend.database()


@pytest.fixture(scope="module")
def archive(tmp_path_factory, register_path) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    con = db.connect(register_path, read_only=True)
    try:
        synthesise(con, folder, documents=1_200, shard_size=150, seed=7)      # 8 .jsonl.gz shards
        synthesise(con, folder / "pq", documents=100, shard_size=100, seed=8, fmt="parquet")
    finally:
        con.close()
    (folder / "pq" / "news-00000.parquet").rename(folder / "extra-parquet.parquet")
    return folder


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def sequential(archive, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sequential") / "claims"
    extract_archive([f"{archive}/*.jsonl.gz", f"{archive}/*.parquet"], str(out), Engine(workers=0))
    return out


def rows(folder: Path):
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    return table.sort_by([("shard", "ascending"), ("source", "ascending"),
                          ("claim_index", "ascending")])


def test_sequential_run_reads_every_shard_and_finds_claims(sequential):
    report = json.loads((sequential / "_run.json").read_text())
    assert report["shards"] == {"total": 9, "written": 9, "resumed": 0, "failed": 0}
    assert report["documents"] == 1_300
    table = rows(sequential)
    assert table.num_rows == report["claims"] > 1_000
    kinds = set(table.column("kind").to_pylist())
    assert kinds == {"transfer", "statistic", "event"}
    assert set(table.column("shard").to_pylist()) == {f"news-{i:05d}" for i in range(8)} | {
        "extra-parquet"}


def test_cluster_output_is_identical_to_the_sequential_run(archive, sequential, client, tmp_path):
    out = tmp_path / "claims"
    report = extract_archive([f"{archive}/*.jsonl.gz", f"{archive}/*.parquet"], str(out),
                             Engine(client=client))
    assert report.engine.startswith("Dask client")
    assert rows(out).equals(rows(sequential))


class KillOneWorker(Progress):
    """Kills (SIGKILL) a worker that is running a shard, as soon as the first shard is done."""

    def __init__(self, client) -> None:
        self.client, self.killed = client, None

    def shard_done(self, report, done, total):
        if self.killed is None:
            busy = [w for w, keys in self.client.processing().items() if keys]
            pids = self.client.run(os.getpid, workers=busy[:1])
            self.killed = next(iter(pids.values()))
            os.kill(self.killed, signal.SIGKILL)


def test_a_worker_killed_mid_run_changes_nothing(archive, sequential, client, tmp_path):
    out = tmp_path / "claims"
    killer = KillOneWorker(client)
    report = extract_archive([f"{archive}/*.jsonl.gz", f"{archive}/*.parquet"], str(out),
                             Engine(client=client), progress=killer)
    assert killer.killed is not None
    assert not report.failed
    assert rows(out).equals(rows(sequential))
    leftovers = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert sorted(p.name for p in leftovers) == ["_run.json"] + ["part-0.parquet"] * 9
    client.wait_for_workers(2, timeout=60)   # the nanny restarts it for the next tests


def test_a_corrupt_shard_is_reported_and_the_rest_completes(archive, sequential, tmp_path):
    broken = tmp_path / "in"
    broken.mkdir()
    good = sorted(archive.glob("*.jsonl.gz"))[:2]
    for path in good:
        (broken / path.name).write_bytes(path.read_bytes())
    cut = good[0].read_bytes()
    (broken / "cut-short.jsonl.gz").write_bytes(cut[: len(cut) // 2])
    lines = gzip.decompress(good[1].read_bytes()).splitlines()
    (broken / "bad-lines.jsonl").write_bytes(b"\n".join([lines[0], b"{not json", b'{"id": 3}',
                                                         lines[1]]) + b"\n")
    out = tmp_path / "claims"
    report = extract_archive([f"{broken}/*"], str(out), Engine(workers=0))
    assert [(s.shard, s.failed["code"]) for s in report.failed] == [("cut-short",
                                                                      "shard-unreadable")]
    assert sorted(written_shards(str(out))) == ["bad-lines", "news-00000", "news-00001"]
    assert report.skipped() == {"document-no-text": 1, "document-not-json": 1}
    bad_lines = next(s for s in report.shards if s.shard == "bad-lines")
    assert bad_lines.documents == 2
    assert [p["source"].rsplit(":", 1)[1] for p in bad_lines.problems] == ["2", "3"]


def test_a_rerun_skips_finished_shards_and_redoes_only_what_is_missing(archive, sequential,
                                                                      tmp_path):
    out = tmp_path / "claims"
    out.mkdir()
    first = extract_archive([f"{archive}/*.jsonl.gz"], str(out), Engine(workers=0))
    assert first.to_dict()["shards"] == {"total": 8, "written": 8, "resumed": 0, "failed": 0}
    files = written_shards(str(out))
    stamps = {k: os.stat(p).st_mtime_ns for k, p in files.items()}
    os.remove(files["news-00003"])
    time.sleep(0.01)
    again = extract_archive([f"{archive}/*.jsonl.gz"], str(out), Engine(workers=0))
    assert again.to_dict()["shards"] == {"total": 8, "written": 1, "resumed": 7, "failed": 0}
    assert again.documents == first.documents and again.claims == first.claims
    now = {k: os.stat(p).st_mtime_ns for k, p in written_shards(str(out)).items()}
    assert [k for k in now if now[k] != stamps[k]] == ["news-00003"]
    redo = extract_archive([f"{archive}/*.jsonl.gz"], str(out), Engine(workers=0), resume=False)
    assert redo.to_dict()["shards"]["written"] == 8


def test_check_on_the_cluster_matches_the_sequential_check_and_single_documents(
        sequential, client, store_register, tmp_path):
    alone = check_dataset(str(sequential), str(tmp_path / "seq"), Engine(workers=0),
                          db=store_register)
    spread = check_dataset(str(sequential), str(tmp_path / "dask"), Engine(client=client),
                           db=store_register)
    assert not alone.failed and not spread.failed
    checked = rows(tmp_path / "seq")
    assert checked.equals(rows(tmp_path / "dask"))
    assert checked.num_rows == rows(sequential).num_rows
    assert alone.verdicts()["documented"] > 0 and alone.verdicts()["undocumented"] > 0
    # the same claim ids and verdicts as `armswatch check` gives a document on its own
    from armswatch.batch.shards import find_shards, read_shard
    from armswatch.model import Document
    from armswatch.reconcile.pipeline import Checker
    from armswatch.store.views import release_view

    shard = find_shards([str(sequential.parent.parent / "archive*" / "news-00000.jsonl.gz")])
    assert shard
    con = db.connect(store_register, read_only=True)
    checker = Checker(release_view(con))
    batch = {r["claim_id"]: r["verdict"] for r in checked.to_pylist()}
    for item in list(read_shard(shard[0]))[:40]:
        d = item.document
        single = checker.check_document(Document(id=d.id, text=d.text, url=d.url, title=d.title,
                                                 outlet=d.outlet, published=d.published))
        for claim in single.claims:
            assert batch[claim.claim_id] == claim.verdict.verdict


def test_summary_folds_the_same_transfer_from_many_sources(tmp_path, register_path):
    # Our own sentences: one undocumented transfer told three times (2019, 2020, undated), the
    # same pair and system again in 2009 (years too far apart: a second cluster), and a
    # documented one.
    docs = [
        {"id": "a", "text": "Norway has received 12 Leopard-2A4 tanks from Germany.",
         "outlet": "Coastal Times", "published": "2019-03-01"},
    ]
    sentences = [
        ("b", "France delivered 4 Zx-9 drones to Bolivia in 2019, officials confirmed.",
         "Harbour Gazette", "2019-05-02"),
        ("c", "France delivered 4 Zx-9 drones to Bolivia in 2020, officials confirmed.",
         "Daily Meridian", "2020-01-10"),
        ("d", "Bolivia has received 4 Zx-9 drones from France, the defence ministry said.",
         "Capital Dispatch", "2020-02-11"),
        ("e", "France delivered 4 Zx-9 drones to Bolivia in 2009, officials confirmed.",
         "Coastal Times", "2009-06-01"),
    ]
    docs += [{"id": i, "text": t, "outlet": o, "published": p, "url": f"https://example.org/{i}"}
             for i, t, o, p in sentences]
    archive = tmp_path / "in"
    archive.mkdir()
    (archive / "day.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    extract_archive([str(archive / "day.jsonl")], str(tmp_path / "claims"), Engine(workers=0))
    check_dataset(str(tmp_path / "claims"), str(tmp_path / "checked"), Engine(workers=0),
                  db=register_path)
    top = summarise(str(tmp_path / "checked"), top=5, verdict="undocumented").to_pylist()
    top = [r for r in top if r["status"] == "delivered"]  # the learned extractor may add orders
    assert [(r["supplier"], r["recipient"], r["system"], r["status"], r["year_first"],
             r["year_last"], r["sources"], r["outlets"], r["first_seen"]) for r in top] == [
        ("France", "Bolivia", "Zx-9", "delivered", 2019, 2020, 3, 3, "2019-05-02"),
        ("France", "Bolivia", "Zx-9", "delivered", 2009, 2009, 1, 1, "2009-06-01")]
    assert top[0]["urls"] == [f"https://example.org/{i}" for i in "bcd"]
    assert top[0]["evidence"] == sentences[0][1]   # the first seen
    every = summarise(str(tmp_path / "checked"), top=5, verdict="any").to_pylist()
    delivered = [r for r in every if r["status"] == "delivered"]
    assert len(delivered) == 3 and {r["verdict"] for r in every} >= {"undocumented"}


def test_bad_input_gets_clear_errors(tmp_path, sequential):
    with pytest.raises(UsageError, match="No shards match"):
        extract_archive([str(tmp_path / "nothing-*.jsonl")], str(tmp_path / "o"), Engine(0))
    with pytest.raises(UsageError, match="No claims under"):
        check_dataset(str(tmp_path), str(tmp_path / "o"), Engine(0))
    with pytest.raises(UsageError, match="without verdicts"):
        summarise(str(sequential))
    with pytest.raises(UsageError, match="--verdict must be one of"):
        summarise(str(sequential), verdict="maybe")


def test_cli_runs_extract_check_and_summary(archive, tmp_path, register_path):
    _register_commands()
    runner = CliRunner()
    claims, checked = tmp_path / "claims", tmp_path / "checked"
    result = runner.invoke(app, ["batch", "extract", f"{archive}/news-0000[01].jsonl.gz",
                                 "--out", str(claims), "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["documents"] == 300
    result = runner.invoke(app, ["--db", register_path, "batch", "check", str(claims), "--out",
                                 str(checked), "--workers", "0"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["batch", "summary", str(checked), "--top", "3", "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3
    result = runner.invoke(app, ["batch", "summary", str(checked), "--top", "2"])
    assert "Source: SIPRI Arms Transfers Database" in result.stdout



def test_a_worker_without_the_database_checks_against_the_same_release_or_refuses(
        sequential, store_register, backend, tmp_path):
    from armswatch.batch.runs import _register
    from armswatch.batch.tasks import CheckTask, RegisterRef, check_shard
    from armswatch.batch.shards import Shard

    here = _register(store_register, None)
    assert here.db == store_register                 # a file's absolute path, or the URL as given
    key, path = sorted(written_shards(str(sequential)).items())[0]
    elsewhere = RegisterRef(str(tmp_path / "not-on-this-worker.duckdb"), here.release_id,
                            here.sha256)  # as on another machine: the bundled register, in memory
    remote = check_shard(CheckTask(Shard(path, key), str(tmp_path / "remote"), elsewhere))
    local = check_shard(CheckTask(Shard(path, key), str(tmp_path / "local"), here))
    assert remote.failed is None and remote.verdicts == local.verdicts
    assert rows(tmp_path / "remote").equals(rows(tmp_path / "local"))
    other = RegisterRef(here.db, here.release_id, "0" * 64)
    refused = check_shard(CheckTask(Shard(path, key), str(tmp_path / "other"), other))
    assert refused.failed["code"] == "register-mismatch"
    assert not (tmp_path / "other").exists()
    # a release only the database holds (SIPRI's 2026 China export), not the bundle: a worker
    # reads it from the database, a file here or the team's PostgreSQL server
    from armswatch.store.load import import_file

    target = backend.database()
    with db.connect(target) as con:
        newer = import_file(con, FIXTURES / "china-2026.csv").stats["release_id"]
    only_here = check_shard(CheckTask(Shard(path, key), str(tmp_path / "newer"),
                                      _register(target, newer)))
    assert only_here.failed is None and only_here.documents == remote.documents
