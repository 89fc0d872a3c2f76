"""The speed gates of the learned models (docs/extraction-rounds.md, the speed paragraphs): a search
skipped where a substring test or the document's trigger scan says it cannot match must lose
nothing. Texts are made of the patterns' words (and near misses) in any case, with the letters
regexes fold to ASCII ("\u0130", "\u017f") and joins that make or break a word boundary."""

from __future__ import annotations

import re
from dataclasses import astuple, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.extract import transfers as rule_transfers
from armswatch.extract.learning import events as learned_events
from armswatch.extract.learning import statistics as learned_statistics
from armswatch.extract.normalise import normalise
from armswatch.extract.pipeline import analyse
from armswatch.extract.triggers import fold, gate_words, holds_any

_JOINS = st.lists(st.sampled_from([" ", "", ", ", "-", ". ", "\n"]), min_size=14, max_size=14)

_RANK_WORDS = ["Peru", "was", "the", "second", "SECOND", "largest", "supplier", "Suppliers",
               "exporter", "\u0130mporter", "rank", "ranked", "first", "Number", "two", "2nd",
               "in", "2019", "with", "18%", "market", "partner", "\u017fource", "followed by",
               "Chile", "tenth", "buyers", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_RANK_WORDS), max_size=14), _JOINS)
def test_the_rank_figures_are_the_same_without_the_trigger_gate(words, joins):
    """figures() tests the rank nouns only in sentences whose trigger positions hold one of
    their prefixes; a sentence without positions (None) is tested whole."""
    text = "".join(w + j for w, j in zip(words, joins))
    found = analyse(normalise(text), text)
    gated = [astuple(f) for f in learned_statistics.figures(found)]
    plain = [astuple(f) for f in learned_statistics.figures([replace(s, triggers=None)
                                                             for s in found])]
    assert gated == plain, text


_FUTURE_WORDS = ["will", "WILL", "would", "plans", "planned", "Planning", "expected", "next",
                 "to be", "set to", "\u017fhall", "intends", "upcoming", "scheduled", "visit",
                 "the", "minister", "x", "-", "\u0130", "to", "be", "set"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FUTURE_WORDS), max_size=14), _JOINS)
def test_the_future_gate_lets_every_future_word_through(words, joins):
    """_FUTURE is searched only where one of its prefixes occurs: wherever it matches, the gate
    must be open."""
    text = "".join(w + j for w, j in zip(words, joins))
    if learned_events._FUTURE.search(text):
        assert learned_events._may_be_future(fold(text)), text


def test_the_gates_see_what_they_gate():
    """A rank noun found through the trigger scan; a planned event's word through the gate."""
    text = "Peru was the second largest importer in 2019."
    found = analyse(normalise(text), text)
    assert [(f.kind, f.value) for f in learned_statistics.figures(found)] == [("rank", 2.0)]
    assert learned_events._may_be_future(fold("The minister WILL")) and \
        not learned_events._may_be_future(fold("The minister visited"))


_FOLDED_WORDS = ["Peru", "was", "the", "second", "SECOND", "largest", "supplier", "Suppliers",
                 "\u0130mporter", "ranked", "first", "Number", "two", "No.", "1", "2nd", "top",
                 "is", "13TH", "moved to", "place", "placed", "third", "FOURTH", "3",
                 "among", "one of", "five", "followed by", "then", "after", "behind", "From", "32",
                 "to", "37", "%", "per cent", "PERCENT", "twenty-\u017feven", "spending", "Budgets",
                 "milex", "\u017fpent", "exports", "arms", "weapons", "sold", "x", "'s", "by", "of",
                 "the", "its", "into", "between", "China", "Half of", "a third", "TWO-THIRDS",
                 "DOUBLED", "3 times", "three TIMES", "2014-19", "2014\u201319", "From 2014",
                 "until", "2019", "In 2019", "\u017fince 1999", "and 2020", "through"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FOLDED_WORDS), max_size=16),
       st.lists(st.sampled_from([" ", "", ", ", "-", ". ", "\n"]), min_size=16, max_size=16))
