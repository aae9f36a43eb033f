"""Who may read a claim: a provider its own claims, others as they may see the member."""

from __future__ import annotations

from camnav.domain.claims import Claim
from camnav.services.access import may_see_member, refuse
from camnav.services.actors import Actor, Permission
from camnav.services.context import ServiceContext
from camnav.services.errors import NotFound
from camnav.services.ports import ClaimRecord, Role, UnitOfWork


def may_read_claim(uow: UnitOfWork, actor: Actor, claim: Claim) -> bool:
    """A provider reads its own claims; others as they may see the member."""
    if actor.role is Role.PROVIDER:
        return actor.provider_id == claim.provider_id
    return actor.may(Permission.READ_CLAIM) and may_see_member(uow, actor, claim.member_id)


def claim_for(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, claim_id: str, action: str = "read claim"
) -> ClaimRecord:
    """The stored claim, once the actor may read it; NotFound, or Forbidden (audited)."""
    stored = uow.claims.get(claim_id)
    if stored is None:
        raise NotFound(f"no claim {claim_id}", field="claim_id")
    if not may_read_claim(uow, actor, stored.claim):
        raise refuse(uow, ctx, actor, action, ("claim", claim_id), stored.claim.member_id)
    return stored
