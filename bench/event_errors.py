"""Where the learned events model loses, per type, from ``bench/cv_events.py --errors FILE``'s
cross-validated listing: precision and recall of the kept claims (those at or above the
threshold) by type, and each missed gold event put in one of four bins:

- ``no candidate``: no held-out claim of its type in its evidence sentence at the floor (the cue
  lexicon, the planned test or ``_no_event`` left it out, or P(event) under the floor);
- ``wrong actors``: a claim of its type in its evidence sentence, with other actors;
- ``under the bar``: the right claim exists at the floor but under the threshold;
- ``repeat``: the right (type, actors) is claimed in another sentence (the one-claim-per-(type,
  actors) rule, or the labels counting a restatement).

    .venv/bin/python bench/cv_events.py [--salt b] --errors /tmp/errors.jsonl
    .venv/bin/python bench/event_errors.py /tmp/errors.jsonl [--show TYPE] [--width 160]

``--show`` prints the false claims and missed events of a type with their sentences (cut to
``--width`` characters), for reading on screen only: corpus text never goes into the repository.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from armswatch.extract.learning.corpus import scorer


def _text(evidence: Any) -> str:
    return evidence.get("text", "") if isinstance(evidence, dict) else str(evidence or "")


def _same_sentence(gold: dict[str, Any], claim: dict[str, Any]) -> bool:
    g, c = _text(gold.get("evidence"))[:80], _text(claim.get("evidence"))
    return bool(g) and (g in c or c[:80] in _text(gold.get("evidence")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("errors", type=Path)
    parser.add_argument("--show", default=None, help="a type whose errors to print")
    parser.add_argument("--width", type=int, default=160)
    args = parser.parse_args()
    s = scorer()
    gold_n: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    tp_n: Counter[str] = Counter()
    bins: dict[str, Counter[str]] = defaultdict(Counter)
    shown: list[str] = []
    for line in args.errors.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        bar = row["threshold"]
        golds = row["gold"]
        claims = row["claims"]
        kept = [c for c in claims if c["confidence"] >= bar]
        pairs, missed, extra = s.match(golds, kept, s.event_match)
        for g in golds:
            gold_n[g["type"]] += 1
        for c in kept:
            pred_n[c["type"]] += 1
        for g, _ in pairs:
            tp_n[g["type"]] += 1
        for g in missed:
            kind = g["type"]
            same = [c for c in claims if c["type"] == kind and _same_sentence(g, c)]
            right = [c for c in claims if s.event_match(g, c)]
            if any(_same_sentence(g, c) for c in right):
                why = "under the bar"
            elif right:
                why = "repeat"
            elif same:
                why = "wrong actors"
            else:
                why = "no candidate"
            bins[kind][why] += 1
            if args.show == kind:
                best = max((c["confidence"] for c in same), default=None)
                shown.append(f"MISSED {row['id']} [{why}] {g['actors']} best {best}: "
                             f"{_text(g.get('evidence'))[:args.width]}")
        for c in extra:
            if args.show == c["type"]:
                gold_there = [g["type"] for g in golds if _same_sentence(g, c)]
                shown.append(f"FALSE {row['id']} {c['actors']} {c['confidence']} gold there "
                             f"{gold_there}: {_text(c.get('evidence'))[:args.width]}")
    print("| type | gold | claims | right | P | R | F1 | missed: no candidate / wrong actors / "
          "under the bar / repeat |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in sorted(set(gold_n) | set(pred_n), key=lambda k: -gold_n[k]):
        f = s.prf(tp_n[kind], gold_n[kind], pred_n[kind])
        b = bins[kind]
        print(f"| {kind} | {gold_n[kind]} | {pred_n[kind]} | {tp_n[kind]} | {f['precision']:.2f} | "
              f"{f['recall']:.2f} | {f['f1']:.2f} | {b['no candidate']} / {b['wrong actors']} / "
              f"{b['under the bar']} / {b['repeat']} |")
    total = s.prf(sum(tp_n.values()), sum(gold_n.values()), sum(pred_n.values()))
    print(f"all: P {total['precision']:.3f} R {total['recall']:.3f} F1 {total['f1']:.3f}")
    for line in shown:
        print(line)


if __name__ == "__main__":
    main()
