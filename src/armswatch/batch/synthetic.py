"""A synthetic news archive of any size, for scale tests and benchmarks (issue 8).

Documents are made from the project's own sentence templates (below) filled from the register:
real deals (documented), invented pairings of real parties and systems (mostly undocumented),
shares of a recipient's imports (true or perturbed), cooperation events and plain noise. Stories
are reused across outlets with a long-tailed popularity, so the same transfer is reported many
times, as in real news. Everything is seeded: the same arguments give the same archive.
"""

from __future__ import annotations

import gzip
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.batch.shards import DOCUMENT_FIELDS, dumps_document
from armswatch.model import Document
from armswatch.register.releases import current_release

DELIVERED = [
    "{recipient} has received {n} {system} from {supplier}, the defence ministry said.",
    "{supplier} delivered {n} {system} to {recipient} in {year}, officials confirmed.",
    "The last of {n} {system} ordered from {supplier} arrived in {recipient} in {year}.",
    "{recipient} took delivery of {n} {system} built in {supplier} during {year}.",
]
ORDERED = [
    "{recipient} signed a contract with {supplier} in {year} for {n} {system}.",
    "In {year}, {recipient} ordered {n} {system} from {supplier}, according to a contract notice.",
    "{supplier} agreed in {year} to sell {n} {system} to {recipient}, the two governments said.",
]
SIGHTED = [
    "Photographs released this week show {system} from {supplier} in service with the armed "
    "forces of {recipient}.",
]
PLANNED = [
    "{recipient} is negotiating with {supplier} over the purchase of {system}, a senior official "
    "said.",
]
SHARES = [
    "According to SIPRI, {supplier} accounted for {share}% of {recipient}'s arms imports from "
    "{first} to {last}.",
    "{supplier} supplied {share} per cent of the major arms imported by {recipient} in "
    "{first}-{last}, SIPRI data show.",
]
EVENTS = [
    "The defence minister of {a} met his counterpart from {b} in the capital on {weekday} to "
    "discuss military cooperation.",
    "{a} and {b} signed a defence cooperation agreement covering training and maintenance.",
    "Troops from {a} and {b} began a joint military exercise near the coast this week.",
]
NOISE = [
    "Shares in the country's largest bank fell {x} per cent on {weekday} after a profit warning.",
    "Heavy rain is expected over the weekend, forecasters said, with flooding possible inland.",
    "The national football team of {a} drew with {b} in a friendly match on {weekday}.",
    "Inflation in {a} eased to {x}% in {month}, the statistics office reported.",
    "Tourist arrivals rose by {x} per cent last year, helped by new direct flights.",
    "Parliament will debate the budget next month, the speaker told reporters.",
    "Analysts said the decision could take months to put into effect.",
    "The ministry declined to comment on the report when contacted on {weekday}.",
    "Opposition parties called for an inquiry into the award of the road-building contract.",
    "A spokesperson for the embassy of {a} said the ambassador would return next week.",
    "The central bank kept its main interest rate unchanged at {x}% for a third meeting.",
    "Local elections in {month} are expected to test support for the governing coalition.",
    "Dock workers in the main port ended a three-day strike after a pay deal on {weekday}.",
    "The health ministry of {a} opened {n} new clinics in rural districts this year.",
    "A court in {a} adjourned the corruption trial of a former mayor until {month}.",
    "Exports of coffee and cocoa rose {x} per cent in the first quarter, customs data showed.",
    "The government of {a} announced a plan to expand solar power to {n} villages.",
    "Students protested outside the education ministry over higher university fees.",
    "A new bridge linking the two halves of the city is due to open in {month}.",
    "Officials from {a} and {b} discussed fishing quotas at a regional meeting.",
    "The airline said it would add {n} routes to its summer timetable.",
    "Wheat prices climbed after dry weather cut expected harvests, traders said.",
    "Police in {a} said {n} people had been detained after clashes at a stadium.",
    "The company's chief executive said the merger would be completed by {month}.",
]
OUTLETS = ["Harbour Gazette", "Daily Meridian", "The Northern Ledger", "Capital Dispatch",
           "Coastal Times", "Evening Courier", "The Plains Herald", "Defence Watch Weekly",
           "Morning Star Review", "Republic Tribune", "The Island Chronicle", "Frontier Post"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


@dataclass(frozen=True)
class Story:
    supplier: str
    recipient: str
    system: str        # designation and description, as a reporter writes them
    number: int
    year: int
    status: str        # delivered | ordered | in_service_sighted | planned_or_negotiating


@dataclass(frozen=True)
class Material:
    stories: list[Story]
    shares: list[tuple[str, str, int, int, float]]   # supplier, recipient, first, last, share %
    states: list[str]


def material(con: duckdb.DuckDBPyConnection, rng: random.Random, stories: int) -> Material:
    """Stories and shares from the register's current release (deals since 1990)."""
    release = current_release(con).release_id
    deals = con.execute(
        "SELECT supplier, recipient, designation, coalesce(description, ''), "
        "coalesce(number_ordered, 1), coalesce(order_year, 2000), delivery_years FROM deals d "
        "JOIN parties s ON s.name = d.supplier AND s.kind = 'state' "
        "JOIN parties r ON r.name = d.recipient AND r.kind = 'state' "
        "WHERE release_id = ? AND order_year >= 1990 ORDER BY deal_id", [release]).fetchall()
    states = sorted({d[0] for d in deals} | {d[1] for d in deals})
    pool = []
    for _ in range(stories):
        supplier, recipient, designation, description, number, order_year, years = rng.choice(deals)
        system = f"{designation} {description}".strip()
        if rng.random() < 0.3:   # a transfer the register may well not hold
            recipient = rng.choice([s for s in states if s != supplier])
        status = rng.choices(["delivered", "ordered", "in_service_sighted",
                              "planned_or_negotiating"], [5, 4, 1, 1])[0]
        year = max(years) if status == "delivered" and years else order_year
        pool.append(Story(supplier, recipient, system, int(number), int(year), status))
    return Material(pool, _shares(con, release, rng), states)


def _shares(con, release: int, rng: random.Random) -> list[tuple[str, str, int, int, float]]:
    rows = con.execute(
        "WITH p AS (SELECT recipient, supplier, sum(tiv_delivered) AS tiv FROM deliveries "
        "WHERE release_id = ? AND year BETWEEN 2015 AND 2019 GROUP BY ALL) "
        "SELECT supplier, recipient, 100 * tiv / sum(tiv) OVER (PARTITION BY recipient) FROM p "
        "ORDER BY recipient, supplier", [release]).fetchall()
    shares = [(s, r, 2015, 2019, round(v)) for s, r, v in rows if v >= 10]
    return rng.sample(shares, min(200, len(shares)))


def document(rng: random.Random, stuff: Material, weights: list[float], number: int,
             shard: str) -> Document:
    story = rng.choices(stuff.stories, weights)[0]
    sentences = [_noise(rng, stuff, template) for template in rng.sample(NOISE, rng.randint(8, 16))]
    for _ in range(rng.randint(1, 2)):
        sentences.insert(rng.randrange(len(sentences) + 1), _transfer(rng, story))
    if rng.random() < 0.3:
        sentences.insert(rng.randrange(len(sentences) + 1), _share(rng, stuff))
    if rng.random() < 0.3:
        a, b = rng.sample(stuff.states, 2)
        sentences.insert(rng.randrange(len(sentences) + 1),
                         rng.choice(EVENTS).format(a=a, b=b, weekday=rng.choice(WEEKDAYS)))
    year = min(2025, story.year + rng.randint(0, 2))
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return Document(id=f"{shard}-{number}", text="\n\n".join(paragraphs),
                    url=f"https://news.example.org/{shard}/{number}", title=None,
                    outlet=rng.choice(OUTLETS), published=published)


def _transfer(rng: random.Random, story: Story) -> str:
    templates = {"delivered": DELIVERED, "ordered": ORDERED, "in_service_sighted": SIGHTED,
                 "planned_or_negotiating": PLANNED}[story.status]
    return rng.choice(templates).format(supplier=story.supplier, recipient=story.recipient,
                                        system=story.system, n=story.number, year=story.year)


def _share(rng: random.Random, stuff: Material) -> str:
    supplier, recipient, first, last, share = rng.choice(stuff.shares)
    if rng.random() < 0.4:
        share = max(1, share + rng.choice([-15, -8, 8, 15]))
    return rng.choice(SHARES).format(supplier=supplier, recipient=recipient, share=int(share),
                                     first=first, last=last)


def _noise(rng: random.Random, stuff: Material, template: str) -> str:
    a, b = rng.sample(stuff.states, 2)
    return template.format(a=a, b=b, x=round(rng.uniform(0.5, 9.5), 1), n=rng.randint(2, 40),
                           weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS))


