"""Claim adjudication: a pure function of claim, plan, member
state, provider and reference rules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from camnav.domain.claim_checks import (
    STEPS,
    LineContext,
    SameDayLine,
    check_access,
    check_visit_limit,
)
from camnav.domain.claims import Claim, ClaimLine, PriorLine
from camnav.domain.cost_share import (
    Share,
    discounted_price,
    in_network_allowed,
    member_liability,
    out_of_network_allowed,
    share_cost,
)
from camnav.domain.money import Cents
from camnav.domain.plans import Benefit, CostShare, Plan, Tier
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
from camnav.domain.state import MemberState


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
    """The working state while one claim's lines are decided in date order."""

    state: MemberState
    copays: dict[VisitKey, Cents] = field(default_factory=dict)
    decided: list[SameDayLine] = field(default_factory=list)
    decided_on: list[date] = field(default_factory=list)
    last_referral: Referral | None = None


def adjudicate(
    claim: Claim, plan: Plan, provider: Provider, state: MemberState, rules: Rules
) -> Adjudication:
    """Decide every line in date-of-service order, carrying
    accumulators and referral use forward."""
    run = _Run(state, _visits_on_file(state))
    ordered = sorted(claim.lines, key=lambda line: (line.service_date, line.number))
    results = tuple(_decide_line(claim, line, plan, provider, rules, run) for line in ordered)
    status = _claim_status(results)
    final = run.state if status in _FINAL else state
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


def _visits_on_file(state: MemberState) -> dict[VisitKey, Cents]:
    copays: dict[VisitKey, Cents] = {}
    for prior in state.history:
        if prior.paid:
            key = (prior.provider_id, prior.service_date, prior.category)
            copays[key] = copays.get(key, 0) + prior.copay
    return copays


def _category(claim_line: ClaimLine, provider: Provider, rules: Rules) -> str | None:
    procedure = rules.catalogue.get(claim_line.code)
    if procedure is None:
        return None
    if provider.category in procedure.categories:
        return provider.category
    return procedure.primary_category


def _context(
    claim: Claim, line: ClaimLine, plan: Plan, provider: Provider, rules: Rules, run: _Run
) -> LineContext:
    category = _category(line, provider, rules)
    in_network = provider.in_network(plan.network, line.service_date)
    return LineContext(
        claim=claim,
        line=line,
        plan=plan,
        provider=provider,
        state=run.state,
        rules=rules,
        procedure=rules.catalogue.get(line.code),
        category=category,
        benefit=plan.benefit(category) if category else None,
        tier=Tier.IN_NETWORK if in_network else Tier.OUT_OF_NETWORK,
        same_day=_same_day(claim, line, provider, run),
        visit_counted=(provider.id, line.service_date, category or "") in run.copays,
        accumulators=run.state.accumulators(plan, line.service_date),
    )


def _same_day(
    claim: Claim, line: ClaimLine, provider: Provider, run: _Run
) -> tuple[SameDayLine, ...]:
    day = line.service_date
    history = [
        SameDayLine(p.provider_id, p.code, p.modifiers, True)
        for p in run.state.history
        if p.service_date == day and p.paid
    ]
    in_claim = [
        SameDayLine(provider.id, other.code, other.modifiers, (other.number < line.number))
        for other in claim.lines
        if other.service_date == day and other.number != line.number
    ]
    return tuple(history + in_claim)


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


def _decide_line(
    claim: Claim, line: ClaimLine, plan: Plan, provider: Provider, rules: Rules, run: _Run
) -> LineResult:
    ctx = _context(claim, line, plan, provider, rules, run)
    reasons, referral = _find_reasons(ctx)
    pricing = _price(ctx) if not reasons else None
    if pricing is not None and pricing.problem is not None:
        reasons = (pricing.problem,)
    if reasons or pricing is None:
        result = _unpaid(ctx, reasons)
    else:
        result = _paid(ctx, pricing, referral, run)
    if result.status in (LineStatus.PAID, LineStatus.DENIED):
        run.state = run.state.with_history((_prior(ctx, result),))
    return result


@dataclass(frozen=True, slots=True)
class _Pricing:
    allowed: Cents = 0
    terms: CostShare = field(default_factory=CostShare)
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
    run.state = run.state.with_accumulators(ctx.plan, ctx.day, accumulators)
    key: VisitKey = (ctx.provider.id, ctx.day, ctx.category or "")
    run.copays[key] = run.copays.get(key, 0) + share.copay
    if referral is not None:
        used = run.state.referral(referral.id) or referral
        run.state = run.state.with_referral(used.use_visit())
        run.last_referral = run.state.referral(referral.id)


def _cost_share_reasons(ctx: LineContext, share: Share, pricing: _Pricing) -> tuple[Reason, ...]:
    plan, terms = ctx.plan, pricing.terms
    deductible_citation = plan.deductible_first_citation or plan.deductible.citation
    candidates = (
        (ReasonCode.DEDUCTIBLE, share.deductible, deductible_citation),
        (ReasonCode.COINSURANCE, share.coinsurance, terms.citation),
        (ReasonCode.COPAY, share.copay, terms.citation),
        (ReasonCode.CONTRACTUAL_ADJUSTMENT, pricing.contractual_adjustment, ""),
        (ReasonCode.OUT_OF_NETWORK_ALLOWANCE, pricing.balance_bill, _oon_citation(ctx.benefit)),
    )
    return tuple(reason(code, citation, amount) for code, amount, citation in candidates if amount)


def _oon_citation(benefit: Benefit | None) -> str:
    return benefit.out_of_network.citation if benefit else ""


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
