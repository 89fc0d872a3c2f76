"""A transfer claim against the register: documented, partly documented, undocumented or not
checkable, with the deals it rests on and why (issue 5; conventions in docs/checking.md).

Conventions (the corpus's reference verdicts follow them): a year within one of the claim's is
compatible; a tranche of a larger order is documented; another system of the same category does not
document a claim; a different supplier of the same system (licence producer, intermediary), a year
off by more than one or a clearly larger quantity is partly documented; plans, negotiations,
cancellations, items outside SIPRI's scope and events after the register's last year cannot be
checked against a register of orders and deliveries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armswatch.model import Deal, DealRef, TransferClaim, Verdict
from armswatch.parties import SUCCESSORS, registry
from armswatch.reconcile.designations import GENERIC_WORDS, match, phonetic
from armswatch.reconcile.index import DealIndex

YEAR_SLACK = 1            # a year within one of the claim's is compatible
QUANTITY_SLACK = 0.1      # a claimed number more than 10% above every order is "clearly different"
NEAREST = 3               # context deals shown for an undocumented claim
SOVIET_END = 1991

# Categories one system can be filed under (a SAM system and its missiles, an armed UAV that SIPRI
# counts as a missile, a gun and its chassis, a ship and its naval weapons).
_COMPATIBLE = {frozenset(p) for p in (
    ("Air defence systems", "Missiles"), ("Aircraft", "Missiles"), ("Air defence systems", "Sensors"),
    ("Armoured vehicles", "Artillery"), ("Ships", "Naval weapons"), ("Naval weapons", "Missiles"),
    ("Artillery", "Missiles"))}

# Outside SIPRI's scope of major conventional arms (SIPRI's definition excludes small arms, light
# weapons, ammunition other than guided missiles, trucks and ground equipment).
_OUT_OF_SCOPE = re.compile(
    r"\b(rifles?|pistols?|small arms|light weapons|machine ?guns?|ammunition|grenades?|"
    r"bullets?|trucks?|ground[- ]control stations?|ground stations?|uniforms?|body armou?r|"
    r"night[- ]vision|mortars?|containers?)\b", re.I)


@dataclass(frozen=True)
class Context:
    """What a transfer is judged with besides the register: the document's date."""

    document_year: int | None = None


def check_transfer(index: DealIndex, claim: TransferClaim, context: Context = Context()) -> Verdict:
    parties = _parties(claim)
    if isinstance(parties, Verdict):
        return parties
    suppliers, recipient = parties
    same = _same_system(index.pair(suppliers, recipient), claim)
    if claim.status in ("planned_or_negotiating", "cancelled"):
        return _plan(index, claim, suppliers, recipient, same, context)
    if not same and _out_of_scope(claim):
        return Verdict("not_checkable", f"{claim.system} is outside SIPRI's scope of major "
                       "conventional arms (small arms, ammunition, ground equipment), so the "
                       "register cannot document it.")
    year = claim.year
    if year is not None and year > index.last_year:
        return Verdict("not_checkable", f"The {claim.status} claim is dated {year}, after the "
                       f"register's last year ({index.last_year}).", _refs(same, "same system"))
    if same:
        return _judge_same_system(index, claim, same, context)
    return _elsewhere(index, claim, suppliers, recipient, context)


def _parties(claim: TransferClaim) -> tuple[tuple[str, ...], str] | Verdict:
    if not claim.supplier or not claim.recipient:
        missing = "supplier" if not claim.supplier else "recipient"
        return Verdict("not_checkable", f"The text does not name the {missing}; the register "
                       "is searched by supplier and recipient.")
    parties = registry()
    supplier, recipient = parties.lookup(claim.supplier), parties.lookup(claim.recipient)
    unknown = [n for n, found in ((claim.supplier, supplier), (claim.recipient, recipient))
               if found is None]
    if unknown or supplier is None or recipient is None:
        return Verdict("not_checkable", f"{', '.join(unknown)} is not a supplier or recipient "
                       "in SIPRI's register.")
    return _with_predecessors(supplier, claim.year), recipient


def _with_predecessors(supplier: str, year: int | None) -> tuple[str, ...]:
    """Soviet Union and Russia are apart in SIPRI: a claim about either searches both by year."""
    out = [supplier]
    for old, new in SUCCESSORS.items():
        if supplier == new and (year is None or year <= SOVIET_END + 1):
            out.append(old)
        if supplier == old and (year is None or year > SOVIET_END):
            out.append(new)
    return tuple(out)


