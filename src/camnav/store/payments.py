"""The payment ledger: entries appended, totals per claim, and the balances to reconcile."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Row, Select, Table, bindparam, exists, func, insert, select
from sqlalchemy.orm import Session

from camnav.domain.adjudication import ClaimStatus
from camnav.domain.claims import Submitter
from camnav.domain.money import Cents
from camnav.services.claims_ports import (
    ClaimBalance,
    Payee,
    PaymentEntry,
    PaymentKind,
    UnpostedClaim,
)
from camnav.store.database import unit_connection
from camnav.store.tables.claims import ClaimRow, DeterminationRow
from camnav.store.tables.payments import PaymentRow

# Statuses under which the plan pays what the determination says; under the others it pays $0.
_PAYING = (ClaimStatus.PAID.value, ClaimStatus.PARTIALLY_PAID.value, ClaimStatus.DENIED.value)


_PAYMENTS = cast(Table, PaymentRow.__table__)
# Every claim decision posts its payment inside the database's write lock: statements built once,
# run on the connection (see store/claims.py).
_APPEND = insert(_PAYMENTS)
_PAID = select(func.coalesce(func.sum(_PAYMENTS.c.amount), 0)).where(
    _PAYMENTS.c.claim_id == bindparam("claim_id")
)
_OF_CLAIM = (
    select(_PAYMENTS).where(_PAYMENTS.c.claim_id == bindparam("key")).order_by(_PAYMENTS.c.id)
)
_OF_MEMBER = (
    select(_PAYMENTS).where(_PAYMENTS.c.member_id == bindparam("key")).order_by(_PAYMENTS.c.id)
)


class SqlPaymentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def append(self, entry: PaymentEntry) -> None:
        """Add an entry; the database refuses a second one for the same determination."""
        self.append_all([entry])

    def append_all(self, entries: Iterable[PaymentEntry]) -> None:
        rows = [payment_values(entry) for entry in entries]
        if rows:
            unit_connection(self._session).execute(_APPEND, rows)

    def unposted(self) -> tuple[UnpostedClaim, ...]:
        """Claims whose current determination pays something and that have no ledger entry."""
        posted = select(PaymentRow.id).where(PaymentRow.claim_id == ClaimRow.claim_id)
        query = (
            select(
                ClaimRow.claim_id,
                ClaimRow.member_id,
                ClaimRow.provider_id,
                ClaimRow.submitter,
                DeterminationRow.sequence,
                DeterminationRow.plan_pays,
            )
            .join(
                DeterminationRow,
                (DeterminationRow.claim_id == ClaimRow.claim_id) & DeterminationRow.is_current,
            )
            .where(
                DeterminationRow.plan_pays > 0,
                DeterminationRow.status.in_(_PAYING),
                ~exists(posted),
            )
            .order_by(ClaimRow.claim_id)
        )
        return tuple(
            UnpostedClaim(
                row.claim_id,
                row.member_id,
                row.provider_id,
                Submitter(row.submitter),
                row.sequence,
                row.plan_pays,
            )
            for row in self._session.execute(query)
        )

    def paid(self, claim_id: str) -> Cents:
        return int(
            unit_connection(self._session).execute(_PAID, {"claim_id": claim_id}).scalar() or 0
        )

    def for_claim(self, claim_id: str) -> tuple[PaymentEntry, ...]:
        return self._list(_OF_CLAIM, claim_id)

    def for_member(self, member_id: str) -> tuple[PaymentEntry, ...]:
        return self._list(_OF_MEMBER, member_id)

    def balances(self) -> tuple[ClaimBalance, ...]:
        """Per claim with a current determination or a ledger entry: the ledger's total and
        what the current determination pays."""
        ledger = (
            select(PaymentRow.claim_id, func.sum(PaymentRow.amount).label("total"))
            .group_by(PaymentRow.claim_id)
            .subquery()
        )
        determined = (
            select(DeterminationRow.claim_id, DeterminationRow.plan_pays, DeterminationRow.status)
            .where(DeterminationRow.is_current)
            .subquery()
        )
        query = select(
            determined.c.claim_id, determined.c.plan_pays, determined.c.status, ledger.c.total
        ).outerjoin(ledger, ledger.c.claim_id == determined.c.claim_id)
        return tuple(
            ClaimBalance(claim_id, int(total or 0), plan_pays if status in _PAYING else 0)
            for claim_id, plan_pays, status, total in self._session.execute(query)
        )

    def _list(self, query: Select[Any], key: str) -> tuple[PaymentEntry, ...]:
        return tuple(
            _entry(row) for row in unit_connection(self._session).execute(query, {"key": key})
        )


def payment_values(entry: PaymentEntry) -> dict[str, object]:
    return {
        "claim_id": entry.claim_id,
        "member_id": entry.member_id,
        "payee": entry.payee.value,
        "payee_id": entry.payee_id,
        "kind": entry.kind.value,
        "amount": entry.amount,
        "determination_sequence": entry.determination_sequence,
        "created_at": entry.at,
    }


def _entry(row: Row[Any]) -> PaymentEntry:
    return PaymentEntry(
        claim_id=row.claim_id,
        member_id=row.member_id,
        payee=Payee(row.payee),
        payee_id=row.payee_id,
        kind=PaymentKind(row.kind),
        amount=row.amount,
        determination_sequence=row.determination_sequence,
        at=row.created_at,
        id=row.id,
    )
