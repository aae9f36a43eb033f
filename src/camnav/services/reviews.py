"""The clinical review queue: what the plan's rules pended and the denials appealed, each against
its decision deadline (72 hours expedited, 7 calendar days standard, from receipt).

Every decision, the rules' or a reviewer's, goes through `enter_decision`: it is kept in the
referral's history, becomes its current status and terms, opens or closes a queue item, and
reaches the member and the referring physician as a notification.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from camnav.domain.deadlines import DEFAULT_TIME_ZONE, Clock, clock_for
from camnav.domain.plans import Plan
from camnav.domain.reasons import Reason, ReasonCode
from camnav.domain.referrals import ReferralStatus
from camnav.explain.messages import describe
from camnav.services.access import require
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.errors import Conflict, InvalidRequest, NotFound
from camnav.services.notifications import decision_text, notify_decision
from camnav.services.ports import (
    DecisionRecord,
    DecisionSource,
    JsonObject,
    ReferralRecord,
    ReviewItem,
    ReviewKind,
    UnitOfWork,
)

# A reviewer's reason, kept among the decision's reasons with the clause it rests on.
CLINICAL_REVIEW = "clinical_review"


def reason_json(found: Reason) -> JsonObject:
    return {"code": found.code.value, "params": dict(found.params), "citation": found.citation}


def enter_decision(
    uow: UnitOfWork, referral: ReferralRecord, decision: DecisionRecord, *, stored: bool = False
) -> ReferralRecord:
    """Keep a decision, queue a pended referral for review, and notify member and physician;
    the referral as decided. `stored`: the referral's row already states this decision."""
    uow.referral_reviews.add_decision(decision, update_referral=not stored)
    current = referral if stored else decided(referral, decision)
    if decision.status is ReferralStatus.PENDED:
        uow.referral_reviews.open(
            ReviewItem(
                referral.referral.id,
                ReviewKind.INITIAL,
                referral.urgency,
                decision.decided_at,
                decision.decided_by,
            )
        )
    notify_decision(uow, current, decision, decision_text(current, decision, _why(decision)))
    return current


def decided(referral: ReferralRecord, decision: DecisionRecord) -> ReferralRecord:
    """The referral with a decision's status and terms, as `add_decision` stores them."""
    document = replace(
        referral.referral,
        status=decision.status,
        visits=decision.visits if decision.visits is not None else referral.referral.visits,
        valid_from=decision.valid_from or referral.referral.valid_from,
        valid_to=decision.valid_to or referral.referral.valid_to,
    )
    if decision.status is ReferralStatus.PENDED:
        return replace(referral, referral=document)
    return replace(
        referral, referral=document, decided_at=decision.decided_at, decision_reason=decision.note
    )


def _why(decision: DecisionRecord) -> str:
    texts = [decision.note] if decision.note else []
    for item in decision.reasons:
        code = str(item.get("code", ""))
        if code != CLINICAL_REVIEW:
            texts.append(_describe_json(item))
    return " ".join(texts)


def _describe_json(item: JsonObject) -> str:
    params = item.get("params")
    pairs = sorted((k, str(v)) for k, v in params.items()) if isinstance(params, dict) else []
    return describe(Reason(ReasonCode(str(item["code"])), tuple(pairs)))


def reason_text(item: JsonObject, note: str) -> str:
    """A stored reason in plain language: a rule's text, or the reviewer's own words."""
    return note if str(item.get("code")) == CLINICAL_REVIEW else _describe_json(item)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    item: ReviewItem
    referral: ReferralRecord
    clock: Clock


def plan_for(uow: UnitOfWork, ctx: ServiceContext, member_id: str, day: date) -> Plan | None:
    """The plan the member is enrolled in on that day (its time zone counts the deadlines)."""
    enrollment = uow.members.enrollment_on(member_id, day)
    if enrollment is None:
        return None
    try:
        return ctx.library.plan(enrollment.plan_id, on=day)
    except LookupError:
        return None


def zone_of(plan: Plan | None) -> ZoneInfo:
    return ZoneInfo(plan.time_zone if plan else DEFAULT_TIME_ZONE)


