"""Pricing (C2), the member's cost share (C3) and the member's liability on a denial (C5)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from camnav.domain.members import MetSoFar
from camnav.domain.money import Cents, apply_rate
from camnav.domain.plans import CostShare, DiscountProgram, Plan, Tier
from camnav.domain.reasons import (
    HELD_HARMLESS_REASONS,
    PROVIDER_ERROR_REASONS,
    ReasonCode,
)


class Share:
    """How an allowed amount splits between the member and the plan.

    A plain class with its own __init__: one is built for every paid claim line, and compiled with
    mypyc (scripts/compile-core) this __init__ is native code, where a dataclass's generated one
    stays interpreted. Nothing changes one once built.
    """

    def __init__(
        self, allowed: Cents, deductible: Cents = 0, copay: Cents = 0, coinsurance: Cents = 0
    ) -> None:
        self.allowed = allowed
        self.deductible = deductible
        self.copay = copay
        self.coinsurance = coinsurance

    @property
    def member(self) -> Cents:
        return self.deductible + self.copay + self.coinsurance

    @property
    def plan(self) -> Cents:
        return self.allowed - self.member


def in_network_allowed(rate: Cents, units: int) -> Cents:
    """In-network allowed amount: the contracted rate times the units (C2)."""
    return rate * units


def out_of_network_allowed(
    billed: Cents, reference_rate: Cents, units: int, percent: Fraction
) -> Cents:
    """Out-of-network allowed: the lesser of the charge and a percentage of the reference rate
    (C2)."""
    return min(billed, apply_rate(reference_rate * units, percent))


def share_cost(
    allowed: Cents,
    terms: CostShare,
    plan: Plan,
    tier: Tier,
    accumulators: MetSoFar,
    copay_left_for_visit: Cents,
) -> Share:
    """Deductible first where it applies, then the copay or coinsurance; capped by the OOP left
    (C3)."""
    bucket, deductible_amount, maximum = plan.tier_amounts(tier)
    deductible = 0
    if terms.deductible_applies or plan.deductible_first:
        remaining = max(deductible_amount - accumulators.deductible(bucket), 0)
        deductible = min(allowed, remaining)
    rest = allowed - deductible
    copay = min(copay_left_for_visit, rest) if terms.copay is not None else 0
    coinsurance = apply_rate(rest, terms.coinsurance) if terms.coinsurance is not None else 0
    if maximum is not None:
        left = max(maximum - accumulators.out_of_pocket(bucket), 0)
        deductible, copay, coinsurance = _cap_at_out_of_pocket(deductible, copay, coinsurance, left)
    return Share(allowed, deductible, copay, coinsurance)


def _cap_at_out_of_pocket(
    deductible: Cents, copay: Cents, coinsurance: Cents, left: Cents
) -> tuple[Cents, Cents, Cents]:
    """Once the out-of-pocket maximum is met, the plan pays the rest: trim coinsurance, copay,
    deductible."""
    excess = deductible + copay + coinsurance - left
    if excess <= 0:
        return deductible, copay, coinsurance
    trimmed = min(excess, coinsurance)
    coinsurance -= trimmed
    excess -= trimmed
    trimmed = min(excess, copay)
    copay -= trimmed
    excess -= trimmed
    return deductible - min(excess, deductible), copay, coinsurance


def discounted_price(billed: Cents, discount: DiscountProgram | None, participates: bool) -> Cents:
    """The charge less the plan's discount at participating providers, or the charge itself."""
    if discount is None or not participates:
        return billed
    return billed - apply_rate(billed, discount.rate)


@dataclass(frozen=True, slots=True)
class Liability:
    """What the member owes on a denied line, and whether it is patient responsibility (PR)."""

    amount: Cents
    patient_responsibility: bool


def member_liability(
    primary: ReasonCode,
    billed: Cents,
    *,
    contracted: bool,
    signed_waiver: bool,
    discount_price: Cents,
) -> Liability:
    """Who bears a denied charge (C5): a contracted provider writes off its own failures.

    The same holds when the member paid up front and asks for reimbursement: a contracted provider
    owes the member a refund. Out of network, the member keeps the whole charge.
    """
    if primary is ReasonCode.DUPLICATE:
        return Liability(0, False)
    if primary in PROVIDER_ERROR_REASONS:
        return Liability(0, False) if contracted else Liability(billed, True)
    if primary in HELD_HARMLESS_REASONS and contracted and not signed_waiver:
        return Liability(0, False)
    return Liability(discount_price, True)
