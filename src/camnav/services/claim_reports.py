"""Use case: the staff dashboard's claim figures (status, reason, the plan's spend)."""

from __future__ import annotations

from camnav.services.access import refuse
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.claims_ports import ClaimsSummary
from camnav.services.context import ServiceContext


def claims_summary(ctx: ServiceContext, actor: Actor) -> ClaimsSummary:
    """Claims by current status, lines by primary reason, spend by category: staff only."""
    with ctx.units() as uow:
        if not actor.is_staff:
            raise refuse(uow, ctx, actor, "read the claims summary", ("claims", ""), None)
        found = uow.reviews.claims_summary()
        record(uow, actor, ctx.now(), "claim.summary", ("claims", ""), None)
        uow.commit()
    return found
