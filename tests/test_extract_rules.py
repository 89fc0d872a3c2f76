"""The extractor's rule components, one behaviour per test, on the project's own sentences.

Since issue 15 the transfer claims a user sees are decided by the learned model
(tests/test_extract_learned.py); the rule reading of transfers tested here is its candidate
generator and its strongest feature, so ``run`` returns the rules' transfers beside the
pipeline's statistics and events.
"""

from __future__ import annotations

import json

import pytest

from armswatch.extract.documents import read_path
from armswatch.extract.model import Document
from armswatch.extract.normalise import normalise
from armswatch.extract.dates import Anchor
from armswatch.extract.pipeline import analyse, extract_document
from armswatch.extract.transfers import find_transfers
from armswatch.extract.sentences import split


def run(text: str, published: str | None = "2021-06-15", min_confidence: float | None = None):
    document = Document(id="t", text=text, published=published)
    result = extract_document(document, min_confidence)
    sentences = analyse(normalise(text), text)
    result.transfers = find_transfers(sentences, Anchor.parse(published))
    return result


def keys(result):
    return sorted((t.supplier, t.recipient, t.weapon or t.weapon_generic, t.status)
                  for t in result.transfers)


def test_normalise_keeps_offsets():
    text = "Su\u201130 \u201cjets\u201d\u00a0arrived"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == 'Su-30 "jets" arrived'


def test_sentences_skip_abbreviations():
    text = "Gen. Smith went to the U.S. capital. Then he left."
    assert [text[s.start:s.end] for s in split(text)] == [
        "Gen. Smith went to the U.S. capital.", "Then he left."]


def test_a_list_of_three_weapons_shares_the_verb_and_roles():
    result = run("Last year France agreed to supply Greece with Rafale fighters, Exocet missiles "
                 "and radar systems.")
    assert keys(result) == [("France", "Greece", "Exocet", "ordered"),
                            ("France", "Greece", "Rafale", "ordered"),
                            ("France", "Greece", "radar systems", "ordered")]


def test_passive_voice_reads_the_agent():
    result = run("Ten Mi-17 helicopters ordered by Peru were delivered from Russia in 2014.")
    assert ("Russia", "Peru", "Mi-17", "ordered") in keys(result)


def test_recipient_subject_with_from():
    result = run("Indonesia received two CN-235 aircraft from Spain in 2019.")
    [transfer] = result.transfers
    assert (transfer.supplier, transfer.recipient, transfer.quantity, transfer.year) == (
        "Spain", "Indonesia", 2, 2019)
    assert transfer.evidence.text.startswith("Indonesia received")


def test_a_cancelled_deal_in_the_next_sentence():
    result = run("Canada had agreed to buy twelve Type 212 submarines from Germany. "
                 "The deal was cancelled in 2015.")
    assert ("Germany", "Canada", "Type 212", "cancelled") in keys(result)


def test_a_list_of_subjects_all_supply():
    # the whole list before the verb (issue 15: only the party right before the subject joined)
    assert keys(run("France, Germany and Italy sold tanks to Qatar.")) == [
        ("France", "Qatar", "tanks", "ordered"), ("Germany", "Qatar", "tanks", "ordered"),
        ("Italy", "Qatar", "tanks", "ordered")]


def test_a_display_at_a_fair_is_no_service():
    from armswatch.extract.status import find_cues

    def statuses(text):
        return [c.status for c in find_cues(text)]
    assert statuses("The K2 tank was displayed at an exhibition in Poland.") == []
    assert statuses("Hanwha unveiled the drone at the Paris Air Show.") == []
    # a force showing its own, or a parade, is service
    assert statuses("The air force displayed its new radars at an airshow.") == ["in_service_sighted"]
    assert statuses("The tanks were displayed at a parade in Warsaw.") == ["in_service_sighted"]


def test_a_refusal_is_no_transfer():
    result = run("Sweden refused to supply Gripen fighters to Chile.")
    assert result.transfers == []


# One clause-negation reader for the status cues and the weapons (status.negated, twelfth round):
# a cue is dropped only under a negation of its own clause, read with the weapons' word list
@pytest.mark.parametrize("sentence, expected", [
    # "not only ... but" asserts (the cues' reader read "not" and dropped the sale)
    ("Spain not only sold patrol boats to Peru but also trained their crews.", ["ordered"]),
    # a negation in a subordinate clause leaves the main clause's cue (the cues' reader read the
    # eight words before the cue, across the comma)
    ("Although Norway did not buy the K9 howitzers, it ordered Leopard tanks from Germany.",
     ["ordered"]),
    # "no" before the cue, and refusals, denials and decisions against
    ("There were no deliveries of Gripen jets to Thailand in 2021.", []),
    ("Sweden has no plans to sell Gripen jets to Colombia.", []),
    ("Chile decided against buying Spanish corvettes.", []),
    ("Italy denied supplying frigates to Libya.", []),
    ("Belgium refused to sell rifles to Chad.", []),
    # a relative clause between commas is a clause of its own; "decline" as a noun is no refusal;
    # a negated cancellation leaves the contract
    ("The trucks, which are no longer used by the army, will be donated to Uruguay.", ["ordered"]),
    ("Its arms imports fell, a sharp decline from the frigates it bought from Spain in 2016.",
     ["ordered"]),
    ("Peru has never cancelled its contract to buy K2 tanks.", ["ordered"]),
    ("Egypt declined to buy the Su-35 fighters.", []),
])
def test_a_cue_is_dropped_only_under_a_negation_of_its_own_clause(sentence, expected):
    from armswatch.extract.status import find_cues

    assert [c.status for c in find_cues(sentence)] == expected


