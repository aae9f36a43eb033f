"""Users and their roles, page sessions, API tokens, and physicians' patients."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from camnav.services.ports import Role
from camnav.store.tables.base import Base, UtcDateTime, one_of


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        one_of("role", Role),
        # A member account must name its member, a provider account its provider.
        CheckConstraint("role <> 'member' OR member_id IS NOT NULL", name="member_named"),
        CheckConstraint("role <> 'provider' OR provider_id IS NOT NULL", name="provider_named"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.member_id"), index=True)
    provider_id: Mapped[str | None] = mapped_column(ForeignKey("providers.id"), index=True)
    physician_npi: Mapped[str | None] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SessionRow(Base):
    """A page session; the cookie holds the token, the table only its sha256."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class PhysicianPatientRow(Base):
    __tablename__ = "physician_patients"

    physician_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    member_id: Mapped[str] = mapped_column(
        ForeignKey("members.member_id"), primary_key=True, index=True
    )
