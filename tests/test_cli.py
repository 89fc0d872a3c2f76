"""The CLI as a user meets it: the real console entry point in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES


def armswatch(*args: str, db) -> subprocess.CompletedProcess:
    env = {**os.environ, "ARMSWATCH_DB": str(db), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "armswatch", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cli.duckdb"


def test_info_json_on_first_use_creates_the_database_from_the_bundle(db_path):
    result = armswatch("info", "--format", "json", db=db_path)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["deals"] == 29_515
    assert info["tiv_delivered_total"] == pytest.approx(2_092_211, abs=1)
    assert info["deliveries"] > 29_515
    assert [r["format"] for r in info["releases"]] == ["deliveries-json", "classic"]
    assert info["attribution"].startswith("Source: SIPRI Arms Transfers Database (c) SIPRI.")
    assert "13 Mar 2025" in info["attribution"]
    assert db_path.exists()


def test_deals_json_uses_sipris_words_and_aliases(db_path):
    result = armswatch("deals", "--supplier", "USSR", "--recipient", "Burma", "--format", "json",
                       db=db_path)
    assert result.returncode == 0, result.stderr
    deals = json.loads(result.stdout)
    assert deals and {d["supplier"] for d in deals} == {"Soviet Union"}
    assert list(deals[0]) == [
        "deal_id", "supplier", "recipient", "order_year", "order_year_uncertain", "number_ordered",
        "number_ordered_uncertain", "designation", "description", "category", "number_delivered",
        "number_delivered_uncertain", "delivery_years", "status", "comments", "tiv_per_unit",
        "tiv_total_order", "tiv_delivered"]


def test_deals_filters_and_csv_output(db_path):
    result = armswatch("deals", "--supplier", "Russia", "--recipient", "Myanmar", "--from", "2021",
                       "--to", "2021", "--designation", "pantsyr", "--format", "csv", db=db_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith('"deal_id","supplier","recipient"')
    assert len(lines) == 2 and "96K9 Pantsyr-S1" in lines[1]


def test_unknown_party_suggests_the_right_name_without_a_traceback(db_path):
    result = armswatch("deals", "--recipient", "Myanmr", db=db_path)
    assert result.returncode == 2
    assert "unknown-party" in result.stderr and "Myanmar" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_inverted_years_are_a_usage_error(db_path):
    result = armswatch("deals", "--from", "2024", "--to", "2010", db=db_path)
    assert result.returncode == 2 and "swap them" in result.stderr


def test_import_of_a_bad_file_exits_1_with_the_line_and_writes_nothing(db_path):
    before = json.loads(armswatch("info", "--format", "json", db=db_path).stdout)
    result = armswatch("import", str(FIXTURES / "bad" / "tiv-not-numeric.csv"), db=db_path)
    assert result.returncode == 1
    assert "tiv-not-numeric" in result.stderr and "line 13" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    after = json.loads(armswatch("info", "--format", "json", db=db_path).stdout)
    assert after == before


def test_import_then_reimport_is_a_no_op(db_path):
    first = armswatch("import", str(FIXTURES / "china-2026.csv"), db=db_path)
    assert first.returncode == 0 and "Imported china-2026.csv" in first.stdout
    again = armswatch("import", str(FIXTURES / "china-2026.csv"), db=db_path)
    assert again.returncode == 0 and "already imported as release 3" in again.stdout


def test_missing_file_is_a_clear_error(db_path):
    result = armswatch("import", "/nonexistent/register.csv", db=db_path)
    assert result.returncode == 1 and "No such file" in result.stderr
    assert "Traceback" not in result.stderr


# ===== a running server holds the database (issue 14, finding 10) =====
def _serving(db_path):
    """A real `armswatch serve` on a free port, once it holds the database's lock."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ARMSWATCH_DB": str(db_path)}
    server = subprocess.Popen([sys.executable, "-m", "armswatch", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # ask the server, not the file: a probe that opens the file takes a lock of its own, and a
    # server starting in that instant finds the file locked and exits (a flaky fixture)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/info", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    pytest.fail(f"armswatch serve did not answer within 60 s (exit code {server.poll()})")


def _error(stderr: str) -> str:
    """The error line, unwrapped (rich wraps long lines; warnings may come before it)."""
    return " ".join(stderr[stderr.index("Error ["):].split())


@pytest.fixture(scope="module")
def served_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "served.duckdb"
    assert armswatch("info", db=path).returncode == 0      # created from the bundle first
    server = _serving(path)
    yield path, server.pid
    server.terminate()
    server.wait(timeout=30)


LOCKED_COMMANDS = [("import", str(FIXTURES / "china-2026.csv")), ("info",), ("deals",),
                   ("review", "list"), ("check", str(FIXTURES / "bad" / "tiv-not-numeric.csv")),
                   ("use", "2"), ("token", "create"), ("review", "accept", "c-1")]


@pytest.mark.parametrize("args", LOCKED_COMMANDS, ids=" ".join)
def test_a_running_server_is_named_with_what_to_do_not_an_internal_error(served_db, args):
    path, pid = served_db
    result = armswatch(*args, db=path)
    assert (result.returncode, result.stdout) == (75, "")
    assert _error(result.stderr) == (
        f"Error [database-locked]: The database {path} is in use by {os.path.realpath(sys.executable)} (PID {pid}), "
        f"a running `armswatch serve`. Stop the server (Ctrl+C in its terminal, or `kill {pid}`) "
        "and run this again; meanwhile use its web app and JSON API, which answer the same "
        "queries and take imports and reviews with a token.")


def test_another_process_holding_the_database_is_named_by_program_and_pid(db_path):
    assert armswatch("info", db=db_path).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb; "
                               "con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                               "sys.stdin.read()", str(db_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        result = armswatch("info", db=db_path)
    finally:
        holder.communicate("", timeout=30)
    assert result.returncode == 75
    assert _error(result.stderr) == (
        f"Error [database-locked]: The database {db_path} is in use by "
        f"{os.path.realpath(sys.executable)} (PID {holder.pid}). Wait for it to finish or stop it "
        f"(`kill {holder.pid}`), then run this again.")


# ===== start-up: commands load lazily (issue 17) =====
HEAVY = ("pandas", "pyarrow", "numpy", "openpyxl", "dask", "sklearn", "armswatch.extract.pipeline",
         "plotly", "matplotlib", "uvicorn", "fastapi")


def _modules_after(args: list[str], db) -> tuple[str, list[str]]:
    """Run the CLI in a fresh interpreter; return its output and the heavy modules it imported."""
    code = ("import sys\nfrom armswatch.cli.main import run\nsys.argv = ['armswatch', *sys.argv[1:]]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])")
    env = {**os.environ, "ARMSWATCH_DB": str(db), "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=120)
    out, _, loaded = done.stdout.rpartition("LOADED ")
    return out, eval(loaded)  # noqa: S307  (our own list literal)


def test_help_lists_every_command_without_importing_one(db_path):
    from armswatch.cli.main import COMMANDS

    out, loaded = _modules_after(["--help"], db_path)
    assert loaded == []
    for name in COMMANDS:
        assert f" {name} " in out, name
    assert "armswatch.cli.register" not in out


@pytest.fixture(scope="module")
def made_db(tmp_path_factory):
    """A database already created from the bundle (first use loads pyarrow to seed it)."""
    path = tmp_path_factory.mktemp("made") / "made.duckdb"
    assert armswatch("info", db=path).returncode == 0
    return path


@pytest.mark.parametrize("args", [["info"], ["deals", "--supplier", "Russia", "--limit", "2"],
                                  ["flows", "--recipient", "Myanmar", "--by", "supplier"],
                                  ["dependence", "--recipient", "India"],
                                  ["parties", "Burma"], ["use"]], ids=" ".join)
def test_queries_do_not_import_pandas_pyarrow_or_the_extractor(made_db, args):
    out, loaded = _modules_after(args, made_db)
    assert loaded == [], out


def test_each_commands_help_line_is_its_docstring():
    """The registry's one-line help (shown without importing) is the command's own."""
    from typer.main import get_group

    from armswatch.cli.main import COMMANDS, _register_commands, app

    _register_commands()
    group = get_group(app)
    for name, (_module, line) in COMMANDS.items():
        command = group.commands[name]
        assert " ".join((command.help or "").split()) == line, name
