"""Use cases: pre-check, submit, read and list claims. Submission is one transaction under the
member's write lock, so concurrent claims never share the last visit or deductible dollars."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from camnav.domain.adjudication import Adjudication, ClaimStatus, adjudicate
from camnav.domain.claims import Claim, Submitter
from camnav.domain.plans import Plan
from camnav.domain.providers import Provider
from camnav.domain.state import MemberState
from camnav.services.access import may_see_member, refuse, require
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.errors import InvalidRequest, NotFound
from camnav.services.idempotency import IdempotencyRequest, Outcome, run_idempotent
from camnav.services.ports import (
    ClaimRecord,
    Determination,
    Role,
    UnitOfWork,
    ledger_entries,
)

FINAL = frozenset({ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED})


@dataclass(frozen=True, slots=True)
class StoredClaim:
    record: ClaimRecord
    determination: Determination | None


def new_claim_id() -> str:
    return f"CLM-{uuid.uuid4().hex[:16].upper()}"


def _as_submitted(actor: Actor, claim: Claim) -> Claim:
    """Members submit reimbursement requests, providers their own claims; staff as stated."""
    if actor.role is Role.MEMBER:
        return replace(claim, submitter=Submitter.MEMBER)
    if actor.role is Role.PROVIDER:
        return replace(claim, submitter=Submitter.PROVIDER)
    return claim


def _may_submit(uow: UnitOfWork, actor: Actor, claim: Claim) -> bool:
    if not actor.may(Permission.SUBMIT_CLAIM):
        return False
    if actor.role is Role.MEMBER:
        return actor.member_id == claim.member_id
    if actor.role is Role.PROVIDER:
        return actor.provider_id == claim.provider_id
    return actor.is_staff


def _may_read(uow: UnitOfWork, actor: Actor, claim: Claim) -> bool:
    if actor.role is Role.PROVIDER:
        return actor.provider_id == claim.provider_id
    return actor.may(Permission.READ_CLAIM) and may_see_member(uow, actor, claim.member_id)


def _first_service_date(claim: Claim) -> date:
    if not claim.lines:
        raise InvalidRequest("a claim needs at least one line", field="lines")
    return min(line.service_date for line in claim.lines)


def _inputs(
    uow: UnitOfWork, ctx: ServiceContext, claim: Claim
) -> tuple[Plan, Provider, MemberState]:
    """The plan in force on the first date of service, the provider, and the member's state."""
    if uow.members.get(claim.member_id) is None:
        raise InvalidRequest(f"no member {claim.member_id}", field="member_id")
    provider = uow.providers.get(claim.provider_id)
    if provider is None:
        raise InvalidRequest(f"no provider {claim.provider_id}", field="provider_id")
    day = _first_service_date(claim)
    enrollment = uow.members.enrollment_on(claim.member_id, day) or uow.members.enrollment_on(
        claim.member_id, claim.received
    )
    if enrollment is None:
        raise InvalidRequest(f"member {claim.member_id} has no coverage on {day}", field="lines")
    plan = _plan_on(ctx, enrollment.plan_id, day, claim.received)
    return plan, provider, uow.members.state(claim.member_id, plan, day)


def _plan_on(ctx: ServiceContext, plan_id: str, day: date, received: date) -> Plan:
    """The plan version in force on the date of service, else on the day the claim arrived."""
    for when in (day, received):
        try:
            return ctx.library.plan(plan_id, on=when)
        except LookupError:
            continue
    raise InvalidRequest(f"plan {plan_id} has no version in force on {day}", field="lines")


def _authorize_submission(uow: UnitOfWork, ctx: ServiceContext, actor: Actor, claim: Claim) -> None:
    if not _may_submit(uow, actor, claim):
        raise refuse(
            uow, ctx, actor, "submit a claim for", ("member", claim.member_id), claim.member_id
        )