def test_the_folded_patterns_find_what_the_case_insensitive_ones_find(words, joins):
    """The rank, percentage and spending patterns run case-sensitively on triggers.fold's text
    (speed): every match and group span must be the case-insensitive pattern's on the text; the
    preposition before a party is searched only where the window ends as a match must."""
    from armswatch.extract.triggers import fold

    text = "".join(w + j for w, j in zip(words, joins))
    folded = fold(text)
    s = learned_statistics
    for plain, fast in ((s._RANK, s._RANK_FOLDED), (s._FOLLOWED, s._FOLLOWED_FOLDED),
                        (s._FOLLOWED_BY, s._FOLLOWED_BY_FOLDED), (s._AFTER, s._AFTER_FOLDED),
                        (s._GROUP_BEFORE, s._GROUP_BEFORE_FOLDED),
                        (s._GROUP_AFTER, s._GROUP_AFTER_FOLDED), (s._PERCENT, s._PERCENT_FOLDED),
                        (s._WORD_PERCENT, s._WORD_PERCENT_FOLDED), (s._MILEX, s._MILEX_FOLDED),
                        (s._TRADE, s._TRADE_FOLDED), (s._FRACTION, s._FRACTION_FOLDED),
                        (s._MULTIPLE, s._MULTIPLE_FOLDED), (s._PERIOD, s._PERIOD_FOLDED),
                        (s._YEAR, s._YEAR_FOLDED)):
        def spans(matches):
            return [tuple(m.span(g) for g in range(m.re.groups + 1)) for m in matches]
        assert spans(fast.finditer(folded)) == spans(plain.finditer(text)), (plain.pattern[:40], text)
    if s._RANK_BARE_FOLDED.search(folded):
        assert any(map(folded.__contains__, s._RANK_BARE_WORDS)) or s._DIGIT_ORDINAL.search(folded), text
    assert s._spending_only(text) == (s._MILEX.search(text) is not None
                                      and s._TRADE.search(text) is None), text
    lower = text.lower()
    for start in range(len(lower) + 1):
        found = s._governed(lower, start)
        plain = s._GOVERNED.search(lower, max(0, start - 30), start)
        assert (found and found.span(1) + found.span(2)) == (plain and plain.span(1) + plain.span(2)), text


_PERCENT_WORDS = ["1,200", "4.5", "%7", ".5", "x5", "25%", "from", "From 3 to 5%", "ffrom", "of",
                  "to", "37", "per cent", "PERCENT", "percent", "\u0663", "\u00e9", "_", "9",
                  ",", ".", "-", "twenty", "x", "\u0130", "\u017f"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PERCENT_WORDS), max_size=16),
       st.lists(st.sampled_from([" ", "", ", ", "-", ". ", "\n", "("]), min_size=16, max_size=16))
def test_the_percentages_tried_at_their_starts_are_what_finditer_finds(words, joins):
    """The percentages are tried only at a number's first digit, a "%" or a word-initial "f"
    (triggers.Starts; speed, the tenth speed round): every match and group span of finditer."""
    text = "".join(w + j for w, j in zip(words, joins))
    folded = fold(text)
    fast = learned_statistics._PERCENT_AT

    def spans(matches):
        return [tuple(m.span(g) for g in range(m.re.groups + 1)) for m in matches]
    assert spans(fast.finditer(folded)) == spans(fast.pattern.finditer(folded)), text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab z-'9.\u00e9\u0130\n\t\x1c_A", max_size=40))
def test_the_word_lists_are_the_matches_of_their_patterns(text):
    """The transfer and event models' words are read with str.translate and str.split where
    the text allows (speed, the tenth speed round): the words of their patterns, in order."""
    from armswatch.extract.learning import transfer_features

    for lower in (text, text.lower()):
        assert transfer_features._words(lower) == transfer_features._WORD.findall(lower), lower
        assert learned_events._words(lower) == learned_events._WORD.findall(lower), lower


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["by", "until", "till", "through", "early", "late", "mid", "mid-",
                                 "in", "x", "2030", "\n", "thru", "bymid", "twelve",
                                 "a couple of", "one", "\u0663"]), max_size=6),
       st.lists(st.sampled_from([" ", "", "\n", "  ", "-"]), min_size=6, max_size=6))
def test_the_gated_searches_find_what_the_patterns_find(words, joins):
    """The deadline words before a year and the number words of a quantity's window are tested
    before their searches (speed, the tenth speed round): the same answers."""
    from armswatch.extract import quantities
    from armswatch.extract.learning import transfer_features

    text = "".join(w + j for w, j in zip(words, joins))
    assert transfer_features._deadline(text) == (transfer_features._DEADLINE.search(text) is not None)
    has = quantities._DIGIT.search(text) is not None or any(map(text.__contains__,
                                                               quantities._NUMBER_WORDS))
    assert has == (quantities._HAS_NUMBER.search(text) is not None), text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["will", "to", "would", "plans", "planning", "expected", "visit",
                                 "the", "this", "that", "its", "during", "a", "an", "x-to",
                                 "Will", "\u0130ts", "\u00e9", "ta", "hold", "x", "2019"]),
                max_size=6),
       st.lists(st.sampled_from([" ", "", "\n", "  ", "-", "\u00a0", ", "]), min_size=6, max_size=6))
