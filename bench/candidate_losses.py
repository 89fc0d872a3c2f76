"""Gold transfers the candidate step leaves without a candidate, and why.

    .venv/bin/python bench/candidate_losses.py [--corpus ../shared/corpus] [--show]

The learned transfer model can only claim a (weapon, supplier, recipient) the candidate step
(learning/transfer_features.candidates) made, so a gold transfer with no candidate that matches it
on the corpus scorer's pair measure (supplier, recipient, weapon) is lost before any model. For
each such transfer of ../shared/corpus/{train,dev} this says where it is lost, first reason that
holds:

- weapon not detected in the evidence sentence (the weapon step; R5 anaphors are most of these);
- weapon detected, no party of the pair read in the evidence sentence, split by where the pair's
  parties are read instead (the title, the sentence before or after, elsewhere, nowhere); for
  these the evidence sentence's capitalised words the party step read as nothing are counted, so
  a maker, a city or an adjective the gazetteer lacks shows up;
- weapon detected, one party read there, the other not among the parties the generator pairs it
  with (the sentences around, the title, the main parties; at most 16);
- all there, lost elsewhere (a supplier/recipient the scorer spells otherwise; should be rare).

The corpus stays outside the repository; nothing is written.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.extract.learning import corpus, train
from armswatch.extract.learning.transfer_features import candidates
from armswatch.extract.learning.transfers import _as_gold
from armswatch.extract.transfers import find_transfers

sys.path.insert(0, str(Path(__file__).parent))
from weapon_mentions import _evidence_sentences, _matches  # noqa: E402

_CAPS = re.compile(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*")


def _unread(sentence: Any) -> list[str]:
    """Capitalised runs of the sentence that no party or weapon mention covers."""
    covered = [(p.start, p.end) for p in sentence.parties] + [(w.start, w.end) for w in sentence.weapons]
    out = []
    for m in _CAPS.finditer(sentence.text):
        if m.start() == 0 and " " not in m.group():
            continue  # a sentence's first word
        if not any(a < m.end() and m.start() < b for a, b in covered):
            out.append(m.group())
    return out


def loss_reason(sentences: list[Any], text: str, gold: dict[str, Any]) -> tuple[str, list[str]]:
    """Where a gold transfer without a candidate is lost (the first reason that holds), and the
    capitalised words of its evidence sentence no party or weapon covers (for the party losses)."""
    s = corpus.scorer()
    unread: list[str] = []
    here = _evidence_sentences(sentences, text, gold["evidence"])
    sup, rec = s.country(gold["supplier"]), s.country(gold["recipient"])

    def read(sents: list[Any]) -> set[str]:
        return {s.country(p.party) for x in sents for p in x.parties}

    if not any(_matches(w, gold) for x in here for w in x.weapons):
        reason = "weapon not detected in the evidence sentence"
    else:
        there = read(here)
        idx = [x.index for x in here]
        around = [sentences[i] for j in idx for i in (j - 1, j + 1) if 0 <= i < len(sentences)]
        if not there & {sup, rec}:
            where = []
            for name, sents in (("title", sentences[:1]), ("sentence around", around),
                                ("elsewhere", sentences)):
                got = read(sents) & {sup, rec}
                if got:
                    where.append(f"{name} {'both' if len(got) == 2 else 'one'}")
                    break
            reason = "weapon, no party of the pair in its sentence: " + (where[0] if where else "nowhere")
            for x in here:
                unread.extend(_unread(x))
        elif not {sup, rec} <= there:
            missing = ({sup, rec} - there).pop()
            if missing in read(sentences[:1]):
                reason = "weapon, one party; the other in the title (over the 16?)"
            elif missing in read(around):
                reason = "weapon, one party; the other in a sentence around (?)"
            elif missing in read(sentences):
                reason = "weapon, one party; the other elsewhere in the document"
            else:
                reason = "weapon, one party; the other read nowhere"
                for x in here:
                    unread.extend(_unread(x))
        else:
            reason = "weapon and both parties in the sentence, still no candidate"
    return reason, unread


def measure(docs: list[Any], show: bool) -> None:
    s = corpus.scorer()
    reasons: Counter[str] = Counter()
    lines: dict[str, list[str]] = {}
    unread: Counter[str] = Counter()
    golds = lost = made = 0
    for item in docs:
        sentences, anchor = train._sentences(item)
        rules = find_transfers(sentences, anchor)
        found = [_as_gold(c) for c in candidates(sentences, rules)]
        made += len(found)
        for gold in item.gold.get("transfers") or []:
            golds += 1
            if any(s.transfer_pair(gold, c) for c in found):
                continue
            lost += 1
            reason, unread_words = loss_reason(sentences, item.document.text, gold)
            unread.update(unread_words)
            reasons[reason] += 1
            name = gold.get("weapon") or f"[{gold.get('weapon_generic')}/{gold.get('category')}]"
            lines.setdefault(reason, []).append(
                f"  {item.document.id} {gold['supplier']} -> {gold['recipient']} {name} << "
                f"{gold['evidence'][:200]}")
    print(f"gold transfers {golds}, without a candidate {lost}; candidates {made}")
    for reason, n in reasons.most_common():
        print(f"| {reason} | {n} |")
        if show:
            print("\n".join(lines[reason]))
    print("\ncapitalised words no party or weapon covers, in the evidence sentences of the "
          "party losses:")
    print(", ".join(f"{w} {n}" for w, n in unread.most_common(60)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=corpus.default_root())
    parser.add_argument("--show", action="store_true", help="list the transfers of each reason")
    args = parser.parse_args()
    measure(corpus.load_corpus(args.corpus), args.show)


if __name__ == "__main__":
    main()
