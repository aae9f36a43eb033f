"""Use cases: the decision letter of a referral (approval or denial, with the specific reasons,
the plan clause, appeal rights and the appeal deadline) and the HSA/FSA letter of medical
necessity a physician signs for an approved referral (domain reference §4)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from camnav.domain.letters import (
    DEFAULT_LETTER_MONTHS,
    DecisionLetter,
    LetterReason,
    NecessityLetter,
    appeal_deadline,
    necessity_valid_through,
)
from camnav.domain.referrals import Letter, ReferralStatus
from camnav.services.access import may_see_member, refuse
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.errors import Conflict, NotFound
from camnav.services.ports import (
    DecisionRecord,
    DecisionSource,
    JsonObject,
    LetterRecord,
    ReferralRecord,
    Role,
    UnitOfWork,
)
from camnav.services.reviews import plan_for, reason_text, zone_of


def decision_letter(ctx: ServiceContext, actor: Actor, referral_id: str) -> DecisionLetter:
    """The letter of the referral's latest approval or denial; none while it is pended."""
    with ctx.units() as uow:
        referral = _visible_referral(uow, ctx, actor, referral_id, "read decision letter of")
        final = [d for d in uow.referral_reviews.decisions(referral_id) if _final(d)]
        latest = final[-1] if final else _recorded_decision(referral)
        if latest is None or referral.referral.status is ReferralStatus.PENDED:
            raise Conflict(f"referral {referral_id} has no decision yet", field="referral_id")
        letter = _decision_letter(uow, ctx, referral, latest)
        resource = ("referral", referral_id)
        record(uow, actor, ctx.now(), "letter.decision.read", resource, referral.member_id)
        uow.commit()
    return letter


def _final(decision: DecisionRecord) -> bool:
    return decision.status is not ReferralStatus.PENDED


def _recorded_decision(referral: ReferralRecord) -> DecisionRecord | None:
    """A referral entered with its decision already made (imported, or from before decisions
    were kept one by one): the decision its own record states."""
    if referral.decided_at is None:
        return None
    return DecisionRecord(
        referral_id=referral.referral.id,
        status=referral.referral.status,
        source=DecisionSource.RULES,
        decided_at=referral.decided_at,
        note=referral.decision_reason,
    )


def _visible_referral(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, referral_id: str, action: str
) -> ReferralRecord:
    found = uow.referrals.get(referral_id)
    if found is None:
        raise NotFound(f"no referral {referral_id}", field="referral_id")
    if not may_see_member(uow, actor, found.member_id):
        raise refuse(uow, ctx, actor, action, ("referral", referral_id), found.member_id)
    return found


def _decision_letter(
    uow: UnitOfWork, ctx: ServiceContext, referral: ReferralRecord, decision: DecisionRecord
) -> DecisionLetter:
    document = referral.referral
    plan = plan_for(uow, ctx, referral.member_id, document.valid_from)
    letter_date = decision.decided_at.astimezone(zone_of(plan)).date()
    appeal_days = plan.appeal_days if plan else 180
    extra = referral.extra
    alternatives = extra.get("alternatives")
    return DecisionLetter(
        referral_id=document.id,
        status=decision.status,
        letter_date=letter_date,
        member_id=referral.member_id,
        member_name=_member_name(uow, referral.member_id),
        physician_name=_physician_name(uow, referral.physician_user_id),
        plan_name=plan.name if plan else "",
        category=document.category,
        diagnoses=document.diagnoses,
        visits=document.visits,
        valid_from=document.valid_from,
        valid_to=document.valid_to,
        reasons=tuple(_letter_reason(r, decision.note) for r in decision.reasons),
        appeal_deadline=appeal_deadline(letter_date, appeal_days),
        appeal_citation=(plan.appeal_citation or plan.document) if plan else "",
        reviewer_note=decision.note,
        alternatives=tuple(str(a) for a in alternatives) if isinstance(alternatives, list) else (),
    )


def _letter_reason(item: JsonObject, note: str) -> LetterReason:
    return LetterReason(str(item.get("code", "")), reason_text(item, note), str(item["citation"]))


def _member_name(uow: UnitOfWork, member_id: str) -> str:
    member = uow.members.get(member_id)
    return f"{member.first_name} {member.last_name}" if member else member_id


def _physician_name(uow: UnitOfWork, user_id: int | None) -> str:
    user = uow.users.get(user_id) if user_id is not None else None
    return user.display_name if user else ""


@dataclass(frozen=True, slots=True)
class NecessityRequest:
    """What the physician adds to the referral: the treatment in words, how often, for how long
    (months; 12 when unstated), and the HSA/FSA participant and employer when not the patient."""

    treatment: str = ""
    frequency: str = ""
    duration_months: int = DEFAULT_LETTER_MONTHS
    participant_name: str = ""
    employer: str = ""


def create_necessity_letter(
    ctx: ServiceContext, actor: Actor, referral_id: str, request: NecessityRequest
) -> NecessityLetter:
    """The referring physician signs a letter of medical necessity for an approved referral of
    their patient; it is kept with the member's documents (HSA/FSA)."""
    with ctx.units() as uow:
        referral = uow.referrals.get(referral_id)
        if referral is None:
            raise NotFound(f"no referral {referral_id}", field="referral_id")
        if not _may_sign(uow, actor, referral.member_id):
            resource = ("referral", referral_id)
            raise refuse(uow, ctx, actor, "sign a letter for", resource, referral.member_id)
        if referral.referral.status is not ReferralStatus.APPROVED:
            raise Conflict(f"referral {referral_id} is not approved", field="referral_id")
        letter = _necessity_letter(uow, ctx, actor, referral, request)
        _keep(uow, referral, letter, actor)
        resource = ("letter", letter.id)
        record(uow, actor, ctx.now(), "letter.necessity.create", resource, referral.member_id)
        uow.commit()
    return letter


