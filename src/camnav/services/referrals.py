"""Use cases: a physician's referral decided at once where the plan's rules decide; list; read."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from camnav.domain.diagnoses import check_diagnoses
from camnav.domain.referral_decisions import ReferralDecision, ReferralRequest, decide_referral
from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus
from camnav.explain.messages import describe
from camnav.services.access import may_see_member, member_for, refuse
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.coverage import check_category, plan_and_state
from camnav.services.errors import InvalidRequest, NotFound
from camnav.services.idempotency import IdempotencyRequest, Outcome, run_idempotent
from camnav.services.ports import ReferralRecord, Role, UnitOfWork, Urgency


@dataclass(frozen=True, slots=True)
class NewReferral:
    member_id: str
    category: str
    diagnoses: tuple[str, ...]
    visits: int
    valid_from: date
    valid_to: date
    kind: ReferralKind = ReferralKind.REFERRAL
    urgency: Urgency = Urgency.STANDARD
    conventional_treatments: tuple[str, ...] = ()
    frequency: str = ""
    modality: str | None = None


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


def _decide_and_store(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, request: NewReferral
) -> DecidedReferral:
    if not _may_refer(uow, actor, request.member_id):
        raise refuse(uow, ctx, actor, "refer", ("member", request.member_id), request.member_id)
    plan, _ = plan_and_state(uow, ctx, request.member_id, request.valid_from)
    decision = decide_referral(
        ReferralRequest(
            request.category,
            request.diagnoses,
            request.visits,
            request.conventional_treatments,
            request.modality,
        ),
        plan,
    )
    referral = Referral(
        f"R-{uuid.uuid4().hex[:12].upper()}",
        request.kind,
        request.category,
        request.valid_from,
        request.valid_to,
        request.visits,
        0,
        request.diagnoses,
        decision.status,
    )
    stored = _store(uow, ctx, actor, request, referral, decision)
    record(
        uow,
        actor,
        ctx.now(),
        "referral.create",
        ("referral", referral.id),
        request.member_id,
        detail={"status": decision.status.value},
    )
    return DecidedReferral(stored, decision)


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
        extra={
            "conventional_treatments": list(request.conventional_treatments),
            "frequency": request.frequency,
            "reasons": [{"code": r.code.value, "citation": r.citation} for r in decision.reasons],
        },
    )
    uow.referrals.add(stored)
    return stored


def get_referral(ctx: ServiceContext, actor: Actor, referral_id: str) -> ReferralRecord:
    with ctx.units() as uow:
        found = uow.referrals.get(referral_id)
        if found is None:
            raise NotFound(f"no referral {referral_id}", field="referral_id")
        if not may_see_member(uow, actor, found.member_id):
            raise refuse(
                uow, ctx, actor, "read referral", ("referral", referral_id), found.member_id
            )
        record(uow, actor, ctx.now(), "referral.read", ("referral", referral_id), found.member_id)
        uow.commit()
    return found


def list_referrals(ctx: ServiceContext, actor: Actor, member_id: str) -> tuple[ReferralRecord, ...]:
    with ctx.units() as uow:
        member = member_for(uow, ctx, actor, member_id, "list referrals of")
        found = uow.referrals.list_for_member(member.member_id)
        record(uow, actor, ctx.now(), "referral.list", ("member", member_id), member_id)
        uow.commit()
    return found
