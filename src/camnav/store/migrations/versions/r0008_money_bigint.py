"""Amounts of money as 64-bit integers (cents) on PostgreSQL.

A claim may bill up to 50 lines of $9,999,999.99; its totals then pass INTEGER's 2,147,483,647
cents. SQLite's INTEGER is already 64-bit, so only PostgreSQL changes.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

AMOUNTS = {
    "claims": ("amount_paid",),
    "claim_lines": ("billed",),
    "determinations": ("plan_pays", "member_owes", "balance_bill"),
    "determination_lines": (
        "billed",
        "allowed",
        "deductible",
        "copay",
        "coinsurance",
        "plan_pays",
        "member_owes",
        "balance_bill",
        "contractual_adjustment",
    ),
    "accumulator_entries": ("amount",),
    "payments": ("amount",),
    "claim_adjustments": ("plan_pays_before", "plan_pays_after"),
}


def _retype(new: sa.types.TypeEngine[int], old: sa.types.TypeEngine[int]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in AMOUNTS.items():
        for column in columns:
            op.alter_column(table, column, type_=new, existing_type=old)


def upgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())


def downgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())
