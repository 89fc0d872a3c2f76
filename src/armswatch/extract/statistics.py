"""Step 9: arms-trade statistics — shares, values, ranks and changes (rules R8, R9).

``find_statistics`` returns what the learned model (``armswatch.extract.learning.statistics``,
issue 15) keeps; the rules below (``rule_statistics``) are its candidates and features.

A figure counts only in a sentence about arms imports or exports (not spending, GDP or losses).
Its period is the SIPRI period written nearest after it ("46 per cent in 2017-21"), else the one
before, else the periods of the sentences before ("fell from 61 per cent to 43 per cent" after
"2012-16 and 2017-21"). For a change the later period is ``period`` and the earlier ``base_period``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from armswatch.extract.dates import Anchor
from armswatch.extract.learning.statistics import FRACTIONS
from armswatch.extract.model import Document, Measure, Statistic
from armswatch.extract.sentence import Sentence
from armswatch.extract.triggers import Positions, Triggers, positions as trigger_positions

_TRADE = re.compile(r"\b(?:imports?|imported|exports?|exported|importers?|exporters?|suppliers?|"
                    r"recipients?|procurement|transfers of major|arms sales)\b", re.IGNORECASE)
_NOT_TRADE = re.compile(r"\b(?:GDP|gross domestic|spending|budget|killed|lost|casualties)\b")
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*-\s*((?:19|20)?\d\d)\b|"
                     r"\bfrom ((?:19|20)\d\d) to ((?:19|20)\d\d)\b|"
                     r"\bbetween ((?:19|20)\d\d) and ((?:19|20)\d\d)\b", re.IGNORECASE)
_PERCENT = re.compile(r"(?P<list>(?:\d+(?:\.\d+)?, )+\d+(?:\.\d+)? and )?(?P<n>\d+(?:\.\d+)?)\s*"
                      r"(?:%|per ?cent\b)")
_FOLD = re.compile(r"\b(?:more than |almost |nearly )?(?P<n>two|three|four|five|six|seven|eight|nine|"
                   r"ten|\d+)-?fold\b", re.IGNORECASE)
_DOWN = re.compile(r"\b(?:decreas|fell|fall|drop|declin|lower|down|shrank|reduc)\w*", re.IGNORECASE)
_UP = re.compile(r"\b(?:increas|rose|rise|grew|grow|higher|up|jump|doubl)\w*", re.IGNORECASE)
_RANK = re.compile(r"\b(?P<ord>largest|biggest|top|second[- ]largest|second[- ]biggest|third[- ]largest|"
                   r"fourth[- ]largest|fifth[- ]largest|second|third)\s+(?:\w+ ){0,2}?"
                   r"(?P<role>supplier|exporter|importer|recipient|buyer|seller)s?\b", re.IGNORECASE)
_VALUE = re.compile(r"(?:US)?\$\s?(?P<n>\d+(?:\.\d+)?)\s*(?P<scale>billion|million|bn|m|b)\b"
                    r"(?P<rest>[^.]{0,40}?\barms\b)")
_REGIONS = re.compile(r"\b(Asia and Oceania|Middle East|Europe|the Americas|Americas|Africa|"
                      r"South Asia|East Asia|South East Asia|Sub-Saharan Africa|North Africa)\b")
_TRIGGERS = Triggers([_TRADE, _NOT_TRADE, _PERIOD, _RANK, _REGIONS])
_ORDINAL = {"largest": 1, "biggest": 1, "top": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10}


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Entity:
    start: int
    end: int
    name: str
    region: bool
    possessive: bool
    after_from: bool


MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "statistics.json"


def find_statistics(sentences: list[Sentence], anchor: Anchor | None = None,
                    document: Document | None = None, *,
                    min_confidence: float | None = None) -> list[Statistic]:
    """The learned model's statistics (``armswatch.extract.learning.statistics``) whose
    calibrated confidence reaches ``min_confidence`` (default: the model's threshold, chosen for
    F1); the rules below are its candidates and features. A missing or corrupt model file is
    ``ExtractorModelMissing``, which names ``make train``."""
    from armswatch.extract.learning import runtime
    from armswatch.extract.learning.statistics import predict
    found = predict(runtime.load("statistics"), sentences, anchor or Anchor(None), document)
    return runtime.kept("statistics", found, min_confidence)


def rule_statistics(sentences: list[Sentence]) -> list[Statistic]:
    """The hand-written reading of every figure: candidates and features of the learned model
    (``armswatch.extract.learning.statistics``), no longer the final word (issue 15)."""
    out: list[Statistic] = []
    context: list[tuple[int, int]] = []
    for sentence in sentences:
        found = sentence.triggers if sentence.triggers is not None \
            else trigger_positions(sentence.text)
        if not _TRIGGERS.can_match_any(found) and "$" not in sentence.text:
            continue  # no trade word, period, rank, region or value: nothing to read or remember
        periods = periods_in(sentence.text, found)
        if _TRIGGERS.search(1, sentence.text, found):
            pass  # GDP, budgets, losses: not arms trade
        elif _TRIGGERS.search(0, sentence.text, found):
            out += _statistics(sentence, [p for _, p in periods] or context[-2:], periods)
        elif "$" in sentence.text:  # "spent US$800 million on Russian arms" names no import
            out += _values(sentence, _entities(sentence))
        if periods:
            context = [p for _, p in periods]
    return _once(out)


def _once(stats: list[Statistic]) -> list[Statistic]:
    """A percentage restated (summary, then body) counts once: where one statement gives its own
    period (confidence 0.7), a restatement dated only from the sentences around (0.6) is dropped."""
    dated = {(s.subject, s.object, s.measure, s.value) for s in stats
             if s.unit == "%" and s.confidence >= 0.7}
    return [s for s in stats if not (s.unit == "%" and s.confidence < 0.7
                                     and (s.subject, s.object, s.measure, s.value) in dated)]


def periods_in(text: str, positions: Positions | None = None) -> list[tuple[int, tuple[int, int]]]:
    """SIPRI periods with positions: '2012-16' -> (2012, 2016); 'from 2014 to 2019', 'between 2015
    and 2019'."""
    out = []
    for m in _TRIGGERS.finditer(2, text, trigger_positions(text) if positions is None else positions):
        start, end = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i))
        first = int(start)
        last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
        if last > first:
            out.append((m.start(), (first, last)))
    return out


