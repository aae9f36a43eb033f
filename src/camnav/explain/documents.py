"""Coverage answers and estimates as JSON documents (money as decimal strings)."""

from __future__ import annotations

from camnav.domain.coverage import CoverageAnswer, VisitCost
from camnav.domain.estimate import Estimate, EstimatedVisit
from camnav.domain.money import format_money
from camnav.explain.carc import carc_for
from camnav.explain.coverage import VERDICT, statement_document
from camnav.explain.messages import describe


def visit_cost_document(cost: VisitCost) -> dict[str, object]:
    return {
        "tier": cost.tier.value,
        "covered": cost.covered,
        "billed": format_money(cost.billed),
        "allowed": format_money(cost.allowed),
        "member_owes": format_money(cost.member_owes),
        "plan_pays": format_money(cost.plan_pays),
        "balance_bill": format_money(cost.balance_bill),
        "member_total": format_money(cost.member_total),
    }


def coverage_document(answer: CoverageAnswer) -> dict[str, object]:
    """The whole coverage answer, each statement with its text and citation."""
    return {
        "category": answer.category,
        "on": answer.on.isoformat(),
        "verdict": answer.verdict.value,
        "summary": VERDICT[answer.verdict],
        "statements": [statement_document(s) for s in answer.statements],
        "where": [statement_document(s) for s in answer.where],
        "next_steps": [statement_document(s) for s in answer.next_steps],
        "cost_per_visit": [visit_cost_document(c) for c in answer.costs],
        "visits_used": answer.visits_used,
        "visits_left": answer.visits_left,
        "warnings": [statement_document(s) for s in answer.warnings],
        "alternatives": [
            {
                **statement_document(a.statement),
                "category": a.category,
                "cost_per_visit": visit_cost_document(a.cost) if a.cost else None,
            }
            for a in answer.alternatives
        ],
    }


def _visit_document(visit: EstimatedVisit) -> dict[str, object]:
    return {
        "visit": visit.number,
        "date": visit.service_date.isoformat(),
        "covered": visit.covered,
        "billed": format_money(visit.billed),
        "allowed": format_money(visit.allowed),
        "deductible": format_money(visit.deductible),
        "copay": format_money(visit.copay),
        "coinsurance": format_money(visit.coinsurance),
        "member_owes": format_money(visit.member_owes),
        "plan_pays": format_money(visit.plan_pays),
        "balance_bill": format_money(visit.balance_bill),
        "member_total": format_money(visit.member_total),
        "reasons": [
            {
                "carc": carc_for(r.code),
                "code": r.code.value,
                "text": describe(r),
                "citation": r.citation,
            }
            for r in visit.reasons
        ],
    }


def estimate_document(estimate: Estimate) -> dict[str, object]:
    """A what-if estimate visit by visit, with totals and what it assumed."""
    return {
        "category": estimate.category,
        "tier": estimate.tier.value,
        "assumed_referral": estimate.assumed_referral,
        "assumed_diagnosis": estimate.assumed_diagnosis,
        "visits": [_visit_document(v) for v in estimate.visits],
        "member_total": format_money(estimate.member_total),
        "plan_total": format_money(estimate.plan_total),
    }
