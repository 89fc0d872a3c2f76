"""The compiled extractor: the compiled step (armswatch.extract._lexicon) hands out the same party
mentions and trigger positions as the Python steps, on own sentences and on generated text; the
modules compiled from their sources are used only while the sources are unchanged; plain Python
(ARMSWATCH_PURE_PYTHON=1) finds the same claims."""

from __future__ import annotations

import ast
import functools
import json
import os
import subprocess
import sys
from pathlib import Path
import random

import pytest
from hypothesis import given, settings, strategies as st

from armswatch.extract import compiled, lexicon, triggers
from armswatch.extract.normalise import lowered, normalise
from armswatch.extract.pipeline import extract_document
from armswatch.extract.model import Document
from armswatch.extract.sentences import split


def test_the_compiled_extractor_is_built_and_used_in_ci():
    # CI installs with a C compiler and Python's headers: a failed build must not pass unseen
    if not os.environ.get("CI"):
        pytest.skip("outside CI the extractor may run as plain Python")
    assert lexicon.Scanner is not None and lexicon.compiled()
    manifest = compiled._manifest()
    assert len(manifest) >= 10
    assert {f"armswatch.extract.{leaf}" for leaf in manifest} <= set(compiled.compiled_modules())


@pytest.mark.parametrize("module", ["weapons", "learning.runtime"])
def test_a_module_compiled_from_another_source_is_loaded_from_its_source(monkeypatch, module):
    name = f"armswatch.extract.{module}"
    if compiled._compiled_file(module) is None:
        pytest.skip("not compiled here")
    monkeypatch.delenv("ARMSWATCH_PURE_PYTHON", raising=False)
    source = compiled.HERE.joinpath(*module.split(".")).with_suffix(".py")
    monkeypatch.setattr(compiled, "_manifest", lambda: {module: compiled.source_hash(source)})
    assert compiled.SourceWhenStale.find_spec(name) is None  # the usual order: the compiled file
    monkeypatch.setattr(compiled, "_manifest", lambda: {module: "0" * 64})
    shown = module.replace(".", "/") + ".py"
    with pytest.warns(UserWarning, match=f"{shown} has changed since it was compiled"):
        spec = compiled.SourceWhenStale.find_spec(name)
    assert spec is not None and spec.origin == str(source)
    monkeypatch.setenv("ARMSWATCH_PURE_PYTHON", "1")
    assert compiled.SourceWhenStale.find_spec(name).origin == str(source)
    with pytest.raises(ImportError, match="compiled only"):
        compiled.SourceWhenStale.find_spec("armswatch.extract._lexicon")


