"""Providers with their directory fields, their licenses and their network participations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camnav.domain.providers import LicenseStatus
from camnav.store.tables.base import Base, Json, one_of


class ProviderRow(Base):
    __tablename__ = "providers"
    __table_args__ = (
        CheckConstraint("npi IS NULL OR length(npi) = 10", name="npi_ten_digits"),
        CheckConstraint("length(practice_state) = 2", name="practice_state_code"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64), index=True)
    taxonomy: Mapped[str] = mapped_column(String(10), default="")
    practice_state: Mapped[str] = mapped_column(String(2))
    zip_code: Mapped[str] = mapped_column(String(10), default="", index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    employed_at: Mapped[str | None] = mapped_column(ForeignKey("medical_centers.id"), index=True)
    accepting_new_patients: Mapped[bool] = mapped_column(Boolean, default=True)
    languages: Mapped[list[str]] = mapped_column(Json)
    gender: Mapped[str | None] = mapped_column(String(32))
    credentialed: Mapped[bool] = mapped_column(Boolean, default=False)
    discount_participant: Mapped[bool] = mapped_column(Boolean, default=False)
    licenses: Mapped[list[LicenseRow]] = relationship(order_by="LicenseRow.id")
    participations: Mapped[list[ParticipationRow]] = relationship(order_by="ParticipationRow.id")


class LicenseRow(Base):
    __tablename__ = "licenses"
    __table_args__ = (
        one_of("status", LicenseStatus),
        CheckConstraint("expires IS NULL OR issued IS NULL OR expires >= issued", name="dates"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16))
    issued: Mapped[date | None] = mapped_column(Date)
    expires: Mapped[date | None] = mapped_column(Date)


class ParticipationRow(Base):
    __tablename__ = "participations"
    __table_args__ = (
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id"), index=True)
    network_id: Mapped[str] = mapped_column(ForeignKey("networks.id"), index=True)
    start: Mapped[date | None] = mapped_column("starts_on", Date)
    end: Mapped[date | None] = mapped_column("ends_on", Date)
