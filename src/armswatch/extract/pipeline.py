"""The extractor: an ordered list of named components over one document (STYLE.md §6).

normalise -> sentences -> parties -> weapons -> cues -> transfers, statistics, events. Each step
is a function of its own module and can be run and tested alone:

- normalise: spaces, quotes and dashes made plain, offsets kept
- sentences: sentence spans: stops before capitals, abbreviations, line breaks
- parties: names, aliases, demonyms, capitals, organs, arms makers (Aho-Corasick)
- weapons: register designations, designation shapes, generic classes with categories
- quantities: digits and number words before a weapon; 'two of six'
- dates: years, days, periods; relative dates anchored on the publication date
- status: cues for ordered, delivered, in service, planned, cancelled; negation
- transfers: claims per weapon with roles read from the verb; open roles filled per document
- learned transfers: weapon x party candidates scored by role, pair and status models
- statistics: shares, values, ranks and changes of arms imports and exports
- learned statistics: figures scored as statistics; measure, parties, base, period chosen
- events: visits, meetings, agreements, training, exercises, support, awards
- learned events: cue candidates scored as events; actors chosen by a party model
"""

from __future__ import annotations

from armswatch.extract import lexicon, sentences as sentence_splitter
from armswatch.extract.learning import events as learned_events, runtime
from armswatch.extract.learning import statistics as learned_statistics
from armswatch.extract.learning import transfers as learned_transfers
from armswatch.extract.dates import Anchor
# The rule readings of statistics and events are the learned models' candidates; their modules
# register their cue patterns' trigger prefixes when imported, and the one trigger scan of a
# document (lexicon.per_sentence) knows only the patterns registered before it: import them here,
# before any document is analysed (imported lazily, the first documents lost those cues).
from armswatch.extract.events import rule_events  # noqa: F401
from armswatch.extract.statistics import rule_statistics  # noqa: F401
from armswatch.extract.model import Document, Evidence, ExtractionResult
from armswatch.extract.normalise import lowered, normalise
from armswatch.extract.parties import PartyMention
from armswatch.extract.sentence import Sentence
from armswatch.extract.status import find_cues
from armswatch.extract.transfers import find_transfers
from armswatch.extract.weapons import find_weapons

def extract_document(document: Document, min_confidence: float | None = None) -> ExtractionResult:
    """Every transfer claim, arms-trade statistic and cooperation event in one document whose
    calibrated confidence reaches ``min_confidence`` (default: each model's threshold, chosen for
    F1 in cross-validation; 0.05 keeps every possible claim)."""
    text = normalise(document.text)
    sentences = analyse(text, document.text)
    anchor = Anchor.parse(document.published)
    rules = find_transfers(sentences, anchor)  # candidates and features of the transfer model
    return ExtractionResult(
        id=document.id,
        transfers=runtime.kept("transfers", learned_transfers.predict(
            runtime.load("transfers"), sentences, anchor, document, rules=rules), min_confidence,
            short=len(sentences) <= learned_transfers.SHORT_TEXT),
        statistics=runtime.kept("statistics", learned_statistics.predict(
            runtime.load("statistics"), sentences, anchor, document), min_confidence),
        events=runtime.kept("events", learned_events.predict(
            runtime.load("events"), sentences, anchor, document), min_confidence))


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


__all__ = ["extract_document", "analyse", "PartyMention"]
