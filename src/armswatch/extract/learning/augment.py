"""Entity-swap copies of training documents for the transfer model (issue 15, eighth round).

A copy of a training document with the states of its gold transfers replaced consistently
throughout the text, in every form the party gazetteer reads and the copy can write (a name or
alias -> the new state's name, a demonym -> its demonym), and its labels changed to match, so the
models see the same phrasing with other names. A state also written in a form no other state can
take (a capital, a state organ, a maker: "Moscow", "the Kremlin", "Rosoboronexport") keeps its
name; a document none of whose states can be swapped gives no copy.

``coherent`` copies keep the register priors of each gold transfer as they were: the new
(supplier, recipient, designation) has the same flags (does SIPRI list this pair, this designation
from this supplier, to this recipient) and the same state of the pair's deals in the article's
year; ``random`` copies draw any state. Only ``fit``'s training documents are copied, so in
cross-validation a held-out document is never copied into training.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from armswatch.extract.dates import Anchor
from armswatch.extract.gazetteer import gazetteer, weapon_key
from armswatch.extract.learning.corpus import LabelledDocument, scorer
from armswatch.extract.learning.priors import register_priors
from armswatch.extract.model import Document
from armswatch.extract.normalise import lowered, normalise
from armswatch.extract.parties import party_spans
from armswatch.parties import registry

SWAP = "#swap"  # a copy's id: its document's id, this, its number
SWAPPABLE = ("name", "demonym", "capital")  # a capital only to a state with one


@dataclass(frozen=True)
class Target:
    name: str
    demonym: str
    capital: str | None  # places.csv's first capital of the state, if any


@cache
def _pool() -> dict[str, Target]:
    """The states a copy can write: SIPRI states with a demonym that some register deal names,
    whose name takes no article ("the Netherlands") and holds no comma or bracket."""
    pairs = register_priors()[0]
    listed = {p for pair in pairs for p in pair}
    from armswatch.extract.gazetteer import _places
    capitals: dict[str, str] = {}
    for row in _places():
        if row["kind"] == "capital":
            capitals.setdefault(registry().resolve(row["party"]), row["name"])
    out = {}
    for party in registry():
        name = party.name
        if (party.kind == "state" and party.demonyms and name in listed and name.isascii()
                and not any(c in name for c in ",()*") and not name.startswith(("United ", "Holy"))
                and not name.endswith("s") and " and " not in name):
            out[name] = Target(name, party.demonyms[0], capitals.get(name))
    return out


def _mentions(text: str) -> list[tuple[int, int, str, str]]:
    plain = normalise(text)
    return [(start, stop, party, form) for start, stop, party, form, _, _ in
            party_spans(plain, lowered(plain))]


def _rewrite(text: str, mapping: dict[str, str]) -> str:
    """``text`` with each mention of a mapped state written as its new state (an article before
    a name that takes one dropped: "the US" -> "Brazil")."""
    pool = _pool()
    out, last = [], 0
    for start, stop, party, form in _mentions(text):
        if party not in mapping:
            continue
        target = pool[mapping[party]]
        head = text[last:start]
        if form == "name":
            for article in ("the ", "The "):
                if head.endswith(article):
                    capital = article[0] == "T"
                    head = head[:-len(article)]
                    break
            else:
                capital = False
            new = target.name
            if capital and not new[0].isupper():
                new = new[0].upper() + new[1:]
        elif form == "demonym":
            new = target.demonym
        else:
            new = target.capital or text[start:stop]
        out += [head, new]
        last = stop
    return "".join(out + [text[last:]])


def _gold_state(name: str | None) -> str | None:
    """The registry name of a label's party when it is a state, else None."""
    if not name:
        return None
    found = registry().lookup(name) or registry().lookup(scorer().country(name) or "")
    return found if found and registry().by_name[found].kind == "state" else None


def _key(weapon: str | None) -> str | None:
    """The register's designation key of a label's weapon, when the register knows it."""
    if not weapon:
        return None
    by_sup = register_priors()[1]
    key = weapon_key(weapon)
    if key in by_sup:
        return key
    entry = gazetteer().weapons.get(key)
    if entry is not None and weapon_key(entry.designation) in by_sup:
        return weapon_key(entry.designation)
    return None


