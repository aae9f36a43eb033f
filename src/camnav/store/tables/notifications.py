"""Notifications of referral decisions to the member and the referring physician."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from camnav.services.ports import Audience
from camnav.store.tables.base import Base, BigId, UtcDateTime, one_of


class NotificationRow(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        one_of("audience", Audience),
        Index(None, "member_id", "audience", "id"),
        Index(None, "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    audience: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    referral_id: Mapped[str | None] = mapped_column(ForeignKey("referrals.id"))
    topic: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
