"""Staff reviews of pended claims, corrections, the adjustments re-adjudication records, and
appeals. Reviews, corrections and adjustments are append-only (database triggers refuse changes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from camnav.domain.adjudication import ClaimStatus
from camnav.domain.appeals import AppealStatus
from camnav.domain.claim_reviews import ReviewOutcome
from camnav.services.claims_ports import AdjustmentCause
from camnav.store.tables.base import Amount, Base, BigId, Json, UtcDateTime, not_negative, one_of


class ClaimReviewRow(Base):
    __tablename__ = "claim_reviews"
    __table_args__ = (
        one_of("outcome", ReviewOutcome),
        CheckConstraint("length(reason) > 0", name="reason_given"),
        Index(None, "provider_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    reviewer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ClaimCorrectionRow(Base):
    __tablename__ = "claim_corrections"
    __table_args__ = (CheckConstraint("length(reason) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    previous: Mapped[dict[str, Any]] = mapped_column(Json)
    reason: Mapped[str] = mapped_column(Text)
    corrected_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ClaimAdjustmentRow(Base):
    __tablename__ = "claim_adjustments"
    __table_args__ = (
        one_of("cause", AdjustmentCause),
        one_of("status_before", ClaimStatus, "status_before_known"),
        one_of("status_after", ClaimStatus, "status_after_known"),
        *not_negative("plan_pays_before", "plan_pays_after"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(String(16))
    caused_by: Mapped[str] = mapped_column(String(64))
    status_before: Mapped[str] = mapped_column(String(16))
    status_after: Mapped[str] = mapped_column(String(16))
    plan_pays_before: Mapped[int] = mapped_column(Amount)
    plan_pays_after: Mapped[int] = mapped_column(Amount)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AppealRow(Base):
    __tablename__ = "appeals"
    __table_args__ = (
        one_of("status", AppealStatus),
        CheckConstraint("length(reason) > 0", name="reason_given"),
        CheckConstraint(
            "status = 'open' OR (decided_at IS NOT NULL AND length(outcome_reason) > 0)",
            name="decision_explained",
        ),
        Index(None, "status", "decision_due"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    filed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline: Mapped[date] = mapped_column(Date)
    decision_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
