"""Claim adjudication: the check order of C1, worked examples W1-W6, liability (C5), code rules,
access rules, pends and returns, and the benefit period (C8)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from domain_builders import (
    DAY,
    a_benefit,
    a_claim,
    a_letter,
    a_line,
    a_member,
    a_plan,
    a_prescription,
    a_prior_line,
    a_provider,
    a_referral,
    a_reimbursement_request,
    a_state,
    an_authorization,
    plan_a,
    plan_b,
    plan_c,
    plan_d,
    plan_e,
    plan_f,
    plan_g,
    rules,
    some_accumulators,
    usd,
)

from camnav.domain.adjudication import (
    Adjudication,
    ClaimStatus,
    LineResult,
    LineStatus,
    adjudicate,
    replace_state,
)
from camnav.domain.claims import Attachment, Claim, ClaimLine, Submitter
from camnav.domain.codes import units_for_minutes
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Access, AccessRule, Plan, Tier
from camnav.domain.providers import LicenseStatus, Provider
from camnav.domain.reasons import Reason, ReasonCode, Reasons
from camnav.domain.referrals import Referral, add_months
from camnav.domain.state import MemberState, start_state

R = ReasonCode


def decide(
    *,
    claim: Claim | None = None,
    plan: Plan | None = None,
    provider: Provider | None = None,
    state: MemberState | None = None,
) -> Adjudication:
    """Adjudicate with W1's defaults: plan A, an Oregon therapist in network, a fresh state."""
    return adjudicate(
        claim or a_claim(), plan or plan_a(), provider or a_provider(), state or a_state(), rules()
    )


def only_line(result: Adjudication) -> LineResult:
    (line,) = result.lines
    return line


def primary_of(line: LineResult) -> Reason:
    assert line.primary is not None
    return line.primary


def codes(line: LineResult) -> list[ReasonCode]:
    return [r.code for r in line.reasons]


def after(result: Adjudication, plan: Plan, on: date = DAY) -> Accumulators:
    return result.state.accumulators(plan, on)


def weekly(start: date, count: int) -> list[date]:
    return [start + timedelta(weeks=n) for n in range(count)]


# --- worked examples W1-W6 -------------------------------------------------------------------


def test_w1_plan_a_pays_massage_without_a_referral_after_the_25_dollar_copay() -> None:
    plan = plan_a()
    state = a_state(
        out_of_pocket_met="200.00", visits={"massage": 3}, category_visits={"massage": 3}
    )
    result = decide(plan=plan, state=state)
    line = only_line(result)
    assert (result.status, line.allowed, line.member_owes, line.plan_pays) == (
        ClaimStatus.PAID,
        usd("140.00"),
        usd("25.00"),
        usd("115.00"),
    )
    assert line.reasons == (
        Reason(R.COPAY, (), "EOC 2025 §4.7 Therapeutic massage cost share", usd("25.00")),
        Reason(R.CONTRACTUAL_ADJUSTMENT, (), "", usd("20.00")),
    )
    assert result.visits_remaining == 8
    assert after(result, plan).out_of_pocket(Tier.IN_NETWORK) == usd("225.00")
    assert after(result, plan).visits("massage") == 4


def test_w2_plan_b_pays_massage_on_a_valid_referral_and_uses_one_of_its_visits() -> None:
    plan = plan_b()
    referral = a_referral(visits=6, visits_used=2)
    state = a_state(visits={"massage": 2}, referrals=(referral,))
    claim = a_claim(
        lines=(a_line(units=3, minutes=45, billed="120.00", on=date(2025, 3, 12)),),
        diagnoses=("M79.7", "G89.29"),
    )
    result = decide(claim=claim, plan=plan, state=state)
    line = only_line(result)
    assert (result.status, line.allowed, line.member_owes, line.plan_pays) == (
        ClaimStatus.PAID,
        usd("105.00"),
        usd("30.00"),
        usd("75.00"),
    )
    assert (line.referral_id, result.referral_visits_remaining, result.visits_remaining) == (
        "R-3003",
        3,
        9,
    )
    assert result.state.referral("R-3003") == a_referral(visits=6, visits_used=3)


def hdhp_massage(on: date) -> Claim:
    return a_claim(lines=(a_line(on=on),), diagnoses=("G89.29", "M54.50"))


def test_w3_an_hsa_plan_applies_the_deductible_first_and_the_visit_still_counts() -> None:
    plan = plan_c()
    state = a_state(referrals=(a_prescription(dated=date(2025, 1, 5)),))
    day = date(2025, 2, 3)
    result = decide(claim=hdhp_massage(day), plan=plan, state=state)
    line = only_line(result)
    assert (result.status, line.deductible, line.coinsurance, line.member_owes, line.plan_pays) == (
        ClaimStatus.PAID,
        usd("140.00"),
        0,
        usd("140.00"),
        0,
    )
    assert codes(line) == [R.DEDUCTIBLE, R.CONTRACTUAL_ADJUSTMENT]
    assert line.reasons[0].citation == "Benefit Summary §1 HSA plan: deductible first"
    tallies = after(result, plan, day)
    assert (tallies.deductible(Tier.IN_NETWORK), tallies.out_of_pocket(Tier.IN_NETWORK)) == (
        usd("140.00"),
        usd("140.00"),
    )
    assert plan.deductible_for(Tier.IN_NETWORK) - tallies.deductible(Tier.IN_NETWORK) == usd(
        "1510.00"
    )
    assert result.visits_remaining == 19


def test_w4_the_deductible_is_met_inside_the_claim_and_coinsurance_applies_to_the_rest() -> None:
    plan = plan_c()
    state = a_state(
        deductible_met="1600.00",
        out_of_pocket_met="1600.00",
        visits={"cam": 5},
        referrals=(a_prescription(dated=date(2025, 1, 5)),),
    )
    day = date(2025, 6, 2)
    line = only_line(result := decide(claim=hdhp_massage(day), plan=plan, state=state))
    assert (line.deductible, line.coinsurance, line.member_owes, line.plan_pays) == (
        usd("50.00"),
        usd("18.00"),
        usd("68.00"),
        usd("72.00"),
    )
    assert [(r.code, r.amount) for r in line.reasons[:2]] == [
        (R.DEDUCTIBLE, usd("50.00")),
        (R.COINSURANCE, usd("18.00")),
    ]
    tallies = after(result, plan, day)
    assert (tallies.deductible(Tier.IN_NETWORK), tallies.out_of_pocket(Tier.IN_NETWORK)) == (
        usd("1650.00"),
        usd("1668.00"),
    )
    assert result.visits_remaining == 14


def test_w5_the_out_of_pocket_maximum_is_reached_inside_the_claim() -> None:
    plan = plan_c()
    state = a_state(
        deductible_met="1650.00",
        out_of_pocket_met="4990.00",
        visits={"cam": 10},
        referrals=(a_prescription(dated=date(2025, 1, 5)),),
    )
    day = date(2025, 9, 15)
    line = only_line(result := decide(claim=hdhp_massage(day), plan=plan, state=state))
    assert (line.deductible, line.coinsurance, line.member_owes, line.plan_pays) == (
        0,
        usd("10.00"),
        usd("10.00"),
        usd("130.00"),
    )
    assert after(result, plan, day).out_of_pocket(Tier.IN_NETWORK) == usd("5000.00")
    assert result.visits_remaining == 9
    next_visit = hdhp_massage(date(2025, 9, 22))
    assert only_line(decide(claim=next_visit, plan=plan, state=result.state)).member_owes == 0


