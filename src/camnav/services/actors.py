"""Who is asking, and what each role may see: a member only their own records, a physician only
their patients, staff by role, a provider only its own claims."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from camnav.services.ports import Role

STAFF_ROLES = frozenset({Role.MEMBER_SERVICES, Role.CLINICAL_REVIEWER, Role.PLAN_ADMINISTRATOR})


class Permission(StrEnum):
    READ_MEMBER = "read_member"
    SUBMIT_CLAIM = "submit_claim"
    READ_CLAIM = "read_claim"
    CREATE_REFERRAL = "create_referral"
    READ_PLAN = "read_plan"
    READ_PROVIDER = "read_provider"
    VERIFY_AUDIT = "verify_audit"
    SEARCH_MEMBERS = "search_members"
    REVIEW_REFERRAL = "review_referral"
    READ_AUTHORIZATION_METRICS = "read_authorization_metrics"


# Who may do what at all; whose records (own, patients, own claims) is checked per record.
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.MEMBER: frozenset(
        {
            Permission.READ_MEMBER,
            Permission.SUBMIT_CLAIM,
            Permission.READ_CLAIM,
            Permission.READ_PLAN,
            Permission.READ_PROVIDER,
        }
    ),
    Role.PHYSICIAN: frozenset(
        {
            Permission.READ_MEMBER,
            Permission.CREATE_REFERRAL,
            Permission.READ_PLAN,
            Permission.READ_PROVIDER,
            Permission.SEARCH_MEMBERS,
        }
    ),
    Role.MEMBER_SERVICES: frozenset(
        {
            Permission.READ_MEMBER,
            Permission.SUBMIT_CLAIM,
            Permission.READ_CLAIM,
            Permission.READ_PLAN,
            Permission.READ_PROVIDER,
            Permission.SEARCH_MEMBERS,
        }
    ),
    Role.CLINICAL_REVIEWER: frozenset(
        {
            Permission.READ_MEMBER,
            Permission.READ_CLAIM,
            Permission.CREATE_REFERRAL,
            Permission.READ_PLAN,
            Permission.READ_PROVIDER,
            Permission.SEARCH_MEMBERS,
            Permission.REVIEW_REFERRAL,
            Permission.READ_AUTHORIZATION_METRICS,
        }
    ),
    Role.PLAN_ADMINISTRATOR: frozenset(set(Permission)),
    Role.PROVIDER: frozenset(
        {
            Permission.SUBMIT_CLAIM,
            Permission.READ_CLAIM,
            Permission.READ_PLAN,
            Permission.READ_PROVIDER,
        }
    ),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user a request acts for."""

    user_id: int
    username: str
    role: Role
    member_id: str | None = None
    provider_id: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def may(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]
