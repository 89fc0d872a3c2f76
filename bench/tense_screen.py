"""Tenth round screen (issue 15): the tense, aspect and mood of the weapon's clause, and the
years of its sentence against the article's year, as extra status features for
``bench/status_decode.py`` (``e=tense``, ``e=tensenc``, ``e=years``, ``e=yearsnc``).

A POS-free reading: the clause around the weapon (cut at ; : ( ) and at a comma before a
conjunction or relative word), its verb groups found from auxiliaries and -ed / -ing forms, the
group nearest the weapon read as future, modal, perfect, progressive, passive, past or present,
and negated or not.
"""

from __future__ import annotations

import re

_EDGE = re.compile(r"[;:()\u2014\"]|,\s+(?:and|but|which|who|while|whereas|although|though|after|"
                   r"before|when|as|since|because|where|so)\b|\b(?:but|which|who|while|whereas)\b")
_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
_IRREGULAR = frozenset(
    "bought sold built made taken given begun sent shown seen known done been flown chosen won "
    "held got gotten put set brought sought led paid struck written drawn grown spent kept left "
    "lost met said told thought understood signed".split())
_FUTURE_HEAD = frozenset("will shall 'll".split())
_FUTURE_TO = frozenset("plans plan planned intends intend expects expect expected aims aim seeks "
                       "seek wants want hopes hope going set due scheduled slated poised "
                       "prepared looking".split())
_MODALS = frozenset("could may might should can would must".split())
_BE = frozenset("is are am was were be been being".split())
_HAVE = frozenset("has have had having".split())
_ADVERBS = frozenset("also already now not never still just recently soon finally yet "
                     "officially reportedly formally eventually initially currently".split())
_NEGATION = frozenset("not never no n't".split())


def _participle(word: str) -> bool:
    return word in _IRREGULAR or (len(word) > 4 and word.endswith(("ed", "en")))


def clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The weapon's clause: the text before the mention back to the last edge, and after it up
    to the next."""
    left = text[:start]
    edges = list(_EDGE.finditer(left))
    left = left[edges[-1].end():] if edges else left
    right = text[end:]
    edge = _EDGE.search(right)
    return left, (right[:edge.start()] if edge else right)


def groups(words: list[str]) -> list[tuple[int, str, bool]]:
    """(position, kind, negated) of each verb group in ``words``."""
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        j = i + 1
        while j < len(words) and words[j] in _ADVERBS:
            j += 1
        neg = any(x in _NEGATION for x in words[i + 1:j]) or w.endswith("n't")
        nxt = words[j] if j < len(words) else ""
        kind = None
        if w in _FUTURE_HEAD:
            kind = "passive_future" if nxt == "be" and j + 1 < len(words) and _participle(words[j + 1]) \
                else "future"
        elif w in _FUTURE_TO and nxt == "to":
            kind = "future"
        elif w in _MODALS:
            kind = "modal"
        elif w in _HAVE and _participle(nxt):
            kind = "perfect_past" if w == "had" else "perfect"
        elif w in _BE and nxt in _FUTURE_TO and j + 1 < len(words) and words[j + 1] == "to":
            kind = "future"  # "is set to", "is expected to", "are due to"
        elif w in _BE and nxt.endswith("ing") and len(nxt) > 4:
            kind = "progressive_past" if w in ("was", "were") else "progressive"
        elif w in _BE and _participle(nxt):
            kind = "passive_past" if w in ("was", "were") else "passive"
        elif w.endswith("ed") and len(w) > 4 and (i == 0 or words[i - 1] not in _BE | _HAVE):
            kind = "past"
        elif w in ("did", "does", "do", "didn't", "doesn't", "don't") and nxt.isalpha():
            kind = "past" if w.startswith("did") else "present"  # "did not order"
        elif w in ("is", "are") and nxt == "to":
            kind = "future"
        if kind:
            out.append((i, kind, neg))
            i = j + 1
        else:
            i += 1
    return out


def tense_features(text: str, start: int, end: int) -> list[str]:
    """The verb group nearest the weapon in its clause: its kind, its side and whether negated."""
    left, right = clause(text.lower(), start, end)
    before = _WORDS.findall(left)
    after = _WORDS.findall(right)
    found = [(len(before) - i, kind, neg, "before") for i, kind, neg in groups(before)]
    found += [(i + 1, kind, neg, "after") for i, kind, neg in groups(after)]
    if not found:
        return ["tn:none"]
    distance, kind, neg, side = min(found)
    out = [f"tn:{kind}", f"tn:{kind}:{side}"]
    if neg or any(n for _, _, n, _ in found):
        out.append("tn:negated")
    return out


_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b(?!s)")
_PREP = re.compile(r"\b(by|until|till|since|in|from|after|before|through)\s+(?:early\s+|late\s+|mid-?\s*)?$")


def year_features(text: str, start: int, published: int | None) -> list[str]:
    """The year of the sentence nearest the weapon against the article's year, with the word
    before it ("by 2027": a deadline; "since 2019": a state)."""
    found = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(text)]
    if not found or not published:
        return ["yr:none"]
    at, year = min(found, key=lambda t: abs(t[0] - start))
    delta = year - published
    when = "ahead" if delta > 0 else "this" if delta == 0 else "last" if delta == -1 else \
        "recent" if delta >= -4 else "old"
    prep = _PREP.search(text[max(0, at - 16):at].lower())
    return [f"yr:{when}", f"yr:{when}:{prep.group(1) if prep else 'none'}"]
