"""The extractor, one behaviour per test, on the project's own invented sentences."""

from __future__ import annotations

import json

import pytest

from armswatch.extract.documents import read_path
from armswatch.extract.model import Document
from armswatch.extract.normalise import normalise
from armswatch.extract.pipeline import extract_document
from armswatch.extract.sentences import split


def run(text: str, published: str | None = "2021-06-15"):
    return extract_document(Document(id="t", text=text, published=published))


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


def test_a_refusal_is_no_transfer():
    result = run("Sweden refused to supply Gripen fighters to Chile.")
    assert result.transfers == []


def test_a_sighting_lists_every_operator():
    result = run("Turkish Bayraktar TB2 drones are already in service in Qatar, Poland and Kenya.")
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