def _entities(sentence: Sentence) -> list[Entity]:
    text = sentence.text
    found = [Entity(p.start, p.end, p.party, False, p.possessive,
                    text[max(0, p.start - 9):p.start].strip().endswith("from"))
             for p in sentence.parties if p.form in ("name", "demonym", "capital")]
    positions = trigger_positions(text) if sentence.triggers is None else sentence.triggers
    found += [Entity(m.start(), m.end(), m.group().removeprefix("the "), True, False, False)
              for m in _TRIGGERS.finditer(4, text, positions)]  # _REGIONS.finditer(text)
    return sorted(found, key=lambda e: e.start)


def _statistics(sentence: Sentence, context: list[tuple[int, int]],
                periods: list[tuple[int, tuple[int, int]]]) -> list[Statistic]:
    entities = _entities(sentence)
    text, positions = sentence.text, sentence.triggers
    # each figure needs its sign or word ("%", "fold", "$", a rank word): cheap tests first
    percent = "%" in text or "per cent" in text or "percent" in text
    fold = "fold" in text.lower()
    ranked = positions is None or _TRIGGERS.base + 3 in positions  # a rank word's prefix
    fraction = FRACTION_SHARES and " of " in text and _FRACTION_WORD.search(text) is not None
    return ((_percentages(sentence, entities, context, periods) if percent else [])
            + (_fraction_shares(sentence, entities, context, periods) if fraction else [])
            + (_folds(sentence, entities, context) if fold else [])
            + (_ranks(sentence, entities, context, periods) if ranked else [])
            + (_values(sentence, entities) if "$" in text else []))


def _percentages(sentence: Sentence, entities: list[Entity], context: list[tuple[int, int]],
                 periods: list[tuple[int, tuple[int, int]]]) -> list[Statistic]:
    text, out = sentence.text, []
    for match in _percent_matches(text):
        values = [float(v) for v in _DECIMAL.findall(match.group("list") or "")]
        values.append(float(match.group("n")))
        before = text[max(0, match.start() - 60):match.start()]
        is_share = bool(_SHARE_BEFORE.search(before)) \
            or _OF_ALL_AFTER.match(text[match.end():]) \
            or bool("share" in text[:match.start()] and "from" in before[-30:] + " to ")
        measure: Measure = "share" if is_share else "change"
        if measure == "change" and not is_share and before.endswith(" by ") \
                and not (_UP.search(before) or _DOWN.search(before)):
            before = _clause_verb(text[:match.start()]) + before  # "..., Africa by 6.6 per cent"
        lower = bool(_LOWER_AFTER.match(text, match.end()))  # "5 per cent lower than in ..."
        if measure == "change" and not (_UP.search(before + text[match.end():match.end() + 30])
                                        or _DOWN.search(before) or lower):
            continue
        sign = -1 if measure == "change" and (_falling(before) or lower) else 1
        holders = _holders(text, entities, match.start(), len(values))
        if OF_HOLDER and holders == [None]:
            holders = [_of_holder(text, entities, match.end())]
        if _AGGREGATE.match(text):
            continue  # group aggregates are left out (R9)
        share_of = [e for e in entities if e.possessive and text[e.end:e.end + 9] == "'s share "]
        if measure == "share" and share_of:
            holders = [share_of[0]] * len(values)
        for value, holder in zip(values, holders):
            period, base = _period_for(match, periods, context, measure, text)
            subject, obj = _roles(text, entities, holder, measure)
            if subject is None and obj is None and holder is None \
                    and not (measure == "change" and _GLOBAL.search(text)):
                continue  # a figure of nobody, unless the world total ("the volume of transfers")
            out.append(Statistic(subject, obj, measure, sign * value, "%", period,
                                 sentence.evidence, 0.7 if periods else 0.6, base))
    return _from_to(out, text, context)


