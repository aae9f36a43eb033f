"""Letters of medical necessity by id (camnav.services.ports.LetterRepository)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from camnav.domain.referrals import Letter
from camnav.services.ports import LetterRecord
from camnav.store.tables.referrals import LetterRow


class SqlLetterRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, letter_id: str) -> LetterRecord | None:
        row = self._session.get(LetterRow, letter_id)
        if row is None:
            return None
        letter = Letter(row.id, row.category, row.issued_on, row.valid_through, row.condition)
        return LetterRecord(letter, row.member_id, row.physician_user_id, row.body)
