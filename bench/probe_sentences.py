"""Own probe sentences, each extracted alone and scored as the hidden probes are (issue 15).

    .venv/bin/python bench/probe_sentences.py [--kind transfers|events] [--set a|b|a,b] [--errors]

bench/probes/set_a.json and set_b.json hold the project's own sentences (never corpus text), written
at the same time and in the same style, each with the transfers it asserts in the corpus gold schema
(../shared/corpus/README.md, R1-R7), and sentences that assert none (talk, a rejection, an
exhibition, history, negation). events_a.json and events_b.json do the same for cooperation events
(R10: visits, meetings, agreements, training, exercises, statements of support, awards, with
actors named as states, nationality adjectives, capitals and officials' titles), and sentences
that tell none (a planned, cancelled or denied event, an arms contract, a fair stand, a one-state
ceremony); ``--kind events`` scores them. Set A is for diagnosis; set B is held out: it is read
once, for the state that is kept, and is the honest figure. Each sentence is a document of its own (published
2024-05-01), extracted by the shipped extractor at its default bar and at 0.05, and scored with
the corpus scorer's own matching (../shared/tools/score_extraction.py: for transfers strict and
pair, for events its event match, the type and the set of actors; P / R / F1 pooled over the
sentences). ``--errors`` lists, per sentence, the labels missed (strict) and the
claims kept that match no label, with their confidence.
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


def extracted(text: str, published: str, bar: float | None, kind: str) -> list[dict[str, Any]]:
    found = getattr(extract_document(Document(id="probe", text=text, published=published), bar),
                    kind)
    return [t.to_dict() for t in found]


def matchings(kind: str, score_module: Any) -> dict[str, Any]:
    """The scorer's matchings of the kind, the first of them the one --errors lists."""
    if kind == "events":
        return {"event": score_module.event_match}
    return {"strict": score_module.transfer_strict, "pair": score_module.transfer_pair}


def score(probes: dict[str, Any], bar: float | None, score_module: Any,
          errors: bool, kind: str = "transfers") -> dict[str, dict[str, float]]:
    same = matchings(kind, score_module)
    counts = {name: [0, 0, 0] for name in same}
    first = next(iter(same))
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
                    print(f"      missed: {_short(g)}")
                for p in extra:
                    print(f"      false:  {_short(p)} @ {p.get('confidence', 0):.2f}")
    return {name: score_module.prf(*c) for name, c in counts.items()}


def _short(claim: dict[str, Any]) -> str:
    if "type" in claim:
        return f"{claim['type']} {sorted(claim.get('actors') or [])} d={claim.get('date')}"
    weapon = claim.get("weapon") or f"[{claim.get('weapon_generic')}, {claim.get('category')}]"
    return (f"{claim.get('supplier')} -> {claim.get('recipient')} {weapon} {claim.get('status')}"
            f" q={claim.get('quantity')} y={claim.get('year')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="transfers", choices=("transfers", "events"))
    parser.add_argument("--set", default="a", help="a, b or a,b (b is the held-out set)")
    parser.add_argument("--errors", action="store_true", help="list misses and false claims")
    args = parser.parse_args()
    module = scorer()
    for name in args.set.lower().split(","):
        stem = "set" if args.kind == "transfers" else args.kind
        probes = json.loads((PROBES / f"{stem}_{name}.json").read_text(encoding="utf-8"))
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
