"""The weapon step (extract/weapons.py, gazetteer.py) alone, on the project's own sentences: what a
sentence's weapon mentions are, as the transfer model's candidates read them."""

from __future__ import annotations

import pytest

from armswatch.extract.gazetteer import family_names, weapon_key
from armswatch.extract.weapons import find_weapons


def mentions(sentence: str) -> list[tuple[str, str | None, str, bool]]:
    return [(w.text, w.designation, w.category, w.generic) for w in find_weapons(sentence, [])]


@pytest.mark.parametrize("sentence, expected", [
    # accents and the dotless i are folded as the register writes them (they were cut off)
    ("The navy ordered two Scorpène submarines last year.",
     [("Scorpène", "Scorpene", "Ships", False)]),
    ("The first Akıncı arrived in May.", [("Akıncı", "Akinci", "Aircraft", False)]),
    # a family name without its model code stands for the system
    ("Kosovo plans to buy Bayraktar drones.", [("Bayraktar", "Bayraktar TB2", "Aircraft", False)]),
    ("The army also buys Terminator combat vehicles.",
     [("Terminator", "BMPT Terminator", "Armoured vehicles", False)]),
    # a plural 's' is no part of the designation the claim names
    ("Thailand may buy 12 more Gripens.", [("Gripen", "JAS-39C Gripen", "Aircraft", False)]),
    ("The two TB2s flew in.", [("TB2", "Bayraktar TB2", "Aircraft", False)]),
    # class names of two or three words, before hyphenated words or a comma
    ("Hanoi bought six Kilo-class diesel-electric submarines.", [("Kilo-class", None, "Ships", False)]),
    ("Lima has two Almirante Grau-class guided-missile frigates.",
     [("Almirante Grau-class", None, "Ships", False)]),
    ("The Oliver Hazard Perry class frigates were handed over.",
     [("Oliver Hazard Perry class", None, "Ships", False)]),
    ("Lima bought two Scorpène-class submarines.", [("Scorpène-class", None, "Ships", False)]),
    # an aircraft carrier is a ship; armoured personnel carriers are not
    ("Moscow sold an aircraft carrier and 40 armoured personnel carriers.",
     [("aircraft carrier", None, "Ships", True),
      ("armoured personnel carriers", None, "Armoured vehicles", True)]),
    # the second half of a hyphenated modifier is no class of its own
    ("The yard builds guided-missile destroyers.", [("destroyers", None, "Ships", True)]),
])
def test_weapon_mentions(sentence, expected):
    assert mentions(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # classes the labels name that the step once read as nothing (R3; R7: rifles are Other)
    ("Peru took 18 artillery pieces and 40 machine guns.",
     [("artillery pieces", None, "Artillery", True), ("machine guns", None, "Other", True)]),
    ("The gift covers sniper rifles, armoured fighting vehicles and command stations.",
     [("sniper rifles", None, "Other", True),
      ("armoured fighting vehicles", None, "Armoured vehicles", True),
      ("command stations", None, "Other", True)]),
    ("Lima got a patrol ship, a landing craft and multiple launch rockets.",
     [("patrol ship", None, "Ships", True), ("landing craft", None, "Ships", True),
      ("multiple launch rockets", None, "Artillery", True)]),
    # not engines, nor a tank in the singular
    ("The think tank says 40 engines left the plant.", []),
])
def test_class_words_the_labels_name(sentence, expected):
    assert mentions(sentence) == expected


def test_spelling_keys_fold_accents_and_transliterations():
    assert [weapon_key(w) for w in ("Scorpène", "Akıncı", "Mjølner", "Pantsir-S1", "Pantsyr-S1")] == [
        "scorpene", "akinci", "mjolner", "panzirs1", "panzirs1"]


def test_family_names_come_from_the_register_s_designations_but_not_for_ships():
    assert family_names("Bayraktar TB2", "Aircraft") == ["Bayraktar"]
    assert family_names("BMPT Terminator", "Armoured vehicles") == ["Terminator"]
    assert family_names("Mirage F-1C/Mirage F-1E", "Aircraft") == ["Mirage", "Mirage"]
    # names, not codes: no family name to take
    assert family_names("Wing Loong-1", "Aircraft") == []
    assert family_names("Harpoon Block-2", "Missiles") == []
    # ship classes are named after people and places ("Lawrence FRAM-2")
    assert family_names("Gearing FRAM-2", "Ships") == []



