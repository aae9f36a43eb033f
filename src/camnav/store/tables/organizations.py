"""Regions and their medical centers, networks, contracted practices and their contracts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from camnav.store.tables.base import Base, Json


class RegionRow(Base):
    __tablename__ = "regions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    states: Mapped[list[str]] = mapped_column(Json)
    # {category: [delivery mode, ...]}: employed, network or reimbursement.
    delivery: Mapped[dict[str, Any]] = mapped_column(Json)
    citation: Mapped[str] = mapped_column(String(500), default="")
    centers: Mapped[list[MedicalCenterRow]] = relationship(
        order_by="MedicalCenterRow.position", cascade="all, delete-orphan"
    )


class MedicalCenterRow(Base):
    __tablename__ = "medical_centers"
    __table_args__ = (
        CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180", name="longitude"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    zip_code: Mapped[str] = mapped_column(String(10))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    categories: Mapped[list[str]] = mapped_column(Json)
    # The order of the centers in the region's document.
    position: Mapped[int] = mapped_column(Integer, default=0)


class NetworkRow(Base):
    __tablename__ = "networks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class OrganizationRow(Base):
    """A contracted practice (a group of providers under one tax id)."""

    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tin: Mapped[str] = mapped_column(String(9), default="")
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    zip_code: Mapped[str] = mapped_column(String(10), default="")
    region_id: Mapped[str | None] = mapped_column(ForeignKey("regions.id"), index=True)


class ContractRow(Base):
    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    network_id: Mapped[str] = mapped_column(ForeignKey("networks.id"), index=True)
    start: Mapped[date] = mapped_column("starts_on", Date)
    end: Mapped[date | None] = mapped_column("ends_on", Date)