def test_w6_out_of_network_reimbursement_pays_the_member_and_leaves_the_balance_bill() -> None:
    plan = plan_d()
    therapist = a_provider(in_network=False)
    state = a_state(
        deductible_met="1000.00",
        out_of_network_deductible_met="2000.00",
        out_of_network_out_of_pocket_met="500.00",
        visits={"cam": 3},
        referrals=(a_prescription(dated=date(2025, 1, 20)),),
    )
    day = date(2025, 4, 7)
    claim = a_reimbursement_request(
        lines=(a_line(billed="240.00", on=day),),
        diagnoses=("M79.7",),
        attachments=(
            Attachment.ITEMIZED_BILL,
            Attachment.PROOF_OF_PAYMENT,
            Attachment.PRESCRIPTION_COPY,
        ),
        amount_paid="240.00",
        received=date(2025, 4, 20),
    )
    result = decide(claim=claim, plan=plan, provider=therapist, state=state)
    line = only_line(result)
    assert (result.status, line.tier, line.allowed, line.coinsurance) == (
        ClaimStatus.PAID,
        Tier.OUT_OF_NETWORK,
        usd("166.66"),
        usd("66.66"),
    )
    assert (line.plan_pays, line.member_owes, line.balance_bill, line.member_total) == (
        usd("100.00"),
        usd("66.66"),
        usd("73.34"),
        usd("140.00"),
    )
    assert codes(line) == [R.COINSURANCE, R.OUT_OF_NETWORK_ALLOWANCE]
    tallies = after(result, plan, day)
    assert (tallies.out_of_pocket(Tier.OUT_OF_NETWORK), tallies.out_of_pocket(Tier.IN_NETWORK)) == (
        usd("566.66"),
        0,
    )
    assert result.visits_remaining == 16


# --- check order (C1) ------------------------------------------------------------------------


def test_a_line_failing_every_check_lists_its_reasons_in_check_order() -> None:
    massage = a_benefit(copay="30.00", access=AccessRule.REFERRAL, excluded=("tui_na",))
    plan = a_plan(benefits=(massage,))
    lapsed = a_provider(in_network=False, license_status=LicenseStatus.LAPSED)
    line = a_line(units=4, minutes=30, modality="tui_na")
    state = a_state(
        member=a_member(end=date(2025, 2, 28)),
        visits={"massage": 12},
        history=(a_prior_line(provider=lapsed, paid=False),),
    )
    claim = a_claim(
        lines=(line,),
        diagnoses=("Z73.3",),
        provider=lapsed,
        submitter=Submitter.MEMBER,
        received=date(2026, 3, 11),
    )
    result = decide(claim=claim, plan=plan, provider=lapsed, state=state)
    decided = only_line(result)
    assert codes(decided) == [
        R.COVERAGE_ENDED,  # (1) eligibility
        R.DUPLICATE,  # (2) duplicate
        R.FILING_LIMIT_EXPIRED,  # (2) filing limit
        R.ATTACHMENT_MISSING,  # (3) documentation: itemized bill
        R.ATTACHMENT_MISSING,  # proof of payment
        R.ATTACHMENT_MISSING,  # referral copy
        R.UNITS_EXCEED_MINUTES,  # (4) codes
        R.MODALITY_EXCLUDED,  # (5) benefit
        R.PROVIDER_NOT_LICENSED,  # (6) provider
        R.OUT_OF_NETWORK_NOT_COVERED,  # (7) network
        R.STRESS_ONLY,  # (8) medical necessity
        R.REFERRAL_MISSING,  # (9) referral
        R.VISIT_LIMIT_REACHED,  # (10) visit limit
    ]
    assert [r.param.get("attachment") for r in decided.reasons[3:6]] == [
        "itemized_bill",
        "proof_of_payment",
        "referral_copy",
    ]
    assert (result.status, decided.status, decided.member_owes) == (
        ClaimStatus.DENIED,
        LineStatus.DENIED,
        usd("160.00"),
    )


def test_a_later_failure_is_kept_as_a_secondary_reason_behind_the_primary() -> None:
    state = a_state(visits={"massage": 12}, category_visits={"massage": 12})
    claim = a_claim(diagnoses=("Z73.3",))
    line = only_line(decide(claim=claim, state=state))
    assert codes(line) == [R.STRESS_ONLY, R.VISIT_LIMIT_REACHED]
    assert line.primary == Reason(
        R.STRESS_ONLY, (("diagnoses", "Z73.3"),), "EOC §4.2 Medical necessity"
    )
    assert line.member_owes == 0


def test_the_first_reason_of_a_reasons_list_is_its_primary() -> None:
    first, second = Reason(R.STRESS_ONLY), Reason(R.VISIT_LIMIT_REACHED)
    assert (Reasons((first, second)).primary, Reasons().primary) == (first, None)


def test_an_unknown_procedure_stops_after_the_code_checks() -> None:
    claim = a_claim(lines=(a_line(code="99999", units=1, minutes=None),), diagnoses=("Z73.3",))
    line = only_line(decide(claim=claim, state=a_state(visits={"massage": 12})))
    assert (line.status, codes(line), line.category, line.member_owes) == (
        LineStatus.DENIED,
        [R.UNKNOWN_PROCEDURE],
        None,
        0,
    )


def test_a_code_the_fee_schedule_does_not_price_is_denied_as_an_unknown_procedure() -> None:
    acupuncturist = a_provider(category="acupuncture")
    claim = a_claim(lines=(a_line(code="97813", units=1, minutes=15),), provider=acupuncturist)
    line = only_line(decide(claim=claim, plan=plan_b(), provider=acupuncturist))
    assert line.primary == Reason(
        R.UNKNOWN_PROCEDURE, (("code", "97813"), ("fee_schedule", "example-contracted-2025"))
    )
    assert (line.status, line.member_owes) == (LineStatus.DENIED, 0)


def test_out_of_network_a_code_without_a_reference_rate_is_an_unknown_procedure() -> None:
    chiropractor = a_provider(category="chiropractic", in_network=False)
    claim = a_claim(
        lines=(a_line(code="98940", units=1, minutes=None, billed="60.00"),),
        provider=chiropractor,
        received=DAY,
    )
    state = a_state(referrals=(a_prescription(category="chiropractic"),))
    line = only_line(decide(claim=claim, plan=plan_d(), provider=chiropractor, state=state))
    assert line.primary == Reason(
        R.UNKNOWN_PROCEDURE, (("code", "98940"), ("fee_schedule", "medicare-national-2025"))
    )


@pytest.mark.parametrize(
    ("diagnoses", "primary"),
    [
        (
            ("M54.5",),
            Reason(
                R.DIAGNOSIS_INVALID,
                (("code", "M54.5"), ("use", "M54.50, M54.51, M54.59"), ("why", "header")),
            ),
        ),
        ((), Reason(R.DIAGNOSIS_MISSING)),
    ],
    ids=["header since 2021-10-01", "no diagnosis"],
)
def test_a_diagnosis_not_billable_on_the_date_of_service_is_a_provider_error(
    diagnoses: tuple[str, ...], primary: Reason
) -> None:
    line = only_line(decide(claim=a_claim(diagnoses=diagnoses)))
    assert (line.primary, line.member_owes, line.patient_responsibility) == (primary, 0, False)


