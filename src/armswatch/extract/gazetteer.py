"""The extractor's gazetteers, built once per process from the party table and the register.

Parties: SIPRI's names, aliases and demonyms (armswatch.parties) plus capitals, state organs and
arms makers that news text uses for a state (places.csv), matched with one Aho-Corasick automaton
over the lower-cased text. Weapons: every designation of the bundled register, its parts
("CH-47F Chinook" -> "CH-47F", "CH-47", "Chinook") and the versions named in the register's
comments ("Su-30MKI version"), under a spelling key that folds transliterations (Pantsir, Pantsyr,
Panzir). Build time is measured by bench/bench_extract.py.

Which register: the designations of the release a check reads (``use_release``, called by the
checker with its store's release, issue 16), so a user who imports a newer register extracts with
its designations; those of the bundled register are kept beside them (a partial export names few).
Without a database (``armswatch extract`` alone, batch extract workers) the bundled register's.
"""

from __future__ import annotations

import csv
import functools
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import ahocorasick
import duckdb

from armswatch import db
from armswatch.extract import derived
from armswatch.errors import ArmswatchError
from armswatch.parties import registry
from armswatch.store.views import ReleaseView

PartyForm = Literal["name", "demonym", "capital", "organ", "company"]


@dataclass(frozen=True)
class PartyEntry:
    party: str
    form: PartyForm
    exact_case: bool  # acronyms ("US", "UK") must match as written; "us" is a pronoun


@dataclass(frozen=True)
class WeaponEntry:
    designation: str
    description: str
    category: str


@dataclass(frozen=True)
class Gazetteer:
    parties: ahocorasick.Automaton
    weapons: dict[str, WeaponEntry]


# Single words that are register designations or their parts but ordinary words in news text.
_NOT_WEAPONS = frozenset(
    "type project model super mark mk block class version air sea land general president "
    "march may june august defender eagle hawk falcon lion tiger panther jaguar leopard cobra "
    "commando ranger guardian sentinel scout phoenix thunder storm lightning hunter king queen "
    "star spirit victory liberty freedom national royal minister army navy force trident "
    "global standard combat light heavy medium new old first second third russia china india "
    "israel turkey africa europe asia".split())
# Register designations (whole, or their parts) that news text uses as ordinary words, titles,
# names of people, firms and places ("the ambassador", "Fleet Commander", "United Aircraft
# Corporation", "Hudong shipyard"): never read as a weapon, even written whole. Counted on the
# corpus's detections (docs/extraction-rounds.md, eighth round); words that are also systems news names
# ("Patriot", "Leopard", "Eagle" whole) are not here.
_NOT_NAMES = frozenset(
    "ambassador commander friendship island united missile ocean attack page observer training "
    "collins kashmir hudong khan quad reporter tripartite patrol special salute wuchang fighter "
    "metro david garcia".split())


Rows = list[tuple[str, str, str, str]]
_BUNDLE = "bundle"
_KEPT = 4                       # weapon indexes kept per process (releases checked against)
_lock = threading.Lock()
_current: Gazetteer | None = None
_current_key = _BUNDLE
_indexes: OrderedDict[str, dict[str, WeaponEntry]] = OrderedDict()


def gazetteer() -> Gazetteer:
    """The gazetteers in use (about 0.1 s to build the first time, a few ms from the disk cache;
    kept for the process)."""
    found = _current
    if found is None:
        with _lock:
            found = _current or _activate(_BUNDLE, _bundle_rows, "")
    return found


def use_release(view: ReleaseView) -> None:
    """Extract with the designations of the view's register release (and the bundled register's
    beside them). A release without deals (SIPRI's per-year file) leaves the gazetteer as it is.
    Built once per release (keyed by the file's sha256)."""
    release = view.release
    if not release.deals or release.sha256 == _current_key:
        return
    with _lock:
        # on disk by the file's sha256 and when it was imported (an import by another version
        # of armswatch may have read other deals from the same file)
        _activate(release.sha256, lambda: _store_rows(view.con, release.release_id) + _bundle_rows(),
                  f"{release.sha256}|{release.imported_at}")


def _activate(key: str, rows, release: str) -> Gazetteer:
    """``release``: what the store's rows are (empty for the bundle's alone)."""
    global _current, _current_key
    weapons = _indexes.get(key)
    if weapons is None:
        weapons = _indexes[key] = _decode(derived.cached(
            "weapons", f"{release}|{_bundle_key()}", _BUILT_BY, lambda: _encode(_weapon_index(rows()))))
        while len(_indexes) > _KEPT:
            _indexes.popitem(last=False)
    _indexes.move_to_end(key)
    _current, _current_key = Gazetteer(parties=_parties(), weapons=weapons), key
    return _current


@functools.cache
def _parties() -> ahocorasick.Automaton:
    return _party_automaton()


def _party_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for label, entry in _party_labels():
        key = label.lower()
        if key not in automaton:
            automaton.add_word(key, (len(key), entry))
    automaton.make_automaton()
    return automaton


