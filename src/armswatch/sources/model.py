"""Typed rows the readers hand to the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from armswatch.model import DEAL_STATUSES
from armswatch.report import Report

STATUSES = DEAL_STATUSES  # SIPRI's, written once in armswatch.model


@dataclass
class Deal:
    """One deal of SIPRI's trade register, in SIPRI's words."""

    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    order_year_uncertain: bool
    number_ordered: int | None
    number_ordered_uncertain: bool
    designation: str
    description: str
    category: str
    number_delivered: int | None
    number_delivered_uncertain: bool
    delivery_years: list[int]
    status: str | None
    comments: str | None
    tiv_per_unit: float | None
    tiv_total_order: float | None
    tiv_delivered: float | None
    source_line: int | None = None


@dataclass
class YearlyDelivery:
    """Units and TIV of one deal delivered in one year, as SIPRI split them."""

    deal_id: str
    year: int
    number_delivered: float | None
    tiv_delivered: float
    estimated: bool = False


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
    yearly: list[YearlyDelivery] = field(default_factory=list)
    sipri_years: list[SipriYear] = field(default_factory=list)
