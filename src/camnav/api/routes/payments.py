"""The payment ledger: a member's or a claim's entries, and the reconciliation with the claims;
and the auto-adjudication rate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from camnav.api.claim_documents import payment_document, rate_document, reconciliation_document
from camnav.api.deps import Context, CurrentActor
from camnav.api.schemas import Identifier
from camnav.services.adjudication_rate import adjudication_rate
from camnav.services.payments import claim_payments, member_payments, reconcile

router = APIRouter(tags=["payments"])


@router.get("/api/v1/members/{member_id}/payments", tags=["members"])
def of_member(
    member_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return {"payments": [payment_document(e) for e in member_payments(ctx, actor, member_id)]}


@router.get("/api/v1/claims/{claim_id}/payments", tags=["claims"])
def of_claim(
    claim_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return {"payments": [payment_document(e) for e in claim_payments(ctx, actor, claim_id)]}


@router.get("/api/v1/payments/reconciliation")
def reconciliation(actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """The ledger's total against the claims' current determinations, claim by claim (staff)."""
    return reconciliation_document(reconcile(ctx, actor))


@router.get("/api/v1/reports/auto-adjudication", tags=["reports"])
def auto_adjudication(actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """The share of claims decided without a person, overall and by reason for pending (staff)."""
    return rate_document(adjudication_rate(ctx, actor))
