"""Step 10: cooperation events — visits, meetings, agreements, training, exercises, statements of
support and awards (rule R10).

``find_events`` is the learned model (``armswatch.extract.learning.events``, issue 15), shipped as
``data/models/events.json`` and applied with the standard library; the hand-written rules below
(``rule_events``) are no longer the final word but its candidates and features.

The rules: one event per type and sentence, with the parties named as actors.

Cues are kept narrow (corpus README, error source 5): "training" alone or "talks" about a war are
not events; a planned future event ("will visit") is not annotated. When a sentence names fewer
than two parties, the actors are completed from the sentences just before it (the minister named
there), then from the two parties the document is about.
"""

from __future__ import annotations

import re
from collections import Counter

from armswatch.extract.dates import Anchor, date_in
from armswatch.extract.model import Document, Event, EventType
from armswatch.extract.sentence import Sentence
from armswatch.extract.triggers import Triggers, positions as trigger_positions
from armswatch.extract.weapons import WeaponMention, named_of_any

# A host receiving a visitor ("Hanoi received the Indian defence minister", "welcomed his Ugandan
# counterpart", "was received in Ankara by", "played host to"): a visit of the guest and a meeting
# (R10). Only with a visitor named after the verb: "received" alone also tells deliveries,
# approvals and support (as a visit cue word: events mean 0.7155 -> 0.712, eleventh round).
_VISITORS = (r"(?:minister|president|premier|chief|commander|delegation|counterpart|envoy|king|"
             r"prince|general|admiral|secretary|leader|officials|officers)s?")
_RECEIVES_VISITOR = (r"(?:received|receives|welcomed|welcomes|hosted|hosts) (?:the |a |an |his |her "
                     r"|their |its )?(?:(?:visiting|[A-Z][\w'.-]*) (?:[\w'-]+ ){0,3}?" + _VISITORS
                     + r"|counterparts?)|(?<=was )received (?:in [A-Z][\w-]+ )?by "
                     r"(?:the |his |her )?[A-Z][\w-]*|play(?:ed|s) host to")
