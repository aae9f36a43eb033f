"""The staff queue of pended claims and reviewers' decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from camnav.api.claim_documents import decided_document
from camnav.api.claim_schemas import ReviewIn
from camnav.api.deps import Context, CurrentActor
from camnav.api.documents import claim_document
from camnav.api.schemas import Identifier
from camnav.services.claim_reviews import decide_review, review_queue

router = APIRouter(tags=["claim reviews"])


@router.get("/api/v1/claim-reviews")
def queue(actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """Pended claims waiting for a reviewer, the longest waiting first, with why they pended."""
    return {
        "claims": [
            {**claim_document(item), "waiting_since": item.record.created_at.isoformat()}
            for item in review_queue(ctx, actor)
        ]
    }


@router.post("/api/v1/claims/{claim_id}/review")
def review(
    claim_id: Annotated[Identifier, Path()], body: ReviewIn, actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    """A reviewer approves (credentials verified) or denies a pended claim, with a reason."""
    decided = decide_review(ctx, actor, claim_id, body.outcome, body.reason)
    return decided_document(decided, claim_document(decided.claim))