_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_SHARE_BEFORE = re.compile(r"share|accounted for|accounting for|\($")
# "34 per cent of all/global/total ...", "of the major arms imported by", "of its arms exports"
_OF_ALL_AFTER = re.compile(r"[^.]{0,12}\bof (?:all|total|global|the world|(?:(?:the|its|their) )?"
                           r"(?:[\w'-]+ ){0,2}(?:arms|imports|exports|weapons)\b)")  # "of Pakistan's arms"
_AGGREGATE = re.compile(r"[\s•*-]*(?:Together|Combined)\b")
# The first digit of each run of digits. A match of _PERCENT starts with digits, and one that could
# start inside a run could start at its first digit, which comes first: so it is tried only there.
_DIGITS = re.compile(r"\d(?<!\d\d)")


def _percent_matches(text: str) -> list[re.Match[str]]:
    """``list(_PERCENT.finditer(text))``: the pattern opens with an optional group, and the engine
    tries such a pattern at every character."""
    out = []
    last = 0
    for digits in _DIGITS.finditer(text):
        if digits.start() >= last:
            match = _PERCENT.match(text, digits.start())
            if match is not None:
                out.append(match)
                last = match.end()
    return out


_LOWER_AFTER = re.compile(r"\s*(?:lower|less|smaller|fewer|down)\b", re.IGNORECASE)
_GLOBAL = re.compile(r"\b(?:volume of (?:international |global )?(?:arms )?transfers|global|"
                     r"worldwide|world|international arms transfers)\b", re.IGNORECASE)


# A change's direction is the rise or fall word nearest before its figure, not any fall word in
# the 60 characters before it: "A's exports fell by 5%, while B's rose by 106%" read B's rise as a
# fall (round 11, own probe sentences; bench/probe_sentences.py --kind statistics). _UP's bare
# prefix "up" also matches "upon", "update": only the whole words count as a rise here.
_UP_WORD = re.compile(r"\b(?:increas\w*|rose|rise[sn]?|rising|grew|grow(?:s|n|ing)?|higher|up|"
                      r"jump\w*|doubl\w*)\b", re.IGNORECASE)


def _falling(before: str) -> bool:
    """The nearest rise or fall word before a figure is a fall."""
    down = [m.start() for m in _DOWN.finditer(before)]
    if not down:
        return False
    up = [m.start() for m in _UP_WORD.finditer(before)]
    return not up or down[-1] > up[-1]


def _clause_verb(text: str) -> str:
    """The last rise or fall verb before an elliptical figure ("Imports in Asia fell by 31 per
    cent, Europe by 12 per cent and Africa by 4.4 per cent")."""
    found = [m.group() for m in _DOWN.finditer(text)] + [m.group() for m in _UP.finditer(text)]
    last = max(((text.rfind(word), word) for word in found), default=(-1, ""))
    return last[1] + " "


# A figure with no party before it (it opens its sentence: "34% of A's arms exports went to B",
# "In 2019-23, 31% of A's imports came from B") belongs to the party it is "of"; read as no one's
# before, it was dropped, and the learned model, finding no rule reading, read such figures as no
# statistic (round 11, own probe sentences; bench/probe_sentences.py --kind statistics).
OF_HOLDER = True
_OF_PARTY = re.compile(r"\s+of\s+(?:the\s+)?$")


def _of_holder(text: str, entities: list[Entity], end: int) -> Entity | None:
    after = next((e for e in entities if e.start >= end), None)
    if after is None or after.start - end > 12 or not _OF_PARTY.match(text[end:after.start]):
        return None
    return after


