"""SIPRI's parties: canonical names, kinds, codes, aliases and demonyms.

The one door for normalising a party name (STYLE.md §11): ``registry().resolve("Burma")`` gives
``"Myanmar"``; an unknown name raises ``UnknownParty`` with suggestions. The table ships as
``parties.csv`` (see docs/parties.md); the extractor reuses its aliases and demonyms.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from armswatch.errors import UnknownParty

Kind = Literal["state", "non_state", "international_organisation", "unknown"]

# Soviet Union and Russia are apart in SIPRI's counts; this is the successor map used only when a
# caller asks to merge predecessors into successors (long series, the per-year deliveries file).
SUCCESSORS = {"Soviet Union": "Russia"}


@dataclass(frozen=True)
class Party:
    name: str
    kind: Kind
    iso3: str | None
    cow: int | None
    region: str | None
    subregion: str | None
    host_state: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@functools.lru_cache(maxsize=1 << 16)  # names repeat: an import folds the same few hundred 150k times
def fold(name: str) -> str:
    """The key names are compared by: case, accents, quotes, dots and spacing folded."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace(".", "")
    return " ".join(text.lower().split())


def kind_from_name(name: str) -> Kind:
    """SIPRI's suffix convention: '**' international organisation, '*' non-state armed group."""
    if name.lower().startswith("unknown"):
        return "unknown"
    if name.endswith("**"):
        return "international_organisation"
    if name.endswith("*"):
        return "non_state"
    return "state"


class Parties:
    def __init__(self, parties: list[Party]) -> None:
        self.by_name = {p.name: p for p in parties}
        self._index: dict[str, str] = {}
        for party in parties:
            for label in (party.name, party.name.rstrip("*"), *party.aliases):
                self._index.setdefault(fold(label), party.name)
        self._demonyms = {fold(d): p.name for p in parties for d in p.demonyms}

    def __iter__(self):
        return iter(self.by_name.values())

    def __len__(self) -> int:
        return len(self.by_name)

    def lookup(self, name: str) -> str | None:
        """The canonical name for a name or alias, or None."""
        return self._index.get(fold(name))

    def resolve(self, name: str) -> str:
        """The canonical name, or ``UnknownParty`` naming the closest valid names."""
        found = self.lookup(name)
        if found is None:
            raise UnknownParty(name, self.by_name, labels=self._labels())
        return found

    def _labels(self) -> dict[str, str]:
        """Every name and alias -> its canonical name, for 'did you mean' suggestions."""
        return {label: p.name for p in self.by_name.values() for label in (p.name, *p.aliases)}

    def search(self, text: str | None = None) -> list[Party]:
        """Parties whose name, alias, demonym, ISO code or COW code contains ``text`` (folded);
        every party when ``text`` is empty. The list ``armswatch parties`` prints."""
        key = fold(text or "")
        return [p for p in self.by_name.values()
                if not key or any(key in fold(label) for label in _labels(p))]

    def demonym(self, word: str) -> str | None:
        return self._demonyms.get(fold(word))

    def get(self, name: str) -> Party:
        return self.by_name[self.resolve(name)]

    def with_names(self, names: set[str]) -> Parties:
        """This table plus rows for names it lacks (a newer release's new parties)."""
        extra = [Party(n, kind_from_name(n), None, None, None, None, None, (), ())
                 for n in sorted(names) if self.lookup(n) is None]
        return Parties([*self.by_name.values(), *extra]) if extra else self


def _labels(party: Party) -> tuple[str, ...]:
    codes = (party.iso3 or "", str(party.cow) if party.cow is not None else "")
    return (party.name, *party.aliases, *party.demonyms, *codes)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _row(row: dict[str, str]) -> Party:
    return Party(
        name=row["name"], kind=row["kind"],  # type: ignore[arg-type]
        iso3=row["iso3"] or None, cow=int(row["cow"]) if row["cow"] else None,
        region=row["region"] or None, subregion=row["subregion"] or None,
        host_state=row["host_state"] or None,
        aliases=_split(row["aliases"]), demonyms=_split(row["demonyms"]))


@functools.cache
def registry() -> Parties:
    """The shipped party table (read once per process)."""
    with resources.files("armswatch.parties").joinpath("parties.csv").open(encoding="utf-8") as fh:
        return Parties([_row(row) for row in csv.DictReader(fh)])
