"""Use cases: a physician's referral decided at once where the plan's rules decide; extensions
with progress notes; appeals of denials; the member's referrals and episodes of care."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from camnav.domain.diagnoses import check_diagnoses
from camnav.domain.episodes import Episode, ExtensionProblem, extension_problem, group_episodes
from camnav.domain.plans import Plan
from camnav.domain.referral_decisions import (
    ProgressNotes,
    ReferralDecision,
    ReferralRequest,
    decide_referral,
    document_kind,
)
from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus
from camnav.explain.messages import describe
from camnav.services.access import may_see_member, member_for, refuse
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.coverage import check_category
from camnav.services.errors import Conflict, InvalidRequest, NotFound
from camnav.services.idempotency import IdempotencyRequest, Outcome, run_idempotent
from camnav.services.ports import (
    DecisionRecord,
    DecisionSource,
    JsonObject,
    ReferralRecord,
    ReviewItem,
    ReviewKind,
    Role,
    UnitOfWork,
    Urgency,
)
from camnav.services.reviews import enter_decision, reason_json


@dataclass(frozen=True, slots=True)
class NewReferral:
    """A physician's request. `kind` defaults to the document the plan's access rule asks for;
    `extends` names the approved referral an extension asks more visits under."""

    member_id: str
    category: str
    diagnoses: tuple[str, ...]
    visits: int
    valid_from: date
    valid_to: date
    kind: ReferralKind | None = None
    urgency: Urgency = Urgency.STANDARD
    conventional_treatments: tuple[str, ...] = ()
    frequency: str = ""
    modality: str | None = None
    condition_weeks: int | None = None
    progress: ProgressNotes | None = None
    extends: str | None = None
    treatment_details: tuple[JsonObject, ...] = ()


@dataclass(frozen=True, slots=True)
class DecidedReferral:
    record: ReferralRecord
    decision: ReferralDecision


def _may_refer(uow: UnitOfWork, actor: Actor, member_id: str) -> bool:
    if not actor.may(Permission.CREATE_REFERRAL):
        return False
    if actor.role is Role.PHYSICIAN:
        return uow.users.is_patient_of(actor.user_id, member_id)
    return actor.is_staff


def _validate(ctx: ServiceContext, request: NewReferral) -> None:
    check_category(ctx, request.category)
    if request.valid_to < request.valid_from:
        raise InvalidRequest("valid_to is before valid_from", field="valid_to")
    problems = check_diagnoses(request.diagnoses, request.valid_from, ctx.library.rules.code_set)
    if problems:
        raise InvalidRequest("; ".join(describe(p) for p in problems), field="diagnoses")


def create_referral(
    ctx: ServiceContext,
    actor: Actor,
    request: NewReferral,
    idempotency: IdempotencyRequest | None,
    render: Callable[[DecidedReferral], object],
) -> Outcome[DecidedReferral]:
    """Record the referral with the decision the plan's rules give at once."""
    _validate(ctx, request)
    return run_idempotent(
        ctx, actor, idempotency, lambda uow: _decide_and_store(uow, ctx, actor, request), render
    )


@dataclass(frozen=True, slots=True)
class NewExtension:
    """More visits under an approved referral, with progress notes (functional improvement)."""

    referral_id: str
    visits: int
    valid_from: date
    valid_to: date
    progress: ProgressNotes | None = None
    urgency: Urgency = Urgency.STANDARD
    frequency: str = ""


def extend_referral(
    ctx: ServiceContext,
    actor: Actor,
    extension: NewExtension,
    idempotency: IdempotencyRequest | None,
    render: Callable[[DecidedReferral], object],
) -> Outcome[DecidedReferral]:
    """A new request under an approved referral, decided like any other (progress notes
    required); approved, it joins the referral's episode."""
    with ctx.units(write=False) as uow:
        original = uow.referrals.get(extension.referral_id)
    if original is None:
        raise NotFound(f"no referral {extension.referral_id}", field="referral_id")
    request = NewReferral(
        member_id=original.member_id,
        category=original.referral.category,
        diagnoses=original.referral.diagnoses,
        visits=extension.visits,
        valid_from=extension.valid_from,
        valid_to=extension.valid_to,
        kind=original.referral.kind,
        urgency=extension.urgency,
        frequency=extension.frequency,
        progress=extension.progress,
        extends=original.referral.id,
    )
    return create_referral(ctx, actor, request, idempotency, render)