def _compatible(claim_category: str | None, deal_category: str) -> bool:
    if not claim_category or claim_category == deal_category:
        return True
    return frozenset((claim_category, deal_category)) in _COMPATIBLE


def _same_system(deals: list[Deal], claim: TransferClaim) -> list[tuple[Deal, str]]:
    """The deals for the same system with why; for a generic class, the deals of its category."""
    found = []
    for deal in deals:
        if claim.weapon or claim.designation:
            why = _match(claim, deal)
            if why and _compatible(claim.category, deal.category):
                found.append((deal, why))
        elif claim.category and deal.category == claim.category:
            found.append((deal, f"a {deal.category.lower()} deal ({deal.designation}) for the "
                          f"generic class '{claim.weapon_generic or claim.category}'"))
    return found


def _match(claim: TransferClaim, deal: Deal) -> str | None:
    for name in (claim.designation, claim.weapon):
        if name:
            why = match(name, deal.designation, deal.comments)
            if why:
                return why
    return None


def _year_ok(claim: TransferClaim, deal: Deal) -> bool:
    year = claim.year
    if claim.status == "ordered":
        return year is None or deal.order_year is None or abs(year - deal.order_year) <= YEAR_SLACK
    if not deal.delivery_years:
        return False
    if year is None:
        return True
    if claim.status == "in_service_sighted":
        return deal.delivery_years[0] <= year + YEAR_SLACK
    return deal.delivery_years[0] - YEAR_SLACK <= year <= deal.delivery_years[-1] + YEAR_SLACK


def _judge_same_system(index: DealIndex, claim: TransferClaim, same: list[tuple[Deal, str]],
                       context: Context) -> Verdict:
    fitting = [(d, why) for d, why in same if _year_ok(claim, d)]
    if not fitting:
        return _years_differ(index, claim, same, context)
    refs = _refs(fitting, "")
    quantity = _quantity_differs(claim, [d for d, _ in same], [d for d, _ in fitting])
    if quantity:
        return Verdict("partly_documented", f"The register has {claim.system} for this pair in "
                       f"compatible years but {quantity}: {_labels(fitting)}.", refs,
                       claimed=claim.quantity)
    return Verdict("documented", f"Documented by {_labels(fitting)}; "
                   f"{_why(fitting)}; {_year_phrase(claim)}.", refs,
                   related_context(index, claim, fitting), claimed=claim.quantity)


def related_context(index: DealIndex, claim: TransferClaim,
                    fitting: list[tuple[Deal, str]]) -> tuple[DealRef, ...]:
    """Equipment the register files for the matched system ("For Pantsyr AD systems")."""
    keys = {phonetic(w) for d, _ in fitting for w in re.findall(r"[a-z]{4,}", d.designation.lower())
            if w not in GENERIC_WORDS}
    if not keys:
        return ()
    matched = {d.deal_id for d, _ in fitting}
    pair = index.pair((fitting[0][0].supplier,), fitting[0][0].recipient)
    out = []
    for deal in pair:
        words = {phonetic(w) for w in re.findall(r"[a-z]+", (deal.comments or "").lower())}
        if deal.deal_id not in matched and "for" in words and words & keys:
            out.append(deal.ref("equipment the register files for the matched system"))
    return tuple(out)


def _years_differ(index: DealIndex, claim: TransferClaim, same: list[tuple[Deal, str]],
                  context: Context) -> Verdict:
    deals = [d for d, _ in same]
    if claim.status != "ordered" and not any(d.delivery_years for d in deals):
        undated_late = claim.year is None and (context.document_year or 0) > index.last_year
        if undated_late:
            return Verdict("not_checkable", f"The register has the order ({_labels(same)}) but "
                           f"no delivery by {index.last_year}; the undated claim comes from a "
                           "document published after the register's last year.", _refs(same, ""))
        return Verdict("partly_documented", f"The register has the order ({_labels(same)}) but "
                       f"records no delivery by {index.last_year}; the claim says "
                       f"{claim.status.replace('_', ' ')}.", _refs(same, ""))
    if not claim.weapon and not claim.designation:
        return _undocumented(index, claim, deals, context, generic_years=True)
    return Verdict("partly_documented", f"The same system is in the register ({_labels(same)}), "
                   f"but the year differs by more than {YEAR_SLACK}: the claim says "
                   f"{claim.year} ({claim.status.replace('_', ' ')}).", _refs(same, ""))


