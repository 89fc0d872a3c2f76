"""Which named system a class mention stands for: "the jets", "a dozen combat drones" (rule R5).

An article names a system once ("FA-50", "Bayraktar TB2") and then says "the jets", "these
drones"; the corpus labels the transfer with the named system, and the sentence with the class
is often the only one that names both parties. For every generic class mention (an anaphor) the
candidate antecedents are the named systems of the document whose category is the class's (or
unknown: "Other"), before or after it (a lead sentence often names the class first). A logistic
regression, trained from the gold labels, decides each (anaphor, system) pair: positive when a gold
transfer of that system has the anaphor's sentence as its evidence. Its probability is a feature
of the transfer candidates that the resolved mention adds (learning/transfer_features.py), so the
pair and status models weigh them apart from the direct ones; three rule-based uses of the
anaphors were dropped before (docs/extraction.md, rounds 2-5).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from armswatch.extract.gazetteer import weapon_key
from armswatch.extract.sentence import Sentence
from armswatch.extract.weapons import WeaponMention

# the word before a class (up to two words between: "the first two of a dozen fighter jets")
_FORM = re.compile(r"\b(the|these|those|this|that|its|their|his|her|such|both|all|each|more|"
                   r"another|other|dozen|several|some|first|last|remaining|same|(?:\d[\d,.]*)|one|"
                   r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                   r"thirty|forty|fifty|hundred|a|an)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_NUMBER = re.compile(r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozen|several|some)$")
_DEMONSTRATIVE = {"these", "those", "this", "that", "same", "such"}
_POSSESSIVE = {"its", "their", "his", "her"}
MAX_SYSTEMS = 8  # antecedents read per anaphor, the nearest first (a few documents list dozens)


@dataclass(slots=True)
class Antecedent:
    """One (anaphor, named system) pair of a document."""

    at: int  # the anaphor's sentence
    anaphor: WeaponMention
    system: WeaponMention  # the named system's most specific mention in the document
    features: list[str]


def _form(sentence: Sentence, mention: WeaponMention) -> str:
    found = _FORM.search(sentence.text[max(0, mention.start - 40):mention.start])
    if not found:
        return "bare"
    word = found.group(1).lower()
    if _NUMBER.match(word):
        return "number"
    if word in _DEMONSTRATIVE:
        return "demonstrative"
    if word in _POSSESSIVE:
        return "possessive"
    return word if word in {"the", "a", "an", "more", "another", "other", "both", "all", "each",
                            "first", "last", "remaining"} else "other"


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4+"


def _distance(at: int, where: list[int]) -> str:
    """The signed distance in sentences from the anaphor to the system's nearest mention."""
    nearest = min(where, key=lambda i: (abs(i - at), i > at))
    d = nearest - at
    if d == 0:
        return "same"
    side = "before" if d < 0 else "after"
    return f"{side}:{_bucket(abs(d))}" + (":title" if nearest == 0 else "")


def pairs(sentences: list[Sentence]) -> list[Antecedent]:
    """Every (class mention, named system of its category) pair of a document, with features."""
    systems: dict[str, list[tuple[int, WeaponMention]]] = {}
    for index, sentence in enumerate(sentences):
        for weapon in sentence.weapons:
            if not weapon.generic and not weapon.reference_only:
                systems.setdefault(weapon_key(weapon.designation or weapon.text), []).append(
                    (index, weapon))
    if not systems:
        return []
    out = []
    for index, sentence in enumerate(sentences):
        for mention in sentence.weapons:
            if mention.generic and not mention.reference_only:
                out += _antecedents(sentences, index, mention, systems)
    return out


