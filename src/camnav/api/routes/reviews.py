"""The clinical review queue: deadlines, time left, overdue; a reviewer's decision and reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from camnav.api.deps import Context, CurrentActor
from camnav.api.referral_documents import queue_document, stored_referral_document
from camnav.api.referral_schemas import ReviewDecisionIn
from camnav.api.schemas import Identifier
from camnav.domain.referrals import ReferralStatus
from camnav.services.reviews import ReviewDecision, decide_review, review_queue

router = APIRouter(prefix="/api/v1/reviews", tags=["reviews"])


@router.get("")
def queue(actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """Referrals waiting for a clinical reviewer, soonest deadline first."""
    entries = review_queue(ctx, actor)
    return {
        "reviews": [queue_document(e) for e in entries],
        "overdue": sum(e.clock.overdue for e in entries),
    }


@router.post("/{referral_id}/decision")
def decide(
    referral_id: Annotated[Identifier, Path()],
    body: ReviewDecisionIn,
    actor: CurrentActor,
    ctx: Context,
) -> dict[str, object]:
    """Approve or deny a queued referral; the reason is required and goes into the letter."""
    decision = ReviewDecision(
        status=ReferralStatus(body.status),
        reason=body.reason,
        citation=body.citation,
        visits=body.visits,
        valid_to=body.valid_to,
    )
    return stored_referral_document(decide_review(ctx, actor, referral_id, decision))