def _setup_compiled() -> list[str]:
    """setup.py's COMPILED list, read without running setup.py."""
    tree = ast.parse((Path(__file__).resolve().parents[1] / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "COMPILED":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no COMPILED list")


def test_every_learning_module_a_document_passes_through_is_compiled():
    # the learned models are ~80% of a document's time (docs/extraction-rounds.md, "Speed"): a run-time
    # module added to extract/learning/ must be added to setup.py's COMPILED too; training's are not
    run = subprocess.run([sys.executable, "-c", (
        "import sys; from armswatch.extract.model import Document; "
        "from armswatch.extract.pipeline import extract_document; "
        "extract_document(Document(id='t', text='Serbia received six Pantsir-S1 systems from Russia.'));"
        "print(' '.join(m for m in sys.modules if m.startswith('armswatch.extract.learning.')))")],
        capture_output=True, text=True, check=True, env={**os.environ, "ARMSWATCH_PURE_PYTHON": "1"})
    # corpus and train: imported for their types, run only in training; priors: once a process
    cold = {"learning.corpus", "learning.train", "learning.priors"}
    loaded = {m.removeprefix("armswatch.extract.") for m in run.stdout.split()}
    compiled_learning = {m for m in _setup_compiled() if m.startswith("learning.")}
    assert loaded - cold == compiled_learning
    assert not cold & compiled_learning


def test_plain_python_finds_the_same_claims(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("In March 2021 Serbia took delivery of six Pantsir-S1 systems from Russia. "
                       "The Serbian president thanked Moscow during a visit to Belgrade by Russia's "
                       "defence minister. Russia accounted for 55% of Serbia's arms imports in 2016-20.")
    outputs = {}
    for pure in ("0", "1"):
        run = subprocess.run([str(Path(sys.executable).parent / "armswatch"), "extract", str(article),
                              "--format", "json"], capture_output=True, text=True,
                             env={**os.environ, "ARMSWATCH_PURE_PYTHON": pure}, check=True)
        outputs[pure] = json.loads(run.stdout)
    assert outputs["0"] == outputs["1"]
    assert outputs["0"]["transfers"] and outputs["0"]["statistics"]


needs_compiled = pytest.mark.skipif(lexicon.Scanner is None, reason="the compiled step is not built")


def both(text: str):
    text = normalise(text)
    low, spans = lowered(text), split(text)
    assert triggers.fold_lowered(low) == low
    return lexicon._scanner().per_sentence(text, low, spans), lexicon.per_sentence_python(text, low, spans)


SENTENCES = [
    "Russia delivered Pantsir-S1 systems to Myanmar in 2021.",
    "The US and the UN said thus: unusual units were used by us.",  # acronyms, and "us" in words
    "Russian-made Orlan-10E drones reached the Burmese junta; Myanmar's army took them.",
    "U.S. officials met Ukraine's defence minister. Then the United States of America spoke.",
    "Türkiye sold Bayraktar TB2 drones to Côte d'Ivoire and to Niger's army.",
    "Egypt's\nnavy ordered frigates from France-built yards; the French' offer won.",
    "A name at the very end: Russia",
    "Iran",
    "",
    "no capitals here at all, only russia and china in lower case.",
    "Emoji \U0001F680 beside China and India \U0001F680 delivered.",
    "South Korea's K9 howitzers went to Poland, Norway and Estonia in 2022 and 2023.",
    "Latin America and South American navies bought less; America and North Americans sold more.",
    "Korea's yard and the Korean War; inter-Korean talks, Koreans and North Korean.",
    "Southern Sudan's army and Southern Sudanese pilots; Sudan and South Sudan.",
]


@needs_compiled
@pytest.mark.parametrize("text", SENTENCES)
def test_own_sentences_give_equal_output(text):
    compiled, python = both(text)
    assert compiled == python


@needs_compiled
def test_a_mention_is_read_from_the_text_not_only_found():
    (positions, parties), _ = both("Pakistan took delivery of J-10C fighters from China.")
    assert [(p.party, p.start, p.end) for p in parties[0]] == [("Pakistan", 0, 8), ("China", 46, 51)]
    assert positions[0]  # the trigger prefix of "delivery" and others


def _parties_read(compiled: bool, text: str) -> tuple[str, list]:
    """The normalised text and its parties, read by the compiled step or the Python one."""
    if compiled and lexicon.Scanner is None:
        pytest.skip("the compiled step is not built")
    previous = lexicon.use_compiled(compiled)
    try:
        text = normalise(text)
        _, parties = lexicon.per_sentence(text, lowered(text), split(text))
    finally:
        lexicon.use_compiled(previous)
    return text, parties


@pytest.mark.parametrize("compiled", [True, False])
def test_america_after_a_region_s_word_is_no_party(compiled):
    # "Latin America's share" was read as the United States' (the alias "America")
    text, parties = _parties_read(
        compiled, "Latin America and South American navies bought less; America and "
        "Central America's neighbour, the American state, sold more.")
    assert [text[p.start:p.end] for p in parties[0]] == ["America", "American"]
    assert {p.party for p in parties[0]} == {"United States"}


@pytest.mark.parametrize("compiled", [True, False])
def test_korea_alone_is_south_korea_but_not_the_war_or_the_peninsula(compiled):
    # "the Korean shipbuilder" named no supplier (bench/candidate_losses.py): SIPRI's aliases
    # have "South Korea" and "Republic of Korea" only
    text, parties = _parties_read(
        compiled, "Korea will build two corvettes for Chile, the Korean yard said; "
        "North Korean and inter-Korean matters, the Korean War and the Korean "
        "Peninsula aside, Koreans sold more.")
    assert [(text[p.start:p.end], p.party) for p in parties[0]] == [
        ("Korea", "South Korea"), ("Chile", "Chile"), ("Korean", "South Korea"),
        ("North Korean", "North Korea"), ("Koreans", "South Korea")]


@pytest.mark.parametrize("compiled", [True, False])
def test_southern_sudan_is_south_sudan_not_sudan(compiled):
    # "Southern Sudan" (the name before 2011) was read as Sudan, its last word (SIPRI's aliases of
    # South Sudan have "Republic of South Sudan" only): a gold transfer to South Sudan had no
    # candidate and a wrong party stood in the sentence (bench/candidate_losses.py)
    text, parties = _parties_read(
        compiled, "The Government of Southern Sudan bought forty tanks from Ukraine, and "
        "Southern Sudanese crews trained in Sudan before South Sudan was a state.")
    assert [(text[p.start:p.end], p.party) for p in parties[0]] == [
        ("Southern Sudan", "South Sudan"), ("Ukraine", "Ukraine"),
        ("Southern Sudanese", "South Sudan"), ("Sudan", "Sudan"), ("South Sudan", "South Sudan")]


@needs_compiled
def test_a_dotted_capital_i_takes_the_python_steps():
    text = normalise("\u0130stanbul hosted Turkey's arms fair; Azerbaijan ordered drones.")
    low = lowered(text)
    assert triggers.fold_lowered(low) != low
    assert lexicon.per_sentence(text, low, split(text)) == lexicon.per_sentence_python(text, low, split(text))


@needs_compiled
def test_switching_the_compiled_step_off_gives_the_same_claims():
    document = Document(id="t", text="In 2020 Serbia received six Pantsir-S1 systems from Russia. "
                                     "Russia's share of Serbia's arms imports was 55% in 2016-2020.",
                        published="2021-03-01")
    with_compiled = extract_document(document).to_dict()
    previous = lexicon.use_compiled(False)
    try:
        assert not lexicon.compiled()
        assert extract_document(document).to_dict() == with_compiled
    finally:
        lexicon.use_compiled(previous)
    assert with_compiled["transfers"]


@functools.cache
def _vocabulary() -> list[str]:
    """Party names, trigger prefixes (some re-cased) and the characters around them that matter."""
    words = lexicon._words().values
    rng = random.Random(4)
    names = sorted(w for w, (party, _) in words.items() if party is not None)
    prefixes = sorted(w for w, (_, trigger) in words.items() if trigger is not None)
    picked = rng.sample(names, 60) + rng.sample(prefixes, 40)
    return picked + [w.upper() for w in picked[:20]] + [w.title() for w in picked] + [
        "us", "US", "U.S.", "UN", "un", "made", "-made", "'s", "' ", "s", "a", "\u00e9", "\u00fc", "x1", "9"]


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_generated_text_gives_equal_output(data):
    tokens = data.draw(st.lists(st.sampled_from(_vocabulary()), max_size=40))
    glue = data.draw(st.lists(st.sampled_from([" ", "", ". ", ", ", "-", "\n", "'s ", ".\n\n", "?"]),
                              min_size=len(tokens), max_size=len(tokens)))
    text = "".join(t + g for t, g in zip(tokens, glue))
    if triggers.fold_lowered(lowered(normalise(text))) != lowered(normalise(text)):
        return
    compiled, python = both(text)
    assert compiled == python


