"""The learned transfer model (issue 15): shipped artifact, calibration, thresholds, training.

Sentences are the project's own. Quality is measured by cross-validation (make train,
docs/extraction.md), not here: these tests pin what a user relies on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armswatch.errors import ExtractorModelMissing
from armswatch.extract.learning import runtime
from armswatch.extract.learning.corpus import default_root
from armswatch.extract.model import Document
from armswatch.extract.pipeline import extract_document

CORPUS_TOOLS = default_root().parent / "tools" / "score_extraction.py"


def claims(text: str, min_confidence: float | None = None):
    return extract_document(Document(id="t", text=text, published="2024-05-01"),
                            min_confidence).transfers


def top(text: str) -> tuple:
    best = max(claims(text, 0.05), key=lambda t: t.confidence)
    return best.supplier, best.recipient, best.weapon, best.status


def test_the_shipped_model_carries_its_training_data_hash_scores_and_calibration():
    artifact = runtime.load("transfers")
    assert len(artifact["data_hash"]) == 64
    assert artifact["documents"] >= 196
    scores = artifact["cross_validation"]["scores"]
    assert set(scores) == {"transfers_strict", "transfers_pair"}
    assert len(scores["transfers_strict"]["f1_folds"]) == artifact["cross_validation"]["folds"] == 5
    ys = artifact["calibration"]["y"]
    assert ys == sorted(ys) and 0 <= ys[0] and ys[-1] <= 1  # isotonic: never decreasing
    assert 0.05 < artifact["threshold"] < 1


@pytest.mark.parametrize("text, expected", [
    ("Germany delivered 18 Leopard 2 tanks to Norway in 2019.",
     ("Germany", "Norway", "Leopard 2", "delivered")),
    ("India has ordered 26 Rafale M fighters from France for its navy.",
     ("France", "India", "Rafale M", "ordered")),
    ("Brazil is negotiating with Sweden over the purchase of more Gripen fighters.",
     ("Sweden", "Brazil", "Gripen", "planned_or_negotiating")),
    # the status models read the cue nearest the weapon and the words that set its mood
    ("Peru plans to buy two frigates from South Korea.",
     ("South Korea", "Peru", None, "planned_or_negotiating")),
    ("Greece received the first Rafale fighters from France in 2021.",
     ("France", "Greece", "Rafale", "delivered")),
])
def test_the_likeliest_claim_of_a_plain_sentence(text, expected):
    assert top(text) == expected


# issue 15's own sentences, each a text of its own: none gave a claim at the default bar when the
# models had only learned from whole documents (the right pair scored 0.3-0.5 without the document
# features) and the status step had no cue for a delivery or a purchase under way
@pytest.mark.parametrize("text, expected", [
    ("Russia has begun delivering Su-35 fighters to Algeria.",
     ("Russia", "Algeria", "Su-35", "delivered")),
    ("Egypt and France signed a contract on the supply of 30 Rafale jets in 2021.",
     ("France", "Egypt", "Rafale", "ordered")),
    ("Deliveries of K2 tanks to Poland began in December 2022.",
     ("South Korea", "Poland", "K2", "delivered")),
    ("Vietnam is buying Su-30 aircraft from Russia.", ("Russia", "Viet Nam", "Su-30", "ordered")),
    ("The Philippines took possession of two frigates built by South Korea's Hyundai Heavy "
     "Industries.", ("South Korea", "Philippines", None, "delivered")),
])
def test_a_sentence_alone_gives_its_claim_at_the_default_bar(text, expected):
    assert [(t.supplier, t.recipient, t.weapon, t.status) for t in claims(text)] == [expected]


# each recipient of a list is a claim: the pair model alone gave the first of the list twice the
# probability of the later ones, which fell under the bar (docs/extraction-rounds.md, sixth round)
def test_every_recipient_of_a_list_is_a_claim_with_the_same_pair():
    text = "The Caesar howitzer is in service in Armenia, Belgium, Lithuania and Estonia."
    found = [(t.supplier, t.recipient, t.weapon, t.status) for t in claims(text)]
    assert sorted(found) == [("France", recipient, "Caesar", "in_service_sighted")
                             for recipient in ("Armenia", "Belgium", "Estonia", "Lithuania")]
    # one pair probability for the list; the claims' confidences differ only by their status
    # probability, which reads each pair's own register deals (timeline_features)
    from armswatch.extract.learning.runtime import load
    from armswatch.extract.learning.transfers import _listed, probability, with_role_scores

    artifact = load("transfers")
    found = [c for c in _analysed(text)[1] if c.supplier == "France" and c.key[0] == "d"]
    with_role_scores(found, artifact["roles"])
    shared = _listed(found, [probability(artifact["pair"], c.features) for c in found], set())
    assert len({p for c, p in zip(found, shared)
                if c.recipient in ("Armenia", "Belgium", "Estonia", "Lithuania")}) == 1



# each supplier of a list is a claim too (issue 15, round 10b): the rules read the list as the
# verb's subject since the tenth round, but the pair model gave its middle member 0.14, under the
# bar, so "Germany" was lost; shared only where the rules claim the pair (docs/extraction-rounds.md, round 10b)
@pytest.mark.parametrize("text, weapon", [
    ("France, Germany and Italy sold tanks to Qatar.", None),
    ("Lithuania received Leopard 2 tanks from Spain, Norway and Denmark.", "Leopard 2"),
])
def test_every_supplier_of_a_list_is_a_claim_with_the_same_pair(text, weapon):
    found = claims(text)
    suppliers = ("Denmark", "Norway", "Spain") if weapon else ("France", "Germany", "Italy")
    assert sorted(t.supplier for t in found) == list(suppliers)
    assert {(t.recipient, t.weapon) for t in found} == {("Lithuania" if weapon else "Qatar", weapon)}
    from armswatch.extract.learning.runtime import load
    from armswatch.extract.learning.transfers import _listed, probability, with_role_scores

    artifact = load("transfers")
    sentences, found = _analysed(text)
    candidates = [c for c in found if c.supplier in suppliers and c.recipient in ("Lithuania", "Qatar")]
    with_role_scores(candidates, artifact["roles"])
    ruled = {(s, t) for s in suppliers for t in ("Lithuania", "Qatar")}
    shared = _listed(candidates, [probability(artifact["pair"], c.features) for c in candidates], ruled)
    assert len(set(shared)) == 1
    # not raised where the rules do not claim the pair (a list that is not the verb's subject)
    apart = _listed(candidates, [probability(artifact["pair"], c.features) for c in candidates], set())
    assert len(set(apart)) > 1

def test_the_default_bar_is_the_threshold_and_a_lower_bar_adds_possible_claims():
    # three sentences: a document (its bar, not the short texts'); the model stays in doubt about
    # an order besides the deliveries (R6) and about Leopards for Poland: possible claims under
    # the bar
    text = ("Germany delivered 18 Leopard 2 tanks to Norway in 2019. "
            "Deliveries of K2 tanks to Poland began in December 2022. "
            "Poland also operates Leopard 2 tanks.")
    default, everything = claims(text), claims(text, 0.05)
    threshold = runtime.load("transfers")["threshold"]
    assert default and all(t.confidence >= threshold for t in default)
    assert set(default) < set(everything)
    assert all(t.confidence < threshold for t in set(everything) - set(default))
    assert all(0.05 <= t.confidence <= 1 for t in everything)
    assert ("South Korea", "Poland", "K2", "delivered") in {
        (t.supplier, t.recipient, t.weapon, t.status) for t in default}


def test_calibration_is_piecewise_linear_between_its_points():
    artifact = {"calibration": {"x": [0.1, 0.3, 0.5], "y": [0.0, 0.2, 0.6]}}
    assert runtime.calibrated(artifact, 0.05) == 0.0
    assert runtime.calibrated(artifact, 0.4) == pytest.approx(0.4)
    assert runtime.calibrated(artifact, 0.9) == 0.6


def test_the_bar_keeps_the_level_that_maximises_f1_and_is_written_short():
    from armswatch.extract.learning.train import _best_threshold

    # two right claims at 0.17857 and one wrong at 0.1: keeping 0.17857 is best; a bar rounded
    # to 0.179 would have kept nothing there
    scored = [(0.17857, True), (0.17857, True), (0.1, False), (0.9, True)]
    bar = _best_threshold(scored, n_gold=3)
    assert 0.1 < bar <= 0.17857 and bar == 0.17
    # a level at 0.0909 under one at 0.333: the bar is written 0.33 (it kept the same claims as
    # 0.091 did, which read as if 0.0909 were kept)
    scored = [(0.0909, False), (0.0909, False), (0.333, True), (0.333, False), (0.8, True)]
    assert _best_threshold(scored, n_gold=2) == 0.33
    # levels closer than two decimals: the shortest decimal above the lower one
    assert _best_threshold([(0.12347, True), (0.1231, False)], n_gold=1) == 0.1234


@pytest.mark.parametrize("content, why", [(None, "missing"), ("{not json", "unreadable"),
                                          ('{"kind": "events"}', "not a model file")])
def test_a_missing_or_corrupt_model_names_make_train(tmp_path, monkeypatch, content, why):
    path = tmp_path / "transfers.json"
    if content is not None:
        path.write_text(content)
    monkeypatch.setattr(runtime, "model_path", lambda kind: path)
    runtime.load.cache_clear()
    try:
        with pytest.raises(ExtractorModelMissing) as raised:
            runtime.load("transfers")
        assert why in raised.value.message and "make train" in raised.value.message
    finally:
        runtime.load.cache_clear()


SENTENCES = [
    ("Germany delivered {n} Leopard 2 tanks to Norway.", "Germany", "Norway", "Leopard 2", "delivered"),
    ("Chile ordered {n} F-16 fighters from the United States.", "United States", "Chile", "F-16",
     "ordered"),
    ("Egypt received {n} Rafale jets from France last year.", "France", "Egypt", "Rafale", "delivered"),
    ("Vietnam is in talks with Russia on buying {n} Su-30 aircraft.", "Russia", "Viet Nam", "Su-30",
     "planned_or_negotiating"),
]


def _own_corpus(root: Path) -> None:
    """Ten documents of the project's own sentences, in the corpus layout."""
    for split in ("train", "dev"):
        (root / split / "docs").mkdir(parents=True)
        (root / split / "gold").mkdir(parents=True)
    for i in range(10):
        sentence, supplier, recipient, weapon, status = SENTENCES[i % len(SENTENCES)]
        text = "Arms news. " + sentence.format(n=i + 2) + " Officials met in the capital."
        split = "dev" if i < 2 else "train"
        (root / split / "docs" / f"{i:03}.json").write_text(json.dumps({"id": f"{i:03}", "text": text}))
        gold = {"id": f"{i:03}", "statistics": [], "events": [], "transfers": [{
            "supplier": supplier, "recipient": recipient, "weapon": weapon, "category": "Aircraft",
            "status": status, "evidence": text}]}
        (root / split / "gold" / f"{i:03}.json").write_text(json.dumps(gold))
    (root.parent / "tools").mkdir()
    (root.parent / "tools" / "score_extraction.py").write_bytes(CORPUS_TOOLS.read_bytes())


