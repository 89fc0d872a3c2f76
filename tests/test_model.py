"""The domain types of armswatch.model (issue 16, "one model"): one claim type read and written
as the extractor's JSON, as a checked claim's fields, and from a user's claims file."""

from __future__ import annotations

import json

import pytest

from armswatch.errors import UsageError
from armswatch.extract.model import Event, Statistic, Transfer
from armswatch.model import (CheckedClaim, EventClaim, Evidence, StatisticClaim, TransferClaim,
                             Verdict, claims_from_json)

SENTENCE = "In 2021 Russia delivered six Su-30SME fighter aircraft to Myanmar."
EVIDENCE = Evidence(SENTENCE, 120, 120 + len(SENTENCE))
TRANSFER = TransferClaim("Russia", "Myanmar", "Su-30SME", "Su-30", "Aircraft", 6, "delivered", 2021,
                         EVIDENCE, 0.8765)
SHARE = StatisticClaim("India", None, "share", 9.0, "%", (2019, 2023), EVIDENCE, 0.714,
                       base="world")
VISIT = EventClaim("visit", ("Turkey", "Azerbaijan"), "2023-03", EVIDENCE, 0.6)


def test_the_extractors_names_are_the_models_types():
    assert (Transfer, Statistic, Event) == (TransferClaim, StatisticClaim, EventClaim)


def test_a_claim_in_the_extractors_json():
    assert TRANSFER.to_dict() == {
        "supplier": "Russia", "recipient": "Myanmar", "weapon": "Su-30SME",
        "designation": "Su-30", "category": "Aircraft", "quantity": 6, "status": "delivered",
        "year": 2021, "weapon_generic": None,
        "evidence": {"text": SENTENCE, "start": 120, "end": 186}, "confidence": 0.88}
    assert json.dumps(SHARE.to_dict()) == json.dumps({
        "subject": "India", "object": None, "measure": "share", "value": 9, "unit": "%",
        "period": [2019, 2023], "base_period": None, "base": "world",
        "evidence": {"text": SENTENCE, "start": 120, "end": 186}, "confidence": 0.71})


def test_a_checked_claim_lists_the_fields_in_the_order_check_always_gave():
    checked = CheckedClaim(SHARE, Verdict("consistent", "Recomputed."), "c1")
    assert list(checked.to_dict()) == [
        "kind", "claim_id", "subject", "object", "measure", "value", "unit", "period", "evidence",
        "base_period", "confidence", "base", "verdict", "explanation", "deal_ids", "claimed",
        "computed", "deals", "context_deals"]
    assert list(CheckedClaim(TRANSFER, Verdict("undocumented", "No deal.")).to_dict())[:12] == [
        "kind", "supplier", "recipient", "weapon", "category", "quantity", "status", "year",
        "evidence", "weapon_generic", "designation", "confidence"]
    assert list(VISIT.record()) == ["type", "actors", "date", "evidence", "confidence"]


def test_the_extractors_json_reads_back_into_the_same_claims():
    extraction = {"transfers": [TRANSFER.to_dict()], "statistics": [SHARE.to_dict()],
                  "events": [VISIT.to_dict()]}
    assert claims_from_json(extraction) == [
        TransferClaim(**{**TRANSFER.__dict__, "confidence": 0.88}),
        StatisticClaim(**{**SHARE.__dict__, "confidence": 0.71}), VISIT]


def test_a_claims_file_is_read_as_a_user_writes_it():
    claim = TransferClaim.from_dict({"supplier": " Russia ", "recipient": "", "quantity": "6",
                                     "status": "ordered", "evidence": SENTENCE, "note": "mine"})
    assert (claim.supplier, claim.recipient, claim.quantity, claim.evidence) == (
        "Russia", None, 6, Evidence(SENTENCE))
    with pytest.raises(UsageError) as refused:
        StatisticClaim.from_dict({"measure": "price", "value": 3})
    assert refused.value.details["choices"] == ["share", "value", "rank", "change"]
    with pytest.raises(UsageError):
        claims_from_json({"transfers": {"supplier": "Russia"}})
