"""What a plan and the reference rules say about one procedure code billed by one kind of provider.

The category a line falls under, its benefit, its visit limits and its rates follow from the plan,
the catalogue and the fee schedules alone; claims bill the same few codes again and again, so the
answer is worked out once per plan, code and provider category, not once per claim line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from camnav.domain.codes import Catalogue, FeeSchedule, Procedure
from camnav.domain.money import Cents
from camnav.domain.plans import Benefit, Plan, VisitLimit


@dataclass(frozen=True, slots=True)
class LineTerms:
    """The plan's and the rules' terms for one code billed by one kind of provider."""

    plan: Plan  # the plan they were worked out for: a look-up checks it is the same one
    procedure: Procedure | None
    category: str | None
    benefit: Benefit | None
    limits: tuple[VisitLimit, ...]
    limit_ids: tuple[str, ...]
    # The procedure has a rule about other lines of its day (initial code, add-on, bundling).
    same_day_rule: bool
    in_network_rate: Cents | None  # per unit, from the plan's contracted fee schedule
    reference_rate: Cents | None  # per unit, from the benefit's out-of-network reference schedule


def line_category(procedure: Procedure | None, provider_category: str) -> str | None:
    """The provider's own category when the code may be billed under it, else the code's first."""
    if procedure is None:
        return None
    if provider_category in procedure.categories:
        return provider_category
    return procedure.primary_category


def work_out_terms(
    plan: Plan,
    catalogue: Catalogue,
    fee_schedules: Mapping[str, FeeSchedule],
    code: str,
    provider_category: str,
) -> LineTerms:
    procedure = catalogue.get(code)
    category = line_category(procedure, provider_category)
    benefit = plan.benefit(category) if category else None
    limits = plan.limits_for(category or "")
    reference = benefit.out_of_network.reference_schedule if benefit else ""
    return LineTerms(
        plan=plan,
        procedure=procedure,
        category=category,
        benefit=benefit,
        limits=limits,
        limit_ids=tuple(limit.id for limit in limits),
        same_day_rule=procedure is not None and procedure.same_day_rule,
        in_network_rate=_rate(fee_schedules, plan.fee_schedule, code),
        reference_rate=_rate(fee_schedules, reference, code),
    )


def _rate(fee_schedules: Mapping[str, FeeSchedule], schedule_id: str, code: str) -> Cents | None:
    schedule = fee_schedules.get(schedule_id)
    return schedule.rate(code) if schedule else None
