"""Authorization of each record: checked inside the unit, and every refusal audited and kept."""

from __future__ import annotations

from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.errors import Forbidden, NotFound
from camnav.services.ports import AuditOutcome, MemberRecord, Role, UnitOfWork


def may_see_member(uow: UnitOfWork, actor: Actor, member_id: str) -> bool:
    """A member sees themself, a physician their patients, staff everyone, a provider nobody."""
    if not actor.may(Permission.READ_MEMBER):
        return False
    if actor.role is Role.MEMBER:
        return actor.member_id == member_id
    if actor.role is Role.PHYSICIAN:
        return uow.users.is_patient_of(actor.user_id, member_id)
    return actor.is_staff


def refuse(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    action: str,
    resource: tuple[str, str],
    member_id: str | None,
) -> Forbidden:
    """Audit a refused attempt and commit it, so the refusal is kept although the request fails."""
    record(uow, actor, ctx.now(), action, resource, member_id, AuditOutcome.DENIED)
    uow.commit()
    return Forbidden(f"{actor.role.value} {actor.username} may not {action} {resource[1]}")


def member_for(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, member_id: str, action: str
) -> MemberRecord:
    """The member, once the actor is allowed to see them; otherwise Forbidden (audited)."""
    if not may_see_member(uow, actor, member_id):
        raise refuse(uow, ctx, actor, action, ("member", member_id), member_id)
    member = uow.members.get(member_id)
    if member is None:
        raise NotFound(f"no member {member_id}", field="member_id")
    return member


def require(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, permission: Permission, action: str
) -> None:
    """The actor's role may do this at all; otherwise Forbidden (audited)."""
    if not actor.may(permission):
        raise refuse(uow, ctx, actor, action, (permission.value, ""), None)
