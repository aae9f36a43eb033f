"""Use cases: a member's record, enrollment and accumulators; member search for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Plan
from camnav.services.access import member_for, require
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.coverage import plan_and_state
from camnav.services.ports import MemberRecord, Role


@dataclass(frozen=True, slots=True)
class MemberView:
    member: MemberRecord
    enrollment: Enrollment
    plan: Plan
    period: tuple[date, date]
    accumulators: Accumulators


def view_member(ctx: ServiceContext, actor: Actor, member_id: str, on: date) -> MemberView:
    """The member, the plan they are enrolled in on `on`, and their accumulators for that period."""
    with ctx.units() as uow:
        member = member_for(uow, ctx, actor, member_id, "read")
        plan, state = plan_and_state(uow, ctx, member_id, on)
        record(uow, actor, ctx.now(), "member.read", ("member", member_id), member_id)
        uow.commit()
    return MemberView(
        member, state.enrollment, plan, plan.period_of(on), state.accumulators(plan, on)
    )


def search_members(ctx: ServiceContext, actor: Actor, text: str) -> tuple[MemberRecord, ...]:
    """Staff find any member; a physician only among their patients."""
    with ctx.units() as uow:
        require(uow, ctx, actor, Permission.SEARCH_MEMBERS, "search members")
        found = uow.members.search(text)
        if actor.role is Role.PHYSICIAN:
            found = tuple(m for m in found if uow.users.is_patient_of(actor.user_id, m.member_id))
        for member in found:
            record(
                uow,
                actor,
                ctx.now(),
                "member.search",
                ("member", member.member_id),
                member.member_id,
            )
        uow.commit()
    return found