def precheck_claim(ctx: ServiceContext, actor: Actor, claim: Claim) -> Adjudication:
    """Will this be paid, and how much? The engine that will decide, without saving anything."""
    claim = _as_submitted(actor, claim)
    with ctx.units() as uow:
        _authorize_submission(uow, ctx, actor, claim)
        plan, provider, state = _inputs(uow, ctx, claim)
        adjudication = adjudicate(claim, plan, provider, state, ctx.library.rules)
        record(uow, actor, ctx.now(), "claim.precheck", ("claim", claim.id), claim.member_id)
        uow.commit()
    return adjudication


def _decide_and_save(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, claim: Claim, key: str | None
) -> StoredClaim:
    _authorize_submission(uow, ctx, actor, claim)
    if uow.claims.get(claim.id) is not None:
        raise InvalidRequest(f"claim id {claim.id} is taken", field="id")
    uow.lock_member(claim.member_id)
    plan, provider, state = _inputs(uow, ctx, claim)
    adjudication = adjudicate(claim, plan, provider, state, ctx.library.rules)
    stored = uow.claims.add(claim, actor.user_id, key, ctx.now())
    determination = uow.claims.save_determination(claim.id, adjudication, ctx.now())
    if adjudication.status in FINAL:
        _apply(uow, claim, state, adjudication)
    record(
        uow,
        actor,
        ctx.now(),
        "claim.submit",
        ("claim", claim.id),
        claim.member_id,
        detail={"status": adjudication.status.value},
    )
    return StoredClaim(stored, determination)


def _apply(uow: UnitOfWork, claim: Claim, before: MemberState, adjudication: Adjudication) -> None:
    """Accumulators move through the ledger; referral visits are counted on the referral."""
    uow.members.append_accumulators(
        claim.member_id, ledger_entries(before, adjudication.state, claim.id)
    )
    used = {r.id: r.visits_used for r in before.referrals}
    for referral in adjudication.state.referrals:
        if used.get(referral.id) != referral.visits_used:
            uow.referrals.update_usage(referral.id, referral.visits_used)


def submit_claim(
    ctx: ServiceContext,
    actor: Actor,
    claim: Claim,
    idempotency: IdempotencyRequest | None,
    render: Callable[[StoredClaim], object],
) -> Outcome[StoredClaim]:
    """Adjudicate and keep the claim, its determination and its accumulator entries, once."""
    claim = _as_submitted(actor, claim)
    return run_idempotent(
        ctx,
        actor,
        idempotency,
        lambda uow: _decide_and_save(
            uow, ctx, actor, claim, idempotency.key if idempotency else None
        ),
        render,
    )


def get_claim(ctx: ServiceContext, actor: Actor, claim_id: str) -> StoredClaim:
    """A claim with its latest determination, for those allowed to see it (refusals audited)."""
    with ctx.units() as uow:
        stored = uow.claims.get(claim_id)
        if stored is None:
            raise NotFound(f"no claim {claim_id}", field="claim_id")
        member_id = stored.claim.member_id
        if not _may_read(uow, actor, stored.claim):
            raise refuse(uow, ctx, actor, "read claim", ("claim", claim_id), member_id)
        determination = uow.claims.determination(claim_id)
        record(uow, actor, ctx.now(), "claim.read", ("claim", claim_id), member_id)
        uow.commit()
    return StoredClaim(stored, determination)


def list_claims(
    ctx: ServiceContext, actor: Actor, member_id: str | None
) -> tuple[StoredClaim, ...]:
    """A member's claims (theirs, or any for staff), or a provider's own claims."""
    with ctx.units() as uow:
        if actor.role is Role.PROVIDER and member_id is None:
            records = uow.claims.list_for_provider(actor.provider_id or "")
            audited = {r.claim.member_id for r in records}
        else:
            require(uow, ctx, actor, Permission.READ_CLAIM, "list claims")
            wanted = member_id or actor.member_id or ""
            if not may_see_member(uow, actor, wanted):
                raise refuse(uow, ctx, actor, "list claims of", ("member", wanted), wanted)
            records = uow.claims.list_for_member(wanted)
            audited = {wanted}
        found = tuple(StoredClaim(r, uow.claims.determination(r.claim.id)) for r in records)
        for audited_member in sorted(audited):
            record(uow, actor, ctx.now(), "claim.list", ("member", audited_member), audited_member)
        uow.commit()
    return found