@pytest.mark.skipif(not CORPUS_TOOLS.exists(), reason="needs ../shared/tools/score_extraction.py")
def test_training_is_reproducible_and_writes_a_loadable_model(tmp_path):
    from armswatch.extract.learning import corpus, train

    root = tmp_path / "corpus"
    _own_corpus(root)
    corpus.scorer.cache_clear()
    try:
        first, second = tmp_path / "a", tmp_path / "b"
        train.train(root, ("transfers",), first, log=lambda line: None)
        train.train(root, ("transfers",), second, log=lambda line: None)
    finally:
        corpus.scorer.cache_clear()
    written = (first / "transfers.json").read_bytes()
    assert written == (second / "transfers.json").read_bytes()
    artifact = json.loads(written)
    assert artifact["kind"] == "transfers" and artifact["documents"] == 10
    assert artifact["data_hash"] == corpus.data_hash(corpus.load_corpus(root))
    assert {"pair", "status", "roles", "calibration", "threshold"} <= artifact.keys()


def test_a_score_is_the_same_in_any_feature_order():
    """Features are sets, whose order follows the process's hash seed; batch workers are
    separate processes, so a score must not depend on the order it is summed in."""
    import random

    from armswatch.extract.learning.transfers import probability

    model = runtime.load("transfers")["pair"]
    features = sorted(model["weights"])[::7][:80]
    scores = set()
    for seed in range(30):
        random.Random(seed).shuffle(features)
        scores.add(probability(model, list(features)))
    assert len(scores) == 1


