"""The domain's closed vocabularies, written once (issue 16, "one model"; STYLE.md §10).

SIPRI's words for deals, and the labelled corpus's words for claims (../shared/corpus/README.md):
each as a ``Literal`` type for the type checker and as a tuple of its values for validation and
for the choices an error message lists. The extractor, the checker, the CLI and the web import
them from here.
"""

from __future__ import annotations

from typing import Literal, get_args

# SIPRI's status of a deal's weapons (the trade register's "status" column)
DealStatus = Literal["New", "Second hand", "Second hand but modernized"]
DEAL_STATUSES: tuple[str, ...] = get_args(DealStatus)

# What a news text says happened to a transfer
TransferStatus = Literal["ordered", "delivered", "in_service_sighted", "planned_or_negotiating",
                         "cancelled"]
TRANSFER_STATUSES: tuple[str, ...] = get_args(TransferStatus)

# What an arms-trade statistic in a news text measures
Measure = Literal["share", "value", "rank", "change"]
MEASURES: tuple[str, ...] = get_args(Measure)

# The kinds of cooperation event the extractor lists
EventType = Literal["visit", "meeting", "agreement", "training", "exercise",
                    "statement_of_support", "award"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

ClaimKind = Literal["transfer", "statistic", "event"]
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)

# Verdicts: a transfer against the register's deals, a statistic recomputed, an event listed
TransferVerdict = Literal["documented", "partly_documented", "undocumented", "not_checkable"]
StatisticVerdict = Literal["consistent", "inconsistent", "not_checkable"]
EventVerdict = Literal["listed"]
VerdictName = Literal["documented", "partly_documented", "undocumented", "not_checkable",
                      "consistent", "inconsistent", "listed"]
TRANSFER_VERDICTS: tuple[str, ...] = get_args(TransferVerdict)
VERDICTS: tuple[str, ...] = get_args(VerdictName)
