"""Appeals of claim decisions: filed, listed by status, decided once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from camnav.domain.appeals import AppealStatus
from camnav.services.claims_ports import AppealRecord
from camnav.store.tables.claim_reviews import AppealRow


class SqlAppealRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, appeal: AppealRecord) -> None:
        self._session.add(
            AppealRow(
                id=appeal.id,
                claim_id=appeal.claim_id,
                member_id=appeal.member_id,
                filed_by=appeal.filed_by,
                filed_at=appeal.filed_at,
                deadline=appeal.deadline,
                decision_due=appeal.decision_due,
                reason=appeal.reason,
                status=appeal.status.value,
                outcome_reason=appeal.outcome_reason,
            )
        )
        self._session.flush()

    def get(self, appeal_id: str) -> AppealRecord | None:
        row = self._session.get(AppealRow, appeal_id)
        return _appeal(row) if row else None

    def for_claim(self, claim_id: str) -> tuple[AppealRecord, ...]:
        return self._list(AppealRow.claim_id == claim_id)

    def with_status(self, status: AppealStatus) -> tuple[AppealRecord, ...]:
        return self._list(AppealRow.status == status.value)

    def decide(
        self, appeal_id: str, status: AppealStatus, by: int, at: datetime, reason: str
    ) -> None:
        """Record the outcome of an open appeal (a decided one is never changed)."""
        self._session.execute(
            update(AppealRow)
            .where(AppealRow.id == appeal_id, AppealRow.status == AppealStatus.OPEN.value)
            .values(status=status.value, decided_by=by, decided_at=at, outcome_reason=reason)
        )

    def _list(self, condition: ColumnElement[bool]) -> tuple[AppealRecord, ...]:
        query = select(AppealRow).where(condition).order_by(AppealRow.decision_due, AppealRow.id)
        return tuple(_appeal(row) for row in self._session.scalars(query))


def _appeal(row: AppealRow) -> AppealRecord:
    return AppealRecord(
        id=row.id,
        claim_id=row.claim_id,
        member_id=row.member_id,
        filed_by=row.filed_by,
        filed_at=row.filed_at,
        deadline=row.deadline,
        decision_due=row.decision_due,
        reason=row.reason,
        status=AppealStatus(row.status),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        outcome_reason=row.outcome_reason,
    )
