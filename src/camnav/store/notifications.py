"""Notifications of decisions (camnav.services.ports.NotificationRepository), newest first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from camnav.services.ports import Audience, NotificationRecord
from camnav.store.tables.notifications import NotificationRow


class SqlNotificationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, notification: NotificationRecord) -> NotificationRecord:
        row = _row(notification)
        self._session.add(row)
        self._session.flush()
        return _record(row)

    def add_all(self, notifications: Iterable[NotificationRecord]) -> None:
        """Add several at once; they are written with the unit's next flush or commit."""
        self._session.add_all(_row(n) for n in notifications)

    def get(self, notification_id: int) -> NotificationRecord | None:
        row = self._session.get(NotificationRow, notification_id)
        return _record(row) if row else None

    def for_member(
        self, member_id: str, limit: int, offset: int = 0
    ) -> tuple[NotificationRecord, ...]:
        query = select(NotificationRow).where(
            NotificationRow.member_id == member_id,
            NotificationRow.audience == Audience.MEMBER.value,
        )
        return self._page(query, limit, offset)

    def for_user(self, user_id: int, limit: int, offset: int = 0) -> tuple[NotificationRecord, ...]:
        query = select(NotificationRow).where(NotificationRow.user_id == user_id)
        return self._page(query, limit, offset)

    def mark_read(self, notification_id: int, at: datetime) -> None:
        self._session.execute(
            update(NotificationRow)
            .where(NotificationRow.id == notification_id, NotificationRow.read_at.is_(None))
            .values(read_at=at)
        )

    def _page(
        self, query: Select[NotificationRow], limit: int, offset: int
    ) -> tuple[NotificationRecord, ...]:
        ordered = query.order_by(NotificationRow.id.desc()).limit(limit).offset(offset)
        return tuple(_record(row) for row in self._session.scalars(ordered))


def _row(notification: NotificationRecord) -> NotificationRow:
    return NotificationRow(
        member_id=notification.member_id,
        audience=notification.audience.value,
        user_id=notification.user_id,
        referral_id=notification.referral_id,
        topic=notification.topic,
        text=notification.text,
        created_at=notification.created_at,
        read_at=notification.read_at,
    )


def _record(row: NotificationRow) -> NotificationRecord:
    return NotificationRecord(
        member_id=row.member_id,
        audience=Audience(row.audience),
        topic=row.topic,
        text=row.text,
        created_at=row.created_at,
        user_id=row.user_id,
        referral_id=row.referral_id,
        id=row.id,
        read_at=row.read_at,
    )
