"""Members: records, enrollments, the accumulator ledger and the state a decision reads."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, cast

from sqlalchemy import Row, Select, Table, and_, bindparam, func, insert, or_, select
from sqlalchemy.orm import Session

from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Plan
from camnav.domain.state import MemberState
from camnav.services.ports import AccumulatorEntry, AccumulatorKind, MemberRecord
from camnav.store.claims import SqlClaimRepository
from camnav.store.database import unit_connection
from camnav.store.referrals import SqlReferralRepository
from camnav.store.tables.members import AccumulatorEntryRow, EnrollmentRow, MemberRow

_MEMBERS = cast(Table, MemberRow.__table__)
_ENROLLMENTS = cast(Table, EnrollmentRow.__table__)
_LEDGER = cast(Table, AccumulatorEntryRow.__table__)

_MEMBER = select(_MEMBERS).where(_MEMBERS.c.member_id == bindparam("member_id"))
_COVERS = and_(
    _ENROLLMENTS.c.starts_on <= bindparam("day"),
    or_(_ENROLLMENTS.c.ends_on.is_(None), _ENROLLMENTS.c.ends_on >= bindparam("day")),
)
_ENROLLMENTS_OF = (
    select(_ENROLLMENTS, _MEMBERS.c.region_id, _MEMBERS.c.zip_code)
    .join(_MEMBERS, _MEMBERS.c.member_id == _ENROLLMENTS.c.member_id)
    .where(_ENROLLMENTS.c.member_id == bindparam("member_id"))
    .limit(1)
)
_ENROLLMENT_ON = _ENROLLMENTS_OF.where(_COVERS).order_by(
    _ENROLLMENTS.c.starts_on.desc(), _ENROLLMENTS.c.id
)
# Covering the day first, then the plan's, then the latest start on or before the day.
_NEAREST_ENROLLMENT = _ENROLLMENTS_OF.order_by(
    _COVERS.desc(),
    (_ENROLLMENTS.c.plan_id == bindparam("plan_id")).desc(),
    (_ENROLLMENTS.c.starts_on <= bindparam("day")).desc(),
    _ENROLLMENTS.c.starts_on.desc(),
    _ENROLLMENTS.c.id,
)
_BALANCE_KEYS = (_LEDGER.c.period_start, _LEDGER.c.kind, _LEDGER.c.bucket, _LEDGER.c.key)
_BALANCES = (
    select(*_BALANCE_KEYS, func.sum(_LEDGER.c.amount))
    .where(_LEDGER.c.member_id == bindparam("member_id"))
    .group_by(*_BALANCE_KEYS)
)
_BALANCES_OF_CLAIMS = _BALANCES.where(
    _LEDGER.c.claim_id.in_(bindparam("claim_ids", expanding=True))
)
_APPEND = insert(_LEDGER)


class SqlMemberRepository:
    """What a decision reads of a member is read with statements built once, not as ORM objects:
    every claim reads it inside the database's write lock (see store/claims.py)."""

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
        row = unit_connection(self._session).execute(_MEMBER, {"member_id": member_id}).first()
        return _member(row) if row else None

    def search(self, text: str, limit: int = 20) -> tuple[MemberRecord, ...]:
        """Members whose id starts with, or whose first or last name contains, the text."""
        words = [_escape_like(word) for word in text.lower().split()]
        columns = _MEMBERS.c
        query = select(_MEMBERS)
        for word in words:
            query = query.where(
                or_(
                    func.lower(columns.member_id).like(f"{word}%", escape="\\"),
                    func.lower(columns.first_name).like(f"%{word}%", escape="\\"),
                    func.lower(columns.last_name).like(f"%{word}%", escape="\\"),
                )
            )
        query = query.order_by(columns.last_name, columns.first_name, columns.member_id)
        found = unit_connection(self._session).execute(query.limit(limit))
        return tuple(_member(row) for row in found)

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
        return self._first_enrollment(_ENROLLMENT_ON, {"member_id": member_id, "day": day})

    def accumulators(
        self, member_id: str, claim_ids: Collection[str] | None = None
    ) -> Mapping[date, Accumulators]:
        """Balances per benefit period: the ledger summed in one query (with `claim_ids`, only
        the entries those claims added: what re-deciding them must take back out)."""
        query, parameters = _BALANCES, dict[str, object](member_id=member_id)
        if claim_ids is not None:
            query, parameters = _BALANCES_OF_CLAIMS, {**parameters, "claim_ids": list(claim_ids)}
        sums: dict[date, dict[AccumulatorKind, dict[str, int]]] = {}
        found = unit_connection(self._session).execute(query, parameters)
        for period, kind, bucket, key, total in found:
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
        rows = [ledger_values(member_id, entry, created) for entry in entries]
        if rows:
            unit_connection(self._session).execute(_APPEND, rows)

    def _enrollment_for(self, member_id: str, plan_id: str, on: date) -> Enrollment:
        parameters = {"member_id": member_id, "plan_id": plan_id, "day": on}
        found = self._first_enrollment(_NEAREST_ENROLLMENT, parameters)
        if found is None:
            raise LookupError(f"member {member_id!r} has no enrollment")
        return found

    def _first_enrollment(
        self, query: Select[Any], parameters: dict[str, object]
    ) -> Enrollment | None:
        found = unit_connection(self._session).execute(query, parameters).first()
        return _enrollment(found) if found else None


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _member(row: Row[Any]) -> MemberRecord:
    return MemberRecord(
        member_id=row.member_id,
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        zip_code=row.zip_code,
        region=row.region_id,
    )


def _enrollment(row: Row[Any]) -> Enrollment:
    return Enrollment(
        member_id=row.member_id,
        plan_id=row.plan_id,
        start=row.starts_on,
        end=row.ends_on,
        region=row.region_id or "",
        zip_code=row.zip_code,
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


def ledger_values(member_id: str, entry: AccumulatorEntry, at: datetime) -> dict[str, object]:
    return {
        "member_id": member_id,
        "period_start": entry.period_start,
        "kind": entry.kind.value,
        "bucket": entry.bucket,
        "key": entry.key,
        "amount": entry.amount,
        "claim_id": entry.claim_id,
        "line_number": entry.line_number,
        "created_at": at,
    }