def test_a_sighting_lists_every_operator():
    result = run("Turkish Bayraktar TB2 drones have entered service in Qatar, Poland and Kenya.")
    assert keys(result) == [("Turkiye", r, "Bayraktar TB2", "in_service_sighted")
                            for r in ("Kenya", "Poland", "Qatar")]


def test_a_statistic_with_a_period():
    result = run("From 2016 to 2020, China accounted for 12% of Nigeria's arms imports.")
    [stat] = [s.to_dict() for s in result.statistics]
    assert {k: stat[k] for k in ("subject", "object", "measure", "value", "unit", "period")} == {
        "subject": "China", "object": "Nigeria", "measure": "share", "value": 12, "unit": "%",
        "period": [2016, 2020]}


def test_a_change_between_periods():
    result = run("Brazil's arms imports fell by 22 per cent between 2013-17 and 2018-22.")
    [stat] = result.statistics
    assert (stat.object, stat.measure, stat.value, stat.period, stat.base_period) == (
        "Brazil", "change", -22, (2018, 2022), (2013, 2017))


def test_a_visit():
    result = run("The Chilean defence minister visited Peru in March 2019.")
    [event] = result.events
    assert (event.type, set(event.actors), event.date) == ("visit", {"Chile", "Peru"}, "2019-03")


def test_a_planned_visit_is_not_an_event():
    assert run("The Chilean defence minister will visit Peru next year.").events == []