def _quantity_differs(claim: TransferClaim, same: list[Deal], fitting: list[Deal]) -> str | None:
    """A tranche of a larger order is documented; more than every order together is not."""
    if not claim.quantity:
        return None
    numbers = [d.number_ordered for d in same]
    if any(n is None for n in numbers):
        return None
    total = sum(n for n in numbers if n is not None)
    if claim.quantity > total * (1 + QUANTITY_SLACK) and claim.quantity - total > 1:
        return f"a quantity of {claim.quantity} against {total} in the register"
    return None


def _elsewhere(index: DealIndex, claim: TransferClaim, suppliers: tuple[str, ...],
               recipient: str, context: Context) -> Verdict:
    """The system is not in the pair: another supplier of it, else undocumented."""
    others = [(d, why) for d, why in _same_system(index.recipient(recipient), claim)
              if d.supplier not in suppliers and _year_ok(claim, d)]
    if others and (claim.weapon or claim.designation):
        names = ", ".join(sorted({d.supplier for d, _ in others}))
        return Verdict("partly_documented", f"The register has {claim.system} for {recipient} "
                       f"from {names}, not from {claim.supplier} (a licence producer, an "
                       f"intermediary or the designer): {_labels(others)}.", _refs(others, ""))
    return _undocumented(index, claim, index.pair(suppliers, recipient), context)


def _undocumented(index: DealIndex, claim: TransferClaim, pair: list[Deal], context: Context,
                  generic_years: bool = False) -> Verdict:
    if claim.year is None and (context.document_year or 0) > index.last_year:
        return Verdict("not_checkable", f"No deal documents {claim.system}, but the undated "
                       f"claim comes from a document published after the register's last year "
                       f"({index.last_year}).")
    nearest = _nearest(claim, pair)
    what = (f"no {claim.category or 'deal'} deal in a compatible year" if generic_years
            else f"no deal of {claim.system}")
    text = f"The register has {what} from {claim.supplier} to {claim.recipient}."
    if nearest:
        text += (" Nearest deals of the pair (another system does not document the claim): "
                 f"{'; '.join(d.label() for d in nearest)}.")
    return Verdict("undocumented", text, (), tuple(d.ref("context: same pair and category")
                                                  for d in nearest), claimed=claim.quantity)


def _nearest(claim: TransferClaim, pair: list[Deal]) -> list[Deal]:
    pool = [d for d in pair if not claim.category or d.category == claim.category]
    target = claim.year
    if target is None:
        return sorted(pool, key=lambda d: -(d.first_year or 0))[:NEAREST]
    return sorted(pool, key=lambda d: (abs((d.first_year or 0) - target), d.deal_id))[:NEAREST]


def _plan(index: DealIndex, claim: TransferClaim, suppliers: tuple[str, ...], recipient: str,
          same: list[tuple[Deal, str]], context: Context) -> Verdict:
    """Plans and cancellations cannot be confirmed; list any order the plan later became."""
    since = (claim.year or context.document_year or 0) - YEAR_SLACK
    later = [(d, why) for d, why in same if (d.first_year or 9999) >= since]
    if not later and (claim.weapon or claim.designation):
        later = [(d, why) for d, why in _same_system(index.recipient(recipient), claim)
                 if (d.first_year or 9999) >= since]
    what = "A plan or negotiation" if claim.status == "planned_or_negotiating" else "A cancellation"
    text = (f"{what}: a register of orders and deliveries cannot confirm it.")
    if later:
        verb = "It later became" if claim.status == "planned_or_negotiating" else "The register has"
        text += f" {verb}: {_labels(later)}."
    return Verdict("not_checkable", text, _refs(later, "a later order of the same system"))


def _refs(pairs: list[tuple[Deal, str]], default: str) -> tuple[DealRef, ...]:
    return tuple(d.ref(why or default) for d, why in pairs)


def _labels(pairs: list[tuple[Deal, str]]) -> str:
    return "; ".join(d.label() for d, _ in pairs)


def _why(pairs: list[tuple[Deal, str]]) -> str:
    return "; ".join(dict.fromkeys(why for _, why in pairs))


def _year_phrase(claim: TransferClaim) -> str:
    if claim.year is None:
        return "the claim gives no year"
    field = {"ordered": "order year"}.get(claim.status, "delivery years")
    return f"{claim.year} is within {YEAR_SLACK} of the {field}"


def _out_of_scope(claim: TransferClaim) -> bool:
    text = " ".join(filter(None, (claim.weapon, claim.weapon_generic)))
    return claim.category == "Other" or bool(_OUT_OF_SCOPE.search(text))
