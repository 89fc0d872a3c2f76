"""Step 5: numbers in words and digits, and the quantity stated for a weapon mention."""

from __future__ import annotations

import re
from itertools import repeat as _repeat

from armswatch.extract.triggers import fold, gate_words, holds_any

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "a pair of": 2, "a couple of": 2}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# "forty-four": read whole, before its parts (the number after the hyphen was read alone: 4)
_COMPOUND = "(?:" + "|".join(_TENS) + ")-(?:" + "|".join(_UNITS) + ")"
_SCALES = {word: WORD_NUMBERS[word] for word in ("dozen", "hundred")}  # "two dozen"
ORDINALS = {"first": 1, "second": 1, "third": 1, "fourth": 1, "fifth": 1}

_NUMBER = r"(\d{1,3}(?:,\d{3})*|\d+|" + _COMPOUND + "|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
# "two of six", "the first of 36", "24 advanced", "up to 20", "an additional 12"; up to three
# modifier words may stand between the number and the weapon ("180 K2", "six attack drones").
_BEFORE = re.compile(
    r"(?:\b(?:the )?(?P<part>" + _NUMBER[1:-1] + r"|first|second|third|fourth|fifth)"
    r"(?: batch)? of (?:the )?)?\b(?P<n>" + _NUMBER[1:-1] + r")(?: more| additional| new)?"
    r"((?: [\w'-]+){0,3}) $", re.IGNORECASE)


# All lower case: matched case-sensitively on the folded window (same offsets), it finds what the
# case-insensitive pattern finds, faster; every group read below is lower-cased anyway.
_BEFORE_FOLDED = re.compile(_BEFORE.pattern)
_HAS_NUMBER = re.compile(r"\d|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)))
# _HAS_NUMBER's test as a digit's search (a class first: the engine skips ahead) and substring
# tests of the number words: its branches of a class and words made the engine try them all at
# every character (~75 k instructions a dev document under callgrind, the tenth speed round)
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = gate_words(WORD_NUMBERS)  # "sixty" holds "six": 31 -> 22 substring tests
# Where a match can start: "the", an ordinal, a digit or a number word, at a word's start.
_STARTS = re.compile(r"\b(?=the |first|second|third|fourth|fifth|\d|"
                     + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")")


def number(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    tens, _, unit = word.partition("-")
    if unit:
        return WORD_NUMBERS[tens] + WORD_NUMBERS[unit] if tens in _TENS and unit in _UNITS else None
    return WORD_NUMBERS.get(word)


def quantities_before(text: str, start: int) -> tuple[int | None, int | None]:
    """(number for this event, whole order) stated just before a weapon mention.

    "two of six Su-30" -> (2, 6); "the first of 36 Rafale" -> (1, 36); "180 K2" -> (180, 180).
    """
    window = text[max(0, start - 60):start]
    # a match ends with a space at the end of the window and holds a number: cheap tests first
    if not window.endswith((" ", " \n")):
        return None, None
    folded = fold(window)
    if _DIGIT.search(folded) is None and not holds_any(folded, _NUMBER_WORDS):
        return None, None
    # _BEFORE_FOLDED.search(folded), tried only where a match can start; a year or a number of
    # something else ("in 2019 to sell 12 K9", "two of them and 12 ...") gives way to a later one
    match = next((m for m in map(_BEFORE_FOLDED.match, _repeat(folded), _starts(folded))
                  if m is not None and not _looks_like_year(m.group("n"))
                  and not _has_stop(m.group(3))), None)
    if not match:
        return None, None
    whole = number(match.group("n"))
    scale = match.group(3).split()[:1]
    if whole is not None and scale and scale[0] in _SCALES:
        whole *= _SCALES[scale[0]]  # "two dozen" -> 24, "three hundred" -> 300
    part = match.group("part")
    if part:
        return (ORDINALS.get(part.lower()) or number(part)), whole
    return whole, whole


def _starts(folded: str) -> list[int]:
    return [m.start() for m in _STARTS.finditer(folded)]


def _looks_like_year(word: str) -> bool:
    return word.isdigit() and len(word) == 4 and word[:2] in ("19", "20")


def _has_stop(words: str) -> bool:
    return any(w in ("and", "or", "of", "with", "in", "per", "percent", "million", "billion")
               for w in words.lower().split())
