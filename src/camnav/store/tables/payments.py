"""The payment ledger: one entry per determination that changes what the plan pays on a claim.

Append-only (database triggers refuse UPDATE and DELETE), and at most one entry per claim and
determination: a retried or concurrent decision can never pay a claim twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from camnav.services.claims_ports import Payee, PaymentKind
from camnav.store.tables.base import Amount, Base, BigId, UtcDateTime, one_of


class PaymentRow(Base):
    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("claim_id", "determination_sequence"),
        one_of("payee", Payee),
        one_of("kind", PaymentKind),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        CheckConstraint("kind <> 'payment' OR amount > 0", name="payment_positive"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    payee: Mapped[str] = mapped_column(String(16))
    payee_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Amount)
    determination_sequence: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
