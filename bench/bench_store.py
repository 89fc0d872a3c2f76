"""Storing checked documents (``check --store``, the web's store): how long ``store_checked``
holds the database for a batch (issue 16: row by row it was ~2.1 s for 300 documents with 840
claims, while other writers and readers waited).

    python bench/bench_store.py [--documents 300] [--repeat 5]

Each run stores the batch into a new database built from the bundle (the checking tables empty),
then stores part of it again (all known). The claims are made up (the project's own sentences),
the verdicts too: this times the store, not the checker.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from armswatch import db
from armswatch.model import (CheckedClaim, CheckedDocument, DealRef, Document, EventClaim,
                             Evidence, StatisticClaim, TransferClaim, Verdict)
from armswatch.reconcile.pipeline import claim_id, document_sha256
from armswatch.review import store

REF = DealRef("d1", "Russia", "India", 2018, "T-90S", "Armoured vehicles", 464, 100, (2019, 2020),
              None, "same pair and system")


def _claim(n: int):  # type: ignore[no-untyped-def]
    evidence = Evidence(f"Sentence {n}: Russia delivered {n} T-90S tanks to India.", 40 * n,
                        40 * n + 50)
    if n % 3 == 0:
        return TransferClaim("Russia", "India", "T-90S", "T-90S", "Armoured vehicles", n,
                             "delivered", 2020, evidence, 0.87)
    if n % 3 == 1:
        return StatisticClaim("India", None, "share", 9.8, "%", (2019, 2023), evidence, 0.7,
                              base="world")
    return EventClaim("visit", ("India", "Russia"), "2023-03", evidence, 0.6)


def batch(documents: int) -> list[CheckedDocument]:
    """``documents`` checked documents with 2.8 claims each on average (840 for 300)."""
    out, n = [], 0
    for d in range(documents):
        text = f"Document {d}: " + "An invented article about the arms trade. " * 40
        doc = Document(f"doc-{d}", text, url=f"https://example.org/{d}", title=f"Article {d}",
                       outlet="Example", published="2023-01-01")
        items = []
        for position in range(3 if d < documents * 4 // 5 else 2):
            claim = _claim(n)
            n += 1
            items.append(CheckedClaim(claim, Verdict("documented", "Documented.", (REF,)),
                                      claim_id(document_sha256(text), position, claim)))
        out.append(CheckedDocument(doc.id, tuple(items), 1, 0.0, doc))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = batch(args.documents)
    claims = sum(len(r.claims) for r in results)
    new, known = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.repeat):
            con = db.connect(Path(folder) / f"run{run}.duckdb")
            started = time.perf_counter()
            store.store_checked(con, results)
            new.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.store_checked(con, results[: args.documents // 10])
            known.append(time.perf_counter() - started)
            con.close()
    print(f"{args.documents} documents, {claims} claims: new {statistics.median(new):.3f} s, "
          f"a tenth again (known) {statistics.median(known):.3f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