# Round twelve: a fraction that opens its sentence ("Half of A's arms imports came from B",
# "Two-fifths of A's arms imports were supplied by B") had no rule reading, so the learned model,
# finding none, read it as no statistic (own probe sentences, bench/probe_sentences.py --kind
# statistics). It is read as OF_HOLDER reads a percentage with no party before it: a share of the
# party it is "of", whose trade word follows; and only where another party is named after that
# trade word and its verb, the share's other side ("went to three countries: A, B and C" is a
# group, R9; "half of the shells used by A" no trade share).
FRACTION_SHARES = True
_FRACTION_WORD = re.compile(r"\b(?:half|thirds?|quarters?|fifths?|tenth)\b", re.IGNORECASE)
_FRACTION_SHARE = re.compile(r"\b(?P<f>" + "|".join(sorted(map(re.escape, FRACTIONS), key=len,
                                                          reverse=True)) + r")\b", re.IGNORECASE)
_TO_PARTY = re.compile(r"\s+(?:[a-z]+\s+){0,3}?(?:from|to|by)\s+(?:the\s+)?")  # "came from", "went to"
_TRADE_WORD = re.compile(r"(?:'s?)?\s+(?:total |major |arms |defen[cs]e )*(?:imports|exports)\b")


def _fraction_shares(sentence: Sentence, entities: list[Entity], context: list[tuple[int, int]],
                     periods: list[tuple[int, tuple[int, int]]]) -> list[Statistic]:
    text, out = sentence.text, []
    for match in _FRACTION_SHARE.finditer(text):
        if any(e.end <= match.start() for e in entities):
            continue  # a party before it: the learned model reads it as it reads a percentage
        holder = _of_holder(text, entities, match.end())
        trade = holder and _TRADE_WORD.match(text, holder.end)
        other = trade and next((e for e in entities if e.start >= trade.end()), None)
        if not other or not _TO_PARTY.fullmatch(text, trade.end(), other.start):
            continue
        period, base = _period_for(match, periods, context, "share", text)
        subject, obj = _roles(text, entities, holder, "share")
        out.append(Statistic(subject, obj, "share", FRACTIONS[match.group("f").lower()], "%",
                             period, sentence.evidence, 0.7 if periods else 0.6, base))
    return out


def _holders(text: str, entities: list[Entity], at: int, count: int) -> list[Entity | None]:
    """The party or region each figure belongs to: the nearest before it, or a list in order."""
    before = [e for e in entities if e.end <= at]
    if count > 1:
        return (before[-count:] if len(before) >= count else [None] * count)  # type: ignore[return-value]
    return [before[-1] if before else None]


_IMPORTS_AFTER = re.compile(r"(?:'s)?\s+(?:total |arms |defen[cs]e )*(?:imports|procurement)")
_IMPORTED_BY = re.compile(r"\b(?:imported|bought|received|acquired|purchased) by (?:the )?$")
_ARMS_IMPORTS_AFTER = re.compile(r"\s+(?:arms )?imports")
_OF_BEFORE = re.compile(r"\bof (?:all |total |the )?$")
_EXPORTS_AFTER = re.compile(r"(?:'s?)?\s+(?:total |major |arms |defen[cs]e )*exports")


def _roles(text: str, entities: list[Entity], holder: Entity | None,
           measure: Measure) -> tuple[str | None, str | None]:
    if holder is None:
        return None, None
    window = text[holder.end:holder.end + 60].lower()
    lowered = text.lower()
    imports = "import" in lowered or "procurement" in lowered
    if holder.region:
        return None, holder.name
    others = [e for e in entities if e.name != holder.name and not e.region]
    importer = next((e for e in others if e.start > holder.end and
                     (_IMPORTS_AFTER.match(text[e.end:e.end + 30])
                      or _IMPORTED_BY.search(text[max(0, e.start - 30):e.start]))), None)
    if importer is not None:
        return holder.name, importer.name
    exporter = next((e for e in others if e.start > holder.end and measure == "share"
                      and _OF_BEFORE.search(text, max(0, e.start - 12), e.start)
                      and _EXPORTS_AFTER.match(text[e.end:e.end + 30])), None)
    if exporter is not None:  # "Saudi Arabia received 8.4% of all US arms exports"
        return exporter.name, holder.name
    if imports and not holder.after_from and ("import" in window or holder.possessive
                                              or "accounted" in window):
        supplier = next((e for e in others if e.after_from), None)
        return (supplier.name if supplier else None), holder.name
    if imports:
        importer = next((e for e in others if e.possessive or _ARMS_IMPORTS_AFTER.match(
            text[e.end:e.end + 15])), None)
        return holder.name, importer.name if importer else None
    return holder.name, None


