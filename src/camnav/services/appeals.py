"""Use cases: appeal a claim decision, list appeals, decide one (camnav.domain.appeals).

A member (their own claims), a provider (its own) or member services on a member's behalf may
appeal a denied or partially paid claim until the deadline, 180 days after the decision. A
reviewer decides by the due date, with a reason: upheld (the decision stands) or overturned (the
claim is decided again, with the correction the appeal brought, and a reviewer's earlier denial of
the provider's credentials lifted). Every step is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from camnav.domain.appeals import AppealStatus, appeal_deadline, decision_due, is_adverse
from camnav.domain.claim_reviews import ReviewOutcome
from camnav.domain.readjudication import replay_key
from camnav.services.access import refuse
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.claim_access import claim_for
from camnav.services.claim_reviews import (
    ClaimChanges,
    record_correction,
    require_reviewer,
    required_reason,
    reread_claim,
)
from camnav.services.claims import StoredClaim
from camnav.services.claims_ports import AdjustmentCause, AppealRecord, ClaimReview
from camnav.services.context import ServiceContext
from camnav.services.errors import Conflict, InvalidRequest, NotFound
from camnav.services.late_claims import Cause, decide_in_order
from camnav.services.ports import ClaimRecord, Role, UnitOfWork


@dataclass(frozen=True, slots=True)
class AppealDecision:
    appeal: AppealRecord
    claim: StoredClaim


def file_appeal(ctx: ServiceContext, actor: Actor, claim_id: str, reason: str) -> AppealRecord:
    """Appeal an adverse decision before its deadline; one open appeal per claim."""
    text = required_reason(reason)
    with ctx.units() as uow:
        stored = claim_for(uow, ctx, actor, claim_id, "appeal claim")
        if actor.role not in (Role.MEMBER, Role.PROVIDER, Role.MEMBER_SERVICES):
            raise refuse(
                uow, ctx, actor, "appeal claim", ("claim", claim_id), stored.claim.member_id
            )
        appeal = _new_appeal(uow, ctx, actor, stored, text)
        uow.appeals.add(appeal)
        record(
            uow,
            actor,
            ctx.now(),
            "appeal.file",
            ("appeal", appeal.id),
            appeal.member_id,
            detail={"claim_id": claim_id, "deadline": appeal.deadline.isoformat()},
        )
        uow.commit()
    return appeal


def _new_appeal(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, stored: ClaimRecord, reason: str
) -> AppealRecord:
    determination = uow.claims.determination(stored.claim.id)
    if determination is None or not is_adverse(determination.status):
        raise InvalidRequest(
            "only a denied or partially paid claim can be appealed", field="claim_id"
        )
    deadline = appeal_deadline(determination.decided_at.date())
    if ctx.today() > deadline:
        raise InvalidRequest(
            f"the time to appeal ended on {deadline.isoformat()}", field="claim_id"
        )
    if any(a.status is AppealStatus.OPEN for a in uow.appeals.for_claim(stored.claim.id)):
        raise Conflict(f"claim {stored.claim.id} already has an open appeal", field="claim_id")
    return AppealRecord(
        id=f"APL-{uuid.uuid4().hex[:12].upper()}",
        claim_id=stored.claim.id,
        member_id=stored.claim.member_id,
        filed_by=actor.user_id,
        filed_at=ctx.now(),
        deadline=deadline,
        decision_due=decision_due(ctx.today()),
        reason=reason,
    )


def get_appeal(ctx: ServiceContext, actor: Actor, appeal_id: str) -> AppealRecord:
    with ctx.units() as uow:
        appeal = _appeal(uow, appeal_id)
        claim_for(uow, ctx, actor, appeal.claim_id, "read appeal")
        record(uow, actor, ctx.now(), "appeal.read", ("appeal", appeal_id), appeal.member_id)
        uow.commit()
    return appeal


def list_appeals(
    ctx: ServiceContext, actor: Actor, status: AppealStatus
) -> tuple[AppealRecord, ...]:
    """Appeals by status, the soonest due first (reviewers)."""
    with ctx.units() as uow:
        require_reviewer(uow, ctx, actor, "list appeals")
        found = uow.appeals.with_status(status)
        record(uow, actor, ctx.now(), "appeal.list", ("appeals", status.value), None)
        uow.commit()
    return found


def decide_appeal(
    ctx: ServiceContext,
    actor: Actor,
    appeal_id: str,
    outcome: AppealStatus,
    reason: str,
    changes: ClaimChanges | None = None,
) -> AppealDecision:
    """Uphold or overturn an open appeal, with a reason; an overturned claim is decided again."""
    text = required_reason(reason)
    if outcome is AppealStatus.OPEN:
        raise InvalidRequest("decide an appeal as upheld or overturned", field="outcome")
    with ctx.units() as uow:
        require_reviewer(uow, ctx, actor, "decide appeal")
        appeal = _appeal(uow, appeal_id)
        if appeal.status is not AppealStatus.OPEN:
            raise Conflict(f"appeal {appeal_id} was already decided", field="appeal_id")
        stored = claim_for(uow, ctx, actor, appeal.claim_id, "decide appeal")
        if outcome is AppealStatus.OVERTURNED:
            _reopen(uow, ctx, actor, appeal, stored, changes, text)
        uow.appeals.decide(appeal_id, outcome, actor.user_id, ctx.now(), text)
        record(
            uow,
            actor,
            ctx.now(),
            "appeal.decide",
            ("appeal", appeal_id),
            appeal.member_id,
            detail={"outcome": outcome.value, "reason": text},
        )
        uow.commit()
        return AppealDecision(_appeal(uow, appeal_id), reread_claim(uow, appeal.claim_id))


def _reopen(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    appeal: AppealRecord,
    stored: ClaimRecord,
    changes: ClaimChanges | None,
    reason: str,
) -> None:
    """Decide the appealed claim again: with the appeal's correction, and without a reviewer's
    earlier denial of the provider's credentials."""
    uow.lock_member(appeal.member_id)
    claim = stored.claim
    reviews = uow.reviews.reviews(claim.id)
    if reviews and reviews[-1].outcome is ReviewOutcome.DENY:
        uow.reviews.add_review(
            ClaimReview(
                claim.id,
                claim.provider_id,
                ReviewOutcome.APPROVE,
                f"appeal {appeal.id}: {reason}",
                actor.user_id,
                ctx.now(),
            )
        )
    if changes is not None:
        record_correction(uow, ctx, actor, claim, changes, f"appeal {appeal.id}: {reason}")
        claim = changes.apply(claim)
        uow.claims.replace_content(claim)
    decide_in_order(
        uow, ctx, claim, Cause(AdjustmentCause.APPEAL, appeal.id), since=replay_key(stored.claim)
    )


def _appeal(uow: UnitOfWork, appeal_id: str) -> AppealRecord:
    appeal = uow.appeals.get(appeal_id)
    if appeal is None:
        raise NotFound(f"no appeal {appeal_id}", field="appeal_id")
    return appeal
