"""Claims decided in date-of-service order whatever order they arrive in, every change recorded.

`decide_in_order` decides one claim (new, corrected, released by a reviewer or reopened by an
appeal) on the member's state as it stood before every decided claim that comes after it in
replay order (camnav.domain.readjudication), then decides those later claims again, in order, on
the state it leaves. A claim whose decision changes gets a new determination (the old one is
kept), the accumulator ledger entries that take its old amounts to the new ones (negative entries
where amounts go back), a payment ledger entry for the change in what the plan pays, an
adjustment record naming the cause, and an audit event: never a silent change.

Call it in the write unit that commits the result, under the member's lock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from camnav.domain.adjudication import Adjudication, ClaimStatus, adjudicate
from camnav.domain.claim_reviews import ReviewOutcome, as_credentialed, deny_pended
from camnav.domain.claims import Claim
from camnav.domain.members import Accumulators, Enrollment
from camnav.domain.plans import Plan
from camnav.domain.providers import Provider
from camnav.domain.readjudication import (
    ReplayKey,
    counted_referral_visits,
    replay_key,
    rewind,
)
from camnav.domain.readjudication import subtract_periods as periods_minus
from camnav.domain.state import MemberState
from camnav.services.audit_trail import record
from camnav.services.claims_ports import Adjustment, AdjustmentCause
from camnav.services.context import ServiceContext
from camnav.services.errors import InvalidRequest
from camnav.services.payments import post_payment
from camnav.services.ports import ClaimRecord, Determination, UnitOfWork, ledger_entries

FINAL = frozenset({ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID, ClaimStatus.DENIED})


@dataclass(frozen=True, slots=True)
class Cause:
    """Why a claim is decided (again): what kind of event, and which claim or appeal."""

    kind: AdjustmentCause
    by: str


@dataclass(frozen=True, slots=True)
class ClaimInputs:
    """What deciding a claim reads besides the member's state."""

    plan: Plan
    provider: Provider
    enrollment: Enrollment


@dataclass(frozen=True, slots=True)
class Redecision:
    """The claim's decision, and the adjustments it caused on the member's later claims."""

    adjudication: Adjudication
    determination: Determination
    adjustments: tuple[Adjustment, ...]


@dataclass(frozen=True, slots=True)
class _Step:
    after: MemberState
    adjudication: Adjudication
    determination: Determination
    adjustment: Adjustment | None


def first_service_date(claim: Claim) -> date:
    if not claim.lines:
        raise InvalidRequest("a claim needs at least one line", field="lines")
    return min(line.service_date for line in claim.lines)


def claim_inputs(
    uow: UnitOfWork, ctx: ServiceContext, claim: Claim, provider: Provider | None = None
) -> ClaimInputs:
    """The plan in force on the first date of service, the provider (as credentialed once a
    reviewer verified them), and the enrollment the plan comes from."""
    provider = provider or claim_provider(uow, claim)
    day = first_service_date(claim)
    covering = uow.members.enrollment_on(claim.member_id, day)
    enrollment = covering or uow.members.enrollment_on(claim.member_id, claim.received)
    if enrollment is None:
        raise InvalidRequest(f"member {claim.member_id} has no coverage on {day}", field="lines")
    plan = _plan_on(ctx, enrollment.plan_id, day, claim.received)
    if covering is None:  # the member's enrollment nearest the day, as the engine expects
        enrollment = uow.members.state(claim.member_id, plan, day).enrollment
    return ClaimInputs(plan, provider, enrollment)


def claim_provider(uow: UnitOfWork, claim: Claim) -> Provider:
    """The claim's provider, credentialed once a reviewer verified them; the member and the
    provider must exist."""
    if uow.members.get(claim.member_id) is None:
        raise InvalidRequest(f"no member {claim.member_id}", field="member_id")
    provider = uow.providers.get(claim.provider_id)
    if provider is None:
        raise InvalidRequest(f"no provider {claim.provider_id}", field="provider_id")
    if uow.reviews.approved_providers([provider.id]):
        return as_credentialed(provider)
    return provider


def _plan_on(ctx: ServiceContext, plan_id: str, day: date, received: date) -> Plan:
    """The plan version in force on the date of service, else on the day the claim arrived."""
    for when in (day, received):
        try:
            return ctx.library.plan(plan_id, on=when)
        except LookupError:
            continue
    raise InvalidRequest(f"plan {plan_id} has no version in force on {day}", field="lines")


