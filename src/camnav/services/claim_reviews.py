"""Use cases: the staff queue of pended claims, a reviewer's decision (with a reason, audited),
and corrections, each re-adjudicated where the claim falls in date order.

A reviewer approves a pended claim when the provider's credentials check out (the provider is
then credentialed for every later claim) or denies it; either way the claim is decided again by
the engine, and the member's later claims with it (services.late_claims). A correction replaces a
claim's content (the previous content is kept) and decides it again; a returned claim's
resubmission is a correction that adds the missing documents, received on the day it arrives.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from camnav.domain.adjudication import ClaimStatus
from camnav.domain.claim_reviews import ReviewOutcome
from camnav.domain.claims import Claim, ClaimLine
from camnav.domain.money import Cents
from camnav.domain.readjudication import replay_key
from camnav.services.access import refuse
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.claim_access import claim_for
from camnav.services.claims import StoredClaim, authorize_submission, reimbursement_checklist
from camnav.services.claims_ports import Adjustment, AdjustmentCause, ClaimReview, Correction
from camnav.services.context import ServiceContext
from camnav.services.errors import Conflict, InvalidRequest
from camnav.services.late_claims import Cause, decide_in_order
from camnav.services.ports import ClaimRecord, JsonObject, Role, UnitOfWork
from camnav.services.uploads import attach, uploads_for, with_documents

# Who decides pended claims and appeals: a person qualified to judge credentials and care.
REVIEWERS = frozenset({Role.CLINICAL_REVIEWER, Role.PLAN_ADMINISTRATOR})


@dataclass(frozen=True, slots=True)
class ClaimChanges:
    """What a correction changes; None leaves the stored value as it is."""

    lines: tuple[ClaimLine, ...] | None = None
    diagnoses: tuple[str, ...] | None = None
    amount_paid: Cents | None = None
    signed_waiver: bool | None = None
    bill: JsonObject | None = None
    bill_missing: tuple[str, ...] | None = None  # the new bill's blank fields

    def apply(self, claim: Claim) -> Claim:
        """The claim corrected; a new itemized bill gives a new checklist of what is missing."""
        changed = self._changed(claim)
        if self.bill_missing is None:
            return changed
        return replace(changed, missing_fields=reimbursement_checklist(changed, self.bill_missing))

    def _changed(self, claim: Claim) -> Claim:
        return replace(
            claim,
            lines=claim.lines if self.lines is None else self.lines,
            diagnoses=claim.diagnoses if self.diagnoses is None else self.diagnoses,
            amount_paid=claim.amount_paid if self.amount_paid is None else self.amount_paid,
            signed_waiver=claim.signed_waiver if self.signed_waiver is None else self.signed_waiver,
        )


@dataclass(frozen=True, slots=True)
class Decided:
    """A claim decided again, and the member's later claims its new decision changed."""

    claim: StoredClaim
    adjustments: tuple[Adjustment, ...]


def require_reviewer(uow: UnitOfWork, ctx: ServiceContext, actor: Actor, action: str) -> None:
    if actor.role not in REVIEWERS:
        raise refuse(uow, ctx, actor, action, ("claims", ""), None)


def required_reason(reason: str, field: str = "reason") -> str:
    """Every decision a person makes carries the reason, in their words."""
    text = reason.strip()
    if not text:
        raise InvalidRequest("a reason is required", field=field)
    return text


def review_queue(ctx: ServiceContext, actor: Actor) -> tuple[StoredClaim, ...]:
    """Pended claims, the longest waiting first, with the determination that pended them."""
    with ctx.units() as uow:
        require_reviewer(uow, ctx, actor, "read the claim review queue")
        queue = tuple(
            StoredClaim(found, uow.claims.determination(found.claim.id))
            for found in uow.reviews.pended()
        )
        record(uow, actor, ctx.now(), "claim.queue", ("claims", "pended"), None)
        uow.commit()
    return queue