@pytest.mark.parametrize(
    ("injury", "use"),
    [("S72.141D", (("use", "S72.141D"),)), ("T31.10", ())],
    ids=["fracture with a 7th character", "burn extent without one"],
)
def test_orthopedic_aftercare_next_to_an_injury_is_coded_to_the_injury_instead(
    injury: str, use: tuple[tuple[str, str], ...]
) -> None:
    line = only_line(decide(claim=a_claim(diagnoses=("Z47.89", injury))))
    params = tuple(sorted((("code", "Z47.89"), ("why", "injury_aftercare_as_z47"), *use)))
    assert (line.primary, line.member_owes) == (Reason(R.DIAGNOSIS_INVALID, params), 0)


def test_an_injury_code_of_the_initial_encounter_asks_for_the_subsequent_encounter() -> None:
    line = only_line(decide(claim=a_claim(diagnoses=("S72.141A",))))
    assert line.primary == Reason(
        R.DIAGNOSIS_INVALID,
        (("code", "S72.141A"), ("use", "S72.141D"), ("why", "injury_active_treatment")),
    )


def test_rehabilitation_after_an_injury_coded_with_7th_character_d_is_covered() -> None:
    line = only_line(decide(claim=a_claim(diagnoses=("S72.141D",))))
    assert (line.status, line.member_owes) == (LineStatus.PAID, usd("25.00"))


def test_m54_5_was_a_billable_low_back_pain_code_before_october_2021() -> None:
    plan = plan_a(year=2021)
    day = date(2021, 9, 30)
    claim = a_claim(lines=(a_line(on=day),), diagnoses=("M54.5",))
    state = a_state(member=a_member(start=date(2021, 1, 1)), period=date(2021, 1, 1))
    line = only_line(decide(claim=claim, plan=plan, state=state))
    assert (line.status, line.member_owes) == (LineStatus.PAID, usd("25.00"))


def test_a_diagnosis_outside_the_qualifying_value_sets_is_not_covered_and_held_harmless() -> None:
    line = only_line(decide(claim=a_claim(diagnoses=("R51.9",))))
    assert (line.primary, line.member_owes) == (
        Reason(R.DIAGNOSIS_NOT_COVERED, (("diagnoses", "R51.9"),), "EOC §4.2 Medical necessity"),
        0,
    )


def test_fibromyalgia_is_not_a_covered_indication_for_medicare_acupuncture() -> None:
    acupuncturist = a_provider(category="acupuncture")
    claim = a_claim(
        lines=(a_line(code="97810", units=1, minutes=15, billed="60.00"),),
        diagnoses=("M79.7",),
        provider=acupuncturist,
    )
    line = only_line(decide(claim=claim, plan=plan_g(), provider=acupuncturist))
    assert (codes(line), line.member_owes) == ([R.DIAGNOSIS_NOT_COVERED], 0)


def test_a_session_longer_than_the_plan_allows_is_denied() -> None:
    plan = a_plan(benefits=(a_benefit(session_max_minutes=60),))
    claim = a_claim(lines=(a_line(units=5, minutes=75, billed="200.00"),))
    line = only_line(decide(claim=claim, plan=plan))
    assert line.primary == Reason(
        R.SESSION_TOO_LONG, (("limit", "60"), ("minutes", "75")), "EOC §4 massage"
    )


def test_a_session_without_minutes_is_measured_by_its_units() -> None:
    plan = a_plan(benefits=(a_benefit(session_max_minutes=60),))
    claim = a_claim(lines=(a_line(units=5, minutes=None, billed="200.00"),))
    assert codes(only_line(decide(claim=claim, plan=plan))) == [R.SESSION_TOO_LONG]


def test_a_provider_of_another_type_may_not_deliver_physical_therapy() -> None:
    therapist = a_provider(category="massage")
    claim = a_claim(lines=(a_line(code="97110", units=2, minutes=30, billed="80.00"),))
    line = only_line(decide(claim=claim, plan=plan_f(), provider=therapist))
    assert (line.category, line.primary, line.member_owes) == (
        "physical_therapy",
        Reason(
            R.PROVIDER_NOT_QUALIFIED,
            (("provider_type", "massage"),),
            "EOC 2025 §4.3 Physical therapy",
        ),
        0,
    )


def test_massage_techniques_inside_physical_therapy_by_a_physical_therapist_are_covered() -> None:
    therapist = a_provider(category="physical_therapy")
    claim = a_claim(lines=(a_line(code="97124", units=2, minutes=30, billed="90.00"),))
    line = only_line(decide(claim=claim, plan=plan_f(), provider=therapist))
    assert (line.category, line.status, line.member_owes, line.plan_pays) == (
        "physical_therapy",
        LineStatus.PAID,
        usd("20.00"),
        usd("50.00"),
    )


def test_massage_by_a_massage_therapist_is_excluded_on_plan_f() -> None:
    line = only_line(decide(plan=plan_f()))
    assert (line.category, codes(line), line.member_owes) == (
        "massage",
        [R.SERVICE_EXCLUDED],
        usd("160.00"),
    )


def test_an_excluded_category_names_the_covered_alternatives() -> None:
    line = only_line(decide(plan=plan_e()))
    assert line.primary == Reason(
        R.SERVICE_EXCLUDED,
        (("alternatives", "chiropractic, acupuncture"), ("category", "massage")),
        "EOC 2025 §5.2(14) Exclusions - massage therapy",
    )


def test_a_category_the_plan_does_not_mention_is_not_covered() -> None:
    acupuncturist = a_provider(category="acupuncture")
    claim = a_claim(lines=(a_line(code="97810", units=1, minutes=15, billed="60.00"),))
    line = only_line(decide(claim=claim, plan=plan_a(), provider=acupuncturist))
    assert line.primary == Reason(
        R.SERVICE_EXCLUDED,
        (("alternatives", ""), ("category", "acupuncture")),
        "Example Health example-a Evidence of Coverage 2025",
    )


# --- liability on a denial (C5) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("signed_waiver", "discount_participant", "member_owes", "patient_responsibility"),
    [
        (False, False, "0.00", False),
        (False, True, "0.00", False),
        (True, False, "120.00", True),
        (True, True, "96.00", True),
    ],
)
def test_a_contracted_provider_writes_off_a_failed_referral_unless_the_member_signed_a_waiver(
    signed_waiver: bool, discount_participant: bool, member_owes: str, patient_responsibility: bool
) -> None:
    therapist = a_provider(discount_participant=discount_participant)
    claim = a_claim(
        lines=(a_line(units=3, minutes=45, billed="120.00"),), signed_waiver=signed_waiver
    )
    line = only_line(decide(claim=claim, plan=plan_b(), provider=therapist))
    assert (line.primary, line.member_owes, line.patient_responsibility) == (
        Reason(
            R.REFERRAL_MISSING, (("category", "massage"),), "EOC 2025 §4.9 Massage therapy access"
        ),
        usd(member_owes),
        patient_responsibility,
    )


def test_an_excluded_modality_at_a_discount_provider_costs_the_discount_price() -> None:
    plan = a_plan(benefits=(a_benefit(excluded=("tui_na",)),), discount="20%")
    claim = a_claim(lines=(a_line(modality="Tui_Na "),))
    line = only_line(decide(claim=claim, plan=plan, provider=a_provider(discount_participant=True)))
    assert (line.primary, line.member_owes) == (
        Reason(R.MODALITY_EXCLUDED, (("modality", "tui_na"),), "EOC §4 massage exclusions"),
        usd("128.00"),
    )


def test_out_of_network_care_without_an_out_of_network_benefit_costs_the_charge() -> None:
    line = only_line(decide(provider=a_provider(in_network=False)))
    assert (line.tier, line.primary, line.member_owes, line.patient_responsibility) == (
        Tier.OUT_OF_NETWORK,
        Reason(
            R.OUT_OF_NETWORK_NOT_COVERED,
            (("network", "example-health-network"),),
            "EOC §6 massage out of network",
        ),
        usd("160.00"),
        True,
    )