def preview(uow: UnitOfWork, ctx: ServiceContext, claim: Claim) -> Adjudication:
    """The decision `decide_in_order` would make on the claim, without saving anything."""
    inputs = claim_inputs(uow, ctx, claim)
    later = _decided_after(uow, claim, replay_key(claim))
    _, state = _states(uow, claim, inputs.plan, later, uow.claims.determination(claim.id))
    return _adjudicate(uow, ctx, claim, inputs, replace(state, enrollment=inputs.enrollment))


def decide_in_order(
    uow: UnitOfWork,
    ctx: ServiceContext,
    claim: Claim,
    cause: Cause,
    since: ReplayKey | None = None,
    known: ClaimInputs | None = None,
) -> Redecision:
    """Decide the claim where it falls in date order, and the member's decided claims after it
    (or after `since`: where a corrected claim used to fall) again, in order. `known`: the
    claim's inputs, when the caller has looked them up already."""
    start = min(replay_key(claim), since) if since else replay_key(claim)
    later = _decided_after(uow, claim, start)
    inputs = _InputsOf(uow, ctx)
    if known is not None:
        inputs.know(claim, known)
    plan = inputs(claim).plan
    decided = uow.claims.determination(claim.id)  # a corrected claim's; None for a new one
    stored, state = _states(uow, claim, plan, later, decided)
    knock_on = Cause(AdjustmentCause.EARLIER_CLAIM, claim.id)
    # `later` is in decision order; the claim goes after those of its own key (it arrived last).
    position = sum(1 for found, _ in later if replay_key(found.claim) <= replay_key(claim))
    queue = [(found.claim, current, knock_on) for found, current in later]
    queue.insert(position, (claim, decided, cause))
    adjustments, target = [], None
    for queued, current, why in queue:
        step = _decide_one(uow, ctx, queued, inputs(queued), state, current, why)
        state = step.after
        if queued.id == claim.id:
            target = step
        elif step.adjustment is not None:
            adjustments.append(step.adjustment)
    assert target is not None  # the claim is in its own queue
    _count_referral_visits(uow, stored, state)
    return Redecision(target.adjudication, target.determination, tuple(adjustments))


class _InputsOf:
    """Claim inputs within one re-decision, each claim's and each provider's looked up once: a
    member's claims share their provider far more often than not."""

    def __init__(self, uow: UnitOfWork, ctx: ServiceContext) -> None:
        self._uow, self._ctx = uow, ctx
        self._providers: dict[str, Provider] = {}
        self._claims: dict[str, ClaimInputs] = {}

    def know(self, claim: Claim, inputs: ClaimInputs) -> None:
        self._claims[claim.id] = inputs
        self._providers[claim.provider_id] = inputs.provider

    def __call__(self, claim: Claim) -> ClaimInputs:
        found = self._claims.get(claim.id)
        if found is not None:
            return found
        provider = self._providers.get(claim.provider_id)
        if provider is None:
            provider = self._providers[claim.provider_id] = claim_provider(self._uow, claim)
        found = self._claims[claim.id] = claim_inputs(self._uow, self._ctx, claim, provider)
        return found


def _decided_after(
    uow: UnitOfWork, claim: Claim, start: ReplayKey
) -> list[tuple[ClaimRecord, Determination | None]]:
    """The member's other decided claims that come after `start` in date order (claims of one
    key in the order they arrived)."""
    later = sorted(
        (
            found
            for found in uow.claims.list_for_member(claim.member_id)
            if found.status in FINAL
            and found.claim.id != claim.id
            and replay_key(found.claim) > start
        ),
        key=lambda found: (replay_key(found.claim), found.created_at, found.claim.id),
    )
    return [(found, uow.claims.determination(found.claim.id)) for found in later]


def _states(
    uow: UnitOfWork,
    claim: Claim,
    plan: Plan,
    later: list[tuple[ClaimRecord, Determination | None]],
    current: Determination | None,
) -> tuple[MemberState, MemberState]:
    """The member's state as stored, and as it stood before the claim and the later claims."""
    stored = uow.members.state(claim.member_id, plan, first_service_date(claim))
    undone = {found.claim.id: found_determination for found, found_determination in later}
    if current is not None:
        undone[claim.id] = current
    if not undone:
        return stored, stored
    removed = uow.members.accumulators(claim.member_id, list(undone))
    lines = (line for found in undone.values() if found for line in found.lines)
    history = uow.claims.lines_of_member(claim.member_id, excluding=list(undone))
    return stored, rewind(stored, removed, counted_referral_visits(lines), history)


