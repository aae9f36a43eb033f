"""Referrals: created by a physician and decided at once where the plan's rules decide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse

from camnav.api.deps import Context, CurrentActor, IdempotencyKey, idempotency
from camnav.api.documents import decided_referral_document, referral_document
from camnav.api.schemas import Identifier, ReferralIn
from camnav.services.referrals import NewReferral, create_referral, get_referral, list_referrals

router = APIRouter(tags=["referrals"])


@router.post("/api/v1/referrals", status_code=201)
def create(
    body: ReferralIn,
    request: Request,
    actor: CurrentActor,
    ctx: Context,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Create a referral; the answer carries the decision (approved, denied or pended)."""
    key = idempotency(request, idempotency_key, body.model_dump(mode="json"))
    new = NewReferral(
        member_id=body.member_id,
        category=body.category,
        diagnoses=tuple(body.diagnoses),
        visits=body.visits,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        kind=body.kind,
        urgency=body.urgency,
        conventional_treatments=tuple(body.conventional_treatments),
        frequency=body.frequency,
        modality=body.modality,
    )
    outcome = create_referral(ctx, actor, new, key, decided_referral_document)
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)


@router.get("/api/v1/referrals/{referral_id}")
def read(
    referral_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return referral_document(get_referral(ctx, actor, referral_id))


@router.get("/api/v1/members/{member_id}/referrals", tags=["members"])
def member_referrals(
    member_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return {"referrals": [referral_document(r) for r in list_referrals(ctx, actor, member_id)]}
