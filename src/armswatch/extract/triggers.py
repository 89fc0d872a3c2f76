"""Trigger words: one pass over the document tells each pattern where it can match.

A pattern's trigger words are the literal prefixes every match of it must start with, read from the
regex's own parse tree (so they can never miss a match: "deliver(?:s|ed)?" -> "deliver"). One
Aho-Corasick automaton finds them in the case-folded document; a pattern is then
tried (``Pattern.match``) only where one of its prefixes occurs, which gives exactly the matches of
``finditer``/``search`` at a fraction of the cost. A pattern without a usable prefix (it can start
with any letter) is searched the ordinary way. All pattern sets share one automaton, so the
pipeline scans each document once (``scan``) and hands each sentence its positions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence

import ahocorasick

from armswatch.extract.model import Span
from armswatch.extract.normalise import lowered

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_PREFIX_CHARS = 6  # prefixes this long are specific enough
_MAX_PREFIXES = 600
# Characters that case-insensitive regexes equate with ASCII letters but whose lower case is not
# the ASCII letter: folded so that a case-insensitive pattern's prefixes are still found.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})

Positions = dict[int, list[int]]


def fold(text: str) -> str:
    """Lower case of the same length, with the letters regexes fold to ASCII made ASCII."""
    return fold_lowered(lowered(text))


def fold_lowered(low: str) -> str:
    """``fold`` of a text already lower-cased with ``normalise.lowered``."""
    if "\u0130" in low or "\u0131" in low or "\u017f" in low:
        return low.translate(_FOLD)
    return low


def holds_any(text: str, words: Iterable[str]) -> bool:
    """``any(w in text for w in words)``, the substring gates before the patterns' searches, as a
    loop: compiled, the generator (one a call) cost more than the tests, and ``any(map(
    text.__contains__, words))`` more still (a method wrapper called through ``tp_call`` per
    word; callgrind, the eleventh speed round)."""
    for w in words:
        if w in text:
            return True
    return False


def gate_words(words: Iterable[str]) -> tuple[str, ...]:
    """The words of a ``holds_any`` gate without those that hold another of them ("plan" is in
    "planned", "buyer" in "buyers"): the same test with fewer substring searches, sorted."""
    distinct = sorted(set(words))
    return tuple(w for w in distinct if not any(other in w for other in distinct if other != w))


def prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased strings one of which starts every match, or None when no such set is known."""
    for size in range(_PREFIX_CHARS, 1, -1):
        found = _starts(list(sre_parse.parse(pattern.pattern, pattern.flags)), size)
        if found is None or "" in found:
            return None
        if len(found) <= _MAX_PREFIXES:
            return frozenset(s.lower() for s in found)
    return None


def _starts(items: list, k: int) -> set[str] | None:  # type: ignore[type-arg]
    """Prefixes (at most ``k`` characters) that every match of the sequence ``items`` starts with.

    A string shorter than ``k`` means "the match may go on with anything"; None means unknown.
    """
    c = sre_constants
    if k == 0 or not items:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero-width: the match goes on at the same place
        return _starts(rest, k)
    if op is c.LITERAL:
        tail = _starts(rest, k - 1)
        return None if tail is None else {chr(av) + s for s in tail}
    if op is c.IN:
        chars = _literal_chars(av)
        if chars is None:
            return {""}  # a wide class: the prefix stops here
        tail = _starts(rest, k - 1)
        return None if tail is None else {ch + s for ch in chars for s in tail}
    if op is c.SUBPATTERN:
        return _starts(list(av[-1]) + rest, k)
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _starts(list(alternative) + rest, k)
            if found is None:
                return None
            out |= found
            if len(out) > _MAX_PREFIXES:
                return None
        return out
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, high, body = av
        if high == 0:
            return _starts(rest, k)
        # one pass through the body, then the rest (exact for "?"), else stop after the body
        once = _starts(list(body) + rest, k) if high == 1 else _starts(list(body), k)
        if once is None:
            return None
        if low == 0:
            skipped = _starts(rest, k)
            return None if skipped is None else once | skipped
        return once
    return {""}  # anything else (a class, a category, a back-reference): the prefix stops here


