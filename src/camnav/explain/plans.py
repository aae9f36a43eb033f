"""Plans as JSON documents: every rule with the plan clause it comes from."""

from __future__ import annotations

from camnav.domain.money import Cents, format_money, format_rate
from camnav.domain.plans import Amounts, Benefit, CostShare, Plan


def _money(amount: Cents | None) -> str | None:
    return None if amount is None else format_money(amount)


def _amounts(amounts: Amounts) -> dict[str, object]:
    return {
        "in_network": _money(amounts.in_network),
        "out_of_network": _money(amounts.out_of_network),
        "citation": amounts.citation,
    }


def _cost_share(terms: CostShare) -> dict[str, object]:
    return {
        "copay": _money(terms.copay),
        "coinsurance": format_rate(terms.coinsurance) if terms.coinsurance is not None else None,
        "deductible_applies": terms.deductible_applies,
        "citation": terms.citation,
    }


def _benefit(benefit: Benefit) -> dict[str, object]:
    oon = benefit.out_of_network
    necessity = benefit.necessity
    return {
        "covered": benefit.covered,
        "citation": benefit.citation,
        "in_network": _cost_share(benefit.in_network),
        "out_of_network": {
            "covered": oon.covered,
            "percent_of_reference": format_rate(oon.percent_of_reference) if oon.covered else None,
            "reference_schedule": oon.reference_schedule or None,
            "cost_share": _cost_share(oon.cost_share) if oon.covered else None,
            "citation": oon.citation,
        },
        "access": {
            "rule": benefit.access.rule.value,
            "max_age_months": benefit.access.max_age_months,
            "free_visits": benefit.access.free_visits,
            "citation": benefit.access.citation,
        },
        "medical_necessity": None
        if necessity is None
        else {
            "qualifying": [v.name for v in necessity.qualifying],
            "stress": necessity.stress.name if necessity.stress else None,
            "criteria": list(necessity.criteria),
            "citation": necessity.citation,
        },
        "excluded_modalities": [
            {"modality": e.modality, "citation": e.citation} for e in benefit.excluded_modalities
        ],
        "alternatives": list(benefit.alternatives),
    }


def plan_summary(plan: Plan) -> dict[str, object]:
    return {
        "id": plan.id,
        "version": plan.version,
        "name": plan.name,
        "product": plan.product.value,
        "plan_year": plan.plan_year,
        "effective_from": plan.effective_from.isoformat(),
        "effective_to": plan.effective_to.isoformat(),
    }


def plan_document(plan: Plan) -> dict[str, object]:
    """The whole plan version, each rule with its citation."""
    return {
        **plan_summary(plan),
        "document": plan.document,
        "regions": list(plan.regions),
        "deductible": _amounts(plan.deductible),
        "out_of_pocket_max": _amounts(plan.out_of_pocket_max),
        "deductible_first": plan.deductible_first,
        "benefits": {name: _benefit(b) for name, b in plan.benefits.items()},
        "visit_limits": [
            {
                "id": v.id,
                "categories": list(v.categories),
                "visits": v.visits,
                "citation": v.citation,
            }
            for v in plan.visit_limits
        ],
        "discount": None
        if plan.discount is None
        else {"rate": format_rate(plan.discount.rate), "citation": plan.discount.citation},
        "filing_limit_days": plan.filing_limit_days,
        "filing_limit_citation": plan.filing_limit_citation,
    }
