"""Step 2: split the normalised text into sentences, as spans (offsets kept).

Rules, not a model: a sentence ends at . ! ? (and closing quotes) before a capital, a digit or a
quote, unless the dot ends a known abbreviation or an initial; a line break ends one too (headlines,
captions, bullets), unless the next line goes on in lower case (hard-wrapped plain text).
"""

from __future__ import annotations

import re

from armswatch.extract.model import Span

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt cmdr adm sgt st no nos vs jan feb mar apr jun jul aug sep sept "
    "oct nov dec inc ltd co corp u.s u.k u.n e.g i.e approx est fig vol jr sr prof rep sen gov "
    "pres dept govt mt ft".split())

_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9\u2022])")
# _END for a text without "!" and "?": opening with the literal dot, it is searched for far faster
# (a pattern that opens with a class or a repeat is tried character by character).
_END_DOTS = re.compile(r"\.\.*" + _END.pattern.removeprefix("[.!?]+"))
# A line break ends a sentence unless the next line goes on in lower case; of the breaks that end
# a blank line only the last is taken (the others would cut off nothing but white space).
_LINE = re.compile(r"\n(?!\n|\s*[a-z])")


def split(text: str) -> list[Span]:
    """Sentence spans over ``text``, trimmed of surrounding space, empty ones dropped."""
    cuts = {0, *_sentence_ends(text), len(text)}
    cuts.update(match.end() for match in _LINE.finditer(text))
    return _trimmed(text, sorted(cuts))


def _sentence_ends(text: str) -> list[int]:
    """Where the stops that end a sentence end: not those of abbreviations and initials."""
    ends = []
    for match in (_END if "!" in text or "?" in text else _END_DOTS).finditer(text):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        ends.append(match.end())
    return ends


_LONGEST = max(map(len, _ABBREVIATIONS))


def _is_abbreviation(text: str, dot: int) -> bool:
    if dot > _LONGEST and text[dot - _LONGEST - 1:dot].isalpha():
        return False  # a word longer than any abbreviation (the common case, tested in C)
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
        if dot - start > _LONGEST:  # longer than any abbreviation, and no initial
            return False
    word = text[start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and text[start:dot].isupper())


def _trimmed(text: str, cuts: list[int]) -> list[Span]:
    """Spans between cuts, trimmed of surrounding space; empty ones dropped."""
    spans = []
    for start, end in zip(cuts, cuts[1:]):
        chunk = text[start:end]
        stripped = chunk.lstrip()  # str.strip() removes exactly the characters isspace() accepts
        start += len(chunk) - len(stripped)
        end = start + len(stripped.rstrip())
        if end > start:  # empty ones dropped
            spans.append(Span(start, end))
    return spans
