"""The claims workflow: uploaded documents, itemized bills, staff reviews of pended claims,
corrections, the adjustments re-adjudication records, appeals, and the payment ledger. Bills,
reviews, corrections, adjustments and payments are append-only (triggers refuse UPDATE, DELETE).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from camnav.store.migrations import append_only

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
MOMENT = sa.DateTime(timezone=True)
STATUSES = "('paid', 'partially_paid', 'denied', 'pended', 'returned')"
KINDS = (
    "('itemized_bill', 'proof_of_payment', 'referral_copy', 'prescription_copy', 'progress_notes')"
)
APPEND_ONLY = {
    "claim_bills": "itemized bills are append-only",
    "claim_reviews": "claim reviews are append-only",
    "claim_corrections": "claim corrections are append-only",
    "claim_adjustments": "claim adjustments are append-only",
    "payments": "the payment ledger is append-only",
}


def upgrade() -> None:
    _uploads()
    _claim_bills()
    _claim_reviews()
    _claim_corrections()
    _claim_adjustments()
    _appeals()
    _payments()
    for table, message in APPEND_ONLY.items():
        append_only.create(table, message)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{referred}"))


def _uploads() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.CheckConstraint(f"kind IN {KINDS}", name=op.f("ck_uploads_kind_known")),
        sa.CheckConstraint(
            "media_type IN ('application/pdf', 'image/jpeg', 'image/png')",
            name=op.f("ck_uploads_media_type_known"),
        ),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_uploads_sha256_hex")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_uploads_size_not_negative")),
        _fk("uploads", "member_id", "members.member_id"),
        _fk("uploads", "uploaded_by", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
    )
    op.create_index(op.f("ix_uploads_member_id"), "uploads", ["member_id"])
    op.create_index(op.f("ix_uploads_sha256"), "uploads", ["sha256"])


def _claim_bills() -> None:
    op.create_table(
        "claim_bills",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("bill", JSON, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        _fk("claim_bills", "claim_id", "claims.claim_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_bills")),
    )
    op.create_index(op.f("ix_claim_bills_claim_id"), "claim_bills", ["claim_id"])


def _claim_reviews() -> None:
    op.create_table(
        "claim_reviews",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewer_user_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", MOMENT, nullable=False),
        sa.CheckConstraint(
            "outcome IN ('approve', 'deny')", name=op.f("ck_claim_reviews_outcome_known")
        ),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_claim_reviews_reason_given")),
        _fk("claim_reviews", "claim_id", "claims.claim_id"),
        _fk("claim_reviews", "provider_id", "providers.id"),
        _fk("claim_reviews", "reviewer_user_id", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_reviews")),
    )
    op.create_index(op.f("ix_claim_reviews_claim_id"), "claim_reviews", ["claim_id"])
    op.create_index(
        op.f("ix_claim_reviews_provider_id_outcome"), "claim_reviews", ["provider_id", "outcome"]
    )


def _claim_corrections() -> None:
    op.create_table(
        "claim_corrections",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("previous", JSON, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("corrected_by", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_claim_corrections_reason_given")),
        _fk("claim_corrections", "claim_id", "claims.claim_id"),
        _fk("claim_corrections", "corrected_by", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_corrections")),
    )
    op.create_index(op.f("ix_claim_corrections_claim_id"), "claim_corrections", ["claim_id"])


def _claim_adjustments() -> None:
    op.create_table(
        "claim_adjustments",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=16), nullable=False),
        sa.Column("caused_by", sa.String(length=64), nullable=False),
        sa.Column("status_before", sa.String(length=16), nullable=False),
        sa.Column("status_after", sa.String(length=16), nullable=False),
        sa.Column("plan_pays_before", sa.Integer(), nullable=False),
        sa.Column("plan_pays_after", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.CheckConstraint(
            "cause IN ('earlier_claim', 'correction', 'review', 'appeal')",
            name=op.f("ck_claim_adjustments_cause_known"),
        ),
        sa.CheckConstraint(
            f"status_after IN {STATUSES}", name=op.f("ck_claim_adjustments_status_after_known")
        ),
        sa.CheckConstraint(
            f"status_before IN {STATUSES}", name=op.f("ck_claim_adjustments_status_before_known")
        ),
        sa.CheckConstraint(
            "plan_pays_after >= 0", name=op.f("ck_claim_adjustments_plan_pays_after_not_negative")
        ),
        sa.CheckConstraint(
            "plan_pays_before >= 0",
            name=op.f("ck_claim_adjustments_plan_pays_before_not_negative"),
        ),
        _fk("claim_adjustments", "claim_id", "claims.claim_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_adjustments")),
    )
    op.create_index(op.f("ix_claim_adjustments_claim_id"), "claim_adjustments", ["claim_id"])


def _appeals() -> None:
    op.create_table(
        "appeals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("filed_by", sa.Integer(), nullable=False),
        sa.Column("filed_at", MOMENT, nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("decision_due", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", MOMENT, nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status = 'open' OR (decided_at IS NOT NULL AND length(outcome_reason) > 0)",
            name=op.f("ck_appeals_decision_explained"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'upheld', 'overturned')", name=op.f("ck_appeals_status_known")
        ),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_appeals_reason_given")),
        _fk("appeals", "claim_id", "claims.claim_id"),
        _fk("appeals", "decided_by", "users.id"),
        _fk("appeals", "filed_by", "users.id"),
        _fk("appeals", "member_id", "members.member_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    op.create_index(op.f("ix_appeals_claim_id"), "appeals", ["claim_id"])
    op.create_index(op.f("ix_appeals_member_id"), "appeals", ["member_id"])
    op.create_index(op.f("ix_appeals_status_decision_due"), "appeals", ["status", "decision_due"])


def _payments() -> None:
    op.create_table(
        "payments",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("payee", sa.String(length=16), nullable=False),
        sa.Column("payee_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("determination_sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.CheckConstraint(
            "kind <> 'payment' OR amount > 0", name=op.f("ck_payments_payment_positive")
        ),
        sa.CheckConstraint(
            "kind IN ('payment', 'adjustment')", name=op.f("ck_payments_kind_known")
        ),
        sa.CheckConstraint("payee IN ('member', 'provider')", name=op.f("ck_payments_payee_known")),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_payments_amount_not_zero")),
        _fk("payments", "claim_id", "claims.claim_id"),
        _fk("payments", "member_id", "members.member_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint(
            "claim_id",
            "determination_sequence",
            name=op.f("uq_payments_claim_id_determination_sequence"),
        ),
    )
    op.create_index(op.f("ix_payments_member_id"), "payments", ["member_id"])


def downgrade() -> None:
    for table in APPEND_ONLY:
        append_only.drop(table)
    op.drop_index(op.f("ix_payments_member_id"), table_name="payments")
    op.drop_table("payments")
    for index in ("ix_appeals_status_decision_due", "ix_appeals_member_id", "ix_appeals_claim_id"):
        op.drop_index(op.f(index), table_name="appeals")
    op.drop_table("appeals")
    op.drop_index(op.f("ix_claim_adjustments_claim_id"), table_name="claim_adjustments")
    op.drop_table("claim_adjustments")
    op.drop_index(op.f("ix_claim_corrections_claim_id"), table_name="claim_corrections")
    op.drop_table("claim_corrections")
    op.drop_index(op.f("ix_claim_reviews_provider_id_outcome"), table_name="claim_reviews")
    op.drop_index(op.f("ix_claim_reviews_claim_id"), table_name="claim_reviews")
    op.drop_table("claim_reviews")
    op.drop_index(op.f("ix_claim_bills_claim_id"), table_name="claim_bills")
    op.drop_table("claim_bills")
    op.drop_index(op.f("ix_uploads_sha256"), table_name="uploads")
    op.drop_index(op.f("ix_uploads_member_id"), table_name="uploads")
    op.drop_table("uploads")
