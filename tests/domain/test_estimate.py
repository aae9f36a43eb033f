"""What-if estimates: N typical visits priced one by one by the adjudication engine itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from domain_builders import (
    a_benefit,
    a_plan,
    a_prescription,
    a_referral,
    a_state,
    plan_a,
    plan_b,
    plan_c,
    plan_d,
    plan_e,
    plan_g,
    rules,
    usd,
)

from camnav.domain.adjudication import adjudicate
from camnav.domain.diagnoses import CodePattern, ValueSet
from camnav.domain.estimate import (
    Estimate,
    EstimatedVisit,
    estimate_visits,
    typical_claim,
    typical_provider,
    with_assumed_access,
)
from camnav.domain.plans import MedicalNecessity, Plan, Tier
from camnav.domain.reasons import ReasonCode
from camnav.domain.state import MemberState

START = date(2025, 2, 3)


def estimate(
    plan: Plan,
    state: MemberState | None = None,
    *,
    visits: int,
    category: str = "massage",
    tier: Tier = Tier.IN_NETWORK,
    **options: Any,
) -> Estimate:
    return estimate_visits(
        plan=plan,
        state=state or a_state(),
        rules=rules(),
        category=category,
        tier=tier,
        start=START,
        visits=visits,
        **options,
    )


def member_shares(result: Estimate) -> list[tuple[int, int, int]]:
    return [(v.deductible, v.coinsurance, v.member_owes) for v in result.visits]


def test_twelve_hdhp_visits_cross_the_deductible_in_the_twelfth_visit() -> None:
    result = estimate(plan_c(), visits=12)
    before_deductible = [(usd("140.00"), 0, usd("140.00"))] * 11
    assert member_shares(result) == [
        *before_deductible,
        (usd("110.00"), usd("6.00"), usd("116.00")),
    ]
    assert (result.member_total, result.plan_total) == (usd("1656.00"), usd("24.00"))
    assert [v.service_date for v in result.visits][-1] == date(2025, 4, 21)
    assert (result.assumed_referral, result.assumed_diagnosis) == (True, "M79.7")


def test_an_estimate_prices_each_visit_exactly_as_adjudication_would() -> None:
    plan, state = plan_c(), a_state(referrals=(a_prescription(),))
    result = estimate(plan, state, visits=12, diagnoses=("M54.50",))
    provider = typical_provider(plan, "massage", Tier.IN_NETWORK)
    adjudicated = []
    for visit in result.visits:
        claim = typical_claim(
            plan, rules(), "massage", Tier.IN_NETWORK, visit.service_date, ("M54.50",), None
        )
        decided = adjudicate(claim, plan, provider, state, rules())
        state = decided.state
        adjudicated.append((decided.member_owes, decided.plan_pays))
    assert [(v.member_owes, v.plan_pays) for v in result.visits] == adjudicated
    assert result.assumed_referral is False


def test_visits_past_the_visit_limit_are_not_covered_and_cost_the_charge() -> None:
    result = estimate(plan_a(), a_state(visits={"massage": 10}), visits=4)
    assert [v.covered for v in result.visits] == [True, True, False, False]
    assert [v.member_owes for v in result.visits] == [usd("25.00")] * 2 + [usd("140.00")] * 2
    assert result.visits[2].reasons[0].code is ReasonCode.VISIT_LIMIT_REACHED
    assert result.member_total == usd("330.00")


def test_the_out_of_pocket_maximum_reached_during_the_estimate_makes_later_visits_free() -> None:
    state = a_state(deductible_met="1650.00", out_of_pocket_met="4990.00")
    result = estimate(plan_c(), state, visits=3)
    assert [(v.member_owes, v.plan_pays) for v in result.visits] == [
        (usd("10.00"), usd("130.00")),
        (0, usd("140.00")),
        (0, usd("140.00")),
    ]


def test_an_estimate_crossing_into_a_new_plan_year_starts_the_deductible_again() -> None:
    plan = plan_c(effective_to=date(2026, 12, 31))
    state = a_state(deductible_met="1650.00", out_of_pocket_met="5000.00")
    result = estimate_visits(
        plan=plan,
        state=state,
        rules=rules(),
        category="massage",
        tier=Tier.IN_NETWORK,
        start=date(2025, 12, 22),
        visits=3,
    )
    assert [v.member_owes for v in result.visits] == [0, 0, usd("140.00")]


def test_an_out_of_network_estimate_assumes_twice_the_reference_charge_unless_given() -> None:
    state = a_state(out_of_network_deductible_met="2000.00", referrals=(a_prescription(),))
    typical = estimate(plan_d(), state, visits=1, tier=Tier.OUT_OF_NETWORK)
    assert typical.visits[0] == EstimatedVisit(
        number=1,
        service_date=START,
        covered=True,
        billed=usd("238.08"),
        allowed=usd("166.66"),
        deductible=0,
        copay=0,
        coinsurance=usd("66.66"),
        member_owes=usd("66.66"),
        plan_pays=usd("100.00"),
        balance_bill=usd("71.42"),
        reasons=typical.visits[0].reasons,
    )
    assert typical.visits[0].member_total == usd("138.08")
    charged = estimate(
        plan_d(), state, visits=1, tier=Tier.OUT_OF_NETWORK, charge_per_visit=usd("240.00")
    )
    assert (charged.visits[0].balance_bill, charged.member_total) == (usd("73.34"), usd("140.00"))


def test_a_charge_per_visit_is_split_over_the_lines_of_a_typical_visit() -> None:
    claim = typical_claim(
        plan_g(), rules(), "acupuncture", Tier.IN_NETWORK, START, ("M54.50",), usd("100.00")
    )
    assert [(line.code, line.billed) for line in claim.lines] == [
        ("97810", usd("56.72")),
        ("97811", usd("43.28")),
    ]


def test_an_estimate_of_a_referral_plan_assumes_a_referral_for_the_span() -> None:
    result = estimate(plan_b(), visits=3, diagnoses=("M79.7",))
    assert result.assumed_referral is True
    assert [v.member_owes for v in result.visits] == [usd("30.00")] * 3


def test_a_referral_on_file_is_used_and_its_end_shows_in_the_estimate() -> None:
    state = a_state(referrals=(a_referral(valid_from=START, visits=2),))
    result = estimate(plan_b(), state, visits=3)
    assert result.assumed_referral is False
    assert [v.covered for v in result.visits] == [True, True, False]
    assert result.visits[2].reasons[0].code is ReasonCode.REFERRAL_VISITS_USED


def test_assumed_access_adds_the_kind_of_document_the_plan_asks_for() -> None:
    end = START + timedelta(weeks=4)
    state, assumed = with_assumed_access(a_state(), plan_e(), "chiropractic", START, end)
    (authorization,) = state.referrals
    assert (assumed, authorization.kind.value, authorization.valid_to) == (
        True,
        "authorization",
        end,
    )
    unchanged, assumed = with_assumed_access(a_state(), plan_a(), "massage", START, end)
    assert (unchanged.referrals, assumed) == ((), False)


def test_an_estimate_of_no_visits_is_empty() -> None:
    result = estimate(plan_a(), visits=0)
    assert (result.visits, result.member_total, result.plan_total) == ((), 0, 0)


def test_an_estimate_for_a_category_without_a_necessity_rule_assumes_a_common_diagnosis() -> None:
    plan = a_plan(benefits=(a_benefit(qualifying=None),))
    result = estimate(plan, visits=1)
    assert (result.assumed_diagnosis, result.visits[0].covered) == ("M79.7", True)


def test_an_estimate_with_no_billable_code_in_the_qualifying_sets_assumes_no_diagnosis() -> None:
    nothing = ValueSet("nothing", "Matches no billable code", (CodePattern.parse("M54.5"),))
    necessity = MedicalNecessity((nothing,), None, "EOC §4.2")
    plan = a_plan(benefits=(replace(a_benefit(), necessity=necessity),))
    result = estimate(plan, visits=1)
    assert result.assumed_diagnosis is None
    assert [r.code for r in result.visits[0].reasons][:1] == [ReasonCode.DIAGNOSIS_MISSING]


def test_a_category_title_comes_from_the_catalogue_or_from_its_name() -> None:
    catalogue = rules().catalogue
    assert (catalogue.title("massage"), catalogue.title("chiropractic")) == (
        "Massage therapy",
        "chiropractic",
    )
    assert catalogue.title("physical_therapy") == "Physical therapy"
    assert catalogue.title("naturopathic_care") == "naturopathic care"
