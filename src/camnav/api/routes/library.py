"""Plans with their citations, providers, and the audit trail's verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from camnav.api.deps import Context, CurrentActor
from camnav.api.documents import provider_document
from camnav.api.schemas import Identifier
from camnav.explain.plans import plan_document, plan_summary
from camnav.services.audit import verify_audit_trail
from camnav.services.plans import get_plan, list_plans
from camnav.services.providers import get_provider

router = APIRouter()


@router.get("/api/v1/plans", tags=["plans"])
def plans(actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """Every version of every plan."""
    return {"plans": [plan_summary(p) for p in list_plans(ctx)]}


@router.get("/api/v1/plans/{plan_id}", tags=["plans"])
def plan(
    plan_id: Annotated[Identifier, Path()],
    actor: CurrentActor,
    ctx: Context,
    version: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, object]:
    """A plan version (the latest unless named), every rule with its plan clause."""
    return plan_document(get_plan(ctx, plan_id, version))


@router.get("/api/v1/providers/{provider_id}", tags=["providers"])
def provider(
    provider_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return provider_document(get_provider(ctx, actor, provider_id))


@router.get("/api/v1/audit/verify", tags=["audit"])
def verify_audit(actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """Check the audit trail's hash chain from the first event to the last."""
    result = verify_audit_trail(ctx, actor)
    return {"ok": result.ok, "checked": result.checked, "first_bad_id": result.first_bad_id}