def _flags(supplier: str, recipient: str, key: str | None, year: int | None) -> tuple:
    """What the model's register features say of a triple (transfer_features: reg:*, rt:*)."""
    from armswatch.extract.learning.transfer_features import timeline_features
    pairs, by_sup, by_rec, _ = register_priors()
    out: tuple = ((supplier, recipient) in pairs, (recipient, supplier) in pairs)
    if key is None:
        return out
    sups, recs = by_sup.get(key, frozenset()), by_rec.get(key, frozenset())
    probe = _Probe(("d", key), supplier, recipient)
    return out + (supplier in sups, recipient in recs, supplier in recs,
                  tuple(timeline_features(probe, year)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Probe:  # what timeline_features reads of a candidate
    key: tuple[str, str]
    supplier: str
    recipient: str


def copies(item: LabelledDocument, k: int, mode: str, seed: int = 0) -> list[LabelledDocument]:
    """Up to ``k`` entity-swapped copies of a training document (none where no state of its gold
    transfers can be swapped, or no coherent swap is found)."""
    golds = item.gold.get("transfers") or []
    if not golds or k <= 0:
        return []
    if mode.startswith("w"):
        return weapon_copies(item, k, mode, seed)
    if mode == "same":  # a control: plain duplicates of the documents a swap would copy
        return [_copy(item, {}, n) for n in range(k)] if copies(item, k, "coherent", seed) else []
    pool = _pool()
    mentions = _mentions(item.document.text)
    named = {party for _, _, party, _ in mentions}
    forms: dict[str, set[str]] = {}
    for _, _, party, form in mentions:
        forms.setdefault(party, set()).add(form)
    states = {s for g in golds for s in (_gold_state(g.get("supplier")), _gold_state(g.get("recipient")))
              if s}
    movable = sorted(s for s in states if s in forms and forms[s] <= set(SWAPPABLE))
    if not movable:
        return []
    year = Anchor.parse(item.document.published).year
    triples = [(_gold_state(g.get("supplier")), _gold_state(g.get("recipient")),
                _key(g.get("weapon"))) for g in golds]
    before = [_flags(s, r, key, year) for s, r, key in triples if s and r]
    choices = sorted(set(pool) - named)
    rng = random.Random(zlib.crc32(f"{seed}:{item.document.id}".encode()))
    def fits(state: str, targets: list[str]) -> list[str]:
        fit = [t for t in targets if "capital" not in forms[state] or pool[t].capital]
        return fit or [state]
    related = {s: fits(s, _related(s, triples)) for s in movable}
    anywhere = {s: fits(s, choices) for s in movable}
    out, seen = [], set()
    for _ in range(400 if mode == "coherent" else 40):
        if len(out) >= k:
            break
        mapping = {s: rng.choice(related[s] if mode == "coherent" and rng.random() < 0.7
                                 else anywhere[s]) for s in movable if rng.random() < 0.6}
        mapping = {s: t for s, t in mapping.items() if t != s and t not in named}
        if not mapping or len(set(mapping.values())) < len(mapping):
            continue
        frozen = tuple(sorted(mapping.items()))
        if frozen in seen:
            continue
        seen.add(frozen)
        if mode == "coherent":
            after = [_flags(mapping.get(s, s), mapping.get(r, r), key, year)
                     for s, r, key in triples if s and r]
            if after != before:
                continue
        out.append(_copy(item, mapping, len(out)))
    return out


def _related(state: str, triples: list[tuple[str | None, str | None, str | None]]) -> list[str]:
    """States the register puts where ``state`` stands in a gold transfer: the other suppliers or
    recipients of its designation, the counterpart's other partners (a coherent swap's likely
    targets; any state is tried too)."""
    pairs, by_sup, by_rec, _ = register_priors()
    pool = _pool()
    found: set[str] = set()
    for s, r, key in triples:
        if s == state:
            found |= set(by_sup.get(key or "", ())) | {a for a, b in pairs if b == r}
        if r == state:
            found |= set(by_rec.get(key or "", ())) | {b for a, b in pairs if a == s}
    return sorted(found & set(pool)) or sorted(pool)


def _copy(item: LabelledDocument, mapping: dict[str, str], n: int) -> LabelledDocument:
    def relabel(g: dict[str, Any]) -> dict[str, Any]:
        out = dict(g)
        for role in ("supplier", "recipient"):
            state = _gold_state(g.get(role))
            if state in mapping:
                out[role] = mapping[state]
        if g.get("evidence"):
            out["evidence"] = _rewrite(g["evidence"], mapping)
        return out

    document = item.document
    copy = Document(id=f"{document.id}{SWAP}{n}", text=_rewrite(document.text, mapping),
                    published=document.published)
    return LabelledDocument(copy, {"transfers": [relabel(g) for g in item.gold.get("transfers") or []]},
                            item.split)


@cache
def _designations() -> dict[str, list[tuple[str, str]]]:
    """Per category, (designation, key) of the register's designations the weapon step reads as
    themselves: one word with a digit ("Su-35", "T-90S"), known to the priors."""
    by_sup = register_priors()[1]
    out: dict[str, set[tuple[str, str]]] = {}
    for key, entry in gazetteer().weapons.items():
        name = entry.designation
        if (" " not in name and any(c.isdigit() for c in name) and name.isascii()
                and weapon_key(name) == key and key in by_sup):
            out.setdefault(entry.category, set()).add((name, key))
    return {c: sorted(v) for c, v in out.items()}


def weapon_copies(item: LabelledDocument, k: int, mode: str, seed: int = 0) -> list[LabelledDocument]:
    """Up to ``k`` copies with the named systems of the gold transfers replaced by other register
    designations of their category, where every mention of the system is written one way the
    weapon step reads (else the system keeps its name); ``wcoherent``: each gold transfer's
    register flags (transfer_features' reg:*, rt:*) unchanged."""
    from armswatch.extract.pipeline import analyse
    golds = item.gold.get("transfers") or []
    if not golds or k <= 0:
        return []
    s = scorer()
    text = item.document.text
    sentences = analyse(normalise(text), text)
    mentions = [m for sentence in sentences for m in sentence.weapons if not m.generic]
    swappable: dict[str, str] = {}  # mention text -> category
    for g in golds:
        if not g.get("weapon"):
            continue
        matched = {m.text: m.category for m in mentions if s.weapons_match(g["weapon"], m.text)}
        if len(matched) == 1:
            swappable.update(matched)
    for t in list(swappable):  # every gold weapon it matches must be written only as it
        for g in golds:
            if g.get("weapon") and s.weapons_match(g["weapon"], t) and len(
                    {m.text for m in mentions if s.weapons_match(g["weapon"], m.text)}) != 1:
                swappable.pop(t, None)
        if t in swappable and text.count(t) != sum(m.text == t for m in mentions):
            swappable.pop(t)
    if not swappable:
        return []
    year = Anchor.parse(item.document.published).year
    written = {weapon_key(m.text) for m in mentions}
    rng = random.Random(zlib.crc32(f"w{seed}:{item.document.id}".encode()))
    out, seen = [], set()
    for _ in range(200):
        if len(out) >= k:
            break
        mapping = {}
        for t, category in sorted(swappable.items()):
            pool = [d for d in _designations().get(category, []) if d[1] not in written]
            if pool:
                mapping[t] = rng.choice(pool)
        if not mapping or tuple(sorted(mapping.items())) in seen:
            continue
        seen.add(tuple(sorted(mapping.items())))
        new = {}
        for g in golds:
            hit = next((t for t in mapping if g.get("weapon") and s.weapons_match(g["weapon"], t)), None)
            new[id(g)] = mapping[hit] if hit else None
        if mode == "wcoherent" and any(
                new[id(g)] and _flags(_gold_state(g.get("supplier")) or "", _gold_state(g.get("recipient")) or "",
                                      _key(g["weapon"]), year)
                != _flags(_gold_state(g.get("supplier")) or "", _gold_state(g.get("recipient")) or "",
                          new[id(g)][1], year) for g in golds):
            continue

        def swap(part: str) -> str:
            for t, (name, _) in mapping.items():
                part = re.sub(rf"(?<![\w-]){re.escape(t)}(?![\w-])", name, part)
            return part

        relabelled = [{**g, "weapon": new[id(g)][0] if new[id(g)] else g.get("weapon"),
                       "evidence": swap(g.get("evidence") or "")} for g in golds]
        copy = Document(id=f"{item.document.id}{SWAP}w{len(out)}", text=swap(text),
                        published=item.document.published)
        out.append(LabelledDocument(copy, {"transfers": relabelled}, item.split))
    return out
