"""Members: records, enrollments, the accumulator ledger and the state a decision reads."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Plan
from camnav.domain.state import MemberState
from camnav.services.ports import AccumulatorEntry, AccumulatorKind, MemberRecord
from camnav.store.claims import SqlClaimRepository
from camnav.store.referrals import SqlReferralRepository
from camnav.store.tables.members import AccumulatorEntryRow, EnrollmentRow, MemberRow


class SqlMemberRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, member: MemberRecord) -> None:
        self._session.add(
            MemberRow(
                member_id=member.member_id,
                first_name=member.first_name,
                last_name=member.last_name,
                birth_date=member.birth_date,
                zip_code=member.zip_code,
                region_id=member.region,
            )
        )
        self._session.flush()

    def get(self, member_id: str) -> MemberRecord | None:
        row = self._session.get(MemberRow, member_id)
        return _member(row) if row else None

    def search(self, text: str, limit: int = 20) -> tuple[MemberRecord, ...]:
        """Members whose id starts with, or whose first or last name contains, the text."""
        words = [_escape_like(word) for word in text.lower().split()]
        query = select(MemberRow)
        for word in words:
            query = query.where(
                or_(
                    func.lower(MemberRow.member_id).like(f"{word}%", escape="\\"),
                    func.lower(MemberRow.first_name).like(f"%{word}%", escape="\\"),
                    func.lower(MemberRow.last_name).like(f"%{word}%", escape="\\"),
                )
            )
        query = query.order_by(MemberRow.last_name, MemberRow.first_name, MemberRow.member_id)
        return tuple(_member(row) for row in self._session.scalars(query.limit(limit)))

    def enroll(self, enrollment: Enrollment) -> None:
        """Store an enrollment; its region and ZIP code are the member's, not stored twice."""
        self._session.add(
            EnrollmentRow(
                member_id=enrollment.member_id,
                plan_id=enrollment.plan_id,
                start=enrollment.start,
                end=enrollment.end,
            )
        )
        self._session.flush()

    def enrollment_on(self, member_id: str, day: date) -> Enrollment | None:
        """The enrollment covering the day (the latest starting one if several do)."""
        return self._first_enrollment(member_id, _covers(day), (EnrollmentRow.start.desc(),))

    def accumulators(
        self, member_id: str, claim_ids: Collection[str] | None = None
    ) -> Mapping[date, Accumulators]:
        """Balances per benefit period: the ledger summed in one query (with `claim_ids`, only
        the entries those claims added: what re-deciding them must take back out)."""
        query = (
            select(
                AccumulatorEntryRow.period_start,
                AccumulatorEntryRow.kind,
                AccumulatorEntryRow.bucket,
                AccumulatorEntryRow.key,
                func.sum(AccumulatorEntryRow.amount),
            )
            .where(
                AccumulatorEntryRow.member_id == member_id,
                true() if claim_ids is None else AccumulatorEntryRow.claim_id.in_(claim_ids),
            )
            .group_by(
                AccumulatorEntryRow.period_start,
                AccumulatorEntryRow.kind,
                AccumulatorEntryRow.bucket,
                AccumulatorEntryRow.key,
            )
        )
        sums: dict[date, dict[AccumulatorKind, dict[str, int]]] = {}
        for period, kind, bucket, key, total in self._session.execute(query):
            if total:
                names = sums.setdefault(period, {}).setdefault(AccumulatorKind(kind), {})
                names[bucket or key] = int(total)
        return MappingProxyType(
            {period: _balances(kinds) for period, kinds in sorted(sums.items())}
        )

    def state(self, member_id: str, plan: Plan, on: date) -> MemberState:
        """Everything a decision on `on` reads: the enrollment (the one in `plan` covering the
        day, else the member's latest before it), accumulators per period, documents, history.
        LookupError when the member has no enrollment at all."""
        enrollment = self._enrollment_for(member_id, plan.id, on)
        referrals = SqlReferralRepository(self._session)
        return MemberState(
            enrollment=enrollment,
            periods=self.accumulators(member_id),
            referrals=tuple(r.referral for r in referrals.list_for_member(member_id)),
            letters=tuple(r.letter for r in referrals.letters_for_member(member_id)),
            history=SqlClaimRepository(self._session).lines_of_member(member_id),
        )

    def append_accumulators(
        self, member_id: str, entries: Iterable[AccumulatorEntry], at: datetime | None = None
    ) -> None:
        """Append ledger entries; the ledger is never updated (database triggers refuse it)."""
        created = at or datetime.now(UTC)
        self._session.add_all(_entry_row(member_id, entry, created) for entry in entries)
        self._session.flush()

    def _enrollment_for(self, member_id: str, plan_id: str, on: date) -> Enrollment:
        # Covering the day first, then the plan's, then the latest start on or before the day.
        order = (
            _covers(on).desc(),
            (EnrollmentRow.plan_id == plan_id).desc(),
            (EnrollmentRow.start <= on).desc(),
            EnrollmentRow.start.desc(),
        )
        found = self._first_enrollment(member_id, true(), order)
        if found is None:
            raise LookupError(f"member {member_id!r} has no enrollment")
        return found

    def _first_enrollment(
        self,
        member_id: str,
        condition: ColumnElement[bool],
        order: tuple[ColumnElement[Any], ...],
    ) -> Enrollment | None:
        query = (
            select(EnrollmentRow, MemberRow)
            .join(MemberRow, MemberRow.member_id == EnrollmentRow.member_id)
            .where(EnrollmentRow.member_id == member_id, condition)
            .order_by(*order, EnrollmentRow.id)
            .limit(1)
        )
        found = self._session.execute(query).first()
        return _enrollment(found[0], found[1]) if found else None


def _covers(day: date) -> ColumnElement[bool]:
    return and_(
        EnrollmentRow.start <= day, or_(EnrollmentRow.end.is_(None), EnrollmentRow.end >= day)
    )


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _member(row: MemberRow) -> MemberRecord:
    return MemberRecord(
        member_id=row.member_id,
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        zip_code=row.zip_code,
        region=row.region_id,
    )


def _enrollment(row: EnrollmentRow, member: MemberRow) -> Enrollment:
    return Enrollment(
        member_id=row.member_id,
        plan_id=row.plan_id,
        start=row.start,
        end=row.end,
        region=member.region_id or "",
        zip_code=member.zip_code,
    )


def _balances(kinds: Mapping[AccumulatorKind, Mapping[str, int]]) -> Accumulators:
    def part(kind: AccumulatorKind) -> Mapping[str, int]:
        return MappingProxyType(dict(kinds.get(kind, {})))

    return Accumulators(
        deductible_met=part(AccumulatorKind.DEDUCTIBLE),
        out_of_pocket_met=part(AccumulatorKind.OUT_OF_POCKET),
        limit_visits=part(AccumulatorKind.LIMIT_VISIT),
        category_visits=part(AccumulatorKind.CATEGORY_VISIT),
    )


def _entry_row(member_id: str, entry: AccumulatorEntry, at: datetime) -> AccumulatorEntryRow:
    return AccumulatorEntryRow(
        member_id=member_id,
        period_start=entry.period_start,
        kind=entry.kind.value,
        bucket=entry.bucket,
        key=entry.key,
        amount=entry.amount,
        claim_id=entry.claim_id,
        line_number=entry.line_number,
        created_at=at,
    )
