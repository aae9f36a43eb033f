"""Reference data: regions, medical centers, networks, practices, providers, plans.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("states", JSON, nullable=False),
        sa.Column("delivery", JSON, nullable=False),
        sa.Column("citation", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
    )

    op.create_table(
        "medical_centers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("region_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("zip_code", sa.String(length=10), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("categories", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "latitude IS NULL OR latitude BETWEEN -90 AND 90",
            name=op.f("ck_medical_centers_latitude"),
        ),
        sa.CheckConstraint(
            "longitude IS NULL OR longitude BETWEEN -180 AND 180",
            name=op.f("ck_medical_centers_longitude"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_medical_centers_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_centers")),
    )
    op.create_index(
        op.f("ix_medical_centers_region_id"), "medical_centers", ["region_id"], unique=False
    )

    op.create_table(
        "networks",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_networks")),
    )

    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tin", sa.String(length=9), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=True),
        sa.Column("zip_code", sa.String(length=10), nullable=False),
        sa.Column("region_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_organizations_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("npi", name=op.f("uq_organizations_npi")),
    )
    op.create_index(
        op.f("ix_organizations_region_id"), "organizations", ["region_id"], unique=False
    )

    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.String(length=64), nullable=False),
        sa.Column("network_id", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_contracts_dates_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_contracts_network_id_networks")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_contracts_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
    )
    op.create_index(op.f("ix_contracts_network_id"), "contracts", ["network_id"], unique=False)
    op.create_index(
        op.f("ix_contracts_organization_id"), "contracts", ["organization_id"], unique=False
    )

    op.create_table(
        "providers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("taxonomy", sa.String(length=10), nullable=False),
        sa.Column("practice_state", sa.String(length=2), nullable=False),
        sa.Column("zip_code", sa.String(length=10), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("organization_id", sa.String(length=64), nullable=True),
        sa.Column("employed_at", sa.String(length=64), nullable=True),
        sa.Column("accepting_new_patients", sa.Boolean(), nullable=False),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("gender", sa.String(length=32), nullable=True),
        sa.Column("credentialed", sa.Boolean(), nullable=False),
        sa.Column("discount_participant", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "length(practice_state) = 2", name=op.f("ck_providers_practice_state_code")
        ),
        sa.CheckConstraint(
            "npi IS NULL OR length(npi) = 10", name=op.f("ck_providers_npi_ten_digits")
        ),
        sa.ForeignKeyConstraint(
            ["employed_at"],
            ["medical_centers.id"],
            name=op.f("fk_providers_employed_at_medical_centers"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_providers_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("npi", name=op.f("uq_providers_npi")),
    )
    op.create_index(op.f("ix_providers_category"), "providers", ["category"], unique=False)
    op.create_index(op.f("ix_providers_employed_at"), "providers", ["employed_at"], unique=False)
    op.create_index(
        op.f("ix_providers_organization_id"), "providers", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_providers_zip_code"), "providers", ["zip_code"], unique=False)

    op.create_table(
        "licenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'lapsed', 'inactive', 'denied', 'suspended', 'revoked')",
            name=op.f("ck_licenses_status_known"),
        ),
        sa.CheckConstraint(
            "expires IS NULL OR issued IS NULL OR expires >= issued", name=op.f("ck_licenses_dates")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_licenses_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licenses")),
    )
    op.create_index(op.f("ix_licenses_provider_id"), "licenses", ["provider_id"], unique=False)

    op.create_table(
        "participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("network_id", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_participations_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_participations_network_id_networks")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_participations_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participations")),
    )
    op.create_index(
        op.f("ix_participations_network_id"), "participations", ["network_id"], unique=False
    )
    op.create_index(
        op.f("ix_participations_provider_id"), "participations", ["provider_id"], unique=False
    )

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("effective_to >= effective_from", name=op.f("ck_plans_dates_ordered")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_plans_sha256_hex")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("plan_id", "version", name=op.f("uq_plans_plan_id_version")),
    )
    op.create_index(op.f("ix_plans_plan_id"), "plans", ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_table("plans")
    op.drop_table("participations")
    op.drop_table("licenses")
    op.drop_table("providers")
    op.drop_table("contracts")
    op.drop_table("organizations")
    op.drop_table("networks")
    op.drop_table("medical_centers")
    op.drop_table("regions")
