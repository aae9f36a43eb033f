"""Referrals: created by a physician and decided at once where the plan's rules decide;
extensions with progress notes, appeals of denials, and the member's episodes of care."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from camnav.api.deps import Context, CurrentActor, IdempotencyKey, idempotency
from camnav.api.referral_documents import (
    decided_document,
    episode_document,
    stored_referral_document,
    view_document,
)
from camnav.api.referral_schemas import AppealIn, ExtensionIn, ReferralIn
from camnav.api.schemas import Identifier
from camnav.services.idempotency import Outcome
from camnav.services.referrals import (
    DecidedReferral,
    NewExtension,
    NewReferral,
    appeal_referral,
    create_referral,
    extend_referral,
    list_referrals,
    member_episodes,
    referral_view,
)

router = APIRouter(tags=["referrals"])

ReferralId = Annotated[Identifier, Path(description="The referral's id")]
MemberId = Annotated[Identifier, Path(description="The member's id")]


def _answer(outcome: Outcome[DecidedReferral]) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)


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
        valid_to=body.end(body.valid_from),
        kind=body.kind,
        urgency=body.urgency,
        conventional_treatments=body.treatments(),
        frequency=body.frequency,
        modality=body.modality,
        condition_weeks=body.condition_weeks,
        progress=body.progress_notes.to_domain() if body.progress_notes else None,
        treatment_details=body.treatment_details(),
    )
    return _answer(create_referral(ctx, actor, new, key, decided_document))


@router.get("/api/v1/referrals/{referral_id}")
def read(referral_id: ReferralId, actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """One referral with its decision history and its place in the review queue."""
    return view_document(referral_view(ctx, actor, referral_id))


@router.post("/api/v1/referrals/{referral_id}/extensions", status_code=201)
def extend(
    referral_id: ReferralId,
    body: ExtensionIn,
    request: Request,
    actor: CurrentActor,
    ctx: Context,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Ask for more visits with progress notes; the answer is a new referral and its decision."""
    key = idempotency(request, idempotency_key, body.model_dump(mode="json"))
    extension = NewExtension(
        referral_id=referral_id,
        visits=body.visits,
        valid_from=body.valid_from,
        valid_to=body.end(body.valid_from),
        progress=body.progress_notes.to_domain() if body.progress_notes else None,
        urgency=body.urgency,
        frequency=body.frequency,
    )
    return _answer(extend_referral(ctx, actor, extension, key, decided_document))


@router.post("/api/v1/referrals/{referral_id}/appeals", status_code=202)
def appeal(
    referral_id: ReferralId, body: AppealIn, actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    """Appeal a denial: it goes back to the clinical review queue with a deadline of its own."""
    return stored_referral_document(appeal_referral(ctx, actor, referral_id, body.grounds))


@router.get("/api/v1/members/{member_id}/referrals", tags=["members"])
def member_referrals(member_id: MemberId, actor: CurrentActor, ctx: Context) -> dict[str, object]:
    return {
        "referrals": [stored_referral_document(r) for r in list_referrals(ctx, actor, member_id)]
    }


@router.get("/api/v1/members/{member_id}/episodes", tags=["members"])
def episodes(
    member_id: MemberId,
    actor: CurrentActor,
    ctx: Context,
    on: Annotated[date | None, Query(description="The date (default: today)")] = None,
) -> dict[str, object]:
    """Episodes of care: each approved referral with its extensions, visits left and expiry."""
    day = on or ctx.today()
    found = member_episodes(ctx, actor, member_id)
    return {"on": day.isoformat(), "episodes": [episode_document(e, day) for e in found]}
