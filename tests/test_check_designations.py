"""Designations as texts write them against the register's (issue 5)."""

from __future__ import annotations

import pytest

from armswatch.reconcile.designations import comment_versions, match

SAME = [
    ("Pantsir-S1", "96K9 Pantsyr-S1", None), ("Panzir", "96K9 Pantsyr-S1", None),
    ("Su-30", "Su-30MK", None), ("Su-30SME", "Su-30MK", "$200 m deal; Su-30SME version"),
    ("K9", "K-9 Thunder 155mm", None), ("F-7 M Airguard", "F-7M Airguard", None),
    ("A-5C", "A-5C/Fantan", None), ("MI-35", "Mi-35M", None), ("Kilo class", "Project-877E", None),
    ("Oplot", "T-84 Oplot", None), ("S-400", "S-400 Triumf", None), ("Mi-17", "Mi-8MT", None),
    ("Minye Thainkhathu", "Project-877E", "Myanmarese designation Minye Thainkhathu"),
]
DIFFERENT = [
    ("Orlan-10E", "Yak-130", None), ("Bayraktar TB2", "Aksungur", None), ("T-7", "T-72", None),
    ("Su-30", "Su-35", None), ("Mi-17", "Mi-24P/Mi-35P", None), ("K2", "K-9 Thunder 155mm", None),
]


@pytest.mark.parametrize("weapon,designation,comments", SAME)
def test_same_system(weapon, designation, comments):
    assert match(weapon, designation, comments)


@pytest.mark.parametrize("weapon,designation,comments", DIFFERENT)
def test_different_system(weapon, designation, comments):
    assert match(weapon, designation, comments) is None


def test_versions_named_in_comments():
    assert comment_versions("T-84 OPLOT or OPLOT-T version; incl 2 spare") == ("T-84 OPLOT", "OPLOT-T")
    assert comment_versions("Incl 2 JF-17B trainer/combat version") == ("JF-17B",)
