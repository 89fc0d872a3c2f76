"""The per-sentence view the claim builders read: text, offsets, and what steps 3-7 found in it."""

from __future__ import annotations

from dataclasses import dataclass

from armswatch.extract.model import Evidence
from armswatch.extract.parties import PartyMention
from armswatch.extract.status import Cue
from armswatch.extract.weapons import WeaponMention


@dataclass(slots=True, unsafe_hash=True)  # fast to create; treated as immutable
class Sentence:
    index: int
    start: int  # offset of the sentence in the document
    text: str  # normalised text; mention offsets below are relative to it
    evidence: Evidence  # the original characters
    parties: list[PartyMention]
    weapons: list[WeaponMention]
    cues: list[Cue]
    # where each trigger prefix occurs (armswatch.extract.triggers); None: scan the text alone
    triggers: dict[int, list[int]] | None = None
