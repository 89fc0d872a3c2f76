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


# ===== another process holds the database (issue 14, finding 10; a running server no longer
# does: tests/test_shared_database.py, issue 16) =====
def _error(stderr: str) -> str:
    """The error line, unwrapped (rich wraps long lines; warnings may come before it)."""
    return " ".join(stderr[stderr.index("Error ["):].split())


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


def test_the_extractor_at_run_time_imports_no_pandas_pyarrow_numpy_or_sklearn():
    """Its models are JSON and the bundle is read with DuckDB: the array libraries are for
    training only (`check` itself still brings pyarrow through the store, store/tables.py)."""
    code = ("import sys\nfrom armswatch.extract.model import Document\n"
            "from armswatch.extract.pipeline import extract_document\n"
            "result = extract_document(Document('d', 'Russia delivered six Su-30 fighter aircraft '"
            "'to Myanmar in 2023, the air force said.'))\n"
            "print(bool(result.transfers), [m for m in ('pandas', 'pyarrow', 'numpy', 'sklearn', "
            "'scipy') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(maxsplit=1) == ["True", "[]\n"]


# ===== start-up: the schema script runs only where it would change something =====
def test_a_current_database_is_opened_without_running_the_schema_script(made_db, monkeypatch):
    from armswatch import db
    from armswatch.store import connection

    def refuse(_con):
        raise AssertionError("the schema script ran on a current database")

    monkeypatch.setattr(connection, "ensure_schema", refuse)
    with db.connect(made_db) as con:
        assert con.execute("SELECT count(*) FROM deals").fetchone()[0] > 0


def test_a_database_missing_a_table_or_flow_totals_is_brought_up_to_date_on_opening(tmp_path):
    from armswatch import db

    path = tmp_path / "old.duckdb"
    with db.connect(path) as con:
        releases = con.execute("SELECT count(*) FROM releases").fetchone()[0]
        con.execute("DROP TABLE tokens")  # a table added after the database was made
        con.execute("DELETE FROM settings WHERE key LIKE 'flow_totals:%'")  # and totals marked
    with db.connect(path, read_only=True) as con:  # read-only: left as it is
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'tokens'"
                           ).fetchone()[0] == 0
    with db.connect(path) as con:
        assert con.execute("SELECT count(*) FROM tokens").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM settings WHERE key LIKE 'flow_totals:%'"
                           ).fetchone()[0] == releases > 0


def test_the_schema_check_covers_every_statement_of_the_schema_script():
    """Every statement of schema.sql is one the check understands (a new kind of statement
    makes the script run at every open until the check learns it: this test says so)."""
    from armswatch.store.schema import current_probe

    assert current_probe() is not None


def test_each_commands_help_line_is_its_docstring():
    """The registry's one-line help (shown without importing) is the command's own."""
    from typer.main import get_group

    from armswatch.cli.main import COMMANDS, _register_commands, app

    _register_commands()
    group = get_group(app)
    for name, (_module, line) in COMMANDS.items():
        command = group.commands[name]
        assert " ".join((command.help or "").split()) == line, name


# ===== errors that help (issue 17) =====
def test_check_of_a_missing_file_is_the_same_coded_error_extract_gives(made_db):
    for command in ("check", "extract"):
        result = armswatch(command, "nope.txt", db=made_db)
        assert result.returncode == 1, command
        assert _error(result.stderr) == ("Error [unreadable-file]: nope.txt does not exist; give a "
                                         "text, HTML, JSONL or .json file, or a directory"), command


def test_check_of_a_binary_file_exits_1_naming_the_problem(made_db, tmp_path):
    junk = tmp_path / "random.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    result = armswatch("check", str(junk), db=made_db)
    assert result.returncode == 1 and result.stdout == ""
    assert "document-binary" in result.stderr and "Nothing to check" in result.stderr


@pytest.mark.parametrize("args", [["factsheet", "--period", "2021-2025"],
                                  ["flows", "--from", "2020", "--to", "2025"],
                                  ["deals", "--from", "2030"],
                                  ["dependence", "--to", "2026"]], ids=" ".join)
def test_years_beyond_the_data_are_refused_with_the_covered_range(made_db, args):
    result = armswatch(*args, db=made_db)
    assert (result.returncode, result.stdout) == (2, "")
    assert "runs beyond the data" in _error(result.stderr)
    assert _error(result.stderr).endswith("covers 1950-2024. Choose years in that range.")


def test_a_one_year_factsheet_compares_with_the_years_before(made_db):
    text = armswatch("factsheet", "--period", "2020", "--top", "1", db=made_db).stdout
    assert text.startswith("# Trends in international arms transfers, 2020\n")
    assert "against 2019;" in text and "2019-2019" not in text