def _literal_chars(items: list) -> list[str] | None:  # type: ignore[type-arg]
    chars = []
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars.append(chr(av))
        elif op is sre_constants.RANGE and av[1] - av[0] < 10:
            chars += [chr(n) for n in range(av[0], av[1] + 1)]
        else:
            return None
    return chars


class Starts:
    """``pattern.finditer`` tried only at the characters where a match can start, found by
    ``starts``, a pattern the regex engine skips ahead with (a character class first: it tests
    one character a position in its own loop, where a pattern opening with a look-behind runs a
    whole match attempt at every position). Worth it only where such characters are rare: a match
    call from Python costs more than the engine's attempt at one character (the tenth speed
    round, docs/extraction-rounds.md). ``starts`` must find every position where ``pattern`` can match
    (tests/test_extract_speed_gates.py checks each use against ``finditer``)."""

    def __init__(self, pattern: re.Pattern[str], starts: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.starts = starts

    def finditer(self, text: str) -> list[re.Match[str]]:
        """``list(self.pattern.finditer(text))``."""
        out: list[re.Match[str]] = []
        match = self.pattern.match
        last = 0
        for found in self.starts.finditer(text):
            at = found.start()
            if at >= last:
                m = match(text, at)
                if m is not None:
                    out.append(m)
                    last = m.end()
        return out


_REGISTRY: list[Triggers] = []
_COMBINED: dict[int, ahocorasick.Automaton] = {}  # keyed by the number of patterns it covers


class Triggers:
    """A set of patterns with their trigger prefixes.

    Every set registers in one table, so that one automaton pass over a document (``scan``)
    serves all of them; a set reads its own patterns' positions from the shared result."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self.prefixes = tuple(prefixes(p) for p in self.patterns)
        self.base = sum(len(t.patterns) for t in _REGISTRY)
        self._always = frozenset(i for i, found in enumerate(self.prefixes) if found is None)
        # the set's keys in a ``Positions``, and those of the patterns without prefixes
        self._ids = frozenset(range(self.base, self.base + len(self.patterns)))
        self._always_ids = frozenset(self.base + i for i in self._always)
        _REGISTRY.append(self)

    def can_match(self, index: int, positions: Positions) -> bool:
        """False when ``patterns[index]`` has no match in the text ``positions`` were found in."""
        return self.prefixes[index] is None or self.base + index in positions

    def finditer(self, index: int, text: str, positions: Positions) -> list[re.Match[str]]:
        """``list(patterns[index].finditer(text))``, trying only the positions where it can start."""
        pattern = self.patterns[index]
        if self.prefixes[index] is None:
            return list(pattern.finditer(text))
        out: list[re.Match[str]] = []
        last = 0
        for position in positions.get(self.base + index, ()):
            if position >= last:
                match = pattern.match(text, position)
                if match is not None:
                    out.append(match)
                    last = match.end()
        return out

    def search(self, index: int, text: str, positions: Positions) -> re.Match[str] | None:
        """``patterns[index].search(text)``, trying only the positions where it can start."""
        pattern = self.patterns[index]
        if self.prefixes[index] is None:
            return pattern.search(text)
        for position in positions.get(self.base + index, ()):
            match = pattern.match(text, position)
            if match is not None:
                return match
        return None

    def can_match_any(self, positions: Positions) -> bool:
        """False when no pattern of the set has a match in the text ``positions`` were found in
        (``active`` would be empty)."""
        return bool(self._always_ids) or not self._ids.isdisjoint(positions)

    def matches(self, text: str, positions: Positions) -> Iterator[tuple[int, re.Match[str]]]:
        """``(index, match)`` for ``index`` in ``active`` and ``match`` in ``finditer(index, ...)``,
        in that order, without a call per pattern."""
        base, patterns, prefixes = self.base, self.patterns, self.prefixes
        for index in self.active(positions):
            pattern = patterns[index]
            if prefixes[index] is None:
                for match in pattern.finditer(text):
                    yield index, match
                continue
            last = 0
            for position in positions[base + index]:
                if position >= last:
                    match = pattern.match(text, position)
                    if match is not None:
                        yield index, match
                        last = match.end()

    def active(self, positions: Positions) -> list[int]:
        """This set's patterns that can match, in their order: those with a prefix found, and
        those without prefixes."""
        found = self._ids.intersection(positions)  # a sentence has few keys: one C-level pass
        if self._always_ids:
            found |= self._always_ids
        if not found:
            return []
        base = self.base
        return sorted([i - base for i in found])


def _automaton() -> ahocorasick.Automaton:
    """One automaton over the prefixes of every registered set (rebuilt if a set is added)."""
    total = sum(len(t.patterns) for t in _REGISTRY)
    if total not in _COMBINED:
        owners: dict[str, list[int]] = {}
        for triggers in _REGISTRY:
            for index, found in enumerate(triggers.prefixes):
                for prefix in found or ():
                    owners.setdefault(prefix, []).append(triggers.base + index)
        automaton = ahocorasick.Automaton()
        for prefix, ids in owners.items():
            automaton.add_word(prefix, (len(prefix), tuple(ids)))
        automaton.make_automaton()
        _COMBINED.clear()
        _COMBINED[total] = automaton
    return _COMBINED[total]


def scan(text: str, folded: str | None = None) -> Hits:
    """Where every registered prefix occurs in a document (``folded`` is ``fold(text)`` if made)."""
    return hits_of(_automaton().iter(folded or fold(text)))


AutomatonValue = tuple[int, tuple[int, ...]]  # (size, pattern ids)
AutomatonHit = tuple[int, AutomatonValue]  # (end, value), as iter() gives them


def hits_of(found: Iterable[AutomatonHit]) -> Hits:
    """``Hits`` from the hits of the automaton (or of one holding its words with the same values,
    ``automaton()``, over the folded text)."""
    spans = [(end - size + 1, end + 1, ids) for end, (size, ids) in found]
    spans.sort()
    return Hits(spans)


def automaton() -> ahocorasick.Automaton:
    """The automaton of every registered prefix, valued (size, pattern ids); a new one when a set
    of patterns has been registered since."""
    return _automaton()


def positions(text: str) -> Positions:
    """Candidate positions in one piece of text on its own (a sentence given alone)."""
    return scan(text).within(0, len(text))


class Hits:
    """The prefix occurrences of one document, sorted by start."""

    def __init__(self, found: list[tuple[int, int, tuple[int, ...]]]) -> None:
        self._found = found
        self._starts = [start for start, _, _ in found]

    def within(self, start: int, end: int) -> Positions:
        """Per pattern, the sorted positions (relative to ``start``) of prefixes inside [start, end)."""
        return _positions(self._found[bisect_left(self._starts, start):bisect_left(self._starts, end)],
                          start, end)

    def per_span(self, spans: Sequence[Span]) -> list[Positions]:
        """``[self.within(s.start, s.end) for s in spans]`` for sorted, non-overlapping spans."""
        out = []
        found, starts = self._found, self._starts
        first = 0
        for span in spans:
            first = bisect_left(starts, span.start, first)
            last = bisect_left(starts, span.end, first)
            out.append(_positions(found[first:last], span.start, span.end) if last > first else {})
            first = last
        return out


def _positions(found: list[tuple[int, int, tuple[int, ...]]], start: int, end: int) -> Positions:
    """Per pattern, the sorted positions (relative to ``start``) of the hits ending by ``end``."""
    out: Positions = {}
    for at, stop, ids in found:
        if stop <= end:
            at -= start
            for index in ids:
                seen = out.get(index)
                if seen is None:
                    out[index] = [at]
                elif seen[-1] != at:
                    seen.append(at)
    return out
