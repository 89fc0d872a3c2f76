"""kill -9 during `armswatch import` (issue 14): the database is as before, or the import is whole.

A real `armswatch --db TMP import` subprocess of SIPRI's re-saved 2025 register (29,503 deals, a
release the bundle does not hold) is killed at several moments: as soon as it starts writing (the
database file or its write-ahead log changes: mid-transaction, whatever the machine's load), and
after fixed delays. Reopened, the database must pass a full scan and a checkpoint and hold either
exactly what it held before or the whole new release with its totals; and it takes the import again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

SIPRI = Path(__file__).resolve().parents[3] / "shared" / "data" / "sipri"
RESAVED = SIPRI / "trade-register-1950-2024-resaved-utf8.csv"

pytestmark = pytest.mark.skipif(not RESAVED.exists(),
                                reason="../shared/data is not beside the checkout")


def _armswatch(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "armswatch", "--db", str(db), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _state(db: Path) -> dict[str, object]:
    """Everything an import writes, summed per release; reading it scans every table whole."""
    con = duckdb.connect(str(db))
    try:
        state = {
            "releases": con.execute("SELECT release_id, file_name, deals, deliveries FROM releases "
                                    "ORDER BY 1").fetchall(),
            "deals": con.execute("SELECT release_id, count(*), round(sum(tiv_delivered), 2) "
                                 "FROM deals GROUP BY ALL ORDER BY 1").fetchall(),
            "deliveries": con.execute("SELECT release_id, count(*), round(sum(tiv_delivered), 2) "
                                      "FROM deliveries GROUP BY ALL ORDER BY 1").fetchall(),
            "flow_totals": con.execute("SELECT release_id, count(*), round(sum(tiv), 2) FROM "
                                       "flow_totals GROUP BY ALL ORDER BY 1").fetchall(),
            "parties": con.execute("SELECT count(*) FROM parties").fetchone(),
        }
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return state


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The state before (a database created from the bundle) and after a whole import."""
    work = tmp_path_factory.mktemp("kill")
    before_db = work / "before.duckdb"
    assert _armswatch(before_db, "info").wait(timeout=120) == 0
    after_db = work / "after.duckdb"
    after_db.write_bytes(before_db.read_bytes())
    assert _armswatch(after_db, "import", str(RESAVED)).wait(timeout=300) == 0
    before, after = _state(before_db), _state(after_db)
    assert len(after["releases"]) == len(before["releases"]) + 1
    assert after["releases"][-1][2] == 29_503
    return before_db, before, after


def _when_writing(db: Path, process: subprocess.Popen) -> None:
    """Return once the process writes to the database (file or log changed) or has exited."""
    wal, size = Path(f"{db}.wal"), db.stat().st_size
    while process.poll() is None and not wal.exists() and db.stat().st_size == size:
        time.sleep(0.002)


@pytest.mark.parametrize("moment", ["writing", 1.0, 2.5])
def test_kill_9_during_import_leaves_the_database_before_or_whole(imported, tmp_path, moment):
    before_db, before, after = imported
    db = tmp_path / "armswatch.duckdb"
    db.write_bytes(before_db.read_bytes())
    process = _armswatch(db, "import", str(RESAVED))
    if moment == "writing":
        _when_writing(db, process)
    else:
        time.sleep(moment)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=60) == (-signal.SIGKILL if killed else 0)
    assert _state(db) in (before, after)
    if moment == "writing":  # killed mid-write: the database still takes the import whole
        assert killed
        assert _armswatch(db, "import", str(RESAVED)).wait(timeout=300) == 0
        assert _state(db) == after