def decide_review(
    ctx: ServiceContext, actor: Actor, claim_id: str, outcome: ReviewOutcome, reason: str
) -> Decided:
    """A reviewer's decision on a pended claim: kept with its reason, audited, and applied by
    deciding the claim again (approved: as for a credentialed provider; denied: CARC B7)."""
    text = required_reason(reason)
    with ctx.units() as uow:
        require_reviewer(uow, ctx, actor, "review claim")
        stored = claim_for(uow, ctx, actor, claim_id, "review claim")
        if stored.status is not ClaimStatus.PENDED:
            raise Conflict(f"claim {claim_id} is not waiting for a review", field="claim_id")
        uow.lock_member(stored.claim.member_id)
        review = ClaimReview(
            claim_id, stored.claim.provider_id, outcome, text, actor.user_id, ctx.now()
        )
        uow.reviews.add_review(review)
        cause = Cause(AdjustmentCause.REVIEW, f"user:{actor.user_id}")
        decision = decide_in_order(uow, ctx, stored.claim, cause)
        detail: JsonObject = {"outcome": outcome.value, "reason": text}
        record(
            uow,
            actor,
            ctx.now(),
            "claim.review",
            ("claim", claim_id),
            stored.claim.member_id,
            detail=detail,
        )
        uow.commit()
        return Decided(reread_claim(uow, claim_id), decision.adjustments)


def correct_claim(
    ctx: ServiceContext,
    actor: Actor,
    claim_id: str,
    changes: ClaimChanges,
    reason: str,
    upload_ids: tuple[str, ...] = (),
) -> Decided:
    """Correct a claim (its content as it was is kept in a correction record), or send a
    returned one again with what was missing, and decide it again."""
    text = required_reason(reason)
    with ctx.units() as uow:
        stored = claim_for(uow, ctx, actor, claim_id, "correct claim")
        authorize_submission(uow, ctx, actor, stored.claim)
        uow.lock_member(stored.claim.member_id)
        documents = uploads_for(uow, ctx, actor, stored.claim.member_id, upload_ids)
        claim = with_documents(_as_correction(ctx, stored, changes), documents)
        record_correction(uow, ctx, actor, stored.claim, changes, text)
        uow.claims.replace_content(claim)
        attach(uow, claim_id, documents, ctx.now())
        cause = Cause(AdjustmentCause.CORRECTION, f"user:{actor.user_id}")
        decision = decide_in_order(uow, ctx, claim, cause, since=replay_key(stored.claim))
        record(
            uow,
            actor,
            ctx.now(),
            "claim.correct",
            ("claim", claim_id),
            claim.member_id,
            detail={"reason": text},
        )
        uow.commit()
        return Decided(reread_claim(uow, claim_id), decision.adjustments)


def claim_adjustments(ctx: ServiceContext, actor: Actor, claim_id: str) -> tuple[Adjustment, ...]:
    """Every re-decision of a claim: when, why, and what it changed."""
    with ctx.units() as uow:
        stored = claim_for(uow, ctx, actor, claim_id)
        found = uow.reviews.adjustments(claim_id)
        record(
            uow, actor, ctx.now(), "claim.adjustments", ("claim", claim_id), stored.claim.member_id
        )
        uow.commit()
    return found


def record_correction(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    claim: Claim,
    changes: ClaimChanges,
    reason: str,
) -> None:
    """Keep the claim as it was, and the itemized bill the correction brings."""
    uow.reviews.add_correction(
        Correction(claim.id, claim_json(claim), reason, actor.user_id, ctx.now())
    )
    if changes.bill is not None:
        uow.uploads.add_bill(claim.id, changes.bill, ctx.now())


def _as_correction(ctx: ServiceContext, stored: ClaimRecord, changes: ClaimChanges) -> Claim:
    """The corrected claim; a returned claim sent again is received on the day it arrives
    (the filing limit counts from then)."""
    received = ctx.today() if stored.status is ClaimStatus.RETURNED else stored.claim.received
    return replace(changes.apply(stored.claim), received=received)


def claim_json(claim: Claim) -> JsonObject:
    """A claim's content as JSON (dates as ISO text), as kept in a correction record."""
    document: JsonObject = json.loads(json.dumps(asdict(claim), default=_plain))
    return document


def _plain(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    return str(value)


def reread_claim(uow: UnitOfWork, claim_id: str) -> StoredClaim:
    """The claim as the unit has just decided it."""
    stored = uow.claims.get(claim_id)
    assert stored is not None  # decided in this unit
    return StoredClaim(stored, uow.claims.determination(claim_id))
