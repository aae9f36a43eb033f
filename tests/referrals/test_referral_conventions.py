"""Conventions C1 (check order) and C5 (liability on denial) for visits under decided referrals:
a referral that expired the day before the visit, a 7th visit on a 6-visit authorization, and a
stress-only diagnosis. The referral is decided by `decide_referral`, the visit by `adjudicate`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from camnav.domain.adjudication import Adjudication, adjudicate
from camnav.domain.claims import Claim, ClaimLine
from camnav.domain.members import Enrollment
from camnav.domain.plans import Plan
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.domain.reasons import ReasonCode
from camnav.domain.referral_decisions import ReferralRequest, decide_referral, document_kind
from camnav.domain.referrals import Referral, ReferralStatus
from camnav.domain.state import MemberState
from camnav.explain.carc import carc_for
from camnav.library.library import load_library

VISIT = date(2025, 5, 12)
CHARGE = 16_000  # 60 minutes of massage, 97124 x 4


def plan_b() -> Plan:
    return load_library().plan("example-b", on=VISIT)


def oak_street() -> Provider:
    return Provider(
        id="P-2001",
        name="Oak Street Massage",
        category="massage",
        state="OR",
        npi="1234567893",
        license=License("LMT-12345", "OR", LicenseStatus.ACTIVE, date(2026, 6, 30)),
        participations=(Participation("example-health-network", date(2024, 1, 1), None),),
        credentialed=True,
    )


def decided_referral(diagnoses: tuple[str, ...], valid_to: date, visits: int = 6) -> Referral:
    """What a physician's referral puts on file once the plan's rules have decided it."""
    plan = plan_b()
    request = ReferralRequest("massage", diagnoses, visits, ("physical therapy, 8 weeks",))
    decision = decide_referral(request, plan)
    return Referral(
        "R-1",
        document_kind(plan, "massage"),
        "massage",
        date(2025, 3, 10),
        valid_to,
        visits,
        0,
        diagnoses,
        decision.status,
    )


def visit(
    referral: Referral, *, diagnoses: tuple[str, ...] = ("M79.7",), waiver: bool = False
) -> Adjudication:
    line = ClaimLine(1, VISIT, "97124", 4, CHARGE, minutes=60)
    claim = Claim(
        "CLM-1", "M-1001", "P-2001", VISIT, (line,), diagnoses=diagnoses, signed_waiver=waiver
    )
    enrollment = Enrollment("M-1001", "example-b", date(2025, 1, 1), None, "washington")
    state = MemberState(enrollment, referrals=(referral,))
    return adjudicate(claim, plan_b(), oak_street(), state, load_library().rules)


def reasons(result: Adjudication) -> list[ReasonCode]:
    return [r.code for r in result.lines[0].reasons]


def test_a_referral_that_expired_the_day_before_the_visit_is_denied_243_and_held_harmless() -> None:
    referral = decided_referral(("M79.7",), valid_to=VISIT - timedelta(days=1))
    assert referral.status is ReferralStatus.APPROVED

    result = visit(referral)

    assert reasons(result) == [ReasonCode.REFERRAL_EXPIRED]
    assert carc_for(ReasonCode.REFERRAL_EXPIRED) == "243"
    assert result.lines[0].reasons[0].param["valid_to"] == "2025-05-11"
    assert (result.member_owes, result.plan_pays) == (0, 0)  # C5: contracted, no waiver


def test_a_referral_valid_through_the_visit_day_covers_it() -> None:
    result = visit(decided_referral(("M79.7",), valid_to=VISIT))

    assert result.lines[0].status.value == "paid"
    assert result.referral_visits_remaining == 5


def test_with_a_signed_waiver_the_member_owes_the_expired_referrals_visit() -> None:
    result = visit(decided_referral(("M79.7",), valid_to=VISIT - timedelta(days=1)), waiver=True)

    assert reasons(result) == [ReasonCode.REFERRAL_EXPIRED]
    assert result.member_owes > 0  # C5: the waiver makes the member liable


def test_a_seventh_visit_on_a_six_visit_authorization_is_denied_and_held_harmless() -> None:
    referral = replace(decided_referral(("M79.7",), valid_to=date(2025, 9, 9)), visits_used=6)

    result = visit(referral)

    assert reasons(result) == [ReasonCode.REFERRAL_VISITS_USED]
    assert result.lines[0].reasons[0].param | {"visits": "6", "used": "6"} == (
        result.lines[0].reasons[0].param
    )
    assert result.member_owes == 0


def test_the_sixth_visit_is_the_last_covered_one() -> None:
    referral = replace(decided_referral(("M79.7",), valid_to=date(2025, 9, 9)), visits_used=5)

    result = visit(referral)

    assert result.lines[0].status.value == "paid"
    assert result.referral_visits_remaining == 0


def test_a_stress_only_referral_is_denied_and_its_visit_fails_necessity_before_access() -> None:
    referral = decided_referral(("Z73.3",), valid_to=date(2025, 9, 9))
    assert referral.status is ReferralStatus.DENIED

    result = visit(referral, diagnoses=("Z73.3",))

    # C1: (8) medical necessity comes before (9) the referral; the denied referral is no referral.
    assert reasons(result) == [ReasonCode.STRESS_ONLY, ReasonCode.REFERRAL_MISSING]
    assert carc_for(ReasonCode.STRESS_ONLY) == "50"
    assert result.member_owes == 0  # C5: contracted provider, no waiver
