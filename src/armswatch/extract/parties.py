"""Step 3: party mentions — names, aliases, demonyms, capitals, state organs and arms makers.

One pass of the Aho-Corasick automaton over the lower-cased document; a match counts when it is a
whole word, starts with a capital (proper noun) and, for acronyms, is written as in the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armswatch.extract.gazetteer import PartyForm, gazetteer

_MADE = re.compile(r"-(made|built|designed|developed|produced|manufactured|origin)\b")


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
    found = []
    for end, (length, entry) in gazetteer().parties.iter(lowered):
        start, stop = end - length + 1, end + 1
        if _accepted(text, start, stop, entry.exact_case):
            found.append((start, stop, entry))
    found.sort(key=lambda m: (m[0], m[0] - m[1]))  # longest first where two start together
    kept: list[PartyMention] = []
    for start, stop, entry in found:
        if not kept or start >= kept[-1].end:
            kept.append(_mention(text, start, stop, entry.party, entry.form))
    return kept


def _accepted(text: str, start: int, stop: int, exact_case: bool) -> bool:
    if start > 0 and text[start - 1].isalnum() or stop < len(text) and text[stop].isalnum():
        return False
    word = text[start:stop]
    if exact_case:
        return word.replace(".", "").isupper()
    return word[0].isupper()


def _mention(text: str, start: int, stop: int, party: str, form: PartyForm) -> PartyMention:
    tail = text[stop:stop + 14]
    return PartyMention(start, stop, party, form, made=bool(_MADE.match(tail)),
                        possessive=tail.startswith("'s") or tail.startswith("' "))
