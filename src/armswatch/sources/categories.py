"""SIPRI's armament category of a deal, from its free-text weapon description.

Only the web API export states the category; the classic trade register, its re-saved variant and
the per-year JSON give just a description ("fighter aircraft", "SAM system", "APC"). The shipped
table ``categories.csv`` (built by scripts/build_categories.py) maps every description seen in the
reference exports: rows with source ``api`` are SIPRI's own pairs from the API export, rows with
source ``rule`` come from the ordered keyword rules below. A description the table lacks (a future
release) goes through the same rules, and finally falls to "Other".

Evidence for the rules: the 118 description/category pairs of the API export (2000-2001 deliveries)
and SIPRI's world totals by category 1950-2022, which the register split by category must match
(see the check printed by scripts/build_categories.py).
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

CATEGORIES: tuple[str, ...] = (
    "Aircraft",
    "Air defence systems",
    # Listed by SIPRI's sources and methods, but no current description maps to it: the API files
    # ASW weapons by their kind ("ASW MRL" -> Naval weapons, "ASW torpedo" -> Missiles,
    # "ASW sonar" -> Sensors, "ASW helicopter" -> Aircraft), and SIPRI's 2023 world totals by
    # category have no such row.
    "Anti-submarine warfare weapons",
    "Armoured vehicles",
    "Artillery",
    "Engines",
    "Missiles",
    "Naval weapons",
    "Satellites",
    "Sensors",
    "Ships",
    "Other",
)

_TABLE = "categories.csv"

# First match wins, so the order carries the meaning: a description names what is delivered, and
# the words that pin it down ("radar" in "combat aircraft radar", "engine" in "ship engine",
# "turret" in "tank turret") must be tested before the platform words they qualify.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), category) for pattern, category in (
        (r"\bsatellite", "Satellites"),
        # API: "aircraft engine", "ship engine", "vehicle engine", "gas turbine", "turbofan",
        # "AIP engine". A ship's propulsion reactor is its engine.
        (r"\bengines?\b|\bturbo(fan|jet|prop|shaft)\b|\bgas turbine\b|\breactor\b", "Engines"),
        # API: every radar, sonar and EO system is Sensors, whatever carries it ("combat aircraft
        # radar", "ASW sonar", "aircraft EO system", "aircraft recce system", "air search system",
        # "EO search/fire control"); SIGINT systems (not SIGINT aircraft or ships) likewise.
        (r"(?<!anti-)\b(radar|sonar)s?\b|\beo\b|electro-optical|\bfire[- ]control\b"
         r"|\b(search|recce|reconnaissance|signals intelligence|surveillance) systems?\b",
         "Sensors"),
        # API: "air refuel system" -> Other.
        (r"\bair[- ]?refuel", "Other"),
        # API: "SPG turret" and "mortar turret" -> Artillery, but "tank turret", "IFV turret",
        # "APC turret" -> Other. An anti-aircraft gun turret (M-3 VDA, Marksman, fitted on a tank
        # chassis by the buyer) is an air defence system: see the totals check.
        (r"\b(spg|self-propelled gun|mortar|howitzer)\s+turret", "Artillery"),
        (r"\b(aa|anti-aircraft) gun turret", "Air defence systems"),
        (r"\bturret\b", "Other"),
        # Before the aircraft words: a carrier is a ship.
        (r"\baircraft carrier\b", "Ships"),
        # API: "loitering munition" -> Missiles; "one-way attack drone" is SIPRI's later name.
        (r"\bloitering munition|\bone-way attack\b|\bkamikaze\b", "Missiles"),
        # A system against drones is air defence, not a drone.
        (r"\b(counter|anti)-(drone|uav|uas)\b", "Air defence systems"),
        # API: all fixed-wing aircraft, helicopters and UAVs, whatever their role ("ASW helicopter",
        # "AEW&C aircraft", "tanker/transport aircraft", "light aircraft/UAV").
        (r"(?<!anti-)\b(aircraft|helicopters?|heli|uavs?|drones?|airships?)\b", "Aircraft"),
        # API: "naval gun", "naval SAM system", "ASW MRL" -> Naval weapons: weapons mounted on
        # ships, other than their missiles and torpedoes (a naval mine is a Missiles-like store).
        (r"\bnaval (?!mine)|\bship-?borne\b"
         r"|\b(asw|anti-submarine) (mrl|multiple rocket launcher|rocket launcher|mortar)",
         "Naval weapons"),
        # API: "SAM system", "mobile SAM system", "AA gun", "anti-aircraft gun", "self-propelled
        # AA gun", "AA gun/SAM system" -> Air defence systems; the missile alone ("SAM",
        # "portable SAM", "BVRAAM/SAM") is Missiles. ABM systems are land-based SAM systems.
        (r"\b(sam|surface-to-air missile|abm|anti-ballistic missile|air[- ]defen[cs]e|ad)"
         r" systems?\b|\b(aa|anti-aircraft) guns?\b", "Air defence systems"),
        # API: "tank", "light tank", "tank destroyer", "APC", "IFV", "ARV", "AFSV", "ALV", "APV",
        # "armoured bridgelayer", "self-propelled gun chassis" -> Armoured vehicles. Before the
        # ships, for "tank destroyer"; not the "anti-tank" of "anti-tank missile".
        (r"(?<!anti-)\b(tanks?|apc|ifv|afsv|alv|apv|arv|aev|ugv|mrap)\b|\barmou?red\b|\bchassis\b"
         r"|\binfantry fighting vehicle|\bfire-support vehicle|\bpersonnel carrier",
         "Armoured vehicles"),
        # Vessels, before the weapon words of "missile boat", "torpedo boat", "gunboat". Not the
        # "ship"/"submarine" of "anti-ship missile", "anti-submarine/ship torpedo" or
        # "submarine-launched ballistic missile".
        (r"(?<![-/])\b(ship|boat|craft|vessel|submarine)s?\b(?!-)"
         r"|\b(frigate|corvette|destroyer|cruiser|tug|tanker|icebreaker|gunboat|minesweeper"
         r"|minehunter|minelayer|fac|opv|aals)s?\b", "Ships"),
        # API: "towed gun", "self-propelled gun", "mortar", "self-propelled MRL", "towed MRL" ->
        # Artillery. Launchers of surface-to-surface missiles (Scud or Lance TELs) are rocket
        # artillery too: see the totals check.
        (r"\b(guns?|howitzers?|mortars?|mrl|rocket launchers?|artillery)\b"
         r"|\bmissile launchers?\b", "Artillery"),
        # API: "SAM", "ASM", "SSM", "SRAAM", "BVRAAM", "anti-ship missile", "ASW torpedo",
        # "guided bomb", "guided shell" -> Missiles. A coastal defence system is the launcher of
        # anti-ship missiles (Exocet CDS, Bastion-P): see the totals check.
        (r"\bmissiles?\b|\btorpedo(es)?\b|\b(sam|asm|ssm|aam|sraam|bvraam|atgm|manpads)\b"
         r"|\bguided\b|\bmine\b|\bcoastal defen[cs]e system", "Missiles"),
    )
)


def category_for(description: str) -> str:
    """SIPRI's armament category for a weapon description: the shipped table, else the rules."""
    table = _table()
    found = table.get(description)
    if found is None:
        found = table.get(_key(description))
    return found if found is not None else rule_category(description)


def rule_category(description: str) -> str:
    """The category the keyword rules give; "Other" when none matches."""
    text = _key(description)
    for pattern, category in _RULES:
        if pattern.search(text):
            return category
    return "Other"


def _key(description: str) -> str:
    return " ".join(description.split()).lower()


@functools.cache
def _table() -> dict[str, str]:
    """The shipped description -> category table, keyed both exactly and normalized."""
    table: dict[str, str] = {}
    source = resources.files("armswatch.sources").joinpath(_TABLE)
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table[row["description"]] = row["category"]
            table.setdefault(_key(row["description"]), row["category"])
    return table