def _party_labels() -> list[tuple[str, PartyEntry]]:
    labels: list[tuple[str, PartyEntry]] = []
    for party in registry():
        if party.kind == "unknown":
            continue
        names = {party.name.rstrip("*"), *party.aliases}
        for name in names:
            if "(" in name and party.kind == "state":
                continue
            labels.append((name, PartyEntry(party.name, "name", _is_acronym(name))))
        labels += [(d, PartyEntry(party.name, "demonym", False)) for d in party.demonyms]
    for row in _places():
        labels.append((row["name"], PartyEntry(registry().resolve(row["party"]),
                                               row["kind"], _is_acronym(row["name"]))))  # type: ignore[arg-type]
    return labels


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isupper() and len(letters) <= 5


def _places() -> list[dict[str, str]]:
    source = resources.files("armswatch.extract").joinpath("places.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


_NOT_KEY = bytes(c for c in range(128) if not chr(c).isdigit() and not "a" <= chr(c) <= "z")


# Letters that Unicode does not decompose into a base letter and a mark: Turkish dotless i
# ("Akıncı", the register's "Akinci"), and the Nordic and German ones the register writes plainly.
_FOLD_LETTERS = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})


def weapon_key(text: str) -> str:
    """The spelling key: lower-case letters and digits, accents folded ("Scorpène" as the register's
    "Scorpene"; they were dropped, "scorpne"), transliterations folded (y->i, ts->z)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD_LETTERS))
    key = text.lower().encode("ascii", "ignore").translate(None, _NOT_KEY).decode("ascii")
    return key.replace("ts", "z").replace("y", "i")


def _weapon_index(rows: Rows) -> dict[str, WeaponEntry]:
    index: dict[str, WeaponEntry] = {}
    keys: dict[str, str] = {}  # weapon_key of each text once (variants and rows repeat)
    for designation, description, category, _ in rows:  # a designation written whole wins
        key = keys.get(designation)
        if key is None:
            key = keys[designation] = weapon_key(designation)
        if designation.lower() not in _NOT_NAMES:
            index.setdefault(key, WeaponEntry(designation, description, category))
    seen: set[tuple[str, str, str, str]] = set()
    for row in rows:
        if row in seen:  # the same row again (the store's release and the bundle's) adds nothing
            continue
        seen.add(row)
        designation, description, category, comments = row
        entry = WeaponEntry(designation, description, category)
        prefix = keys[designation][:2]
        versions = []
        for version in comment_versions(comments):
            key = keys.get(version)
            if key is None:
                key = keys[version] = weapon_key(version)
            if key[:2] == prefix:
                versions.append(version)
        for variant in (*designation_variants(designation), *versions,
                        *family_names(designation, category)):
            key = keys.get(variant)
            if key is None:
                key = keys[variant] = weapon_key(variant)
            if len(key) >= 2 and variant.lower() not in _NOT_WEAPONS and not key.isdigit() \
                    and variant.lower() not in _NOT_NAMES:
                index.setdefault(key, entry)
    return index


_BUILT_BY = ("gazetteer.py",)  # the code that builds the weapon index (the disk cache's key)
Encoded = tuple[list[tuple[str, str, str]], dict[str, int]]


def _encode(index: dict[str, WeaponEntry]) -> Encoded:
    """The index as plain data for the disk cache: its distinct entries, and each key's."""
    entries: dict[WeaponEntry, int] = {}
    keys = {key: entries.setdefault(entry, len(entries)) for key, entry in index.items()}
    return [(e.designation, e.description, e.category) for e in entries], keys


def _decode(encoded: Encoded) -> dict[str, WeaponEntry]:
    entries = [WeaponEntry(*entry) for entry in encoded[0]]
    return {key: entries[i] for key, i in encoded[1].items()}


def _bundle_key() -> str:
    """What the bundled register's deals file is (size and time), or "none"."""
    from armswatch.store.bundle import bundle_dir

    try:
        return derived.file_key(bundle_dir() / "deals.parquet")
    except (ArmswatchError, OSError):
        return "none"


# Distinct designations, most frequent first (a shared part goes to the commonest), each with its
# commonest description and category and all its comments. Ties are broken by name: DuckDB's
# group order and any_value vary from run to run, and so did the index (and the disk cache would
# keep whichever came first).
_DESIGNATIONS = """
WITH named AS (SELECT designation, description, category, comments FROM {source}
               WHERE designation IS NOT NULL AND designation <> lower(designation){where}),
kinds AS (SELECT designation, description, category, count(*) AS n FROM named GROUP BY ALL),
ranked AS (SELECT *, sum(n) OVER (PARTITION BY designation) AS total, row_number() OVER
           (PARTITION BY designation ORDER BY n DESC, description, category) AS place FROM kinds),
notes AS (SELECT designation, string_agg(DISTINCT comments, '; ' ORDER BY comments) AS comments
          FROM named GROUP BY designation)
SELECT designation, description, category, notes.comments FROM ranked JOIN notes USING (designation)
WHERE place = 1 ORDER BY total DESC, designation"""


