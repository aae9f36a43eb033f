"""Every read or write of member data appends an audit event: who, what, when, outcome."""

from __future__ import annotations

from datetime import datetime

from camnav.services.actors import Actor
from camnav.services.context import ServiceContext
from camnav.services.ports import AuditEvent, AuditOutcome, JsonObject, UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor | None,
    at: datetime,
    action: str,
    resource: tuple[str, str],
    member_id: str | None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    detail: JsonObject | None = None,
) -> None:
    """Append one event; the caller's unit commits it with the work it describes."""
    resource_type, resource_id = resource
    uow.audit.append(
        AuditEvent(
            at=at,
            action=action,
            resource_type=resource_type,
            outcome=outcome,
            actor_user_id=actor.user_id if actor else None,
            actor_role=actor.role.value if actor else "",
            resource_id=resource_id,
            member_id=member_id,
            detail=detail or {},
        )
    )


def record_read(
    ctx: ServiceContext,
    actor: Actor,
    action: str,
    resource: tuple[str, str],
    member_id: str | None,
) -> None:
    """Audit a read done in a read-only unit, in a short write unit of its own, before the answer
    leaves: on SQLite the single write lock is then held for the append, not for the whole read."""
    with ctx.units() as uow:
        record(uow, actor, ctx.now(), action, resource, member_id)
        uow.commit()
