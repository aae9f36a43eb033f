"""The provider directory: registry listings, reported license numbers, and a spatial index
(an R*Tree kept by triggers on SQLite, a GiST index on point(longitude, latitude) on PostgreSQL).

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

# The listing's R*Tree entry for NEW, when NEW has a location.
_LOCATE_NEW = """
    INSERT INTO directory_locations (id, min_lat, max_lat, min_lon, max_lon)
    SELECT l.id, NEW.latitude, NEW.latitude, NEW.longitude, NEW.longitude
    FROM directory_listings AS l
    WHERE l.provider_id = NEW.id AND NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL;
"""
_FORGET = """
    DELETE FROM directory_locations
    WHERE id = (SELECT id FROM directory_listings WHERE provider_id = {row}.id);
"""
SQLITE_TRIGGERS = {
    "directory_provider_added": f"""
        AFTER INSERT ON providers BEGIN
            INSERT OR IGNORE INTO directory_listings (provider_id, last_name, address, city)
            VALUES (NEW.id, '', '', '');
            {_LOCATE_NEW}
        END""",
    "directory_provider_moved": f"""
        AFTER UPDATE OF latitude, longitude ON providers BEGIN
            {_FORGET.format(row="NEW")}
            {_LOCATE_NEW}
        END""",
    "directory_provider_removed": f"""
        BEFORE DELETE ON providers BEGIN
            {_FORGET.format(row="OLD")}
            DELETE FROM directory_listings WHERE provider_id = OLD.id;
        END""",
}


def upgrade() -> None:
    op.create_table(
        "directory_listings",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_listings")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_directory_listings_provider_id")),
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
    op.create_index("ix_reported_licenses_state_number", "reported_licenses", ["state", "number"])
    op.create_index("ix_licenses_state_number", "licenses", ["state", "number"])
    if op.get_bind().dialect.name == "sqlite":
        _create_rtree()
    else:
        op.execute(
            "CREATE INDEX ix_providers_location ON providers"
            " USING gist (point(longitude, latitude))"
        )


def _create_rtree() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE directory_locations"
        " USING rtree(id, min_lat, max_lat, min_lon, max_lon)"
    )
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # Providers stored before this revision.
    op.execute(
        "INSERT INTO directory_listings (provider_id, last_name, address, city)"
        " SELECT id, '', '', '' FROM providers"
    )
    op.execute(
        "INSERT INTO directory_locations (id, min_lat, max_lat, min_lon, max_lon)"
        " SELECT l.id, p.latitude, p.latitude, p.longitude, p.longitude"
        " FROM directory_listings AS l JOIN providers AS p ON p.id = l.provider_id"
        " WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE directory_locations")
    else:
        op.execute("DROP INDEX ix_providers_location")
    op.drop_index("ix_licenses_state_number", table_name="licenses")
    op.drop_index("ix_reported_licenses_state_number", table_name="reported_licenses")
    op.drop_table("reported_licenses")
    op.drop_table("directory_listings")
