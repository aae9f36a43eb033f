"""What-if estimates: N visits from a date, priced visit by visit by the adjudication engine
itself."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction

from camnav.domain.adjudication import Adjudication, LineStatus, adjudicate
from camnav.domain.claims import Claim, ClaimLine
from camnav.domain.codes import TypicalService
from camnav.domain.diagnoses import CodeStatus
from camnav.domain.money import Cents, round_half_up
from camnav.domain.plans import AccessRule, Plan, Tier
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.domain.reasons import Reason
from camnav.domain.referrals import Referral, ReferralKind
from camnav.domain.rules import Rules
from camnav.domain.state import MemberState

# An out-of-network therapist's charge is not known before care; twice the reference rate is a
# typical charge, and the caller can give the real one.
TYPICAL_OUT_OF_NETWORK_MARKUP = 2


@dataclass(frozen=True, slots=True)
class EstimatedVisit:
    number: int
    service_date: date
    covered: bool
    billed: Cents
    allowed: Cents
    deductible: Cents
    copay: Cents
    coinsurance: Cents
    member_owes: Cents
    plan_pays: Cents
    balance_bill: Cents
    reasons: tuple[Reason, ...]

    @property
    def member_total(self) -> Cents:
        return self.member_owes + self.balance_bill


@dataclass(frozen=True, slots=True)
class Estimate:
    category: str
    tier: Tier
    visits: tuple[EstimatedVisit, ...]
    assumed_referral: bool
    assumed_diagnosis: str | None

    @property
    def member_total(self) -> Cents:
        return sum(v.member_total for v in self.visits)

    @property
    def plan_total(self) -> Cents:
        return sum(v.plan_pays for v in self.visits)


def estimate_visits(
    *,
    plan: Plan,
    state: MemberState,
    rules: Rules,
    category: str,
    tier: Tier,
    start: date,
    visits: int,
    every_days: int = 7,
    diagnoses: tuple[str, ...] = (),
    charge_per_visit: Cents | None = None,
) -> Estimate:
    """Price `visits` typical visits, `every_days` apart from
    `start`, exactly as claims would be."""
    provider = typical_provider(plan, category, tier)
    codes = diagnoses or _representative_diagnosis(plan, category, rules, start)
    end = start + timedelta(days=every_days * max(visits - 1, 0))
    working, assumed = with_assumed_access(state, plan, category, start, end)
    results = []
    for number in range(1, visits + 1):
        day = start + timedelta(days=every_days * (number - 1))
        claim = typical_claim(plan, rules, category, tier, day, codes, charge_per_visit, number)
        adjudication = adjudicate(claim, plan, provider, working, rules)
        working = adjudication.state
        results.append(_visit(number, day, adjudication))
    assumed_code = None if diagnoses or not codes else codes[0]
    return Estimate(category, tier, tuple(results), assumed, assumed_code)


def _visit(number: int, day: date, adjudication: Adjudication) -> EstimatedVisit:
    lines = adjudication.lines
    return EstimatedVisit(
        number=number,
        service_date=day,
        covered=any(line.status is LineStatus.PAID for line in lines),
        billed=sum(line.billed for line in lines),
        allowed=sum(line.allowed for line in lines),
        deductible=sum(line.deductible for line in lines),
        copay=sum(line.copay for line in lines),
        coinsurance=sum(line.coinsurance for line in lines),
        member_owes=adjudication.member_owes,
        plan_pays=adjudication.plan_pays,
        balance_bill=adjudication.balance_bill,
        reasons=tuple(r for line in lines for r in line.reasons),
    )


def typical_provider(plan: Plan, category: str, tier: Tier) -> Provider:
    """A licensed therapist of the category, in or out of the plan's network."""
    participations = (Participation(plan.network),) if tier is Tier.IN_NETWORK else ()
    return Provider(
        id=f"typical-{tier.value}-{category}",
        name=f"a licensed {category.replace('_', ' ')} provider",
        category=category,
        state="",
        license=License("typical", "", LicenseStatus.ACTIVE),
        participations=participations,
        discount_participant=tier is Tier.IN_NETWORK,
        credentialed=True,
    )