def _period_for(match: re.Match[str], periods: list[tuple[int, tuple[int, int]]],
                context: list[tuple[int, int]], measure: Measure,
                text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    spans = [p for _, p in periods] or context
    if measure == "change" and len(spans) >= 2:
        ordered = sorted(spans[:2])
        return ordered[1], ordered[0]
    after = [p for at, p in periods if at > match.end() and at - match.end() < 25]
    if after:
        return after[0], None
    return (spans[-1] if spans else None), None


_FROM_TO = re.compile(r"\bfrom \d+(?:\.\d+)?\s*(?:%|per ?cent)[^.]{0,30}\bto \d")


def _from_to(stats: list[Statistic], text: str, context: list[tuple[int, int]]) -> list[Statistic]:
    """'fell from 61 per cent to 43 per cent': two shares, the earlier and the later period."""
    if len(stats) != 2 or not _FROM_TO.search(text):
        return stats
    spans = sorted(context[-2:]) if len(context) >= 2 else [s.period for s in stats]
    first, second = stats
    holder = (first.subject, first.object)
    return [replace(stat, measure="share", value=abs(stat.value), subject=holder[0],
                    object=holder[1], period=period, base_period=None)
            for stat, period in zip((first, second), spans)]


def _folds(sentence: Sentence, entities: list[Entity], context: list[tuple[int, int]]) -> list[Statistic]:
    out = []
    for match in _FOLD.finditer(sentence.text):
        n = match.group("n").lower()
        value = float(_WORDS.get(n) or n)
        spans = [p for _, p in periods_in(sentence.text, sentence.triggers)] or context
        ordered = sorted(spans[-2:]) if spans else []
        supplier = next((e for e in entities if e.after_from), None)
        importer = next((e for e in entities if e.possessive and not e.after_from), None)
        out.append(Statistic(supplier.name if supplier else None,
                             importer.name if importer else None, "change", value, "times",
                             ordered[-1] if ordered else None, sentence.evidence, 0.6,
                             ordered[0] if len(ordered) == 2 else None))
    return out


_ORDINAL_END = re.compile(r"[- ]")


def _ranks(sentence: Sentence, entities: list[Entity], context: list[tuple[int, int]],
           periods: list[tuple[int, tuple[int, int]]]) -> list[Statistic]:
    text, out = sentence.text, []
    for match in _RANK.finditer(text):
        rank = _ORDINAL[_ORDINAL_END.split(match.group("ord").lower())[0]]
        supplier_role = match.group("role").lower() in ("supplier", "exporter", "seller")
        after = [p for at, p in periods if at > match.end()]
        spans = after or [p for _, p in periods] or context[-1:]
        holder, other = _rank_parties(text, entities, match, supplier_role)
        if holder is None:
            continue
        subject, obj = (holder, other) if supplier_role else (None, holder)
        out += [Statistic(subject, obj, "rank", rank, "rank", p, sentence.evidence, 0.6)
                for p in spans or [None]]  # type: ignore[list-item]
    return out


def _rank_parties(text: str, entities: list[Entity], match: re.Match[str],
                  supplier_role: bool) -> tuple[str | None, str | None]:
    """'X was the largest supplier ... to Y'; 'making it Y's second largest supplier' (it = from X)."""
    before = [e for e in entities if e.end <= match.start()]
    owner = before[-1] if before and before[-1].possessive and match.start() - before[-1].end < 25 else None
    to = next((e for e in entities if e.start > match.end() and
               text[max(0, e.start - 4):e.start].strip() in ("to", "of")), None)
    if owner is not None:
        supplier = next((e for e in before if e.after_from), None)
        return (supplier.name if supplier else None), owner.name
    subject = next((e for e in before if not e.possessive), None) or (before[0] if before else None)
    return (subject.name if subject else None), (to.name if to else None)


_SPENT = re.compile(r"\bspen[dt]|\bbought|\bpurchased")


def _values(sentence: Sentence, entities: list[Entity]) -> list[Statistic]:
    out = []
    for match in _VALUE.finditer(sentence.text):
        scale = 1e9 if match.group("scale").lower() in ("billion", "bn", "b") else 1e6
        on = [e for e in entities if match.end("n") < e.start < match.end()]
        buyer = [e for e in entities if e.end <= match.start() and not e.after_from]
        if on and buyer and _SPENT.search(sentence.text[:match.start()]):
            out.append(Statistic(on[0].name, buyer[-1].name, "value", float(match.group("n")) * scale,
                                 "USD", None, sentence.evidence, 0.5))
    return out
