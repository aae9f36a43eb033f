"""Claims with their lines and attachments, and the determinations made on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camnav.domain.adjudication import LINE_AMOUNTS, ClaimStatus, LineStatus
from camnav.domain.claims import Submitter
from camnav.domain.plans import Tier
from camnav.store.tables.base import Amount, Base, Json, UtcDateTime, not_negative, one_of


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        one_of("submitter", Submitter),
        CheckConstraint(
            f"status IS NULL OR status IN ({', '.join(repr(s.value) for s in ClaimStatus)})",
            name="status_known",
        ),
        *not_negative("amount_paid"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    claim_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    submitter: Mapped[str] = mapped_column(String(16))
    received: Mapped[date] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(16))
    diagnoses: Mapped[list[str]] = mapped_column(Json)
    attachment_kinds: Mapped[list[str]] = mapped_column(Json)
    missing_fields: Mapped[list[str]] = mapped_column(Json)
    signed_waiver: Mapped[bool] = mapped_column(Boolean, default=False)
    amount_paid: Mapped[int | None] = mapped_column(Amount)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    lines: Mapped[list[ClaimLineRow]] = relationship(order_by="ClaimLineRow.number")


class ClaimLineRow(Base):
    __tablename__ = "claim_lines"
    __table_args__ = (
        *not_negative("units", "minutes", "billed"),
        CheckConstraint("number >= 1", name="number_positive"),
        Index(None, "code", "service_date"),
    )

    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_date: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(16))
    units: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    modifiers: Mapped[list[str]] = mapped_column(Json)
    billed: Mapped[int] = mapped_column(Amount)
    diagnoses: Mapped[list[str]] = mapped_column(Json)
    modality: Mapped[str | None] = mapped_column(String(64))


class DeterminationRow(Base):
    """One adjudication of a claim; a later one (a correction) supersedes it, both are kept."""

    __tablename__ = "determinations"
    __table_args__ = (
        UniqueConstraint("claim_id", "sequence"),
        one_of("status", ClaimStatus),
        *not_negative("plan_pays", "member_owes", "balance_bill"),
        # At most one current determination per claim.
        Index(
            "uq_determinations_current_claim",
            "claim_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"))
    sequence: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(64))
    visits_remaining: Mapped[int | None] = mapped_column(Integer)
    referral_visits_remaining: Mapped[int | None] = mapped_column(Integer)
    plan_pays: Mapped[int] = mapped_column(Amount)
    member_owes: Mapped[int] = mapped_column(Amount)
    balance_bill: Mapped[int] = mapped_column(Amount)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lines: Mapped[list[DeterminationLineRow]] = relationship(order_by="DeterminationLineRow.number")


class DeterminationLineRow(Base):
    """A line's result: the amounts, and its reasons as JSON (code, params, citation, amount)."""

    __tablename__ = "determination_lines"
    __table_args__ = (
        one_of("status", LineStatus),
        one_of("tier", Tier),
        *not_negative(*LINE_AMOUNTS),
    )

    determination_id: Mapped[int] = mapped_column(ForeignKey("determinations.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_date: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(16))
    units: Mapped[int] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(64))
    tier: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    billed: Mapped[int] = mapped_column(Amount)
    allowed: Mapped[int] = mapped_column(Amount)
    deductible: Mapped[int] = mapped_column(Amount)
    copay: Mapped[int] = mapped_column(Amount)
    coinsurance: Mapped[int] = mapped_column(Amount)
    plan_pays: Mapped[int] = mapped_column(Amount)
    member_owes: Mapped[int] = mapped_column(Amount)
    balance_bill: Mapped[int] = mapped_column(Amount)
    contractual_adjustment: Mapped[int] = mapped_column(Amount)
    patient_responsibility: Mapped[bool] = mapped_column(Boolean)
    counted_visit: Mapped[bool] = mapped_column(Boolean)
    referral_id: Mapped[str | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(Json)


class AttachmentRow(Base):
    """A file that came with a claim; the content lives in the uploads directory by its hash."""

    __tablename__ = "attachments"
    __table_args__ = (
        *not_negative("size"),
        CheckConstraint("length(sha256) = 64", name="sha256_hex"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
