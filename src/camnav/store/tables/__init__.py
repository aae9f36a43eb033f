"""Every table of the store; importing this package fills `metadata`."""

from camnav.store.tables import (
    audit,
    claims,
    directory,
    idempotency,
    members,
    organizations,
    plans,
    providers,
    referrals,
    users,
)
from camnav.store.tables.base import Base

metadata = Base.metadata

__all__ = [
    "audit",
    "claims",
    "directory",
    "idempotency",
    "members",
    "metadata",
    "organizations",
    "plans",
    "providers",
    "referrals",
    "users",
]
