"""Validation reports, frictionless-style: problems are collected, not raised.

A reader returns rows plus a ``Report``; only a file that cannot be read at all raises.
Codes are stable kebab-case strings documented in docs/errors.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Every code an importer can report, with the fix it suggests. docs/errors.md is checked against it.
PROBLEM_CODES: dict[str, str] = {
    "not-a-sipri-export": "Export the trade register from SIPRI's database as CSV and import that file.",
    "file-empty": "The file has no content; download the export again.",
    "no-deals": "The file has a header but no deals; widen the query in SIPRI's export form.",
    "undecodable-bytes": "Save the file as UTF-8 or Latin-1, as SIPRI exports it.",
    "encoding-unsupported": "Save the file as UTF-8 (or Latin-1, as SIPRI exports it) and import "
                            "that copy.",
    "binary-content": "This looks like a compressed or binary file; unpack it or download the CSV again.",
    "missing-column": "The header lacks a column SIPRI exports; export again without removing columns.",
    "too-few-fields": "A row is cut short; the file may be truncated, download it again.",
    "too-many-fields": "A row has more fields than the header; check for unquoted commas.",
    "line-too-long": "A line is far longer than any SIPRI row; the file is probably not a SIPRI export.",
    "tiv-not-numeric": "TIV cells must be numbers (millions of TIV); fix or remove the value.",
    "number-not-integer": "Numbers ordered/delivered must be whole numbers.",
    "tiv-out-of-range": "TIVs must be finite, not negative and within the bound docs/formats.md "
                        "states (ten times the largest in SIPRI's register); correct the figure.",
    "number-out-of-range": "Numbers ordered/delivered must be whole, not negative and at most "
                           "1,000,000 (docs/formats.md); correct the figure.",
    "deal-id-conflict": "One SIPRI deal id must name one deal; the two lines differ in the field "
                        "named: export the file again from SIPRI, unedited.",
    "delivery-year-repeated": "API format: a deal has one row per delivery year; remove the "
                              "repeated row.",
    "json-too-large": "SIPRI's per-year deliveries file has about 3 MB; import that file.",
    "json-too-deep": "SIPRI's per-year file nests four levels deep; this JSON is not that file.",
    "database-refused": "The database refused a value the checks let through; report it, with "
                        "the file.",
    "year-not-a-year": "Years must be four-digit years between 1900 and 2100.",
    "delivery-years-unparseable": "Year(s) of delivery must be years separated by '; '.",
    "status-unknown": "Status must be New, Second hand or Second hand but modernized.",
    "party-missing": "Supplier and recipient must be named.",
    "truncated-file": "The file ends in the middle of a row; download it again.",
    "milex-not-a-workbook": "The file is not a readable .xlsx workbook; download SIPRI's Milex workbook again.",
    "milex-no-sipri-sheets": "No sheet of SIPRI's Milex workbook was found; import the workbook SIPRI publishes, unmodified.",
    "milex-header-missing": "A Milex sheet lacks its 'Country' (or 'Region') header row with years; restore the sheet as SIPRI published it.",
    "milex-figure-not-numeric": "Milex figures must be numbers, '. .' (unavailable) or 'xxx' (not a state then); fix the cell.",
    "milex-figure-out-of-range": "Milex figures must be finite and not negative; fix the cell.",
    "milex-no-countries": "The Milex sheets have headers but no country rows; download the workbook again.",
    "milex-country-duplicate": "A country appears twice in one Milex sheet; remove the copy.",
    # armswatch extract (issue 4): per-document problems; the rest of the batch goes on.
    "document-empty": "The document has no text; check the input.",
    "document-binary": "The input is binary (compressed, PDF, image); give text, HTML or JSON Lines.",
    "document-undecodable": "Save the document as UTF-8 text.",
    "document-not-json": "Each line of a .jsonl file must be one JSON object.",
    "document-no-text": "A JSON document needs a string field 'text'.",
    "document-truncated": "Only the first 200,000 characters were read; split the document.",
    "html-no-article": "The page has no article text; save the article page itself.",
    # batch runs (issue 8): a shard that is not written; the rest of the run completes
    "shard-unreadable": "The shard is corrupt or cut short (gzip, Parquet); fetch it again and "
                        "re-run: finished shards are skipped.",
    "shard-no-text": "A Parquet shard needs a string column 'text' (and optionally id, url, title, "
                     "outlet, published).",
    "shard-not-claims": "`batch check` reads the --out folder of `batch extract`.",
    "register-mismatch": "A worker's register database is not the release the run checks against; "
                         "give every worker the same database file at the same path (--db).",
    "shard-failed": "The shard's task failed (e.g. its worker died repeatedly); re-run the same "
                    "command to retry it.",
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def fix(self) -> str:
        return PROBLEM_CODES.get(self.code, "")

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "line": self.line,
                "column": self.column, "value": self.value, "fix": self.fix}


@dataclass
class Report:
    """What a reader or loader did: counts, timings and every problem found."""

    source: str
    format: str | None = None
    rows_read: int = 0
    deals: int = 0
    deliveries: int = 0
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, float | int | str] = field(default_factory=dict)
    seconds: float = 0.0
    written: bool = False

    # Keep the report readable on a wholly wrong file, and refusing it cheap: readers stop at the
    # first problem past the cap (``full``), so the count is "at least" (issue 14, finding 8).
    MAX_PROBLEMS = 1000
    problems_found: int = 0
    stopped_at_line: int | None = None  # where a reader stopped reading, once the report was full

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def full(self) -> bool:
        """More problems than the report keeps: the file is refused, reading on is wasted work."""
        return self.problems_found > self.MAX_PROBLEMS

    def add(self, code: str, message: str, line: int | None = None,
            column: str | None = None, value: object = None) -> None:
        if code not in PROBLEM_CODES:
            raise ValueError(f"undocumented problem code {code!r}")
        self.problems_found += 1
        if len(self.problems) < self.MAX_PROBLEMS:
            shown = None if value is None else str(value)[:80]
            self.problems.append(Problem(code, message, line, column, shown))

    def stop(self, line: int | None) -> None:
        """A reader gives up on a file known bad; the report says where."""
        self.stopped_at_line = line

    def counted(self) -> str:
        """'3 problems', or 'the first 1,000 of at least 1,001 problems (reading stopped at line N)'."""
        if not self.full:
            return f"{len(self.problems):,} problem(s)"
        where = f" (reading stopped at line {self.stopped_at_line:,})" if self.stopped_at_line else ""
        return (f"the first {len(self.problems):,} of at least {self.problems_found:,} "
                f"problems{where}")

    def summary(self) -> str:
        if self.valid:
            return f"{self.deals} deals, {self.deliveries} delivery rows from {self.source}"
        return f"{self.counted()} in {self.source}; first: {self.problems[0].message}"

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "format": self.format, "valid": self.valid,
                "written": self.written, "rows_read": self.rows_read, "deals": self.deals,
                "deliveries": self.deliveries, "seconds": round(self.seconds, 3),
                "stats": self.stats, "problems_found": self.problems_found,
                "problems_cut": self.full, "stopped_at_line": self.stopped_at_line,
                "problems": [p.to_dict() for p in self.problems]}