def test_the_words_before_a_cue_are_tested_before_their_searches(words, joins):
    """The plan, pointer and indefinite patterns before an event cue are searched only where the
    window ends with a space after one of their words (events.ends_in; speed, the tenth speed
    round): the same answers as the searches alone."""
    from armswatch.extract import events as rule_events

    e = learned_events
    text = "".join(w + j for w, j in zip(words, joins))
    folded = fold(text)
    assert rule_events.planned(text) == (rule_events._FUTURE.search(text) is not None), text
    assert (rule_events.ends_in(folded, e._POINTERS, 3) and e._POINTER_FOLDED.search(folded)
            is not None) == (e._POINTER_FOLDED.search(folded) is not None), text
    assert (rule_events.ends_in(folded, e._INDEFINITES, 3) and e._INDEFINITE_FOLDED.search(folded)
            is not None) == (e._INDEFINITE_FOLDED.search(folded) is not None), text


_EVENT_WORDS = ["The", "this", "THAT", "during the", "its", "a", "An", "visit", "will", "\u017fhall",
                "Planned", "set to", "postponed", "Cancelled", "canceled", "called off", "put off",
                "delayed", "\u017fcrapped", "deferred", "trip", "x", "-", "\u0130ts", "minister",
                "THESE", "tho\u017fe", "them", "deal", "Contract", "SYSTEMS", "jets", "batch"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_EVENT_WORDS), max_size=10),
       st.lists(st.sampled_from([" ", "", ", ", "-", "\n"]), min_size=10, max_size=10))
def test_the_folded_event_patterns_find_what_the_case_insensitive_ones_find(words, joins):
    """The events model's words before a cue (and the rule transfers' pointer words) are searched
    case-sensitively on triggers.fold's text, "called off" only where one of its prefixes occurs
    (speed): the same spans."""
    text = "".join(w + j for w, j in zip(words, joins))
    folded = fold(text)
    e = learned_events
    for plain, fast in ((e._FUTURE, e._FUTURE_FOLDED), (e._POINTER, e._POINTER_FOLDED),
                        (e._INDEFINITE, e._INDEFINITE_FOLDED), (e._CALLED_OFF, e._CALLED_OFF_FOLDED),
                        (rule_transfers._ANAPHOR, rule_transfers._ANAPHOR_FOLDED)):
        assert [m.span() for m in fast.finditer(folded)] == [m.span() for m in plain.finditer(text)]
    if e._CALLED_OFF.search(text):
        assert any(map(folded.__contains__, e._CALLED_OFF_STARTS)), text


_CUE_SENTENCE_WORDS = ["The", "minister", "VISITED", "met", "talks", "signed", "an", "agreement",
                       "was in", "joint venture", "letter of", "Training", "drills", "war games",
                       "support", "Awarded", "order of", "Peru", "Chile", "\u0130nspected",
                       "\u017figned", "metal", "x", "2019", "ships", "tanks"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_SENTENCE_WORDS), max_size=12), _JOINS)
def test_the_event_cue_gate_passes_every_sentence_with_a_cue(words, joins):
    """The events model tokenises only the sentences whose trigger positions hold a cue word's
    prefix: every sentence in which a cue word is found must pass that gate."""
    text = "".join(w + j for w, j in zip(words, joins))
    e = learned_events
    for sentence in analyse(normalise(text), text):
        lower = sentence.text.lower()
        if e._first_cues(lower, e._WORD.findall(lower)):
            assert e._CUE_TRIGGERS.can_match_any(sentence.triggers), sentence.text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ9_%$.,' -\u00e9\u00c9\u0663\u2014\u0130\n", max_size=40))
def test_the_statistics_tokens_are_the_matches_of_their_pattern(text):
    """The statistics model's tokens are read with findall and str.find (speed): the same
    (start, end, lower case) as the pattern's matches."""
    expected = [(m.start(), m.end(), m.group().lower())
                for m in learned_statistics._TOKEN.finditer(text)]
    assert learned_statistics._tokens(text) == expected


class _NeverCached(dict):  # type: ignore[type-arg]
    def get(self, key, default=None):  # noqa: ANN001, ANN201 - a dict that never finds
        return default


_STATISTICS_TEXTS = [
    "Peru's arms imports rose by 45% between 2015-19 and 2020-24, while Chile accounted for 12%.",
    "Chile was the largest supplier to Peru, with 31% of its imports; Brazil followed with 9%.",
    "Exports of Norway fell 20%. Sweden's share of Finland's imports was 14 per cent in 2020-24.",
    "Africa accounted for 8% of global arms imports; Algeria alone for 3.5%.",
    "The United States supplied 43% of all arms exports, France 9.6%, and Russia 7.8%.",
]