@pytest.mark.parametrize(
    ("member", "primary"),
    [
        (a_member(end=date(2025, 2, 28)), Reason(R.COVERAGE_ENDED, (("end", "2025-02-28"),))),
        (a_member(start=date(2025, 4, 1)), Reason(R.NOT_YET_COVERED, (("start", "2025-04-01"),))),
    ],
    ids=["coverage ended", "not yet covered"],
)
def test_care_outside_the_coverage_period_is_the_members_to_pay(
    member: Enrollment, primary: Reason
) -> None:
    state = a_state(member=member)
    line = only_line(result := decide(state=state))
    assert (primary_of(line).code, primary_of(line).params) == (primary.code, primary.params)
    assert (result.status, line.member_owes) == (ClaimStatus.DENIED, usd("160.00"))


def test_care_after_coverage_ended_costs_the_discount_price_at_a_participating_provider() -> None:
    state = a_state(member=a_member(end=date(2025, 2, 28)))
    provider = a_provider(discount_participant=True)
    line = only_line(decide(plan=plan_b(), provider=provider, state=state))
    assert (codes(line)[0], line.member_owes) == (R.COVERAGE_ENDED, usd("128.00"))


def test_the_plan_effective_dates_bound_coverage_too() -> None:
    state = a_state(member=a_member(start=date(2024, 6, 1)))
    claim = a_claim(lines=(a_line(on=date(2024, 12, 30)),))
    line = only_line(decide(claim=claim, state=state))
    assert line.primary == Reason(
        R.NOT_YET_COVERED,
        (("start", "2025-01-01"),),
        "Example Health example-a Evidence of Coverage 2025",
    )


@pytest.mark.parametrize(
    ("in_network", "member_owes"), [(True, "0.00"), (False, "160.00")], ids=["contracted", "not"]
)
def test_a_denied_reimbursement_request_leaves_the_charge_with_the_member_only_out_of_network(
    in_network: bool, member_owes: str
) -> None:
    provider = a_provider(in_network=in_network)
    plan = plan_d()
    state = a_state(referrals=(a_prescription(),))
    claim = a_reimbursement_request(
        diagnoses=("Z73.3",),
        provider=provider,
        attachments=(
            Attachment.ITEMIZED_BILL,
            Attachment.PROOF_OF_PAYMENT,
            Attachment.PRESCRIPTION_COPY,
        ),
    )
    line = only_line(decide(claim=claim, plan=plan, provider=provider, state=state))
    assert (primary_of(line).code, line.member_owes) == (R.STRESS_ONLY, usd(member_owes))


# --- the 8-minute rule and code rules --------------------------------------------------------

EIGHT_MINUTE_RULE = [
    (7, 0),
    (8, 1),
    (22, 1),
    (23, 2),
    (37, 2),
    (38, 3),
    (52, 3),
    (53, 4),
    (67, 4),
    (68, 5),
    (82, 5),
    (83, 6),
    (97, 6),
]


@pytest.mark.parametrize(("minutes", "units"), EIGHT_MINUTE_RULE)
def test_timed_minutes_give_units_by_the_8_minute_rule(minutes: int, units: int) -> None:
    assert units_for_minutes(minutes) == units


@pytest.mark.parametrize(("minutes", "units"), [row for row in EIGHT_MINUTE_RULE if row[1]])
def test_a_line_may_bill_the_units_its_minutes_allow_but_not_one_more(
    minutes: int, units: int
) -> None:
    allowed = a_claim(lines=(a_line(units=units, minutes=minutes, billed="300.00"),))
    paid = only_line(decide(claim=allowed))
    assert (paid.status, paid.allowed) == (LineStatus.PAID, usd("35.00") * units)
    too_many = a_claim(lines=(a_line(units=units + 1, minutes=minutes, billed="300.00"),))
    denied = only_line(decide(claim=too_many))
    assert denied.primary == Reason(
        R.UNITS_EXCEED_MINUTES,
        (("billable", str(units)), ("minutes", str(minutes)), ("units", str(units + 1))),
    )
    assert denied.member_owes == 0


def test_under_8_minutes_a_timed_service_cannot_be_billed() -> None:
    line = only_line(decide(claim=a_claim(lines=(a_line(units=1, minutes=7),))))
    assert (line.primary, line.member_owes) == (
        Reason(R.UNDER_MINIMUM_MINUTES, (("minutes", "7"),)),
        0,
    )


def test_an_untimed_code_ignores_the_minutes() -> None:
    chiropractor = a_provider(category="chiropractic")
    claim = a_claim(lines=(a_line(code="98940", units=1, minutes=5, billed="60.00"),))
    line = only_line(decide(claim=claim, provider=chiropractor))
    assert (line.status, line.allowed, line.member_owes) == (
        LineStatus.PAID,
        usd("40.00"),
        usd("25.00"),
    )


def acupuncture(*specs: tuple[str, int], on: date = DAY) -> tuple[ClaimLine, ...]:
    return tuple(
        a_line(number=n, code=code, units=units, minutes=15 * units, billed="60.00", on=on)
        for n, (code, units) in enumerate(specs, start=1)
    )


ACUPUNCTURIST = a_provider(id="P-ACU", category="acupuncture")


def test_a_second_initial_acupuncture_code_on_the_same_day_is_denied() -> None:
    claim = a_claim(lines=acupuncture(("97810", 1), ("97813", 1)), provider=ACUPUNCTURIST)
    result = decide(claim=claim, plan=plan_b(), provider=ACUPUNCTURIST)
    first, second = result.lines
    assert (first.status, first.member_owes, first.plan_pays) == (
        LineStatus.PAID,
        usd("30.00"),
        usd("15.00"),
    )
    assert (second.primary, second.member_owes) == (
        Reason(R.SECOND_INITIAL_CODE, (("code", "97813"),)),
        0,
    )
    assert result.status is ClaimStatus.PARTIALLY_PAID


def test_an_initial_acupuncture_code_is_one_unit() -> None:
    claim = a_claim(lines=acupuncture(("97810", 2)), provider=ACUPUNCTURIST)
    line = only_line(decide(claim=claim, plan=plan_b(), provider=ACUPUNCTURIST))
    assert codes(line) == [R.SECOND_INITIAL_CODE]


def test_an_initial_code_already_paid_that_day_on_another_claim_counts() -> None:
    plan = plan_b()
    first = decide(
        claim=a_claim(lines=acupuncture(("97810", 1)), provider=ACUPUNCTURIST),
        plan=plan,
        provider=ACUPUNCTURIST,
    )
    again = a_claim(id="C-2", lines=acupuncture(("97813", 1)), provider=ACUPUNCTURIST)
    line = only_line(decide(claim=again, plan=plan, provider=ACUPUNCTURIST, state=first.state))
    assert codes(line) == [R.SECOND_INITIAL_CODE]


def test_an_add_on_acupuncture_code_without_its_initial_code_is_denied() -> None:
    claim = a_claim(lines=acupuncture(("97811", 1)), provider=ACUPUNCTURIST)
    line = only_line(decide(claim=claim, plan=plan_b(), provider=ACUPUNCTURIST))
    assert (line.primary, line.member_owes) == (
        Reason(R.ADD_ON_WITHOUT_PRIMARY, (("code", "97811"), ("primary", "97810"))),
        0,
    )


