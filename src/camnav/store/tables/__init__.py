"""Every table of the store; importing this package fills `metadata`."""

from camnav.store.tables import (
    audit,
    claim_reviews,
    claims,
    directory,
    idempotency,
    members,
    notifications,
    organizations,
    payments,
    plans,
    providers,
    referral_reviews,
    referrals,
    uploads,
    users,
)
from camnav.store.tables.base import Base

metadata = Base.metadata

__all__ = [
    "audit",
    "claim_reviews",
    "claims",
    "directory",
    "idempotency",
    "members",
    "metadata",
    "notifications",
    "organizations",
    "payments",
    "plans",
    "providers",
    "referral_reviews",
    "referrals",
    "uploads",
    "users",
]
