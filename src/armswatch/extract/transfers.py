"""Step 8: transfer claims, assembled per sentence and completed across the document.

For each weapon mention the governing cue is the nearest one before it (the verb whose object it
is) or, failing that, just after it ("X were delivered", "X are in service in ..."); a participle
after the weapon ("... ordered from France in 2016") adds a second claim. A sentence with a cue but
no weapon inherits the weapons of a recent sentence when it points back ("these aircraft", "the
deal", "this"). Roles a sentence leaves open are filled from the other claims of the same weapon in
the document, never from the register's usual supplier (corpus README, error source 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from armswatch.extract.dates import Anchor, year_near
from armswatch.extract.gazetteer import weapon_key
from armswatch.extract.model import Evidence, Status, Transfer
from armswatch.extract.quantities import quantities_before
from armswatch.extract.roles import Roles, nationality, read_roles, with_antecedent
from armswatch.extract.sentence import Sentence
from armswatch.extract.status import Cue
from armswatch.extract.triggers import fold
from armswatch.extract.weapons import WeaponMention, named_of

_ANAPHOR = re.compile(r"\b(?:these|those|this|them|the (?:\w+ )?(?:deal|contract|sale|purchase|"
                      r"system|systems|aircraft|jets|drones|ships|warships|vessels|tanks|units|"
                      r"components|order|batch|weapons|missiles|helicopters|fighters))\b",
                      re.IGNORECASE)
# matched case-sensitively on triggers.fold's text (lower case, the same offsets): the same spans,
# the case-insensitive search of a whole sentence ~3x slower (as statistics._CUE4_FOLDED; speed)
_ANAPHOR_FOLDED = re.compile(_ANAPHOR.pattern)
# A generic class after these words describes a capability, not a transfer ("can carry 16
# helicopters", "to track drones"): corpus README, error source 4.
_NOT_TRANSFERRED = re.compile(r"\b(?:carry|carrying|against|track|tracking|detect|counter|repel|"
                              r"intercept|destroy|shoot down|defend|protect|such as|including|"
                              r"lost|losses|destroyed|captured|knocked out)\b"
                              r"[^,.;]{0,30}(?:, [^,.;]{0,30}){0,3}$")  # or a list after it
_LOOKBACK = 6
# A subordinate clause between a verb and a weapon ends the verb's reach: "chose to buy Turkish
# drones after a poor showing of Chinese drones" buys no Chinese drones.
_SUBORDINATE = re.compile(r"\b(?:after|because|since|while|whereas|although|though|despite|unlike|"
                          r"following|instead of|rather than)\b")


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Draft:
    weapon: WeaponMention
    cue: Cue
    roles: Roles
    quantity: int | None
    year: int | None
    sentence: Sentence
    inherited: bool


def find_transfers(sentences: list[Sentence], anchor: Anchor) -> list[Transfer]:
    drafts: list[Draft] = []
    history: list[tuple[int, list[WeaponMention]]] = []
    named_at = _named_mentions(sentences)
    profile = _document_profile(sentences)
    for index, sentence in enumerate(sentences):
        weapons = _resolved([w for w in sentence.weapons if not w.reference_only], index, named_at,
                            sentence, profile) if sentence.weapons else []
        if sentence.cues:
            drafts += _drafts(sentence, weapons, anchor, sentences[max(0, index - 2):index])
            if not weapons and _ANAPHOR_FOLDED.search(fold(sentence.text)):
                drafts += _inherited(sentence, history, index, anchor)
        named = [w for w in weapons if not w.generic]
        if named:
            history.append((index, named))
    return _without_redundant_sightings(_distinct(_claims(drafts, profile)))


def _named_mentions(sentences: list[Sentence]) -> dict[int, list[WeaponMention]]:
    """Per sentence index, its named weapons (a sentence without weapons is left out)."""
    return {s.index: [w for w in s.weapons if not w.generic and not w.reference_only]
            for s in sentences if s.weapons}


def _resolved(weapons: list[WeaponMention], index: int, named_at: dict[int, list[WeaponMention]],
              sentence: Sentence, profile: dict[str, tuple[str, str]]) -> list[WeaponMention]:
    """A generic class stands for the named system of the same category nearby ("two Mistral
    warships ... the two warships", "Bayraktar TB2 ... six UAVs"); else it stays generic.

    Not when the category says nothing ("Other": ground stations are not the drones), nor when
    the class carries a nationality not written on the system ("Chinese drones" after "Turkish
    TB2s" are other drones)."""
    out: list[WeaponMention] = []
    for weapon in weapons:
        if not weapon.generic or weapon.category == "Other" or named_of(weapon.category, weapons):
            out.append(weapon)  # named, or a class that says nothing, or its system is here
            continue
        found = _nearest_named(weapon, index, named_at)
        own = nationality(sentence.text, sentence.parties, weapon) if found else []
        found = [n for n in found if not own or profile.get(_key(n), ("",))[0] == own[0]]
        out += [WeaponMention(weapon.start, weapon.end, n.text, n.designation, n.category, False)
                for n in found] or [weapon]
    return out


def _nearest_named(weapon: WeaponMention, index: int,
                   named_at: dict[int, list[WeaponMention]]) -> list[WeaponMention]:
    for distance in (0, 1, 2, 3, 4, 5, 6, -1, -2):  # before first: anaphora points back
        named = named_at.get(index - distance)
        if named:
            same = [w for w in named if w.category == weapon.category]
            if same:
                return same
    return []


def _document_profile(sentences: list[Sentence]) -> dict[str, tuple[str, str]]:
    """Per weapon: the nationality written on it anywhere ("French Mistrals") and its class."""
    profile: dict[str, tuple[str, str]] = {}
    for sentence in sentences:
        for weapon in sentence.weapons:
            if weapon.generic:
                continue
            found = nationality(sentence.text, sentence.parties, weapon)
            if found:
                profile.setdefault(_key(weapon), (found[0], weapon.category))
    return profile


def _without_redundant_sightings(transfers: list[Transfer]) -> list[Transfer]:
    """R6: 'in service or sighted' only when the text does not describe the transfer itself; and
    a plan is superseded when the document reports the order or the delivery it led to."""
    described = {(t.supplier, t.recipient, t.designation or t.weapon) for t in transfers
                 if t.status != "in_service_sighted"}
    concluded = {_triple(t) for t in transfers if t.status in ("ordered", "delivered")}
    return [t for t in transfers
            if (t.status != "in_service_sighted"
                or (t.supplier, t.recipient, t.designation or t.weapon) not in described)
            and (t.status != "planned_or_negotiating" or _triple(t) not in concluded)]


def _triple(transfer: Transfer) -> tuple[str | None, str | None, str | None]:
    return (transfer.supplier, transfer.recipient,
            transfer.designation or transfer.weapon or transfer.weapon_generic)


def _drafts(sentence: Sentence, weapons: list[WeaponMention], anchor: Anchor,
            before: list[Sentence] = ()) -> list[Draft]:  # type: ignore[assignment]
    out = []
    for weapon in weapons:
        if weapon.generic and not _generic_is_object(sentence, weapon):
            continue
        cues = _cues_for(sentence, weapon)
        if not cues:
            continue
        part, total = quantities_before(sentence.text, weapon.start)  # the same for every cue
        for cue, whole in cues:
            roles = with_antecedent(sentence.text, cue, read_roles(sentence.text, cue, weapon,
                                                                  sentence.parties), before)
            out.append(Draft(weapon, cue, roles,
                             total if whole else part, year_near(sentence.text, cue.start, anchor),
                             sentence, False))
    return out


def _generic_is_object(sentence: Sentence, weapon: WeaponMention) -> bool:
    if _NOT_TRANSFERRED.search(sentence.text[max(0, weapon.start - 60):weapon.start]):
        return False
    named = [w for w in sentence.weapons if not w.generic and w.category == weapon.category]
    return not named and any(c.start < weapon.start for c in sentence.cues)


def _cues_for(sentence: Sentence, weapon: WeaponMention) -> list[tuple[Cue, bool]]:
    """The governing cue, plus a participle cue after the weapon when it names another status."""
    before = [c for c in sentence.cues if c.end <= weapon.start and weapon.start - c.end <= 160
              and not _SUBORDINATE.search(sentence.text, c.end, weapon.start)]
    after = [c for c in sentence.cues if c.start >= weapon.end and c.start - weapon.end <= 60]
    if before:
        main = before[-1]
        extra = [c for c in after[:1] if c.status == "ordered" and c.status != main.status
                 and c.frame == "recipient"]
        return [(main, False), *[(c, True) for c in extra]]
    if after[1:] and after[0].status == "ordered" and after[1].status == "delivered":
        # "the 36 Rafales ordered from France arrived in India": the order and the delivery
        return [(after[0], True), (after[1], False)]  # the order is of the whole: "the first of 36"
    return [(after[0], False)] if after else []


def _inherited(sentence: Sentence, history: list[tuple[int, list[WeaponMention]]], index: int,
               anchor: Anchor) -> list[Draft]:
    recent = [named for at, named in history if index - at <= _LOOKBACK]
    if not recent:
        return []
    pointer = _ANAPHOR_FOLDED.search(fold(sentence.text))
    assert pointer is not None
    cue = min(sentence.cues, key=lambda c: abs(c.start - pointer.start()))
    out = []
    for weapon in recent[-1]:
        at = WeaponMention(pointer.start(), pointer.end(), weapon.text, weapon.designation,
                           weapon.category, False)
        out.append(Draft(at, cue, read_roles(sentence.text, cue, at, sentence.parties), None,
                         year_near(sentence.text, cue.start, anchor), sentence, True))
    return out


def _key(weapon: WeaponMention) -> str:
    return weapon.designation or weapon_key(weapon.text)


def _claims(drafts: list[Draft], profile: dict[str, tuple[str, str]]) -> list[Transfer]:
    """Fill open roles from the other drafts of the same weapon, then one claim per party pair."""
    suppliers: dict[str, list[tuple[str, ...]]] = {}
    recipients: dict[str, list[tuple[str, ...]]] = {}
    keys = [_key(draft.weapon) for draft in drafts]
    for draft, key in zip(drafts, keys):
        if draft.roles.suppliers:
            suppliers.setdefault(key, []).append(draft.roles.suppliers)
        if draft.roles.recipients:
            recipients.setdefault(key, []).append(draft.roles.recipients)
    roles = []
    for draft, key in zip(drafts, keys):
        written = profile.get(key)
        named = {p.party for p in draft.sentence.parties}
        sup = draft.roles.suppliers or _known(suppliers.get(key), named) \
            or ((written[0],) if written else ())
        rec = draft.roles.recipients or _known(recipients.get(key), named)
        roles.append((sup, rec))
    out = []
    for draft, (sup, rec) in zip(drafts, roles):
        if not sup and rec:  # "in addition to the drones, X will receive two ground stations":
            sup = next((s for other, (s, r) in zip(drafts, roles)  # the deal of the same sentence
                        if other.sentence is draft.sentence and s and set(r) & set(rec)), ())
        filled = not draft.roles.suppliers or not draft.roles.recipients
        # a list of suppliers the sentence itself names ("the US and Germany have delivered");
        # of those filled in from elsewhere only the first
        for supplier in sup if draft.roles.suppliers else sup[:1]:
            out += [_transfer(draft, supplier, r, filled) for r in rec if r != supplier]
    return out


def _known(found: list[tuple[str, ...]] | None, named: set[str]) -> tuple[str, ...]:
    """The parties another claim on the weapon gives a role: those named in this sentence
    first ("Russia paid before the deal was stopped": Russia's deal, not a later buyer's)."""
    if not found:
        return ()
    for parties in found:  # a loop, not next() over a generator (speed, the eleventh round)
        if not named.isdisjoint(parties):
            return parties
    return found[0]


def _transfer(draft: Draft, supplier: str, recipient: str, filled: bool) -> Transfer:
    weapon, sentence = draft.weapon, draft.sentence
    confidence = 0.85 - 0.15 * filled - 0.15 * draft.inherited - 0.1 * weapon.generic
    return Transfer(
        supplier=supplier, recipient=recipient,
        weapon=None if weapon.generic else weapon.text, designation=weapon.designation,
        category=weapon.category, quantity=draft.quantity, status=draft.cue.status,
        year=draft.year, evidence=sentence.evidence, confidence=max(confidence, 0.3),
        weapon_generic=weapon.text if weapon.generic else None)


def _distinct(transfers: list[Transfer]) -> list[Transfer]:
    """One claim per (supplier, recipient, weapon, status) — rule R4 — the best-stated kept."""
    best: dict[tuple[object, ...], Transfer] = {}
    for transfer in transfers:
        weapon = transfer.designation or weapon_key(transfer.weapon or transfer.weapon_generic or "")
        key = (transfer.supplier, transfer.recipient, weapon, transfer.status)
        kept = best.get(key)
        if kept is None or _score(transfer) > _score(kept):
            best[key] = transfer if kept is None else _merged(transfer, kept)
    return list(best.values())


def _score(transfer: Transfer) -> tuple[int, float]:
    return (transfer.quantity is not None, transfer.confidence)


def _merged(better: Transfer, other: Transfer) -> Transfer:
    return replace(better, quantity=better.quantity if better.quantity is not None else other.quantity,
                   year=better.year if better.year is not None else other.year)


__all__ = ["find_transfers", "Status"]
