"""Screen (issue 15, seventh round): the pair decision alone, threshold-free and in ~30 s.

    .venv/bin/python bench/pair_screen.py [--salt S]

Every candidate of the pair model (its rows without the stacked role scores), one logistic
regression (C 0.1) per fold fitted on the other folds' documents and evidence sentences, scored
on the held-out documents and, apart, on their evidence sentences alone, by log loss and average
precision. Run it on a checkout with a changed feature set to screen the change before
bench/eval_extraction.py's four splits. A caution measured in the seventh round
(docs/extraction-rounds.md): without the stacked role scores the screen can rise where strict F1 falls
(the "rival" features: average precision 0.693 -> 0.700, strict F1 mean 0.478 -> 0.474).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--salt", default="")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import eval_extraction
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, log_loss

    from armswatch.extract.learning import corpus, transfers

    eval_extraction.salted(args.salt)
    docs = corpus.load_corpus()
    alone = transfers.sentences_alone(docs)
    analysed = transfers.analyse_all(docs + alone)
    s = corpus.scorer()
    rows = []
    for item in docs + alone:
        sentences, rules = analysed[item.document.id]
        golds = item.gold.get("transfers") or []
        fold = corpus.fold_of(item.document.id.split(transfers.ALONE)[0])
        for candidate in transfers._found(sentences, rules):
            label = int(any(s.transfer_pair(g, transfers._as_gold(candidate)) for g in golds))
            rows.append((fold, transfers.ALONE in item.document.id, candidate.features, label))
    truth, predicted, alone_truth, alone_predicted = [], [], [], []
    for f in range(5):
        train = [r for r in rows if r[0] != f]
        vectorizer = DictVectorizer().fit([dict.fromkeys(r[2], 1) for r in train])
        model = LogisticRegression(C=0.1, max_iter=3000, random_state=0)
        model.fit(vectorizer.transform([dict.fromkeys(r[2], 1) for r in train]), [r[3] for r in train])
        for is_alone, t, p in ((False, truth, predicted), (True, alone_truth, alone_predicted)):
            test = [r for r in rows if r[0] == f and r[1] == is_alone]
            p += list(model.predict_proba(vectorizer.transform([dict.fromkeys(r[2], 1) for r in test]))[:, 1])
            t += [r[3] for r in test]
    print(f"PAIR {args.salt or 'default'}: {len(truth)} held-out candidates, {sum(truth)} positive; "
          f"log loss {log_loss(truth, predicted):.4f}, AP {average_precision_score(truth, predicted):.4f}"
          f" | alone {len(alone_truth)} / {sum(alone_truth)}: log loss "
          f"{log_loss(alone_truth, alone_predicted):.4f}, AP "
          f"{average_precision_score(alone_truth, alone_predicted):.4f}", flush=True)


if __name__ == "__main__":
    main()
