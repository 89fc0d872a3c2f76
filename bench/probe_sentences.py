"""Own probe sentences, each extracted alone and scored as the hidden probes are (issue 15).

    .venv/bin/python bench/probe_sentences.py [--set a|b|c|d|a,b,c,d] [--errors]
    .venv/bin/python bench/probe_sentences.py --kind statistics|events [--set a|b|a,b] [--errors]

bench/probes/set_a.json, set_b.json and set_c.json hold the project's own sentences (never corpus text), written
at the same time and in the same style, each with the transfers it asserts in the corpus gold schema
(../shared/corpus/README.md, R1-R7), and sentences that assert none (talk, a rejection, an
exhibition, history, negation). Set A is for diagnosis; set B is held out: it is read once, for the
state that is kept, and is the honest figure. Set C (eleventh round, 42 sentences) was written
before that round's fixes and held out the same way: negation scoped to the weapon's clause,
passives with the buyer as agent, orders held by the supplier, a choice between two systems,
Libyan recipients, plain positives. Set D (twelfth round, 53 sentences, 46 transfers) was
written before that round's sentence-alone experiments and is held out the same way: makers'
states, nationality adjectives, passives, lists of recipients, generic classes, second-hand and
licensed transfers, and twelve sentences that assert none. Each sentence is a document of its own (published
2024-05-01), extracted by the shipped extractor at its default bar and at 0.05, and scored with
the corpus scorer's own matching (../shared/tools/score_extraction.py: strict and pair, P / R /
F1 pooled over the sentences). ``--errors`` lists, per sentence, the labels missed (strict) and the
claims kept that match no label, with their confidence.

``--kind statistics`` reads bench/probes/stats_a.json and stats_b.json instead (round 11): own
sentences quoting arms-trade statistics (shares, ranks, changes, a US$ value; R8-R9), ten of each
set with none (military spending, GDP shares, polls, company revenue, aid and contract values,
losses), scored with the corpus scorer's statistic matching (measure, subject, object, value,
period where the label gives one) and again requiring the same base (``base``). Set C
(``--set c``, stats_c.json, round twelve, 41 sentences) was written and read before that round's
statistics fixes and is held out the same way.

``--kind events`` reads bench/probes/events_a.json and events_b.json (round 11): own sentences of
cooperation events (R10: visits, meetings, agreements, training, exercises, statements of support,
awards, with actors named as states, nationality adjectives, capitals and officials' titles), and
sentences that tell none (a planned, cancelled or denied event, an arms contract, a fair stand, a
one-state ceremony), scored with the scorer's event match (the type and the set of actors).
events_c.json (round 12, 40 sentences, held out like B) was written before that round's fixes and
in other shapes than A's and B's: a host receiving a visitor, trips told by other verbs, video
links and calls, talks, accords inked or concluded in the passive, support pledged, assured or
expressed, and events negated, postponed, planned, denied or only history.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from typing import Any

from armswatch.extract.learning.corpus import default_root
from armswatch.extract.model import Document
from armswatch.extract.pipeline import extract_document

PROBES = Path(__file__).resolve().parent / "probes"
BARS = (None, 0.05)  # the default bar (the model's own), and the lowest a user can ask for


def scorer() -> Any:
    path = default_root().parent / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extracted(text: str, published: str, bar: float | None,
              kind: str = "transfers") -> list[dict[str, Any]]:
    result = extract_document(Document(id="probe", text=text, published=published), bar)
    return [t.to_dict() for t in getattr(result, kind)]


def score(probes: dict[str, Any], bar: float | None, score_module: Any,
          errors: bool, kind: str = "transfers") -> dict[str, dict[str, float]]:
    if kind == "statistics":
        same = {"strict": score_module.statistic_match, "base": score_module.statistic_base_match}
        short = _short_statistic
    elif kind == "events":
        same = {"event": score_module.event_match}
        short = _short_event
    else:
        same = {"strict": score_module.transfer_strict, "pair": score_module.transfer_pair}
        short = _short
    counts = {name: [0, 0, 0] for name in same}
    first = next(iter(same))  # the matching --errors lists
    for sentence in probes["sentences"]:
        gold = sentence[kind]
        found = extracted(sentence["text"], probes["published"], bar, kind)
        for name, fn in same.items():
            pairs, missed, extra = score_module.match(gold, found, fn)
            counts[name][0] += len(pairs)
            counts[name][1] += len(gold)
            counts[name][2] += len(found)
            if errors and name == first and (missed or extra):
                print(f"  {sentence['id']} {sentence['text']}")
                for g in missed:
                    print(f"      missed: {short(g)}")
                for p in extra:
                    print(f"      false:  {short(p)} @ {p.get('confidence', 0):.2f}")
    return {name: score_module.prf(*c) for name, c in counts.items()}


def _short(claim: dict[str, Any]) -> str:
    weapon = claim.get("weapon") or f"[{claim.get('weapon_generic')}, {claim.get('category')}]"
    return (f"{claim.get('supplier')} -> {claim.get('recipient')} {weapon} {claim.get('status')}"
            f" q={claim.get('quantity')} y={claim.get('year')}")


def _short_statistic(claim: dict[str, Any]) -> str:
    return (f"{claim.get('measure')} {claim.get('value')}{claim.get('unit')} "
            f"subject={claim.get('subject')} object={claim.get('object')} "
            f"period={claim.get('period')} base={claim.get('base')}")


def _short_event(claim: dict[str, Any]) -> str:
    return f"{claim.get('type')} {sorted(claim.get('actors') or [])} y={claim.get('year')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="a", help="a, b, c, d or a list: a,b,c,d (b, c and d are held out)")
    parser.add_argument("--errors", action="store_true", help="list misses and false claims")
    parser.add_argument("--kind", default="transfers", choices=("transfers", "statistics", "events"),
                        help="transfers (set_a/b/c/d.json), statistics (stats_a/b/c.json) or events "
                             "(events_a/b/c.json)")
    args = parser.parse_args()
    module = scorer()
    prefix = {"transfers": "set", "statistics": "stats", "events": "events"}[args.kind]
    for name in args.set.lower().split(","):
        probes = json.loads((PROBES / f"{prefix}_{name}.json").read_text(encoding="utf-8"))
        n_gold = sum(len(s[args.kind]) for s in probes["sentences"])
        print(f"Set {name.upper()}: {len(probes['sentences'])} sentences, {n_gold} {args.kind}")
        for bar in BARS:
            label = "default bar" if bar is None else f"bar {bar}"
            if args.errors:
                print(f" {label}, errors:")
            report = score(probes, bar, module, args.errors, args.kind)
            for kind, v in report.items():
                print(f" {label:12} {kind:7} P={v['precision']:.3f} R={v['recall']:.3f} "
                      f"F1={v['f1']:.3f} (tp {v['tp']}, gold {v['gold']}, predicted {v['predicted']})",
                      flush=True)


if __name__ == "__main__":
    main()
