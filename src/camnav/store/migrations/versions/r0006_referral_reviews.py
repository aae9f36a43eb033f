"""Referral decisions, the clinical review queue and notifications of decisions.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    _referral_decisions()
    _referral_review_items()
    _notifications()


def _referral_decisions() -> None:
    op.create_table(
        "referral_decisions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("decided_at", MOMENT, nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "source IN ('rules', 'review', 'appeal')",
            name=op.f("ck_referral_decisions_source_known"),
        ),
        sa.CheckConstraint(
            "status IN ('approved', 'denied', 'pended')",
            name=op.f("ck_referral_decisions_status_known"),
        ),
        sa.CheckConstraint("visits >= 0", name=op.f("ck_referral_decisions_visits_not_negative")),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_referral_decisions_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_decisions_referral_id_referrals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_decisions")),
    )
    op.create_index(
        op.f("ix_referral_decisions_referral_id_id"), "referral_decisions", ["referral_id", "id"]
    )


def _referral_review_items() -> None:
    op.create_table(
        "referral_review_items",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_at", MOMENT, nullable=True),
        sa.CheckConstraint(
            "kind IN ('initial', 'appeal')", name=op.f("ck_referral_review_items_kind_known")
        ),
        sa.CheckConstraint(
            "urgency IN ('standard', 'expedited')",
            name=op.f("ck_referral_review_items_urgency_known"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_referral_review_items_opened_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_review_items_referral_id_referrals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_review_items")),
    )
    op.create_index(
        op.f("ix_referral_review_items_closed_at_received_at"),
        "referral_review_items",
        ["closed_at", "received_at"],
    )
    op.create_index(
        op.f("ix_referral_review_items_referral_id"), "referral_review_items", ["referral_id"]
    )


def _notifications() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.String(length=64), nullable=True),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("read_at", MOMENT, nullable=True),
        sa.CheckConstraint(
            "audience IN ('member', 'physician')", name=op.f("ck_notifications_audience_known")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.member_id"], name=op.f("fk_notifications_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_notifications_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        op.f("ix_notifications_member_id_audience_id"),
        "notifications",
        ["member_id", "audience", "id"],
    )
    op.create_index(op.f("ix_notifications_user_id_id"), "notifications", ["user_id", "id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notifications_user_id_id"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_member_id_audience_id"), table_name="notifications")
    op.drop_table("notifications")
    op.drop_index(op.f("ix_referral_review_items_referral_id"), table_name="referral_review_items")
    op.drop_index(
        op.f("ix_referral_review_items_closed_at_received_at"), table_name="referral_review_items"
    )
    op.drop_table("referral_review_items")
    op.drop_index(op.f("ix_referral_decisions_referral_id_id"), table_name="referral_decisions")
    op.drop_table("referral_decisions")
