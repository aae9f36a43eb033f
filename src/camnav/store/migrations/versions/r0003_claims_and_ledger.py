"""Claims, determinations, attachments and the accumulator ledger.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from camnav.store.migrations import append_only

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("submitter", sa.String(length=16), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("diagnoses", JSON, nullable=False),
        sa.Column("attachment_kinds", JSON, nullable=False),
        sa.Column("missing_fields", JSON, nullable=False),
        sa.Column("signed_waiver", sa.Boolean(), nullable=False),
        sa.Column("amount_paid", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IS NULL"
            " OR status IN ('paid', 'partially_paid', 'denied', 'pended', 'returned')",
            name=op.f("ck_claims_status_known"),
        ),
        sa.CheckConstraint(
            "submitter IN ('member', 'provider')", name=op.f("ck_claims_submitter_known")
        ),
        sa.CheckConstraint("amount_paid >= 0", name=op.f("ck_claims_amount_paid_not_negative")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_claims_version_positive")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_claims_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_claims_provider_id_providers")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"], ["users.id"], name=op.f("fk_claims_submitted_by_users")
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_member_id"), "claims", ["member_id"], unique=False)
    op.create_index(op.f("ix_claims_provider_id"), "claims", ["provider_id"], unique=False)
    op.create_index(op.f("ix_claims_submitted_by"), "claims", ["submitted_by"], unique=False)

    op.create_table(
        "claim_lines",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("modifiers", JSON, nullable=False),
        sa.Column("billed", sa.Integer(), nullable=False),
        sa.Column("diagnoses", JSON, nullable=False),
        sa.Column("modality", sa.String(length=64), nullable=True),
        sa.CheckConstraint("billed >= 0", name=op.f("ck_claim_lines_billed_not_negative")),
        sa.CheckConstraint("minutes >= 0", name=op.f("ck_claim_lines_minutes_not_negative")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_claim_lines_number_positive")),
        sa.CheckConstraint("units >= 0", name=op.f("ck_claim_lines_units_not_negative")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.claim_id"], name=op.f("fk_claim_lines_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("claim_id", "number", name=op.f("pk_claim_lines")),
    )
    op.create_index(
        op.f("ix_claim_lines_code_service_date"),
        "claim_lines",
        ["code", "service_date"],
        unique=False,
    )

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_attachments_sha256_hex")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_attachments_size_not_negative")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.claim_id"], name=op.f("fk_attachments_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index(op.f("ix_attachments_claim_id"), "attachments", ["claim_id"], unique=False)

    op.create_table(
        "determinations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("visits_remaining", sa.Integer(), nullable=True),
        sa.Column("referral_visits_remaining", sa.Integer(), nullable=True),
        sa.Column("plan_pays", sa.Integer(), nullable=False),
        sa.Column("member_owes", sa.Integer(), nullable=False),
        sa.Column("balance_bill", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('paid', 'partially_paid', 'denied', 'pended', 'returned')",
            name=op.f("ck_determinations_status_known"),
        ),
        sa.CheckConstraint(
            "balance_bill >= 0", name=op.f("ck_determinations_balance_bill_not_negative")
        ),
        sa.CheckConstraint(
            "member_owes >= 0", name=op.f("ck_determinations_member_owes_not_negative")
        ),
        sa.CheckConstraint("plan_pays >= 0", name=op.f("ck_determinations_plan_pays_not_negative")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.claim_id"], name=op.f("fk_determinations_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_determinations")),
        sa.UniqueConstraint(
            "claim_id", "sequence", name=op.f("uq_determinations_claim_id_sequence")
        ),
    )
    op.create_index(
        ("uq_determinations_current_claim"),
        "determinations",
        ["claim_id"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )

    op.create_table(
        "determination_lines",
        sa.Column("determination_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("billed", sa.Integer(), nullable=False),
        sa.Column("allowed", sa.Integer(), nullable=False),
        sa.Column("deductible", sa.Integer(), nullable=False),
        sa.Column("copay", sa.Integer(), nullable=False),
        sa.Column("coinsurance", sa.Integer(), nullable=False),
        sa.Column("plan_pays", sa.Integer(), nullable=False),
        sa.Column("member_owes", sa.Integer(), nullable=False),
        sa.Column("balance_bill", sa.Integer(), nullable=False),
        sa.Column("contractual_adjustment", sa.Integer(), nullable=False),
        sa.Column("patient_responsibility", sa.Boolean(), nullable=False),
        sa.Column("counted_visit", sa.Boolean(), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=True),
        sa.Column("reasons", JSON, nullable=False),
        sa.CheckConstraint(
            "status IN ('paid', 'denied', 'pended', 'returned')",
            name=op.f("ck_determination_lines_status_known"),
        ),
        sa.CheckConstraint(
            "tier IN ('in_network', 'out_of_network')",
            name=op.f("ck_determination_lines_tier_known"),
        ),
        sa.CheckConstraint(
            "allowed >= 0", name=op.f("ck_determination_lines_allowed_not_negative")
        ),
        sa.CheckConstraint(
            "balance_bill >= 0", name=op.f("ck_determination_lines_balance_bill_not_negative")
        ),
        sa.CheckConstraint("billed >= 0", name=op.f("ck_determination_lines_billed_not_negative")),
        sa.CheckConstraint(
            "coinsurance >= 0", name=op.f("ck_determination_lines_coinsurance_not_negative")
        ),
        sa.CheckConstraint(
            "contractual_adjustment >= 0",
            name=op.f("ck_determination_lines_contractual_adjustment_not_negative"),
        ),
        sa.CheckConstraint("copay >= 0", name=op.f("ck_determination_lines_copay_not_negative")),
        sa.CheckConstraint(
            "deductible >= 0", name=op.f("ck_determination_lines_deductible_not_negative")
        ),
        sa.CheckConstraint(
            "member_owes >= 0", name=op.f("ck_determination_lines_member_owes_not_negative")
        ),
        sa.CheckConstraint(
            "plan_pays >= 0", name=op.f("ck_determination_lines_plan_pays_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["determination_id"],
            ["determinations.id"],
            name=op.f("fk_determination_lines_determination_id_determinations"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_determination_lines_referral_id_referrals"),
        ),
        sa.PrimaryKeyConstraint("determination_id", "number", name=op.f("pk_determination_lines")),
    )
    op.create_index(
        op.f("ix_determination_lines_referral_id"),
        "determination_lines",
        ["referral_id"],
        unique=False,
    )

    op.create_table(
        "accumulator_entries",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("bucket", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=True),
        sa.Column("line_number", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind IN ('deductible', 'out_of_pocket') AND bucket <> '' AND key = '')"
            " OR (kind IN ('limit_visit', 'category_visit') AND key <> '' AND bucket = '')",
            name=op.f("ck_accumulator_entries_bucket_or_key"),
        ),
        sa.CheckConstraint(
            "kind IN ('deductible', 'out_of_pocket', 'limit_visit', 'category_visit')",
            name=op.f("ck_accumulator_entries_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.claim_id"], name=op.f("fk_accumulator_entries_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.member_id"],
            name=op.f("fk_accumulator_entries_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accumulator_entries")),
    )
    op.create_index(
        op.f("ix_accumulator_entries_claim_id"), "accumulator_entries", ["claim_id"], unique=False
    )
    op.create_index(
        op.f("ix_accumulator_entries_member_id_period_start"),
        "accumulator_entries",
        ["member_id", "period_start"],
        unique=False,
    )

    append_only.create("accumulator_entries", "the accumulator ledger is append-only")


def downgrade() -> None:
    append_only.drop("accumulator_entries")
    op.drop_table("accumulator_entries")
    op.drop_table("determination_lines")
    op.drop_table("determinations")
    op.drop_table("attachments")
    op.drop_table("claim_lines")
    op.drop_table("claims")
