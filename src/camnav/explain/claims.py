"""Adjudicated claims as JSON documents: per line the amounts, the CARC codes, the group code,
the plain-language reasons with their plan clauses, and the next step."""

from __future__ import annotations

from camnav.domain.adjudication import Adjudication, LineResult
from camnav.domain.money import format_money
from camnav.domain.reasons import Reason
from camnav.explain.carc import PRICING_ADJUSTMENTS, carc_for, group_for
from camnav.explain.messages import describe, next_step


def adjudication_document(decision: Adjudication) -> dict[str, object]:
    """A claim's decision: status, totals (member_total = cost share + balance bill) and lines."""
    return {
        "claim_id": decision.claim_id,
        "status": decision.status.value,
        "member_owes": format_money(decision.member_owes),
        "plan_pays": format_money(decision.plan_pays),
        "balance_bill": format_money(decision.balance_bill),
        "member_total": format_money(decision.member_owes + decision.balance_bill),
        "visits_remaining": decision.visits_remaining,
        "referral_visits_remaining": decision.referral_visits_remaining,
        "lines": [line_document(line) for line in decision.lines],
    }


def line_document(line: LineResult) -> dict[str, object]:
    """A line's amounts; `carc` lists its reasons' CARCs (primary first) without the pricing
    adjustments, which appear under `adjustments` with their group and amount."""
    reasons = denial_and_cost_share_reasons(line)
    return {
        "number": line.number,
        "date": line.service_date.isoformat(),
        "code": line.code,
        "units": line.units,
        "tier": line.tier.value,
        "status": line.status.value,
        "billed": format_money(line.billed),
        "allowed": format_money(line.allowed),
        "deductible": format_money(line.deductible),
        "copay": format_money(line.copay),
        "coinsurance": format_money(line.coinsurance),
        "plan_pays": format_money(line.plan_pays),
        "member_owes": format_money(line.member_owes),
        "balance_bill": format_money(line.balance_bill),
        "member_total": format_money(line.member_total),
        "visit_counted": line.counted_visit,
        "carc": [carc_for(item.code) for item in reasons],
        "group": group_for(reasons[0].code, line.patient_responsibility) if reasons else None,
        "adjustments": [_adjustment(line, item) for item in _pricing_reasons(line)],
        "reasons": [_reason(item) for item in reasons],
    }


def denial_and_cost_share_reasons(line: LineResult) -> tuple[Reason, ...]:
    return tuple(item for item in line.reasons if item.code not in PRICING_ADJUSTMENTS)


def _pricing_reasons(line: LineResult) -> tuple[Reason, ...]:
    return tuple(item for item in line.reasons if item.code in PRICING_ADJUSTMENTS)


def _adjustment(line: LineResult, item: Reason) -> dict[str, object]:
    return {
        "group": group_for(item.code, line.patient_responsibility),
        "carc": carc_for(item.code),
        "amount": format_money(item.amount or 0),
        "text": describe(item),
    }


def _reason(item: Reason) -> dict[str, object]:
    document: dict[str, object] = {
        "code": item.code.value,
        "carc": carc_for(item.code),
        "text": describe(item),
        "citation": item.citation,
        "params": dict(item.params),
    }
    if item.amount is not None:
        document["amount"] = format_money(item.amount)
    step = next_step(item)
    if step:
        document["next_step"] = step
    return document
