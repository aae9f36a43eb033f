"""Claim adjudication: a pure function of claim, plan, member
state, provider and reference rules."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from operator import attrgetter
from types import MappingProxyType

from camnav.domain.claim_checks import (
    STEPS,
    LineContext,
    check_access,
    check_visit_limit,
    coverage_window,
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
from camnav.domain.members import Accumulators, Tally
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


# LineResult's amounts of money, in cents: what stores keep and checks go over, field by field.
LINE_AMOUNTS = (
    "billed",
    "allowed",
    "deductible",
    "copay",
    "coinsurance",
    "plan_pays",
    "member_owes",
    "balance_bill",
    "contractual_adjustment",
)


@dataclass(slots=True, unsafe_hash=True)
class LineResult:
    """One adjudicated line: the amounts, who owes what, and why.

    Not frozen: one is built for every claim line, and a frozen dataclass pays a call to
    object.__setattr__ for each of its twenty fields. Nothing changes one once built; it compares
    and hashes by value, as a frozen one would.
    """

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


@dataclass(slots=True)
class Adjudication:
    """A decided claim: its status, its lines in line-number order and the member after it.

    Not frozen, like LineResult: one is built for every claim. Nothing changes one once built
    (replace_state builds a new one).
    """

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


class _Day:
    """What one date of service of the claim settles for all its lines. A plain class, for the
    reason LineContext gives."""

    def __init__(self, tier: Tier, period: date) -> None:
        self.tier = tier  # the provider's network tier that day
        self.period = period  # the first day of the benefit period: its accumulators' key


class _Run:
    """The working state while one claim's lines are decided in date order.

    The member's accumulators, documents and decided lines are kept as the claim's earlier lines
    left them, in plain containers; the member's new state is built from them once, at the end.
    A plain class, not a dataclass, for the reason LineContext gives.
    """

    def __init__(
        self,
        claim: Claim,
        plan: Plan,
        provider: Provider,
        rules: Rules,
        state: MemberState,
        coverage: tuple[date, date],
        days: dict[date, _Day],
        periods: dict[date, Accumulators],
        decided: list[PriorLine],
        copays: dict[VisitKey, Cents],
    ) -> None:
        self.claim = claim
        self.plan = plan
        self.provider = provider
        self.rules = rules
        self.state = state  # as the claim found the member
        self.coverage = coverage
        self.days = days
        self.referrals: tuple[Referral, ...] = state.referrals
        self.periods = periods  # the member's, as the claim found them: a private copy
        # The periods the claim's paid lines have added to so far; the others are as `periods`
        # has them.
        self.tallies: dict[date, Tally] = {}
        self.decided = decided  # the member's decided lines on the claim's dates
        self.copays = copays
        self.recorded: list[PriorLine] = []  # this claim's, for the history
        self.paid_any = False
        self.last_referral: Referral | None = None


# Lines are decided in date-of-service order, and reported in line-number order.
_DATE_ORDER = attrgetter("service_date", "number")
_NUMBER_ORDER = attrgetter("number")


def adjudicate(
    claim: Claim, plan: Plan, provider: Provider, state: MemberState, rules: Rules
) -> Adjudication:
    """Decide every line in date-of-service order, carrying
    accumulators and referral use forward."""
    run = _start(claim, plan, provider, state, rules)
    ordered = _in_date_order(claim.lines)
    results = [_decide_line(line, run) for line in ordered]
    status = _claim_status(results)
    final = _final_state(run) if status in _FINAL else state
    category = results[0].category if results else None
    last_day = run.days[ordered[-1].service_date] if ordered else None
    return Adjudication(
        claim.id,
        status,
        _in_number_order(results),
        final,
        category,
        _visits_remaining(plan, final, category, last_day),
        _referral_left(final, run.last_referral),
    )


def _in_date_order(lines: tuple[ClaimLine, ...]) -> Sequence[ClaimLine]:
    # Most claims have a single line, and a sort of one costs as much as deciding a check.
    return sorted(lines, key=_DATE_ORDER) if len(lines) > 1 else lines


def _in_number_order(results: list[LineResult]) -> tuple[LineResult, ...]:
    return tuple(sorted(results, key=_NUMBER_ORDER) if len(results) > 1 else results)


_FINAL = (ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED)
# Lines that enter the member's history; pended and returned lines will be decided again.
_DECIDED = (LineStatus.PAID, LineStatus.DENIED)


def _start(claim: Claim, plan: Plan, provider: Provider, state: MemberState, rules: Rules) -> _Run:
    days: dict[date, _Day] = {}
    for line in claim.lines:  # a claim's lines mostly share one date of service
        if line.service_date not in days:
            days[line.service_date] = _day(line.service_date, plan, provider)
    # Only a line of the same date can be a duplicate, share a visit or bundle with a claim line.
    decided = [prior for day in days for prior in state.history_on(day)]
    return _Run(
        claim,
        plan,
        provider,
        rules,
        state,
        coverage_window(state.enrollment, plan),
        days,
        _copy(state.periods),
        decided,
        _visits_on_file(decided) if decided else {},
    )


def _day(day: date, plan: Plan, provider: Provider) -> _Day:
    in_network = provider.in_network(plan.network, day)
    return _Day(Tier.IN_NETWORK if in_network else Tier.OUT_OF_NETWORK, plan.period_start(day))


def _final_state(run: _Run) -> MemberState:
    """The member after the claim: its accumulators, referral use and decided lines added."""
    state = run.state
    if not (run.paid_any or run.recorded):
        return state
    periods = _periods_after(run.periods, run.tallies) if run.paid_any else state.periods
    return state.after_claim(periods, run.referrals, tuple(run.recorded))


def _periods_after(
    periods: dict[date, Accumulators], tallies: dict[date, Tally]
) -> Mapping[date, Accumulators]:
    for period, tally in tallies.items():
        periods[period] = tally.frozen()
    return MappingProxyType(periods)


def _copy(periods: Mapping[date, Accumulators]) -> dict[date, Accumulators]:
    # dict() of a read-only mapping goes key by key; its copy() is the underlying dict's.
    if isinstance(periods, (dict, MappingProxyType)):
        return periods.copy()
    return dict(periods)


def _visits_on_file(history: list[PriorLine]) -> dict[VisitKey, Cents]:
    copays: dict[VisitKey, Cents] = {}
    for prior in history:
        if prior.paid:
            key = (prior.provider_id, prior.service_date, prior.category)
            copays[key] = copays.get(key, 0) + prior.copay
    return copays


def _context(line: ClaimLine, run: _Run) -> LineContext:
    provider, day = run.provider, line.service_date
    terms = run.rules.line_terms(run.plan, line.code, provider.category)
    category = terms.category
    on = run.days[day]
    tally = run.tallies.get(on.period)
    # Positional, in field order: seventeen keywords would cost a third of building the context.
    return LineContext(
        run.claim,
        line,
        day,
        run.plan,
        provider,
        run.rules,
        terms,
        terms.procedure,
        category,
        terms.benefit,
        on.tier,
        (provider.id, day, category or "") in run.copays,  # visit counted
        run.periods.get(on.period, NOTHING_MET) if tally is None else tally,  # accumulators
        on.period,
        run.coverage,
        run.referrals,
        run.decided,
    )


def _find_reasons(ctx: LineContext) -> tuple[tuple[Reason, ...], Referral | None]:
    reasons: tuple[Reason, ...] = ()
    for step in STEPS if ctx.procedure is not None else _STEPS_WITHOUT_PROCEDURE:
        found = step(ctx)
        if found:  # most lines pass every check, and then no tuple is built
            reasons += found
    if ctx.procedure is None:
        return reasons, None
    access = check_access(ctx)
    if access.reasons:
        reasons += access.reasons
    found = check_visit_limit(ctx)
    return (reasons + found if found else reasons), access.referral


# An unknown code is checked up to its codes (step 4): the later steps need its category.
_STEPS_WITHOUT_PROCEDURE = STEPS[:4]


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


_NO_COST_SHARE = CostShare()


class _Pricing:
    """A line's allowed amount and cost-share terms, or the reason it cannot be priced. A plain
    class, for the reason LineContext gives."""

    def __init__(
        self,
        allowed: Cents = 0,
        terms: CostShare = _NO_COST_SHARE,
        balance_bill: Cents = 0,
        contractual_adjustment: Cents = 0,
        problem: Reason | None = None,
    ) -> None:
        self.allowed = allowed
        self.terms = terms
        self.balance_bill = balance_bill
        self.contractual_adjustment = contractual_adjustment
        self.problem = problem


def _price(ctx: LineContext) -> _Pricing:
    """In network: contracted rate x units; out of network: a share of the reference rate (C2)."""
    benefit, line = ctx.benefit, ctx.line
    assert benefit is not None  # a line with no benefit was denied at step 5
    if ctx.tier is Tier.IN_NETWORK:
        rate = ctx.terms.in_network_rate
        if rate is None:
            return _Pricing(problem=_no_rate(ctx, ctx.plan.fee_schedule))
        allowed = in_network_allowed(rate, line.units)
        return _Pricing(allowed, benefit.in_network, 0, max(line.billed - allowed, 0))
    benefit_oon = benefit.out_of_network
    rate = ctx.terms.reference_rate
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
    member = share.member
    line = ctx.line
    # Positional: a call with twenty keywords costs a third more than the same call without them.
    return LineResult(
        line.number,
        ctx.day,
        line.code,
        line.units,
        ctx.category,
        ctx.tier,
        LineStatus.PAID,
        line.billed,
        share.allowed,
        share.deductible,
        share.copay,
        share.coinsurance,
        share.allowed - member,  # plan pays
        member,  # member owes
        pricing.balance_bill,
        pricing.contractual_adjustment,
        _cost_share_reasons(ctx, share, pricing),
        True,  # patient responsibility
        counts,  # counted visit
        referral.id if referral and counts else None,
    )


def _record(
    ctx: LineContext, share: Share, referral: Referral | None, counts: bool, run: _Run
) -> None:
    tally = run.tallies.get(ctx.period)
    if tally is None:
        tally = run.tallies[ctx.period] = Tally(run.periods.get(ctx.period, NOTHING_MET))
    tally.add(
        ctx.plan.bucket(ctx.tier),
        share.deductible,
        share.member,
        ctx.terms.limit_ids if counts else (),
        ctx.category if counts else None,
    )
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
        found.append(_amount_reason(ReasonCode.DEDUCTIBLE, deductible_citation, share.deductible))
    if share.coinsurance:
        found.append(_amount_reason(ReasonCode.COINSURANCE, citation, share.coinsurance))
    if share.copay:
        found.append(_amount_reason(ReasonCode.COPAY, citation, share.copay))
    if pricing.contractual_adjustment:
        adjustment = pricing.contractual_adjustment
        found.append(_amount_reason(ReasonCode.CONTRACTUAL_ADJUSTMENT, "", adjustment))
    if pricing.balance_bill:
        above = pricing.balance_bill
        oon_citation = ctx.benefit.out_of_network.citation if ctx.benefit else ""
        found.append(_amount_reason(ReasonCode.OUT_OF_NETWORK_ALLOWANCE, oon_citation, above))
    return tuple(found)


# Paid lines repeat the same few amounts under the same clauses, and a Reason is immutable: one
# object serves every line that states it, rather than a new one built per line.
@functools.lru_cache(maxsize=4096)
def _amount_reason(code: ReasonCode, citation: str, amount: Cents) -> Reason:
    return Reason(code, (), citation, amount)


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
    line = ctx.line
    return PriorLine(  # positional, like a paid line's LineResult
        ctx.provider.id,
        ctx.day,
        line.code,
        line.units,
        line.billed,
        line.modifiers,
        ctx.category or "",
        result.copay,
        result.status is LineStatus.PAID,
    )


def _claim_status(results: Sequence[LineResult]) -> ClaimStatus:
    if len(results) == 1:  # most claims: the line's status is the claim's
        return _ONE_LINE_CLAIM[results[0].status]
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


_ONE_LINE_CLAIM = {
    LineStatus.PAID: ClaimStatus.PAID,
    LineStatus.DENIED: ClaimStatus.DENIED,
    LineStatus.PENDED: ClaimStatus.PENDED,
    LineStatus.RETURNED: ClaimStatus.RETURNED,
}


def _visits_remaining(
    plan: Plan, state: MemberState, category: str | None, day: _Day | None
) -> int | None:
    if category is None or day is None:
        return None
    limits = plan.limits_for(category)
    if not limits:
        return None
    accumulators = state.periods.get(day.period, NOTHING_MET)
    return min([max(limit.visits - accumulators.visits(limit.id), 0) for limit in limits])


def _referral_left(state: MemberState, used: Referral | None) -> int | None:
    if used is None:
        return None
    current = state.referral(used.id)
    return current.visits_left if current else None


def replace_state(adjudication: Adjudication, state: MemberState) -> Adjudication:
    return replace(adjudication, state=state)
