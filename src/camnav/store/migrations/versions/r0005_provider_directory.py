"""The provider directory: registry listings, reported license numbers, and a spatial index
(an R*Tree of providers' places, kept by triggers, on SQLite; a GiST index on
point(longitude, latitude) of providers on PostgreSQL).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# SQLite: providers' distinct locations (many share their ZIP code's centroid) each get one
# R*Tree entry, keyed by the place's INTEGER PRIMARY KEY (a rowid VACUUM keeps); the R*Tree
# then stays small and an import adds an entry per new place, not per provider.
_PLACE_NEW = """
    INSERT OR IGNORE INTO directory_places (latitude, longitude)
    SELECT NEW.latitude, NEW.longitude
    WHERE NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL;
"""
SQLITE_TRIGGERS = {
    "directory_provider_added": f"AFTER INSERT ON providers BEGIN {_PLACE_NEW} END",
    "directory_provider_moved": (
        f"AFTER UPDATE OF latitude, longitude ON providers BEGIN {_PLACE_NEW} END"
    ),
    "directory_place_added": """
        AFTER INSERT ON directory_places BEGIN
            INSERT INTO directory_locations (id, min_lat, max_lat, min_lon, max_lon)
            VALUES (NEW.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude);
        END""",
}


def upgrade() -> None:
    op.create_table(
        "directory_listings",
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_directory_listings_provider_id_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("provider_id", name=op.f("pk_directory_listings")),
    )
    op.create_table(
        "reported_licenses",
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("taxonomy", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_reported_licenses_provider_id_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "provider_id", "state", "number", name=op.f("pk_reported_licenses")
        ),
    )
    op.create_index("ix_reported_licenses_number_state", "reported_licenses", ["number", "state"])
    op.create_index("ix_licenses_number_state", "licenses", ["number", "state"])
    if op.get_bind().dialect.name == "sqlite":
        _create_rtree()
    else:
        op.execute(
            "CREATE INDEX ix_providers_location ON providers"
            " USING gist (point(longitude, latitude))"
        )


def _create_rtree() -> None:
    op.execute(
        "CREATE TABLE directory_places (id INTEGER PRIMARY KEY,"
        " latitude FLOAT NOT NULL, longitude FLOAT NOT NULL, UNIQUE (latitude, longitude))"
    )
    op.execute(
        "CREATE VIRTUAL TABLE directory_locations"
        " USING rtree(id, min_lat, max_lat, min_lon, max_lon)"
    )
    op.execute("CREATE INDEX ix_providers_latitude_longitude ON providers (latitude, longitude)")
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # Providers stored before this revision.
    op.execute(
        "INSERT OR IGNORE INTO directory_places (latitude, longitude)"
        " SELECT latitude, longitude FROM providers"
        " WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP INDEX ix_providers_latitude_longitude")
        op.execute("DROP TABLE directory_locations")
        op.execute("DROP TABLE directory_places")
    else:
        op.execute("DROP INDEX ix_providers_location")
    op.drop_index("ix_licenses_number_state", table_name="licenses")
    op.drop_index("ix_reported_licenses_number_state", table_name="reported_licenses")
    op.drop_table("reported_licenses")
    op.drop_table("directory_listings")