def test_the_first_document_of_a_process_is_read_as_every_later_one():
    """The rule modules register their cue patterns' trigger prefixes on import; imported after
    the first scan, the first documents of a process (a batch worker's) lost those cues."""
    import subprocess
    import sys

    script = ("from armswatch.extract.model import Document;"
              "from armswatch.extract.pipeline import extract_document;"
              "import json;"
              "doc = Document(id='t', text='Arms exports. In 2019-23 France accounted for 11 per "
              "cent of global arms exports, and its exports rose 47 per cent.');"
              "first, second = (json.dumps(extract_document(doc, 0.05).to_dict()) for _ in range(2));"
              "print(first == second, len(json.loads(first)['statistics']))")
    answer = subprocess.run([sys.executable, "-W", "ignore", "-c", script], capture_output=True,
                            text=True, check=True).stdout.split()
    assert answer[0] == "True" and int(answer[1]) >= 1


# Sixth round b (docs/extraction-rounds.md, transfers): the register's timeline as status features,
# the status models' positive class weighted 1.5, a pair outranked by another supplier's cut to a
# quarter, and the best recipient score of a recipient's list as a pair feature. Own sentences.

def _analysed(text: str, published: str = "2020-06-01"):
    from armswatch.extract.dates import Anchor
    from armswatch.extract.learning.transfers import _found
    from armswatch.extract.normalise import normalise
    from armswatch.extract.pipeline import analyse
    from armswatch.extract.transfers import find_transfers

    sentences = analyse(normalise(text), text)
    return sentences, _found(sentences, find_transfers(sentences, Anchor.parse(published)))


def _candidate(supplier: str, recipient: str, name: str = "Rafale"):
    from armswatch.extract.learning.transfer_features import Candidate, weapon_group
    from armswatch.extract.weapons import WeaponMention

    weapon = WeaponMention(0, len(name), name, name, "Aircraft", False)
    return Candidate(weapon_group(weapon), weapon, 0, supplier, recipient)


@pytest.mark.parametrize("year, expected", [
    (2010, "rt:before_order"),  # France's Rafale deals with India: ordered 2017 and 2024
    (2016, "rt:undelivered"),  # ordered the next year: the register's order years are rounded
    (2020, "rt:delivering"),  # the first deal delivered 2019-2022
    (2026, "rt:undelivered"),  # the 2024 order not yet delivered
])
def test_the_registers_deals_of_the_pair_stand_where_they_did_in_the_articles_year(year, expected):
    from armswatch.extract.learning.transfer_features import timeline_features

    assert expected in timeline_features(_candidate("France", "India"), year)
    assert timeline_features(_candidate("Brazil", "India"), year) == ["rt:none"]
    assert timeline_features(_candidate("France", "India"), None) == ["rt:noyear"]


