"""Referrals, prescriptions and authorizations, and letters of medical necessity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Select, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from camnav.domain.referrals import Letter, Referral, ReferralKind, ReferralStatus
from camnav.services.ports import LetterRecord, ReferralRecord, Urgency
from camnav.store.database import unit_connection
from camnav.store.tables.claims import DeterminationLineRow, DeterminationRow
from camnav.store.tables.referrals import LetterRow, ReferralRow

_REFERRALS = cast(Table, ReferralRow.__table__)
_LETTERS = cast(Table, LetterRow.__table__)
# A member's documents are read by every claim decision, inside the database's write lock:
# statements built once, run on the connection (see store/claims.py).
_REFERRALS_OF_MEMBER = (
    select(_REFERRALS)
    .where(_REFERRALS.c.member_id == bindparam("member_id"))
    .order_by(_REFERRALS.c.valid_from, _REFERRALS.c.id)
)
_LETTERS_OF_MEMBER = (
    select(_LETTERS)
    .where(_LETTERS.c.member_id == bindparam("member_id"))
    .order_by(_LETTERS.c.issued_on, _LETTERS.c.id)
)


class SqlReferralRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, record: ReferralRecord) -> None:
        self._session.add(_referral_row(record))
        self._session.flush()

    def get(self, referral_id: str) -> ReferralRecord | None:
        row = self._session.get(ReferralRow, referral_id)
        return _referral_record(row) if row else None

    def list_for_member(self, member_id: str) -> tuple[ReferralRecord, ...]:
        found = self._of_member(_REFERRALS_OF_MEMBER, member_id)
        return tuple(_referral_record(row) for row in found)

    def list_for_physician(self, user_id: int) -> tuple[ReferralRecord, ...]:
        """The referrals a physician wrote, those that end soonest first."""
        query = (
            select(ReferralRow)
            .where(ReferralRow.physician_user_id == user_id)
            .order_by(ReferralRow.valid_to, ReferralRow.id)
        )
        return tuple(_referral_record(row) for row in self._session.scalars(query))

    def received_between(self, start: datetime, end: datetime) -> tuple[ReferralRecord, ...]:
        """Referrals received in [start, end), oldest first (for the authorization metrics)."""
        query = (
            select(ReferralRow)
            .where(ReferralRow.received_at >= start, ReferralRow.received_at < end)
            .order_by(ReferralRow.received_at, ReferralRow.id)
        )
        return tuple(_referral_record(row) for row in self._session.scalars(query))

    def update_usage(self, referral_id: str, visits_used: int) -> None:
        """Record the visits used; call under the member's lock (UnitOfWork.lock_member)."""
        self._session.execute(
            update(ReferralRow).where(ReferralRow.id == referral_id).values(visits_used=visits_used)
        )

    def counted_visits(self, referral_id: str) -> int:
        """The visits current determinations counted against the referral: what `visits_used`
        must equal for referrals whose use is only recorded through claims."""
        query = (
            select(func.count())
            .select_from(DeterminationLineRow)
            .join(DeterminationRow, DeterminationRow.id == DeterminationLineRow.determination_id)
            .where(
                DeterminationLineRow.referral_id == referral_id,
                DeterminationLineRow.counted_visit,
                DeterminationRow.is_current,
            )
        )
        return self._session.scalar(query) or 0

    def decide(
        self, referral_id: str, status: ReferralStatus, at: datetime, reason: str = ""
    ) -> None:
        self._session.execute(
            update(ReferralRow)
            .where(ReferralRow.id == referral_id)
            .values(status=status.value, decided_at=at, decision_reason=reason)
        )

    def add_letter(self, record: LetterRecord) -> None:
        letter = record.letter
        self._session.add(
            LetterRow(
                id=letter.id,
                member_id=record.member_id,
                category=letter.category,
                issued_on=letter.issued_on,
                valid_through=letter.valid_through,
                condition=letter.condition,
                physician_user_id=record.physician_user_id,
                body=dict(record.body),
            )
        )
        self._session.flush()

    def letters_for_member(self, member_id: str) -> tuple[LetterRecord, ...]:
        return tuple(_letter_record(row) for row in self._of_member(_LETTERS_OF_MEMBER, member_id))

    def _of_member(self, query: Select[Any], member_id: str) -> Sequence[Row[Any]]:
        return unit_connection(self._session).execute(query, {"member_id": member_id}).all()


def _referral_row(record: ReferralRecord) -> ReferralRow:
    referral = record.referral
    return ReferralRow(
        id=referral.id,
        member_id=record.member_id,
        kind=referral.kind.value,
        category=referral.category,
        valid_from=referral.valid_from,
        valid_to=referral.valid_to,
        visits=referral.visits,
        visits_used=referral.visits_used,
        diagnoses=list(referral.diagnoses),
        status=referral.status.value,
        physician_user_id=record.physician_user_id,
        urgency=record.urgency.value,
        received_at=record.received_at,
        decided_at=record.decided_at,
        decision_reason=record.decision_reason,
        extra=dict(record.extra),
    )


def _referral_record(row: ReferralRow | Row[Any]) -> ReferralRecord:
    referral = Referral(
        id=row.id,
        kind=ReferralKind(row.kind),
        category=row.category,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        visits=row.visits,
        visits_used=row.visits_used,
        diagnoses=tuple(row.diagnoses),
        status=ReferralStatus(row.status),
    )
    return ReferralRecord(
        referral=referral,
        member_id=row.member_id,
        physician_user_id=row.physician_user_id,
        urgency=Urgency(row.urgency),
        received_at=row.received_at,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
        extra=row.extra,
    )


def _letter_record(row: LetterRow | Row[Any]) -> LetterRecord:
    letter = Letter(
        id=row.id,
        category=row.category,
        issued_on=row.issued_on,
        valid_through=row.valid_through,
        condition=row.condition,
    )
    return LetterRecord(letter, row.member_id, row.physician_user_id, row.body)