def test_an_add_on_code_with_its_initial_code_is_paid_and_the_copay_is_taken_once() -> None:
    claim = a_claim(lines=acupuncture(("97810", 1), ("97811", 2)), provider=ACUPUNCTURIST)
    result = decide(claim=claim, plan=plan_b(), provider=ACUPUNCTURIST)
    assert [(line.allowed, line.copay, line.plan_pays) for line in result.lines] == [
        (usd("45.00"), usd("30.00"), usd("15.00")),
        (usd("60.00"), 0, usd("60.00")),
    ]
    assert [line.counted_visit for line in result.lines] == [True, False]
    assert after(result, plan_b()).visits("acupuncture") == 1


CHIROPRACTOR = a_provider(id="P-DC", category="chiropractic")


def manipulation_with_manual_therapy(modifiers: tuple[str, ...]) -> Claim:
    return a_claim(
        lines=(
            a_line(number=1, code="98940", units=1, minutes=None, billed="60.00"),
            a_line(
                number=2, code="97140", units=1, minutes=15, billed="50.00", modifiers=modifiers
            ),
        ),
        provider=CHIROPRACTOR,
    )


@pytest.mark.parametrize(
    ("modifiers", "bundled"),
    [((), True), (("GP",), True), (("59",), False), (("XS",), False), (("xe",), False)],
)
def test_manual_therapy_the_same_day_as_spinal_manipulation_is_bundled_unless_marked_distinct(
    modifiers: tuple[str, ...], bundled: bool
) -> None:
    result = decide(claim=manipulation_with_manual_therapy(modifiers), provider=CHIROPRACTOR)
    manipulation, manual_therapy = result.lines
    assert (manipulation.status, manipulation.member_owes) == (LineStatus.PAID, usd("25.00"))
    if bundled:
        assert (manual_therapy.primary, manual_therapy.member_owes) == (
            Reason(R.BUNDLED, (("code", "97140"),)),
            0,
        )
    else:
        assert (manual_therapy.status, manual_therapy.copay, manual_therapy.plan_pays) == (
            LineStatus.PAID,
            0,
            usd("33.00"),
        )


def test_manual_therapy_listed_before_the_manipulation_is_bundled_too() -> None:
    claim = a_claim(
        lines=(
            a_line(number=1, code="97140", units=1, minutes=15, billed="50.00"),
            a_line(number=2, code="98941", units=1, minutes=None, billed="70.00"),
        ),
        provider=CHIROPRACTOR,
    )
    first, _ = decide(claim=claim, provider=CHIROPRACTOR).lines
    assert codes(first) == [R.BUNDLED]


def test_manual_therapy_by_another_provider_the_day_of_a_manipulation_is_not_bundled() -> None:
    plan = plan_a()
    manipulation = decide(
        claim=a_claim(
            lines=(a_line(code="98940", units=1, minutes=None, billed="60.00"),),
            provider=CHIROPRACTOR,
        ),
        plan=plan,
        provider=CHIROPRACTOR,
    )
    massage = a_claim(id="C-2", lines=(a_line(code="97140", units=1, minutes=15, billed="50.00"),))
    line = only_line(decide(claim=massage, plan=plan, state=manipulation.state))
    assert (line.category, line.status, line.member_owes) == (
        "massage",
        LineStatus.PAID,
        usd("25.00"),
    )


# --- copays and visits -----------------------------------------------------------------------


def test_one_copay_per_visit_across_the_lines_of_a_claim() -> None:
    claim = a_claim(
        lines=(
            a_line(number=1, code="97124", units=2, minutes=30, billed="80.00"),
            a_line(number=2, code="97140", units=1, minutes=15, billed="50.00"),
        )
    )
    result = decide(claim=claim)
    assert [(line.allowed, line.copay, line.plan_pays) for line in result.lines] == [
        (usd("70.00"), usd("25.00"), usd("45.00")),
        (usd("33.00"), 0, usd("33.00")),
    ]
    assert (result.member_owes, result.plan_pays) == (usd("25.00"), usd("78.00"))
    assert after(result, plan_a()).visits("massage") == 1


def test_a_copay_larger_than_the_first_line_is_finished_on_the_next_line_of_the_visit() -> None:
    plan = a_plan(benefits=(a_benefit(copay="50.00"),))
    claim = a_claim(
        lines=(
            a_line(number=1, code="97140", units=1, minutes=15, billed="50.00"),
            a_line(number=2, code="97124", units=2, minutes=30, billed="80.00"),
        )
    )
    result = decide(claim=claim, plan=plan)
    assert [line.copay for line in result.lines] == [usd("33.00"), usd("17.00")]


def test_a_second_claim_for_the_same_visit_takes_no_second_copay_and_no_second_visit() -> None:
    plan = plan_a()
    first = decide(claim=a_claim(lines=(a_line(units=2, minutes=30, billed="80.00"),)), plan=plan)
    second_claim = a_claim(
        id="C-2", lines=(a_line(code="97140", units=1, minutes=15, billed="50.00"),)
    )
    second = decide(claim=second_claim, plan=plan, state=first.state)
    line = only_line(second)
    assert (line.copay, line.plan_pays, line.counted_visit) == (0, usd("33.00"), False)
    assert after(second, plan).visits("massage") == 1


def test_the_13th_visit_of_a_12_visit_year_is_denied_and_the_member_owes_the_charge() -> None:
    state = a_state(visits={"massage": 12})
    line = only_line(result := decide(state=state))
    assert (line.primary, line.member_owes) == (
        Reason(
            R.VISIT_LIMIT_REACHED,
            (("limit", "12"), ("used", "12")),
            "Benefit Summary: 12 visits (massage)",
        ),
        usd("160.00"),
    )
    assert (result.visits_remaining, after(result, plan_a()).visits("massage")) == (0, 12)


def test_the_visit_limit_at_a_discount_provider_costs_the_discount_price() -> None:
    state = a_state(visits={"massage": 12}, referrals=(a_referral(),))
    provider = a_provider(discount_participant=True)
    line = only_line(decide(plan=plan_b(), provider=provider, state=state))
    assert (codes(line), line.member_owes) == ([R.VISIT_LIMIT_REACHED], usd("128.00"))


def test_a_shared_limit_counts_visits_of_every_category_in_the_group() -> None:
    plan = plan_c()
    state = a_state(visits={"cam": 19}, referrals=(a_prescription(),))
    chiropractic = a_claim(lines=(a_line(code="98940", units=1, minutes=None, billed="60.00"),))
    first = decide(claim=chiropractic, plan=plan, provider=CHIROPRACTOR, state=state)
    assert (first.status, first.visits_remaining) == (ClaimStatus.PAID, 0)
    massage = decide(
        claim=a_claim(id="C-2", lines=(a_line(on=DAY + timedelta(days=1)),)),
        plan=plan,
        state=first.state,
    )
    assert codes(only_line(massage)) == [R.VISIT_LIMIT_REACHED]


def test_a_denied_visit_does_not_count_against_the_limit() -> None:
    plan = plan_a()
    result = decide(
        claim=a_claim(diagnoses=("Z73.3",)), plan=plan, state=a_state(visits={"massage": 3})
    )
    assert (after(result, plan).visits("massage"), result.visits_remaining) == (3, 9)


def test_a_plan_without_visit_limits_reports_no_visits_remaining() -> None:
    therapist = a_provider(category="physical_therapy")
    claim = a_claim(lines=(a_line(code="97110", units=2, minutes=30, billed="80.00"),))
    assert decide(claim=claim, plan=plan_f(), provider=therapist).visits_remaining is None


# --- referrals, prescriptions and authorizations ---------------------------------------------


