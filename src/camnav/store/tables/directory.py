"""The directory beside `providers`: what the NPI registry says of a provider, the license numbers
it reported, and the spatial index's objects, which live outside the metadata.

Each provider has at most one listing; its integer id keys the SQLite R*Tree (rowids of a table
without an INTEGER PRIMARY KEY may change on VACUUM, so `providers`' own rowid cannot). On SQLite
triggers keep a listing and an R*Tree entry for every provider, whoever writes it; on
PostgreSQL a GiST index on point(longitude, latitude) of `providers` needs no listing.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from camnav.store.tables.base import Base
from camnav.store.tables.providers import LicenseRow

# The SQLite R*Tree and its shadow tables, the SQLite triggers that fill it, and the PostgreSQL
# GiST index: created by migration 0005, unknown to the metadata (Alembic cannot describe them).
LOCATIONS = "directory_locations"
SPATIAL_TABLES = frozenset({LOCATIONS} | {f"{LOCATIONS}_{s}" for s in ("node", "parent", "rowid")})
SPATIAL_INDEX = "ix_providers_location"


def outside_metadata(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's include_name hook: False for the spatial index's objects."""
    return not (type_ == "table" and name in SPATIAL_TABLES) and name != SPATIAL_INDEX


class DirectoryListingRow(Base):
    __tablename__ = "directory_listings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[str] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), unique=True
    )
    # The registry's record as a hash (NppesProvider.digest): NULL for providers written by
    # other means, whose fields an import then takes over.
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    last_name: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(100), default="")


class ReportedLicenseRow(Base):
    """A license number and state a provider reported to the registry in a taxonomy slot."""

    __tablename__ = "reported_licenses"
    __table_args__ = (Index("ix_reported_licenses_state_number", "state", "number"),)

    provider_id: Mapped[str] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(2), primary_key=True)
    number: Mapped[str] = mapped_column(String(64), primary_key=True)
    taxonomy: Mapped[str] = mapped_column(String(10))


# Matching a roster's license to its holder looks licenses up by state and number.
Index("ix_licenses_state_number", LicenseRow.state, LicenseRow.number)

# The R*Tree as SQLAlchemy sees it for queries (it is created by the migration, not from here).
locations = Table(
    LOCATIONS,
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("min_lat", Float),
    Column("max_lat", Float),
    Column("min_lon", Float),
    Column("max_lon", Float),
)
