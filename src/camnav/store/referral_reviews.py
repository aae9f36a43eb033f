"""Referral decisions and the clinical review queue
(camnav.services.ports.ReferralReviewRepository)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from camnav.domain.referrals import ReferralStatus
from camnav.services.ports import (
    DecisionRecord,
    DecisionSource,
    ReferralRecord,
    ReviewItem,
    ReviewKind,
    Urgency,
)
from camnav.store.referrals import SqlReferralRepository
from camnav.store.tables.referral_reviews import ReferralDecisionRow, ReviewItemRow
from camnav.store.tables.referrals import ReferralRow


class SqlReferralReviewRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_decision(self, decision: DecisionRecord, update_referral: bool = True) -> None:
        """Keep the decision and, unless told the referral's row already states it, make it the
        referral's status and terms (a final one also its decision time and reason)."""
        self._session.add(_decision_row(decision))
        if not update_referral:
            return  # written with the unit's next flush
        values: dict[str, object] = {"status": decision.status.value}
        if decision.status is not ReferralStatus.PENDED:
            values |= {"decided_at": decision.decided_at, "decision_reason": decision.note}
        if decision.visits is not None:
            values["visits"] = decision.visits
        if decision.valid_from is not None:
            values["valid_from"] = decision.valid_from
        if decision.valid_to is not None:
            values["valid_to"] = decision.valid_to
        self._session.execute(
            update(ReferralRow).where(ReferralRow.id == decision.referral_id).values(**values)
        )
        self._session.flush()

    def decisions(self, referral_id: str) -> tuple[DecisionRecord, ...]:
        return self.decisions_of([referral_id]).get(referral_id, ())

    def decisions_of(self, referral_ids: Sequence[str]) -> Mapping[str, tuple[DecisionRecord, ...]]:
        found: dict[str, list[DecisionRecord]] = {}
        query = (
            select(ReferralDecisionRow)
            .where(ReferralDecisionRow.referral_id.in_(list(referral_ids)))
            .order_by(ReferralDecisionRow.id)
        )
        for row in self._session.scalars(query):
            found.setdefault(row.referral_id, []).append(_decision_record(row))
        return {key: tuple(value) for key, value in found.items()}

    def received_between(self, start: datetime, end: datetime) -> tuple[ReferralRecord, ...]:
        """Referrals received in [start, end), oldest first."""
        return SqlReferralRepository(self._session).received_between(start, end)

    def open(self, item: ReviewItem) -> ReviewItem:
        row = ReviewItemRow(
            referral_id=item.referral_id,
            kind=item.kind.value,
            urgency=item.urgency.value,
            received_at=item.received_at,
            opened_by=item.opened_by,
            note=item.note,
        )
        self._session.add(row)
        self._session.flush()
        return _item(row)

    def open_items(self) -> tuple[ReviewItem, ...]:
        query = (
            select(ReviewItemRow)
            .where(ReviewItemRow.closed_at.is_(None))
            .order_by(ReviewItemRow.received_at, ReviewItemRow.id)
        )
        return tuple(_item(row) for row in self._session.scalars(query))

    def open_item_for(self, referral_id: str) -> ReviewItem | None:
        query = select(ReviewItemRow).where(
            ReviewItemRow.referral_id == referral_id, ReviewItemRow.closed_at.is_(None)
        )
        row = self._session.scalars(query).first()
        return _item(row) if row else None

    def close(self, item_id: int, at: datetime) -> None:
        self._session.execute(
            update(ReviewItemRow).where(ReviewItemRow.id == item_id).values(closed_at=at)
        )


def _decision_row(decision: DecisionRecord) -> ReferralDecisionRow:
    return ReferralDecisionRow(
        referral_id=decision.referral_id,
        status=decision.status.value,
        source=decision.source.value,
        decided_at=decision.decided_at,
        decided_by=decision.decided_by,
        reasons=[dict(r) for r in decision.reasons],
        note=decision.note,
        visits=decision.visits,
        valid_from=decision.valid_from,
        valid_to=decision.valid_to,
    )


def _decision_record(row: ReferralDecisionRow) -> DecisionRecord:
    return DecisionRecord(
        referral_id=row.referral_id,
        status=ReferralStatus(row.status),
        source=DecisionSource(row.source),
        decided_at=row.decided_at,
        reasons=tuple(row.reasons),
        note=row.note,
        decided_by=row.decided_by,
        visits=row.visits,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )


def _item(row: ReviewItemRow) -> ReviewItem:
    return ReviewItem(
        referral_id=row.referral_id,
        kind=ReviewKind(row.kind),
        urgency=Urgency(row.urgency),
        received_at=row.received_at,
        opened_by=row.opened_by,
        note=row.note,
        id=row.id,
        closed_at=row.closed_at,
    )