def referral_visit(on: date, number: int = 1) -> Claim:
    return a_claim(id=f"C-{number}", lines=(a_line(units=3, minutes=45, billed="120.00", on=on),))


def test_a_referral_that_expired_the_day_before_the_visit_is_denied_and_held_harmless() -> None:
    referral = a_referral(valid_to=date(2025, 3, 11))
    state = a_state(referrals=(referral,))
    line = only_line(decide(claim=referral_visit(date(2025, 3, 12)), plan=plan_b(), state=state))
    assert line.primary == Reason(
        R.REFERRAL_EXPIRED,
        (
            ("referral", "R-3003"),
            ("used", "0"),
            ("valid_from", "2025-02-01"),
            ("valid_to", "2025-03-11"),
            ("visits", "6"),
        ),
        "EOC 2025 §4.9 Massage therapy access",
    )
    assert line.member_owes == 0


def test_a_referral_is_valid_on_its_last_day() -> None:
    state = a_state(referrals=(a_referral(valid_to=date(2025, 3, 12)),))
    result = decide(claim=referral_visit(date(2025, 3, 12)), plan=plan_b(), state=state)
    assert (result.status, result.referral_visits_remaining) == (ClaimStatus.PAID, 5)


def test_a_referral_is_valid_from_its_first_day_and_not_before() -> None:
    state = a_state(referrals=(a_referral(valid_from=date(2025, 3, 12)),))
    early = only_line(decide(claim=referral_visit(date(2025, 3, 11)), plan=plan_b(), state=state))
    assert codes(early) == [R.REFERRAL_NOT_YET_VALID]
    on_time = decide(claim=referral_visit(date(2025, 3, 12)), plan=plan_b(), state=state)
    assert on_time.status is ClaimStatus.PAID


def test_the_7th_visit_of_a_6_visit_referral_is_denied_as_visits_used() -> None:
    plan = plan_b()
    state = a_state(referrals=(a_referral(visits=6),))
    results = []
    for number, day in enumerate(weekly(date(2025, 2, 3), 7), start=1):
        result = decide(claim=referral_visit(day, number), plan=plan, state=state)
        state = result.state
        results.append(result)
    assert [r.status for r in results] == [ClaimStatus.PAID] * 6 + [ClaimStatus.DENIED]
    assert [r.referral_visits_remaining for r in results[:6]] == [5, 4, 3, 2, 1, 0]
    seventh = only_line(results[-1])
    primary = primary_of(seventh)
    assert (primary.code, primary.param["used"], seventh.member_owes) == (
        R.REFERRAL_VISITS_USED,
        "6",
        0,
    )
    assert after(results[-1], plan).visits("massage") == 6


def test_the_referral_ending_first_is_used_first() -> None:
    ending_soon = a_referral(id="R-1", valid_to=date(2025, 3, 31))
    ending_later = a_referral(id="R-2", valid_to=date(2025, 9, 30))
    state = a_state(referrals=(ending_later, ending_soon))
    line = only_line(decide(claim=referral_visit(DAY), plan=plan_b(), state=state))
    assert line.referral_id == "R-1"


def test_a_referral_for_another_category_does_not_count() -> None:
    state = a_state(referrals=(a_referral(category="acupuncture"),))
    line = only_line(decide(claim=referral_visit(DAY), plan=plan_b(), state=state))
    assert codes(line) == [R.REFERRAL_MISSING]


@pytest.mark.parametrize(
    ("dated", "denial"),
    [
        (None, R.PRESCRIPTION_MISSING),
        (date(2024, 2, 2), R.PRESCRIPTION_TOO_OLD),
        (date(2024, 2, 3), None),  # 12 months to the day
        (date(2025, 1, 5), None),
    ],
)
def test_a_prescription_plan_needs_a_prescription_no_older_than_12_months(
    dated: date | None, denial: ReasonCode | None
) -> None:
    state = a_state(referrals=(a_prescription(dated=dated),) if dated else ())
    line = only_line(decide(claim=hdhp_massage(date(2025, 2, 3)), plan=plan_c(), state=state))
    found = primary_of(line).code if line.status is LineStatus.DENIED else None
    assert found is denial


def test_a_referral_is_accepted_where_a_prescription_is_needed() -> None:
    state = a_state(referrals=(a_referral(valid_from=date(2025, 1, 5)),))
    line = only_line(decide(claim=hdhp_massage(date(2025, 2, 3)), plan=plan_c(), state=state))
    assert line.status is LineStatus.PAID


@pytest.mark.parametrize(
    ("dated", "last_day"),
    [
        (date(2024, 1, 31), date(2025, 1, 31)),
        (date(2024, 3, 31), date(2025, 3, 31)),
        (date(2024, 2, 29), date(2025, 2, 28)),
    ],
)
def test_a_prescription_lasts_to_the_same_day_a_year_later_or_the_end_of_a_shorter_month(
    dated: date, last_day: date
) -> None:
    state = a_state(referrals=(a_prescription(dated=dated),))
    plan = plan_c()
    on_time = decide(claim=hdhp_massage(last_day), plan=plan, state=state)
    late = decide(claim=hdhp_massage(last_day + timedelta(days=1)), plan=plan, state=state)
    assert (on_time.status, codes(only_line(late))) == (ClaimStatus.PAID, [R.PRESCRIPTION_TOO_OLD])


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
    ],
)
def test_months_are_added_to_a_date_pulling_back_to_the_last_day_of_a_shorter_month(
    day: date, months: int, result: date
) -> None:
    assert add_months(day, months) == result


@pytest.mark.parametrize(
    ("rule", "needs_document"),
    [
        (AccessRule.SELF_REFERRAL, False),
        (AccessRule.REFERRAL, True),
        (AccessRule.PRESCRIPTION, True),
        (AccessRule.TREATMENT_PLAN, False),
        (AccessRule.AUTHORIZATION_FROM_VISIT, False),
    ],
)
def test_only_referral_and_prescription_rules_need_a_document_before_the_first_visit(
    rule: AccessRule, needs_document: bool
) -> None:
    assert Access(rule).needs_document is needs_document


def rider_visit(on: date, number: int = 1) -> Claim:
    return a_claim(
        id=f"C-{number}",
        lines=(a_line(code="98940", units=1, minutes=None, billed="60.00", on=on),),
        provider=CHIROPRACTOR,
    )


def test_a_treatment_plan_rule_lets_the_first_visit_through_then_needs_an_authorization() -> None:
    plan = plan_e()
    first = decide(claim=rider_visit(DAY), plan=plan, provider=CHIROPRACTOR)
    assert (first.status, only_line(first).member_owes) == (ClaimStatus.PAID, usd("15.00"))
    second = decide(
        claim=rider_visit(DAY + timedelta(days=7), 2),
        plan=plan,
        provider=CHIROPRACTOR,
        state=first.state,
    )
    line = only_line(second)
    assert (line.primary, line.member_owes) == (
        Reason(
            R.AUTHORIZATION_MISSING,
            (("category", "chiropractic"),),
            "Rider 2025 §2 chiropractic access",
        ),
        0,
    )


def test_a_later_rider_visit_under_an_approved_treatment_plan_is_paid_and_uses_a_visit() -> None:
    plan = plan_e()
    state = a_state(
        category_visits={"chiropractic": 1},
        visits={"cam": 1},
        referrals=(an_authorization(visits=6, visits_used=2),),
    )
    result = decide(claim=rider_visit(DAY), plan=plan, provider=CHIROPRACTOR, state=state)
    assert (result.status, result.referral_visits_remaining, result.visits_remaining) == (
        ClaimStatus.PAID,
        3,
        18,
    )