def test_the_joint_features_reused_across_documents_score_as_made_anew(monkeypatch):
    """_party_table reuses the joint features of an equal (measure, side, cues, pair key) from
    any earlier document (speed): every (subject, object) table is, to the bit, the one made
    with nothing reused."""
    from armswatch.extract.model import Document
    from armswatch.extract.pipeline import extract_document

    made = learned_statistics._party_table

    def tables(texts: list[str]) -> list[dict]:
        out: list[dict] = []

        def recorded(*args):  # noqa: ANN002, ANN202
            out.append(made(*args))
            return out[-1]

        monkeypatch.setattr(learned_statistics, "_party_table", recorded)
        for text in texts:
            extract_document(Document(id="t", text=text), min_confidence=0.05)
        return out

    texts = _STATISTICS_TEXTS + _STATISTICS_TEXTS[::-1]  # later figures reuse earlier ones'
    warm = tables(texts)
    monkeypatch.setattr(learned_statistics, "_JOINT", _NeverCached())
    cold = tables(texts)
    assert warm == cold
    assert len(warm) >= 10


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ- .,1\u0130", max_size=40), st.integers(0, 4))
def test_the_few_words_between_a_party_and_a_weapon_are_all_its_words(text, most):
    """transfer_features._few_words stops at the word after ``most`` (speed): it gives the
    pattern's words of the lower-cased text when there are at most ``most``, else None."""
    from armswatch.extract.learning import transfer_features

    words = transfer_features._WORD.findall(text.lower())
    assert transfer_features._few_words(text, most) == (words if len(words) <= most else None)


_NAME_WORDS = ["Redback", "MARS", "II", "AN/TPS-77", "K2", "12th", "8x8", "dual", "rocket",
               "new", "and", "the", "Poland", "ordered", "x", "tanks", "(Boxer", "A",
               "French-built", "Two", "Type", "054A/P"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS), max_size=14),
       st.lists(st.sampled_from([" ", " ", " ", "  ", "", "-", ", "]), min_size=14, max_size=14))
def test_the_name_before_a_class_is_searched_as_over_the_whole_window(words, joins):
    """weapons._name_before starts its search after the sixth space before the class (speed): the
    same match, spans and groups, as the search over the 60 characters before it."""
    from armswatch.extract import weapons

    text = "".join(w + j for w, j in zip(words, joins)) + "vehicles"
    end = len(text) - len("vehicles")
    whole = weapons._NAME_BEFORE.search(text, max(0, end - 60), end)
    found = weapons._name_before(text, end)
    assert (whole is None) == (found is None), text
    if whole is not None and found is not None:
        assert (whole.span(), whole.regs, whole.groups()) == (found.span(), found.regs,
                                                              found.groups()), text


_NEGATION_TEST_WORDS = ["not", "NOT", "Not", "n't", "didn't", "never", "Neither", "nor", "no",
                        "No", "plans", "longer", "denied", "Denies", "deny", "Sweden", "refused",
                        "declined", "unwilling", "instead", "of", "rather", "than", "chose", "ruled", "out",
                        "warned", "against", "AGAINST", "say", "disclosed", "cancelled", "in", "favour",
                        "who", "declined", "decline", "Egypt's",
                        "Selected", "picked", "opted", "for", "prefers", "over", "OVER", "the", "were", "had", "another", "\u017fold",
                        "\u0130", "Rafale", "jets", "to", "Peru", "only", "but", ";", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NEGATION_TEST_WORDS), max_size=14), _JOINS)
def test_the_negation_gate_passes_every_negated_cue_and_weapon(words, joins):
    """status.negated is read only in sentences status.may_negate lets through (the trigger
    scan, or the folded text of a sentence given alone; "over" only with a verb of choice):
    wherever a cue or a weapon at any word's place is negated, both gates must be open."""
    from armswatch.extract import status

    text = "".join(w + j for w, j in zip(words, joins))
    for sentence in analyse(normalise(text), text):
        folded = fold(sentence.text)
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence.text)]
        if any(status.negated(folded, start, end) or status.negated(folded, start)
               for start, end in spans):
            assert status.may_negate(sentence.triggers, sentence.text), text
            assert status.may_negate(None, sentence.text), text