def _antecedents(sentences: list[Sentence], at: int, mention: WeaponMention,
                 systems: dict[str, list[tuple[int, WeaponMention]]]) -> list[Antecedent]:
    fitting = {key: found for key, found in systems.items()
               if any(w.category in (mention.category, "Other") for _, w in found)}
    if not fitting:
        return []
    form = _form(sentences[at], mention)
    plural = "plural" if mention.text.lower().endswith("s") else "singular"
    named_here = any(not w.generic and w.category == mention.category for w in sentences[at].weapons)
    counts = Counter({key: len(found) for key, found in fitting.items()})
    most = counts.most_common(1)[0][0]
    nearest = sorted(fitting, key=lambda k: min((abs(i - at), i > at) for i, _ in fitting[k]))
    before = [k for k in nearest if any(i <= at for i, _ in fitting[k])]
    here = {p.party for p in sentences[at].parties}
    parties = "0" if not here else "1" if len(here) == 1 else "2+"
    common = [f"form:{form}", f"number:{plural}", f"named_here:{named_here}",
              f"systems:{_bucket(len(fitting))}", f"form:{form}|systems:{_bucket(len(fitting))}",
              f"parties_here:{parties}", f"head:{mention.text.lower().split()[-1]}"]
    common += list({f"cue:{cue.status}" for cue in sentences[at].cues} or {"cue:none"})
    out = []
    for rank, key in enumerate(nearest[:MAX_SYSTEMS]):
        found = fitting[key]
        where = [i for i, _ in found]
        system = max((w for _, w in found), key=lambda w: (w.designation is not None, len(w.text)))
        distance = _distance(at, where)
        same_category = system.category == mention.category
        features = common + [
            f"distance:{distance}", f"form:{form}|distance:{distance.split(':')[0]}",
            f"category:{'same' if same_category else 'other'}", f"mentions:{_bucket(len(found))}",
            f"most_mentioned:{key == most}", f"nearest:{min(rank, 2)}",
            f"nearest_before:{bool(before) and before[0] == key}",
            f"register:{system.designation is not None}",
            f"in_title:{0 in where}", "bias",
            # a party of the anaphor's sentence named with the system too: the same deal
            f"shared_party:{bool(here & {p.party for i in where for p in sentences[i].parties})}"]
        out.append(Antecedent(at, mention, system, features))
    return out


def labels(found: list[Antecedent], sentences: list[Sentence], text: str,
           golds: list[dict[str, Any]]) -> list[int]:
    """1 where a gold transfer names the system and has the anaphor's sentence as evidence."""
    from armswatch.extract.learning.corpus import scorer
    same = scorer().weapons_match
    evidence: dict[int, list[str]] = {}
    for gold in golds:
        if not gold.get("weapon"):
            continue
        at = text.find(gold.get("evidence") or "\0")
        if at < 0:
            continue
        end = at + len(gold["evidence"])
        for index, sentence in enumerate(sentences):
            if sentence.start < end and sentence.start + len(sentence.text) > at:
                evidence.setdefault(index, []).append(gold["weapon"])
    return [int(any(same(w, pair.system.text) for w in evidence.get(pair.at, ())))
            for pair in found]


def fit(docs: list[Any], analysed: dict[str, tuple[list[Sentence], Any]], c: float,
        seed: int) -> dict[str, Any]:
    """The antecedent model, from the documents' gold transfers (scikit-learn, when training)."""
    from armswatch.extract.learning.transfers import _fit_logistic
    rows: list[list[str]] = []
    ys: list[int] = []
    for item in docs:
        sentences = analysed[item.document.id][0]
        found = pairs(sentences)
        rows += [pair.features for pair in found]
        ys += labels(found, sentences, item.document.text, item.gold.get("transfers") or [])
    return _fit_logistic(rows, ys, c, seed)


def resolved(model: dict[str, Any], sentences: list[Sentence],
             gate: float) -> list[tuple[int, WeaponMention, float]]:
    """The anaphors read as named systems: (sentence, the system's mention placed at the
    anaphor, P) for every pair the model gives at least ``gate``."""
    from armswatch.extract.learning.transfers import probability
    out = []
    for pair in pairs(sentences):
        p = probability(model, pair.features)
        if p >= gate:
            system = pair.system
            out.append((pair.at, replace(system, start=pair.anaphor.start, end=pair.anaphor.end), p))
    return out


__all__ = ["Antecedent", "pairs", "labels", "resolved"]
