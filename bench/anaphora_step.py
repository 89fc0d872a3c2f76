"""The antecedent step (extract/learning/anaphora.py) measured alone, cross-validated by document.

    .venv/bin/python bench/anaphora_step.py [--corpus ../shared/corpus] [--salt S]

Over ../shared/corpus/{train,dev}, the five folds of `make train`: each document's (class mention,
named system) pairs are scored by an antecedent model fitted on the other folds. Printed:

1. The pairs, the true ones (a gold transfer of the system has the class's sentence as evidence),
   and precision / recall of the pairs kept at several gates.
2. Candidate recall of the transfer step: of the gold transfers, how many have a candidate with
   their pair and weapon (the corpus scorer's pair match) without the resolved anaphors, and with
   them at each gate; and how many candidates that adds.

The corpus stays outside the repository; nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from armswatch.extract.learning import anaphora, corpus, transfers
from armswatch.extract.learning.transfer_features import candidates

GATES = (0.05, 0.1, 0.2, 0.3, 0.5)


def _as_gold(candidate: Any) -> dict[str, Any]:
    return transfers._as_gold(candidate)


def measure(docs: list[Any]) -> None:
    analysed = transfers.analyse_all(docs)
    scored: list[tuple[str, float, int]] = []  # (document, P, label)
    models: dict[str, dict[str, Any]] = {}
    for fold in range(5):
        train = [d for d in docs if corpus.fold_of(d.document.id, 5) != fold]
        model = anaphora.fit(train, analysed, c=0.3, seed=0)
        for item in docs:
            if corpus.fold_of(item.document.id, 5) != fold:
                continue
            models[item.document.id] = model
            sentences = analysed[item.document.id][0]
            found = anaphora.pairs(sentences)
            ys = anaphora.labels(found, sentences, item.document.text, item.gold.get("transfers") or [])
            scored += [(item.document.id, transfers.probability(model, p.features), y)
                       for p, y in zip(found, ys)]
    true = sum(y for _, _, y in scored)
    print(f"pairs {len(scored)}, true {true}")
    for gate in GATES:
        kept = [y for _, p, y in scored if p >= gate]
        print(f"  gate {gate:.2f}: kept {len(kept)}, precision {sum(kept) / max(1, len(kept)):.3f}, "
              f"recall {sum(kept) / max(1, true):.3f}")
    scorer = corpus.scorer()
    for gate in (None, *GATES):
        covered = gold = added = 0
        for item in docs:
            sentences, rules = analysed[item.document.id]
            resolved = None if gate is None else anaphora.resolved(models[item.document.id],
                                                                    sentences, gate)
            found = candidates(sentences, rules, resolved)
            added += sum("ana:new" in c.features for c in found)
            as_gold = [_as_gold(c) for c in found]
            for g in item.gold.get("transfers") or []:
                gold += 1
                covered += any(scorer.transfer_pair(g, c) for c in as_gold)
        print(f"candidate recall, {'no anaphors' if gate is None else f'gate {gate:.2f}'}: "
              f"{covered}/{gold} ({covered / gold:.3f}), anaphoric candidates added {added}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--salt", default="")
    args = parser.parse_args()
    if args.salt:
        plain = corpus.fold_of
        corpus.fold_of = lambda document_id, k=5: plain(f"{args.salt}:{document_id}", k)  # type: ignore
    measure(corpus.load_corpus(args.corpus))


if __name__ == "__main__":
    main()
