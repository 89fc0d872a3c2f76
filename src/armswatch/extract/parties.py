"""Step 3: party mentions — names, aliases, demonyms, capitals, state organs and arms makers.

One pass of the Aho-Corasick automaton over the lower-cased document; a match counts when it is a
whole word, starts with a capital (proper noun) and, for acronyms, is written as in the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from armswatch.extract.gazetteer import PartyEntry, PartyForm, gazetteer

MADE = re.compile(r"-(made|built|designed|developed|produced|manufactured|origin)\b")
# "America" / "American" after "Latin", "South", "North" or "Central" names a region of the
# Americas, not the United States (the alias "America" read "Latin America's share" and "a South
# American nation" as the United States)
AMERICA = frozenset({"america", "american", "americans"})


# "Korea" / "Korean" alone name South Korea in arms reporting ("the Korean shipbuilder", a title's
# "Korea to deliver ..."; North Korea is written out, "Pyongyang" or "DPRK"): SIPRI gives the
# state no such alias, so "the Korean shipbuilder" named no supplier (bench/candidate_losses.py).
# Not the peninsula, the war, an inter-Korean matter, North Korea's news agency and army, or a
# newspaper's name.
KOREA = frozenset({"korea", "korean", "koreans"})
_NOT_KOREA_AFTER = (" war", " peninsula", " central", " people's", " workers'", " times",
                    " herald", " daily", " demilitarized", " dmz")
NOT_ALWAYS_STATES = AMERICA | KOREA


def no_state_at(text: str, start: int) -> bool:
    """Whether the word of ``AMERICA`` or ``KOREA`` at ``start`` names no state here: "America"
    after a region's word, "Korea(n)" after "inter-" or before "War" and the like."""
    if text[start:start + 5].lower() != "korea":
        return region_before(text, start)
    stop = start + 5
    while stop < len(text) and text[stop].isalpha():
        stop += 1
    return (text[max(0, start - 6):start].lower() == "inter-"
            or text[stop:stop + 14].lower().startswith(_NOT_KOREA_AFTER))


def region_before(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows "Latin", "South", "North" or "Central"."""
    return text[max(0, start - 8):start].lower().endswith(("latin ", "south ", "north ", "central "))


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class PartyMention:
    start: int
    end: int
    party: str
    form: PartyForm
    made: bool = False  # "Russian-made": names a producer, not necessarily the supplier (R2)
    possessive: bool = False  # "Myanmar's military"


def find_parties(text: str, lowered: str) -> list[PartyMention]:
    """Every party mention in the text, longest first where two overlap."""
    return [PartyMention(*found) for found in party_spans(text, lowered)]


PartySpan = tuple[int, int, str, PartyForm, bool, bool]  # PartyMention's fields, in order


PartyHit = tuple[int, tuple[int, PartyEntry]]  # (end, (length, entry)), as the automaton gives them


def party_spans(text: str, lowered: str, hits: Iterable[PartyHit] | None = None) -> list[PartySpan]:
    """``find_parties`` as plain tuples (the pipeline re-bases them on each sentence); ``hits``:
    those of the party automaton over ``lowered``, when the caller has found them."""
    found = []
    for end, (length, entry) in gazetteer().parties.iter(lowered) if hits is None else hits:
        start = end - length + 1
        if text[start].islower():
            continue  # neither a name nor an acronym as written ("us" in "thus"): most hits, cheaply
        stop = end + 1
        # a one-character slice is empty at either end of the text, and "".isalnum() is False
        if text[start - 1:start].isalnum() or text[stop:stop + 1].isalnum():
            continue  # part of a longer word
        if not (text[start:stop].replace(".", "").isupper() if entry.exact_case
                else text[start].isupper()):
            continue  # an acronym is written in capitals ("US", not "Us"), a name starts with one
        if lowered[start:stop] in NOT_ALWAYS_STATES and no_state_at(text, start):
            continue  # "Latin America", "the Korean War": a region, a war, not a state
        # (start, -length) orders longest first where two start together; no two hits share
        # both (one entry per key), so the entry is never compared
        found.append((start, -length, stop, entry))
    found.sort()
    kept: list[PartySpan] = []
    last = 0
    for start, _, stop, entry in found:
        if start >= last:  # not inside the longer mention kept before
            tail = text[stop:stop + 14]
            made = tail[:1] == "-" and MADE.match(tail) is not None  # "Russian-made"
            kept.append((start, stop, entry.party, entry.form, made, tail.startswith(("'s", "' "))))
            last = stop
    return kept
