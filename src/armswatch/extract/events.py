"""Step 10: cooperation events — visits, meetings, agreements, training, exercises, statements of
support and awards (rule R10), one per type and sentence, with the parties named as actors.

Cues are kept narrow (corpus README, error source 5): "training" alone or "talks" about a war are
not events; a planned future event ("will visit") is not annotated. When a sentence names fewer
than two parties, the actors are completed from the sentences just before it (the minister named
there), then from the two parties the document is about.
"""

from __future__ import annotations

import re
from collections import Counter

from armswatch.extract.dates import Anchor, date_in
from armswatch.extract.model import Event, EventType
from armswatch.extract.sentence import Sentence

_CUES: tuple[tuple[EventType, str], ...] = (
    ("visit", r"\b(?:visit(?:ed|s|ing)?|on a visit|official visit|trip to|tour of|travell?ed to|"
              r"attend(?:ed|s|ing)|arrived in|was in|were in|called on)\b"),
    ("meeting", r"\b(?:met|meets|meeting (?:with|between)|held (?:\w+ ){0,2}talks|talks with|"
                r"(?:two|the) ministers' meetings?|called on|exchanged views|hosted)\b"),
    ("agreement", r"\bsign(?:ed|s|ing)? (?:a |an |the )?(?:\w+ ){0,4}(?:agreements?|accords?|"
                  r"memorand(?:um|a)|MoUs?|plans?|protocols?|roadmaps?|deals?)\b|"
                  r"\b(?:cooperation|co-operation) (?:agreement|accord|plan|pact)\b"),
    ("training", r"\b(?:trained|trainers|instructors|for trainings?|trainings|studying (?:at|in)|"
                 r"military education|training (?:of|for) (?:\w+ ){0,2}(?:officers|personnel|pilots|"
                 r"soldiers|troops|sailors))\b"),
    ("exercise", r"\b(?:joint (?:military |naval )?(?:exercises?|drills?)|war games|military exercises?|"
                 r"naval exercises?)\b"),
    ("statement_of_support", r"\b(?:vow(?:ed|s) to (?:further )?(?:enhance|deepen|strengthen|expand|"
                             r"support)|offered (?:its |his |their )?(?:\w+ )?(?:and \w+ )?support|"
                             r"expressed (?:its |his )?(?:support|solidarity)|pledged (?:its )?support|"
                             r"condemned (?:the )?(?:\w+ ){0,3}sanctions|warned (?:\w+ ){0,4}that "
                             r"(?:\w+ ){0,3}sanctions|(?:opposes|opposed|rejected) (?:the )?sanctions|"
                             r"(?:gratitude|thanks) for (?:\w+'s )?support)\b"),
    ("award", r"\b(?:received|awarded|presented with|conferred|decorated with|honou?red with) "
              r"(?:a |an |the )?(?:\w+ )?(?:medal|order|award|decoration|honou?r)\b"),
)
_COMPILED = tuple((t, re.compile(p)) for t, p in _CUES)
_FUTURE = re.compile(r"\b(?:will|to|plans? to|planning to|expected to|scheduled to|would)\s+(?:\w+\s+)?$")
_NOT_ACTORS = ("company",)


def find_events(sentences: list[Sentence], anchor: Anchor) -> list[Event]:
    focus = _focus(sentences)
    out: list[Event] = []
    for index, sentence in enumerate(sentences):
        for kind, pattern in _COMPILED:
            match = pattern.search(sentence.text)
            if match is None or _FUTURE.search(sentence.text[max(0, match.start() - 30):match.start()]):
                continue
            if kind == "agreement" and sentence.weapons and any(not w.generic for w in sentence.weapons):
                continue  # an arms contract is a transfer, not an agreement event (R10)
            actors = _actors(sentences, index, focus)
            if _refers_back(sentence.text, match.start()) and any(
                    e.type == kind and set(e.actors) == set(actors) for e in out):
                continue  # "the visit" again: the event already reported, not a new one
            if len(actors) >= 2:
                out.append(Event(kind, actors, date_in(sentence.text, anchor), sentence.evidence,
                                 0.7 if len(_named(sentence)) >= 2 else 0.5))
    return out


def _refers_back(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:the|this|that|its|during the)\s+(?:[\w-]+\s+){0,2}$",
                          text[max(0, start - 30):start]))


def _named(sentence: Sentence) -> list[str]:
    return list(dict.fromkeys(p.party for p in sentence.parties if p.form not in _NOT_ACTORS))


def _focus(sentences: list[Sentence]) -> list[str]:
    counts = Counter(p.party for s in sentences for p in s.parties if p.form not in _NOT_ACTORS)
    return [party for party, _ in counts.most_common(2)]


def _actors(sentences: list[Sentence], index: int, focus: list[str]) -> tuple[str, ...]:
    actors = _named(sentences[index])
    if len(actors) > 2:
        actors = [a for a in actors if a in focus] or actors[:2]
    for earlier in (index - 1, index - 2):
        if len(actors) < 2 and earlier >= 0:
            actors += [a for a in _named(sentences[earlier]) if a not in actors][:2 - len(actors)]
    if len(actors) == 1:
        actors += [a for a in focus if a not in actors][:1]
    return tuple(actors[:2]) if len(actors) >= 2 else ()