def test_the_articles_year_is_its_publication_year_else_its_latest_year_outside_a_deadline():
    from armswatch.extract.learning.transfer_features import reference_year

    sentences, _ = _analysed("Peru bought six radars in 2019. Its navy wants two frigates by 2031.")
    assert reference_year(sentences, 2022) == 2022
    assert reference_year(sentences, None) == 2019


def test_a_status_model_weighs_a_positive_example_by_its_statuss_weight():
    from armswatch.extract.learning.transfers import STATUS_WEIGHT, _fit_logistic, probability

    ordered = _fit_logistic([["x"]] * 5, [1, 1, 0, 0, 0], 1.0, 0, {0: 1.0, 1: STATUS_WEIGHT["ordered"]})
    assert probability(ordered, ["x"]) == pytest.approx(0.5, abs=0.02)  # 2 x 1.5 against 3
    rare = _fit_logistic([["x"]] * 5, [1, 0, 0, 0, 0], 1.0, 0,
                         {0: 1.0, 1: STATUS_WEIGHT["in_service_sighted"]})
    assert probability(rare, ["x"]) == pytest.approx(0.5, abs=0.02)  # 1 x 4 against 4


@pytest.mark.parametrize("pairs, mates, p_pairs, expected", [
    # another supplier's pair of the weapon likelier by more than 0.2: Italy's cut (0.25 under
    # France's), Spain's kept (0.15 under), Greece's kept though 0.3 under ("France and Greece
    # sold ...": a list, not a rival)
    ([("France", "Egypt"), ("Italy", "Egypt"), ("Spain", "Egypt"), ("Greece", "Egypt")],
     ("supplier_mates", "France"), [0.7, 0.45, 0.55, 0.4], [0.7, 0.45 / 4, 0.55, 0.4]),
    # its supplier's pair with another recipient in its sentence likelier by more than 0.1: Qatar's
    # cut (0.15 under Egypt's), India's kept (0.05 under), Greece's kept ("to Egypt and Greece":
    # a list; India only 0.03 over it)
    ([("France", "Egypt"), ("France", "Qatar"), ("France", "India"), ("France", "Greece")],
     ("recipient_mates", "Egypt"), [0.7, 0.55, 0.65, 0.62], [0.7, 0.55 / 4, 0.65, 0.62]),
])
def test_a_pair_outranked_by_a_rival_pair_of_its_weapon_is_cut_to_a_quarter(pairs, mates, p_pairs,
                                                                              expected):
    from armswatch.extract.learning.transfers import _outranked

    found = [_candidate(supplier, recipient) for supplier, recipient in pairs]
    getattr(found[3], mates[0]).add(mates[1])
    assert _outranked(found, p_pairs) == pytest.approx(expected)


def test_a_rival_recipient_in_another_sentence_does_not_cut_a_pair():
    from armswatch.extract.learning.transfers import _outranked

    elsewhere = _candidate("France", "Qatar")
    elsewhere.at = 3  # the weapon named again in another sentence: another deal may be told there
    assert _outranked([_candidate("France", "Egypt"), elsewhere], [0.7, 0.55])[1] == pytest.approx(0.55)


def test_suppliers_listed_together_are_each_others_mates():
    _, found = _analysed("France and Germany sold Leopard 2 tanks to Qatar.")
    pairs = {(c.supplier, c.recipient): c for c in found}
    assert pairs[("France", "Qatar")].supplier_mates == {"Germany"}


def test_every_recipient_of_a_list_reads_the_best_recipient_score_of_its_list():
    from armswatch.extract.learning.runtime import load
    from armswatch.extract.learning.transfers import with_role_scores

    _, found = _analysed("Turkey's Bayraktar TB2 drones are in service in Morocco, Niger and "
                         "Tunisia. Turkey also sold radars to Chile.")
    with_role_scores(found, load("transfers")["roles"])
    listed = {c.recipient: {f for f in c.features if f.startswith("rlist:")}
              for c in found if c.supplier == "Turkiye" and c.key[0] == "d"}
    assert set(listed) >= {"Morocco", "Niger", "Tunisia"}
    assert len(listed["Morocco"]) == 1
    assert listed["Morocco"] == listed["Niger"] == listed["Tunisia"]
    assert not any(f.startswith("rlist:") for c in found if c.recipient == "Chile" for f in c.features)