def review_queue(ctx: ServiceContext, actor: Actor) -> tuple[QueueEntry, ...]:
    """Open review items, soonest deadline first, each with its time left and overdue flag."""
    with ctx.units() as uow:
        require(uow, ctx, actor, Permission.REVIEW_REFERRAL, "read the review queue")
        entries = list(_entries(uow, ctx, uow.referral_reviews.open_items()))
        for entry in entries:
            member_id = entry.referral.member_id
            resource = ("referral", entry.referral.referral.id)
            record(uow, actor, ctx.now(), "review.queue", resource, member_id)
        uow.commit()
    return tuple(sorted(entries, key=lambda e: (e.clock.deadline, e.referral.referral.id)))


def _entries(
    uow: UnitOfWork, ctx: ServiceContext, items: Iterable[ReviewItem]
) -> Iterable[QueueEntry]:
    for item in items:
        referral = uow.referrals.get(item.referral_id)
        if referral is None:
            continue
        plan = plan_for(uow, ctx, referral.member_id, item.received_at.date())
        clock = clock_for(item.received_at, item.urgency, zone_of(plan), ctx.now())
        yield QueueEntry(item, referral, clock)


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """A reviewer's decision: approve or deny, always with a reason; an approval may grant
    fewer visits or a shorter period than asked."""

    status: ReferralStatus
    reason: str
    citation: str = ""
    visits: int | None = None
    valid_to: date | None = None


def decide_review(
    ctx: ServiceContext, actor: Actor, referral_id: str, decision: ReviewDecision
) -> ReferralRecord:
    """Record a reviewer's decision on a queued referral and tell member and physician."""
    _check(decision)
    with ctx.units() as uow:
        require(uow, ctx, actor, Permission.REVIEW_REFERRAL, "decide referral")
        referral = uow.referrals.get(referral_id)
        if referral is None:
            raise NotFound(f"no referral {referral_id}", field="referral_id")
        # Two reviewers deciding at once: the second finds the item closed.
        uow.lock_member(referral.member_id)
        item = uow.referral_reviews.open_item_for(referral_id)
        if item is None or item.id is None:
            raise Conflict(f"referral {referral_id} is not waiting for review", field="referral_id")
        stored = _decision(ctx, actor, uow, referral, item, decision)
        uow.referral_reviews.close(item.id, ctx.now())
        updated = enter_decision(uow, referral, stored)
        detail = {"status": decision.status.value, "kind": item.kind.value}
        resource = ("referral", referral_id)
        record(
            uow, actor, ctx.now(), "referral.review", resource, referral.member_id, detail=detail
        )
        uow.commit()
    return updated


def _check(decision: ReviewDecision) -> None:
    if decision.status is ReferralStatus.PENDED:
        raise InvalidRequest("a review decides: approved or denied", field="status")
    if not decision.reason.strip():
        raise InvalidRequest("a reviewer's decision needs a reason", field="reason")


def _decision(
    ctx: ServiceContext,
    actor: Actor,
    uow: UnitOfWork,
    referral: ReferralRecord,
    item: ReviewItem,
    decision: ReviewDecision,
) -> DecisionRecord:
    document = referral.referral
    asked = document.visits
    if decision.visits is not None and asked is not None and decision.visits > asked:
        raise InvalidRequest("a review cannot grant more visits than asked", field="visits")
    if decision.valid_to is not None and decision.valid_to < document.valid_from:
        raise InvalidRequest("valid_to is before the referral's valid_from", field="valid_to")
    citation = decision.citation or _default_citation(uow, ctx, referral)
    approved = decision.status is ReferralStatus.APPROVED
    stored = DecisionRecord(
        referral_id=document.id,
        status=decision.status,
        source=DecisionSource.APPEAL if item.kind is ReviewKind.APPEAL else DecisionSource.REVIEW,
        decided_at=ctx.now(),
        reasons=({"code": CLINICAL_REVIEW, "params": {}, "citation": citation},),
        note=decision.reason.strip(),
        decided_by=actor.user_id,
    )
    if not approved:
        return stored
    return replace(stored, visits=decision.visits, valid_to=decision.valid_to)


def _default_citation(uow: UnitOfWork, ctx: ServiceContext, referral: ReferralRecord) -> str:
    """The clause a reviewer's decision rests on unless they name one: the necessity criteria."""
    document = referral.referral
    plan = plan_for(uow, ctx, referral.member_id, document.valid_from)
    benefit = plan.benefit(document.category) if plan else None
    if benefit is None:
        return plan.document if plan else ""
    return benefit.necessity.citation if benefit.necessity else benefit.access.citation
