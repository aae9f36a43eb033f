"""Prior-authorization metrics as JSON (CMS-0057-F)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from camnav.api.deps import Context, CurrentActor
from camnav.api.referral_documents import metrics_document
from camnav.services.authorization_metrics import authorization_metrics

router = APIRouter(prefix="/api/v1/metrics", tags=["metrics"])


@router.get("/prior-authorization")
def prior_authorization(
    actor: CurrentActor,
    ctx: Context,
    start: Annotated[date, Query(alias="from", description="First day of receipt")],
    end: Annotated[date, Query(alias="to", description="Last day of receipt")],
) -> dict[str, object]:
    """Approved, denied, pended and approved after appeal; median and 90th-percentile decision
    time in hours; the share decided within 72 hours and within 7 calendar days."""
    return metrics_document(authorization_metrics(ctx, actor, start, end))
