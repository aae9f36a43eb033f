"""Referrals, prescriptions and authorizations on file, and letters of medical necessity."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from camnav.domain.referrals import ReferralKind, ReferralStatus
from camnav.services.ports import Urgency
from camnav.store.tables.base import Base, Json, UtcDateTime, not_negative, one_of


class ReferralRow(Base):
    __tablename__ = "referrals"
    __table_args__ = (
        one_of("kind", ReferralKind),
        one_of("status", ReferralStatus),
        one_of("urgency", Urgency),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="dates_ordered"),
        *not_negative("visits", "visits_used"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    visits: Mapped[int | None] = mapped_column(Integer)
    visits_used: Mapped[int] = mapped_column(Integer, default=0)
    diagnoses: Mapped[list[str]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16))
    physician_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    urgency: Mapped[str] = mapped_column(String(16), default=Urgency.STANDARD.value)
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(Json)


class LetterRow(Base):
    """A letter of medical necessity (HSA/FSA)."""

    __tablename__ = "letters"
    __table_args__ = (CheckConstraint("valid_through >= issued_on", name="dates_ordered"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    category: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_through: Mapped[date] = mapped_column(Date)
    condition: Mapped[str] = mapped_column(Text, default="")
    physician_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(Json)
