"""Where the statistics model's held-out claims take a wrong party (issue 15): for one fold
assignment, the gold figures missed whose value and measure a kept claim of the same sentence has,
with the subject or object wrong, sorted by where the gold party is written (the figure's
sentence, one or two sentences before, the title, nowhere the party table reads).

    .venv/bin/python bench/stat_party_errors.py                    # default folds
    .venv/bin/python bench/stat_party_errors.py --salt b --cache /tmp/statcv --show 40

The fold models are those of ``bench/ablate_statistics.py`` (``--cache``: the same files). The
claims kept are those at the pooled threshold of ``train.evaluate``; the matching is the scorer's.
"""

from __future__ import annotations

import argparse
import json
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus, statistics, train


def fold_models(docs: list[Any], salt: str, cache: Path | None) -> list[dict[str, Any]]:
    path = cache / f"{salt or 'default'}.json" if cache else None
    if path is not None and path.exists():
        return json.loads(path.read_text())
    models = [statistics.fit([d for d in docs if corpus.fold_of(d.document.id, 5) != fold],
                             seed=train.SEED) for fold in range(5)]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(models))
    return models


def where(party: str | None, index: int, sentences: list[Any], title: str) -> str:
    """Where the gold party is named: in the figure's sentence, 1 / 2 / more sentences before,
    the title, or nowhere (by the party table's reading of each sentence)."""
    if party is None:
        return "none"
    key = corpus.scorer().country(party)

    def names(s: Any) -> set[str]:
        return {corpus.scorer().country(m.name) for m in statistics.mentions(s)}

    if key in names(sentences[index]):
        return "sentence"
    for back in (1, 2):
        if index - back >= 0 and key in names(sentences[index - back]):
            return f"prev{back}"
    if key in {corpus.scorer().country(n) for s in sentences[:index] for n in
               (m.name for m in statistics.mentions(s))}:
        return "earlier"
    return "title" if party.lower() in title.lower() else "nowhere"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salt", default="")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many party errors")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=".*compiled.*")
    plain = corpus.fold_of
    if args.salt:
        corpus.fold_of = lambda i, k=5: plain(f"{args.salt}:{i}", k)  # type: ignore[assignment]
    docs = corpus.load_corpus()
    models = fold_models(docs, args.salt, args.cache)
    analysed = {d.document.id: train._sentences(d) for d in docs}
    claims = {d.document.id: statistics.predict(models[corpus.fold_of(d.document.id, 5)],
                                                *analysed[d.document.id], d.document) for d in docs}
    train.held_out_claims = lambda items, kind, step=None: claims  # type: ignore[assignment]
    report = train.evaluate(docs, "statistics")
    print(f"pooled F1 {report['scores']['statistics']['f1']}, threshold {report['threshold']}")
    scorer = corpus.scorer()
    kinds: Counter[str] = Counter()
    shown = 0
    for d in docs:
        sentences = analysed[d.document.id][0]
        kept = [c.to_dict() for c in claims[d.document.id]
                if train._apply(report["calibration"], c.confidence) >= report["threshold"]]
        gold = d.gold.get("statistics") or []
        pairs, _, _ = scorer.match(gold, kept, scorer.statistic_match)
        hit = {id(g) for g, _ in pairs}
        for g in gold:
            if id(g) in hit:
                continue
            text = " ".join((g.get("evidence") or "").split())
            index = next((s.index for s in sentences if text[:60] and text[:60] in
                          " ".join(s.text.split())), None)
            near = [c for c in kept if c["measure"] == g["measure"]
                    and scorer._num(c["value"]) is not None and g.get("value") is not None
                    and abs(scorer._num(c["value"]) - float(g["value"])) <= max(0.5, abs(float(g["value"])) * 0.01)
                    and (c.get("evidence") or {}).get("text", "")[:40] in text]
            if not near or index is None:
                kinds["no claim of the value" if index is not None else "no sentence"] += 1
                continue
            c = near[0]
            wrong = [role for role in ("subject", "object")
                     if scorer.country(c[role]) != scorer.country(g[role])]
            if not wrong:
                kinds["period or base"] += 1
                continue
            places = [f"{role}:{where(g[role], index, sentences, d.document.title or '')}"
                      f"{'' if c[role] is None else '/read'}" for role in wrong]
            kinds["+".join(places)] += 1
            if shown < args.show:
                shown += 1
                before = sentences[index - 1].text if index else ""
                print(f"\n{d.document.id} {places} gold {g['subject']} / {g['object']} "
                      f"read {c['subject']} / {c['object']} ({g['measure']} {g['value']})\n"
                      f"  BEFORE: {before[:300]}\n  SENT: {text[:300]}")
    for name, n in kinds.most_common():
        print(f"{n:4d} {name}")


if __name__ == "__main__":
    main()
