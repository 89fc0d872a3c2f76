"""The statuses of the right pairs: what the kept held-out claims say against the labels.

    .venv/bin/python bench/eval_extraction.py --kinds transfers --no-shipped --dump /tmp/held.jsonl
    .venv/bin/python bench/status_confusion.py /tmp/held.jsonl [--show]

A "system" is a labelled (supplier, recipient, weapon) of a document (the scorer's pair match),
with its gold statuses; the kept claims that match it are its predicted statuses. Printed:

- the confusion of the likeliest kept status against the gold ones (a system with one gold
  status; a system with several counts as right where the likeliest is one of them);
- the strict labels lost on a right pair: the status missing while another status of the system
  was kept (wrong status), split by whether a kept status was right too (two statuses competing,
  one claim per (supplier, recipient, system, status)) or none was;
- the false claims of a right pair: a kept status the labels do not give the system.

``--show`` lists the lost labels with the claims' evidence (read, never copied).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from weapon_errors import _scorer  # noqa: E402  (the corpus's own scorer)

SHORT = {"ordered": "ord", "delivered": "del", "in_service_sighted": "svc",
         "planned_or_negotiating": "plan", "cancelled": "canc", None: "-"}


def systems(labels: list[dict[str, Any]], scorer: Any) -> list[list[dict[str, Any]]]:
    """The labels grouped by (supplier, recipient, weapon) as the scorer's pair match reads them."""
    out: list[list[dict[str, Any]]] = []
    for g in labels:
        for group in out:
            if scorer.transfer_pair(group[0], g) and scorer.transfer_pair(g, group[0]):
                group.append(g)
                break
        else:
            out.append([g])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dump", type=Path)
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    scorer = _scorer(args.corpus)
    gold = {d.document.id: d.gold.get("transfers") or [] for d in corpus.load_corpus(args.corpus)}
    confusion: Counter[tuple[str, str]] = Counter()
    lost: Counter[tuple[str, str, str]] = Counter()
    false: Counter[tuple[str, str]] = Counter()
    right_pair = 0
    shown = []
    for line in args.dump.open(encoding="utf-8"):
        row = json.loads(line)
        kept = row["transfers"]
        for group in systems(gold.get(row["id"], []), scorer):
            claims = sorted((c for c in kept if scorer.transfer_pair(group[0], c)),
                            key=lambda c: -c["confidence"])
            if not claims:
                continue
            right_pair += 1
            statuses = {g["status"] for g in group}
            predicted = {c["status"] for c in claims}
            top = claims[0]["status"]
            g_key = top if top in statuses else "/".join(sorted(SHORT[s] for s in statuses))
            confusion[(g_key if len(statuses) > 1 else next(iter(statuses)), top)] += 1
            any_right = bool(statuses & predicted)
            for s in statuses - predicted:
                kind = "competing" if any_right else "wrong"
                lost[(kind, s, "/".join(sorted(SHORT[p] for p in predicted)))] += 1
                if args.show:
                    shown.append((row["id"], f"lost gold {s}, kept", sorted(predicted),
                                  claims[0].get("evidence", {})))
            for s in predicted - statuses:
                false[(s, "/".join(sorted(SHORT[g] for g in statuses)))] += 1
                if args.show:
                    claim = next(c for c in claims if c["status"] == s)
                    shown.append((row["id"], f"false {s} ({claim['confidence']:.2f}) beside gold",
                                  sorted(statuses), claim.get("evidence", {})))
    print(f"right-pair systems (a kept claim of a labelled supplier, recipient, weapon): {right_pair}")
    print("\nlikeliest kept status (columns) against the gold (rows; several gold statuses joined by /):")
    cols = [s for s in SHORT if s]
    rows = sorted({r for r, _ in confusion}, key=lambda r: (r not in SHORT, r))
    print("| gold | " + " | ".join(SHORT[c] for c in cols) + " |")
    for r in rows:
        print(f"| {SHORT.get(r, r)} | " + " | ".join(str(confusion[(r, c)]) for c in cols) + " |")
    print(f"\nstrict labels lost on a right pair: {sum(lost.values())} "
          f"(competing: another status of the system kept right {sum(v for k, v in lost.items() if k[0] == 'competing')}; "
          f"wrong: no kept status right {sum(v for k, v in lost.items() if k[0] == 'wrong')})")
    for (kind, s, p), n in lost.most_common():
        print(f"  {kind:9} gold {SHORT[s]:4} kept {p:14} {n}")
    print(f"\nfalse claims of a right pair (a status the labels do not give the system): {sum(false.values())}")
    for (s, g), n in false.most_common():
        print(f"  kept {SHORT[s]:4} gold {g:14} {n}")
    for doc, s, predicted, evidence in shown:
        text = evidence.get("text") if isinstance(evidence, dict) else evidence
        print(f"\n{doc} {s} {predicted}: {text}")


if __name__ == "__main__":
    main()
