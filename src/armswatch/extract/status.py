"""Step 7: status cues — the verbs and nouns that say a transfer was ordered, delivered, is in
service or sighted, is planned or under negotiation, or was cancelled (labelling rule R6).

Each cue also carries its frame: whose act the verb names. "Russia delivered X to Myanmar" has the
supplier as subject; "Myanmar received X from Russia" the recipient; "the deal was signed" neither.
A cue under negation or refusal ("refused to supply", "decided not to buy", "not terminated") is
dropped, so it creates no claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from armswatch.extract.model import Status
from armswatch.extract.triggers import (Positions, Triggers, fold, holds_any,
                                        positions as trigger_positions)

Frame = Literal["supplier", "recipient", "neutral", "operator"]


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Cue:
    start: int
    end: int
    status: Status
    frame: Frame
    passive: bool = False  # "ordered by X", "supplied by X": the agent follows


_SUPPLY = (r"deliver(?:s|ed|ing)?|suppl(?:y|ies|ied|ying)|ship(?:s|ped|ping)?|sen[dt]s?|sending|"
           r"provid(?:e|es|ed|ing)|transferr?(?:s|ed|ing)?|hand(?:s|ed|ing)? over|export(?:s|ed|ing)?|"
           r"sell(?:s|ing)?|sold|equip(?:s|ped|ping)?|arm(?:s|ed|ing)?|gift(?:s|ed)?|donat(?:e|es|ed|ing)"
           r"|dispatch(?:es|ed)?")
# "with South Korea ", "with the United Arab Emirates ": the other party of a deal or talks
_WITH = r"(?:with (?:the )?(?:[\w'-]+ ){1,3}?)?"
# "in 2019 ", "in March ", "last year ", "earlier this month ": when, between a verb and its object
_WHEN = r"(?:(?:in|on|last|this|earlier this|late|early|in early|in late) (?:\w+ )?(?:\d{4} )?)?"
# "negotiating", "in talks", "discussions": talks, with or without a partner named after them
_TALKS = r"(?:negotiat(?:e|es|ed|ing|ions?)|(?:in )?talks|discussions?|discussing)"
_CANCEL = (r"cancel+(?:s|ed|led|ing)?|scrap(?:s|ped|ping)?|terminat(?:e|es|ed|ing)|called off|"
           r"pulled out of|backed out of|withdr[ae]w from")
_BUY = r"buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing)|procur(?:e|es|ed|ing)|order(?:s|ed|ing)?|import(?:s|ed|ing)?"

# Order matters only for overlapping cues: the longer, earlier-listed one wins.
_CUES: tuple[tuple[str, Status, Frame], ...] = (
    # cancelled; "cancelled its order for": the subject is the buyer
    (r"\b(?:" + _CANCEL + r") (?:its|their) (?:planned |proposed )?"
     r"(?:order|purchase|acquisition|contract|deal)s?(?= (?:for|of)\b)", "cancelled", "recipient"),
    # "abandoned its plans to purchase": a plan given up (R6: cancelled), not the plan itself
    (r"\b(?:abandon|drop|scrapp?)(?:s|ed|ped|ing)? (?:the |its |their )?(?:\w+ )?plans? to (?:" + _BUY +
     r")\b", "cancelled", "recipient"),
    (r"\b(?:" + _CANCEL + r"|(?:halt|stopp|block|abandon|drop)(?:s|ed|ped)? (?:the |its |a )?"
     r"(?:planned |proposed )?(?:sale|deal|contract|purchase|order|delivery|deliveries)|"
     r"(?:was|were|been) (?:stopped|halted|abandoned|dropped))\b", "cancelled", "neutral"),
    # planned or negotiating (before "ordered": "plans to buy" is not an order); talks with a
    # partner first: "negotiating with France over the purchase of", "in talks with Seoul on the
    # sale of" (the bare "negotiating" below would take the place)
    (r"\b" + _TALKS + " " + _WITH +
     r"(?:over|on|for|about|regarding) (?:the )?(?:possible |potential |proposed )?"
     r"(?:purchase|acquisition|procurement) of\b", "planned_or_negotiating", "recipient"),
    (r"\b" + _TALKS + " " + _WITH +
     r"(?:over|on|for|about|regarding) (?:the )?(?:possible |potential |proposed )?"
     r"(?:sale|supply|export|transfer) of\b", "planned_or_negotiating", "supplier"),
    # "negotiating with Russia for more Su-30 fighters": the buyer negotiates for the weapon
    (r"\b" + _TALKS + r" with (?:the )?"
     r"(?:[\w'-]+ ){1,3}?(?:for|on|over)(?= (?:the |more |new |additional |\d+ |\w+ )?[A-Z0-9])",
     "planned_or_negotiating", "recipient"),
    (r"\b(?:negotiat(?:e|es|ed|ing|ions?)|in talks|talks on|(?:plans?|planning|intends?|"
     r"intending|seeks?|seeking|wants?|hopes?|looking|considering|interested in|likely|keen|"
     r"expect(?:s|ed|ing)?|"
     r"decid(?:e|es|ed|ing) (?:on|to)|decision (?:on|to)|request(?:s|ed)?|requests? to|eyes?|eyeing|mulls?|mulling|"
     r"shortlisted|selected|chose|chosen|opted for|is to|are to) (?:to )?(?:the )?(?:" + _BUY + r"))\b",
     "planned_or_negotiating", "recipient"),
    # "chose the Korean FA-50 over ...", "selected Gripen fighters", "the K9 was selected by
    # Norway": a choice in a tender, a decision on buying (R6: planned); a designation, a class
    # or a quantity follows; the system passed over is read as negated (negated); not the chosen
    # one as subject ("has been selected as Peru's bidder"), nor "chose to"
    (r"\b(?<!been )(?<!was )(?<!were )(?<!is )(?<!are )(?:chose|chooses|choosing|selected|selects|"
     r"selecting|picked|picks|opted for|opts for)(?= (?:the |a |an |its |their )?"
     r"(?!(?:as|for|to|by|in|on|from)\b)(?:[\w'-]+ ){0,2}?[A-Z0-9])|"
     r"\b(?:was|were|has been|have been|had been) (?:selected|chosen|picked) by\b",
     "planned_or_negotiating", "recipient"),
    # "approvals for the potential sale", "gave Paris the green light to sell": approvals of a
    # sale not yet made (R6: planned; issue 15, ninth round: the plural and the green light were no cue)
    (r"\b(?:approv(?:e|es|ed|als? of|als? for)|OKs?|OK'd|clear(?:s|ed)|authori[sz](?:e|es|ed)|"
     r"(?:given|gave|gives|give) (?:[A-Z][\w'-]+ )?(?:a |the )?(?:go-ahead|green light) (?:for|to)) "
     r"(?:a |an |the )?(?:potential |possible |proposed )?(?:sale|export|transfer|deal|sell)",
     "planned_or_negotiating", "supplier"),
    (r"\b(?:pledg(?:e|es|ed|ing)|offer(?:s|ed|ing)?|promis(?:e|es|ed|ing)|propos(?:e|es|ed|ing)|"
     r"plans?|planning|would|could|may|might|is to|are to) (?:to )?(?:" + _SUPPLY + r")\b",
     "planned_or_negotiating", "supplier"),
    (r"\b(?:agreement|deal|contract)s? (?:for (?:the |them|it)\w* )?(?:is|are|was) expected\b",
     "planned_or_negotiating", "neutral"),
    (r"\bexpected to (?:sign|conclude|finali[sz]e)\b", "planned_or_negotiating", "neutral"),
    # ordered; "has orders from Libya for", "won an order from Indonesia for": the subject sells,
    # the party after "from" buys (roles._order_from; issue 15, eleventh round: read reversed)
    (r"\b(?:has|have|had|holds?|held|won|wins|secured|secures|received|receives|got|gets|landed|"
     r"lands|booked|books|took|takes) (?:(?:an|a|the|its|their|new|more|further|first|export|"
     r"another|additional) )*(?:\$?[\d.,]+ ?(?:b|m|bn|billion|million) )?orders? from "
     r"(?:the )?(?:[\w'-]+ ){1,3}?for\b", "ordered", "supplier"),
    # ordered
    (r"\b(?:agreed|agrees|signed (?:a |an )?(?:\$?[\d.,]+ (?:b|m|bn|billion|million) )?(?:contract|deal|"
     r"agreement)s?|contracts?|deal|will|would|set to) (?:with \w+ )?" + _WHEN + r"(?:\w+ )?"
     r"(?:start |begin )?(?:to )?(?:" + _SUPPLY + r")\b", "ordered", "supplier"),
    (r"\bawait(?:s|ed|ing)? (?:the )?(?:receipt|delivery|deliveries|arrival) of\b", "ordered", "recipient"),
    # a receipt announced for the future ("will receive", "is due to take delivery of"): R6 ordered
    # ("is also to receive": an adverb between "is" and "to" hid the future; issue 15, tenth round)
    # "would receive" (a future told in the past), "expects to receive": not yet received
    (r"\b(?:will|would|(?:is|are) (?:also |now |soon |still )?to|(?:is|are) (?:set|due|scheduled|expected) to|"
     r"set to|due to|scheduled to|expect(?:s|ed|ing)? to) "
     r"(?:soon |also |then )?(?:start |begin )?(?:receiv(?:e|ing)|get|take delivery of|taking delivery of)\b",
     "ordered", "recipient"),
    (r"\b(?:agreed|agrees|signed (?:a |an )?(?:\$?[\d.,]+ (?:b|m|bn|billion|million) )?(?:contract|deal|"
     r"agreement)s?|contracts?|deal|will|set) " + _WHEN + r"(?:to )?(?:" + _BUY + r")\b",
     "ordered", "recipient"),
    (r"\b(?:expected to be|to be|will be) (?:delivered|handed over|supplied|shipped)\b",
     "ordered", "neutral"),
    # a delivery told for the future as a noun: "scheduled for delivery in 2027", "deliveries are
    # expected to begin in 2026", "expects delivery of": ordered, not yet delivered (R6)
    (r"\b(?:scheduled|due|expected|slated|set) for (?:the |its |their )?(?:first )?deliver(?:y|ies)\b|"
     r"\b[Dd]eliver(?:y|ies) (?:is|are|was|were) (?:expected|scheduled|due|slated|planned)\b|"
     r"\bexpect(?:s|ed|ing)? (?:the )?(?:first )?deliver(?:y|ies) of\b", "ordered", "neutral"),
    (r"\b(?:ordered|bought|purchased|acquired|procured) (?:by|for)\b", "ordered", "recipient"),
    (r"\b(?:ink(?:s|ed)?|sign(?:s|ed)?|clinch(?:es|ed)?|seal(?:s|ed)?) (?:a |an |the )?(?:\$?[\d.,]+ ?"
     r"(?:b|m|bn|billion|million) |\w+ )?(?:deal|contract|agreement|order)s? " + _WITH + _WHEN +
     r"(?:for|to buy|to acquire|to purchase|to procure)\b|"
     r"\b(?:placed|places|placing) (?:an |a |the )?(?:\w+ )?orders? " + _WITH + r"for\b|"
     r"\bcontracted (?:for|to buy)\b", "ordered", "recipient"),
    (r"\b(?:ordered|bought|purchased|acquired) (?:from|in)\b", "ordered", "recipient"),
    # "announced the purchase of": a government-announced purchase is an order (R6; issue 15,
    # ninth round: no cue before)
    (r"\b(?:completed|concluded|finali[sz]ed|signed|clinched|closed|announc(?:ed|es)) the (?:\w+ )?"
     r"purchase\b", "ordered", "recipient"),
    (r"\b(?:completed|concluded|finali[sz]ed|clinched|closed) the (?:\w+ )?sale\b", "ordered", "supplier"),
    (r"\b(?:placed|signed) (?:an |the )?(?:order|contract|deal)s?\b|\b(?:deal|contract|agreement|sale)"
     r"(?: \w+){0,3} (?:was|were|has been|had been) (?:signed|concluded|finali[sz]ed|completed|"
     r"clinched)\b|\b(?:completed|concluded|finali[sz]ed|signed|clinched) the (?:\w+ )?"
     r"(?:deal|contract)\b", "ordered", "neutral"),
    # "reached a deal with Israel to provide ...": an agreement, not an arrival (the delivered
    # "reached" below took it; issue 15, ninth round); not a cooperation or framework agreement (R10)
    (r"\breach(?:ed|es) (?:a|an|the) (?:(?!(?:cooperation|co-operation|framework|trade|partnership|"
     r"security|memorandum|peace|ceasefire)\b)[\w$.,'-]+ ){0,2}?(?:deal|contract|agreement)s?\b",
     "ordered", "neutral"),
    # "signed a Rafale contract", "signs a $2 billion frigate contract", "inked a Typhoon deal":
    # the weapon (and its price) between the verb and the noun (issue 15); not a cooperation or
    # framework agreement, an event by R10
    (r"\b(?:ink(?:s|ed)?|sign(?:s|ed)?|clinch(?:es|ed)?|seal(?:s|ed)?) (?:a |an |the |its |their )?"
     r"(?:\$?[\d.,]+ ?(?:b|m|bn|billion|million) )?"
     r"(?:(?!(?:cooperation|co-operation|framework|trade|partnership|security|memorandum)\b)"
     r"[\w'-]+ ){1,3}?(?:deal|contract)s?\b", "ordered", "recipient"),
    # "signed for eight F-35 jets": a number follows
    (r"\b(?:ordered|orders|bought|buys|purchased|purchases|acquires|procures)\b|\bsign(?:s|ed)?(?= for "
     r"(?:up to |another |\w+ )?(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
     r"\w+teen|\w+ty)\b))", "ordered", "recipient"),
    # "sold X to Y": a sale, like "bought", is an order unless a delivery is told (R6)
    (r"\b(?:sold|sells)\b", "ordered", "supplier"),
    # "is buying X from Y": a purchase under way, told without a delivery (R6: ordered)
    (r"\b(?:is|are) (?:now |also )?(?:buying|purchasing|acquiring|procuring)\b", "ordered", "recipient"),
    # delivered; a delivery under way ("has begun delivering", "started receiving", "deliveries
    # of X began") is delivered (R6), where "will begin delivering" is an order (read above)
    (r"\b(?:began|begun|started|commenced) (?:to )?(?:deliver(?:ing)?|suppl(?:y|ying)|ship(?:ping)?|"
     r"transferr?(?:ing)?|hand(?:ing)? over|send(?:ing)?|provid(?:e|ing))\b", "delivered", "supplier"),
    (r"\b(?:began|begun|started|commenced) (?:to )?(?:receiv(?:e|ing)|tak(?:e|ing) delivery)\b",
     "delivered", "recipient"),
    (r"\b(?:took|takes|taken|taking) (?:formal |official )?possession of\b", "delivered", "recipient"),
    (r"\b[Dd]eliver(?:y|ies) of\b(?=[^.;]{0,80}?\b(?:began|begun|started|commenced|"
     r"(?:was|were|has been|have been) completed)\b)", "delivered", "neutral"),
    # "started the delivery of", "will complete deliveries of", "deliveries began", "is delivering":
    # a delivery begun or under way (R6: delivered), as "has begun delivering"
    (r"\b(?:began|begun|starts?|started|commenced|complet(?:e|es|ed|ing)|conclud(?:e|es|ed|ing)) "
     r"(?:the |its |their )?(?:first |final |last )?(?:\w+ )?deliver(?:y|ies) of\b|"
     r"\b(?:is|are) (?:now |also |currently |still )?(?:delivering|supplying|shipping|transferring|"
     r"handing over)\b", "delivered", "supplier"),
    (r"\b[Dd]eliver(?:y|ies) (?:began|begun|started|commenced)\b", "delivered", "neutral"),
    # delivered
    # not money: "transferred funds to purchase" is a payment (issue 15, tenth round)
    (r"\b(?:deliver(?:s|ed)|suppl(?:ies|ied)|shipped|handed over|hands over|transferred|sent|"
     r"provided|dispatched|donated|gifted|exported)(?: by)?\b"
     r"(?! (?:the |its |their )?(?:funds|money|payments?|cash|loans?|credits?)\b)", "delivered", "supplier"),
    (r"\b(?:has|have|had) (?:already |now |recently )?(?:delivered|supplied|shipped|handed over|"
     r"transferred|sent|provided)\b(?! (?:the |its |their )?(?:funds|money|payments?|cash|loans?|credits?)\b)|\b(?:has|have|had) been (?:supplying|selling|delivering|shipping|"
     r"sending|providing|exporting)\b", "delivered", "supplier"),
    # "gave its MiG-29s to Ukraine", "has given Ukraine eight tanks": a gift is a delivery (R6;
    # issue 15, twelfth round: no cue before); only with a recipient, a weapon or a count after it
    # (a capital, a digit, a number word, maybe after "its"), not "gave up", "gives a range",
    # "has given the government authority"
    (r"\b(?:gave|gives|(?:has|have|had) (?:already |now |also )?given)(?= (?:(?:its|their|his|her) "
     r"(?:[a-z]+ )?)?(?:[A-Z0-9]|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
     r"several|dozens)\b))", "delivered", "supplier"),
    (r"\b(?:confirm(?:s|ed)?|announc(?:es|ed)|complet(?:es|ed)) (?:the )?(?:first |second |latest )?"
     r"(?:deliver(?:y|ies)|handover|shipment|transfer)\b", "delivered", "supplier"),
    (r"\b(?:receiv(?:e|es|ed|ing)|took delivery|takes delivery|taken delivery|taking delivery|"
     r"accepted (?:the )?delivery|got|gets|obtained|acquired|procured|induct(?:s|ed|ing)|"
     r"commissioned|has procured|have procured|had acquired)\b",
     "delivered", "recipient"),
    # not "reached a deal" (an agreement, read above as ordered; issue 15, ninth round)
    # nor "an agreement had been reached", "a deal was reached" (issue 15, tenth round)
    (r"\b(?:arrived|arrives|has reached|have reached|(?<!been )(?<!was )(?<!were )reached)\b"
     r"(?! (?:a|an|the) (?:[\w$.,'-]+ ){0,2}?"
     r"(?:deal|contract|agreement)s?\b)", "delivered", "neutral"),
    # in service or sighted
    # "entered service in the spring of 2021", "taken into service": the induction told (delivered,
    # as "inducted"); "entered service in China" names where it is in service (below)
    (r"\b(?:entered|enters|taken into|took into|takes into|put into|brought into) service"
     r"(?= (?:in|on|during) (?:the )?(?:early |late |mid-?)?(?:\d|January|February|March|April|May|June|"
     r"July|August|September|October|November|December|spring|summer|fall|autumn|winter|year|month)\b)|"
     r"\b(?:taken|took|takes|put|brought) into service\b", "delivered", "recipient"),
    (r"\b(?:in service (?:in|with)|(?:entered|enter|enters|into) service (?:in|with)|"
     r"in (?:the )?(?:inventory|inventories|arsenal|arsenals) of|in (?:its|their) (?:inventory|arsenal)|"
     r"operat(?:es|ed by|ing|ors? of)|(?:a |the )?fleet of|fl(?:ies|ew)|fields|"
     r"(?:has|have|had) (?:also )?(?:deployed|fielded|flown|operated)|"
     r"(?:is|are|was|were|has been|have been) (?:also )?(?:equipped|armed) with|"
     r"(?:used|deployed|flown|fielded) by|(?:has|have) been using|us(?:es|ed) (?:the |its |their )?|"
     r"(?:displayed|presented|showed|unveiled|paraded|spotted|seen|sighted|shot down)|appeared in|"
     r"users? of)\b", "in_service_sighted", "operator"),
)
_COMPILED = tuple((re.compile(pattern), status, frame) for pattern, status, frame in _CUES)
TRIGGERS = Triggers([pattern for pattern, _, _ in _COMPILED])


def find_cues(text: str, positions: Positions | None = None) -> list[Cue]:
    """Status cues in one sentence, negated ones dropped, overlaps resolved first-listed first.

    ``positions`` are where the trigger words occur (``armswatch.extract.triggers``), from one
    pass over the document; without them the sentence is scanned on its own."""
    if positions is None:
        positions = trigger_positions(text)
    found: list[Cue] = []
    negatable = may_negate(positions, text)  # no negation word: no cue is negated
    folded = ""
    for index, match in TRIGGERS.matches(text, positions):
        start, end = match.span()
        if found and any(c.start < end and start < c.end for c in found):
            continue
        if _is_noun(text, match) or _is_adjective(text, match) or _on_show(text, match):
            continue
        if negatable:
            folded = folded or fold(text)
            if negated(folded, start):
                continue
        _, status, frame = _COMPILED[index]
        passive = match.group().rstrip().endswith((" by", " for"))
        found.append(Cue(start, end, status, frame, passive))
    return sorted(found, key=lambda c: c.start) if len(found) > 1 else found


_NOUN_BEFORE = re.compile(r"\b(?:the|of|with|its|their|our|new|arms|military|weapons?|these|more|"
                          r"further|future|boost|in)\s+$", re.IGNORECASE)
_NOUN_FORMS = frozenset("supplies ships arms orders purchases imports exports sends deliveries".split())


def _is_noun(text: str, match: re.Match[str]) -> bool:
    """'the supplies', 'arms imports': a verb form used as a noun is no cue."""
    return match.group().lower() in _NOUN_FORMS and bool(_NOUN_BEFORE.search(text[:match.start()]))


# "12 used Rafales", "a used frigate", "to buy used jets": "used" as an adjective (second-hand);
# "previously used", "formerly used": second-hand, or a past use, never in service now (issue 15)
_ADJECTIVE_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|of|some|more|several|few|additional|previously|formerly|buy|buys|buying|"
    r"bought|purchase|purchased|acquire|acquired|order|ordered|sell|sells|sold|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|hundreds)|\d)\s+$", re.IGNORECASE)


def _is_adjective(text: str, match: re.Match[str]) -> bool:
    """'bought 12 used Rafales', 'previously used jets': "used" after a number, an article, a verb
    of trade or "previously"/"formerly" is no cue."""
    return match.group().startswith("used") and bool(_ADJECTIVE_BEFORE.search(text, 0, match.start()))


# A system shown at a fair is offered, not in service (issue 15: "The K2 tank was displayed at an
# exhibition in Poland." read as in service; without the cue the sentence is talk of the weapon,
# learning.transfers._talked_of). "paraded", "spotted", "seen" still tell of a force's own.
_SHOW_VERBS = ("displayed", "presented", "showed", "unveiled")
_SHOW = re.compile(r"\b(?:exhibitions?|expos?|exhibit|air ?shows?|trade (?:show|fair)s?|"
                   r"(?:arms|defen[cs]e|military) (?:show|fair|exhibition)s?|fairs?|salons?|"
                   r"pavilions?|booths?)\b", re.IGNORECASE)


_OWN = re.compile(r"\b(?:its|their|our|his|her)\b")


def _on_show(text: str, match: re.Match[str]) -> bool:
    """'displayed at an exhibition', 'unveiled at the Paris Air Show': a display at a fair; not
    a force showing its own ("the air force displayed one of its new radars at an airshow")."""
    return text.startswith(_SHOW_VERBS, match.start()) and _SHOW.search(text) is not None \
        and not _OWN.search(text, match.end(), match.end() + 30)


# Negation of a clause, one reader for the status cues (a cue under negation creates no claim)
# and the weapon mentions of learning.transfer_features (a weapon negated at every mention
# asserts no transfer; issue 15, eleventh round: "Turkey has not delivered any Bayraktar drones to
# Pakistan." gave an ordered claim on the register's prior). Before the cue or the weapon, since
# its clause began: "did not send", "has never supplied", "no longer", "neither ... nor", "no
# plans to buy", "denied that it had delivered", "refused to sell", "declined", "unwilling",
# "ruled out", "warned"; "no" as a determiner ("no Leopard tanks", "no new deliveries");
# "instead of", "rather than", "against" just before it ("decided against buying", "instead of
# the Rafale"); the system passed over in a choice ("chose the Gripen over the F-16"). After a
# weapon, a negated auxiliary ("were not delivered"). "not only ... but" asserts; "from X, not
# from Y" negates another party, not the weapon; "despite having no formal relations" no weapon.
# A subordinate or relative clause up to its comma ("Although X did not send Y, it delivered Z",
# "the trucks, which are no longer used, will be donated") is a clause of its own; "in favour of"
# starts one (the system chosen); a negated cancellation ends the negation ("has never cancelled
# its contract to buy"). "decline" refuses only with "to" or an object ("a steep decline" no).
# (Twelfth round: the two readers, with their two word lists, made one.)
_CLAUSE_START = re.compile(r"\b(?:although|though|while|whereas|after|because|despite|since|if|"
                           r"which|who)\b[^,;:]*,|[;:]|, (?:but|and)\b|\b(?:but|which|although|"
                           r"though|while|whereas|after|because|despite|since|if|in favou?r of)\b|"
                           r"(?:\bnot|\bnever|n't)(?: been| yet)? (?:" + _CANCEL + r")\b")
# a negated verb of saying ("did not disclose the price of the drones", "does not say whether
# the talks have ended") leaves what follows it alone
_NOT_SAID = r"(?! (?:say|said|disclos|divulg|reveal|specif|indicat|announc|comment|mention|elaborat)\w*)"
_NEGATION = re.compile(
    r"\b(?:(?:not|never)" + _NOT_SAID + r"|neither|nor|no longer|"
    r"no (?:plans?|intention|deal|contract|orders?)|"
    r"den(?:y|ies|ied)|refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing) (?:to|the|an?|its|their|[\w-]+'s)|"
    r"unwilling|ruled out|warned)\b|"
    r"n't\b" + _NOT_SAID + r"|\bno (?:[\w'-]+ ){0,2}$|"
    r"\b(?:instead of|rather than|against) (?:the |a |an )?(?:[\w'-]+ ){0,2}$|"
    r"\b(?:chose|chosen|chooses|choosing|selected|selects|picked|picks|opted for|opts for|"
    r"prefer(?:s|red)?)\b[^;:]*\bover (?:the |a |an )?(?:[\w'-]+ ){0,2}$")
_NOT_ONLY = re.compile(r"\bnot only\b")
_NEGATED_AFTER = re.compile(r"[^;:,]{0,40}?\b(?:is|are|was|were|has|have|had|will|would|can|"
                            r"could)(?: not|n't| never)\b")
# The patterns run on triggers.fold's text: lower case, so they are written in lower case and
# compiled case-sensitively, which finds what case-insensitive ones find on the text at about half
# the cost (tests/test_extract_speed_gates.py; docs/extraction-rounds.md, eleventh round b).
#
# A word of every match of _NEGATION or _NEGATED_AFTER, or "over " with a verb of choice (the
# system passed over): a sentence holding none negates nothing, so the clause split and the
# searches are skipped (speed: the reader cost ~1.0 M instructions a dev document run at every
# mention, 0.07 M gated and folded). Registered at import, before any document is scanned.
NEGATION_WORDS = ("not", "n't", "never", "neither", "nor", "no ", "deny", "denie", "refus",
                  "declin", "unwilling", "ruled out", "warned", "instead of", "rather than",
                  "against")
_CHOICE_WORDS = ("chos", "choos", "select", "pick", "opted for", "opts for", "prefer")
_NEGATION_TRIGGERS = Triggers([re.compile("|".join(map(re.escape, NEGATION_WORDS))),
                               re.compile("over "),
                               re.compile("|".join(map(re.escape, _CHOICE_WORDS)))])


def may_negate(positions: Positions | None, text: str) -> bool:
    """False where nothing in the text can be ``negated``: none of ``NEGATION_WORDS`` is in it,
    nor "over " with one of ``_CHOICE_WORDS`` (read from the document's trigger ``positions``,
    or, without them, from the folded text)."""
    if positions is not None:
        can = _NEGATION_TRIGGERS.can_match
        return can(0, positions) or (can(1, positions) and can(2, positions))
    folded = fold(text)
    return holds_any(folded, NEGATION_WORDS) or ("over " in folded
                                                 and holds_any(folded, _CHOICE_WORDS))


def negated(folded: str, start: int, end: int | None = None) -> bool:
    """Whether the clause of ``folded[start:end]`` (a sentence's ``triggers.fold``) negates it:
    ``_NEGATION`` since the clause began, or, given the ``end`` of a mention the clause's verb
    may follow (a weapon, not a cue), a negated auxiliary after it."""
    before = _CLAUSE_START.split(folded[:start])[-1]
    if _NEGATION.search(before) is not None and _NOT_ONLY.search(before) is None:
        return True
    return end is not None and _NEGATED_AFTER.match(folded, end) is not None
