"""Use case: verify that the audit trail's hash chain is intact (staff with audit rights)."""

from __future__ import annotations

from camnav.services.access import require
from camnav.services.actors import Actor, Permission
from camnav.services.context import ServiceContext
from camnav.services.ports import VerificationResult


def verify_audit_trail(ctx: ServiceContext, actor: Actor) -> VerificationResult:
    with ctx.units() as uow:
        require(uow, ctx, actor, Permission.VERIFY_AUDIT, "verify the audit trail")
        result = uow.audit.verify()
    return result