def test_import_names_the_new_release_and_every_query_on_a_partial_one_says_so(db_path):
    first = armswatch("import", str(FIXTURES / "china-2026.csv"), db=db_path)
    assert first.returncode == 0, first.stderr
    assert "New release 3: " in first.stdout
    assert "Queries keep reading release 2 (Release 3 is a partial export (" in " ".join(first.stdout.split())
    use = armswatch("use", "3", db=db_path)
    assert use.returncode == 0 and "Queries now read release 3: china-2026.csv" in use.stdout
    assert "Note: Release 3 is a partial export" in " ".join(use.stderr.split())
    deals = armswatch("deals", "--supplier", "Russia", "--recipient", "Myanmar", db=db_path)
    assert deals.returncode == 0 and deals.stdout.startswith("0 deals\n")
    note = " ".join(deals.stderr.split())
    assert "Release 3 is a partial export (Transfers of major conventional arms from China to All " \
           "countries" in note and "`armswatch use` goes back to the latest whole register." in note
    back = armswatch("use", db=db_path)
    assert "release 2" in back.stdout and back.stderr == ""


def test_the_unknown_party_suggestion_points_to_a_parties_command_that_searches(made_db):
    result = armswatch("deals", "--recipient", "Xyzzyland", db=made_db)
    assert result.returncode == 2 and "Run `armswatch parties` for the list." in _error(result.stderr)
    found = armswatch("parties", "burma", db=made_db)
    assert found.stdout.splitlines()[:3] == [
        "1 party", "Name     Kind   ISO3  COW  Region           Aliases",
        "Myanmar  state  MMR   775  South East Asia  Burma"]
    by_code = armswatch("parties", "775", "--format", "json", db=made_db)
    assert json.loads(by_code.stdout)[0]["name"] == "Myanmar"
    none = armswatch("parties", "Xyzzyland", db=made_db)
    assert none.returncode == 2 and "No party matches 'Xyzzyland'" in none.stderr


def test_serve_on_a_busy_port_says_so_before_announcing_an_address(made_db):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = armswatch("serve", "--port", str(port), db=made_db)
    assert result.returncode == 2 and "armswatch on http" not in result.stderr
    assert _error(result.stderr).startswith(f"Error [bad-request]: Port {port} on 127.0.0.1 is "
                                            "in use")
    assert f"armswatch serve --port {port + 1}" in _error(result.stderr)


def test_extract_prints_money_as_money_no_none_and_evidence_cut_between_words(made_db, tmp_path):
    from armswatch.cli.extract import _shorten
    from armswatch.reconcile.markdown import value_text

    assert value_text(807_000_000.0, "USD") == "US$807 million"
    assert value_text(1_250_000_000.0, "USD") == "US$1.25 billion"
    assert value_text(16.6, "%") == "16.6%"
    long = "Lorem ipsum " * 30 + "Pantsyr-S1 systems were delivered."
    short = _shorten(long)
    assert short.endswith(" …") and len(short) <= 160
    assert all(word in {"Lorem", "ipsum", "…"} for word in short.split())
    article = tmp_path / "note.txt"
    article.write_text("Israel sold Myanmar an unspecified number of patrol boats, officials "
                       "said on Monday.\n", encoding="utf-8")
    result = armswatch("extract", str(article), "--min-confidence", "0.05", db=made_db)
    assert result.returncode == 0, result.stderr
    assert "None" not in result.stdout and "qty=" not in result.stdout
    assert "Israel → Myanmar: patrol boats (Ships)" in result.stdout
    assert "“Israel sold Myanmar an unspecified number of patrol boats, officials said on " \
           "Monday.”" in result.stdout


# ===== tables for people: never a split word or number (issue 17) =====
def _render(listing, width: int) -> str:
    import io

    from rich.console import Console

    from armswatch.cli.output import render

    console = Console(file=io.StringIO(), width=width, color_system=None)
    render(listing, console)
    return console.file.getvalue()


def _split_tokens(listing, text: str) -> list[str]:
    """Tokens of the rendered table that are neither a whole word of a cell or header nor a word
    cut with an ellipsis: what a word or number split over two lines leaves behind."""
    import re

    from armswatch.cli.output import _cells, header

    cells = _cells(listing)
    words = {w for row in cells.rows for cell in row for w in cell.split()}
    words |= {w for c in cells.columns for w in header(c).split()}
    lines = text.splitlines()[1:]  # after the title line, up to the notes under the table
    notes = [i for i, line in enumerate(lines) if re.match(r"\? SIPRI|Not shown|[\d,]+ more;", line)]
    body = "\n".join(lines[:notes[0]] if notes else lines)
    return [t for t in re.findall(r"[^\s─]+", body) if t not in words and not t.endswith("…")]


