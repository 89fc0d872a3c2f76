"""Reading claims already extracted (``check --claims FILE``): the extractor's JSON output.

One JSON object per document (``id``, ``transfers``, ``statistics``, ``events``, optionally
``published``), as JSON Lines, one JSON object, or a JSON array. A line that is not a JSON object is
reported with its line number and skipped (STYLE.md §4); a file that cannot be read raises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from armswatch.errors import UnreadableFile


@dataclass(frozen=True)
class ClaimsProblem:
    code: str      # claims-line-not-json | claims-line-not-object
    line: int
    message: str


@dataclass(frozen=True)
class ClaimsFile:
    extractions: list[dict]
    problems: list[ClaimsProblem]


def read_claims(path: Path) -> ClaimsFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"Cannot read {path}: {exc}. Give the extractor's JSON Lines output.",
                             path=str(path)) from exc
    stripped = text.strip()
    if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped):
        try:
            data = json.loads(stripped)
            return ClaimsFile(data if isinstance(data, list) else [data], [])
        except json.JSONDecodeError:
            pass
    extractions, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(ClaimsProblem("claims-line-not-json", number, exc.msg))
            continue
        if not isinstance(value, dict):
            problems.append(ClaimsProblem("claims-line-not-object", number,
                                          "each line must be one document's JSON object"))
            continue
        extractions.append(value)
    return ClaimsFile(extractions, problems)
