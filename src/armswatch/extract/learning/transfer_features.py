"""Transfer candidates and their features: what the learned transfer model decides over.

A candidate is one weapon (a designation, or a generic class with its category) with an ordered
pair of parties (supplier, recipient), gathered over every mention of the weapon in the document.
The generator is wide on purpose (issue 15: recall first): every party of the weapon's sentence,
of the sentence before and after, of the title and the document's two main parties. Features say
where each party stands (same sentence, before or after the weapon, the word before it: "from",
"to", "by"), the status cues near the weapon, what the rule extractor read (its claims are
features, never the answer), and register priors (does SIPRI list this designation from this
supplier, to this recipient?). Plain strings, so the model is a dict of weights.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from armswatch.extract.gazetteer import weapon_key
from armswatch.extract.dates import years
from armswatch.extract.learning.priors import (register_last_year, register_priors,
                                               register_timelines)
from armswatch.extract.model import Transfer
from armswatch.extract.parties import PartyMention
from armswatch.extract.roles import agent_of, list_groups, list_head, subject_of
from armswatch.extract.sentence import Sentence
from armswatch.extract.status import may_negate, negated as clause_negated
from armswatch.extract.triggers import fold
from armswatch.extract.weapons import WeaponMention, named_of

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
# every ASCII character but the letters and "-" as a space (_words)
_NOT_WORD = {code: " " for code in range(128) if not ("a" <= chr(code) <= "z" or chr(code) == "-")}


def _words(lower: str) -> list[str]:
    """``_WORD.findall(lower)``: on ASCII text without "-", the pieces between the characters a
    word cannot hold, split by ``str.translate`` and ``str.split`` in C (the tenth speed round;
    tests/test_extract_speed_gates.py checks the two give the same words)."""
    if "-" in lower or not lower.isascii():
        return _WORD.findall(lower)
    return lower.translate(_NOT_WORD).split()


# words whose presence near a weapon says something about status; everything else is noise here
_PREP_WINDOW = 24  # characters before a party mention read for its governing preposition
_PREP = re.compile(r"\b(from|to|by|for|with|of|in|and|at|on|into|between|against|via|"
                   r"like|than|as|including|such as)\s+(?:the\s+|its\s+|their\s+)?[\w'-]*\s*$")
_CONTEXT_SENTENCES = 1
_MAX_PARTIES = 16


@dataclass(slots=True)
class Candidate:
    """One (weapon, supplier, recipient) of a document, with its mentions and features."""

    key: tuple[str, str]  # ("d", weapon key) or ("g", category) for a generic class
    weapon: WeaponMention  # the first, most specific mention (named over generic)
    at: int  # the index of the sentence of ``weapon``
    supplier: str
    recipient: str
    sentences: list[int] = field(default_factory=list)  # where the weapon was mentioned with them
    features: set[str] = field(default_factory=set)
    # what speaks of the supplier's and of the recipient's role alone (the role models' rows)
    supplier_features: set[str] = field(default_factory=set)
    recipient_features: set[str] = field(default_factory=set)
    # the parties listed with the recipient ("in service in A, B and C") where the weapon is named
    # with it: transfers.predict lets a list share the pair probability of its likeliest member
    recipient_mates: set[str] = field(default_factory=set)
    supplier_mates: set[str] = field(default_factory=set)  # the same for the supplier
    # the most specific form of the system the document gives with the pair, where a later
    # mention writes a variant's letters onto the first one's code ("K2" then "K2PL"): the name
    # claimed (rule R5: the scorer cannot match "K2" to "K2PL", a code under three characters)
    specific: str | None = None
    asserted: bool = False  # a mention of the weapon with the pair is not under negation (status.negated)


def weapon_group(weapon: WeaponMention) -> tuple[str, str]:
    if weapon.generic:
        return ("g", weapon.category)
    return ("d", weapon_key(weapon.designation or weapon.text))


def main_parties(sentences: list[Sentence], top: int = 2) -> list[str]:
    counts = Counter(p.party for s in sentences for p in s.parties if not p.made)
    # most_common(n) runs heapq.nlargest as Python bytecode; the sorted list cut is the same list
    # (ties in first-seen order) in C (speed)
    return [party for party, _ in counts.most_common()[:top]]


def _preposition(text: str, mention: PartyMention) -> str:
    found = _PREP.search(text[max(0, mention.start - _PREP_WINDOW):mention.start])
    return found.group(1).replace(" ", "_") if found else "none"


def list_mates(sentence: Sentence) -> dict[str, set[str]]:
    """Per party of the sentence, the other parties of the list it is in ("Morocco, Niger and
    Tunisia"): parties joined by commas, "and" or "or" only."""
    out: dict[str, set[str]] = {}
    for group in list_groups(sentence.text, sentence.parties):
        _add_group(out, group)
    return out


def _add_group(out: dict[str, set[str]], group: list[PartyMention]) -> None:
    if len(group) > 1:
        names = {p.party for p in group}
        for name in names:
            out.setdefault(name, set()).update(names - {name})


def _weapon_context(sentence: Sentence, weapon: WeaponMention) -> list[str]:
    """The words right before and after a weapon ("delivered the", "drones to")."""
    before = _words(sentence.text[max(0, weapon.start - 40):weapon.start].lower())[-4:]
    after = _words(sentence.text[weapon.end:weapon.end + 40].lower())[:4]
    out = [f"wb:{w}" for w in before] + [f"wa:{w}" for w in after]
    if weapon.generic and named_of(weapon.category, sentence.weapons):
        out.append("generic_beside_named")  # "Su-35 aircraft": the class of a named system
    return out


def _bucket(distance: int) -> str:
    for limit in (15, 40, 80, 160):
        if distance <= limit:
            return str(limit)
    return "far"


def _words_between(text: str, a: int, b: int) -> list[str]:
    return _words(text[min(a, b):max(a, b)].lower())


def _few_words(text: str, most: int) -> list[str] | None:
    """``_WORD``'s words of ``text`` lower-cased when there are at most ``most`` of them, else
    None: the words between a party and a weapon are features only when that few (``_words``
    reads the whole span in C, cheaper than stopping a search at the word after them)."""
    out = _words(text.lower())
    return out if len(out) <= most else None


def _cue_grammar(sentence: Sentence, weapon: WeaponMention) -> dict[str, list[str]]:
    """Per party of the weapon's sentence, what it is to the trade verbs nearest the weapon (the
    last before it, the first after it, of a supplier's or a buyer's frame): the subject of an
    active one ("Turkey sold the drones": "subj:supplier:before") or the agent of a passive one
    ("were ordered by Poland": "agent:recipient:after"). With the title mark ("headline",
    ``_party_place``): four-split strict F1 0.5425 -> 0.544, other folds' bar 0.533 -> 0.538
    (docs/extraction-rounds.md, twelfth round)."""
    before = after = None
    for cue in sentence.cues:
        if cue.frame not in ("supplier", "recipient"):
            continue
        if cue.end <= weapon.start:
            before = cue
        elif cue.start >= weapon.end and after is None:
            after = cue
    out: dict[str, list[str]] = {}
    for cue, side in ((before, "before"), (after, "after")):
        if cue is None:
            continue
        if cue.passive:
            role, found = "agent", agent_of(sentence.text, sentence.parties, cue)
        else:
            role, found = "subj", subject_of(sentence.text, sentence.parties, cue)
        for party in found:
            out.setdefault(party, []).append(f"{role}:{cue.frame}:{side}")
    return out


def _party_place(party: str, sentence: Sentence, index: int, weapon: WeaponMention,
                 names: list[frozenset[str]], main: list[str], named: set[str],
                 grammar: dict[str, list[str]]) -> list[str]:
    """Where a party stands relative to one weapon mention, as feature strings without their
    role ("s:" or "r:", put before each by ``_add_mention``): the same for the party as
    supplier and as recipient, so worked out once per party (speed). ``names`` holds each
    sentence's party names (``candidates``); ``grammar`` the parties' part in the nearest trade
    verbs (``_cue_grammar``)."""
    out = []
    if party in names[index]:
        out += grammar.get(party, ())
        if index > 0 and party in names[0]:
            out.append("headline")  # named in the title too
        mentions = [p for p in sentence.parties if p.party == party]
        near = min(mentions, key=lambda p: abs(p.start - weapon.start))
        side = "before" if near.start < weapon.start else "after"
        distance = weapon.start - near.end if side == "before" else near.start - weapon.end
        # the preposition before its list's first party governs the whole list ("in Morocco, Niger
        # and Tunisia")
        prep = _preposition(sentence.text, list_head(sentence.text, sentence.parties, near))
        first = sentence.parties[0].party == party
        out += ["here", side, f"{side}:{_bucket(max(distance, 0))}",
                f"prep:{prep}", f"{side}:prep:{prep}", f"form:{near.form}",
                f"first:{first}"]
        if near.made:
            out.append("made")
        if near.possessive:
            out.append("possessive")
        if side == "before" and distance <= 2:
            out.append("on_weapon")  # "Russian Su-30s", "China's J-10"
        a, b = (near.end, weapon.start) if side == "before" else (weapon.end, near.start)
        between = _few_words(sentence.text[min(a, b):max(a, b)], 3)  # as _words_between
        for cue in sentence.cues:
            lo, hi = sorted((near.start, weapon.start))
            if lo <= cue.start <= hi:
                out.append(f"cue_between:{cue.frame}")
                out.append(f"cue_between:{cue.status}:{cue.frame}:{side}")
        if between is not None:
            out += [f"{side}:w:{w}" for w in between]
    else:
        where = "elsewhere"
        # set look-ups in the sentences' party names, not a generator over their mentions (speed)
        for offset in range(1, _CONTEXT_SENTENCES + 1):
            for other, name in ((index - offset, "prev"), (index + offset, "next")):
                if 0 <= other < len(names) and party in names[other]:
                    where = name if where == "elsewhere" else where
        if index > 0 and party in names[0]:
            out.append("in_title")
        out.append(where)
    if party in main:
        out.append(f"main{main.index(party)}")
    if party not in named:  # named: every party of the document's sentences
        out.append("register_only")  # never named: the register's usual supplier
    return out


def _cue_features(sentence: Sentence, weapon: WeaponMention) -> list[str]:
    out = []
    before = [c for c in sentence.cues if c.end <= weapon.start]
    after = [c for c in sentence.cues if c.start >= weapon.end]
    if before:
        cue = before[-1]
        out += [f"cue_before:{cue.status}", f"cue_before:{cue.frame}",
                f"cue_before:{cue.status}:{_bucket(weapon.start - cue.end)}"]
    if after:
        cue = after[0]
        out += [f"cue_after:{cue.status}", f"cue_after:{cue.frame}:{cue.passive}",
                f"cue_after:{cue.status}:{_bucket(cue.start - weapon.end)}"]
    if not sentence.cues:
        out.append("no_cue")
    return out


def candidates(sentences: list[Sentence], rule_claims: list[Transfer]) -> list[Candidate]:
    """Every (weapon, supplier, recipient) the document could assert, with features."""
    pairs, by_sup, by_rec, maker = register_priors()
    main = main_parties(sentences)
    # each sentence's party names and all of them, gathered once (speed)
    names = [frozenset([p.party for p in s.parties]) for s in sentences]
    named = set().union(*names)
    found: dict[tuple[tuple[str, str], str, str], Candidate] = {}
    roles: dict[tuple[str, tuple[str, str], str], set[str]] = {}  # the shared role rows
    title = sentences[0] if sentences else None
    for index, sentence in enumerate(sentences):
        weapons = [w for w in sentence.weapons if not w.reference_only]
        if not weapons:
            continue
        near = [p.party for p in sentence.parties]
        for offset in range(1, _CONTEXT_SENTENCES + 1):
            for other in (index - offset, index + offset):
                if 0 <= other < len(sentences):
                    near += [p.party for p in sentences[other].parties]
        if title is not None:
            near += [p.party for p in title.parties]
        near += main
        parties = list(dict.fromkeys(near))[:_MAX_PARTIES]
        mates = list_mates(sentence)
        for weapon in weapons:
            _add_mention(found, roles, sentences, names, index, weapon, parties, main, maker, named,
                         mates)
    _add_document_features(found, roles, rule_claims, pairs, by_sup, by_rec)
    return list(found.values())


def _add_mention(found: dict, roles: dict, sentences: list[Sentence], names: list[frozenset[str]],
                 index: int, weapon: WeaponMention, parties: list[str], main: list[str],
                 maker: dict[str, str], named: set[str], mates: dict[str, set[str]]) -> None:
    """The candidates of one weapon mention: every ordered pair of nearby parties, one of them
    named in the mention's sentence, with the features of this mention added to each.

    A candidate's ``supplier_features`` are one set shared by every candidate of its (weapon,
    supplier), kept in ``roles``, and its ``recipient_features`` one of its (weapon, recipient):
    the role models' rows (``transfers.role_rows``), the union over the candidates that give the
    party the role, filled once per (mention, party) instead of once per pair (speed: the same
    rows, built in the same order)."""
    sentence = sentences[index]
    here = names[index]
    group = weapon_group(weapon)
    usual = maker.get(group[1]) if group[0] == "d" else None
    suppliers = parties if usual is None or usual in parties else [*parties, usual]
    common = [f"generic:{weapon.generic}", f"category:{weapon.category}",
              *_cue_features(sentence, weapon), *_weapon_context(sentence, weapon)]
    negated = may_negate(sentence.triggers, sentence.text) and clause_negated(
        fold(sentence.text), weapon.start, weapon.end)
    grammar = _cue_grammar(sentence, weapon) if sentence.cues else {}
    rec_cache: dict[str, list[str]] = {}
    # _party_place per party, for both roles (speed)
    places: dict[str, list[str]] = {}

    def role_features(role: str, party: str) -> list[str]:
        """The party's features in the role."""
        place = places.get(party)
        if place is None:
            place = places[party] = _party_place(party, sentence, index, weapon, names, main,
                                                 named, grammar)
        return [f"{role}:{f}" for f in place]

    for supplier in suppliers:
        sup_features: list[str] | None = None  # worked out at its first pair (speed)
        for recipient in parties:
            if recipient == supplier or (supplier not in here and recipient not in here):
                continue  # neither named with the weapon: rarely a claim, many pairs
            if sup_features is None:
                sup_features = role_features("s", supplier)
                sup_row = roles.get(("supplier", group, supplier))
                if sup_row is None:
                    sup_row = roles[("supplier", group, supplier)] = set()
                sup_row.update(common, sup_features)
            rec_features = rec_cache.get(recipient)
            if rec_features is None:
                rec_features = rec_cache[recipient] = role_features("r", recipient)
                rec_row = roles.get(("recipient", group, recipient))
                if rec_row is None:
                    rec_row = roles[("recipient", group, recipient)] = set()
                rec_row.update(common, rec_features)
            key = (group, supplier, recipient)
            candidate = found.get(key)
            if candidate is None:
                candidate = found[key] = Candidate(
                    group, weapon, index, supplier, recipient, supplier_features=sup_row,
                    recipient_features=roles[("recipient", group, recipient)])
            elif candidate.weapon.generic and not weapon.generic:
                candidate.weapon, candidate.at = weapon, index
            elif not weapon.generic and _names_better(weapon.text, candidate.specific or candidate.weapon.text):
                candidate.specific = weapon.text
            candidate.sentences.append(index)
            candidate.asserted = candidate.asserted or not negated
            if recipient in mates:
                candidate.recipient_mates.update(mates[recipient])
            if supplier in mates:
                candidate.supplier_mates.update(mates[supplier])
            # no cross of the two parties' prepositions ("pair:s:prep:from|r:prep:to", 240
            # features): the pair model without it, with the status models without "ncb:" and
            # "ncv:" (``_nearest_cue``), four-split strict F1 0.504 -> 0.509 (bench/
            # ablate_transfers.py; docs/extraction-rounds.md, ninth round)
            candidate.features.update(common, sup_features, rec_features)


def _names_better(text: str, current: str) -> bool:
    """Whether ``text``, a later mention of the candidate's system, is the better name to claim:
    a variant written onto the code (``_extends``: "K2PL" after "K2"), the code after a family name
    ("AH-64E" after "Apache", "M1A1" after "Abrams": the labels name the code, and the scorer
    matches no family name to it), or the code alone after the code with a nickname ("K2" after
    "K2 Black Panther": a code under three characters is matched only whole). Held-out claims
    of the default split named so and matching no label: 3 family names, 2 code-and-nickname
    (bench/weapon_errors.py)."""
    if _extends(text, current):
        return True
    # map(str.isdigit): the same test without a generator per call (speed, the ninth round b)
    if not any(map(str.isdigit, text)):
        return False
    return not any(map(str.isdigit, current)) or current.startswith(text + " ")


def _extends(text: str, shorter: str) -> bool:
    """``text`` is the code ``shorter`` with a variant's letters or digits written on ("K2PL"
    after "K2", "Su-30SME" after "Su-30"); not a name written beside the code ("K2 Black
    Panther", which the labels give as "K2") nor a plural ("Su-35s")."""
    return (len(text) > len(shorter) and text[len(shorter)].isalnum()
            and text[len(shorter):] != "s" and text.lower().startswith(shorter.lower())
            and any(c.isdigit() for c in shorter))


def _add_document_features(found: dict, roles: dict, rule_claims: list[Transfer], pairs: frozenset,
                           by_sup: dict[str, frozenset[str]], by_rec: dict[str, frozenset[str]]) -> None:
    rule_full = {}
    rule_sup = set()
    rule_rec = set()
    rule_pairs = set()
    for claim in rule_claims:
        mention = WeaponMention(0, 0, claim.weapon or claim.weapon_generic or "", claim.designation,
                                claim.category, claim.weapon is None)
        group = weapon_group(mention)
        rule_full.setdefault((group, claim.supplier, claim.recipient), set()).add(claim.status)
        rule_sup.add((group, claim.supplier))
        rule_rec.add((group, claim.recipient))
        rule_pairs.add((claim.supplier, claim.recipient))
    for (group, supplier, recipient), candidate in found.items():
        feats = candidate.features
        mentions = len(candidate.sentences)
        feats.add("mentions:1" if mentions == 1 else "mentions:2-3" if mentions <= 3 else "mentions:many")
        statuses = rule_full.get((group, supplier, recipient))
        if statuses:
            feats.add("rule:pair")
            for status in statuses:
                feats.add(f"rule:status:{status}")
        feats.update((_FLAGS["rule:sup"][(group, supplier) in rule_sup],
                      _FLAGS["rule:rec"][(group, recipient) in rule_rec],
                      _FLAGS["rule:reverse"][(group, recipient, supplier) in rule_full],
                      _FLAGS["rule:sr_any"][(supplier, recipient) in rule_pairs],
                      _FLAGS["reg:pair"][(supplier, recipient) in pairs],
                      _FLAGS["reg:reverse"][(recipient, supplier) in pairs]))
        if group[0] == "d":
            feats.add(_FLAGS["reg:known"][group[1] in by_sup])
            if group[1] in by_sup:
                sups, recs = by_sup[group[1]], by_rec.get(group[1], ())
                feats.update((_FLAGS["reg:sup"][supplier in sups], _FLAGS["reg:rec"][recipient in recs],
                              _FLAGS["reg:sup_as_rec"][supplier in recs]))
        feats.add("bias")
    # the role rows' flags once per row, not once per candidate sharing it (speed)
    for (role, group, party), row in roles.items():
        sups, recs = by_sup.get(group[1], ()), by_rec.get(group[1], ())
        known = _FLAGS["reg:known"][group[0] == "d" and group[1] in by_sup]
        if role == "supplier":
            row.update((_FLAGS["rule:sup"][(group, party) in rule_sup], "bias", known,
                        _FLAGS["reg:sup"][party in sups], _FLAGS["reg:sup_as_rec"][party in recs]))
        else:
            row.update((_FLAGS["rule:rec"][(group, party) in rule_rec], "bias", known,
                        _FLAGS["reg:rec"][party in recs]))


# the document features' flags as "name:False" and "name:True", made once (speed: each was an
# f-string made and hashed again for every candidate)
_FLAGS = {name: (f"{name}:False", f"{name}:True") for name in (
    "rule:sup", "rule:rec", "rule:reverse", "rule:sr_any", "reg:pair", "reg:reverse", "reg:known",
    "reg:sup", "reg:rec", "reg:sup_as_rec")}


def status_features(candidate: Candidate, sentences: list[Sentence]) -> list[str]:
    """What says ordered, delivered, in service, planned or cancelled around the weapon."""
    return sorted(status_feature_set(candidate, sentences))


# the candidate features seen so far, and those of them the status models read: a candidate's
# status features are two set operations in C, and a prefix test runs once per new feature
# string (speed: was a dictionary look-up per feature in a loop)
_CLASSIFIED: set[str] = set()
_STATUS_PREFIXED: set[str] = set()


def status_feature_set(candidate: Candidate, sentences: list[Sentence]) -> set[str]:
    """``status_features`` unordered: all the models' order-free sums read at run time (speed:
    sorting a candidate's ~200 strings cost more than summing their weights)."""
    if len(_CLASSIFIED) > 50_000:  # a few MB at most
        _CLASSIFIED.clear()
        _STATUS_PREFIXED.clear()
    for f in candidate.features - _CLASSIFIED:
        _CLASSIFIED.add(f)
        if f.startswith(("rule:status", "cue_", "rule:pair", "generic", "no_cue")):
            _STATUS_PREFIXED.add(f)
    out = candidate.features & _STATUS_PREFIXED
    out.update(_nearest_cue_features(sentences[candidate.at], candidate.weapon))
    for index in set(candidate.sentences):
        out.update(_sentence_status_features(sentences[index]))
    return out


_SENTENCE_FEATURES: dict[int, tuple[Sentence, list[str]]] = {}


def _sentence_status_features(sentence: Sentence) -> list[str]:
    """A sentence's cues and words as status features, worked out once for all the candidates
    mentioned in it (speed: candidates share sentences)."""
    cached = _SENTENCE_FEATURES.get(id(sentence))
    if cached is None or cached[0] is not sentence:  # kept with the sentence: its id is not reused
        if len(_SENTENCE_FEATURES) > 256:
            _SENTENCE_FEATURES.clear()
        out = []
        for cue in sentence.cues:
            out += (f"cue:{cue.status}", f"cue:{cue.status}:{cue.frame}")
        out += [f"w:{word}" for word in set(_words(sentence.text.lower()))]
        cached = _SENTENCE_FEATURES[id(sentence)] = (sentence, out)
    return cached[1]


_NEAREST: dict[int, tuple[Sentence, dict[tuple[int, int], list[str]]]] = {}


def _nearest_cue_features(sentence: Sentence, weapon: WeaponMention) -> list[str]:
    """``_nearest_cue``, worked out once per weapon mention for all its candidates (speed: the
    candidates of one mention differ only in their parties)."""
    if not sentence.cues:
        return []
    cached = _NEAREST.get(id(sentence))
    if cached is None or cached[0] is not sentence:  # kept with the sentence: its id is not reused
        if len(_NEAREST) > 256:
            _NEAREST.clear()
        cached = _NEAREST[id(sentence)] = (sentence, {})
    found = cached[1].get((weapon.start, weapon.end))
    if found is None:
        found = cached[1][(weapon.start, weapon.end)] = _nearest_cue(sentence, weapon)
    return found


def _nearest_cue(sentence: Sentence, weapon: WeaponMention) -> list[str]:
    """The cue nearest the weapon (its status, side and voice) and the words between it and the
    weapon. Its verb ("ncv:") and the words before it ("ncb:", ~1,100 of each status model's
    ~5,060 weights) are no longer read: without them (and the pair model's "pair:" crosses)
    four-split strict F1 0.504 -> 0.509, e / f 0.507 / 0.504 -> 0.515 / 0.513 (bench/
    ablate_transfers.py; docs/extraction-rounds.md, ninth round)."""
    cue = min(sentence.cues, key=lambda c: c.start - weapon.end if c.start >= weapon.end
              else weapon.start - c.end)
    text = sentence.text.lower()
    side = "after" if cue.start >= weapon.end else "before"
    between = _words_between(text, cue.end if side == "before" else weapon.end,
                             weapon.start if side == "before" else cue.start)
    out = [f"nc:{cue.status}", f"nc:{cue.status}:{side}", f"nc:{cue.status}:{cue.passive}"]
    if len(between) <= 6:
        out += [f"ncm:{w}" for w in between]
    return out


__all__ = ["Candidate", "candidates", "status_features", "status_feature_set", "weapon_group",
           "register_priors"]


# A year's word before it: "by 2030", "until 2027" set a deadline (a plan still open), not the
# year the article speaks from
_DEADLINE = re.compile(r"\b(?:by|until|till|through)\s+(?:early\s+|late\s+|mid-?\s*)?$")
# A window _DEADLINE matches ends, its spaces stripped, with one of these words: the search (which
# opens with \b and tries every character of the 20) runs only then (~69 k instructions a dev
# document under callgrind, the tenth speed round)
_DEADLINE_ENDS = ("by", "until", "till", "through", "early", "late", "mid", "mid-")


def reference_year(sentences: list[Sentence], published: int | None) -> int | None:
    """The year the article speaks from: its publication year, else the latest year it names
    outside a deadline ("by 2030")."""
    if published:
        return published
    found = [y for s in sentences for at, y in years(s.text)
             if not _deadline(s.text[max(0, at - 20):at])]
    return max(found) if found else None


def _deadline(window: str) -> bool:
    """``_DEADLINE.search(window)``, its words tested first."""
    return window.rstrip().endswith(_DEADLINE_ENDS) and _DEADLINE.search(window) is not None


def timeline_features(candidate: Candidate, year: int | None) -> list[str]:
    """Where the pair's register deals for the designation stood in the article's year: not yet
    ordered, ordered and not delivered, delivering, delivered years before (a status feature,
    never the answer: the text decides)."""
    if candidate.key[0] != "d":
        return []
    deals = register_timelines().get((candidate.supplier, candidate.recipient, candidate.key[1]))
    if not deals:
        return ["rt:none"]
    if year is None:
        return ["rt:noyear"]
    known = [d for d in deals if d[0] <= year + 1]
    out = [f"rt:deals:{'1' if len(deals) == 1 else 'many'}"]
    if not known:
        return out + ["rt:before_order"]
    order, first, last = known[-1]
    if first is None or first > year:
        state = "undelivered"
    elif last is not None and last >= year - 1:
        state = "delivering"
    else:
        state = "delivered_before"
    return out + [f"rt:{state}", f"rt:order:{'recent' if order >= year - 2 else 'old'}",
                  f"rt:{state}:{'after_register' if year > register_last_year() else 'in_register'}"]
