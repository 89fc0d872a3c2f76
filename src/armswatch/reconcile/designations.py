"""Matching a designation as a text writes it to the register's designations (issue 5).

News and SIPRI spell the same system differently: case, hyphens and spaces ("K9", "K-9 Thunder
155mm"), transliterations from Russian ("Pantsir", "Panzir", "Pantsyr"), a more or less specific
version ("Su-30" and "Su-30MK"), a version SIPRI names only in the deal's comments ("Su-30SME
version", "FK-3 version"), a local designation ("Indian designation Sindhughosh"), a NATO reporting
name ("Kilo class" for Project-877/636) and families SIPRI files under one name (Mi-8MT/Mi-17).
``match`` says whether a text designation names the same system as a deal, and why.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Words that name a class, not a system: "Kilo class", "THAAD missile", "S-400 system".
GENERIC_WORDS = frozenset("""
class type system systems missile missiles tank tanks fighter fighters jet jets aircraft helicopter
helicopters drone drones uav uavs ucav sam air defence defense submarine submarines frigate frigates
corvette corvettes ship ships vessel vessels gun guns howitzer howitzers launcher launchers radar
radars combat attack armed multirole multi role surface to the of and mbt apc ifv unit units
""".split())

# NATO reporting names and families SIPRI files under one designation (general knowledge, not
# fitted to a document): a key found in a text stands for any of the register's names listed.
FAMILIES: dict[str, tuple[str, ...]] = {
    "kilo": ("project877", "project636"),
    "improvedkilo": ("project636",),
    "hip": ("mi8", "mi17", "mi171", "mi172"),
    "mi8": ("mi8", "mi17", "mi171", "mi172"),
    "mi17": ("mi8mt", "mi17", "mi171", "mi172"),
    "mi171": ("mi17", "mi171"),
    "hind": ("mi24", "mi25", "mi35"),
    "mi24": ("mi24", "mi25", "mi35"),
    "mi35": ("mi24", "mi35"),
    "flanker": ("su27", "su30", "su33", "su35"),
    "fulcrum": ("mig29",),
    "frogfoot": ("su25",),
    "fencer": ("su24",),
    "backfire": ("tu22m",),
    "havoc": ("mi28",),
    "hokum": ("ka50", "ka52"),
    "helix": ("ka27", "ka28", "ka31", "ka32"),
    "gadfly": ("buk", "9k37"),
    "grizzly": ("buk",),
    "gauntlet": ("tor", "9k330", "9k331", "9k332"),
    "gecko": ("osa", "9k33"),
    "greyhound": ("s300", "s300pmu"),
    "growler": ("s400",),
    "triumf": ("s400",),
    "blackhawk": ("uh60", "s70"),
    "seahawk": ("sh60", "mh60", "s70b"),
    "chinook": ("ch47",),
    "apache": ("ah64",),
    "fightingfalcon": ("f16",),
    "hornet": ("fa18",),
    "superhornet": ("fa18e",),
    "lightning": ("f35",),
    "abrams": ("m1",),
    "bradley": ("m2", "m3"),
    "oplot": ("t84",),
}

# Russian names reach English by several transliterations; fold them to one key.
_TRANSLIT = (("ph", "f"), ("tz", "ts"), ("zh", "j"), ("kh", "h"), ("ck", "k"), ("w", "v"),
             ("y", "i"), ("z", "ts"), ("ou", "u"))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def compact(text: str) -> str:
    """Case, accents, spaces, hyphens and punctuation removed: 'F-7 M Airguard' -> 'f7mairguard'."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def phonetic(key: str) -> str:
    """One spelling for transliteration variants: pantsir, pantsyr and panzir all -> 'pantsir'."""
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    return re.sub(r"([a-z])\1+", r"\1", key)


def tokens(text: str) -> tuple[str, ...]:
    """Distinctive words of a designation, each compacted and phonetically folded."""
    text = re.sub(r"-(class|type|series|version)\b", r" \1", text, flags=re.I)
    words = (compact(w) for w in re.split(r"[\s/,()]+", text))
    return tuple(phonetic(w) for w in words if w and w not in GENERIC_WORDS)


