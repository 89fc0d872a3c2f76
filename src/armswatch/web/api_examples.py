"""An example request for every endpoint, and its answer as /docs shows it.

Answers to reading requests are not written down: /docs asks the app itself (in process, through
ASGI) once per database generation, so an example can never drift from what the API answers.
Writes need a token and change the database, so their answers are shown as recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx
from fastapi import FastAPI

ROWS_SHOWN = 2          # a list in an example answer: its first rows, then how many more
CHARS_SHOWN = 1600


@dataclass(frozen=True)
class Example:
    request: str                        # path and query
    body: dict[str, object] | None = None
    recorded: str | None = None         # the answer of a write, as recorded (not asked)


CHECK_TEXT = "Russia delivered six Su-30SME fighter jets to Myanmar in 2022."
EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/api/info"): Example("/api/info"),
    ("GET", "/api/releases"): Example("/api/releases"),
    ("POST", "/api/releases"): Example(
        "/api/releases?dry_run=true  (multipart: file=@trade-register.csv; "
        "Authorization: Bearer TOKEN)",
        recorded='{"valid": true, "source_format": "classic", "rows_read": 29515, "deals": 29515, '
                 '"problems": [], "dry_run": true, ...}'),
    ("GET", "/api/parties"): Example("/api/parties?kind=international_organisation"),
    ("GET", "/api/parties/{name}"): Example("/api/parties/Burma"),
    ("GET", "/api/deals"): Example("/api/deals?supplier=Russia&recipient=Burma&from=2018"),
    ("GET", "/api/deliveries"): Example("/api/deliveries?supplier=Russia&recipient=Myanmar&from=2022"),
    ("GET", "/api/open-orders"): Example("/api/open-orders?supplier=China&recipient=Myanmar"),
    ("GET", "/api/flows"): Example("/api/flows?recipient=Myanmar&from=2014&to=2019&by=supplier"),
    ("GET", "/api/factsheet"): Example("/api/factsheet?top=3"),
    ("GET", "/api/dependence"): Example("/api/dependence?recipient=Myanmar&from=2015"),
    ("GET", "/api/countries/{name}"): Example("/api/countries/Myanmar?sort=tiv_delivered"),
    ("GET", "/api/countries/{name}/deals"): Example("/api/countries/India/deals?role=exports"),
    ("GET", "/api/pairs/{supplier}/{recipient}"): Example("/api/pairs/Russia/Myanmar"),
    ("GET", "/api/documents"): Example("/api/documents"),
    ("GET", "/api/claims"): Example("/api/claims?verdict=undocumented&state=pending"),
    ("GET", "/api/claims/{claim_id}"): Example(
        "/api/claims/c394a70714fa67d6",
        recorded='{"claim_id": "c394a70714fa67d6", "kind": "transfer", "verdict": "undocumented", '
                 '"state": "pending", "reviews": [], ...}  (an id from /api/claims)'),
    ("POST", "/api/claims/{claim_id}/review"): Example(
        "/api/claims/c394a70714fa67d6/review  (Authorization: Bearer TOKEN)",
        {"action": "reject", "note": "no such deal in the register"},
        recorded='{"claim_id": "c394a70714fa67d6", "state": "rejected", "reviewer": "alice", ...}'),
    ("GET", "/api/evidence"): Example("/api/evidence"),
    ("POST", "/api/check"): Example("/api/check", {"text": CHECK_TEXT, "store": False}),
    ("POST", "/api/check/file"): Example(
        "/api/check/file  (multipart: file=@article.txt)",
        recorded="the same answer as POST /api/check, one per document in the file"),
    ("GET", "/api/diff"): Example("/api/diff?from=2&to=1&supplier=China&recipient=Myanmar"),
    ("GET", "/api/milex/countries/{name}"): Example("/api/milex/countries/Myanmar?from=2022"),
    ("GET", "/api/milex/ranking"): Example("/api/milex/ranking?year=2024&top=3"),
    ("GET", "/api/milex/totals"): Example("/api/milex/totals?region=Europe&from=2023"),
}


def shortened(value: object) -> object:
    """``value`` with each list cut to its first rows and a note of how many more there are."""
    if isinstance(value, list):
        rest = len(value) - ROWS_SHOWN
        return [shortened(v) for v in value[:ROWS_SHOWN]] + ([f"... {rest} more"] if rest > 0 else [])
    if isinstance(value, dict):
        return {key: shortened(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    text: str


async def answers(app: FastAPI) -> dict[tuple[str, str], Answer]:
    """The app's own answer to each example that reads (asked in process)."""
    out = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        for key, example in EXAMPLES.items():
            if example.recorded is not None:
                continue
            response = await client.request(key[0], example.request, json=example.body)
            media = response.headers.get("content-type", "").split(";")[0]
            text = (json.dumps(shortened(response.json()), ensure_ascii=False, indent=1)
                    if media == "application/json" else response.text)
            cut = text if len(text) <= CHARS_SHOWN else text[:CHARS_SHOWN] + "\n..."
            out[key] = Answer(response.status_code, media, cut)
    return out
