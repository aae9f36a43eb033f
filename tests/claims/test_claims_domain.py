"""The pure rules of the claims workflow: the order claims are decided in, taking decided claims
back out of a member's state, a reviewer's denial, and the appeal deadlines."""

from __future__ import annotations

from datetime import date

from camnav.domain.adjudication import Adjudication, ClaimStatus, LineResult, LineStatus
from camnav.domain.appeals import appeal_deadline, decision_due, is_adverse
from camnav.domain.claim_reviews import deny_pended
from camnav.domain.claims import Claim, ClaimLine, PriorLine
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Tier
from camnav.domain.providers import Participation, Provider
from camnav.domain.readjudication import (
    add_periods,
    counted_referral_visits,
    replay_key,
    rewind,
    subtract_periods,
)
from camnav.domain.reasons import ReasonCode, reason
from camnav.domain.referrals import Referral, ReferralKind
from camnav.domain.state import MemberState
from camnav.library.library import PlanLibrary

YEAR = date(2025, 1, 1)


def a_claim(claim_id: str, *days: date, received: date = date(2025, 3, 20)) -> Claim:
    lines = tuple(ClaimLine(n, day, "97124", 4, 16000, 60) for n, day in enumerate(days, 1))
    return Claim(claim_id, "M-1", "P-1", received, lines)


def test_claims_are_decided_by_first_date_of_service_then_by_the_day_received() -> None:
    claims = [
        a_claim("C", date(2025, 3, 7)),
        a_claim("B", date(2025, 3, 9), date(2025, 3, 3)),
        a_claim("A", date(2025, 3, 3), received=date(2025, 3, 30)),
    ]

    ordered = sorted(claims, key=replay_key)

    assert [c.id for c in ordered] == ["B", "A", "C"]


def test_a_decided_claims_amounts_come_back_out_of_the_balances_and_nothing_is_left_over() -> None:
    total = {YEAR: Accumulators({"in_network": 30000}, {"in_network": 5000}, {"massage": 3})}
    claim = {YEAR: Accumulators({"in_network": 10000}, {"in_network": 2500}, {"massage": 1})}

    without = subtract_periods(total, claim)

    assert without[YEAR].deductible(Tier.IN_NETWORK) == 20000
    assert without[YEAR].visits("massage") == 2
    assert add_periods(without, claim) == subtract_periods(total, {})
    assert subtract_periods(claim, claim)[YEAR] == Accumulators()


def test_rewinding_gives_back_referral_visits_and_drops_the_claims_history() -> None:
    referral = Referral("R-1", ReferralKind.REFERRAL, "massage", YEAR, None, 6, visits_used=3)
    counted = LineResult(
        1,
        date(2025, 3, 3),
        "97124",
        4,
        "massage",
        Tier.IN_NETWORK,
        LineStatus.PAID,
        16000,
        counted_visit=True,
        referral_id="R-1",
    )
    state = MemberState(
        Enrollment("M-1", "example-b", YEAR),
        referrals=(referral,),
        history=(PriorLine("P-1", date(2025, 3, 3), "97124", 4, 16000),),
    )

    before = rewind(state, {}, counted_referral_visits([counted, counted]), ())

    assert before.referrals[0].visits_used == 1
    assert before.history == ()


def test_a_reviewers_denial_denies_the_pended_lines_as_an_unqualified_providers(
    library: PlanLibrary,
) -> None:
    plan = library.plan("example-a", on=date(2025, 3, 3))
    provider = Provider(
        "P-1", "Prairie Hands", "massage", "KS", participations=(Participation(plan.network),)
    )
    claim = a_claim("C-1", date(2025, 3, 3))
    pended = LineResult(
        1,
        date(2025, 3, 3),
        "97124",
        4,
        "massage",
        Tier.IN_NETWORK,
        LineStatus.PENDED,
        16000,
        reasons=(reason(ReasonCode.CREDENTIAL_REVIEW, state="KS"),),
    )
    state = MemberState(Enrollment("M-1", "example-a", YEAR))

    denied = deny_pended(
        Adjudication("C-1", ClaimStatus.PENDED, (pended,), state), claim, plan, provider
    )

    assert denied.status is ClaimStatus.DENIED
    line = denied.lines[0]
    assert (line.status, line.primary and line.primary.code) == (
        LineStatus.DENIED,
        ReasonCode.PROVIDER_NOT_LICENSED,
    )
    assert (line.member_owes, line.patient_responsibility) == (0, False)
    assert len(denied.state.history) == 1


def test_an_adverse_decision_may_be_appealed_for_180_days_and_is_decided_within_60() -> None:
    assert appeal_deadline(date(2025, 3, 10)) == date(2025, 9, 6)
    assert decision_due(date(2025, 3, 11)) == date(2025, 5, 10)
    assert is_adverse(ClaimStatus.DENIED) and is_adverse(ClaimStatus.PARTIALLY_PAID)
    assert not is_adverse(ClaimStatus.PAID) and not is_adverse(ClaimStatus.RETURNED)
