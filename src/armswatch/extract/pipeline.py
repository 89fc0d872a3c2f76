"""The extractor: an ordered list of named components over one document (STYLE.md §6).

normalise -> sentences -> parties -> weapons -> cues -> transfers, statistics, events. Each step
is a function of its own module and can be run and tested alone; ``COMPONENTS`` names them in
order for ``armswatch extract --explain``-style introspection and for the docs.
"""

from __future__ import annotations

from armswatch.extract import lexicon, sentences as sentence_splitter
from armswatch.extract.dates import Anchor
from armswatch.extract.events import find_events
from armswatch.extract.model import Document, Evidence, ExtractionResult
from armswatch.extract.normalise import lowered, normalise
from armswatch.extract.parties import PartyMention
from armswatch.extract.sentence import Sentence
from armswatch.extract.statistics import find_statistics
from armswatch.extract.status import find_cues
from armswatch.extract.transfers import find_transfers
from armswatch.extract.weapons import find_weapons

COMPONENTS: tuple[tuple[str, str], ...] = (
    ("normalise", "spaces, quotes and dashes made plain, offsets kept"),
    ("sentences", "sentence spans: stops before capitals, abbreviations, line breaks"),
    ("parties", "names, aliases, demonyms, capitals, organs, arms makers (Aho-Corasick)"),
    ("weapons", "register designations, designation shapes, generic classes with categories"),
    ("quantities", "digits and number words before a weapon; 'two of six'"),
    ("dates", "years, days, periods; relative dates anchored on the publication date"),
    ("status", "cues for ordered, delivered, in service, planned, cancelled; negation"),
    ("transfers", "claims per weapon with roles read from the verb; open roles filled per document"),
    ("statistics", "shares, values, ranks and changes of arms imports and exports"),
    ("events", "visits, meetings, agreements, training, exercises, support, awards"),
)


def extract_document(document: Document) -> ExtractionResult:
    """Every transfer claim, arms-trade statistic and cooperation event in one document."""
    text = normalise(document.text)
    sentences = analyse(text, document.text)
    anchor = Anchor.parse(document.published)
    return ExtractionResult(
        id=document.id,
        transfers=find_transfers(sentences, anchor),
        statistics=find_statistics(sentences),
        events=find_events(sentences, anchor))


def analyse(text: str, original: str) -> list[Sentence]:
    """Steps 2-7: the sentences with their parties, weapons and status cues."""
    spans = sentence_splitter.split(text)
    # party names and the trigger words of steps 4-10, per sentence
    positions_per_span, parties_per_span = lexicon.per_sentence(text, lowered(text), spans)
    out = []
    for index, (span, positions, local) in enumerate(zip(spans, positions_per_span, parties_per_span)):
        chunk = text[span.start:span.end]
        out.append(Sentence(index, span.start, chunk,
                            Evidence(original[span.start:span.end], span.start, span.end),
                            local, find_weapons(chunk, local, positions),
                            find_cues(chunk, positions), positions))
    return out


__all__ = ["COMPONENTS", "extract_document", "analyse", "PartyMention"]