def _bundle_rows() -> Rows:
    """The bundled register's designations (none when the code runs without SIPRI's data)."""
    from armswatch.store.bundle import bundle_dir

    try:
        path = bundle_dir() / "deals.parquet"
    except ArmswatchError:
        return []
    if not path.exists():
        return []
    with db.memory() as con:
        return con.execute(_DESIGNATIONS.format(source="read_parquet(?)", where=""),
                           [str(path)]).fetchall()


def _store_rows(con: duckdb.DuckDBPyConnection, release_id: int) -> Rows:
    return con.execute(_DESIGNATIONS.format(source="deals", where=" AND release_id = ?"),
                       [release_id]).fetchall()


_CODE = re.compile(r"^([A-Za-z]+-?\d+)[A-Za-z]{1,4}$")
# A model code in capitals and digits written after a family name: "TB2" in "Bayraktar TB2", "F-1C"
# in "Mirage F-1C", "KEPD-350" in "Taurus KEPD-350" (not "Mk-3", "Block-1", "Loong-1": names)
_MODEL_CODE = re.compile(r"^[A-Z]{1,4}-?\d+[A-Za-z0-9-]*$")
# An acronym before a name: "BMPT Terminator", "VBTP Guarani", "LMM Martlet"
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_NAME = re.compile(r"^[A-Z][a-z]{3,}$")
_CALIBRE = re.compile(r"^\d+(?:\.\d+)?mm$")
# A mark, block or batch number alone ("Mk-3" of "RBS-70 Mk-3 Bolide", "Block-2" of "Harpoon
# Block-2"): news text writes it for many systems ("Mk 3 launchers"), so as a part it names none.
_MARK = re.compile(r"^(?:Mk|Mark|Block|Mod|Batch|Flight|Series|Srs)[- ]?\d+[A-Za-z]?$", re.IGNORECASE)


def designation_variants(designation: str) -> list[str]:
    """The forms news text uses for a designation: whole, by '/'-part, code, name, base code."""
    variants = [designation]
    for part in designation.split("/"):
        words = part.split()
        variants.append(part)
        if len(words) > 1 and any(c.isdigit() for c in words[0]):
            # "CH-47F Chinook", "T-84 Oplot": the code and the name each stand for it
            variants += [words[0], " ".join(words[1:])]
        variants += [w for w in words[1:] if any(c.isdigit() for c in w)]
    for word in list(variants):
        base = _CODE.match(word)
        if base:
            variants.append(base.group(1))
        head = word.split("-")[0]
        if "-" in word and len(head) >= 5 and head.replace(" ", "").isalpha():
            variants.append(head)  # "Loong-1" -> "Loong", "Wing Loong-1" -> "Wing Loong"
    words = designation.split()
    if len(words) > 1 and _CALIBRE.match(words[-1]):
        variants.append(" ".join(words[:-1]))  # "CAESAR 155mm" -> "CAESAR"
    # a calibre, or a mark after a base name, is no part that names the system: "155mm" was read
    # as the register's first "... 155mm" gun ("155-mm howitzers", "155mm shells" as an M-109A1),
    # "Mk 3" as RBS-70 Mk-3 Bolide (issue 15); a mark that starts the designation is the US
    # Navy's name of it ("Mk-54 LWT" is the Mk 54 torpedo, "Mk-46" whole)
    return [v for v in variants if v and (v == designation or not (
        _CALIBRE.match(v) or _MARK.match(v) and not designation.startswith(v)))]


def family_names(designation: str, category: str) -> list[str]:
    """The names a system is called by without its model code: "Bayraktar" for "Bayraktar TB2",
    "Terminator" for "BMPT Terminator" (news writes "Bayraktar drones", "Terminator combat
    vehicles"). Not for ships: SIPRI names ship classes after people and places ("Gearing
    FRAM-2", "Lawrence FRAM-2"), words news text uses for them."""
    if category == "Ships":
        return []
    return [name for part in designation.split("/") for name in _family_name(part.split())]


def _family_name(words: list[str]) -> list[str]:
    if len(words) < 2:
        return []
    if _ACRONYM.match(words[0]) and all(_NAME.match(w) for w in words[1:]):
        return [" ".join(words[1:])]
    lead = []
    for word in words:
        if _MODEL_CODE.match(word):
            break
        lead.append(word)
    if lead and len(lead) < len(words) and all(_NAME.match(w) for w in lead):
        return [" ".join(lead)]
    return []


_VERSION = re.compile(r"([A-Z][A-Za-z]*-? ?\d+[A-Z0-9]*)(?: [A-Z]{2,4})? version")


def comment_versions(comments: str | None) -> list[str]:
    """Versions the register's comments name: '... Su-30MKI version' -> 'Su-30MKI'."""
    return _VERSION.findall(comments) if comments else []
