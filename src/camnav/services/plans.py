"""Use cases: the plan library as published, every version with the clauses it cites."""

from __future__ import annotations

from camnav.domain.plans import Plan
from camnav.services.context import ServiceContext
from camnav.services.errors import NotFound


def list_plans(ctx: ServiceContext) -> tuple[Plan, ...]:
    """Every version of every plan, oldest first per plan."""
    return tuple(p for plan_id in ctx.library.plan_ids for p in ctx.library.versions(plan_id))


def get_plan(ctx: ServiceContext, plan_id: str, version: str | None = None) -> Plan:
    """One plan version: the one named, or the latest."""
    try:
        return ctx.library.plan(plan_id, version=version)
    except LookupError as error:
        raise NotFound(str(error), field="version" if version else "plan_id") from error