@pytest.mark.parametrize(
    ("authorization", "reason"),
    [
        (an_authorization(valid_to=date(2025, 3, 9)), R.AUTHORIZATION_EXPIRED),
        (an_authorization(visits=6, visits_used=6), R.AUTHORIZATION_VISITS_USED),
        (an_authorization(valid_from=date(2025, 3, 11)), R.AUTHORIZATION_MISSING),
    ],
    ids=["expired", "visits used", "not yet valid"],
)
def test_an_authorization_must_be_valid_on_the_day_with_a_visit_left(
    authorization: Referral, reason: ReasonCode
) -> None:
    state = a_state(category_visits={"chiropractic": 1}, referrals=(authorization,))
    line = only_line(
        decide(claim=rider_visit(DAY), plan=plan_e(), provider=CHIROPRACTOR, state=state)
    )
    assert (codes(line), line.member_owes) == ([reason], 0)


def test_every_line_of_the_free_initial_visit_rides_on_it() -> None:
    claim = a_claim(
        lines=(
            a_line(number=1, code="98940", units=1, minutes=None, billed="60.00"),
            a_line(number=2, code="97140", units=1, minutes=15, billed="50.00", modifiers=("59",)),
        ),
        provider=CHIROPRACTOR,
    )
    result = decide(claim=claim, plan=plan_e(), provider=CHIROPRACTOR)
    assert [(line.status, line.member_owes, line.plan_pays) for line in result.lines] == [
        (LineStatus.PAID, usd("15.00"), usd("25.00")),
        (LineStatus.PAID, 0, usd("33.00")),
    ]
    assert after(result, plan_e()).visits_in("chiropractic") == 1


def medicare_acupuncture(on: date, number: int = 1) -> Claim:
    return a_claim(
        id=f"C-{number}",
        lines=acupuncture(("97810", 1), ("97811", 1), on=on),
        diagnoses=("M54.50",),
        provider=ACUPUNCTURIST,
    )


def test_medicare_acupuncture_needs_an_authorization_from_the_13th_visit() -> None:
    plan = plan_g()
    twelfth = a_state(visits={"acupuncture": 11}, category_visits={"acupuncture": 11})
    result = decide(
        claim=medicare_acupuncture(DAY), plan=plan, provider=ACUPUNCTURIST, state=twelfth
    )
    assert [(line.status, line.member_owes, line.plan_pays) for line in result.lines] == [
        (LineStatus.PAID, usd("20.00"), usd("18.00")),
        (LineStatus.PAID, 0, usd("29.00")),
    ]
    thirteenth = decide(
        claim=medicare_acupuncture(DAY + timedelta(days=7), 2),
        plan=plan,
        provider=ACUPUNCTURIST,
        state=result.state,
    )
    assert [codes(line) for line in thirteenth.lines] == [[R.AUTHORIZATION_MISSING]] * 2
    assert thirteenth.member_owes == 0


def test_medicare_acupuncture_from_the_13th_visit_is_paid_with_an_authorization() -> None:
    state = a_state(
        visits={"acupuncture": 12},
        category_visits={"acupuncture": 12},
        referrals=(an_authorization(category="acupuncture", visits=8),),
    )
    result = decide(
        claim=medicare_acupuncture(DAY), plan=plan_g(), provider=ACUPUNCTURIST, state=state
    )
    assert (result.status, result.member_owes, result.plan_pays) == (
        ClaimStatus.PAID,
        usd("20.00"),
        usd("47.00"),
    )
    assert (result.referral_visits_remaining, result.visits_remaining) == (7, 7)


# --- providers: licenses and credentials -----------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expires", "shown"),
    [
        (LicenseStatus.LAPSED, date(2026, 6, 30), "lapsed"),
        (LicenseStatus.SUSPENDED, date(2026, 6, 30), "suspended"),
        (LicenseStatus.ACTIVE, date(2025, 3, 9), "expired"),
    ],
)
def test_a_license_not_active_on_the_date_of_service_is_a_provider_error(
    status: LicenseStatus, expires: date, shown: str
) -> None:
    provider = a_provider(license_status=status, license_expires=expires)
    line = only_line(decide(provider=provider))
    assert (line.primary, line.member_owes) == (
        Reason(
            R.PROVIDER_NOT_LICENSED,
            (("expires", str(expires)), ("state", "OR"), ("status", shown)),
        ),
        0,
    )


def test_a_license_is_valid_through_its_expiry_day() -> None:
    provider = a_provider(license_expires=DAY)
    assert decide(provider=provider).status is ClaimStatus.PAID


def test_a_provider_without_a_license_in_a_licensing_state_is_denied() -> None:
    line = only_line(decide(provider=a_provider(license_status=None)))
    assert line.primary == Reason(R.PROVIDER_NOT_LICENSED, (("state", "OR"), ("status", "none")))


@pytest.mark.parametrize(
    ("state", "requirement"), [("KS", "none"), ("CA", "voluntary_certification")]
)
def test_an_uncredentialed_therapist_where_the_state_has_no_license_is_pended_for_review(
    state: str, requirement: str
) -> None:
    therapist = a_provider(state=state, license_status=None)
    before = a_state(out_of_pocket_met="200.00", visits={"massage": 3})
    result = decide(provider=therapist, state=before)
    line = only_line(result)
    assert (result.status, line.status, line.member_owes, line.plan_pays) == (
        ClaimStatus.PENDED,
        LineStatus.PENDED,
        0,
        0,
    )
    assert line.primary == Reason(
        R.CREDENTIAL_REVIEW, (("requirement", requirement), ("state", state))
    )
    assert result.state is before


def test_a_credentialed_therapist_in_kansas_is_paid_without_a_license() -> None:
    therapist = a_provider(state="KS", license_status=None, credentialed=True)
    assert decide(provider=therapist).status is ClaimStatus.PAID


# --- returns, duplicates and the filing limit ------------------------------------------------


def test_a_reimbursement_request_without_proof_of_payment_is_returned_and_changes_nothing() -> None:
    before = a_state(out_of_pocket_met="200.00", visits={"massage": 3})
    claim = a_reimbursement_request(attachments=(Attachment.ITEMIZED_BILL,))
    result = decide(claim=claim, state=before)
    line = only_line(result)
    assert (result.status, line.status, line.member_owes) == (
        ClaimStatus.RETURNED,
        LineStatus.RETURNED,
        0,
    )
    assert line.primary == Reason(
        R.ATTACHMENT_MISSING, (("attachment", "proof_of_payment"),), "EOC §8.1 Requests for payment"
    )
    assert result.state is before


def test_a_reimbursement_request_with_missing_bill_fields_is_returned_with_each_field() -> None:
    claim = a_reimbursement_request(missing_fields=("npi", "tin"))
    line = only_line(decide(claim=claim))
    assert [(r.code, r.param) for r in line.reasons] == [
        (R.INFORMATION_MISSING, {"field": "npi"}),
        (R.INFORMATION_MISSING, {"field": "tin"}),
    ]


def test_a_complete_reimbursement_request_pays_the_member_the_plans_share() -> None:
    result = decide(claim=a_reimbursement_request())
    assert (result.status, result.plan_pays, result.member_owes) == (
        ClaimStatus.PAID,
        usd("115.00"),
        usd("25.00"),
    )


def test_the_same_claim_sent_twice_is_a_duplicate_the_member_never_pays() -> None:
    plan = plan_a()
    first = decide(plan=plan)
    again = decide(claim=a_claim(id="C-2"), plan=plan, state=first.state)
    line = only_line(again)
    assert (again.status, line.primary, line.member_owes) == (
        ClaimStatus.DENIED,
        Reason(R.DUPLICATE, (("code", "97124"), ("date", "2025-03-10"))),
        0,
    )
    assert after(again, plan) == after(first, plan)