def _decide_and_store(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, request: NewReferral
) -> DecidedReferral:
    if not _may_refer(uow, actor, request.member_id):
        raise refuse(uow, ctx, actor, "refer", ("member", request.member_id), request.member_id)
    _check_extension(uow, request)
    plan = _plan_on(uow, ctx, request.member_id, request.valid_from)
    decision = decide_referral(_domain_request(request), plan)
    referral = Referral(
        f"R-{uuid.uuid4().hex[:12].upper()}",
        request.kind or document_kind(plan, request.category),
        request.category,
        request.valid_from,
        request.valid_to,
        request.visits,
        0,
        request.diagnoses,
        decision.status,
    )
    stored = _store(uow, ctx, actor, request, referral, decision)
    action = "referral.extend" if request.extends else "referral.create"
    detail = {"status": decision.status.value}
    resource = ("referral", referral.id)
    record(uow, actor, ctx.now(), action, resource, request.member_id, detail=detail)
    return DecidedReferral(stored, decision)


def _plan_on(uow: UnitOfWork, ctx: ServiceContext, member_id: str, day: date) -> Plan:
    """The plan the member is enrolled in on the referral's first day: all a decision reads
    (not the member's whole state, which grows with every document and claim)."""
    enrollment = uow.members.enrollment_on(member_id, day)
    if enrollment is None:
        raise InvalidRequest(f"member {member_id} has no coverage on {day}", field="valid_from")
    try:
        return ctx.library.plan(enrollment.plan_id, on=day)
    except LookupError as error:
        raise InvalidRequest(str(error), field="valid_from") from error


def _check_extension(uow: UnitOfWork, request: NewReferral) -> None:
    if request.extends is None:
        return
    original = uow.referrals.get(request.extends)
    if original is None or original.member_id != request.member_id:
        raise NotFound(f"no referral {request.extends}", field="referral_id")
    problem = extension_problem(original.referral, request.category)
    if problem is ExtensionProblem.NOT_APPROVED:
        raise Conflict(f"referral {request.extends} is not approved", field="referral_id")
    if problem is ExtensionProblem.OTHER_CATEGORY:
        raise InvalidRequest("an extension keeps the referral's category", field="category")


def _domain_request(request: NewReferral) -> ReferralRequest:
    return ReferralRequest(
        request.category,
        request.diagnoses,
        request.visits,
        request.conventional_treatments,
        request.modality,
        request.condition_weeks,
        request.progress,
        extension=request.extends is not None,
    )


def _store(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    request: NewReferral,
    referral: Referral,
    decision: ReferralDecision,
) -> ReferralRecord:
    now = ctx.now()
    decided = decision.status is not ReferralStatus.PENDED
    stored = ReferralRecord(
        referral=referral,
        member_id=request.member_id,
        physician_user_id=actor.user_id if actor.role is Role.PHYSICIAN else None,
        urgency=request.urgency,
        received_at=now,
        decided_at=now if decided else None,
        decision_reason="; ".join(describe(r) for r in decision.reasons),
        extra=_clinical_details(request, decision),
    )
    uow.referrals.add(stored)
    enter_decision(
        uow,
        stored,
        DecisionRecord(
            referral_id=referral.id,
            status=decision.status,
            source=DecisionSource.RULES,
            decided_at=now,
            reasons=tuple(reason_json(r) for r in decision.reasons),
            decided_by=None,
        ),
        stored=True,
    )
    return stored


def _clinical_details(request: NewReferral, decision: ReferralDecision) -> JsonObject:
    progress = request.progress
    return {
        "conventional_treatments": list(request.conventional_treatments),
        "treatment_details": [dict(t) for t in request.treatment_details],
        "frequency": request.frequency,
        "condition_weeks": request.condition_weeks,
        "progress_notes": None
        if progress is None
        else {
            "functional_improvement": progress.functional_improvement,
            "summary": progress.summary,
        },
        "extends": request.extends,
        "modality": request.modality,
        "reasons": [{"code": r.code.value, "citation": r.citation} for r in decision.reasons],
        "alternatives": list(decision.alternatives),
    }