def _adjudicate(
    uow: UnitOfWork, ctx: ServiceContext, claim: Claim, inputs: ClaimInputs, state: MemberState
) -> Adjudication:
    """The engine's decision; a claim a reviewer denied stays denied when it would pend again."""
    adjudication = adjudicate(claim, inputs.plan, inputs.provider, state, ctx.library.rules)
    if adjudication.status is ClaimStatus.PENDED and _denied_by_reviewer(uow, claim.id):
        return deny_pended(adjudication, claim, inputs.plan, inputs.provider)
    return adjudication


def _denied_by_reviewer(uow: UnitOfWork, claim_id: str) -> bool:
    reviews = uow.reviews.reviews(claim_id)
    return bool(reviews) and reviews[-1].outcome is ReviewOutcome.DENY


def _decide_one(
    uow: UnitOfWork,
    ctx: ServiceContext,
    claim: Claim,
    inputs: ClaimInputs,
    state: MemberState,
    current: Determination | None,
    cause: Cause,
) -> _Step:
    """Decide one claim on `state`; store the decision only when it differs from the current."""
    before = replace(state, enrollment=inputs.enrollment)
    adjudication = _adjudicate(uow, ctx, claim, inputs, before)
    after = adjudication.state if adjudication.status in FINAL else before
    if current is not None and _unchanged(current, adjudication):
        return _Step(after, adjudication, current, None)
    determination = uow.claims.save_determination(claim.id, adjudication, ctx.now())
    _post_accumulators(uow, ctx, claim, before, after, current is not None)
    post_payment(uow, claim, determination, ctx.now())
    adjustment = None if current is None else _adjustment(current, determination, cause, ctx)
    if adjustment is not None:
        _record_adjustment(uow, ctx, claim, adjustment)
    return _Step(after, adjudication, determination, adjustment)


def _unchanged(current: Determination, adjudication: Adjudication) -> bool:
    """The same decision, down to the visits it leaves (a late claim changes those too)."""
    return (
        current.status is adjudication.status
        and current.lines == adjudication.lines
        and current.visits_remaining == adjudication.visits_remaining
        and current.referral_visits_remaining == adjudication.referral_visits_remaining
    )


def _post_accumulators(
    uow: UnitOfWork,
    ctx: ServiceContext,
    claim: Claim,
    before: MemberState,
    after: MemberState,
    decided_before: bool,
) -> None:
    """Ledger entries that take what the claim had added to what it adds now."""
    added = periods_minus(after.periods, before.periods)
    had = uow.members.accumulators(claim.member_id, [claim.id]) if decided_before else {}
    now = {period: added.get(period, Accumulators()) for period in set(added) | set(had)}
    entries = ledger_entries(replace(before, periods=had), replace(before, periods=now), claim.id)
    if entries:
        uow.members.append_accumulators(claim.member_id, entries, ctx.now())


def _adjustment(
    current: Determination, determination: Determination, cause: Cause, ctx: ServiceContext
) -> Adjustment:
    return Adjustment(
        claim_id=determination.claim_id,
        sequence=determination.sequence,
        cause=cause.kind,
        caused_by=cause.by,
        status_before=current.status,
        status_after=determination.status,
        plan_pays_before=current.plan_pays,
        plan_pays_after=determination.plan_pays,
        at=ctx.now(),
    )


def _record_adjustment(
    uow: UnitOfWork, ctx: ServiceContext, claim: Claim, adjustment: Adjustment
) -> None:
    uow.reviews.add_adjustment(adjustment)
    detail = {
        "cause": adjustment.cause.value,
        "caused_by": adjustment.caused_by,
        "status_before": adjustment.status_before.value,
        "status_after": adjustment.status_after.value,
        "plan_pays_before": adjustment.plan_pays_before,
        "plan_pays_after": adjustment.plan_pays_after,
    }
    record(
        uow, None, ctx.now(), "claim.adjust", ("claim", claim.id), claim.member_id, detail=detail
    )


def _count_referral_visits(uow: UnitOfWork, stored: MemberState, final: MemberState) -> None:
    """Referral use follows the decisions: each document's visits as the last claim left them."""
    used = {referral.id: referral.visits_used for referral in stored.referrals}
    for referral in final.referrals:
        if used.get(referral.id) != referral.visits_used:
            uow.referrals.update_usage(referral.id, referral.visits_used)
