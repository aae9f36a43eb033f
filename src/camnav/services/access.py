"""Authorization of each record: checked inside the unit, and every refusal audited and kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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


class Refused(Exception):
    """Raised inside a read-only unit, which cannot write the audit event: see audited_refusals."""

    def __init__(self, action: str, resource: tuple[str, str], member_id: str | None) -> None:
        super().__init__(action)
        self.action = action
        self.resource = resource
        self.member_id = member_id


@contextmanager
def audited_refusals(ctx: ServiceContext, actor: Actor) -> Iterator[None]:
    """Around a read-only unit: a Refused raised in it is audited in a write unit of its own,
    opened after the read unit has ended, and becomes Forbidden."""
    try:
        yield
    except Refused as refused:
        with ctx.units() as uow:
            raise refuse(
                uow, ctx, actor, refused.action, refused.resource, refused.member_id
            ) from None


def member_to_read(uow: UnitOfWork, actor: Actor, member_id: str, action: str) -> MemberRecord:
    """member_for in a read-only unit: a refusal raises Refused (see audited_refusals)."""
    if not may_see_member(uow, actor, member_id):
        raise Refused(action, ("member", member_id), member_id)
    member = uow.members.get(member_id)
    if member is None:
        raise NotFound(f"no member {member_id}", field="member_id")
    return member


def require_to_read(actor: Actor, permission: Permission, action: str) -> None:
    """require in a read-only unit: a refusal raises Refused (see audited_refusals)."""
    if not actor.may(permission):
        raise Refused(action, (permission.value, ""), None)


def require(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, permission: Permission, action: str
) -> None:
    """The actor's role may do this at all; otherwise Forbidden (audited)."""
    if not actor.may(permission):
        raise refuse(uow, ctx, actor, action, (permission.value, ""), None)
