"""Cross-validated score of the learned events model (issue 15), the development loop: the code
``make train`` runs (``train.evaluate``: 5 folds by document, calibration, the threshold for F1),
and the hand-written rules on the same folds.

    .venv/bin/python bench/cv_events.py [--salt b] [--dump oof.jsonl] [--errors errors.jsonl]
                                        [--param name=value ...]

``--salt`` folds by crc32 of ``SALT:id`` (another split: a change is kept when it helps on the
default split and on a salted one); ``--param`` overrides ``learning.events.PARAMS`` (JSON
values) for a trial; ``--dump`` writes the kept held-out claims for
``../shared/tools/score_extraction.py GOLD oof.jsonl --show-errors``; ``--errors`` writes, per
document, its gold events and every held-out claim down to the floor with its calibrated
confidence, the threshold and whether the scorer matched it (the cross-validated errors to read:
what is missed, what is under the bar, what is wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cv_statistics import run  # noqa: E402

from armswatch.extract.learning import corpus, events, train  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salt", default="", help="another fold split: crc32 of SALT:id")
    parser.add_argument("--dump", type=Path, default=None, help="write the kept held-out claims")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write every held-out claim at the floor beside the gold, per document")
    parser.add_argument("--param", action="append", default=[], help="name=value (JSON value)")
    args = parser.parse_args()
    events.PARAMS.update({name: json.loads(value)
                          for name, value in (p.split("=", 1) for p in args.param)})
    held: dict[str, list[Any]] = {}
    plain = train.held_out_claims

    def recording(docs: list[Any], kind: str) -> dict[str, list[Any]]:
        held.update(plain(docs, kind))
        return held

    train.held_out_claims = recording  # type: ignore[assignment]
    report = run("events", args.salt, args.dump)
    if args.errors is not None:
        write_errors(args.errors, corpus.load_corpus(), held, report)
    rules = events.rules_by_fold(corpus.load_corpus())
    print(f"rules (extract/events.py rule_events, not trained) F1 {rules['f1_mean']:.3f} ± "
          f"{rules['f1_sd']:.3f}; pooled P {rules['pooled']['precision']:.3f} "
          f"R {rules['pooled']['recall']:.3f} F1 {rules['pooled']['f1']:.3f}")


def write_errors(path: Path, docs: list[Any], held: dict[str, list[Any]],
                 report: dict[str, Any]) -> None:
    """Per document: the gold events and every held-out claim, most confident first, with its
    calibrated confidence and whether the scorer matched it to a gold event."""
    with path.open("w", encoding="utf-8") as out:
        for item in docs:
            claims = held.get(item.document.id, [])
            right = train._correct("events", item.gold, claims)
            rows = sorted(({**c.to_dict(), "confidence": round(train._apply(
                report["calibration"], c.confidence), 3), "right": r}
                for c, r in zip(claims, right)), key=lambda row: -row["confidence"])
            out.write(json.dumps({"id": item.document.id, "threshold": report["threshold"],
                                  "gold": item.gold.get("events") or [], "claims": rows}) + "\n")


if __name__ == "__main__":
    main()
