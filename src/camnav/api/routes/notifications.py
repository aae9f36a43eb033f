"""Notifications of decisions: the signed-in member's or physician's, a page at a time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from camnav.api.deps import Context, CurrentActor
from camnav.api.referral_documents import notification_document, notifications_document
from camnav.services.notifications import list_notifications, mark_read

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


@router.get("")
def notifications(
    actor: CurrentActor,
    ctx: Context,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> dict[str, object]:
    """Newest first, 20 a page."""
    return notifications_document(list_notifications(ctx, actor, page))


@router.post("/{notification_id}/read")
def read(
    notification_id: Annotated[int, Path(ge=1, le=2**62)], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    return notification_document(mark_read(ctx, actor, notification_id))