def _extends(short: str, long: str) -> bool:
    """``long`` is ``short`` plus a version suffix: su30 -> su30mk, k9 -> k9thunder; not mi17 -> mi171."""
    if not long.startswith(short) or len(short) < 2 or short == long:
        return False
    nxt = long[len(short)]
    return not (short[-1].isdigit() and nxt.isdigit())


def keys_match(claim: str, register: str) -> str | None:
    """How two compact, folded keys name the same system, or None."""
    if claim == register:
        return "the same designation"
    if _extends(claim, register):
        return "the register's designation is this name with a version or fuller name"
    if _extends(register, claim):
        return "the claim names a version of the register's designation"
    return None


@dataclass(frozen=True)
class Names:
    """Every name a deal answers to, as keys: designation, its alternatives, comment versions."""

    designations: tuple[str, ...]
    versions: tuple[str, ...]          # named in comments: "X version", "local designation X"
    token_sets: tuple[tuple[str, ...], ...]


_HEDGES = frozenset({"incl", "including", "probably", "possibly", "mainly", "some", "first"})
_VERSION = re.compile(r"([^;,.()]*?)\s+versions?\b", re.I)
_LOCAL = re.compile(r"\b(?:designations?|produced under licence in \w+ as|known as)\s+"
                    r"([A-Z0-9][\w\-]*(?:\s+[A-Z0-9][\w\-]*)?)")


def comment_versions(comments: str | None) -> tuple[str, ...]:
    """Designations SIPRI names in a deal's comments ('Su-30SME version', 'Indian designation X')."""
    if not comments:
        return ()
    found: list[str] = []
    for phrase in _VERSION.findall(comments):
        for part in re.split(r"\s+(?:or|and)\s+|/", phrase):
            words = [w for w in part.split() if re.search(r"[A-Z0-9]", w) and not w.isdigit()
                     and w.lower() not in _HEDGES]
            if words:
                found.append(" ".join(words))
    found += _LOCAL.findall(comments)
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def names(designation: str, comments: str | None) -> Names:
    alternatives = [designation, *designation.split("/")]
    designations = tuple(dict.fromkeys(phonetic(compact(a)) for a in alternatives if compact(a)))
    versions = tuple(dict.fromkeys(phonetic(compact(v)) for v in comment_versions(comments)
                                   if compact(v)))
    token_sets = tuple(t for t in (tokens(a) for a in alternatives) if t)
    return Names(designations, versions, token_sets)


@functools.lru_cache(maxsize=8192)
def claim_keys(weapon: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys a written designation is compared by: whole-name keys and distinctive tokens."""
    toks = tokens(weapon)
    whole = [phonetic(compact(weapon))] if compact(weapon) else []
    if toks:
        whole.append("".join(toks))   # "Kilo class" -> "kilo"
    for key in list(whole) + list(toks):
        whole.extend(FAMILIES.get(key, ()))
    return tuple(dict.fromkeys(k for k in whole if k)), toks


# Cached: a batch checks the same written names against the same deals over and over (one claim
# compares against every deal of the pair; many outlets report the same system).
@functools.lru_cache(maxsize=1 << 18)
def match(weapon: str, designation: str, comments: str | None = None) -> str | None:
    """Why the written ``weapon`` names the deal's system, or None when it does not."""
    whole, toks = claim_keys(weapon)
    deal = names(designation, comments)
    for key in whole:
        for name in deal.designations:
            why = keys_match(key, name)
            if why:
                why = why if key in (whole[0], "".join(toks)) else f"a name of its family ({why})"
                return f"{why}: {designation}"
    for key in whole:
        for version in deal.versions:
            if keys_match(key, version):
                return f"a version named in the deal's comments ({comments})"
    if toks and any(_tokens_within(toks, deal_tokens) for deal_tokens in deal.token_sets):
        return (f"every distinctive word of the name is in the register's designation "
                f"(spelling and transliteration folded): {designation}")
    return None


def _tokens_within(claim: tuple[str, ...], deal: tuple[str, ...]) -> bool:
    """Every distinctive word of the claim is a word (or a version of a word) of the deal's."""
    return all(any(t == d or _extends(t, d) for d in deal) for t in claim)
