"""Claim adjudication: a pure function of claim, plan, member
state, provider and reference rules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from camnav.domain.claim_checks import (
    STEPS,
    DiagnosisProblems,
    LineContext,
    check_access,
    check_visit_limit,
    coverage_window,
)
from camnav.domain.claims import Claim, ClaimLine, PriorLine
from camnav.domain.codes import Procedure
from camnav.domain.cost_share import (
    Share,
    discounted_price,
    in_network_allowed,
    member_liability,
    out_of_network_allowed,
    share_cost,
)
from camnav.domain.members import Accumulators
from camnav.domain.money import Cents
from camnav.domain.plans import CostShare, Plan, Tier
from camnav.domain.providers import Provider
from camnav.domain.reasons import (
    PENDING_REASONS,
    RETURN_REASONS,
    Reason,
    ReasonCode,
    reason,
)
from camnav.domain.referrals import Referral
from camnav.domain.rules import Rules
from camnav.domain.state import NOTHING_MET, MemberState, find_referral, with_referral


class LineStatus(StrEnum):
    PAID = "paid"
    DENIED = "denied"
    PENDED = "pended"
    RETURNED = "returned"


class ClaimStatus(StrEnum):
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DENIED = "denied"
    PENDED = "pended"
    RETURNED = "returned"


@dataclass(frozen=True, slots=True)
class LineResult:
    """One adjudicated line: the amounts, who owes what, and why."""

    number: int
    service_date: date
    code: str
    units: int
    category: str | None
    tier: Tier
    status: LineStatus
    billed: Cents
    allowed: Cents = 0
    deductible: Cents = 0
    copay: Cents = 0
    coinsurance: Cents = 0
    plan_pays: Cents = 0
    member_owes: Cents = 0
    balance_bill: Cents = 0
    contractual_adjustment: Cents = 0
    reasons: tuple[Reason, ...] = ()
    patient_responsibility: bool = True
    counted_visit: bool = False
    referral_id: str | None = None

    @property
    def member_total(self) -> Cents:
        """What the member bears in all: cost share plus any out-of-network balance bill."""
        return self.member_owes + self.balance_bill

    @property
    def primary(self) -> Reason | None:
        return self.reasons[0] if self.reasons else None


@dataclass(frozen=True, slots=True)
class Adjudication:
    claim_id: str
    status: ClaimStatus
    lines: tuple[LineResult, ...]
    state: MemberState
    category: str | None = None
    visits_remaining: int | None = None
    referral_visits_remaining: int | None = None

    @property
    def plan_pays(self) -> Cents:
        return sum(line.plan_pays for line in self.lines)

    @property
    def member_owes(self) -> Cents:
        return sum(line.member_owes for line in self.lines)

    @property
    def balance_bill(self) -> Cents:
        return sum(line.balance_bill for line in self.lines)


VisitKey = tuple[str, date, str]


@dataclass(slots=True)
class _Run:
    """The working state while one claim's lines are decided in date order.

    The member's accumulators, documents and decided lines are kept as the claim's earlier lines
    left them, in plain containers; the member's new state is built from them once, at the end.
    """

    claim: Claim
    plan: Plan
    provider: Provider
    rules: Rules
    state: MemberState  # as the claim found the member
    coverage: tuple[date, date]
    referrals: tuple[Referral, ...]
    periods: dict[date, Accumulators]
    decided: list[PriorLine]  # the member's decided lines on the claim's dates
    copays: dict[VisitKey, Cents]
    diagnosis_problems: DiagnosisProblems = field(default_factory=dict)
    recorded: list[PriorLine] = field(default_factory=list)  # this claim's, for the history
    paid_any: bool = False
    last_referral: Referral | None = None


def adjudicate(
    claim: Claim, plan: Plan, provider: Provider, state: MemberState, rules: Rules
) -> Adjudication:
    """Decide every line in date-of-service order, carrying
    accumulators and referral use forward."""
    run = _start(claim, plan, provider, state, rules)
    ordered = sorted(claim.lines, key=lambda line: (line.service_date, line.number))
    results = tuple(_decide_line(line, run) for line in ordered)
    status = _claim_status(results)
    final = _final_state(run) if status in _FINAL else state
    category = results[0].category if results else None
    return Adjudication(
        claim.id,
        status,
        tuple(sorted(results, key=lambda r: r.number)),
        final,
        category,
        _visits_remaining(plan, final, category, ordered[-1].service_date if ordered else None),
        _referral_left(final, run.last_referral),
    )


_FINAL = (ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED)
# Lines that enter the member's history; pended and returned lines will be decided again.
_DECIDED = (LineStatus.PAID, LineStatus.DENIED)


def _start(claim: Claim, plan: Plan, provider: Provider, state: MemberState, rules: Rules) -> _Run:
    days = {line.service_date for line in claim.lines}
    # Only a line of the same date can be a duplicate, share a visit or bundle with a claim line:
    # one pass over the member's history per claim, not one per line.
    decided = [prior for prior in state.history if prior.service_date in days]
    return _Run(
        claim=claim,
        plan=plan,
        provider=provider,
        rules=rules,
        state=state,
        coverage=coverage_window(state.enrollment, plan),
        referrals=state.referrals,
        periods=dict(state.periods),
        decided=decided,
        copays=_visits_on_file(decided),
    )


def _final_state(run: _Run) -> MemberState:
    """The member after the claim: its accumulators, referral use and decided lines added."""
    state = run.state
    if not (run.paid_any or run.recorded):
        return state
    periods = MappingProxyType(run.periods) if run.paid_any else state.periods
    return state.after_claim(periods, run.referrals, tuple(run.recorded))


def _visits_on_file(history: list[PriorLine]) -> dict[VisitKey, Cents]:
    copays: dict[VisitKey, Cents] = {}
    for prior in history:
        if prior.paid:
            key = (prior.provider_id, prior.service_date, prior.category)
            copays[key] = copays.get(key, 0) + prior.copay
    return copays


def _category(procedure: Procedure | None, provider: Provider) -> str | None:
    if procedure is None:
        return None
    if provider.category in procedure.categories:
        return provider.category
    return procedure.primary_category


def _context(line: ClaimLine, run: _Run) -> LineContext:
    procedure = run.rules.catalogue.get(line.code)
    category = _category(procedure, run.provider)
    day = line.service_date
    in_network = run.provider.in_network(run.plan.network, day)
    return LineContext(
        claim=run.claim,
        line=line,
        day=day,
        plan=run.plan,
        provider=run.provider,
        rules=run.rules,
        procedure=procedure,
        category=category,
        benefit=run.plan.benefit(category) if category else None,
        tier=Tier.IN_NETWORK if in_network else Tier.OUT_OF_NETWORK,
        visit_counted=(run.provider.id, day, category or "") in run.copays,
        accumulators=run.periods.get(run.plan.period_start(day), NOTHING_MET),
        coverage=run.coverage,
        referrals=run.referrals,
        decided=run.decided,
        diagnosis_problems=run.diagnosis_problems,
    )


def _find_reasons(ctx: LineContext) -> tuple[tuple[Reason, ...], Referral | None]:
    reasons: list[Reason] = []
    steps = STEPS if ctx.procedure is not None else STEPS[:4]
    for step in steps:
        reasons.extend(step(ctx))
    if ctx.procedure is None:
        return tuple(reasons), None
    access = check_access(ctx)
    reasons.extend(access.reasons)
    reasons.extend(check_visit_limit(ctx))
    return tuple(reasons), access.referral


def _decide_line(line: ClaimLine, run: _Run) -> LineResult:
    ctx = _context(line, run)
    reasons, referral = _find_reasons(ctx)
    pricing = _price(ctx) if not reasons else None
    if pricing is not None and pricing.problem is not None:
        reasons = (pricing.problem,)
    if reasons or pricing is None:
        result = _unpaid(ctx, reasons)
    else:
        result = _paid(ctx, pricing, referral, run)
    if result.status in _DECIDED:
        prior = _prior(ctx, result)
        run.decided.append(prior)
        run.recorded.append(prior)
    return result


class _Pricing(NamedTuple):
    """A line's allowed amount and cost-share terms, or the reason it cannot be priced.

    A NamedTuple rather than a frozen dataclass, like the other working values built per line: a
    tuple is built without a call to object.__setattr__ for each field.
    """

    allowed: Cents = 0
    terms: CostShare = CostShare()
    balance_bill: Cents = 0
    contractual_adjustment: Cents = 0
    problem: Reason | None = None


def _price(ctx: LineContext) -> _Pricing:
    """In network: contracted rate x units; out of network: a share of the reference rate (C2)."""
    benefit, line = ctx.benefit, ctx.line
    assert benefit is not None  # a line with no benefit was denied at step 5
    if ctx.tier is Tier.IN_NETWORK:
        schedule = ctx.rules.fee_schedule(ctx.plan.fee_schedule)
        rate = schedule.rate(line.code) if schedule else None
        if rate is None:
            return _Pricing(problem=_no_rate(ctx, ctx.plan.fee_schedule))
        allowed = in_network_allowed(rate, line.units)
        return _Pricing(allowed, benefit.in_network, 0, max(line.billed - allowed, 0))
    benefit_oon = benefit.out_of_network
    schedule = ctx.rules.fee_schedule(benefit_oon.reference_schedule)
    rate = schedule.rate(line.code) if schedule else None
    if rate is None:
        return _Pricing(problem=_no_rate(ctx, benefit_oon.reference_schedule))
    allowed = out_of_network_allowed(
        line.billed, rate, line.units, benefit_oon.percent_of_reference
    )
    return _Pricing(allowed, benefit_oon.cost_share, line.billed - allowed)


def _no_rate(ctx: LineContext, schedule: str) -> Reason:
    return reason(ReasonCode.UNKNOWN_PROCEDURE, code=ctx.line.code, fee_schedule=schedule)


def _paid(ctx: LineContext, pricing: _Pricing, referral: Referral | None, run: _Run) -> LineResult:
    key: VisitKey = (ctx.provider.id, ctx.day, ctx.category or "")
    copay_taken = run.copays.get(key, 0)
    copay_left = max((pricing.terms.copay or 0) - copay_taken, 0)
    share = share_cost(
        pricing.allowed, pricing.terms, ctx.plan, ctx.tier, ctx.accumulators, copay_left
    )
    counts = not ctx.visit_counted
    _record(ctx, share, referral if counts else None, counts, run)
    return LineResult(
        number=ctx.line.number,
        service_date=ctx.day,
        code=ctx.line.code,
        units=ctx.line.units,
        category=ctx.category,
        tier=ctx.tier,
        status=LineStatus.PAID,
        billed=ctx.line.billed,
        allowed=share.allowed,
        deductible=share.deductible,
        copay=share.copay,
        coinsurance=share.coinsurance,
        plan_pays=share.plan,
        member_owes=share.member,
        balance_bill=pricing.balance_bill,
        contractual_adjustment=pricing.contractual_adjustment,
        reasons=_cost_share_reasons(ctx, share, pricing),
        counted_visit=counts,
        referral_id=referral.id if referral and counts else None,
    )


def _record(
    ctx: LineContext, share: Share, referral: Referral | None, counts: bool, run: _Run
) -> None:
    limit_ids = (
        tuple(limit.id for limit in ctx.plan.limits_for(ctx.category or "")) if counts else ()
    )
    accumulators = ctx.accumulators.add(
        ctx.plan.bucket(ctx.tier),
        deductible=share.deductible,
        out_of_pocket=share.member,
        limit_ids=limit_ids,
        category=ctx.category if counts else None,
    )
    run.periods[ctx.plan.period_start(ctx.day)] = accumulators
    run.paid_any = True
    key: VisitKey = (ctx.provider.id, ctx.day, ctx.category or "")
    run.copays[key] = run.copays.get(key, 0) + share.copay
    if referral is not None:
        # The referral came from run.referrals, so its updated version is now first with its id.
        used = (find_referral(run.referrals, referral.id) or referral).use_visit()
        run.referrals = with_referral(run.referrals, used)
        run.last_referral = used


def _cost_share_reasons(ctx: LineContext, share: Share, pricing: _Pricing) -> tuple[Reason, ...]:
    """What makes up the member's part and the amount above the allowed, each with its clause."""
    plan, citation = ctx.plan, pricing.terms.citation
    found = []
    if share.deductible:
        deductible_citation = plan.deductible_first_citation or plan.deductible.citation
        found.append(Reason(ReasonCode.DEDUCTIBLE, (), deductible_citation, share.deductible))
    if share.coinsurance:
        found.append(Reason(ReasonCode.COINSURANCE, (), citation, share.coinsurance))
    if share.copay:
        found.append(Reason(ReasonCode.COPAY, (), citation, share.copay))
    if pricing.contractual_adjustment:
        adjustment = pricing.contractual_adjustment
        found.append(Reason(ReasonCode.CONTRACTUAL_ADJUSTMENT, (), "", adjustment))
    if pricing.balance_bill:
        above = pricing.balance_bill
        oon_citation = ctx.benefit.out_of_network.citation if ctx.benefit else ""
        found.append(Reason(ReasonCode.OUT_OF_NETWORK_ALLOWANCE, (), oon_citation, above))
    return tuple(found)