# Seventh round (docs/extraction-rounds.md, transfers): a text of one or two sentences has its own
# calibration map and bar, fitted on the held-out claims of the corpus's sentences checked alone;
# under the documents' map their claims read high (0.51 where 0.35 were right, 0.88 where 0.70).
def test_a_sentence_checked_alone_is_read_on_the_short_texts_map_and_a_document_on_its_own():
    from armswatch.extract.dates import Anchor
    from armswatch.extract.learning import transfers as learned
    from armswatch.extract.normalise import normalise
    from armswatch.extract.pipeline import analyse

    artifact = runtime.load("transfers")
    short = artifact["short"]
    assert short["calibration"]["y"] == sorted(short["calibration"]["y"])
    assert 0.05 < short["threshold"] < 1
    sentence = "Chile ordered 12 F-16 fighters from the United States."
    for text, used in ((sentence, short),
                       (f"Arms news. {sentence} Officials met in the capital.", artifact)):
        raw = learned.predict(artifact, analyse(normalise(text), text), Anchor.parse("2024-05-01"))
        best = max(raw, key=lambda t: t.confidence)
        shown = {(t.supplier, t.recipient, t.weapon, t.status): t.confidence
                 for t in claims(text, 0.05)}
        assert (best.supplier, best.recipient, best.weapon, best.status) == (
            "United States", "Chile", "F-16", "ordered")
        assert shown[("United States", "Chile", "F-16", "ordered")] == round(
            runtime.calibrated(used, best.confidence), 4)


@pytest.mark.skipif(not CORPUS_TOOLS.exists(), reason="needs ../shared/tools/score_extraction.py")
def test_a_documents_short_texts_are_its_evidence_sentences_then_its_other_weapon_sentences():
    from armswatch.extract.learning.corpus import LabelledDocument
    from armswatch.extract.learning.train import short_texts

    evidence = "Chile ordered 12 F-16 fighters from the United States."
    text = f"Arms news. {evidence} The F-16 first flew in 1974. Officials met in the capital."
    label = {"supplier": "United States", "recipient": "Chile", "weapon": "F-16",
             "category": "Aircraft", "status": "ordered", "evidence": evidence}
    item = LabelledDocument(Document(id="7", text=text, published="2024-05-01"),
                            {"transfers": [label]}, "train")
    found = [(s.text.document.id, s.text.document.text, s.evidence, s.text.gold["transfers"])
             for s in short_texts(item)]
    assert found == [("7#short0", evidence, True, [label]),
                     ("7#short1", "The F-16 first flew in 1974.", False, [])]
    assert all(s.document_labels == (label,) for s in short_texts(item))


@pytest.mark.skipif(not CORPUS_TOOLS.exists(), reason="needs ../shared/tools/score_extraction.py")
def test_a_claim_of_another_sentence_that_matches_a_label_of_its_document_is_left_out_of_the_fit():
    """Such a claim is likely right (its label names another sentence as evidence): counted
    false, it would pull the map down; claims of the other sentences matching no label are false."""
    from armswatch.extract.learning.corpus import LabelledDocument
    from armswatch.extract.learning.train import short_calibration, short_texts
    from armswatch.model.claims import Evidence, TransferClaim

    evidence = "Chile ordered 12 F-16 fighters from the United States."
    other = "The F-16 fighters of Chile came from the United States."
    text = f"Arms news. {evidence} {other} Officials met in the capital."
    label = {"supplier": "United States", "recipient": "Chile", "weapon": "F-16",
             "category": "Aircraft", "status": "ordered", "evidence": evidence}
    item = LabelledDocument(Document(id="7", text=text, published="2024-05-01"),
                            {"transfers": [label]}, "train")

    def claim(supplier: str, status: str, score: float) -> TransferClaim:
        return TransferClaim(supplier, "Chile", "F-16", "F-16", "Aircraft", None, status, None,
                             Evidence(evidence, 0, len(evidence)), score)

    ids = [s.text.document.id for s in short_texts(item)]
    assert [s.text.document.text for s in short_texts(item)] == [evidence, other]
    found = {ids[0]: [claim("United States", "ordered", 0.6), claim("Russia", "ordered", 0.3)],
             ids[1]: [claim("United States", "ordered", 0.9), claim("France", "ordered", 0.2)]}
    fitted = short_calibration([item], found)
    # fitted on (0.6, right), (0.3, wrong), (0.2, wrong): 0.9 reads 1.0; counted false, 0.5
    assert runtime.calibrated(fitted, 0.9) == 1.0
    assert runtime.calibrated(fitted, 0.25) == 0.0
    # F1 alone counts every claim kept on the other sentence as false
    assert fitted["scores"]["evidence_sentence_labels"] == 1


# Eighth round (docs/extraction-rounds.md, transfers): the weapon of right pairs. Own sentences.

@pytest.mark.parametrize("named, p_named, expected", [
    (("France", "India"), 0.3, 0.5 / 4),  # the pair's Rafale at least half as likely: cut
    (("France", "India"), 0.2, 0.5),  # the Rafale under half as likely: the class kept
    (("France", "Egypt"), 0.9, 0.5),  # a Rafale of another pair: the class kept
])
def test_a_class_is_cut_where_a_named_system_of_its_category_has_the_same_pair(named, p_named, expected):
    from armswatch.extract.learning.transfer_features import Candidate, weapon_group
    from armswatch.extract.learning.transfers import _covered
    from armswatch.extract.weapons import WeaponMention

    jets = WeaponMention(0, 4, "jets", None, "Aircraft", True)
    found = [Candidate(weapon_group(jets), jets, 0, "France", "India"), _candidate(*named)]
    assert _covered(found, [0.5, p_named]) == pytest.approx([expected, p_named])


