"""Members, enrollments, accounts, referrals and letters.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("zip_code", sa.String(length=10), nullable=False),
        sa.Column("region_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_members_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_members")),
    )
    op.create_index(op.f("ix_members_last_name"), "members", ["last_name"], unique=False)
    op.create_index(op.f("ix_members_region_id"), "members", ["region_id"], unique=False)

    op.create_table(
        "enrollments",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_enrollments_dates_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_enrollments_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollments")),
    )
    op.create_index(op.f("ix_enrollments_member_id"), "enrollments", ["member_id"], unique=False)
    op.create_index(op.f("ix_enrollments_plan_id"), "enrollments", ["plan_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=True),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("physician_npi", sa.String(length=10), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "role <> 'member' OR member_id IS NOT NULL", name=op.f("ck_users_member_named")
        ),
        sa.CheckConstraint(
            "role <> 'provider' OR provider_id IS NOT NULL", name=op.f("ck_users_provider_named")
        ),
        sa.CheckConstraint(
            "role IN ('member', 'physician', 'member_services', 'clinical_reviewer',"
            " 'plan_administrator', 'provider')",
            name=op.f("ck_users_role_known"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_users_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_users_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_member_id"), "users", ["member_id"], unique=False)
    op.create_index(op.f("ix_users_provider_id"), "users", ["provider_id"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
    )
    op.create_index(op.f("ix_sessions_expires_at"), "sessions", ["expires_at"], unique=False)
    op.create_index(op.f("ix_sessions_user_id"), "sessions", ["user_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_api_tokens")),
    )
    op.create_index(op.f("ix_api_tokens_expires_at"), "api_tokens", ["expires_at"], unique=False)
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)

    op.create_table(
        "physician_patients",
        sa.Column("physician_user_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.member_id"],
            name=op.f("fk_physician_patients_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["physician_user_id"],
            ["users.id"],
            name=op.f("fk_physician_patients_physician_user_id_users"),
        ),
        sa.PrimaryKeyConstraint(
            "physician_user_id", "member_id", name=op.f("pk_physician_patients")
        ),
    )
    op.create_index(
        op.f("ix_physician_patients_member_id"), "physician_patients", ["member_id"], unique=False
    )

    op.create_table(
        "referrals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("visits_used", sa.Integer(), nullable=False),
        sa.Column("diagnoses", JSON, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("physician_user_id", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("extra", JSON, nullable=False),
        sa.CheckConstraint(
            "kind IN ('referral', 'prescription', 'authorization')",
            name=op.f("ck_referrals_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('approved', 'denied', 'pended')", name=op.f("ck_referrals_status_known")
        ),
        sa.CheckConstraint(
            "urgency IN ('standard', 'expedited')", name=op.f("ck_referrals_urgency_known")
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_referrals_dates_ordered")
        ),
        sa.CheckConstraint("visits >= 0", name=op.f("ck_referrals_visits_not_negative")),
        sa.CheckConstraint("visits_used >= 0", name=op.f("ck_referrals_visits_used_not_negative")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_referrals_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["physician_user_id"], ["users.id"], name=op.f("fk_referrals_physician_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    op.create_index(op.f("ix_referrals_member_id"), "referrals", ["member_id"], unique=False)
    op.create_index(
        op.f("ix_referrals_physician_user_id"), "referrals", ["physician_user_id"], unique=False
    )

    op.create_table(
        "letters",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_through", sa.Date(), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("physician_user_id", sa.Integer(), nullable=True),
        sa.Column("body", JSON, nullable=False),
        sa.CheckConstraint("valid_through >= issued_on", name=op.f("ck_letters_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_letters_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["physician_user_id"], ["users.id"], name=op.f("fk_letters_physician_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
    )
    op.create_index(op.f("ix_letters_member_id"), "letters", ["member_id"], unique=False)
    op.create_index(
        op.f("ix_letters_physician_user_id"), "letters", ["physician_user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("letters")
    op.drop_table("referrals")
    op.drop_table("physician_patients")
    op.drop_table("api_tokens")
    op.drop_table("sessions")
    op.drop_table("users")
    op.drop_table("enrollments")
    op.drop_table("members")