def _unpaid(ctx: LineContext, reasons: tuple[Reason, ...]) -> LineResult:
    primary = reasons[0].code
    status = _unpaid_status(primary)
    liability = member_liability(
        primary,
        ctx.line.billed,
        contracted=ctx.tier is Tier.IN_NETWORK,
        signed_waiver=ctx.claim.signed_waiver,
        discount_price=discounted_price(
            ctx.line.billed, ctx.plan.discount, ctx.provider.discount_participant
        ),
    )
    final = status is LineStatus.DENIED
    return LineResult(
        number=ctx.line.number,
        service_date=ctx.day,
        code=ctx.line.code,
        units=ctx.line.units,
        category=ctx.category,
        tier=ctx.tier,
        status=status,
        billed=ctx.line.billed,
        member_owes=liability.amount if final else 0,
        reasons=reasons,
        patient_responsibility=liability.patient_responsibility,
    )


def _unpaid_status(primary: ReasonCode) -> LineStatus:
    if primary in RETURN_REASONS:
        return LineStatus.RETURNED
    if primary in PENDING_REASONS:
        return LineStatus.PENDED
    return LineStatus.DENIED


def _prior(ctx: LineContext, result: LineResult) -> PriorLine:
    return PriorLine(
        provider_id=ctx.provider.id,
        service_date=ctx.day,
        code=ctx.line.code,
        units=ctx.line.units,
        billed=ctx.line.billed,
        modifiers=ctx.line.modifiers,
        category=ctx.category or "",
        copay=result.copay,
        paid=result.status is LineStatus.PAID,
    )


def _claim_status(results: tuple[LineResult, ...]) -> ClaimStatus:
    statuses = {r.status for r in results}
    if LineStatus.RETURNED in statuses:
        return ClaimStatus.RETURNED
    if LineStatus.PENDED in statuses:
        return ClaimStatus.PENDED
    if statuses == {LineStatus.PAID}:
        return ClaimStatus.PAID
    if LineStatus.PAID in statuses:
        return ClaimStatus.PARTIALLY_PAID
    return ClaimStatus.DENIED


def _visits_remaining(
    plan: Plan, state: MemberState, category: str | None, day: date | None
) -> int | None:
    if category is None or day is None:
        return None
    limits = plan.limits_for(category)
    accumulators = state.accumulators(plan, day)
    left = [max(limit.visits - accumulators.visits(limit.id), 0) for limit in limits]
    return min(left) if left else None


def _referral_left(state: MemberState, used: Referral | None) -> int | None:
    if used is None:
        return None
    current = state.referral(used.id)
    return current.visits_left if current else None


def replace_state(adjudication: Adjudication, state: MemberState) -> Adjudication:
    return replace(adjudication, state=state)