@pytest.mark.parametrize("text, shorter, expected", [
    ("K2PL", "K2", True),  # a variant's letters on the code (rule R5: the label is K2PL)
    ("Su-30SME", "Su-30", True),
    ("K2 Black Panther", "K2", False),  # a name beside the code, not a variant
    ("Su-35s", "Su-35", False),  # a plural
    ("Gripens", "Gripen", False),  # a name without a code
])
def test_a_later_mention_is_a_more_specific_variant_when_it_writes_letters_onto_the_code(
        text, shorter, expected):
    from armswatch.extract.learning.transfer_features import _extends

    assert _extends(text, shorter) is expected


def test_a_claim_names_the_most_specific_variant_the_document_gives_for_its_system():
    from armswatch.extract.learning.transfers import _claim
    from armswatch.extract.dates import Anchor

    sentences, found = _analysed("South Korea will sell 180 K2 tanks to Poland. "
                                 "The K2PL tanks will later be built in Poland.")
    tank = next(c for c in found if c.key[0] == "d" and (c.supplier, c.recipient) == ("South Korea", "Poland"))
    assert (tank.weapon.text, tank.specific) == ("K2", "K2PL")
    assert _claim(tank, "ordered", 0.5, sentences, Anchor.parse("2020-06-01"), {}).weapon == "K2PL"


@pytest.mark.parametrize("text, current, expected", [
    ("K2PL", "K2", True),  # a variant's letters on the code, as before
    ("AH-64E", "Apache", True),  # the code after a family name: labels name the code
    ("M1A1", "Abrams", True),
    ("K9", "K9 Thunder", True),  # the code alone after the code with its nickname
    ("Apache", "AH-64E", False),  # never a family name after the code
    ("K9 Thunder", "K9", False),
    ("Su-30", "Su-35", False),  # another code of the group: the first stays
])
def test_a_later_mention_names_the_claim_when_it_gives_the_code(text, current, expected):
    from armswatch.extract.learning.transfer_features import _names_better

    assert _names_better(text, current) is expected


def test_a_claim_names_the_code_written_after_the_family_name():
    from armswatch.extract.learning.transfers import _as_gold, _claim
    from armswatch.extract.dates import Anchor

    sentences, found = _analysed("India will receive more Apache helicopters from the United States. "
                                 "The AH-64E order for India was signed in 2020.")
    heli = next(c for c in found if c.key[0] == "d"
                and (c.supplier, c.recipient) == ("United States", "India"))
    assert (heli.weapon.text, heli.specific) == ("Apache", "AH-64E")
    assert _claim(heli, "ordered", 0.5, sentences, Anchor.parse("2020-06-01"), {}).weapon == "AH-64E"
    assert _as_gold(heli)["weapon"] == "AH-64E"  # labelled in training by the name it claims


def test_the_pair_model_reads_the_registers_timeline_of_the_pairs_deals():
    from armswatch.extract.learning.transfers import _with_timeline

    document, short = _candidate("France", "India"), _candidate("France", "India")
    _with_timeline([document], 2020, False)
    _with_timeline([short], 2020, True)
    assert "prt:delivering" in document.features and "short:prt:delivering" not in document.features
    assert {"prt:delivering", "short:prt:delivering"} <= short.features


# a sentence that only talks of a weapon asserts no order, delivery or service: before the cut,
# the register's timeline of South Korea's K2 deals with Poland made the first two ordered and
# delivered over the bar (0.35), and France's Rafale deals with India the third ordered
@pytest.mark.parametrize("text", [
    "Officials discussed K2 tanks for Poland in 2022.",
    "Poland is considering the K2 tank.",
    "The Rafale competed in India's fighter tender.",
    # a rejection, a display at a fair (issue 15: ordered and delivered, in service, at ~0.36)
    "Poland rejected the K2 tank.",
    "The K2 tank was displayed at an exhibition in Poland.",
])
def test_a_sentence_that_only_talks_of_a_weapon_gives_no_order_or_delivery(text):
    assert claims(text) == []
    assert all(t.status == "planned_or_negotiating" or t.confidence < 0.1 for t in claims(text, 0.02))


def test_a_talk_frame_is_read_only_where_no_status_cue_is():
    from armswatch.extract.learning.transfers import _talked_of

    sentences, found = _analysed("Officials discussed K2 tanks for Poland. Poland ordered 180 K2 tanks.")
    tank = next(c for c in found if c.key[0] == "d" and (c.supplier, c.recipient) == ("South Korea", "Poland"))
    assert not _talked_of(tank, sentences, {})  # the second sentence asserts the order
    sentences, found = _analysed("Officials discussed K2 tanks for Poland.")
    tank = next(c for c in found if c.key[0] == "d" and (c.supplier, c.recipient) == ("South Korea", "Poland"))
    assert _talked_of(tank, sentences, {})


