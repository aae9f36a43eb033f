"""Appeals of claim decisions: filed by the member, the provider or member services, decided by
a reviewer with a reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from camnav.api.claim_documents import appeal_document
from camnav.api.claim_schemas import AppealDecisionIn, AppealIn
from camnav.api.deps import Context, CurrentActor
from camnav.api.documents import claim_document
from camnav.api.schemas import Identifier
from camnav.domain.appeals import AppealStatus
from camnav.services.appeals import decide_appeal, file_appeal, get_appeal, list_appeals

router = APIRouter(tags=["appeals"])


@router.post("/api/v1/claims/{claim_id}/appeals", status_code=201)
def file(
    claim_id: Annotated[Identifier, Path()], body: AppealIn, actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    """Appeal a denied or partially paid claim, within 180 days of the decision."""
    return appeal_document(file_appeal(ctx, actor, claim_id, body.reason))


@router.get("/api/v1/appeals")
def list_(
    actor: CurrentActor, ctx: Context, status: Annotated[AppealStatus, Query()] = AppealStatus.OPEN
) -> dict[str, object]:
    """Appeals by status, the soonest due first (reviewers)."""
    return {"appeals": [appeal_document(a) for a in list_appeals(ctx, actor, status)]}


@router.get("/api/v1/appeals/{appeal_id}")
def read(
    appeal_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return appeal_document(get_appeal(ctx, actor, appeal_id))


@router.post("/api/v1/appeals/{appeal_id}/decision")
def decide(
    appeal_id: Annotated[Identifier, Path()],
    body: AppealDecisionIn,
    actor: CurrentActor,
    ctx: Context,
) -> dict[str, object]:
    """Uphold or overturn an appeal, with a reason; an overturned claim is decided again."""
    changes = body.correction.changes() if body.correction else None
    decided = decide_appeal(ctx, actor, appeal_id, body.outcome, body.reason, changes)
    return {"appeal": appeal_document(decided.appeal), "claim": claim_document(decided.claim)}
