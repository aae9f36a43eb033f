"""Referrals and letters of medical necessity round-trip; visit use is recorded and derivable."""

from __future__ import annotations

from datetime import UTC, date, datetime

from store_builders import MEMBER, NOON, a_referral, a_referral_record, a_user, seed_cast

from camnav.domain.referrals import Letter, ReferralKind, ReferralStatus
from camnav.services.ports import LetterRecord, Urgency
from camnav.store.unit_of_work import SqlUnitOfWork


def test_a_referral_record_round_trips_with_its_clinical_details(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    physician = a_user(uow)
    record = a_referral_record(
        referral=a_referral(
            referral_id="A-7",
            kind=ReferralKind.AUTHORIZATION,
            status=ReferralStatus.PENDED,
            visits=None,
            valid_to=None,
            diagnoses=("M54.50", "M62.830"),
        ),
        physician_user_id=physician.id,
        urgency=Urgency.EXPEDITED,
        received_at=NOON,
        extra={"functional_limitation": "cannot sit 30 min", "goals": ["sit 60 min"], "weeks": 6},
    )
    uow.referrals.add(record)
    assert uow.referrals.get("A-7") == record
    assert uow.referrals.list_for_member(MEMBER) == (record,)
    assert uow.referrals.get("A-404") is None


def test_a_decision_and_visit_use_are_recorded(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.referrals.add(a_referral_record(referral=a_referral(status=ReferralStatus.PENDED)))
    decided = datetime(2025, 2, 3, 9, 30, tzinfo=UTC)
    uow.referrals.decide("R-1", ReferralStatus.APPROVED, decided, "meets criteria 2a")
    uow.referrals.update_usage("R-1", 3)

    stored = uow.referrals.get("R-1")
    assert stored is not None
    assert stored.referral == a_referral(visits_used=3)
    assert (stored.decided_at, stored.decision_reason) == (decided, "meets criteria 2a")
    assert uow.referrals.counted_visits("R-1") == 0  # no claim has used it


def test_letters_round_trip_in_date_order(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    later = LetterRecord(
        Letter("L-2", "massage", date(2025, 6, 1), date(2026, 5, 31), "fibromyalgia"),
        MEMBER,
        None,
        {"treatment": "massage weekly", "duration_months": 12, "signed": True},
    )
    earlier = LetterRecord(
        Letter("L-1", "acupuncture", date(2025, 1, 2), date(2025, 12, 31)), MEMBER
    )
    uow.referrals.add_letter(later)
    uow.referrals.add_letter(earlier)
    assert uow.referrals.letters_for_member(MEMBER) == (earlier, later)
