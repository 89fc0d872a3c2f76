"""Steps 3-4 in one pass: one Aho-Corasick automaton finds both of the extractor's word lists in a
document, the party names of the gazetteer and the trigger prefixes of the patterns of steps 4-10,
and hands each sentence its party mentions and trigger positions (``per_sentence``).

An automaton walks every character of the text, and that walk is most of the cost of finding the
words; an automaton holding both lists walks it once. Its hits are handed to
``parties.party_spans`` and ``triggers.hits_of`` as the two automata would give them: both sort
what they are given, so the order in which hits that end together come does not matter.

The compiled step ``_lexicon`` (Cython, built by ``make install``) does the same in one C pass:
it took 17% off the extractor's instructions (docs/extraction-rounds.md, "Speed"). Where it is not
built, or the text holds a letter that regexes fold further (dotted I), the Python steps below
run, with equal output.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from armswatch.extract import triggers
from armswatch.extract.gazetteer import PartyEntry, gazetteer
from armswatch.extract.model import Span
from armswatch.extract.parties import (MADE, NOT_ALWAYS_STATES, PartyHit, PartyMention, PartySpan,
                                       no_state_at, party_spans)

try:
    from armswatch.extract._lexicon import Scanner
except ImportError:  # not built (no C compiler at install): the Python steps run
    Scanner = None  # type: ignore[assignment,misc]

_use_compiled = Scanner is not None


def compiled() -> bool:
    """True when ``per_sentence`` runs the compiled step."""
    return _use_compiled


def use_compiled(enabled: bool) -> bool:
    """Run the compiled step (when built) or the Python steps; returns the previous setting (the
    tests compare the two in one process)."""
    global _use_compiled
    previous = _use_compiled
    _use_compiled = enabled and Scanner is not None
    return previous


def per_sentence(text: str, low: str, spans: Sequence[Span]
                 ) -> tuple[list[triggers.Positions], list[list[PartyMention]]]:
    """For each span (sorted, not overlapping) of ``text``: its trigger positions and its party
    mentions (offsets relative to the span). ``low`` is ``normalise.lowered(text)``."""
    if _use_compiled and triggers.fold_lowered(low) == low:
        return _scanner().per_sentence(text, low, spans)
    return per_sentence_python(text, low, spans)


def per_sentence_python(text: str, low: str, spans: Sequence[Span]
                        ) -> tuple[list[triggers.Positions], list[list[PartyMention]]]:
    """``per_sentence`` by the Python steps: ``scan``, ``parties.party_spans``, then hand out."""
    party_hits, hits = scan(text, low)
    return hits.per_span(spans), parties_per_span(party_spans(text, low, party_hits), spans)


def scan(text: str, lowered: str) -> tuple[list[PartyHit], triggers.Hits]:
    """The party automaton's hits in ``lowered`` (``normalise.lowered(text)``) and the trigger
    prefixes' ``Hits``."""
    folded = triggers.fold_lowered(lowered)
    if folded != lowered:  # a letter is folded further (dotted I): the prefixes are sought elsewhere
        return list(gazetteer().parties.iter(lowered)), triggers.scan(text, folded)
    parties: list[PartyHit] = []
    found: list[triggers.AutomatonHit] = []
    for end, (party, trigger) in _automaton().iter(lowered):
        if party is not None:
            parties.append((end, party))
        if trigger is not None:
            found.append((end, trigger))
    return parties, triggers.hits_of(found)


def parties_per_span(parties: list[PartySpan], spans: Sequence[Span]) -> list[list[PartyMention]]:
    """The party mentions wholly inside each span, with offsets relative to it.

    Parties are sorted by start and do not overlap, and so are the spans: one sweep hands them out."""
    out = []
    at, count = 0, len(parties)
    for span in spans:
        start, end = span.start, span.end
        while at < count and parties[at][0] < start:
            at += 1
        local = []
        while at < count and parties[at][0] < end:
            p_start, p_end, party, form, made, possessive = parties[at]
            if p_end <= end:  # not one that runs on into the next sentence
                local.append(PartyMention(p_start - start, p_end - start, party, form, made, possessive))
            at += 1
        out.append(local)
    return out


class _Words:
    """Every word of both automata, valued (party value or None, trigger value or None), and the
    automaton and the compiled scanner over them, each made when first asked for."""

    def __init__(self, party_words: ahocorasick.Automaton, trigger_words: ahocorasick.Automaton) -> None:
        self.sources = (party_words, trigger_words)  # kept alive with it: their ids stay theirs
        self.values: dict[str, tuple[tuple[int, PartyEntry] | None, triggers.AutomatonValue | None]] = {
            word: (value, None) for word, value in party_words.items()}
        for word, value in trigger_words.items():
            self.values[word] = (self.values.get(word, (None, None))[0], value)
        self.automaton: ahocorasick.Automaton | None = None
        self.scanner: Scanner | None = None


_WORDS: dict[tuple[int, int], _Words] = {}


def _words() -> _Words:
    """The words of the current automata (made again when either automaton is)."""
    party_words, trigger_words = gazetteer().parties, triggers.automaton()
    key = (id(party_words), id(trigger_words))
    found = _WORDS.get(key)
    if found is None:
        _WORDS.clear()
        found = _WORDS[key] = _Words(party_words, trigger_words)
    return found


def _automaton() -> ahocorasick.Automaton:
    """The automaton of every word of both lists."""
    words = _words()
    if words.automaton is None:
        words.automaton = ahocorasick.Automaton()
        for word, value in words.values.items():
            words.automaton.add_word(word, value)
        words.automaton.make_automaton()
    return words.automaton


def _scanner() -> Scanner:
    """The compiled scanner over every word of both lists."""
    words = _words()
    if words.scanner is None:
        words.scanner = Scanner([(word, party and party[1], trigger and trigger[1])
                                 for word, (party, trigger) in words.values.items()], PartyMention, MADE,
                                 NOT_ALWAYS_STATES, no_state_at)
    return words.scanner