@pytest.mark.parametrize("sentence, expected", [
    # register designations that news text uses as titles, firms and people's names
    ("The ambassador met the Fleet Commander at the Island base.", []),
    ("Six jets from the United Aircraft Corporation were shown to David.",
     [("jets", None, "Aircraft", True)]),
    # a system's own name is still read
    ("Kuwait asked for more Patriot batteries.", [("Patriot", "Patriot", "Air defence systems", False)]),
])
def test_ordinary_words_that_are_also_designations_are_no_weapons(sentence, expected):
    assert mentions(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a name the register lacks, written before a class noun, is that class's system; the class
    # stays a mention of its own (a label may name the class)
    ("Chile chose forty Quollex infantry fighting vehicles.",
     [("Quollex", None, "Armoured vehicles", False),
      ("infantry fighting vehicles", None, "Armoured vehicles", True)]),
    ("Ghana received two Vellux Orin light transport aircraft.",
     [("Vellux Orin", None, "Aircraft", False), ("light transport aircraft", None, "Aircraft", True)]),
    ("Oslo sent five XR/QT-9 mobile radars to Riga.",
     [("XR/QT-9", None, "Sensors", False), ("mobile radars", None, "Sensors", True)]),
    # read past a maker's nationality and a sentence's first number word (issue 15, twelfth round)
    ("Qatar took delivery of an Italian-built Al Zubarah corvette.",
     [("Al Zubarah", None, "Ships", False), ("corvette", None, "Ships", True)]),
    ("Three Type 056A corvettes were handed over to Bangladesh.",
     [("Type 056A", None, "Ships", False), ("corvettes", None, "Ships", True)]),
    # not a determiner, a number, a month, an armed service, a ministry or a sentence's first word
    ("The new fighter jets flew in March.", [("new fighter jets", None, "Aircraft", True)]),
    ("In June Navy frigates sailed; Army helicopters followed.",
     [("frigates", None, "Ships", True), ("helicopters", None, "Aircraft", True)]),
    ("Tanks rolled past; the 12th armoured vehicles and 8x8 armoured vehicles too.",
     [("armoured vehicles", None, "Armoured vehicles", True),
      ("armoured vehicles", None, "Armoured vehicles", True)]),
])
def test_a_name_before_a_class_noun_is_a_system(sentence, expected):
    assert mentions(sentence) == expected


def test_a_party_before_a_class_noun_is_no_system():
    from armswatch.extract.normalise import normalise
    from armswatch.extract.pipeline import analyse

    text = "Moscow offered Sukhoi fighter jets and Russian helicopters to Lima."
    (sentence,) = analyse(normalise(text), text)
    assert [(w.text, w.generic) for w in sentence.weapons] == [("fighter jets", True),
                                                                ("helicopters", True)]


@pytest.mark.parametrize("sentence, expected", [
    # a class written with capitals is the class (issue 15: it was read as nothing)
    ("Norway sold Naval Strike Missiles to Poland.", [("Naval Strike Missiles", None, "Missiles", True)]),
    ("Lima ordered Infantry Fighting Vehicles and Attack Helicopters.",
     [("Infantry Fighting Vehicles", None, "Armoured vehicles", True),
      ("Attack Helicopters", None, "Aircraft", True)]),
    ("Hanoi bought Tarantul Fast Attack Craft.",
     [("Tarantul", None, "Ships", False), ("Fast Attack Craft", None, "Ships", True)]),
    # one capitalised class word is a sentence's first word or a firm's: not read
    ("Airbus Helicopters and United Aircraft Corporation bid.", []),
    # a craft is a ship, an aircraft is not
    ("Cairo bought landing craft, two hovercraft and fast attack craft.",
     [("landing craft", None, "Ships", True), ("hovercraft", None, "Ships", True),
      ("fast attack craft", None, "Ships", True)]),
    ("Rome sold transport aircraft.", [("transport aircraft", None, "Aircraft", True)]),
])
def test_classes_written_with_capitals_and_craft(sentence, expected):
    assert mentions(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a calibre alone names no system (it was read as the register's first 155mm gun)
    ("France delivered 155-mm howitzers and 155mm shells.", [("howitzers", None, "Artillery", True)]),
    # a mark alone names no system; after a name it is that name's
    ("Sweden sold Mk 3 launchers.", []),
    ("Sweden sold RBS-70 Mk 3 launchers.", [("RBS-70", "RBS-70", "Missiles", False)]),
    ("Brazil ordered Cougar Mk 1 helicopters.", [("Cougar", "Cougar", "Aircraft", False)]),
    # a mark that starts the register's designation is the system's own name
    ("The navy fired an MK 54 torpedo.", [("MK 54", "Mk-54 LWT", "Missiles", False)]),
])
def test_a_calibre_or_a_mark_alone_is_no_designation(sentence, expected):
    assert mentions(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a unit named after an animal the register also lists ("Eagle", an armoured vehicle)
    ("Pilots of the Eagle Squadron flew home.", []),
    ("The Tiger Brigade and the Leopard Battalion paraded.", []),
    # the system itself, a coded name before a unit word, a unit word in lower case
    ("Kuwait ordered Eagle armoured vehicles.", [("Eagle", "Eagle", "Armoured vehicles", False)]),
    ("The F-16 Squadron flew in.", [("F-16", "F-16C", "Aircraft", False)]),
    ("Kyiv asked for more Patriot units.", [("Patriot", "Patriot", "Air defence systems", False)]),
])
def test_a_unit_named_like_a_system_is_no_weapon(sentence, expected):
    assert mentions(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a register word without digits after a title or rank is a given name ("Gabriel", "Milan")
    ("Peruvian President Gabriel Quispal opened the trade fair.", []),
    ("Talks with the president Gabriel Quispal ended late.", []),
    ("Army chief Gen Milan Tesarov toured the base.", []),
    ("Prince Faisal Almoud met the delegation.", []),
    # the systems themselves, and a coded designation after a title
    ("The navy fired two Gabriel missiles from a corvette.",
     [("Gabriel", "Gabriel-2", "Missiles", False)]),
    ("Minister Dora Venn confirmed the F-16 order.", [("F-16", "F-16C", "Aircraft", False)]),
])
def test_a_name_after_a_title_is_no_weapon(sentence, expected):
    assert mentions(sentence) == expected
