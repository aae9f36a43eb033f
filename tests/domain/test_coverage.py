"""The coverage answer before care: verdict, statements, next steps, visit costs and warnings."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from domain_builders import (
    DAY,
    a_benefit,
    a_letter,
    a_member,
    a_plan,
    a_prescription,
    a_referral,
    a_state,
    an_authorization,
    plan_a,
    plan_b,
    plan_c,
    plan_d,
    plan_e,
    plan_g,
    rules,
    usd,
)

from camnav.domain.coverage import (
    Alternative,
    CoverageAnswer,
    Statement,
    Topic,
    Verdict,
    VisitCost,
    determine_coverage,
    statement,
)
from camnav.domain.plans import DeliveryMode, Plan, Tier
from camnav.domain.referrals import Referral
from camnav.domain.regions import MedicalCenter, Region
from camnav.domain.state import MemberState

T = Topic


def answer(
    plan: Plan,
    state: MemberState | None = None,
    *,
    category: str = "massage",
    on: date = DAY,
    diagnoses: tuple[str, ...] = ("M54.50",),
    region: Region | None = None,
) -> CoverageAnswer:
    return determine_coverage(
        plan=plan,
        state=state or a_state(),
        rules=rules(),
        category=category,
        on=on,
        region=region,
        diagnoses=diagnoses,
    )


def topics(statements: tuple[Statement, ...]) -> list[Topic]:
    return [s.topic for s in statements]


def find(statements: tuple[Statement, ...], topic: Topic) -> Statement:
    (found,) = (s for s in statements if s.topic is topic)
    return found


def in_network_cost(result: CoverageAnswer) -> VisitCost:
    (cost,) = (c for c in result.costs if c.tier is Tier.IN_NETWORK)
    return cost


# --- access: self-referral, referral, treatment plan -----------------------------------------


def test_plan_a_covers_massage_without_a_referral_for_a_25_dollar_copay() -> None:
    state = a_state(out_of_pocket_met="200.00", visits={"massage": 3})
    result = answer(plan_a(), state, diagnoses=("M54.50", "M62.830"))
    assert result.verdict is Verdict.COVERED
    assert topics(result.statements) == [
        T.CATEGORY_COVERED,
        T.NO_REFERRAL_NEEDED,
        T.DIAGNOSIS_QUALIFIES,
        T.EXCLUDED_MODALITIES,
        T.EXCLUDED_MODALITIES,
        T.EXCLUDED_MODALITIES,
        T.EXCLUDED_MODALITIES,
        T.COPAY,
        T.NO_OUT_OF_NETWORK_BENEFIT,
        T.VISITS,
    ]
    assert find(result.statements, T.NO_REFERRAL_NEEDED) == statement(
        T.NO_REFERRAL_NEEDED, "EOC 2025 §4.7 Therapeutic massage access"
    )
    assert find(result.statements, T.VISITS).param == {
        "limit": "12",
        "used": "3",
        "left": "9",
        "shared": "",
    }
    assert result.costs == (
        VisitCost(
            Tier.IN_NETWORK, True, usd("140.00"), usd("140.00"), usd("25.00"), usd("115.00"), 0
        ),
    )
    assert (result.visits_used, result.visits_left) == (3, 9)
    assert topics(result.warnings) == [T.WARN_LICENSED_ONLY, T.WARN_NOT_FULL_COVERAGE]
    assert topics(result.next_steps) == [T.STEP_CHOOSE_IN_NETWORK]
    assert [a.statement.topic for a in result.alternatives] == [T.ALT_HSA_FSA]


def test_a_referral_plan_without_a_referral_covers_massage_only_if_the_member_gets_one() -> None:
    result = answer(plan_b(), diagnoses=("M79.7",))
    assert result.verdict is Verdict.COVERED_IF
    assert T.REFERRAL_NEEDED in topics(result.statements)
    assert topics(result.next_steps) == [T.STEP_GET_REFERRAL, T.STEP_CHOOSE_IN_NETWORK]
    assert in_network_cost(result).member_owes == usd("30.00")
    assert [a.statement.topic for a in result.alternatives] == [
        T.ALT_CATEGORY,
        T.ALT_CATEGORY,
        T.ALT_DISCOUNT,
        T.ALT_HSA_FSA,
    ]
    assert find(tuple(a.statement for a in result.alternatives), T.ALT_DISCOUNT).param == {
        "rate": str(Fraction(1, 5))
    }


def test_a_referral_plan_with_a_valid_referral_on_file_covers_massage() -> None:
    state = a_state(referrals=(a_referral(visits=6, visits_used=2),))
    result = answer(plan_b(), state, on=date(2025, 3, 12), diagnoses=("M79.7", "G89.29"))
    assert result.verdict is Verdict.COVERED
    assert find(result.statements, T.DOCUMENT_ON_FILE).param == {
        "kind": "referral",
        "id": "R-3003",
        "valid_to": "2025-07-31",
        "visits_left": "4",
    }
    assert T.STEP_GET_REFERRAL not in topics(result.next_steps)
    assert T.WARN_DOCUMENT_EXPIRING not in topics(result.warnings)


def test_a_referral_running_out_within_30_days_earns_a_warning() -> None:
    state = a_state(referrals=(a_referral(valid_to=date(2025, 4, 9)),))
    result = answer(plan_b(), state)
    assert find(result.warnings, T.WARN_DOCUMENT_EXPIRING).param == {
        "id": "R-3003",
        "kind": "referral",
        "valid_to": "2025-04-09",
    }


def test_a_referral_with_one_visit_left_earns_a_last_visit_warning() -> None:
    state = a_state(referrals=(a_referral(visits=6, visits_used=5),))
    result = answer(plan_b(), state)
    assert find(result.warnings, T.WARN_DOCUMENT_LAST_VISIT).param == {
        "id": "R-3003",
        "kind": "referral",
    }


@pytest.mark.parametrize(
    ("referral", "warning", "params"),
    [
        (
            a_referral(valid_to=date(2025, 3, 9)),
            T.WARN_DOCUMENT_EXPIRED,
            {"id": "R-3003", "kind": "referral", "valid_to": "2025-03-09"},
        ),
        (
            a_referral(visits=6, visits_used=6),
            T.WARN_DOCUMENT_USED_UP,
            {"id": "R-3003", "kind": "referral"},
        ),
    ],
    ids=["expired", "used up"],
)
def test_a_referral_that_no_longer_covers_the_visit_says_why(
    referral: Referral, warning: Topic, params: dict[str, str]
) -> None:
    state = a_state(referrals=(referral,))
    result = answer(plan_b(), state)
    assert result.verdict is Verdict.COVERED_IF
    assert T.STEP_GET_REFERRAL in topics(result.next_steps)
    assert find(result.warnings, warning).param == params


def test_a_prescription_older_than_the_plan_allows_is_reported_expired_on_its_age_limit() -> None:
    state = a_state(referrals=(a_prescription(dated=date(2024, 1, 5)),))
    result = answer(plan_c(), state)
    assert result.verdict is Verdict.COVERED_IF
    assert find(result.statements, T.PRESCRIPTION_NEEDED).param == {"max_age_months": "12"}
    assert topics(result.next_steps)[0] is T.STEP_GET_PRESCRIPTION
    assert find(result.warnings, T.WARN_DOCUMENT_EXPIRED).param == {
        "id": "RX-1",
        "kind": "prescription",
        "valid_to": "2025-01-05",
    }


@pytest.mark.parametrize(
    ("visits_in", "authorizations", "verdict"),
    [
        (0, (), Verdict.COVERED),
        (1, (), Verdict.COVERED_IF),
        (1, (an_authorization(),), Verdict.COVERED),
    ],
    ids=["initial exam", "no treatment plan", "approved treatment plan"],
)
def test_a_treatment_plan_rider_covers_the_initial_exam_then_needs_an_approved_plan(
    visits_in: int, authorizations: tuple[Referral, ...], verdict: Verdict
) -> None:
    state = a_state(category_visits={"chiropractic": visits_in}, referrals=authorizations)
    result = answer(plan_e(), state, category="chiropractic")
    assert result.verdict is verdict
    assert find(result.statements, T.TREATMENT_PLAN_NEEDED).param == {"free_visits": "1"}
    assert (T.STEP_TREATMENT_PLAN in topics(result.next_steps)) is (verdict is Verdict.COVERED_IF)


def test_medicare_acupuncture_names_the_visit_from_which_authorization_is_needed() -> None:
    result = answer(plan_g(), category="acupuncture", diagnoses=("M54.50",))
    assert result.verdict is Verdict.COVERED
    assert find(result.statements, T.AUTHORIZATION_FROM_VISIT).param == {"free_visits": "12"}
    assert in_network_cost(result) == VisitCost(
        Tier.IN_NETWORK, True, usd("67.00"), usd("67.00"), usd("20.00"), usd("47.00"), 0
    )


def test_the_answer_states_the_longest_session_the_plan_covers() -> None:
    plan = a_plan(benefits=(a_benefit(session_max_minutes=60),))
    result = answer(plan)
    assert find(result.statements, T.SESSION_LIMIT) == statement(
        T.SESSION_LIMIT, "EOC §4 massage", minutes=60
    )


def test_a_benefit_without_a_necessity_rule_says_nothing_about_diagnoses() -> None:
    plan = a_plan(benefits=(a_benefit(qualifying=None),))
    result = answer(plan, diagnoses=("Z73.3",))
    assert result.verdict is Verdict.COVERED
    assert topics(result.statements)[:3] == [T.CATEGORY_COVERED, T.NO_REFERRAL_NEEDED, T.COPAY]


# --- limits ----------------------------------------------------------------------------------


def test_the_last_covered_visit_of_the_year_earns_a_warning() -> None:
    result = answer(plan_a(), a_state(visits={"massage": 11}))
    assert result.verdict is Verdict.COVERED
    assert (result.visits_used, result.visits_left) == (11, 1)
    assert find(result.warnings, T.WARN_LAST_COVERED_VISIT).citation == (
        "Benefit Summary: 12 visits (massage)"
    )


def test_a_used_up_visit_limit_makes_the_visit_not_covered_and_unpriced() -> None:
    result = answer(plan_a(), a_state(visits={"massage": 12}))
    assert result.verdict is Verdict.NOT_COVERED
    assert find(result.statements, T.VISIT_LIMIT_REACHED).param == {"limit": "12"}
    assert (result.costs, result.visits_left) == ((), 0)


def test_a_shared_limit_names_the_categories_sharing_it() -> None:
    state = a_state(visits={"cam": 5}, referrals=(a_prescription(),))
    result = answer(plan_c(), state, category="chiropractic")
    assert find(result.statements, T.VISITS).param == {
        "limit": "20",
        "used": "5",
        "left": "15",
        "shared": "massage, chiropractic, acupuncture",
    }


# --- exclusions and medical necessity --------------------------------------------------------


def test_an_excluded_category_is_not_covered_and_prices_the_covered_alternatives() -> None:
    result = answer(plan_e())
    assert result.verdict is Verdict.NOT_COVERED
    assert result.statements == (
        statement(
            T.CATEGORY_EXCLUDED,
            "EOC 2025 §5.2(14) Exclusions - massage therapy",
            category="massage",
            alternatives="chiropractic, acupuncture",
        ),
    )
    assert topics(result.warnings) == [T.WARN_ASSUMING_COVERAGE]
    assert (result.costs, result.next_steps, result.where) == ((), (), ())
    chiropractic, acupuncture, hsa = result.alternatives
    assert chiropractic == Alternative(
        statement(T.ALT_CATEGORY, "Rider 2025 §2 chiropractic", category="chiropractic"),
        "chiropractic",
        VisitCost(Tier.IN_NETWORK, True, usd("40.00"), usd("40.00"), usd("15.00"), usd("25.00"), 0),
    )
    assert acupuncture == Alternative(
        statement(T.ALT_CATEGORY, "Rider 2025 §2 acupuncture", category="acupuncture"),
        "acupuncture",
        VisitCost(Tier.IN_NETWORK, True, usd("75.00"), usd("75.00"), usd("15.00"), usd("60.00"), 0),
    )
    assert hsa.statement.topic is T.ALT_HSA_FSA


def test_a_category_the_plan_does_not_mention_is_not_covered() -> None:
    result = answer(plan_a(), category="acupuncture")
    assert result.verdict is Verdict.NOT_COVERED
    assert find(result.statements, T.CATEGORY_EXCLUDED).citation == (
        "Example Health example-a Evidence of Coverage 2025"
    )


@pytest.mark.parametrize(
    ("diagnoses", "topic"),
    [
        (("Z73.3",), T.STRESS_ONLY),
        (("Z73.3", "F43.0"), T.STRESS_ONLY),
        (("R51.9",), T.DIAGNOSIS_NOT_COVERED),
    ],
)
def test_a_diagnosis_that_does_not_qualify_makes_massage_not_covered(
    diagnoses: tuple[str, ...], topic: Topic
) -> None:
    result = answer(plan_a(), diagnoses=diagnoses)
    assert result.verdict is Verdict.NOT_COVERED
    assert find(result.statements, topic).param["diagnoses"] == ", ".join(diagnoses)
    assert result.costs == ()


def test_without_a_diagnosis_the_answer_names_the_qualifying_conditions() -> None:
    result = answer(plan_g(), category="acupuncture", diagnoses=())
    assert result.verdict is Verdict.COVERED_IF
    assert find(result.statements, T.QUALIFYING_DIAGNOSIS_NEEDED).param == {
        "conditions": "Low back pain (the Medicare acupuncture indication)"
    }


def test_a_diagnosis_not_billable_on_the_day_is_flagged_with_codes_to_use() -> None:
    result = answer(plan_a(), diagnoses=("M54.5",))
    assert result.verdict is Verdict.COVERED_IF
    assert find(result.statements, T.DIAGNOSIS_INVALID).param == {
        "code": "M54.5",
        "why": "header",
        "use": "M54.50, M54.51, M54.59",
    }


# --- cost: deductible first, out-of-pocket maximum, out of network ---------------------------


def test_an_hsa_plan_warns_that_the_deductible_comes_first() -> None:
    state = a_state(referrals=(a_prescription(),))
    result = answer(plan_c(), state, on=date(2025, 2, 3), diagnoses=("G89.29", "M54.50"))
    assert result.verdict is Verdict.COVERED
    assert find(result.statements, T.DEDUCTIBLE_FIRST) == statement(
        T.DEDUCTIBLE_FIRST,
        "Benefit Summary §1 HSA plan: deductible first",
        deductible=usd("1650.00"),
        remaining=usd("1650.00"),
    )
    assert find(result.statements, T.COINSURANCE).param == {"rate": "1/5"}
    assert in_network_cost(result) == VisitCost(
        Tier.IN_NETWORK, True, usd("140.00"), usd("140.00"), usd("140.00"), 0, 0
    )
    assert find(result.warnings, T.WARN_DEDUCTIBLE_FIRST).citation == (
        "Benefit Summary §1 HSA plan: deductible first"
    )
    hsa = result.alternatives[-1].statement
    assert hsa.param == {"hsa_plan": "True", "letter": "", "letter_valid_through": ""}


def test_once_the_out_of_pocket_maximum_is_met_a_covered_visit_costs_nothing() -> None:
    state = a_state(
        deductible_met="1650.00", out_of_pocket_met="5000.00", referrals=(a_prescription(),)
    )
    result = answer(plan_c(), state, on=date(2025, 9, 22))
    assert in_network_cost(result) == VisitCost(
        Tier.IN_NETWORK, True, usd("140.00"), usd("140.00"), 0, usd("140.00"), 0
    )
    assert T.OUT_OF_POCKET_MET in topics(result.statements)
    assert T.WARN_NOT_FULL_COVERAGE not in topics(result.warnings)


def test_a_ppo_prices_the_visit_in_and_out_of_network_and_warns_of_balance_billing() -> None:
    state = a_state(
        deductible_met="1000.00",
        out_of_network_deductible_met="2000.00",
        out_of_network_out_of_pocket_met="500.00",
        referrals=(a_prescription(dated=date(2025, 1, 20)),),
    )
    result = answer(plan_d(), state, on=date(2025, 4, 7), diagnoses=("M79.7",))
    assert result.costs == (
        VisitCost(
            Tier.IN_NETWORK, True, usd("140.00"), usd("140.00"), usd("28.00"), usd("112.00"), 0
        ),
        VisitCost(
            Tier.OUT_OF_NETWORK,
            True,
            usd("238.08"),
            usd("166.66"),
            usd("66.66"),
            usd("100.00"),
            usd("71.42"),
        ),
    )
    assert result.costs[1].member_total == usd("138.08")
    assert find(result.statements, T.OUT_OF_NETWORK_BENEFIT).param == {"percent": "7/5"}
    assert T.WARN_BALANCE_BILLING in topics(result.warnings)
    assert topics(result.next_steps) == [T.STEP_REIMBURSEMENT_PAPERS, T.STEP_CHOOSE_IN_NETWORK]


# --- letters of medical necessity ------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_through", "warning"),
    [
        (date(2025, 3, 9), T.WARN_LETTER_EXPIRED),
        (date(2025, 4, 9), T.WARN_LETTER_EXPIRING),
        (date(2025, 4, 10), None),
    ],
)
def test_a_letter_of_medical_necessity_that_has_run_out_or_soon_will_earns_a_warning(
    valid_through: date, warning: Topic | None
) -> None:
    state = a_state(letters=(a_letter(valid_through=valid_through),))
    result = answer(plan_a(), state)
    letter_warnings = [w for w in result.warnings if w.topic.name.startswith("WARN_LETTER")]
    if warning is None:
        assert letter_warnings == []
    else:
        assert letter_warnings == [
            statement(warning, id="LMN-1", valid_through=valid_through),
        ]


def test_a_valid_letter_is_named_in_the_hsa_alternative() -> None:
    state = a_state(letters=(a_letter(valid_through=date(2025, 12, 31)),))
    hsa = answer(plan_c(), state).alternatives[-1].statement
    assert hsa.param == {
        "hsa_plan": "True",
        "letter": "LMN-1",
        "letter_valid_through": "2025-12-31",
    }


# --- enrollment and where to go --------------------------------------------------------------


def test_a_person_not_enrolled_on_the_day_is_not_covered() -> None:
    state = a_state(member=a_member(end=date(2025, 2, 28)))
    result = answer(plan_a(), state)
    assert result.verdict is Verdict.NOT_COVERED
    assert topics(result.statements) == [T.NOT_ENROLLED]
    assert result.costs == ()


NORTHWEST = Region(
    id="oregon",
    name="Northwest",
    states=("OR", "WA"),
    delivery={"massage": (DeliveryMode.EMPLOYED, DeliveryMode.NETWORK, DeliveryMode.REIMBURSEMENT)},
    medical_centers=(
        MedicalCenter("mc-1", "Portland Center", "97201", ("massage",)),
        MedicalCenter("mc-2", "Salem Center", "97301", ("physical_therapy",)),
    ),
    citation="Regional directory 2025",
)


def test_the_answer_says_where_the_region_delivers_the_care() -> None:
    assert answer(plan_a(), region=NORTHWEST).where == (
        statement(
            T.DELIVERY_EMPLOYED,
            "Regional directory 2025",
            region="Northwest",
            centers="Portland Center",
        ),
        statement(T.DELIVERY_NETWORK, "Regional directory 2025", region="Northwest"),
    )


def test_reimbursement_of_a_therapist_the_member_found_needs_an_out_of_network_benefit() -> None:
    state = a_state(referrals=(a_prescription(),))
    where = answer(plan_d(), state, region=NORTHWEST).where
    assert where[-1] == statement(
        T.DELIVERY_REIMBURSEMENT, "Regional directory 2025", region="Northwest"
    )


def test_an_excluded_category_has_nowhere_to_go() -> None:
    assert answer(plan_e(), region=NORTHWEST).where == ()
