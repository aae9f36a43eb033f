"""Claims: the pre-check that adjudicates without saving, submission, reading and lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from camnav.api.deps import Context, CurrentActor, IdempotencyKey, idempotency
from camnav.api.documents import claim_document
from camnav.api.schemas import ClaimIn, Identifier
from camnav.explain.claims import adjudication_document
from camnav.services.claims import (
    get_claim,
    list_claims,
    new_claim_id,
    precheck_claim,
    submit_claim,
)

router = APIRouter(tags=["claims"])


@router.post("/api/v1/claims/precheck")
def precheck(body: ClaimIn, actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """Will this be paid, and how much? The same engine as submission; nothing is saved."""
    claim = body.to_claim(body.id or "PRECHECK", ctx.today())
    return adjudication_document(precheck_claim(ctx, actor, claim))


@router.post("/api/v1/claims", status_code=201)
def submit(
    body: ClaimIn,
    request: Request,
    actor: CurrentActor,
    ctx: Context,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Submit a claim; it is adjudicated at once. Send an Idempotency-Key to make retries safe."""
    key = idempotency(request, idempotency_key, body.model_dump(mode="json"))
    claim = body.to_claim(body.id or new_claim_id(), ctx.today())
    outcome = submit_claim(ctx, actor, claim, key, claim_document)
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)


@router.get("/api/v1/claims/{claim_id}")
def read(
    claim_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return claim_document(get_claim(ctx, actor, claim_id))


@router.get("/api/v1/claims")
def list_(
    actor: CurrentActor,
    ctx: Context,
    member_id: Annotated[Identifier | None, Query()] = None,
) -> dict[str, object]:
    """A member's claims (the signed-in member's by default), or a provider's own claims."""
    return {"claims": [claim_document(c) for c in list_claims(ctx, actor, member_id)]}


@router.get("/api/v1/members/{member_id}/claims", tags=["members"])
def member_claims(
    member_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return {"claims": [claim_document(c) for c in list_claims(ctx, actor, member_id)]}