def test_evidence_offsets_point_into_the_document():
    text = "Preamble.\u00a0Kenya received six Z-9 helicopters from China."
    [transfer] = run(text).transfers
    assert text[transfer.evidence.start:transfer.evidence.end] == transfer.evidence.text


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "ok", "text": "Hello."}\nnot json\n', encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x1f\x8b\x08\x00binary")
    (tmp_path / "c.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    items = list(read_path(tmp_path))
    assert [(i.document.id if i.document else None, i.problem.code if i.problem else None)
            for i in items] == [("ok", None), (None, "document-not-json"),
                                (None, "document-binary"), (None, "html-no-article")]


def test_output_is_the_public_schema():
    out = run("Kenya received six Z-9 helicopters from China.").to_dict()
    assert list(out) == ["id", "transfers", "statistics", "events"]
    assert set(out["transfers"][0]) >= {"supplier", "recipient", "weapon", "designation", "category",
                                        "quantity", "status", "year", "evidence", "confidence"}
    json.dumps(out)


def test_trigger_prefixes_find_every_match_of_every_pattern():
    """The one-pass trigger scan tries a pattern only where one of its prefixes occurs; on any
    text it must give exactly what the plain regex gives."""
    from armswatch.extract import pipeline  # noqa: F401  (registers every pattern set)
    from armswatch.extract import triggers

    texts = [
        "Last March, Peru signed a contract to buy 12 KF-21 jets; deliveries are expected in 2027.",
        "THE NAVY HAS TAKEN DELIVERY OF TWO CORVETTES FROM KOREA, AND PLANS TO ORDER MORE.",
        "Officials said the sale was halted in 2019-22; exports fell 30 per cent from 2014 to 2018.",
        "Ministers met in Lima and held several rounds of talks on joint naval exercises.",
        "\u0130t was the second-largest supplier; the deal was signed and the drones arrived.",
        "used, new and second-hand fighter aircraft were in service with the air force",
    ]
    for text in texts:
        positions = triggers.positions(text)
        for registered in triggers._REGISTRY:
            for index, pattern in enumerate(registered.patterns):
                assert [m.span() for m in registered.finditer(index, text, positions)] == \
                    [m.span() for m in pattern.finditer(text)], pattern.pattern[:40]


def test_a_pattern_without_a_literal_start_is_searched_plainly():
    import re

    from armswatch.extract.triggers import prefixes

    assert prefixes(re.compile(r"\b(?:deliver(?:s|ed)?|handed over)\b")) == {"delive", "handed"}
    assert prefixes(re.compile(r"[A-Z]\w+ delivered")) is None


def test_a_receipt_announced_for_the_future_is_an_order():
    result = run("Ghana will receive four Z-9 helicopters from China next year.")
    assert keys(result) == [("China", "Ghana", "Z-9", "ordered")]


@pytest.mark.parametrize("sentence, status", [
    ("Peru inked a deal for six KT-1 trainers from South Korea.", "ordered"),
    ("Chile placed an order for ten Leopard 2 tanks from Germany.", "ordered"),
    ("Kenya took delivery of two Z-9 helicopters from China.", "delivered"),
    ("The Indian Navy inducted a Scorpene submarine from France.", "delivered"),
    ("French Rafale jets have entered service with Qatar.", "in_service_sighted"),
])
def test_procurement_phrasing(sentence, status):
    assert {t.status for t in run(sentence).transfers} == {status}


def test_a_pronoun_subject_takes_the_party_of_the_sentence_before():
    result = run("Ghana wants to modernise its air force. It received six K-8 trainers from China "
                 "in 2020.")
    assert ("China", "Ghana", "K-8", "delivered") in keys(result)


def test_a_party_set_aside_is_not_the_operator_list():
    result = run("Apart from Turkey itself, the chief operators of the Turkish Bayraktar TB2 are "
                 "Qatar and Poland.")
    assert {t.recipient for t in result.transfers} == {"Qatar", "Poland"}


def test_a_subordinate_clause_ends_the_verb_s_reach():
    result = run("Niger chose to buy Turkish drones after a poor record with Chinese attack drones.")
    assert {t.supplier for t in result.transfers} == {"Turkiye"}


def test_a_class_of_another_nationality_is_not_the_named_system():
    result = run("Ghana ordered Bayraktar TB2 drones from Turkey. Ghana had tested Chinese drones "
                 "and bought two of them in 2019.")
    assert not any(t.supplier == "China" and t.weapon == "Bayraktar TB2" for t in result.transfers)


def test_a_class_in_a_list_shares_the_supplier_of_the_deal():
    result = run("Turkey will supply six Bayraktar TB2 drones to Ghana. In addition to the drones, "
                 "Ghana will receive two ground control stations.")
    assert ("Turkiye", "Ghana", "ground control stations", "ordered") in keys(result)


def test_an_open_role_is_filled_from_the_claim_on_a_party_named_here():
    result = run("Peru agreed to buy two Type 209 submarines from Germany in 2011. Chile later "
                 "agreed to buy the Type 209 boats from Germany. Peru had paid half before the "
                 "deal was cancelled in 2014.")
    assert ("Germany", "Peru", "Type 209", "cancelled") in keys(result)


def test_a_list_after_a_capability_verb_is_not_transferred():
    result = run("Chile agreed to buy two frigates from Spain, which can each carry two "
                 "helicopters, four boats and 13 tanks.")
    assert {t.weapon_generic for t in result.transfers} == {"frigates"}


def test_training_abroad_is_not_a_planned_event():
    result = run("Scores of Peruvian cadets have been sent to Russia for trainings.")
    assert [(e.type, set(e.actors)) for e in result.events] == [("training", {"Peru", "Russia"})]


def test_implicit_actors_come_from_the_parties_the_document_is_about():
    text = ("Peru and Russia signed a cooperation agreement. Peru voted against a UN resolution. "
            "The defence minister travelled to Moscow for talks.")
    events = run(text).events
    assert all("United Nations**" not in e.actors for e in events)


def test_the_same_trip_continued_is_one_visit():
    text = ("The Peruvian defence minister visited Russia in May. He also visited an arms factory "
            "near Moscow.")
    assert [e.type for e in run(text).events] == ["visit"]


def test_a_present_tense_caption_restates_the_reported_meeting():
    text = ("The Peruvian president met Russian officials in Moscow on Friday. "
            "Peruvian president meets Russian officials in Moscow.")
    # a meeting abroad is a visit too (R10: a visit with talks gives both); the caption adds none
    assert [(e.type, e.evidence.text) for e in run(text).events] == [
        ("meeting", "The Peruvian president met Russian officials in Moscow on Friday."),
        ("visit", "The Peruvian president met Russian officials in Moscow on Friday.")]


def test_an_elliptical_list_of_changes_shares_the_verb():
    result = run("Between 2013-17 and 2018-22 arms imports by states in Europe dropped by 12 per "
                 "cent, the Middle East by 7 per cent and Africa by 3.5 per cent.")
    assert sorted((s.object, s.value) for s in result.statistics) == [
        ("Africa", -3.5), ("Europe", -12), ("Middle East", -7)]


def test_a_world_total_change_has_no_parties():
    result = run("Worldwide, transfers of major arms in 2018-22 were 5.1 per cent "
                 "lower than in 2013-17.")
    [stat] = result.statistics
    assert (stat.subject, stat.object, stat.value) == (None, None, -5.1)


def test_a_bulleted_group_aggregate_is_left_out():
    result = run("\u2022 Combined, Peru and Chile took 30 per cent of arms imports in 2018-22.")
    assert result.statistics == []


def test_a_figure_restated_with_its_own_period_counts_once():
    text = ("Over the ten years to 2022, Africa took 9% of all imports of major arms. "
            "In 2018-22 Africa accounted for 9 per cent of global arms imports.")
    assert [s.period for s in run(text).statistics] == [(2018, 2022)]


def test_money_spent_on_arms_is_a_value_without_the_word_imports():
    # issue 15: the learned statistics model reads it as the rules did, under its default bar (a
    # possible claim: US$ values are 12 of 464 gold statistics and rarely kept; 0.08 after the
    # eleventh round's retraining, 0.33 before), so read at the lowest bar a user can ask for
    result = extract_document(Document(id="t", text="Peru may have spent US$500 million on "
                                       "Russian arms over the decade.", published="2021-06-15"),
                              min_confidence=0.05)
    [stat] = result.statistics
    assert (stat.subject, stat.object, stat.value, stat.unit) == ("Russia", "Peru", 5e8, "USD")


def test_a_statement_restated_counts_once_but_two_trips_count_twice():
    text = ("Peru expressed its support for Bolivia in March 2020. Peru has also offered its "
            "political support to Bolivia in March 2020. The Peruvian minister visited Bolivia in "
            "2019. The Peruvian president visited Bolivia in 2021.")
    # the support is a possible claim under the events model's bar, so read at the floor (every
    # possible claim, 0.05): told twice, it is still one statement
    assert sorted(e.type for e in run(text, min_confidence=0.05).events) == [
        "statement_of_support", "visit", "visit"]


@pytest.mark.parametrize("sentence", [
    "Vietnam operates Russian Su-30 fighters.",
    "The Vietnamese Air Force flies Russian Su-30 fighters.",
    "Vietnam has deployed Russian Su-30 fighters near the border.",
    "The Vietnamese Air Force is equipped with Russian Su-30 fighters.",
])
def test_the_subject_operates_what_a_nationality_says_it_got(sentence):
    assert keys(run(sentence)) == [("Russia", "Viet Nam", "Su-30", "in_service_sighted")]


def test_a_plan_is_superseded_by_the_order_it_led_to():
    result = run("Ghana plans to buy Z-9 helicopters from China. In 2021 Ghana ordered four Z-9 "
                 "helicopters from China.")
    assert keys(result) == [("China", "Ghana", "Z-9", "ordered")]


def test_a_contract_with_the_supplier_names_it_inside_the_cue():
    result = run("Peru signed a contract with South Korea in 2019 for 12 KF-21 fighters.")
    [transfer] = result.transfers
    assert (transfer.supplier, transfer.recipient, transfer.quantity, transfer.status,
            transfer.year) == ("South Korea", "Peru", 12, "ordered", 2019)


def test_an_order_placed_with_the_supplier():
    result = run("Algeria placed an order with Russia for 14 Su-57 fighters.")
    assert [(t.supplier, t.recipient, t.quantity, t.status) for t in result.transfers] == [
        ("Russia", "Algeria", 14, "ordered")]


def test_a_date_between_agreed_and_to_sell_keeps_the_order_and_its_quantity():
    result = run("South Korea agreed in 2019 to sell 12 K9 howitzers to Peru.")
    [transfer] = result.transfers
    assert (transfer.supplier, transfer.recipient, transfer.quantity, transfer.status) == (
        "South Korea", "Peru", 12, "ordered")


@pytest.mark.parametrize("words, expected", [
    ("Forty-four", (44, 44)), ("ninety-nine", (99, 99)), ("the first of thirty-six", (1, 36)),
    ("eighty", (80, 80)), ("four", (4, 4))])
def test_a_number_written_as_words_with_a_hyphen_is_read_whole(words, expected):
    from armswatch.extract.quantities import quantities_before

    text = f"{words} Leopard 2 tanks were ordered."
    assert quantities_before(text, len(words) + 1) == expected


@pytest.mark.parametrize("sentence, supplier, recipient", [
    ("Indonesia is negotiating with France over the purchase of 42 Rafale jets.",
     "France", "Indonesia"),
    ("Sweden is in talks with Colombia on the sale of 16 Gripen fighters.", "Sweden", "Colombia"),
])
def test_talks_with_a_partner_over_a_purchase_or_a_sale(sentence, supplier, recipient):
    [transfer] = run(sentence).transfers
    assert (transfer.supplier, transfer.recipient, transfer.status) == (
        supplier, recipient, "planned_or_negotiating")


def test_weapons_that_arrived_are_a_delivery_not_a_visit():
    result = run("The last of 36 Rafale aircraft ordered from France arrived in India in 2022.")
    assert keys(result) == [("France", "India", "Rafale", "delivered"),
                            ("France", "India", "Rafale", "ordered")]
    assert result.events == []


def test_a_delegation_that_arrived_is_still_a_visit():
    result = run("A delegation from Vietnam arrived in Moscow to discuss the S-400 system.")
    assert [e.type for e in result.events] == ["visit"]


def test_from_after_the_weapon_names_where_it_came_from():
    result = run("Photographs show T-90 tanks from Russia in service with the armed forces of Uganda.")
    assert keys(result) == [("Russia", "Uganda", "T-90", "in_service_sighted")]


def test_a_supplier_share_of_what_a_recipient_imported():
    [stat] = run("Russia supplied 34 per cent of the major arms imported by Algeria in "
                 "2015-2019.").statistics
    assert (stat.subject, stat.object, stat.measure, stat.value, stat.period) == (
        "Russia", "Algeria", "share", 34, (2015, 2019))



def test_used_as_an_adjective_is_no_sighting():
    result = run("Greece ordered 24 Rafale jets from France, while Croatia bought 12 used Rafales.")
    assert ("France", "Croatia", "Rafale", "ordered") in keys(result)  # the designation: no plural
    assert all(t.status != "in_service_sighted" for t in result.transfers)


def test_a_by_phrase_in_another_clause_is_no_agent():
    result = run("Four Mi-17 helicopters were delivered to Mali, according to a report by Russian media.")
    assert all(t.supplier != "Russia" for t in result.transfers)


def test_a_share_of_a_recipient_s_imports_between_two_years():
    [stat] = run("China supplied 47 per cent of Bangladesh's arms imports between 2015 and 2019.").statistics
    assert (stat.subject, stat.object, stat.measure, stat.value, stat.period) == (
        "China", "Bangladesh", "share", 47, (2015, 2019))


def test_a_recipient_s_share_of_a_supplier_s_exports():
    [stat] = run("Saudi Arabia received 8.4% of all US arms exports in 2019-2023.").statistics
    assert (stat.subject, stat.object, stat.measure, stat.value, stat.period) == (
        "United States", "Saudi Arabia", "share", 8.4, (2019, 2023))


def test_standing_with_a_country_is_a_statement_of_support():
    events = run("The Russian ambassador said Moscow stands with Myanmar.").events
    assert [(e.type, sorted(e.actors)) for e in events] == [("statement_of_support", ["Myanmar", "Russia"])]
    assert run("The ship stood by the coast of Syria while Russia watched.").events == []


def test_an_order_of_merit_is_an_award():
    events = run("The Myanmar general was awarded the Order of Friendship by Russia.").events
    assert [(e.type, sorted(e.actors)) for e in events] == [("award", ["Myanmar", "Russia"])]


def test_the_visit_at_the_start_of_a_sentence_refers_back():
    events = run("India's defence minister visited Vietnam in June 2022. The visit came after Hanoi "
                 "asked India for patrol boats. The visit will help both countries, officials said.").events
    assert [(e.type, sorted(e.actors)) for e in events] == [("visit", ["India", "Viet Nam"])]


def test_signed_for_a_number_of_weapons():
    assert keys(run("Bulgaria signed for eight F-35 jets from the US.")) == [
        ("United States", "Bulgaria", "F-35", "ordered")]
    assert run("The minister signed for the government in 2021.").transfers == []


def test_the_signing_of_an_agreement_told_before_is_not_another():
    events = run("Laos and Vietnam signed a defence cooperation agreement in May 2021. The signing of "
                 "the agreement took place in Vientiane, Laos said.").events
    assert [(e.type, sorted(e.actors)) for e in events] == [("agreement", ["Laos", "Viet Nam"])]


def test_who_shot_a_weapon_down_is_not_its_user():
    assert run("Ukrainian forces shot down a Russian Su-25 jet near Bakhmut.").transfers == []


def test_a_family_name_without_its_number_or_calibre():
    result = run("Two dozen Caesar howitzers from France arrived in Ukraine in 2022.")
    assert [(t.supplier, t.recipient, t.designation, t.quantity, t.status) for t in result.transfers] == [
        ("France", "Ukraine", "CAESAR 155mm", 24, "delivered")]
    [transfer] = run("Saudi Arabia operates Chinese Wing Loong drones.").transfers
    assert transfer.designation.startswith("Wing Loong")


def test_the_first_of_an_order_delivered():
    result = run("The first of 36 Rafale jets ordered by India from France was handed over in 2019.")
    assert sorted((t.status, t.quantity) for t in result.transfers) == [("delivered", 1), ("ordered", 36)]


# One sentence, its whole set of transfer claims: phrasings found with the project's own probe
# sentences (docs/extraction.md, "Phrasings probed with own sentences").
ONE_SENTENCE_CLAIMS = [
    # the partner of a deal named after the weapon
    ("Egypt placed an order for 12 K9 howitzers with South Korea in 2022.",
     [("South Korea", "Egypt", "K9", "ordered")]),
    ("Vietnam signed a deal for 20 Su-30 fighters with Russia.", [("Russia", "Viet Nam", "Su-30", "ordered")]),
    # "has been selling" is a delivery; "sold" an order (like "bought", R6); "exported" a delivery
    ("Turkey has been selling Bayraktar TB2 drones to Ukraine since 2019.",
     [("Turkiye", "Ukraine", "Bayraktar TB2", "delivered")]),
    ("China sold 12 CH-4 drones to Iraq in 2015.", [("China", "Iraq", "CH-4", "ordered")]),
    ("China exported 12 CH-4 drones to Iraq in 2015.", [("China", "Iraq", "CH-4", "delivered")]),
    # a cancelled order of the subject
    ("Switzerland scrapped its purchase of 22 Gripen jets from Sweden.",
     [("Sweden", "Switzerland", "Gripen", "cancelled")]),
    # a passive's agent after the recipient, and inside the cue (with a pointer back)
    ("Six Mi-17 helicopters were delivered to the Afghan Air Force by Russia in 2021.",
     [("Russia", "Afghanistan", "Mi-17", "delivered")]),
    ("Myanmar's air force has ordered six Su-30SME fighters. The jets will be supplied by Russia.",
     [("Russia", "Myanmar", "Su-30SME", "ordered")]),
    ("Vietnam is negotiating with Russia for more Su-30 fighters.",
     [("Russia", "Viet Nam", "Su-30", "planned_or_negotiating")]),
    # two suppliers named together
    ("The United States and Germany have delivered Patriot systems to Ukraine.",
     [("Germany", "Ukraine", "Patriot", "delivered"), ("United States", "Ukraine", "Patriot", "delivered")]),
    # the target of a weapon is not its user
    ("Azerbaijan has deployed Israeli-made Harop drones against Armenia.",
     [("Israel", "Azerbaijan", "Harop", "in_service_sighted")]),
    # the possessor of a weapon supplied by another
    ("India's S-400 systems, supplied by Russia, are deployed along the border.",
     [("Russia", "India", "S-400", "delivered")]),
    # "is to sell" is a plan, as "is to buy"
    ("Spain is to sell four A400M transport aircraft to Kazakhstan.",
     [("Spain", "Kazakhstan", "A400M", "planned_or_negotiating")]),
]


@pytest.mark.parametrize("sentence, claims", ONE_SENTENCE_CLAIMS)
def test_one_sentence_gives_its_claims(sentence, claims):
    assert keys(run(sentence)) == claims


# Issue 15: three reading bugs in the rules that make the learned models' candidates and features.

def test_a_list_ends_at_its_conjunction():
    """A list closes at its "and": the party after a further ", and" begins a new clause."""
    from armswatch.extract.learning.transfer_features import list_mates
    text = "France delivered Rafale jets to Egypt and Qatar, and India ordered more of them."
    [sentence] = analyse(normalise(text), text)
    assert list_mates(sentence) == {"Egypt": {"Qatar"}, "Qatar": {"Egypt"}}
    found = keys(run(text))
    assert ("France", "Qatar", "Rafale", "delivered") in found
    assert ("France", "India", "Rafale", "delivered") not in found  # India is no recipient of the list
    assert ("France", "Qatar", "Rafale", "ordered") not in found  # nor Qatar a subject of "ordered"
    from armswatch.extract.roles import list_groups
    groups = [[p.party for p in g] for g in list_groups(sentence.text, sentence.parties)]
    assert groups == [["France"], ["Egypt", "Qatar"], ["India"]]


def test_a_list_with_commas_still_runs_to_its_conjunction():
    from armswatch.extract.roles import list_groups
    text = "Turkish drones are in service in Qatar, Poland, Kenya and Ukraine."
    [sentence] = analyse(normalise(text), text)
    assert [[p.party for p in g] for g in list_groups(sentence.text, sentence.parties)][-1] == \
        ["Qatar", "Poland", "Kenya", "Ukraine"]


@pytest.mark.parametrize("text, listed, claims", [
    ("Germany and the Netherlands supplied Patriot launchers to Ukraine.", ["Germany", "Netherlands"],
     {("Germany", "Ukraine"), ("Netherlands", "Ukraine")}),
    ("France sent Caesar howitzers to Ukraine and the United Kingdom in 2023.",
     ["Ukraine", "United Kingdom"], {("France", "Ukraine"), ("France", "United Kingdom")}),
])
def test_a_party_written_with_the_after_the_conjunction_is_in_the_list(text, listed, claims):
    """ "A and the B": the article before a name does not end a list (issue 15, tenth round: the
    second member was read as no member and its claim was cut by its list mate's)."""
    from armswatch.extract.roles import list_groups
    [sentence] = analyse(normalise(text), text)
    assert listed in [[p.party for p in g] for g in list_groups(sentence.text, sentence.parties)]
    assert {(t.supplier, t.recipient) for t in run(text).transfers} == claims


@pytest.mark.parametrize("sentence", ["Peru previously used Russian Mi-17 helicopters.",
                                      "Peru formerly used Russian Mi-17 helicopters."])
def test_previously_used_is_no_sighting(sentence):
    assert keys(run("Peru used Russian Mi-17 helicopters.")) == \
        [("Russia", "Peru", "Mi-17", "in_service_sighted")]
    assert all(t.status != "in_service_sighted" for t in run(sentence).transfers)


def test_used_by_is_still_a_sighting():
    from armswatch.extract.status import find_cues
    assert [c.status for c in find_cues("Peru used Mi-17 helicopters in the floods.")] == \
        ["in_service_sighted"]
    assert find_cues("Peru previously used Mi-17 helicopters in the floods.") == []


def test_the_modal_may_is_no_month():
    from armswatch.extract.dates import year_near
    from armswatch.extract.learning.events import _when
    march = Anchor(2021, 3)
    # a month after the anchor's would be last year's; the modal verb is no month
    assert year_near("May the frigates arrive next week, the admiral said.", 0, march) == 2021
    assert year_near("Egypt may receive the frigates next week.", 0, march) == 2021
    assert year_near("The frigates arrived in May, the admiral said.", 0, march) == 2020
    assert _when("May the visit bring the two navies closer.") == frozenset({"recent"})
    assert _when("The minister visited Cairo in May.") == frozenset({"may"})
    assert _when("May 2023 saw the first visit.") == frozenset({"2023", "may"})


def test_present_tense_purchase_verbs_are_orders():
    # issue 15: "acquires"/"procures" in a present-tense headline were no cue; R6 reads a purchase
    # told without a delivery as ordered, like "buys" and "purchases"
    from armswatch.extract.status import find_cues
    for sentence in ("Chile acquires four Black Hawk helicopters from the United States.",
                     "Vietnam procures six Kilo-class submarines from Russia.",
                     "Peru buys 12 Su-30 fighters from Russia."):
        assert [(c.status, c.frame) for c in find_cues(sentence)] == [("ordered", "recipient")]
    assert [c.status for c in find_cues("Jordan receives four F-16 fighters.")] == ["delivered"]


def test_signed_contract_with_the_weapon_between_is_an_order():
    # issue 15: "signed a Rafale contract", "signs a $2 billion frigate contract": the weapon
    # (or its price) between the verb and the noun hid the signed contract (R6: ordered)
    from armswatch.extract.status import find_cues
    for sentence in ("Greece signed a Rafale contract with France in 2021.",
                     "Poland signed the K9 howitzer contract with South Korea.",
                     "Egypt signs a $2 billion frigate contract with Italy.",
                     "Qatar inked a Typhoon deal with Britain."):
        assert [c.status for c in find_cues(sentence)] == ["ordered"], sentence
    # a cooperation agreement is an event, not a transfer (R10); negation still drops the cue
    assert find_cues("Japan signed a defence cooperation agreement with India.") == []
    assert find_cues("Greece has not signed the Rafale contract yet.") == []


def test_approvals_green_light_and_announced_purchase_are_cues():
    # issue 15, ninth round: "approvals for the potential sale" (plural, "for"), "the green light
    # to sell" and "announced the purchase of" were no cue; R6 reads an approval of a potential
    # sale as planned and a government-announced purchase as ordered
    from armswatch.extract.status import find_cues
    for sentence in ("Washington published approvals for the potential sale of Patriot batteries to Peru.",
                     "Berlin has given Paris the green light to sell four Caesar howitzers to Chile.",
                     "Ottawa gave the green light for the sale of six Bell 412 helicopters to Ghana."):
        assert [(c.status, c.frame) for c in find_cues(sentence)] == \
            [("planned_or_negotiating", "supplier")], sentence
    for sentence in ("The Ghanaian defence ministry announced the purchase of 12 Typhoon jets.",
                     "Chile announces the purchase of four Black Hawk helicopters."):
        assert [(c.status, c.frame) for c in find_cues(sentence)] == [("ordered", "recipient")], sentence
    assert find_cues("Peru has not announced the purchase of new tanks.") == []
    assert [c.status for c in find_cues("The Senate approved the sale of two frigates to Peru.")] == \
        ["planned_or_negotiating"]


def test_reached_a_deal_is_no_arrival_and_appeared_in_is_a_sighting():
    # issue 15, ninth round: "reached" read every "reached a deal" as a delivery; "appeared in"
    # (drones seen in a country or in footage) was no sighting cue
    from armswatch.extract.status import find_cues
    assert [(c.status, c.frame) for c in find_cues("Peru reached a $2 billion deal for K9 howitzers.")] == \
        [("ordered", "neutral")]
    assert find_cues("Chile reached a defence cooperation agreement with Brazil.") == []
    assert [c.status for c in find_cues("The first four F-16 jets reached Amman in May.")] == ["delivered"]
    assert [(c.status, c.frame) for c in find_cues("Chinese Wing Loong drones appeared in Libya.")] == \
        [("in_service_sighted", "operator")]
    assert find_cues("The Karrar drone appeared at an Iranian air show.") == []


def test_a_future_receipt_a_payment_and_an_agreement_reached_are_no_deliveries():
    # issue 15, tenth round (bench/false_claims.py): "is also to receive" read as a delivery (the
    # adverb hid the future), "transferred funds" as a delivery of arms, and "an agreement had
    # been reached" as an arrival
    from armswatch.extract.status import find_cues
    assert [(c.status, c.frame) for c in find_cues("Ghana is also to receive two Z-9 helicopters.")] == \
        [("ordered", "recipient")]
    assert find_cues("Peru has transferred funds to pay for the K9 howitzers.") == []
    assert find_cues("Chile transferred the money for three frigates.") == []
    assert find_cues("A deal on the K9 howitzers was reached with Peru.") == []
    assert find_cues("An agreement had been reached on the frigates.") == []
    assert [c.status for c in find_cues("Seoul transferred two K9 howitzers to Peru.")] == ["delivered"]
    assert [c.status for c in find_cues("The first frigate reached Lima in May.")] == ["delivered"]


# issue 15, twelfth round (r12-status): the tense and aspect of the cue. A receipt told in the
# future ("would receive", "expects to receive") read as a delivery; a delivery begun or under way
# told as a noun or a progressive ("started the delivery of", "deliveries began", "is supplying")
# and a delivery told for the future ("scheduled for delivery") were no cue; a plan given up read
# as the plan; "entered service in the spring of 2021" (the induction) read as a sighting
@pytest.mark.parametrize("sentence, expected", [
    ("Officials said Chile would receive two Type 209 submarines.", [("ordered", "recipient")]),
    ("Ghana expects to receive four Z-9 helicopters next year.", [("ordered", "recipient")]),
    ("Peru is expected to buy twelve KF-21 jets.", [("planned_or_negotiating", "recipient")]),
    ("Seoul started the delivery of K9 howitzers to Peru in 2024.", [("delivered", "supplier")]),
    ("Deliveries began in March.", [("delivered", "neutral")]),
    ("Brazil is now supplying Super Tucano aircraft to Chile.", [("delivered", "supplier")]),
    ("Spain will complete deliveries of the A400M to Peru in 2027.", [("delivered", "supplier")]),
    ("The K9 howitzers are scheduled for delivery in 2027.", [("ordered", "neutral")]),
    ("The first deliveries are expected in 2026.", [("ordered", "neutral")]),
    ("Ghana abandoned its plans to purchase six Z-9 helicopters.", [("cancelled", "recipient")]),
    ("The Chilean frigates entered service in the spring of 2021.", [("delivered", "recipient")]),
    ("The Peruvian army took into service four Mi-17 helicopters.", [("delivered", "recipient")]),
])
def test_the_tense_and_aspect_of_a_cue(sentence, expected):
    from armswatch.extract.status import find_cues
    assert [(c.status, c.frame) for c in find_cues(sentence)] == expected


def test_tense_and_aspect_cues_keep_their_limits():
    from armswatch.extract.status import find_cues
    # where a system is in service stays a sighting; a plan kept stays a plan; negation drops
    assert [c.status for c in find_cues("The K9 howitzer has entered service with Peru.")] == \
        ["in_service_sighted"]
    assert [c.status for c in find_cues("Ghana plans to purchase six Z-9 helicopters.")] == \
        ["planned_or_negotiating"]
    assert find_cues("Ghana did not abandon its plans to buy six Z-9 helicopters.") == []
    assert [c.status for c in find_cues("Chile received two Type 209 submarines.")] == ["delivered"]


def test_a_receipt_told_in_the_future_of_the_past_is_an_order():
    result = run("Officials said Ghana would receive four Z-9 helicopters from China.")
    assert [k for k in keys(result) if k[:3] == ("China", "Ghana", "Z-9")] == \
        [("China", "Ghana", "Z-9", "ordered")]


# an order held by the supplier: "from" names the customer (issue 15, eleventh round: the rules
# read "Russia has orders from Libya" as Libya supplying Russia)
@pytest.mark.parametrize("text, expected", [
    ("Russia has orders from Libya for Su-35 fighters.", ("Russia", "Libya", "Su-35", "ordered")),
    ("China has orders from Pakistan for eight submarines.",
     ("China", "Pakistan", "submarines", "ordered")),
    ("Saab won an order from Thailand for two Gripen fighters.",
     ("Sweden", "Thailand", "Gripen", "ordered")),
    ("Hanwha received an order from Romania for K9 howitzers.",
     ("South Korea", "Romania", "K9", "ordered")),
])
def test_an_order_from_a_customer_makes_the_subject_the_supplier(text, expected):
    assert keys(run(text)) == [expected]


def test_a_receipt_from_a_supplier_is_still_read_as_a_delivery():
    assert keys(run("Poland received K2 tanks from South Korea.")) == [
        ("South Korea", "Poland", "K2", "delivered")]


# Capitals news text uses for a state (extract/places.csv). Left out on purpose: a capital that is
# the state's own name (Singapore), a common word or a person's name (Male, Victoria), one that
# names other places too (Kingston, Georgetown, Nassau, St John's, St George's; Juba, also the
# Jubba valley of Somalia: "Lower Juba"); states no longer in existence keep their successor's.
CAPITAL_SKIPPED = {"Antigua and Barbuda", "Bahamas", "Djibouti", "Grenada", "Guyana", "Jamaica",
                   "Luxembourg", "Maldives", "Panama", "Seychelles", "Singapore", "South Sudan",
                   "Western Sahara"}
FORMER_STATES = {"Biafra", "Czechoslovakia", "East Germany (GDR)", "Katanga", "North Yemen",
                 "South Vietnam", "South Yemen", "Soviet Union", "Yemen Arab Republic (North Yemen)",
                 "Yugoslavia"}


def test_every_state_of_the_party_table_has_its_capital_unless_it_is_left_out_on_purpose():
    from armswatch.extract.gazetteer import _places
    from armswatch.parties import registry
    with_capital = {registry().resolve(row["party"]) for row in _places() if row["kind"] == "capital"}
    states = {p.name for p in registry() if p.kind == "state"}
    assert states - with_capital == CAPITAL_SKIPPED | FORMER_STATES


@pytest.mark.parametrize("text, party", [
    ("The minister flew to Niamey on Monday.", "Niger"),
    ("The minister flew to Phnom Penh on Monday.", "Cambodia"),
    ("Talks in Ulan Bator ended without a deal.", "Mongolia"),
    ("Talks in Lomé ended without a deal.", "Togo"),
    ("Officials in N'Djamena declined to comment.", "Chad"),
    ("Guinea-Bissau bought two patrol boats.", "Guinea-Bissau"),  # not Guinea, not its capital
])
def test_a_capital_names_its_state(text, party):
    from armswatch.extract.parties import find_parties
    assert [m.party for m in find_parties(text, text.lower())] == [party]


@pytest.mark.parametrize("text", [
    "Male soldiers outnumbered female ones.",
    "The regiment trained near Ballarat, Victoria.",
    "Fighting continued in Lower Juba.",
    "The cadets flew from Kingston to Toronto.",
])
def test_a_capital_left_out_of_the_places_names_no_state(text):
    from armswatch.extract.parties import find_parties
    assert find_parties(text, text.lower()) == []


# Arms makers news text names for their home state (extract/places.csv, kind "company"): the
# large arms-producing firms of every producing state, not only those the corpus names. Left out
# on purpose: firms of several states (MBDA, Airbus, KNDS) and names that are people's or ordinary
# words (Antonov the ambassador, Rafael, Indra the exercise, Bofors the gun).
# The firms the corpus names (Irkut, Uralvagonzavod, Hyundai Heavy Industries, ...) are not here yet:
# with them the cross-validated F1 fell (docs/extraction-rounds.md, twelfth round, r12-makers).
MAKERS_LEFT_OUT = ("Antonov", "Rafael", "Indra", "Bofors", "MBDA", "Airbus", "KNDS")


def test_every_maker_names_a_state_of_the_party_table_once():
    from armswatch.extract.gazetteer import _places
    from armswatch.parties import registry
    makers = [row for row in _places() if row["kind"] == "company"]
    states = {p.name for p in registry() if p.kind == "state"}
    assert len(makers) > 120
    assert {registry().resolve(row["party"]) for row in makers} <= states
    names = [row["name"].lower() for row in _places()]
    assert len(names) == len(set(names))
    assert not {row["name"] for row in makers} & set(MAKERS_LEFT_OUT)


@pytest.mark.parametrize("text, party", [
    ("Engineers from Sevmash inspected the hulls.", "Russia"),
    ("The rotors were built by Kamov at its plant.", "Russia"),
    ("FNSS showed a new armoured car at the fair.", "Turkiye"),
    ("Poongsan will supply the shells.", "South Korea"),
    ("Pindad built the first batch of rifles.", "Indonesia"),
    ("Nammo won the order for the rockets.", "Norway"),
    ("Mitsubishi Heavy Industries opened a new line.", "Japan"),
    ("Mazagon Dock launched the second hull.", "India"),
])
def test_a_maker_names_its_home_state(text, party):
    from armswatch.extract.parties import find_parties
    assert [m.party for m in find_parties(text, text.lower())] == [party]


def test_a_contract_with_a_maker_makes_its_home_state_the_supplier():
    # issue 15, twelfth round: without the maker in the places, no supplier was read at all
    result = run("The navy of Peru signed a contract with Mitsubishi Heavy Industries for two frigates.")
    assert [t.supplier for t in result.transfers] == ["Japan"]
    assert [t.recipient for t in result.transfers] == ["Peru"]


def test_a_visit_to_a_smaller_states_capital_has_both_actors():
    # before the places named every capital, "Niamey" was no party: one actor, no event
    result = run("A Turkish defence delegation arrived in Niamey to discuss drone deliveries.")
    # (the talks it came for may be a meeting too: the events model decides; the visit is what this pins)
    assert ("visit", {"Turkiye", "Niger"}) in [(e.type, set(e.actors)) for e in result.events]
    result = run("The Chinese defence minister flew to Phnom Penh for talks with Cambodian generals.")
    assert ("visit", {"China", "Cambodia"}) in [(e.type, set(e.actors)) for e in result.events]


def test_a_gift_is_a_delivery_cue_but_not_a_speech_or_giving_up():
    # issue 15, twelfth round: "gave its jets to", "has given Ukraine tanks" were no cue at all
    from armswatch.extract.status import find_cues
    for sentence in ("Norway gave its NASAMS launchers to Ukraine in 2022.",
                     "Canada has given Ukraine eight Leopard 2 tanks.",
                     "Denmark gives two frigates to Lithuania."):
        assert [(c.status, c.frame) for c in find_cues(sentence)] == [("delivered", "supplier")], sentence
    assert find_cues("Chile gave up its plan for new frigates.") == []
    assert find_cues("The minister gave a speech on the frigates.") == []
    assert find_cues("Norway never gave tanks to Ukraine.") == []
