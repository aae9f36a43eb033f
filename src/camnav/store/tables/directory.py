"""The directory beside `providers`: what the NPI registry says of a provider, the license numbers
it reported, and the spatial index's objects, which live outside the metadata.

SQLite keeps an R*Tree of the distinct places providers practise at (many share their ZIP code's
centroid), filled by triggers whoever writes a provider, and finds a place's providers through
an index on (latitude, longitude). PostgreSQL has a GiST index on point(longitude, latitude).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from camnav.store.tables.base import Base
from camnav.store.tables.providers import LicenseRow

# Created by migration 0005 for one database or the other and unknown to the metadata (Alembic
# cannot describe a virtual table or an index on an expression).
LOCATIONS = "directory_locations"
PLACES = "directory_places"
SPATIAL_TABLES = frozenset(
    {PLACES, LOCATIONS} | {f"{LOCATIONS}_{shadow}" for shadow in ("node", "parent", "rowid")}
)
SPATIAL_INDEXES = frozenset({"ix_providers_location", "ix_providers_latitude_longitude"})


def outside_metadata(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's include_name hook: False for the spatial index's objects."""
    if type_ == "table":
        return name not in SPATIAL_TABLES
    return name not in SPATIAL_INDEXES


class DirectoryListingRow(Base):
    __tablename__ = "directory_listings"

    provider_id: Mapped[str] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True
    )
    # The registry's record as a hash (NppesProvider.digest): a re-import of an unchanged
    # record writes nothing.
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    last_name: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(100), default="")


class ReportedLicenseRow(Base):
    """A license number and state a provider reported to the registry in a taxonomy slot."""

    __tablename__ = "reported_licenses"
    __table_args__ = (Index("ix_reported_licenses_number_state", "number", "state"),)

    provider_id: Mapped[str] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(2), primary_key=True)
    number: Mapped[str] = mapped_column(String(64), primary_key=True)
    taxonomy: Mapped[str] = mapped_column(String(10))


# Matching a roster's license to its holder looks licenses up by number (and state).
Index("ix_licenses_number_state", LicenseRow.number, LicenseRow.state)

# SQLite's spatial objects as SQLAlchemy sees them for queries (the migration creates them).
_spatial = MetaData()
places = Table(
    PLACES,
    _spatial,
    Column("id", Integer, primary_key=True),
    Column("latitude", Float),
    Column("longitude", Float),
)
locations = Table(
    LOCATIONS,
    _spatial,
    Column("id", Integer, primary_key=True),
    Column("min_lat", Float),
    Column("max_lat", Float),
    Column("min_lon", Float),
    Column("max_lon", Float),
)
