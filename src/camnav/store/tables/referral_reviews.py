"""Referral decisions (every one kept, rules' and reviewers') and the clinical review queue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from camnav.domain.referrals import ReferralStatus
from camnav.services.ports import DecisionSource, ReviewKind, Urgency
from camnav.store.tables.base import Base, BigId, Json, UtcDateTime, not_negative, one_of


class ReferralDecisionRow(Base):
    """One decision; the latest is the referral's current status (kept on `referrals` too)."""

    __tablename__ = "referral_decisions"
    __table_args__ = (
        one_of("status", ReferralStatus),
        one_of("source", DecisionSource),
        *not_negative("visits"),
        Index(None, "referral_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"))
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    note: Mapped[str] = mapped_column(Text, default="")
    visits: Mapped[int | None] = mapped_column(Integer)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class ReviewItemRow(Base):
    """A referral waiting for a clinical reviewer: open until `closed_at`."""

    __tablename__ = "referral_review_items"
    __table_args__ = (
        one_of("kind", ReviewKind),
        one_of("urgency", Urgency),
        Index(None, "closed_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    urgency: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
