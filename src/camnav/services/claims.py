"""Use cases: pre-check, submit, read and list claims. Submission is one transaction under the
member's write lock, so concurrent claims never share the last visit or deductible dollars; a
claim earlier in date order than claims already decided re-decides them (services.late_claims)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from camnav.domain.adjudication import Adjudication
from camnav.domain.claims import Claim, Submitter
from camnav.services.access import may_see_member, refuse, require
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.claim_access import claim_for
from camnav.services.claims_ports import AdjustmentCause
from camnav.services.context import ServiceContext
from camnav.services.errors import InvalidRequest
from camnav.services.idempotency import IdempotencyRequest, Outcome, run_idempotent
from camnav.services.late_claims import Cause, claim_inputs, decide_in_order, preview
from camnav.services.ports import ClaimRecord, Determination, JsonObject, Role, UnitOfWork
from camnav.services.uploads import attach, uploads_for, with_documents


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


def authorize_submission(uow: UnitOfWork, ctx: ServiceContext, actor: Actor, claim: Claim) -> None:
    """Members submit (and correct) their own reimbursement requests, providers their own
    claims, member services anyone's; a refusal is audited."""
    if not _may_submit(uow, actor, claim):
        raise refuse(
            uow, ctx, actor, "submit a claim for", ("member", claim.member_id), claim.member_id
        )


def precheck_claim(ctx: ServiceContext, actor: Actor, claim: Claim) -> Adjudication:
    """Will this be paid, and how much? The decision submission would make, where the claim
    falls in date order, without saving anything."""
    claim = _as_submitted(actor, claim)
    with ctx.units() as uow:
        authorize_submission(uow, ctx, actor, claim)
        adjudication = preview(uow, ctx, claim)
        record(uow, actor, ctx.now(), "claim.precheck", ("claim", claim.id), claim.member_id)
        uow.commit()
    return adjudication


def _decide_and_save(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    claim: Claim,
    key: str | None,
    upload_ids: tuple[str, ...],
    bill: JsonObject | None,
) -> StoredClaim:
    authorize_submission(uow, ctx, actor, claim)
    if uow.claims.get(claim.id) is not None:
        raise InvalidRequest(f"claim id {claim.id} is taken", field="id")
    uow.lock_member(claim.member_id)
    inputs = claim_inputs(uow, ctx, claim)  # an unknown member, provider or plan first
    _check_bill(bill, inputs.provider.npi)
    documents = uploads_for(uow, ctx, actor, claim.member_id, upload_ids)
    claim = with_documents(claim, documents)
    stored = uow.claims.add(claim, actor.user_id, key, ctx.now())
    attach(uow, claim.id, documents, ctx.now())
    if bill is not None:
        uow.uploads.add_bill(claim.id, bill, ctx.now())
    cause = Cause(AdjustmentCause.EARLIER_CLAIM, claim.id)
    decision = decide_in_order(uow, ctx, claim, cause, known=inputs)
    record(
        uow,
        actor,
        ctx.now(),
        "claim.submit",
        ("claim", claim.id),
        claim.member_id,
        detail={"status": decision.determination.status.value},
    )
    if ctx.test_commit_delay_seconds:
        # Test only (settings.test_claim_commit_delay_seconds): hold the decided, uncommitted
        # unit open so that a crash test can kill the server in the middle of adjudication.
        time.sleep(ctx.test_commit_delay_seconds)
    return StoredClaim(stored, decision.determination)


# The itemized bill's fields (domain reference, member reimbursement form); a blank one returns
# the claim with a checklist (CARC 16) rather than refusing the request.
BILL_FIELDS = (
    "provider_name",
    "provider_address",
    "tin",
    "npi",
    "license_number",
    "place_of_service",
)


def bill_missing(bill: JsonObject) -> tuple[str, ...]:
    """The itemized bill's fields left blank."""
    return tuple(name for name in BILL_FIELDS if not str(bill.get(name) or "").strip())


def reimbursement_checklist(claim: Claim, bill_missing: tuple[str, ...]) -> tuple[str, ...]:
    """What a member's itemized bill lacks (returned with CARC 16 until sent): the bill's
    blank fields, each line's minutes, a diagnosis code, and the amount the member paid."""
    missing = list(bill_missing)
    missing += [f"line {line.number}: minutes" for line in claim.lines if line.minutes is None]
    if not claim.diagnoses and not any(line.diagnoses for line in claim.lines):
        missing.append("diagnosis_codes")
    if claim.amount_paid is None:
        missing.append("amount_paid")
    return tuple(missing)


def _check_bill(bill: JsonObject | None, npi: str) -> None:
    """An itemized bill that names an NPI must name the claim's provider."""
    given = bill.get("npi") if bill else None
    if given and npi and given != npi:
        raise InvalidRequest(f"the bill's NPI {given} is not the provider's", field="bill.npi")


def submit_claim(
    ctx: ServiceContext,
    actor: Actor,
    claim: Claim,
    idempotency: IdempotencyRequest | None,
    render: Callable[[StoredClaim], object],
    upload_ids: tuple[str, ...] = (),
    bill: JsonObject | None = None,
) -> Outcome[StoredClaim]:
    """Adjudicate and keep the claim, its determination, its accumulator entries and its
    payment, once; a member's uploaded documents become the claim's attachments."""
    claim = _as_submitted(actor, claim)
    return run_idempotent(
        ctx,
        actor,
        idempotency,
        lambda uow: _decide_and_save(
            uow, ctx, actor, claim, idempotency.key if idempotency else None, upload_ids, bill
        ),
        render,
    )


def submit_reimbursement(
    ctx: ServiceContext,
    actor: Actor,
    claim: Claim,
    idempotency: IdempotencyRequest | None,
    render: Callable[[StoredClaim], object],
    upload_ids: tuple[str, ...],
    bill: JsonObject,
) -> Outcome[StoredClaim]:
    """A member's reimbursement request (the member, or member services for them): providers
    send their own claims instead."""
    if actor.role is Role.PROVIDER:
        with ctx.units() as uow:
            raise refuse(
                uow,
                ctx,
                actor,
                "ask reimbursement for",
                ("member", claim.member_id),
                claim.member_id,
            )
    return submit_claim(ctx, actor, claim, idempotency, render, upload_ids, bill)


def get_claim(ctx: ServiceContext, actor: Actor, claim_id: str) -> StoredClaim:
    """A claim with its latest determination, for those allowed to see it (refusals audited)."""
    with ctx.units() as uow:
        stored = claim_for(uow, ctx, actor, claim_id)
        member_id = stored.claim.member_id
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
