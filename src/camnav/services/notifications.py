"""Notifications: the member and the referring physician hear of every decision on a referral
(approved, denied, pended for review), and read them a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, replace

from camnav.domain.referrals import ReferralStatus
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.errors import NotFound
from camnav.services.ports import (
    Audience,
    DecisionRecord,
    NotificationRecord,
    ReferralRecord,
    Role,
    UnitOfWork,
)

PAGE_SIZE = 20


def notify_decision(
    uow: UnitOfWork, referral: ReferralRecord, decision: DecisionRecord, text: str
) -> None:
    """Tell the member, and the referring physician when there is one, in the caller's unit."""
    topic = f"referral.{decision.status.value}"
    recipients: list[tuple[Audience, int | None]] = [(Audience.MEMBER, None)]
    if referral.physician_user_id is not None:
        recipients.append((Audience.PHYSICIAN, referral.physician_user_id))
    uow.notifications.add_all(
        NotificationRecord(
            member_id=referral.member_id,
            audience=audience,
            topic=topic,
            text=text,
            created_at=decision.decided_at,
            user_id=user_id,
            referral_id=referral.referral.id,
        )
        for audience, user_id in recipients
    )


def decision_text(referral: ReferralRecord, decision: DecisionRecord, why: str) -> str:
    """One line a member or physician reads: what was decided, and why or on what terms."""
    document = referral.referral
    head = f"Referral {document.id} for {document.category}"
    if decision.status is ReferralStatus.APPROVED:
        until = f" to {document.valid_to}" if document.valid_to else ""
        visits = f"{document.visits} visits, " if document.visits is not None else ""
        return f"{head} was approved: {visits}valid from {document.valid_from}{until}."
    if decision.status is ReferralStatus.DENIED:
        return f"{head} was denied: {why}"
    return f"{head} needs a clinical review: {why}"


@dataclass(frozen=True, slots=True)
class NotificationPage:
    items: tuple[NotificationRecord, ...]
    page: int
    page_size: int


def list_notifications(ctx: ServiceContext, actor: Actor, page: int = 1) -> NotificationPage:
    """A member's notices, or those addressed to the signed-in user, newest first."""
    offset = (page - 1) * PAGE_SIZE
    with ctx.units() as uow:
        if actor.role is Role.MEMBER and actor.member_id is not None:
            items = uow.notifications.for_member(actor.member_id, PAGE_SIZE, offset)
        else:
            items = uow.notifications.for_user(actor.user_id, PAGE_SIZE, offset)
        for member_id in sorted({n.member_id for n in items}):
            record(uow, actor, ctx.now(), "notification.list", ("member", member_id), member_id)
        uow.commit()
    return NotificationPage(items, page, PAGE_SIZE)


def mark_read(ctx: ServiceContext, actor: Actor, notification_id: int) -> NotificationRecord:
    """Mark one of the actor's own notices read; anyone else's is not found."""
    with ctx.units() as uow:
        found = uow.notifications.get(notification_id)
        if found is None or not _addressed_to(found, actor):
            raise NotFound(f"no notification {notification_id}", field="notification_id")
        uow.notifications.mark_read(notification_id, ctx.now())
        resource = ("notification", str(notification_id))
        record(uow, actor, ctx.now(), "notification.read", resource, found.member_id)
        uow.commit()
    return replace(found, read_at=found.read_at or ctx.now())


def _addressed_to(notification: NotificationRecord, actor: Actor) -> bool:
    if notification.audience is Audience.MEMBER:
        return actor.role is Role.MEMBER and actor.member_id == notification.member_id
    return notification.user_id == actor.user_id
