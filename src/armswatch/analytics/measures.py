"""Single figures a sentence can state ("Russia's share was 16% of Myanmar's arms imports in
2014-2019"), for the claim checker (issue 5). Each is a thin reading of ``flows``: the same query,
the same shares, the same alias resolution (``registry().resolve``), on the release of the ``ReleaseView`` given
(issue 16).

Shares and changes are in per cent; None when the denominator is zero (nothing imported, nothing
in the base period).
"""

from __future__ import annotations

from typing import Literal

from armswatch.analytics.flows import FlowQuery, Flows, flows
from armswatch.errors import UsageError
from armswatch.parties import registry
from armswatch.store.views import ReleaseView

Role = Literal["supplier", "recipient"]


def _one(result: Flows, column: str) -> float | None:
    if not result.records:
        return None
    value = result.records[0][result.columns.index(column)]
    return None if value is None else float(value)


def tiv(view: ReleaseView, supplier: str | None, recipient: str | None,
        year_from: int, year_to: int) -> float:
    """TIV delivered (millions) from ``supplier`` to ``recipient``; None for either means all."""
    return flows(view, FlowQuery(supplier, recipient, year_from, year_to)).total


def import_share(view: ReleaseView, supplier: str, recipient: str, year_from: int,
                 year_to: int) -> float | None:
    """% of the recipient's imports that came from the supplier."""
    query = FlowQuery(supplier=None, recipient=recipient, year_from=year_from, year_to=year_to,
                      by=("supplier",))
    result = flows(view, query)
    if not result.records:
        return None
    wanted = FlowQuery(supplier, recipient, year_from, year_to)
    return _one(flows(view, wanted), "share_of_recipient_imports") or 0.0


def export_share(view: ReleaseView, supplier: str, year_from: int, year_to: int) -> float | None:
    """% of global exports (all transfers) delivered by the supplier."""
    return _world_share(view, supplier, None, year_from, year_to)


def global_import_share(view: ReleaseView, recipient: str, year_from: int,
                        year_to: int) -> float | None:
    """% of global imports (all transfers) received by the recipient."""
    return _world_share(view, None, recipient, year_from, year_to)


def _world_share(view: ReleaseView, supplier: str | None, recipient: str | None,
                 year_from: int, year_to: int) -> float | None:
    result = flows(view, FlowQuery(supplier, recipient, year_from, year_to))
    if result.records:
        return _one(result, "share_of_world")
    world = flows(view, FlowQuery(None, None, year_from, year_to))
    return 0.0 if world.total else None


def rank(view: ReleaseView, party: str, role: Role, year_from: int, year_to: int) -> int | None:
    """1 for the largest supplier (or recipient) of the period; None when the party had none."""
    wanted = registry().resolve(party)
    result = flows(view, FlowQuery(year_from=year_from, year_to=year_to, by=(role,)))
    at = result.columns.index(role)
    return next((i + 1 for i, r in enumerate(result.records) if r[at] == wanted), None)


def _filter(party: str, role: Role, year_from: int, year_to: int) -> FlowQuery:
    if role == "supplier":
        return FlowQuery(supplier=party, year_from=year_from, year_to=year_to)
    return FlowQuery(recipient=party, year_from=year_from, year_to=year_to)


def volume_change(view: ReleaseView, party: str | None, role: Role | None,
                  year_from: int, year_to: int, base_from: int, base_to: int) -> float | None:
    """% change of TIV in [year_from, year_to] against [base_from, base_to]; party None = world."""
    if party is not None and role is None:
        raise UsageError(f"Say whether {party!r} is the supplier or the recipient.",
                         choices=["supplier", "recipient"])
    now, then = ((_filter(party, role, y0, y1) if party else  # type: ignore[arg-type]
                  FlowQuery(year_from=y0, year_to=y1))
                 for y0, y1 in ((year_from, year_to), (base_from, base_to)))
    base = flows(view, then).total
    return None if not base else 100 * (flows(view, now).total / base - 1)
