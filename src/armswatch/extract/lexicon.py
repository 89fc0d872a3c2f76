"""Steps 3-4 in one pass: one Aho-Corasick automaton finds both of the extractor's word lists in a
document, the party names of the gazetteer and the trigger prefixes of the patterns of steps 4-10.

An automaton walks every character of the text, and that walk is most of the cost of finding the
words; an automaton holding both lists walks it once. Its hits are handed to
``parties.party_spans`` and ``triggers.hits_of`` as the two automata would give them: both sort
what they are given, so the order in which hits that end together come does not matter.
"""

from __future__ import annotations

import ahocorasick

from armswatch.extract import triggers
from armswatch.extract.gazetteer import gazetteer
from armswatch.extract.parties import PartyHit

_BUILT: dict[tuple[int, int], tuple[ahocorasick.Automaton, ahocorasick.Automaton,
                                    ahocorasick.Automaton]] = {}


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


def _automaton() -> ahocorasick.Automaton:
    """Every word of both automata, valued (party value or None, trigger value or None); built
    again when either automaton is."""
    party_words, trigger_words = gazetteer().parties, triggers.automaton()
    key = (id(party_words), id(trigger_words))
    if key not in _BUILT:
        values: dict[str, list[object]] = {}
        for word, value in party_words.items():
            values[word] = [value, None]
        for word, value in trigger_words.items():
            values.setdefault(word, [None, None])[1] = value
        combined = ahocorasick.Automaton()
        for word, (party, trigger) in values.items():
            combined.add_word(word, (party, trigger))
        combined.make_automaton()
        _BUILT.clear()  # the automata it was made of are kept alive with it: their ids stay theirs
        _BUILT[key] = (combined, party_words, trigger_words)
    return _BUILT[key][0]