def appeal_referral(
    ctx: ServiceContext, actor: Actor, referral_id: str, grounds: str
) -> ReferralRecord:
    """Put a denied referral before a clinical reviewer again; the appeal's own deadline runs
    from now. The member, the referring physician or staff may appeal."""
    if not grounds.strip():
        raise InvalidRequest("an appeal states its grounds", field="grounds")
    with ctx.units() as uow:
        found = uow.referrals.get(referral_id)
        if found is None:
            raise NotFound(f"no referral {referral_id}", field="referral_id")
        if not _may_appeal(uow, actor, found.member_id):
            resource = ("referral", referral_id)
            raise refuse(uow, ctx, actor, "appeal referral", resource, found.member_id)
        uow.lock_member(found.member_id)  # one appeal at a time, however many are sent
        found = uow.referrals.get(referral_id) or found
        if found.referral.status is not ReferralStatus.DENIED:
            raise Conflict(f"only a denial can be appealed; {referral_id} is not denied")
        if uow.referral_reviews.open_item_for(referral_id) is not None:
            raise Conflict(f"referral {referral_id} is already waiting for review")
        item = ReviewItem(
            referral_id, ReviewKind.APPEAL, found.urgency, ctx.now(), actor.user_id, grounds
        )
        uow.referral_reviews.open(item)
        resource = ("referral", referral_id)
        record(uow, actor, ctx.now(), "referral.appeal", resource, found.member_id)
        uow.commit()
    return found


def _may_appeal(uow: UnitOfWork, actor: Actor, member_id: str) -> bool:
    if actor.role is Role.PHYSICIAN:
        return uow.users.is_patient_of(actor.user_id, member_id)
    return may_see_member(uow, actor, member_id)


@dataclass(frozen=True, slots=True)
class ReferralView:
    """A referral with its decision history and whether it waits in the review queue."""

    record: ReferralRecord
    decisions: tuple[DecisionRecord, ...]
    in_review: ReviewItem | None


def get_referral(ctx: ServiceContext, actor: Actor, referral_id: str) -> ReferralRecord:
    return referral_view(ctx, actor, referral_id).record


def referral_view(ctx: ServiceContext, actor: Actor, referral_id: str) -> ReferralView:
    with ctx.units() as uow:
        found = uow.referrals.get(referral_id)
        if found is None:
            raise NotFound(f"no referral {referral_id}", field="referral_id")
        if not may_see_member(uow, actor, found.member_id):
            raise refuse(
                uow, ctx, actor, "read referral", ("referral", referral_id), found.member_id
            )
        view = ReferralView(
            found,
            uow.referral_reviews.decisions(referral_id),
            uow.referral_reviews.open_item_for(referral_id),
        )
        record(uow, actor, ctx.now(), "referral.read", ("referral", referral_id), found.member_id)
        uow.commit()
    return view


def list_referrals(ctx: ServiceContext, actor: Actor, member_id: str) -> tuple[ReferralRecord, ...]:
    with ctx.units() as uow:
        member = member_for(uow, ctx, actor, member_id, "list referrals of")
        found = uow.referrals.list_for_member(member.member_id)
        record(uow, actor, ctx.now(), "referral.list", ("member", member_id), member_id)
        uow.commit()
    return found


def physician_referrals(ctx: ServiceContext, actor: Actor) -> tuple[ReferralRecord, ...]:
    """The referrals a physician wrote for the patients still on their panel."""
    with ctx.units() as uow:
        if actor.role is not Role.PHYSICIAN:
            resource = ("referrals", "written by a physician")
            raise refuse(uow, ctx, actor, "list referrals", resource, None)
        found = tuple(
            r
            for r in uow.referrals.list_for_physician(actor.user_id)
            if uow.users.is_patient_of(actor.user_id, r.member_id)
        )
        for member_id in sorted({r.member_id for r in found}):
            record(uow, actor, ctx.now(), "referral.list", ("member", member_id), member_id)
        uow.commit()
    return found


def member_episodes(ctx: ServiceContext, actor: Actor, member_id: str) -> tuple[Episode, ...]:
    """The member's episodes of care: each approved referral with its approved extensions."""
    with ctx.units() as uow:
        member = member_for(uow, ctx, actor, member_id, "list episodes of")
        found = uow.referrals.list_for_member(member.member_id)
        record(uow, actor, ctx.now(), "episode.list", ("member", member_id), member_id)
        uow.commit()
    extends = {
        r.referral.id: str(r.extra["extends"]) for r in found if r.extra.get("extends") is not None
    }
    return group_episodes([r.referral for r in found], extends)
