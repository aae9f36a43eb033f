"""Audit events: append-only (database triggers refuse UPDATE and DELETE), hash-chained."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from camnav.services.ports import AuditOutcome
from camnav.store.tables.base import Base, BigId, JsonText, UtcDateTime, one_of


class AuditEventRow(Base):
    """`hash` = sha256(prev_hash || canonical JSON of the event and its id)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        one_of("outcome", AuditOutcome),
        CheckConstraint("length(hash) = 64 AND length(prev_hash) = 64", name="hashes_hex"),
        Index(None, "member_id", "id"),
    )

    # Assigned by the repository under the append lock, so ids follow the chain without gaps.
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    # No foreign keys: the trail outlives the rows it names and records refused attempts too.
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    resource_type: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str] = mapped_column(String(200))
    member_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonText)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