# a negated weapon asserts no transfer: before the cut, the register's prior made the first two
# ordered at 0.30-0.32, over the short texts' bar (issue 15, eleventh round)
@pytest.mark.parametrize("text", [
    "Turkey has not delivered any Bayraktar drones to Pakistan.",
    "France has not sold Rafale jets to Colombia.",
    "Russia never delivered the S-300 batteries to Iran.",
    "India has no plans to buy Su-57 fighters from Russia.",
    "No F-16 jets were supplied to Egypt last year.",
])
def test_a_negated_weapon_gives_no_claim(text):
    assert claims(text) == []
    assert all(t.confidence < 0.1 for t in claims(text, 0.02))


@pytest.mark.parametrize("text, weapon, negated", [
    ("Turkey has not delivered any Bayraktar drones to Pakistan.", "Bayraktar", True),
    ("The F-35 jets were not delivered to Turkey.", "F-35", True),
    ("Egypt didn't receive the Su-35 jets.", "Su-35", True),
    ("Spain denied that it had shipped corvettes to Saudi Arabia.", "corvettes", True),
    ("Neither France nor Italy sold frigates to Egypt.", "frigates", True),
    ("No Leopard 2 tanks went to Qatar.", "Leopard 2", True),
    # the cues' words, one list since the twelfth round
    ("Germany ruled out sending Taurus missiles to Ukraine.", "Taurus", True),
    ("Chile decided against buying the Scorpene submarines.", "Scorpene", True),
    # where a negation stops: a verb of saying, a cancellation it negates, "in favour of"
    ("The ministry did not disclose the price of the Bayraktar drones.", "Bayraktar", False),
    ("Peru has never cancelled its contract to buy K2 tanks.", "K2", False),
    ("Morocco decided not to order Caesar guns in favour of Atmos howitzers.", "Caesar", True),
    ("Morocco decided not to order Caesar guns in favour of Atmos howitzers.", "Atmos", False),
    # the system passed over in a choice
    ("Hungary chose the Gripen over the F-16.", "F-16", True),
    ("Hungary chose the Gripen over the F-16.", "Gripen", False),
    ("Greece took the FDI frigate instead of the Gowind.", "Gowind", True),
    # negation of something else, or in another clause
    ("Russia not only sold Su-35 fighters to Egypt but also trained its pilots.", "Su-35", False),
    ("Although Spain did not ship corvettes, it delivered patrol boats to Peru.", "patrol boats", False),
    ("Chile received K9 howitzers from South Korea, not from Germany.", "K9", False),
    ("Despite having no embassy there, Israel delivered Barak missiles to the country.", "Barak", False),
    ("Egypt can no longer fly its F-16 jets after the purchase of the Su-35 fighters.", "Su-35", False),
])
def test_negation_is_read_in_the_weapons_clause(text, weapon, negated):
    from armswatch.extract import status
    from armswatch.extract.triggers import fold

    start = text.index(weapon)
    assert status.negated(fold(text), start, start + len(weapon)) is negated


def test_a_pair_is_cut_only_where_every_mention_of_the_weapon_is_negated():
    sentences, found = _analysed("Turkey has not delivered Bayraktar drones to Pakistan. "
                                 "Turkey delivered Bayraktar drones to Pakistan in 2023.")
    drone = next(c for c in found if c.key[0] == "d" and (c.supplier, c.recipient) == ("Turkiye", "Pakistan"))
    assert drone.asserted  # the second sentence asserts the delivery
    sentences, found = _analysed("Turkey has not delivered Bayraktar drones to Pakistan.")
    drone = next(c for c in found if c.key[0] == "d" and (c.supplier, c.recipient) == ("Turkiye", "Pakistan"))
    assert not drone.asserted


# a choice: the chosen system planned (R6: "decided on buying"), the one passed over no claim
# (issue 15: "chose the Gripen over the F-16" gave the Gripen ordered at 0.32)
@pytest.mark.parametrize("text, expected", [
    ("Hungary chose the Gripen over the F-16.", ("Sweden", "Hungary", "Gripen")),
    ("Greece selected the FDI frigate instead of the Gowind.", ("France", "Greece", "FDI")),
])
def test_a_choice_plans_the_chosen_system_and_not_the_other(text, expected):
    kept = claims(text)
    assert [(t.supplier, t.recipient, t.weapon, t.status) for t in kept] == [
        (*expected, "planned_or_negotiating")]


# a passive order with the buyer as agent is an order (R6): before the cut, the register's
# timeline read it as delivered at 0.32-0.47, over the ordered claim (issue 15, eleventh round)
@pytest.mark.parametrize("text, expected", [
    ("K2 tanks were ordered by Poland from South Korea in 2022.", ("South Korea", "Poland", "K2")),
    ("Rafale jets were ordered by Egypt from France in 2015.", ("France", "Egypt", "Rafale")),
])
def test_a_passive_order_with_the_buyer_as_agent_is_an_order(text, expected):
    assert [(t.supplier, t.recipient, t.weapon, t.status) for t in claims(text)] == [
        (*expected, "ordered")]
    assert all(t.status not in ("delivered", "in_service_sighted") or t.confidence < 0.1
               for t in claims(text, 0.02))


