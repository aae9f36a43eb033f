"""The declarative base, the constraint naming convention and the column types shared by tables."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, Dialect, Integer, MetaData
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine

# Named constraints let Alembic alter and drop them on both databases (SQLite needs names to
# rebuild a table in batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime kept in UTC; SQLite stores it naive, PostgreSQL as timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored: {value!r}")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json() -> TypeEngine[Any]:
    # JSONB on PostgreSQL for indexing and equality; SQL NULL (not JSON null) for Python None.
    return JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


Json = _json()
# Ids of tables that grow with every request (ledger, audit): 64-bit on PostgreSQL; SQLite's
# INTEGER PRIMARY KEY is already 64-bit and must be spelled INTEGER to be the rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# Amounts of money in cents: a claim may bill more than INTEGER's $21.4M on PostgreSQL (50 lines of
# up to $9,999,999.99); SQLite's INTEGER is already 64-bit.
Amount = BigInteger().with_variant(Integer(), "sqlite")
# Kept as written (plain json, not jsonb) where the exact text matters: the audit hash chain.
JsonText = JSON(none_as_null=True)


def one_of(column: str, values: type[StrEnum] | tuple[str, ...], name: str = "") -> CheckConstraint:
    """A CHECK that a text column holds one of an enumeration's values."""
    allowed = tuple(v.value for v in values) if isinstance(values, type) else values
    listed = ", ".join(f"'{value}'" for value in allowed)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_known")


def not_negative(*columns: str) -> tuple[CheckConstraint, ...]:
    """CHECKs that amounts and counts are never negative."""
    return tuple(CheckConstraint(f"{c} >= 0", name=f"{c}_not_negative") for c in columns)
