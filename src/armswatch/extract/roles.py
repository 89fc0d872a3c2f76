"""Step 8a: who supplies and who receives, read from the sentence around a cue.

Prepositions carry roles ("from X" supplier, "to X"/"for X" recipient, "by X" the agent of a
passive), the subject of the cue's verb takes the role its frame names, and a nationality written
on the weapon itself ("Chinese VT-4 tanks", "Bayraktar TB2 Turkish drones") names the supplier
when the text gives no other (rule R2).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from armswatch.extract.parties import PartyMention
from armswatch.extract.sentence import Sentence
from armswatch.extract.status import Cue
from armswatch.extract.weapons import WeaponMention


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Roles:
    suppliers: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()


_PREP = re.compile(r"(?:\b(?P<prep>from|to|for|by|with|in|into|at|between|on|of|and|against)|(?P<poss>'s)) "
                   r"(?:the |a |an |its |their |neighbouring |neighboring |NATO member |"
                   r"fellow |state-owned |state-run )?(?:\w+ ){0,1}$")
_LIST_JOIN = re.compile(r"^(?:,| and|, and| or|, or)\s*(?:the )?$")
# A list ends at its "and"/"or": a further join opens a new clause ("to Niger and Tunisia, and
# Turkey also sold ...": Turkey is not a recipient of the list). Issue 15.
_LIST_CLOSE = re.compile(r"\b(?:and|or)\b")


def list_groups(text: str, parties: list[PartyMention]) -> list[list[PartyMention]]:
    """The parties in document order cut into lists ("Morocco, Niger and Tunisia"): joined by
    commas, "and" or "or", each list ending at its conjunction."""
    groups: list[list[PartyMention]] = []
    closed = False
    for mention in parties:
        between = text[groups[-1][-1].end:mention.start] if groups else ""
        if groups and not closed and _LIST_JOIN.match(between):
            groups[-1].append(mention)
            closed = _LIST_CLOSE.search(between) is not None
        else:
            groups.append([mention])
            closed = False
    return groups


def list_head(text: str, parties: list[PartyMention], mention: PartyMention) -> PartyMention:
    """The first party of the list a mention is in ("in Morocco, Niger and Tunisia": Morocco)."""
    chain = [mention]  # the parties joined to it before it, then cut where a list closed
    for other in reversed([p for p in parties if p.end <= mention.start]):
        if not _LIST_JOIN.match(text[other.end:chain[-1].start]):
            break
        chain.append(other)
    if len(chain) == 1:
        return mention
    return list_groups(text, chain[::-1])[-1][0]


def preposition(text: str, mention: PartyMention) -> str | None:
    """The preposition governing a party mention ("from", "to"...), or None for a bare subject."""
    return _governing(text[max(0, mention.start - 40):mention.start])


@functools.lru_cache(maxsize=128)  # asked once per cue and weapon of a sentence
def _governing(window: str) -> str | None:
    match = _PREP.search(window)
    if not match:
        return None
    return match.group("prep") or "of"


def party_list(text: str, parties: list[PartyMention], first: PartyMention) -> list[PartyMention]:
    """A party and the parties listed after it: "in Morocco, Niger, Ethiopia and Tunisia"."""
    out = [first]
    rest = [p for p in parties if p.start > first.start]
    for mention in rest:
        between = text[out[-1].end:mention.start]
        if not _LIST_JOIN.match(between):
            break
        out.append(mention)
        if _LIST_CLOSE.search(between):
            break
    return out


def read_roles(text: str, cue: Cue, weapon: WeaponMention, parties: list[PartyMention]) -> Roles:
    """Supplier and recipient of one weapon under one cue, as far as this sentence says."""
    asides = _may_set_aside(text)
    names = [p for p in parties if (p.form != "demonym" or _on_weapon(text, p, weapon)
                                    or not _before_noun_phrase(text, p))
             and not (asides and _aside(text, p))]
    buyers = _order_from(text, names, cue)
    if buyers:  # "Russia has orders from Libya for": the subject sells
        return Roles(tuple(_subject(text, names, cue, exclude=buyers)), tuple(buyers))
    suppliers = _by_prep(text, names, cue, ("from",)) or _agent(text, names, cue, "supplier") \
        or _passive_by(text, names, cue, "supplier") or _origin(text, names, weapon)
    # a nationality written on the weapon names its maker, never its buyer ("to buy Turkish drones")
    buyers = [p for p in names if p.form != "demonym" or not _on_weapon(text, p, weapon)
              or not _before_noun_phrase(text, p)]  # "the Indian Navy inducted ..." buys
    recipients = _by_prep(text, buyers, cue, ("to", "for", "into")) \
        or _agent(text, names, cue, "recipient") or _passive_by(text, names, cue, "recipient")
    if not recipients and text.startswith(("arriv", "reach"), cue.start):  # "arrived in India"
        recipients = _by_prep(text, buyers, cue, ("in",))[:1]
    if cue.frame == "operator":  # "in service in A and B", else the subject: "A operates X"
        recipients = recipients or _operators(text, buyers, cue) \
            or ([] if text.startswith("shot down", cue.start)  # the subject shot it: not its user
                else _subject(text, buyers, cue, exclude=suppliers))
    # "signed a contract with X for", "talks with X on"; "placed an order for 12 K9 with X"
    partner = _partner(text, names, cue) or _deal_partner_after(text, names, cue, weapon)
    if partner and cue.frame == "recipient" and not suppliers:
        suppliers = partner
    if partner and cue.frame == "supplier" and not recipients:
        recipients = partner
    if not suppliers:
        suppliers = _nationality(text, parties, weapon)
    if cue.frame == "supplier" and not suppliers:
        suppliers = _subject(text, names, cue, exclude=recipients)
    if cue.frame == "recipient" and not recipients:
        recipients = _subject(text, buyers, cue, exclude=suppliers)
    if cue.frame == "supplier" and not recipients:
        recipients = _equipped(text, buyers, cue)
    if suppliers and not recipients:  # "India's S-400 systems, supplied by Russia, ..."
        recipients = [p for p in _owner(text, names, weapon) if p not in suppliers]
    return Roles(tuple(dict.fromkeys(suppliers)), tuple(dict.fromkeys(recipients)))


# A subject that points back: "It announced the delivery of", "The country has ordered".
_PRONOUN_SUBJECT = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|but|which|that)\s+)(?:it|they|the (?:country|kingdom|republic|state|"
    r"government|ministry|military|army|navy|air force|armed forces|junta|regime|emirate))"
    r"(?:'s \w+(?: \w+)?)?\s+(?:\w+\s+){0,4}$", re.IGNORECASE)


def with_antecedent(text: str, cue: Cue, roles: Roles, before: list[Sentence]) -> Roles:
    """The role of a pronoun subject ("It received ...", "The country ordered ...") taken by the
    party the sentences just before are about (their first party not governed by a preposition)."""
    if cue.frame not in ("supplier", "recipient") or cue.passive or " with " in text[cue.start:cue.end]:
        return roles  # "agreed with Baykar to supply": the subject is not the one who supplies
    own = roles.suppliers if cue.frame == "supplier" else roles.recipients
    if own or not _PRONOUN_SUBJECT.search(text[:cue.start]):
        return roles
    other = roles.recipients if cue.frame == "supplier" else roles.suppliers
    for sentence in reversed(before):
        subjects = [p.party for p in sentence.parties if p.form in ("name", "capital", "organ")
                    and preposition(sentence.text, p) in (None, "of") and p.party not in other]
        if subjects:
            found = (subjects[0],)
            return Roles(found, roles.recipients) if cue.frame == "supplier" \
                else Roles(roles.suppliers, found)
    return roles


def _by_prep(text: str, parties: list[PartyMention], cue: Cue, preps: tuple[str, ...]) -> list[str]:
    for mention in parties:
        if mention.start > cue.start and preposition(text, mention) in preps \
                and not _is_descriptive(text, mention):
            return [p.party for p in party_list(text, parties, mention)]
    return []


_DESCRIPTIVE = re.compile(r"\b(?:originally|built|destined|intended|meant|made|designed)\s+\w*\s*$")


def _is_descriptive(text: str, mention: PartyMention) -> bool:
    """'built for Russia', 'originally destined for' name a past buyer, not this one."""
    return bool(_DESCRIPTIVE.search(text[max(0, mention.start - 30):mention.start]))


_DEAL_NOUNS = r"deal|contract|agreement|order"
_DEAL_WITH = re.compile(rf"\b(?:{_DEAL_NOUNS}|negotiat\w*|talks|discussions?|discussing) with\b")


def _partner(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """The other party of a deal or of talks named inside the cue ("signed a contract with South
    Korea ... for", "negotiating with France over the purchase of"): the role the subject lacks."""
    if not _DEAL_WITH.search(text, cue.start, cue.end):
        return []
    return [p.party for p in parties if cue.start < p.start < cue.end
            and preposition(text, p) == "with"][:1]


_ORDER_FROM = re.compile(r"\borders? from\b")


def _order_from(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """The buyer named inside an order held by the supplier ("has orders from Libya for", "won an
    order from Indonesia for"): "from" names the customer here, not the supplier."""
    if cue.frame != "supplier" or not _ORDER_FROM.search(text, cue.start, cue.end):
        return []
    return [p.party for p in parties if cue.start < p.start < cue.end
            and preposition(text, p) == "from"][:1]


_DEAL = re.compile(rf"\b(?:{_DEAL_NOUNS})s?\b")
_WITH_GAP = re.compile(r"(?: [a-z][\w-]*){0,2} with (?:the )?")


def _deal_partner_after(text: str, parties: list[PartyMention], cue: Cue,
                        weapon: WeaponMention) -> list[str]:
    """The other party of a deal named right after the weapon it is for ("signed a deal for 20
    Su-30 fighters with Russia", "placed an order for 12 K9 howitzers with South Korea")."""
    if weapon.start < cue.end or not _DEAL.search(text, cue.start, cue.end):
        return []
    for mention in parties:
        if weapon.end <= mention.start <= weapon.end + 25:
            if _WITH_GAP.fullmatch(text, weapon.end, mention.start):
                return [mention.party]
    return []


def _origin(text: str, parties: list[PartyMention], weapon: WeaponMention) -> list[str]:
    """'T-90 tanks from Russia ...': a "from" right after the weapon's noun phrase, before or
    after the cue, names where the weapon came from."""
    for mention in parties:
        if weapon.end <= mention.start <= weapon.end + 25:
            gap = text[weapon.end:mention.start]
            if _FROM_GAP.fullmatch(gap):
                return [mention.party]
    return []


_FROM_GAP = re.compile(r"(?: [a-z][\w-]*){0,2} from (?:the )?")


def _agent(text: str, parties: list[PartyMention], cue: Cue, role: str) -> list[str]:
    """'ordered by Myanmar' (recipient), 'supplied by the UAE' (supplier): the passive's agent."""
    if not cue.passive or (role == "supplier") != (cue.frame == "supplier"):
        return []
    after = [p for p in parties if p.start >= cue.end and p.start - cue.end <= 20]
    return [after[0].party] if after else []


_AUXILIARY = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+(?:\w+ly\s+)?$")
_PASSIVE_INSIDE = re.compile(r"\b(?:be|been|being)\s+\w+$")  # the cue "will be supplied"


def subject_of(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """The subject of a cue's verb (``_subject``, no party excluded): a feature of the learned
    transfer model (``learning.transfer_features``)."""
    return _subject(text, parties, cue, exclude=[])


def agent_of(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """The agent of a passive cue (``_agent``, in the cue's own frame)."""
    return _agent(text, parties, cue, "supplier" if cue.frame == "supplier" else "recipient")


def _passive_by(text: str, parties: list[PartyMention], cue: Cue, role: str) -> list[str]:
    """'were delivered to the Afghan air force by Russia', 'are to be handed over by Germany': a
    passive's agent after other phrases (a supplier, unless the verb is one of receiving)."""
    frames = ("supplier", "neutral") if role == "supplier" else ("recipient",)
    if cue.frame not in frames or not (_AUXILIARY.search(text, 0, cue.start)
                                       or _PASSIVE_INSIDE.search(text, cue.start, cue.end)):
        return []
    for mention in parties:  # in the verb's own clause: not "..., according to a report by X"
        if cue.end <= mention.start <= cue.end + 40 and preposition(text, mention) == "by" \
                and not _CLAUSE_BREAK.search(text, cue.end, mention.start):
            return [p.party for p in party_list(text, parties, mention)]
    return []


_CLAUSE_BREAK = re.compile(r"[,;:()]")


def _subject(text: str, parties: list[PartyMention], cue: Cue, exclude: list[str]) -> list[str]:
    """The nearest party before the cue that no preposition governs (the verb's subject)."""
    before = [p for p in parties if p.end <= cue.start and p.party not in exclude
              and preposition(text, p) in (None, "of", "and")]
    if not before:
        return []
    subject = before[-1]
    head = list_head(text, parties, subject)
    if head is subject:  # it heads its list, or is in none
        return [subject.party]
    # the whole list up to the subject: "France, Germany and Italy sold" (the list's members were
    # joined only when right before the subject, so France was lost; issue 15)
    return [p.party for p in before if head.start <= p.start <= subject.start]


_ASIDE = re.compile(r"\b(?:in addition to|besides|apart from|aside from|other than|except(?: for)?)"
                    r"\s+(?:the\s+)?$")


def _aside(text: str, mention: PartyMention) -> bool:
    """'in addition to Turkey itself', 'apart from India': set aside, not a role of the claim."""
    return _ASIDE.search(text[max(0, mention.start - 30):mention.start]) is not None


# Every match of _ASIDE (case-sensitive) holds one of these words.
_ASIDE_WORDS = ("addition", "besides", "apart", "aside", "other than", "except")


@functools.lru_cache(maxsize=64)  # asked once per cue and weapon of a sentence
def _may_set_aside(text: str) -> bool:
    """False when no window of the sentence can set a party aside (none of _ASIDE_WORDS in it)."""
    return any(word in text for word in _ASIDE_WORDS)


def _operators(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """'in service in A, B and C' or 'the operators of X are A and B': the listed parties; one
    set aside ("in addition to A itself, B and C") is not the list."""
    # not the source, nor the target ("deployed Israeli-made Harop drones against Armenia")
    after = [p for p in parties
             if p.start > cue.end and preposition(text, p) not in ("from", "to", "against")]
    if not after:
        return []
    return [p.party for p in party_list(text, parties, after[0])]


def _owner(text: str, parties: list[PartyMention], weapon: WeaponMention) -> list[str]:
    """'India's S-400 systems', "Egypt's new Rafales": the possessor written on the weapon."""
    return [p.party for p in parties if p.possessive and p.end <= weapon.start
            and _OWNED_GAP.fullmatch(text, p.end, weapon.start)][-1:]


_OWNED_GAP = re.compile(r"'s? (?:[a-z][\w-]* ){0,2}")


def _equipped(text: str, parties: list[PartyMention], cue: Cue) -> list[str]:
    """'equip Myanmar's military with ...', 'provide Ukraine with ...': the object is the recipient
    (not after a passive: "supplied by Russia" names the agent)."""
    if cue.passive:
        return []
    after = [p for p in parties if p.start >= cue.end and p.start - cue.end <= 12]
    return [after[0].party] if after else []


def _on_weapon(text: str, mention: PartyMention, weapon: WeaponMention) -> bool:
    """A nationality written on the weapon's own noun phrase: just before it, or between the
    designation and its class noun."""
    if mention.end <= weapon.start:
        gap = text[mention.end:weapon.start]
        return len(gap) <= 25 and not _GAP_STOP.search(gap)
    gap = text[weapon.end:mention.start]
    return len(gap) <= 3 and mention.form == "demonym"


def _before_noun_phrase(text: str, mention: PartyMention) -> bool:
    """A demonym that qualifies some other thing ("Ukrainian conflict", "Chinese drones")."""
    return not _ORGAN_AFTER.match(text, mention.end, mention.end + 20)


_ORGAN_AFTER = re.compile(r"\s+(?:government|military|armed forces|army|navy|air force|forces|"
                          r"defen[cs]e|state|president|side|authorities|officials?|companies|"
                          r"company|firms?|minist)", re.IGNORECASE)
_GAP_STOP = re.compile(r"[,;.]|\b(?:and|or|to|from|with|by|of)\b")


def nationality(text: str, parties: list[PartyMention], weapon: WeaponMention) -> list[str]:
    return _nationality(text, parties, weapon)


def _nationality(text: str, parties: list[PartyMention], weapon: WeaponMention) -> list[str]:
    # not one that heads a state organ ("the Vietnamese Air Force flies ...": the operator)
    return [p.party for p in parties if p.form == "demonym" and _on_weapon(text, p, weapon)
            and _before_noun_phrase(text, p)][:1]