def synthesise(con: duckdb.DuckDBPyConnection, out: Path, documents: int, shard_size: int = 5_000,
               seed: int = 1, fmt: str = "jsonl.gz") -> list[Path]:
    """Write ``documents`` documents as shards of ``shard_size`` under ``out``; the shard paths."""
    rng = random.Random(seed)
    stuff = material(con, rng, stories=max(50, documents // 25))
    weights = [1 / (rank + 1) for rank in range(len(stuff.stories))]   # a long tail of stories
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, first in enumerate(range(0, documents, shard_size)):
        name = f"news-{index:05d}"
        shard_rng = random.Random(seed * 1_000_003 + index)
        docs = [document(shard_rng, stuff, weights, n, name)
                for n in range(1, min(shard_size, documents - first) + 1)]
        paths.append(_write(out, name, docs, fmt))
    return paths


def _write(out: Path, name: str, docs: list[Document], fmt: str) -> Path:
    if fmt == "parquet":
        path = out / f"{name}.parquet"
        rows = [{f: getattr(d, f) for f in DOCUMENT_FIELDS} for d in docs]
        pq.write_table(pa.Table.from_pylist(rows, pa.schema([(f, pa.string()) for f in
                                                              DOCUMENT_FIELDS])), path)
        return path
    path = out / f"{name}.{fmt}"
    opener = gzip.open if fmt.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as handle:  # type: ignore[operator]
        handle.writelines(dumps_document(d) + "\n" for d in docs)
    return path