RECEIVES_VISITOR = re.compile(r"\b(?:" + _RECEIVES_VISITOR + r")\b")
_CUES: tuple[tuple[EventType, str], ...] = (
    ("visit", r"\b(?:visit(?:ed|s|ing)?|on a visit|official visit|trip to|tour of|travell?ed to|"
              r"attend(?:ed|s|ing)|arrived in|was in|were in|called on|" + _RECEIVES_VISITOR + r")\b"),
    # a call or a video conference is a meeting (R10 names no medium; twelfth round, own probe
    # sentences: the corpus names no video call)
    ("meeting", r"\b(?:met|meets|meeting (?:with|between)|held (?:\w+ ){0,3}(?:talks|dialogue|"
                r"consultations)|talks with|"
                r"(?:two|the) ministers' meetings?|called on|exchanged views|hosted|"
                r"(?:video|phone|telephone)[ -](?:calls?|conversations?|conferences?|link)|"
                r"videoconferences?|virtual (?:meetings?|talks)|met virtually|" + _RECEIVES_VISITOR
                + r")\b"),
    # "inked", "concluded" an accord as "signed" it; "agreed to jointly develop" a co-development
    # deal (R10; eleventh round, own probe sentences: one such sentence in the 196 documents)
    ("agreement", r"\b(?:sign|ink)(?:ed|s|ing)? (?:a |an |the )?(?:\w+ ){0,4}(?:agreements?|accords?|"
                  r"memorand(?:um|a)|MoUs?|plans?|protocols?|roadmaps?|deals?)\b|"
                  r"\b(?:concluded|reached) (?:a |an |the )?(?:[\w-]+ ){0,4}(?:agreements?|"
                  r"accords?|memorand(?:um|a)|MoUs?|pacts?|protocols?)\b|"
                  r"\bagreed to (?:jointly |together )?(?:develop|produce|build|manufacture|"
                  r"co-develop|co-produce|cooperate)\b|"
                  r"\b(?:cooperation|co-operation) (?:agreement|accord|plan|pact)\b"),
    ("training", r"\b(?:trained|trainers|instructors|for trainings?|trainings|studying (?:at|in)|"
                 r"military education|training (?:of|for) (?:\w+ ){0,2}(?:officers|personnel|pilots|"
                 r"soldiers|troops|sailors))\b"),
    # An exercise named by a joint or recurring kind ("joint counter-terrorism drill", "the annual
    # Khaan Quest drills") or held, joined or ended ("wrapped up their Air Thamal exercise"), not
    # only "joint (military|naval) exercise" (eleventh round: the rule's event is the model's
    # strongest shared feature; own probe sentences, docs/extraction.md)
    ("exercise", r"\b(?:(?:joint|combined|bilateral|trilateral|multinational|multilateral|annual|"
                 r"biennial) (?:[\w-]+ ){0,3}(?:exercises?|drills?|manoeuvres|maneuvers|war games)|"
                 r"(?:held|conducted|staged|concluded|completed|wrapped up|took part in|"
                 r"participated in|joined) (?:[\w'-]+ ){0,5}(?:exercises?|drills?|manoeuvres|"
                 r"maneuvers|war games)|war games|military exercises?|naval exercises?)\b"),
    # twelfth round: support expressed or pledged with its holder's name ("expressed his
    # country's firm support", "pledged her government's full backing"), a state assured of
    # another's support, standing behind a state, ties to be deepened as well as supported
    ("statement_of_support", r"\b(?:(?:vow(?:ed|s)|continues?) to (?:further )?(?:enhance|deepen|"
                             r"strengthen|expand|support|back|stand (?:with|by))|"
                             r"offered (?:its |his |their )?(?:\w+ )?(?:and \w+ )?support|"
                             r"condemned (?:the )?(?:\w+ ){0,3}sanctions|warned (?:\w+ ){0,4}that "
                             r"(?:\w+ ){0,3}sanctions|(?:opposes|opposed|rejected) (?:the )?sanctions|"
                             r"(?:gratitude|thanks) for (?:\w+'s )?support|"
                             r"(?:reaffirmed|reiterated|voiced|declared|affirmed|expressed|pledged|"
                             r"assured (?:[\w-]+ ){1,4}of) (?:(?:its|his|her|their|\w+'s) ){0,2}"
                             r"(?:full |firm |strong |continued |unwavering |steadfast )?"
                             r"(?:support|solidarity|commitment|backing)|"
                             # eleventh round: thanks for a state's backing
                             r"thank(?:ed|s)? (?:[\w-]+ ){1,4}for (?:its |his |her |their |the )?"
                             r"(?:\w+ )?(?:support|backing|solidarity|stance|position)|"
                             r"(?:stands?|stood) (?:firmly |fully )?(?:with|by|behind)"
                             r"(?= (?:the )?[A-Z]))\b"),
    ("award", r"\b(?:received|awarded|presented with|conferred|decorated with|honou?red with) "
              r"(?:a |an |the )?(?:\w+ )?(?:[Mm]edal|[Oo]rder|[Aa]ward|[Dd]ecoration|[Hh]onou?r)\b"),
)
_COMPILED = tuple((t, re.compile(p)) for t, p in _CUES)
_TRIGGERS = Triggers([pattern for _, pattern in _COMPILED])
# "will visit", "plans to hold talks": a verb (lower case) at most between; "gone to Russia for
# training" is no plan.
_FUTURE = re.compile(r"\b(?:will|to|plans? to|planning to|expected to|scheduled to|would)\s+"
                     r"(?:[a-z][\w-]*\s+)?$")
# A window _FUTURE matches ends with a space, one of its last two words ending with one of these
# (the tenth speed round: tested before the search, which opens with \b and tries each of the 30
# characters; ~60 k instructions a dev document under callgrind here, as much again in the events
# model's _planned)
_FUTURE_ENDS = ("will", "to", "would")
_NOT_ACTORS = ("company",)
_ARRIVALS = frozenset(("arrived in", "was in", "were in"))


def planned(before: str) -> bool:
    """``_FUTURE.search(before)``: a plan ("will visit", "plans to hold talks") just before a cue."""
    return ends_in(before, _FUTURE_ENDS, 2) and _FUTURE.search(before) is not None


