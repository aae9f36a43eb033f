"""Members, their enrollments and the append-only accumulator ledger."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from camnav.services.ports import AccumulatorKind
from camnav.store.tables.base import Amount, Base, BigId, UtcDateTime, one_of


class MemberRow(Base):
    __tablename__ = "members"

    member_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    birth_date: Mapped[date] = mapped_column(Date)
    zip_code: Mapped[str] = mapped_column(String(10))
    region_id: Mapped[str | None] = mapped_column(ForeignKey("regions.id"), index=True)


class EnrollmentRow(Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    # No foreign key: plans are keyed by (plan id, version) and an enrollment spans versions.
    plan_id: Mapped[str] = mapped_column(String(64), index=True)
    start: Mapped[date] = mapped_column("starts_on", Date)
    end: Mapped[date | None] = mapped_column("ends_on", Date)


class AccumulatorEntryRow(Base):
    """One ledger line; balances are sums (see camnav.services.ports.AccumulatorEntry)."""

    __tablename__ = "accumulator_entries"
    __table_args__ = (
        one_of("kind", AccumulatorKind),
        CheckConstraint(
            "(kind IN ('deductible', 'out_of_pocket') AND bucket <> '' AND key = '')"
            " OR (kind IN ('limit_visit', 'category_visit') AND key <> '' AND bucket = '')",
            name="bucket_or_key",
        ),
        Index(None, "member_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    period_start: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    bucket: Mapped[str] = mapped_column(String(32), default="")
    key: Mapped[str] = mapped_column(String(64), default="")
    amount: Mapped[int] = mapped_column(Amount)
    claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    line_number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
