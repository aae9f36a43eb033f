"""The explanation of benefits as data and as a JSON document.

For every claim line: the billed and allowed amounts, deductible, copay, coinsurance, what the
plan pays and what the member owes, the CARC and group code, the reason in plain language with the
plan clause it rests on, and the next step (appeal, resubmit, use an in-network therapist). Then
the claim's payments and adjustments, and the member's claim history in date order with the
accumulators as each claim left them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from camnav.domain.adjudication import ClaimStatus, LineResult, LineStatus
from camnav.domain.claims import Claim
from camnav.domain.money import Cents, format_money
from camnav.domain.reasons import Reason
from camnav.explain.carc import carc_for, group_for
from camnav.explain.claims import denial_and_cost_share_reasons
from camnav.explain.messages import describe, next_step

STATUS_TEXT = {
    ClaimStatus.PAID: "Paid",
    ClaimStatus.PARTIALLY_PAID: "Partly paid",
    ClaimStatus.DENIED: "Denied",
    ClaimStatus.PENDED: "Waiting for a review by our staff",
    ClaimStatus.RETURNED: "Returned: documents or information missing",
}


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One claim of the member's history, with the accumulators after it (its benefit period)."""

    claim_id: str
    service_date: date
    status: ClaimStatus
    billed: Cents
    plan_pays: Cents
    member_owes: Cents
    deductible_met: Cents
    out_of_pocket_met: Cents
    visits_used: int


@dataclass(frozen=True, slots=True)
class Posting:
    """A payment ledger entry of the claim, or a change a later decision made."""

    at: datetime
    kind: str
    amount: Cents
    payee: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything the explanation of benefits shows, gathered by the service."""

    claim: Claim
    member_name: str
    plan_name: str
    provider_name: str
    status: ClaimStatus
    lines: tuple[LineResult, ...]
    decided_at: datetime
    version: int
    resubmit_by: date | None
    appeal_by: date | None
    postings: tuple[Posting, ...]
    history: tuple[HistoryRow, ...]

    @property
    def plan_pays(self) -> Cents:
        return sum(line.plan_pays for line in self.lines)

    @property
    def member_total(self) -> Cents:
        return sum(line.member_total for line in self.lines)


def claim_next_steps(explanation: Explanation) -> tuple[str, ...]:
    """What the member can do about the whole claim."""
    steps = []
    if explanation.resubmit_by is not None:
        steps.append(
            "Send the missing items with your claim by "
            f"{explanation.resubmit_by.isoformat()} (the plan's filing limit)."
        )
    if explanation.appeal_by is not None:
        steps.append(f"If you disagree, you may appeal until {explanation.appeal_by.isoformat()}.")
    if explanation.status is ClaimStatus.PENDED:
        steps.append("No action needed: our staff will decide, and you will get a new explanation.")
    return tuple(steps)


def line_reasons(line: LineResult) -> tuple[Reason, ...]:
    return denial_and_cost_share_reasons(line)


def eob_document(explanation: Explanation) -> dict[str, object]:
    """The explanation of benefits as JSON (money as decimal strings, dates ISO)."""
    claim = explanation.claim
    return {
        "claim_id": claim.id,
        "member": {"id": claim.member_id, "name": explanation.member_name},
        "plan": explanation.plan_name,
        "provider": {"id": claim.provider_id, "name": explanation.provider_name},
        "received": claim.received.isoformat(),
        "decided_at": explanation.decided_at.isoformat(),
        "version": explanation.version,
        "status": explanation.status.value,
        "status_text": STATUS_TEXT[explanation.status],
        "billed": format_money(sum(line.billed for line in explanation.lines)),
        "plan_pays": format_money(explanation.plan_pays),
        "member_owes": format_money(explanation.member_total),
        "lines": [_line(line) for line in explanation.lines],
        "next_steps": list(claim_next_steps(explanation)),
        "resubmit_by": _day(explanation.resubmit_by),
        "appeal_by": _day(explanation.appeal_by),
        "payments": [_posting(posting) for posting in explanation.postings],
        "history": [_history(row) for row in explanation.history],
    }


def _line(line: LineResult) -> dict[str, object]:
    reasons = line_reasons(line)
    primary = reasons[0] if reasons else None
    return {
        "number": line.number,
        "date": line.service_date.isoformat(),
        "code": line.code,
        "units": line.units,
        "status": line.status.value,
        "billed": format_money(line.billed),
        "allowed": format_money(line.allowed),
        "deductible": format_money(line.deductible),
        "copay": format_money(line.copay),
        "coinsurance": format_money(line.coinsurance),
        "plan_pays": format_money(line.plan_pays),
        "member_owes": format_money(line.member_total),
        "carc": [carc_for(item.code) for item in reasons],
        "group": group_for(primary.code, line.patient_responsibility) if primary else None,
        "reasons": [
            {
                "carc": carc_for(item.code),
                "text": describe(item),
                "plan_clause": item.citation,
                "next_step": next_step(item) or None,
            }
            for item in reasons
        ],
        "paid_in_full": line.status is LineStatus.PAID and not line.member_total,
    }


def _posting(posting: Posting) -> dict[str, object]:
    return {
        "at": posting.at.isoformat(),
        "kind": posting.kind,
        "amount": format_money(posting.amount),
        "payee": posting.payee,
        "note": posting.note,
    }


def _history(row: HistoryRow) -> dict[str, object]:
    return {
        "claim_id": row.claim_id,
        "date": row.service_date.isoformat(),
        "status": row.status.value,
        "billed": format_money(row.billed),
        "plan_pays": format_money(row.plan_pays),
        "member_owes": format_money(row.member_owes),
        "deductible_met": format_money(row.deductible_met),
        "out_of_pocket_met": format_money(row.out_of_pocket_met),
        "visits_used": row.visits_used,
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
