"""Claims: the pre-check that adjudicates without saving, submission (a provider's claim or a
member's reimbursement request), corrections, the explanation of benefits, reading and lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from camnav.api.claim_documents import adjustment_document, decided_document
from camnav.api.claim_schemas import CorrectionIn, ReimbursementIn
from camnav.api.deps import Context, CurrentActor, IdempotencyKey, idempotency
from camnav.api.documents import claim_document
from camnav.api.schemas import ClaimIn, Identifier
from camnav.explain.claims import adjudication_document
from camnav.explain.eob import eob_document
from camnav.pdf.eob import eob_pdf
from camnav.services.claim_reviews import claim_adjustments, correct_claim
from camnav.services.claims import (
    get_claim,
    list_claims,
    new_claim_id,
    precheck_claim,
    submit_claim,
    submit_reimbursement,
)
from camnav.services.eob import explanation_of_benefits

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


@router.post("/api/v1/claims/reimbursements", status_code=201)
def reimburse(
    body: ReimbursementIn,
    request: Request,
    actor: CurrentActor,
    ctx: Context,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """A member's reimbursement request: the itemized bill and the uploaded documents. Missing
    items return the claim with a checklist (CARC 16 / 252) and the date to send them by."""
    key = idempotency(request, idempotency_key, body.model_dump(mode="json"))
    claim = body.to_claim(body.id or new_claim_id(), ctx.today())
    outcome = submit_reimbursement(
        ctx, actor, claim, key, claim_document, tuple(body.uploads), body.bill.as_json()
    )
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)


@router.post("/api/v1/claims/{claim_id}/corrections")
def correct(
    claim_id: Annotated[Identifier, Path()],
    body: CorrectionIn,
    actor: CurrentActor,
    ctx: Context,
) -> dict[str, object]:
    """Correct a claim, or send a returned one again with what was missing; it is decided
    again, and so are the member's later claims (each change recorded as an adjustment)."""
    decided = correct_claim(ctx, actor, claim_id, body.changes(), body.reason, tuple(body.uploads))
    return decided_document(decided, claim_document(decided.claim))


@router.get("/api/v1/claims/{claim_id}/adjustments")
def adjustments(
    claim_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    """Every time the claim was decided again: the cause and what changed."""
    found = claim_adjustments(ctx, actor, claim_id)
    return {"adjustments": [adjustment_document(a) for a in found]}


@router.get("/api/v1/claims/{claim_id}/eob")
def explanation(
    claim_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    """The explanation of benefits as JSON."""
    return eob_document(explanation_of_benefits(ctx, actor, claim_id))


@router.get(
    "/api/v1/claims/{claim_id}/eob.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def explanation_pdf(
    claim_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> Response:
    """The explanation of benefits as a PDF to download."""
    content = eob_pdf(explanation_of_benefits(ctx, actor, claim_id))
    disposition = f'attachment; filename="eob-{claim_id}.pdf"'
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )
