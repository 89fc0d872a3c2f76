"""Typed rows the readers hand to the store: SIPRI's deals and deliveries are the model's
(``armswatch.model.Deal``, ``Delivery``); SIPRI's per-year records and the file read are the
readers' own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from armswatch.model import DEAL_STATUSES, Deal, Delivery
from armswatch.report import Report

STATUSES = DEAL_STATUSES  # SIPRI's, written once in armswatch.model


@dataclass
class SipriYear:
    """One record of SIPRI's per-year deliveries file (no deal id: matched to deals later)."""

    supplier: str
    recipient: str
    year: int
    designation: str
    description: str
    number_delivered: float | None
    tiv_delivered: float


@dataclass
class SourceFile:
    """What a reader read from one file."""

    format: str
    file_name: str
    sha256: str
    report: Report
    data_generated: datetime | None = None
    scope: str | None = None
    deals: list[Deal] = field(default_factory=list)
    yearly: list[Delivery] = field(default_factory=list)
    sipri_years: list[SipriYear] = field(default_factory=list)