def test_the_negation_gate_sees_a_negated_weapon():
    from armswatch.extract import status

    text = "Turkey has not delivered any Bayraktar drones to Pakistan."
    sentence = analyse(normalise(text), text)[0]
    weapon = next(w for w in sentence.weapons if "Bayraktar" in sentence.text[w.start:w.end])
    assert status.may_negate(sentence.triggers, sentence.text)
    assert status.negated(fold(sentence.text), weapon.start, weapon.end)
    other = "Turkey delivered Bayraktar drones to Pakistan in 2023."
    plain = analyse(normalise(other), other)[0]
    assert not status.may_negate(plain.triggers, other) and not status.may_negate(None, other)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["was", "WERE", "has", "been", "had", "recently", "ordered",
                                 "Bought", "purchased", "acquired", "procured", "contracted",
                                 "by", "BY", "b", "y", "Poland", "\u017fold", "sold", "SOLD", "-", "x"]),
                max_size=10), _JOINS)
def test_the_passive_order_gate_passes_every_passive_order(words, joins):
    """learning.transfers._ordered_by searches _PASSIVE_ORDER only in sentences holding one of
    _PASSIVE_ORDER_WORDS (lower-cased): wherever it matches, the gate must be open."""
    from armswatch.extract.learning import transfers as learned_transfers

    text = "".join(w + j for w, j in zip(words, joins))
    if learned_transfers._PASSIVE_ORDER.search(text):
        assert holds_any(text.lower(), learned_transfers._PASSIVE_ORDER_WORDS), text


def _negated_case_insensitive(text: str, start: int, end: int | None) -> bool:
    """status.negated's patterns compiled case-insensitively, run on the text as it is."""
    from armswatch.extract import status

    def insensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
        return re.compile(pattern.pattern, re.IGNORECASE)

    before = insensitive(status._CLAUSE_START).split(text[:start])[-1]
    if insensitive(status._NEGATION).search(before) and not insensitive(status._NOT_ONLY).search(before):
        return True
    return end is not None and insensitive(status._NEGATED_AFTER).match(text, end) is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NEGATION_TEST_WORDS + ["NOR", "Although", "\u0130f", "which",
                                                        "\u212aeep", "WA\u017f", "Not only",
                                                        "Chosen", "but", "and", ",", ":"]),
                max_size=14), _JOINS)
def test_the_folded_negation_reads_what_the_case_insensitive_one_reads(words, joins):
    """status.negated runs its patterns case-sensitively on the folded text (speed): at every
    word's place, for a weapon and for a cue, the same answer as case-insensitive patterns on
    the text."""
    from armswatch.extract import status

    text = "".join(w + j for w, j in zip(words, joins))
    folded = fold(text)
    for m in re.finditer(r"\S+", text):
        for end in (m.end(), None):
            assert status.negated(folded, m.start(), end) == _negated_case_insensitive(
                text, m.start(), end), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["the", "Sweden", "-based", "BASED", "ba\u017fed", "in", "of",
                                 "Stockholm", "SIPRI", "International", "Peace", "Research",
                                 "Institute", "\u0130nstitute", "think-tank", "University",
                                 "Academy", "'s", "Sweden's", "x"]), max_size=10), _JOINS)
def test_the_seat_gate_passes_every_seat(words, joins):
    """learning.statistics.mentions reads a party as an institute's seat (_institute) only in
    sentences holding one of _SEAT_WORDS (folded): wherever one of its patterns matches, the gate
    must be open."""
    s = learned_statistics
    text = "".join(w + j for w, j in zip(words, joins))
    if s._INSTITUTE.search(text) or s._SEAT_AFTER.search(text) or any(
            s._SEAT_BEFORE.search(text, 0, end) for end in range(len(text) + 1)):
        assert holds_any(fold(text), s._SEAT_WORDS), text


_GATE_WORDS = ["plan", "planned", "plans", "six", "sixty", "sixteen", "buyer", "buyers", "ten", "x y",
               "y", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GATE_WORDS), max_size=6),
       st.lists(st.sampled_from(_GATE_WORDS + ["pla", "sixt", "buy", "x", " ", "-"]), max_size=6))
def test_a_gate_without_the_words_holding_another_tests_the_same(words, pieces):
    """triggers.gate_words drops the words that hold another ("sixty" holds "six"): the gate
    answers as the full list does, with a word dropped only for one it holds."""
    text = "".join(pieces)
    gate = gate_words(words)
    assert holds_any(text, gate) == any(w in text for w in words), (words, text)
    assert set(gate) <= set(words)
    assert all(any(kept in w for kept in gate) for w in words)


def test_a_gate_keeps_the_shortest_of_nested_words():
    assert gate_words(["planned", "plan", "plans", "buyers", "sixty"]) == ("buyers", "plan", "sixty")

