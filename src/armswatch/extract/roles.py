"""Step 8a: who supplies and who receives, read from the sentence around a cue.

Prepositions carry roles ("from X" supplier, "to X"/"for X" recipient, "by X" the agent of a
passive), the subject of the cue's verb takes the role its frame names, and a nationality written
on the weapon itself ("Chinese VT-4 tanks", "Bayraktar TB2 Turkish drones") names the supplier
when the text gives no other (rule R2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armswatch.extract.parties import PartyMention
from armswatch.extract.status import Cue
from armswatch.extract.weapons import WeaponMention


@dataclass(frozen=True)
class Roles:
    suppliers: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()


_PREP = re.compile(r"(?:\b(?P<prep>from|to|for|by|with|in|into|at|between|on|of|and)|(?P<poss>'s)) "
                   r"(?:the |a |an |its |their |neighbouring |neighboring |NATO member |"
                   r"fellow |state-owned |state-run )?(?:\w+ ){0,1}$")
_LIST_JOIN = re.compile(r"^(?:,| and|, and| or|, or)\s*$")


def preposition(text: str, mention: PartyMention) -> str | None:
    """The preposition governing a party mention ("from", "to"...), or None for a bare subject."""
    window = text[max(0, mention.start - 40):mention.start]
    match = _PREP.search(window)
    if not match:
        return None
    return match.group("prep") or "of"


def party_list(text: str, parties: list[PartyMention], first: PartyMention) -> list[PartyMention]:
    """A party and the parties listed after it: "in Morocco, Niger, Ethiopia and Tunisia"."""
    out = [first]
    rest = [p for p in parties if p.start > first.start]
    for mention in rest:
        if _LIST_JOIN.match(text[out[-1].end:mention.start]):
            out.append(mention)
        else:
            break
    return out


def read_roles(text: str, cue: Cue, weapon: WeaponMention, parties: list[PartyMention]) -> Roles:
    """Supplier and recipient of one weapon under one cue, as far as this sentence says."""
    names = [p for p in parties if p.form != "demonym" or _on_weapon(text, p, weapon)
             or not _before_noun_phrase(text, p)]
    suppliers = _by_prep(text, names, cue, ("from",)) or _agent(text, names, cue, "supplier")
    recipients = _by_prep(text, names, cue, ("to", "for", "into")) or _agent(text, names, cue, "recipient")
    if cue.frame == "operator":
        recipients = recipients or _operators(text, names, cue)
    if not suppliers:
        suppliers = _nationality(text, parties, weapon)
    if cue.frame == "supplier" and not suppliers:
        suppliers = _subject(text, names, cue, exclude=recipients)
    if cue.frame == "recipient" and not recipients:
        recipients = _subject(text, names, cue, exclude=suppliers)
    if cue.frame == "supplier" and not recipients:
        recipients = _equipped(text, names, cue)
    return Roles(tuple(dict.fromkeys(suppliers)), tuple(dict.fromkeys(recipients)))


def _by_prep(text: str, parties: list[PartyMention], cue: Cue, preps: tuple[str, ...]) -> list[str]:
    for mention in parties:
        if mention.start > cue.start and preposition(text, mention) in preps \
                and not _is_descriptive(text, mention):
            return [p.party for p in party_list(text, parties, mention)]
    return []


def _is_descriptive(text: str, mention: PartyMention) -> bool:
    """'built for Russia', 'originally destined for' name a past buyer, not this one."""
    return bool(re.search(r"\b(?:originally|built|destined|intended|meant|made|designed)\s+\w*\s*$",
                          text[max(0, mention.start - 30):mention.start]))


def _agent(text: str, parties: list[PartyMention], cue: Cue, role: str) -> list[str]:
    """'ordered by Myanmar' (recipient), 'supplied by the UAE' (supplier): the passive's agent."""
    if not cue.passive or (role == "supplier") != (cue.frame == "supplier"):
        return []
    after = [p for p in parties if p.start >= cue.end and p.start - cue.end <= 20]
    return [after[0].party] if after else []


def _subject(text: str, parties: list[PartyMention], cue: Cue, exclude: list[str]) -> list[str]:
    """The nearest party before the cue that no preposition governs (the verb's subject)."""
    before = [p for p in parties if p.end <= cue.start and p.party not in exclude
              and preposition(text, p) in (None, "of", "and")]
    if not before:
        return []
    subject = before[-1]
    group = [p for p in before if p.start < subject.start
             and _LIST_JOIN.match(text[p.end:subject.start])]
    return [p.party for p in (*group, subject)]


def _operators(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """'in service in A, B and C' or 'the operators of X are A and B': the listed parties."""
    after = [p for p in parties if p.start > cue.end and preposition(text, p) not in ("from", "to")]
    if not after:
        return []
    return [p.party for p in party_list(text, parties, after[0])]


def _equipped(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """'equip Myanmar's military with ...', 'provide Ukraine with ...': the object is the recipient."""
    after = [p for p in parties if p.start >= cue.end and p.start - cue.end <= 12]
    return [after[0].party] if after else []


def _on_weapon(text: str, mention: PartyMention, weapon: WeaponMention) -> bool:
    """A nationality written on the weapon's own noun phrase: just before it, or between the
    designation and its class noun."""
    if mention.end <= weapon.start:
        gap = text[mention.end:weapon.start]
        return len(gap) <= 25 and not re.search(r"[,;.]|\b(?:and|or|to|from|with|by|of)\b", gap)
    gap = text[weapon.end:mention.start]
    return len(gap) <= 3 and mention.form == "demonym"


def _before_noun_phrase(text: str, mention: PartyMention) -> bool:
    """A demonym that qualifies some other thing ("Ukrainian conflict", "Chinese drones")."""
    return not re.match(r"\s+(?:government|military|armed forces|army|navy|air force|forces|"
                        r"defen[cs]e|state|president|side|authorities|officials?|companies|company|"
                        r"firms?|minist)", text[mention.end:mention.end + 20])


def nationality(text: str, parties: list[PartyMention], weapon: WeaponMention) -> list[str]:
    return _nationality(text, parties, weapon)


def _nationality(text: str, parties: list[PartyMention], weapon: WeaponMention) -> list[str]:
    return [p.party for p in parties if p.form == "demonym" and _on_weapon(text, p, weapon)][:1]
