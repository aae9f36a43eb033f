"""Use cases: the coverage answer and the what-if estimate for a member on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from camnav.domain.coverage import CoverageAnswer, determine_coverage
from camnav.domain.estimate import Estimate, estimate_visits
from camnav.domain.money import Cents
from camnav.domain.plans import Plan, Tier
from camnav.domain.state import MemberState
from camnav.services.access import audited_refusals, member_to_read
from camnav.services.actors import Actor
from camnav.services.audit_trail import record_read
from camnav.services.context import ServiceContext
from camnav.services.errors import InvalidRequest
from camnav.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class CoverageQuestion:
    member_id: str
    category: str
    on: date
    diagnoses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EstimateQuestion:
    member_id: str
    category: str
    start: date
    visits: int
    tier: Tier = Tier.IN_NETWORK
    every_days: int = 7
    diagnoses: tuple[str, ...] = ()
    charge_per_visit: Cents | None = None


def check_category(ctx: ServiceContext, category: str) -> None:
    if category not in ctx.library.rules.catalogue.category_titles:
        known = ", ".join(sorted(ctx.library.rules.catalogue.category_titles))
        raise InvalidRequest(f"unknown category {category!r}; known: {known}", field="category")


def plan_and_state(
    uow: UnitOfWork, ctx: ServiceContext, member_id: str, on: date
) -> tuple[Plan, MemberState]:
    """The plan version the member is enrolled in on that date, and the member's state then."""
    enrollment = uow.members.enrollment_on(member_id, on)
    if enrollment is None:
        raise InvalidRequest(f"member {member_id} has no coverage on {on}", field="on")
    try:
        plan = ctx.library.plan(enrollment.plan_id, on=on)
    except LookupError as error:
        raise InvalidRequest(str(error), field="on") from error
    return plan, uow.members.state(member_id, plan, on)


def answer_coverage(
    ctx: ServiceContext, actor: Actor, question: CoverageQuestion
) -> CoverageAnswer:
    """Is the category covered for this member on that date, where, on what conditions, at what
    cost?"""
    check_category(ctx, question.category)
    with audited_refusals(ctx, actor), ctx.units(write=False) as uow:
        member = member_to_read(uow, actor, question.member_id, "read coverage of")
        plan, state = plan_and_state(uow, ctx, member.member_id, question.on)
        answer = determine_coverage(
            plan=plan,
            state=state,
            rules=ctx.library.rules,
            category=question.category,
            on=question.on,
            region=ctx.library.regions.get(member.region or ""),
            diagnoses=question.diagnoses,
        )
    record_read(ctx, actor, "coverage.read", ("member", member.member_id), member.member_id)
    return answer


def estimate_cost(ctx: ServiceContext, actor: Actor, question: EstimateQuestion) -> Estimate:
    """N visits from a date, priced visit by visit by the adjudication engine."""
    check_category(ctx, question.category)
    with audited_refusals(ctx, actor), ctx.units(write=False) as uow:
        member = member_to_read(uow, actor, question.member_id, "estimate costs of")
        plan, state = plan_and_state(uow, ctx, member.member_id, question.start)
        estimate = estimate_visits(
            plan=plan,
            state=state,
            rules=ctx.library.rules,
            category=question.category,
            tier=question.tier,
            start=question.start,
            visits=question.visits,
            every_days=question.every_days,
            diagnoses=question.diagnoses,
            charge_per_visit=question.charge_per_visit,
        )
    record_read(ctx, actor, "estimate.read", ("member", member.member_id), member.member_id)
    return estimate