def test_a_line_differing_in_units_is_not_a_duplicate() -> None:
    first = decide(claim=a_claim(lines=(a_line(units=3, minutes=45),)))
    again = decide(claim=a_claim(id="C-2", lines=(a_line(units=4, minutes=60),)), state=first.state)
    assert R.DUPLICATE not in codes(only_line(again))


@pytest.mark.parametrize(
    ("received", "late"),
    [(date(2026, 3, 10), False), (date(2026, 3, 11), True)],
    ids=["365 days", "366 days"],
)
def test_a_claim_must_arrive_within_the_filing_limit(received: date, late: bool) -> None:
    line = only_line(decide(claim=a_claim(received=received)))
    if late:
        assert (line.primary, line.member_owes) == (
            Reason(
                R.FILING_LIMIT_EXPIRED,
                (("days", "366"), ("limit", "365")),
                "EOC §8.1 Requests for payment",
            ),
            0,
        )
    else:
        assert line.status is LineStatus.PAID


# --- the benefit period (C8) -----------------------------------------------------------------


def two_year_plan() -> Plan:
    return plan_c(effective_to=date(2026, 12, 31))


def test_accumulators_start_again_from_zero_in_a_new_plan_year() -> None:
    plan = two_year_plan()
    state = a_state(
        deductible_met="1650.00",
        out_of_pocket_met="5000.00",
        visits={"cam": 19},
        referrals=(a_prescription(dated=date(2025, 12, 1)),),
    )
    claim = a_claim(
        lines=(
            a_line(number=1, on=date(2025, 12, 29)),
            a_line(number=2, on=date(2026, 1, 5)),
        ),
        diagnoses=("M54.50",),
    )
    result = decide(claim=claim, plan=plan, state=state)
    december, january = result.lines
    assert (december.member_owes, december.plan_pays) == (0, usd("140.00"))
    assert (january.deductible, january.member_owes, january.plan_pays) == (
        usd("140.00"),
        usd("140.00"),
        0,
    )
    old, new = after(result, plan, date(2025, 12, 29)), after(result, plan, date(2026, 1, 5))
    assert (old.out_of_pocket(Tier.IN_NETWORK), old.visits("cam")) == (usd("5000.00"), 20)
    assert (
        new.deductible(Tier.IN_NETWORK),
        new.out_of_pocket(Tier.IN_NETWORK),
        new.visits("cam"),
    ) == (
        usd("140.00"),
        usd("140.00"),
        1,
    )
    assert result.visits_remaining == 19


def test_a_used_up_visit_limit_is_renewed_on_january_1() -> None:
    plan = plan_a(effective_to=date(2026, 12, 31))
    state = a_state(visits={"massage": 12})
    december = only_line(
        decide(claim=a_claim(lines=(a_line(on=date(2025, 12, 31)),)), plan=plan, state=state)
    )
    january = only_line(
        decide(claim=a_claim(lines=(a_line(on=date(2026, 1, 1)),)), plan=plan, state=state)
    )
    assert (codes(december), january.status) == ([R.VISIT_LIMIT_REACHED], LineStatus.PAID)


def test_a_member_with_no_accumulators_on_file_starts_the_period_from_zero() -> None:
    plan, member = plan_a(), a_member()
    assert MemberState(member).accumulators(plan, DAY) == Accumulators()
    tallies = some_accumulators(out_of_pocket_met="200.00")
    started = start_state(member, plan, tallies, date(2025, 12, 31))
    assert started.periods == {date(2025, 1, 1): tallies}


@pytest.mark.parametrize(
    ("start_month", "day", "period"),
    [
        (1, date(2025, 3, 10), (date(2025, 1, 1), date(2025, 12, 31))),
        (1, date(2025, 12, 31), (date(2025, 1, 1), date(2025, 12, 31))),
        (7, date(2025, 6, 30), (date(2024, 7, 1), date(2025, 6, 30))),
        (7, date(2025, 7, 1), (date(2025, 7, 1), date(2026, 6, 30))),
        (3, date(2024, 2, 29), (date(2023, 3, 1), date(2024, 2, 29))),
        (12, date(2025, 12, 5), (date(2025, 12, 1), date(2026, 11, 30))),
    ],
)
def test_the_benefit_period_is_the_calendar_year_unless_the_plan_says_otherwise(
    start_month: int, day: date, period: tuple[date, date]
) -> None:
    assert plan_a(year_start_month=start_month).period_of(day) == period


def test_a_july_plan_year_renews_the_visit_limit_on_july_1() -> None:
    plan = plan_a(
        effective_from=date(2025, 1, 1), effective_to=date(2026, 6, 30), year_start_month=7
    )
    state = a_state(period=date(2024, 7, 1), visits={"massage": 12})
    june = only_line(
        decide(claim=a_claim(lines=(a_line(on=date(2025, 6, 30)),)), plan=plan, state=state)
    )
    july = only_line(
        decide(claim=a_claim(lines=(a_line(on=date(2025, 7, 1)),)), plan=plan, state=state)
    )
    assert (codes(june), july.status) == ([R.VISIT_LIMIT_REACHED], LineStatus.PAID)


# --- claim status and the result ---------------------------------------------------------------


def test_lines_are_decided_in_date_order_and_reported_in_line_order() -> None:
    claim = a_claim(
        lines=(
            a_line(number=1, on=date(2025, 3, 17)),
            a_line(number=2, on=date(2025, 3, 10)),
        )
    )
    state = a_state(visits={"massage": 11})
    result = decide(claim=claim, state=state)
    assert [(line.number, line.status) for line in result.lines] == [
        (1, LineStatus.DENIED),
        (2, LineStatus.PAID),
    ]
    assert result.status is ClaimStatus.PARTIALLY_PAID


def test_a_claim_with_no_lines_is_denied_without_touching_the_state() -> None:
    before = a_state()
    result = decide(claim=a_claim(lines=()), state=before)
    assert (result.status, result.lines, result.category, result.visits_remaining) == (
        ClaimStatus.DENIED,
        (),
        None,
        None,
    )
    assert result.state.accumulators(plan_a(), DAY) == before.accumulators(plan_a(), DAY)


def test_a_pended_line_holds_the_whole_claim_and_a_returned_line_returns_it() -> None:
    kansas = a_provider(state="KS", license_status=None)
    assert decide(provider=kansas).status is ClaimStatus.PENDED
    returned = a_reimbursement_request(attachments=(), provider=kansas)
    assert decide(claim=returned, provider=kansas).status is ClaimStatus.RETURNED


def test_replace_state_swaps_only_the_state() -> None:
    result = decide()
    other = a_state(letters=(a_letter(),))
    assert replace_state(result, other) == Adjudication(
        result.claim_id,
        result.status,
        result.lines,
        other,
        result.category,
        result.visits_remaining,
        result.referral_visits_remaining,
    )


def test_a_paid_line_owes_cost_share_and_the_plan_the_rest_of_the_allowed_amount() -> None:
    plan = plan_d()
    state = a_state(referrals=(a_prescription(),), deductible_met="990.00")
    line = only_line(decide(plan=plan, state=state))
    assert (line.deductible, line.coinsurance, line.member_owes, line.plan_pays) == (
        usd("10.00"),
        usd("26.00"),
        usd("36.00"),
        usd("104.00"),
    )
    assert line.member_owes + line.plan_pays == line.allowed