def test_an_in_service_claim_is_cut_where_the_delivery_is_told():
    # R6: in service is a system reported with the recipient "without the transfer itself being
    # described"; where a sentence naming it with the pair tells its delivery, the in-service
    # claim is cut to a quarter (issue 15, twelfth round, r12-status)
    from armswatch.extract.learning.transfers import _delivery_told

    told = "Brazil delivered six Super Tucano aircraft to Chile, whose air force now operates them."
    sentences, found = _analysed(told)
    plane = next(c for c in found if (c.supplier, c.recipient) == ("Brazil", "Chile"))
    assert _delivery_told(plane, sentences)
    assert all(t.status != "in_service_sighted" for t in claims(told, 0.02)
               if (t.supplier, t.recipient) == ("Brazil", "Chile"))
    seen = "The Chilean air force operates Brazilian Super Tucano aircraft."
    sentences, found = _analysed(seen)
    plane = next(c for c in found if (c.supplier, c.recipient) == ("Brazil", "Chile"))
    assert not _delivery_told(plane, sentences)
    assert ("Brazil", "Chile", "in_service_sighted") in {
        (t.supplier, t.recipient, t.status) for t in claims(seen)}


# a passive sale is an order too, with the seller as agent or unnamed (R6; issue 15, twelfth
# round: "were sold to X by Y" was also claimed delivered at the ordered claim's confidence)
@pytest.mark.parametrize("text, expected", [
    ("Forty T-72 tanks were sold to Ethiopia by Ukraine in 2011.", ("Ukraine", "Ethiopia", "T-72")),
    ("Six Rafale jets were sold by France to Croatia in 2021.", ("France", "Croatia", "Rafale")),
])
def test_a_passive_sale_is_an_order_and_no_delivery(text, expected):
    kept = claims(text)
    assert [(t.supplier, t.recipient, t.weapon, t.status) for t in kept] == [(*expected, "ordered")]
    assert all(t.status not in ("delivered", "in_service_sighted") or t.confidence < 0.1
               for t in claims(text, 0.02))


# a gift is a delivery, also with the recipient before the weapon (issue 15, twelfth round)
def test_a_gift_is_a_delivery_claim():
    assert [(t.supplier, t.recipient, t.weapon, t.status) for t in claims(
        "Canada has given Ukraine eight Leopard 2 tanks.")] == [("Canada", "Ukraine", "Leopard 2", "delivered")]


def test_a_passive_order_beside_a_delivery_cue_is_not_read_as_an_order_alone():
    from armswatch.extract.learning.transfers import _ordered_by

    sentences, found = _analysed("The K2 tanks ordered by Poland in 2022 were delivered in 2023.")
    tank = next(c for c in found if c.key[0] == "d" and (c.supplier, c.recipient) == ("South Korea", "Poland"))
    assert not _ordered_by(tank, sentences, {})
    sentences, found = _analysed("The K2 tanks were ordered by Poland in 2022.")
    tank = next(c for c in found if c.key[0] == "d" and (c.supplier, c.recipient) == ("South Korea", "Poland"))
    assert _ordered_by(tank, sentences, {})


# an armed group named with its host state: the state is the place, the group the recipient
# (R2: "Libya (LNA/Haftar)"); before the cut the state was claimed at 0.68
def test_a_state_hosting_an_armed_group_that_is_a_recipient_is_not_the_recipient():
    kept = claims("Russian Su-24 bombers have been seen at an airfield in Libya held by Haftar's forces.")
    assert {(t.supplier, t.recipient, t.weapon) for t in kept} == {("Russia", "Libya HoR*", "Su-24")}
    assert claims("Turkey delivered Bayraktar TB2 drones to Libya.")[0].recipient == "Libya"


# the party that is the subject of the trade verb nearest the weapon, or the agent of a passive
# one, with the verb's frame (a supplier's or a buyer's) and side of the weapon: role and pair
# features (issue 15, twelfth round)
@pytest.mark.parametrize("text, party, other, expected", [
    ("Norway sold NASAMS launchers to Lithuania.", "Norway", "Lithuania", "subj:supplier:before"),
    ("Thailand bought Gripen fighters from Sweden.", "Thailand", "Sweden", "subj:recipient:before"),
    ("The Gripen fighters were bought by Thailand from Sweden.", "Thailand", "Sweden",
     "agent:recipient:after"),
    ("The NASAMS launchers were supplied by Norway to Lithuania.", "Norway", "Lithuania",
     "agent:supplier:after"),
])
def test_the_pair_model_reads_the_subject_or_agent_of_the_nearest_trade_verb(text, party, other,
                                                                           expected):
    _, found = _analysed(text)
    pairs = {(c.supplier, c.recipient): c.features for c in found}
    assert f"s:{expected}" in pairs[(party, other)]
    assert f"r:{expected}" in pairs[(other, party)]
    # the other party is neither subject nor agent
    assert f"r:{expected}" not in pairs[(party, other)]
    assert f"s:{expected}" not in pairs[(other, party)]


def test_a_party_of_the_weapons_sentence_named_in_the_title_too_is_marked():
    _, found = _analysed("Lithuania gets air defence. Norway sold NASAMS launchers to Lithuania, "
                         "officials said. More will follow.")
    pair = next(c for c in found if (c.supplier, c.recipient) == ("Norway", "Lithuania"))
    assert "r:headline" in pair.features and "s:headline" not in pair.features
