"""Pricing (C2), the member's cost share (C3) and the member's liability on a denial (C5)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from domain_builders import (
    a_benefit,
    a_plan,
    plan_a,
    plan_b,
    plan_c,
    plan_d,
    some_accumulators,
    usd,
)

from camnav.domain.cost_share import (
    Liability,
    Share,
    discounted_price,
    in_network_allowed,
    member_liability,
    out_of_network_allowed,
    share_cost,
)
from camnav.domain.plans import DiscountProgram, Plan, Tier
from camnav.domain.reasons import ReasonCode

# --- pricing (C2) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "units", "allowed"),
    [("35.00", 4, "140.00"), ("35.00", 3, "105.00"), ("40.00", 1, "40.00"), ("33.00", 0, "0.00")],
)
def test_in_network_allowed_is_the_contracted_rate_times_the_units(
    rate: str, units: int, allowed: str
) -> None:
    assert in_network_allowed(usd(rate), units) == usd(allowed)


@pytest.mark.parametrize(
    ("billed", "reference", "units", "percent", "allowed"),
    [
        ("240.00", "29.76", 4, Fraction(7, 5), "166.66"),  # W6: round(166.656)
        ("150.00", "29.76", 4, Fraction(7, 5), "150.00"),  # the charge is lower
        ("240.00", "27.17", 1, Fraction(7, 5), "38.04"),  # round(38.038)
        ("240.00", "29.75", 1, Fraction(1, 2), "14.88"),  # 14.875 rounds half up
        ("240.00", "29.76", 2, Fraction(1), "59.52"),
    ],
)
def test_out_of_network_allowed_is_the_lesser_of_the_charge_and_a_rounded_share_of_the_reference(
    billed: str, reference: str, units: int, percent: Fraction, allowed: str
) -> None:
    assert out_of_network_allowed(usd(billed), usd(reference), units, percent) == usd(allowed)


# --- cost share (C3) -------------------------------------------------------------------------


def share(
    plan: Plan,
    allowed: str,
    *,
    tier: Tier = Tier.IN_NETWORK,
    copay_left: str = "0.00",
    **accumulated: Any,
) -> Share:
    benefit = plan.benefits["massage"]
    terms = benefit.in_network if tier is Tier.IN_NETWORK else benefit.out_of_network.cost_share
    accumulators = some_accumulators(**accumulated)
    return share_cost(usd(allowed), terms, plan, tier, accumulators, usd(copay_left))


def amounts(result: Share) -> tuple[int, int, int, int, int]:
    return (result.deductible, result.copay, result.coinsurance, result.member, result.plan)


@pytest.mark.parametrize(
    ("allowed", "copay_left", "copay", "plan_pays"),
    [
        ("140.00", "25.00", "25.00", "115.00"),  # W1
        ("10.00", "25.00", "10.00", "0.00"),  # the copay is never more than the allowed amount
        ("33.00", "15.00", "15.00", "18.00"),  # what is left of the visit's copay
        ("33.00", "0.00", "0.00", "33.00"),  # the visit's copay is already taken
    ],
)
def test_a_copay_plan_charges_the_lesser_of_the_copay_left_for_the_visit_and_the_allowed_amount(
    allowed: str, copay_left: str, copay: str, plan_pays: str
) -> None:
    result = share(plan_a(), allowed, copay_left=copay_left)
    assert amounts(result) == (0, usd(copay), 0, usd(copay), usd(plan_pays))


def test_a_copay_plan_does_not_apply_its_deductible_unless_the_plan_says_so() -> None:
    plan = plan_b()
    assert plan.deductible_for(Tier.IN_NETWORK) == usd("500.00")
    result = share(plan, "105.00", copay_left="30.00")
    assert amounts(result) == (0, usd("30.00"), 0, usd("30.00"), usd("75.00"))


@pytest.mark.parametrize(
    ("deductible_met", "out_of_pocket_met", "deductible", "coinsurance", "plan_pays"),
    [
        ("0.00", "0.00", "140.00", "0.00", "0.00"),  # W3: all to the deductible
        ("1510.00", "1510.00", "140.00", "0.00", "0.00"),  # exactly the deductible left
        ("1600.00", "1600.00", "50.00", "18.00", "72.00"),  # W4
        ("1649.99", "1649.99", "0.01", "28.00", "111.99"),  # 20% of 139.99 = 27.998
        ("1650.00", "0.00", "0.00", "28.00", "112.00"),  # deductible met
        ("1650.00", "4990.00", "0.00", "10.00", "130.00"),  # W5: capped at the $10.00 left
        ("1650.00", "5000.00", "0.00", "0.00", "140.00"),  # out-of-pocket maximum met
    ],
)
def test_a_coinsurance_plan_takes_the_deductible_first_then_coinsurance_capped_at_the_oop_left(
    deductible_met: str,
    out_of_pocket_met: str,
    deductible: str,
    coinsurance: str,
    plan_pays: str,
) -> None:
    result = share(
        plan_c(), "140.00", deductible_met=deductible_met, out_of_pocket_met=out_of_pocket_met
    )
    member = usd(deductible) + usd(coinsurance)
    assert amounts(result) == (usd(deductible), 0, usd(coinsurance), member, usd(plan_pays))


def test_coinsurance_rounds_half_up_on_the_amount_after_the_deductible() -> None:
    plan = a_plan(benefits=(a_benefit(copay=None, coinsurance="10%"),), out_of_pocket_max=None)
    assert amounts(share(plan, "40.05")) == (0, 0, 401, 401, 3604)


@pytest.mark.parametrize(
    ("out_of_pocket_met", "deductible", "coinsurance"),
    [
        ("0.00", "50.00", "18.00"),  # nothing to trim
        ("4932.00", "50.00", "18.00"),  # exactly the $68.00 left
        ("4940.00", "50.00", "10.00"),  # $60.00 left: coinsurance trimmed first
        ("4950.00", "50.00", "0.00"),  # $50.00 left: all the coinsurance
        ("4970.00", "30.00", "0.00"),  # $30.00 left: then the deductible
        ("5000.00", "0.00", "0.00"),
    ],
)
def test_the_out_of_pocket_cap_trims_coinsurance_before_the_deductible(
    out_of_pocket_met: str, deductible: str, coinsurance: str
) -> None:
    result = share(
        plan_c(), "140.00", deductible_met="1600.00", out_of_pocket_met=out_of_pocket_met
    )
    member = usd(deductible) + usd(coinsurance)
    expected = (usd(deductible), 0, usd(coinsurance), member, usd("140.00") - member)
    assert amounts(result) == expected


@pytest.mark.parametrize(
    ("out_of_pocket_met", "deductible", "copay", "coinsurance"),
    [
        ("0.00", "50.00", "25.00", "18.00"),  # $93.00 in all
        ("907.00", "50.00", "25.00", "18.00"),  # exactly the $93.00 left
        ("920.00", "50.00", "25.00", "5.00"),  # $80.00 left: coinsurance first
        ("925.00", "50.00", "25.00", "0.00"),  # $75.00 left: all the coinsurance
        ("930.00", "50.00", "20.00", "0.00"),  # $70.00 left: then the copay
        ("960.00", "40.00", "0.00", "0.00"),  # $40.00 left: then the deductible
    ],
)
def test_the_out_of_pocket_cap_trims_coinsurance_then_copay_then_deductible(
    out_of_pocket_met: str, deductible: str, copay: str, coinsurance: str
) -> None:
    benefit = a_benefit(copay="25.00", coinsurance="20%", deductible_applies=True)
    plan = a_plan(benefits=(benefit,), deductible="100.00", out_of_pocket_max="1000.00")
    result = share(
        plan,
        "140.00",
        copay_left="25.00",
        deductible_met="50.00",
        out_of_pocket_met=out_of_pocket_met,
    )
    assert (result.deductible, result.copay, result.coinsurance) == (
        usd(deductible),
        usd(copay),
        usd(coinsurance),
    )


def test_w6_out_of_network_coinsurance_uses_the_out_of_network_deductible_and_maximum() -> None:
    result = share(
        plan_d(),
        "166.66",
        tier=Tier.OUT_OF_NETWORK,
        deductible_met="0.00",
        out_of_network_deductible_met="2000.00",
        out_of_network_out_of_pocket_met="500.00",
    )
    assert amounts(result) == (0, 0, usd("66.66"), usd("66.66"), usd("100.00"))


def test_in_network_care_on_a_separated_plan_ignores_the_out_of_network_deductible_met() -> None:
    result = share(plan_d(), "140.00", out_of_network_deductible_met="2000.00")
    assert amounts(result) == (usd("140.00"), 0, 0, usd("140.00"), 0)


@pytest.mark.parametrize(
    ("plan", "bucket"),
    [(plan_d(), Tier.OUT_OF_NETWORK), (plan_c(), Tier.IN_NETWORK)],
    ids=["separate tiers", "one shared bucket"],
)
def test_out_of_network_care_accumulates_separately_only_when_the_plan_separates_tiers(
    plan: Plan, bucket: Tier
) -> None:
    assert plan.bucket(Tier.OUT_OF_NETWORK) is bucket


def test_a_plan_without_an_out_of_network_amount_uses_the_in_network_one() -> None:
    plan = plan_c()
    assert (
        plan.deductible_for(Tier.OUT_OF_NETWORK),
        plan.out_of_pocket_max_for(Tier.OUT_OF_NETWORK),
    ) == (
        usd("1650.00"),
        usd("5000.00"),
    )


# --- liability on a denial (C5) --------------------------------------------------------------

TWENTY_PERCENT = DiscountProgram(Fraction(1, 5), "EOC §4.11")


@pytest.mark.parametrize(
    ("billed", "program", "participates", "price"),
    [
        ("160.00", TWENTY_PERCENT, True, "128.00"),
        ("160.00", TWENTY_PERCENT, False, "160.00"),
        ("160.00", None, True, "160.00"),
        ("3.33", TWENTY_PERCENT, True, "2.66"),  # the discount 0.666 rounds to 0.67
    ],
)
def test_the_discount_price_is_the_charge_less_the_program_rate_at_participating_providers(
    billed: str, program: DiscountProgram | None, participates: bool, price: str
) -> None:
    assert discounted_price(usd(billed), program, participates) == usd(price)


R = ReasonCode
BILLED, DISCOUNT_PRICE = usd("160.00"), usd("128.00")


@pytest.mark.parametrize(
    ("primary", "contracted", "signed_waiver", "liability"),
    [
        # duplicates never charge the member twice
        (R.DUPLICATE, True, False, Liability(0, False)),
        (R.DUPLICATE, False, False, Liability(0, False)),
        # coding, licensing and filing errors: a contracted provider writes them off
        (R.UNITS_EXCEED_MINUTES, True, True, Liability(0, False)),
        (R.PROVIDER_NOT_LICENSED, True, False, Liability(0, False)),
        (R.FILING_LIMIT_EXPIRED, True, False, Liability(0, False)),
        (R.BUNDLED, False, False, Liability(BILLED, True)),
        # referral, authorization and necessity: held harmless unless the member signed a waiver
        (R.REFERRAL_EXPIRED, True, False, Liability(0, False)),
        (R.STRESS_ONLY, True, False, Liability(0, False)),
        (R.AUTHORIZATION_MISSING, True, False, Liability(0, False)),
        (R.REFERRAL_EXPIRED, True, True, Liability(DISCOUNT_PRICE, True)),
        (R.REFERRAL_EXPIRED, False, False, Liability(DISCOUNT_PRICE, True)),
        # exclusions, limits, no network benefit and no coverage: the member owes
        (R.SERVICE_EXCLUDED, True, False, Liability(DISCOUNT_PRICE, True)),
        (R.MODALITY_EXCLUDED, True, False, Liability(DISCOUNT_PRICE, True)),
        (R.VISIT_LIMIT_REACHED, True, False, Liability(DISCOUNT_PRICE, True)),
        (R.OUT_OF_NETWORK_NOT_COVERED, False, False, Liability(DISCOUNT_PRICE, True)),
        (R.COVERAGE_ENDED, True, False, Liability(DISCOUNT_PRICE, True)),
        (R.NOT_YET_COVERED, True, False, Liability(DISCOUNT_PRICE, True)),
    ],
)
def test_the_member_owes_a_denied_charge_only_where_convention_c5_puts_it(
    primary: ReasonCode, contracted: bool, signed_waiver: bool, liability: Liability
) -> None:
    assert (
        member_liability(
            primary,
            BILLED,
            contracted=contracted,
            signed_waiver=signed_waiver,
            discount_price=DISCOUNT_PRICE,
        )
        == liability
    )