def _myanmar_deals(bundled_db):
    from armswatch.cli.output import Listing
    from armswatch.cli.register import DEAL_PRIORITY, DEAL_TABLE
    from armswatch.register.deals import DealQuery, select_deals
    from armswatch.store.views import release_view

    rows = select_deals(release_view(bundled_db), DealQuery(recipient="Myanmar")).select(*DEAL_TABLE).fetchall()
    return Listing(list(DEAL_TABLE), rows, title=f"{len(rows)} deals", priority=DEAL_PRIORITY)


@pytest.mark.parametrize("width", [80, 120])
def test_deals_render_without_a_split_word_at_80_and_120_columns(bundled_db, width):
    listing = _myanmar_deals(bundled_db)
    text = _render(listing, width)
    assert _split_tokens(listing, text) == []
    assert max(len(line) for line in text.splitlines()) <= width
    assert "? SIPRI marks the figure as uncertain (an estimate)." in text
    import re

    for word in ("Pantsyr-S1", "Russia", "Kingdom"):  # whole, not 'Pantsyr-S/1', 'Russi/a'
        assert re.search(rf"(^|\s){word}(\s|$)", text, re.M), word


def test_a_narrow_terminal_drops_low_priority_columns_and_says_which(bundled_db):
    text = _render(_myanmar_deals(bundled_db), 80)
    lines = text.splitlines()
    assert lines[1].split() == ["Order", "TIV"]  # long headers wrap between words, bottom-aligned
    assert lines[2].split() == ["Supplier", "Recipient", "year", "Ordered", "Designation",
                                "Delivered", "delivered"]
    assert ("Not shown to fit 80 columns: Description, Delivery years, Status; use "
            "--wide or --format csv.") in " ".join(text.split())
    assert "Not shown" not in _render(_myanmar_deals(bundled_db), 120)


@pytest.mark.parametrize("width", [80, 120])
def test_flows_and_claims_render_without_a_split_word(bundled_db, width):
    from armswatch.analytics import FlowQuery, flows
    from armswatch.cli.output import Listing
    from armswatch.store.views import release_view

    result = flows(release_view(bundled_db), FlowQuery(recipient="India", by=("period", "supplier")))
    listing = Listing(list(result.columns), [tuple(r) for r in result.records])
    assert _split_tokens(listing, _render(listing, width)) == []
    claims = Listing(["kind", "claim", "verdict", "explanation", "deal_ids"], [
        ("transfer", "Russia → Myanmar: 6 Su-30, delivered (2023)", "partly_documented",
         "The same system is in the register (6 Su-30MK, ordered 2018, delivered 2022-2024), but "
         "the year differs by more than 1: the claim says 2023 (ordered).", ["ce680dd894fc"])])
    assert _split_tokens(claims, _render(claims, width)) == []


def test_numbers_right_aligned_with_separators_and_flags_folded_in():
    from armswatch.cli.output import Listing

    listing = Listing(["supplier", "order_year", "order_year_uncertain", "tiv_delivered"],
                      [("Russia", 2009, True, 4057.97), ("France", 2015, False, 12.5)], title="t")
    assert _render(listing, 80).splitlines() == [
        "t",
        "Supplier  Order year  TIV delivered",
        "───────────────────────────────────",
        "Russia         2009?       4,057.97",
        "France          2015          12.50",
        "? SIPRI marks the figure as uncertain (an estimate)."]


def test_a_listing_says_how_many_more_rows_and_piped_output_is_plain(made_db):
    result = armswatch("deals", "--recipient", "India", db=made_db)
    lines = result.stdout.splitlines()
    assert lines[0].endswith(" deals") and len([ln for ln in lines if " India " in ln]) == 25
    total = int(lines[0].split()[0].replace(",", ""))
    assert f"{total - 25:,} more; use --limit/--all or --format csv." in lines
    assert all(line == line.rstrip() for line in lines) and "─" not in result.stdout
    every = armswatch("deals", "--recipient", "India", "--all", db=made_db).stdout
    assert len([ln for ln in every.splitlines() if " India " in ln]) == total


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "md", "parquet"])
def test_every_listing_writes_each_format_to_a_file(made_db, tmp_path, fmt):
    import pyarrow.parquet as pq

    for args in (["deals", "--recipient", "Myanmar"], ["flows", "--recipient", "Myanmar", "--by", "supplier"],
                 ["parties", "burma"], ["dependence", "--recipient", "Myanmar"]):
        out = tmp_path / f"{args[0]}.{fmt}"
        result = armswatch(*args, "--format", fmt, "--output", str(out), db=made_db)
        assert result.returncode == 0, result.stderr
        if fmt == "parquet":
            assert pq.read_table(out).num_rows > 0
            continue
        text = out.read_text(encoding="utf-8")
        rows = {"csv": lambda: text.splitlines()[1:], "json": lambda: json.loads(text),
                "jsonl": lambda: [json.loads(line) for line in text.splitlines()],
                "md": lambda: [ln for ln in text.splitlines()[2:] if ln.startswith("| ")]}[fmt]()
        assert rows, args