def _may_sign(uow: UnitOfWork, actor: Actor, member_id: str) -> bool:
    # Only a physician can sign, and only for a patient of theirs.
    return actor.role is Role.PHYSICIAN and uow.users.is_patient_of(actor.user_id, member_id)


def _necessity_letter(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    referral: ReferralRecord,
    request: NecessityRequest,
) -> NecessityLetter:
    document = referral.referral
    plan = plan_for(uow, ctx, referral.member_id, document.valid_from)
    now = ctx.now()
    today = now.astimezone(zone_of(plan)).date()
    user = uow.users.get(actor.user_id)
    physician = user.display_name if user else actor.username
    patient = _member_name(uow, referral.member_id)
    frequency = request.frequency or str(referral.extra.get("frequency") or "")
    return NecessityLetter(
        id=f"L-{uuid.uuid4().hex[:12].upper()}",
        referral_id=document.id,
        patient_name=patient,
        participant_name=request.participant_name or patient,
        employer=request.employer,
        condition=_condition(ctx, document.diagnoses),
        diagnoses=document.diagnoses,
        treatment=request.treatment or f"{document.category.replace('_', ' ')} therapy",
        frequency=frequency or "as stated in the referral",
        duration_months=request.duration_months,
        provider_name=physician,
        provider_npi=(user.physician_npi or "") if user else "",
        signature=f"Electronically signed by {physician}",
        signed_at=now.isoformat(),
        letter_date=today,
        valid_through=necessity_valid_through(today, request.duration_months),
    )


def _condition(ctx: ServiceContext, diagnoses: tuple[str, ...]) -> str:
    code_set = ctx.library.rules.code_set
    return "; ".join(f"{code} {code_set.description(code) or ''}".strip() for code in diagnoses)


def _keep(uow: UnitOfWork, referral: ReferralRecord, letter: NecessityLetter, actor: Actor) -> None:
    kept = Letter(
        letter.id,
        referral.referral.category,
        letter.letter_date,
        letter.valid_through,
        letter.condition,
    )
    uow.referrals.add_letter(
        LetterRecord(kept, referral.member_id, actor.user_id, necessity_body(letter))
    )


def necessity_body(letter: NecessityLetter) -> JsonObject:
    """Every field of the letter, as kept with it (so it reads back exactly as signed)."""
    return {
        "referral_id": letter.referral_id,
        "patient_name": letter.patient_name,
        "participant_name": letter.participant_name,
        "employer": letter.employer,
        "condition": letter.condition,
        "diagnoses": list(letter.diagnoses),
        "treatment": letter.treatment,
        "frequency": letter.frequency,
        "duration_months": letter.duration_months,
        "provider_name": letter.provider_name,
        "provider_npi": letter.provider_npi,
        "signature": letter.signature,
        "signed_at": letter.signed_at,
    }


def necessity_letter(ctx: ServiceContext, actor: Actor, letter_id: str) -> NecessityLetter:
    """A letter of medical necessity, for the member, their physician or staff."""
    with ctx.units() as uow:
        found = uow.letters.get(letter_id)
        if found is None:
            raise NotFound(f"no letter {letter_id}", field="letter_id")
        if not may_see_member(uow, actor, found.member_id):
            raise refuse(uow, ctx, actor, "read letter", ("letter", letter_id), found.member_id)
        record(
            uow, actor, ctx.now(), "letter.necessity.read", ("letter", letter_id), found.member_id
        )
        uow.commit()
    return letter_from_record(found)


def letter_from_record(found: LetterRecord) -> NecessityLetter:
    body = found.body
    letter = found.letter

    def text(key: str) -> str:
        return str(body.get(key) or "")

    diagnoses = body.get("diagnoses")
    months = body.get("duration_months")
    return NecessityLetter(
        id=letter.id,
        referral_id=text("referral_id"),
        patient_name=text("patient_name"),
        participant_name=text("participant_name"),
        employer=text("employer"),
        condition=letter.condition,
        diagnoses=tuple(str(d) for d in diagnoses) if isinstance(diagnoses, list) else (),
        treatment=text("treatment"),
        frequency=text("frequency"),
        duration_months=months if isinstance(months, int) else DEFAULT_LETTER_MONTHS,
        provider_name=text("provider_name"),
        provider_npi=text("provider_npi"),
        signature=text("signature"),
        signed_at=text("signed_at"),
        letter_date=letter.issued_on,
        valid_through=letter.valid_through,
    )


def member_letters(ctx: ServiceContext, actor: Actor, member_id: str) -> tuple[LetterRecord, ...]:
    """The member's letters of medical necessity, oldest first."""
    with ctx.units() as uow:
        if not may_see_member(uow, actor, member_id):
            raise refuse(uow, ctx, actor, "list letters of", ("member", member_id), member_id)
        found = uow.referrals.letters_for_member(member_id)
        record(uow, actor, ctx.now(), "letter.list", ("member", member_id), member_id)
        uow.commit()
    return found
