"""The store of decisions, review items and notifications round-trips on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from referral_cast import MARIA, NOW, Api, Who

from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus
from camnav.services.ports import (
    Audience,
    DecisionRecord,
    DecisionSource,
    NotificationRecord,
    ReferralRecord,
    ReviewItem,
    ReviewKind,
    Urgency,
)


def a_pended_referral(referral_id: str = "R-1") -> ReferralRecord:
    referral = Referral(
        referral_id,
        ReferralKind.REFERRAL,
        "massage",
        date(2025, 3, 10),
        date(2025, 9, 9),
        12,
        0,
        ("M79.7",),
        ReferralStatus.PENDED,
    )
    return ReferralRecord(referral, MARIA, received_at=NOW)


def test_a_reviewers_decision_is_kept_and_becomes_the_referrals_status_and_terms(api: Api) -> None:
    approval = DecisionRecord(
        "R-1",
        ReferralStatus.APPROVED,
        DecisionSource.REVIEW,
        NOW + timedelta(hours=5),
        ({"code": "clinical_review", "params": {}, "citation": "EOC §4.10(b)"},),
        note="PT notes on file",
        visits=8,
        valid_to=date(2025, 6, 30),
    )
    with api.units() as uow:
        uow.referrals.add(a_pended_referral())
        uow.referral_reviews.add_decision(approval)
        stored = uow.referrals.get("R-1")
        decisions = uow.referral_reviews.decisions("R-1")
        in_march = uow.referral_reviews.received_between(
            NOW - timedelta(days=9), NOW + timedelta(1)
        )

    assert decisions == (approval,)
    assert stored is not None
    assert (stored.referral.status, stored.referral.visits, stored.referral.valid_to) == (
        ReferralStatus.APPROVED,
        8,
        date(2025, 6, 30),
    )
    assert (stored.decided_at, stored.decision_reason) == (approval.decided_at, "PT notes on file")
    assert [r.referral.id for r in in_march] == ["R-1"]


def test_review_items_stay_open_until_closed(api: Api) -> None:
    with api.units() as uow:
        uow.referrals.add(a_pended_referral())
        opened = uow.referral_reviews.open(
            ReviewItem("R-1", ReviewKind.APPEAL, Urgency.EXPEDITED, NOW, note="records attached")
        )
        assert opened.id is not None
        assert uow.referral_reviews.open_items() == (opened,)
        uow.referral_reviews.close(opened.id, NOW)

        assert uow.referral_reviews.open_items() == ()
        assert uow.referral_reviews.open_item_for("R-1") is None


def test_notifications_page_newest_first_per_member_and_per_user(api: Api) -> None:
    dr_reyes = api.user_ids[Who.DR_REYES]
    with api.units() as uow:
        uow.referrals.add(a_pended_referral())
        for number in range(3):
            uow.notifications.add(
                NotificationRecord(MARIA, Audience.MEMBER, "referral.pended", f"n{number}", NOW)
            )
        added = uow.notifications.add(
            NotificationRecord(
                MARIA, Audience.PHYSICIAN, "referral.pended", "to Dr. Reyes", NOW, user_id=dr_reyes
            )
        )
        page = uow.notifications.for_member(MARIA, limit=2, offset=1)
        assert added.id is not None
        uow.notifications.mark_read(added.id, NOW)
        physician = uow.notifications.for_user(dr_reyes, limit=10)

    assert [n.text for n in page] == ["n1", "n0"]
    assert [(n.text, n.read_at) for n in physician] == [("to Dr. Reyes", NOW)]


def test_a_physicians_referrals_are_listed_those_ending_soonest_first(api: Api) -> None:
    def written(referral_id: str, by: Who, valid_to: date) -> ReferralRecord:
        pended = a_pended_referral(referral_id)
        referral = replace(pended.referral, valid_to=valid_to)
        return replace(pended, referral=referral, physician_user_id=api.user_ids[by])

    with api.units() as uow:
        uow.referrals.add(written("R-2", Who.DR_REYES, date(2025, 12, 31)))
        uow.referrals.add(written("R-3", Who.DR_REYES, date(2025, 6, 30)))
        uow.referrals.add(written("R-4", Who.DR_CHO, date(2025, 4, 30)))
        found = uow.referrals.list_for_physician(api.user_ids[Who.DR_REYES])

    assert [r.referral.id for r in found] == ["R-3", "R-2"]
