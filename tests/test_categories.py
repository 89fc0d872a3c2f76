"""SIPRI armament categories from weapon descriptions (armswatch.sources.categories)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from conftest import SIPRI, needs_shared

from armswatch.sources.categories import CATEGORIES, category_for, rule_category


def _shipped() -> list[dict[str, str]]:
    text = resources.files("armswatch.sources").joinpath("categories.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_the_twelve_categories_in_sipris_spelling():
    assert len(CATEGORIES) == 12
    assert {"Air defence systems", "Anti-submarine warfare weapons", "Other"} <= set(CATEGORIES)


def test_the_shipped_table_is_well_formed():
    rows = _shipped()
    assert len({row["description"] for row in rows}) == len(rows)
    assert {row["category"] for row in rows} <= set(CATEGORIES)
    assert {row["source"] for row in rows} == {"api", "rule"}
    assert sum(row["source"] == "api" for row in rows) == 118


def test_the_rules_alone_reproduce_every_api_pair_of_the_table():
    misses = {row["description"]: (row["category"], rule_category(row["description"]))
              for row in _shipped()
              if row["source"] == "api" and rule_category(row["description"]) != row["category"]}
    assert not misses


@needs_shared
def test_category_for_reproduces_every_pair_of_the_api_export():
    lines = (SIPRI / "api-trade-register-2000-2001.csv").read_text("utf-8-sig").splitlines()
    rows = list(csv.DictReader(lines[11:]))
    pairs = {(row["Description"], row["Armament category"]) for row in rows}
    assert len(pairs) == 118
    assert all(category_for(description) == category for description, category in pairs)


@pytest.mark.parametrize(("description", "category"), [
    # The long words of the re-saved register and of the 2026 releases.
    ("fighter/ground-attack aircraft", "Aircraft"),
    ("anti-submarine helicopter", "Aircraft"),
    ("armoured personnel carrier", "Armoured vehicles"),
    ("infantry fighting vehicle", "Armoured vehicles"),
    ("surface-to-air missile system", "Air defence systems"),
    ("self-propelled anti-aircraft gun", "Air defence systems"),
    ("surface-to-air missile", "Missiles"),
    ("portable surface-to-air missile", "Missiles"),
    ("naval surface-to-air missile system", "Naval weapons"),
    ("anti-submarine rocket launcher", "Naval weapons"),
    ("anti-submarine torpedo", "Missiles"),
    ("anti-submarine/ship torpedo", "Missiles"),
    ("submarine-launched ballistic missile", "Missiles"),
    ("anti-submarine sonar", "Sensors"),
    ("airborne early-warning radar", "Sensors"),
    ("airborne early-warning aircraft", "Aircraft"),
    ("infantry fighting vehicle turret", "Other"),
    ("self-propelled gun turret", "Artillery"),
    ("multiple rocket launcher", "Artillery"),
    ("missile boat", "Ships"),
    ("torpedo boat", "Ships"),
    ("tanker", "Ships"),
    ("turbojet", "Engines"),
    ("recce satellite", "Satellites"),
    ("one-way attack drone", "Missiles"),
    ("armed drone", "Aircraft"),
])
def test_descriptions_map_as_sipri_would(description, category):
    assert category_for(description) == category
    assert rule_category(description) == category


def test_lookup_ignores_case_and_spacing():
    assert category_for("  Fighter   Aircraft ") == "Aircraft"
    assert category_for("sam SYSTEM") == "Air defence systems"
    assert category_for("SAM") == "Missiles"


@pytest.mark.parametrize(("description", "category"), [
    ("stealth fighter aircraft", "Aircraft"),
    ("tiltrotor helicopter", "Aircraft"),
    ("unmanned surface vessel", "Ships"),
    ("hypersonic anti-ship missile", "Missiles"),
    ("long-range SAM system", "Air defence systems"),
    ("counter-drone system", "Air defence systems"),
    ("wheeled self-propelled howitzer", "Artillery"),
    ("unmanned tank", "Armoured vehicles"),
    ("AESA radar", "Sensors"),
    ("helicopter engine", "Engines"),
    ("navigation satellite", "Satellites"),
    ("naval close-in weapon system", "Naval weapons"),
    ("anti-radar loitering munition", "Missiles"),
    ("field kitchen", "Other"),
    ("", "Other"),
])
def test_unseen_descriptions_fall_back_to_the_rules(description, category):
    assert category_for(description) == category