def ends_in(window: str, words: tuple[str, ...], last: int) -> bool:
    """Whether ``window`` ends with a space and one of its ``last`` words (split at spaces) ends
    with one of ``words``: what a pattern needs that reads ``\\b`` and one of ``words``, then at
    most ``last - 1`` words, each followed by spaces, up to its end (``$``)."""
    if not window[-1:].isspace():
        return False
    for word in window.split()[-last:]:
        if word.endswith(words):
            return True
    return False


def find_events(sentences: list[Sentence], anchor: Anchor, document: Document | None = None, *,
                min_confidence: float | None = None) -> list[Event]:
    """The learned model's events (``armswatch.extract.learning.events``) whose calibrated
    confidence reaches ``min_confidence`` (default: the model's threshold, chosen for F1); the
    rules below are its candidates and features. The model is loaded by ``learning.runtime``, as
    every kind's: a missing or corrupt file is ``ExtractorModelMissing``, which names
    ``make train``."""
    from armswatch.extract.learning import runtime
    from armswatch.extract.learning.events import predict
    found = predict(runtime.load("events"), sentences, anchor, document)
    return runtime.kept("events", found, min_confidence)


# Loops, not ``any`` over generators, in the two tests below: Cython makes a generator and its
# scope for each call, which cost more than the tests (speed, the eleventh round)
def _weapon_before(weapons: list[WeaponMention], at: int) -> bool:
    """Whether one of ``weapons`` ends at or before ``at``."""
    for w in weapons:
        if w.end <= at:
            return True
    return False


def _told(out: list[Event], kind: str, actors: set[str] | None = None) -> bool:
    """Whether ``out`` holds an event of ``kind`` (with these ``actors``, when given)."""
    for e in out:
        if e.type == kind and (actors is None or set(e.actors) == actors):
            return True
    return False


def cue_matches(sentence: Sentence) -> list[tuple[int, re.Match[str]]]:
    """(cue, its first match) of each cue pattern found in a sentence, in the cues' order."""
    positions = sentence.triggers if sentence.triggers is not None \
        else trigger_positions(sentence.text)
    out = []
    for cue in _TRIGGERS.active(positions):
        match = _TRIGGERS.search(cue, sentence.text, positions)
        if match is not None:
            out.append((cue, match))
    return out


def rule_events(sentences: list[Sentence], anchor: Anchor,
                matches: list[list[tuple[int, re.Match[str]]]] | None = None) -> list[Event]:
    """The hand-written reading: candidates and features of the learned model (issue 15).
    ``matches``: ``cue_matches`` of each sentence when the caller has them (the learned model
    reads them too: speed)."""
    parties = _Parties(sentences)
    out: list[Event] = []
    present: set[int] = set()  # positions in ``out`` of events told in the present tense
    dates: dict[int, str | None] = {}
    for index, sentence in enumerate(sentences):
        for cue, match in (matches[index] if matches is not None else cue_matches(sentence)):
            kind = _COMPILED[cue][0]
            if planned(sentence.text[max(0, match.start() - 30):match.start()]) \
                    and kind != "statement_of_support":
                continue  # a pledge ("said it would stand by", "will continue to support") is
                # itself the statement, made now (_CUES' narrow support patterns)
            if kind == "agreement" and sentence.weapons and named_of_any(sentence.weapons):
                continue  # an arms contract is a transfer, not an agreement event (R10)
            if kind == "visit" and match.group() in _ARRIVALS \
                    and _weapon_before(sentence.weapons, match.start()):
                continue  # "the jets ... arrived in India": a delivery, not a visit
            actors = _actors(parties, index)
            if _told(out, kind) and _refers_back(sentence.text, match):
                continue  # "the visit" again: an event already reported, not a new one
            reported = _told(out, kind, set(actors))
            if reported and _continues(sentence.text, match):
                continue  # "He also visited ...": more of the same trip, not another visit
            if len(actors) >= 2:
                if index not in dates:
                    dates[index] = date_in(sentence.text, anchor)
                if _PRESENT.match(match.group()):
                    present.add(len(out))
                out.append(Event(kind, actors, dates[index], sentence.evidence,
                                 0.7 if len(parties.named(index)) >= 2 else 0.5))
    return _once(_without_captions(out, present))


