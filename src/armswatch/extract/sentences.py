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
_LINE = re.compile(r"\n(?!\s*[a-z])")


def split(text: str) -> list[Span]:
    """Sentence spans over ``text``, trimmed of surrounding space, empty ones dropped."""
    cuts = [0]
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        cuts.append(match.end())
    cuts.extend(match.end() for match in _LINE.finditer(text))
    cuts.append(len(text))
    return _trimmed(text, sorted(set(cuts)))


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
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