def typical_claim(
    plan: Plan,
    rules: Rules,
    category: str,
    tier: Tier,
    day: date,
    diagnoses: tuple[str, ...],
    charge_per_visit: Cents | None,
    number: int = 1,
) -> Claim:
    """A claim for the category's typical visit (catalogue data), as a provider would send it."""
    services = rules.catalogue.typical_visits.get(category, ())
    charges = _charges(plan, rules, category, tier, services, charge_per_visit)
    lines = tuple(
        ClaimLine(i, day, s.code, s.units, charge, minutes=s.minutes)
        for i, (s, charge) in enumerate(zip(services, charges, strict=True), start=1)
    )
    provider_id = f"typical-{tier.value}-{category}"
    return Claim(f"estimate-{number}", "member", provider_id, day, lines, diagnoses=diagnoses)


def _charges(
    plan: Plan,
    rules: Rules,
    category: str,
    tier: Tier,
    services: tuple[TypicalService, ...],
    charge_per_visit: Cents | None,
) -> tuple[Cents, ...]:
    base = tuple(_typical_charge(plan, rules, category, tier, s) for s in services)
    if charge_per_visit is None or not base:
        return base
    total = sum(base) or 1
    shares = [round_half_up(Fraction(charge_per_visit * b, total)) for b in base[:-1]]
    return (*shares, charge_per_visit - sum(shares))


def _typical_charge(
    plan: Plan, rules: Rules, category: str, tier: Tier, service: TypicalService
) -> Cents:
    benefit = plan.benefit(category)
    contracted = rules.fee_schedule(plan.fee_schedule)
    rate = contracted.rate(service.code) if contracted else None
    if tier is Tier.OUT_OF_NETWORK and benefit is not None:
        reference = rules.fee_schedule(benefit.out_of_network.reference_schedule)
        reference_rate = reference.rate(service.code) if reference else None
        rate = reference_rate * TYPICAL_OUT_OF_NETWORK_MARKUP if reference_rate else rate
    return (rate or 0) * service.units


def with_assumed_access(
    state: MemberState, plan: Plan, category: str, start: date, end: date
) -> tuple[MemberState, bool]:
    """Add an approved referral or authorization for the span when the plan needs one and none is on
    file."""
    benefit = plan.benefit(category)
    if benefit is None or benefit.access.rule is AccessRule.SELF_REFERRAL:
        return state, False
    kind = {
        AccessRule.REFERRAL: ReferralKind.REFERRAL,
        AccessRule.PRESCRIPTION: ReferralKind.PRESCRIPTION,
    }.get(benefit.access.rule, ReferralKind.AUTHORIZATION)
    on_file = [r for r in state.referrals if r.category == category and r.kind is kind]
    if any(r.covers(start) for r in on_file):
        return state, False
    assumed = Referral("assumed", kind, category, start, end)
    return replace(state, referrals=(*state.referrals, assumed)), True


def _representative_diagnosis(plan: Plan, category: str, rules: Rules, on: date) -> tuple[str, ...]:
    """A billable code from the first qualifying value set, so an estimate can assume a qualifying
    condition."""
    benefit = plan.benefit(category)
    necessity = benefit.necessity if benefit else None
    if necessity is None:
        return ("M79.7",) if rules.code_set.status("M79.7", on) is CodeStatus.VALID else ()
    for value_set in necessity.qualifying:
        for pattern in value_set.includes:
            if rules.code_set.status(pattern.code, on) is CodeStatus.VALID:
                return (pattern.code,)
    for code in rules.code_set.all_codes():
        if any(v.contains(code) for v in necessity.qualifying):
            return (code,)
    return ()