def _once(events: list[Event]) -> list[Event]:
    """One meeting, agreement, training, exercise, statement or award per actors and date in a
    document: a later mention restates it. Visits are exempt: articles list several trips."""
    out: list[Event] = []
    for event in events:
        if event.type == "visit" or not any(
                e.type == event.type and set(e.actors) == set(event.actors) and e.date == event.date
                for e in out):
            out.append(event)
    return out


# The same actor going on ("He also visited", "They later met"): part of the event just reported.
_CONTINUES = re.compile(r"^(?:he|she|they|the (?:minister|president|delegation|leader|general))\b"
                        r"|\b(?:also|later|then|further|additionally)\s+(?:\w+\s+)?$", re.IGNORECASE)
# A caption or headline in the present tense ("X meets Y in Minsk") restates the story's event.
_PRESENT = re.compile(r"(?:meets|visits|holds|signs|hosts|receives)\b")


def _continues(text: str, match: re.Match[str]) -> bool:
    return bool(_CONTINUES.search(text[:match.start()]))


def _without_captions(events: list[Event], present: set[int]) -> list[Event]:
    """A present-tense mention is dropped when the document reports the same event otherwise."""
    return [event for at, event in enumerate(events) if at not in present or not any(
        j not in present and other.type == event.type and set(other.actors) == set(event.actors)
        for j, other in enumerate(events))]


_REFERS_BACK = re.compile(r"\b(?:the|this|that|its|during the)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


# Cues that are nouns ("the visit", "the talks"); "The minister visited" is a new event.
_NOUN_CUE = re.compile(r"(?:visits?|trip|tour|official visit|meeting|talks|joint|military|naval|"
                       r"war games|trainings?|cooperation|co-operation|signing)\b|(?:two|the) ministers'")


def _refers_back(text: str, match: re.Match[str]) -> bool:
    """'The visit followed ...', 'during the two-day visit': the noun of an event told before."""
    return bool(_NOUN_CUE.match(match.group())
                and _REFERS_BACK.search(text[max(0, match.start() - 30):match.start()]))


def _named(sentence: Sentence) -> list[str]:
    return list(dict.fromkeys(p.party for p in sentence.parties if p.form not in _NOT_ACTORS))


def _focus(sentences: list[Sentence]) -> list[str]:
    """The two parties named most often, the first named first where counts are equal."""
    counts = Counter(p.party for s in sentences for p in s.parties if p.form not in _NOT_ACTORS)
    # most_common(n) runs heapq.nlargest as Python bytecode; the sorted list cut is the same list
    # (ties in first-seen order) in C (speed)
    return [party for party, _ in counts.most_common()[:2]]


class _Parties:
    """A document's actor parties, per sentence and the two it is about, each worked out when
    first asked: most sentences and many documents report no event."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self._sentences = sentences
        self._named: dict[int, list[str]] = {}
        self._focus: list[str] | None = None

    def named(self, index: int) -> list[str]:
        """``_named`` of sentence ``index`` (not to be changed by the caller)."""
        found = self._named.get(index)
        if found is None:
            found = self._named[index] = _named(self._sentences[index])
        return found

    @property
    def focus(self) -> list[str]:
        if self._focus is None:
            self._focus = _focus(self._sentences)
        return self._focus


def _actors(parties: _Parties, index: int) -> tuple[str, ...]:
    actors = list(parties.named(index))
    if len(actors) > 2:
        actors = [a for a in actors if a in parties.focus] or actors[:2]
    for earlier in (index - 1, index - 2):
        if len(actors) < 2 and earlier >= 0:
            context = [a for a in parties.named(earlier) if a not in actors]
            if len(context) > 1:
                # the parties the document is about first: a passing mention (the UN) is no actor
                focus = parties.focus
                context.sort(key=lambda a: a not in focus)
            actors += context[:2 - len(actors)]
    if len(actors) == 1:
        actors += [a for a in parties.focus if a not in actors][:1]
    return tuple(actors[:2]) if len(actors) >= 2 else ()
