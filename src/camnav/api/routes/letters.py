"""Letters, each as JSON and as PDF: the decision letter of a referral and the HSA/FSA letter
of medical necessity a physician signs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from camnav.api.deps import Context, CurrentActor
from camnav.api.referral_documents import decision_letter_document, necessity_letter_document
from camnav.api.referral_schemas import NecessityLetterIn
from camnav.api.schemas import Identifier
from camnav.pdf.letters import decision_letter_pdf, necessity_letter_pdf
from camnav.services.letters import (
    NecessityRequest,
    create_necessity_letter,
    decision_letter,
    letter_from_record,
    member_letters,
    necessity_letter,
)

router = APIRouter(tags=["letters"])

ReferralId = Annotated[Identifier, Path(description="The referral's id")]
LetterId = Annotated[Identifier, Path(description="The letter's id")]
PDF = "application/pdf"


def _pdf(content: bytes, name: str) -> Response:
    headers = {"Content-Disposition": f'inline; filename="{name}.pdf"'}
    return Response(content, media_type=PDF, headers=headers)


@router.get("/api/v1/referrals/{referral_id}/decision-letter")
def decision(referral_id: ReferralId, actor: CurrentActor, ctx: Context) -> dict[str, object]:
    """The approval or denial letter: reasons, citations, appeal rights and deadline."""
    return decision_letter_document(decision_letter(ctx, actor, referral_id))


@router.get("/api/v1/referrals/{referral_id}/decision-letter/pdf", response_class=Response)
def decision_pdf(referral_id: ReferralId, actor: CurrentActor, ctx: Context) -> Response:
    letter = decision_letter(ctx, actor, referral_id)
    return _pdf(decision_letter_pdf(letter), f"decision-{referral_id}")


@router.post("/api/v1/referrals/{referral_id}/necessity-letter", status_code=201)
def sign_necessity_letter(
    referral_id: ReferralId, body: NecessityLetterIn, actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    """The referring physician signs a letter of medical necessity (HSA/FSA)."""
    request = NecessityRequest(
        treatment=body.treatment,
        frequency=body.frequency,
        duration_months=body.duration_months,
        participant_name=body.participant_name,
        employer=body.employer,
    )
    return necessity_letter_document(create_necessity_letter(ctx, actor, referral_id, request))


@router.get("/api/v1/letters/{letter_id}")
def read_letter(letter_id: LetterId, actor: CurrentActor, ctx: Context) -> dict[str, object]:
    return necessity_letter_document(necessity_letter(ctx, actor, letter_id))


@router.get("/api/v1/letters/{letter_id}/pdf", response_class=Response)
def letter_pdf(letter_id: LetterId, actor: CurrentActor, ctx: Context) -> Response:
    return _pdf(necessity_letter_pdf(necessity_letter(ctx, actor, letter_id)), letter_id)


@router.get("/api/v1/members/{member_id}/letters", tags=["members"])
def letters_of_member(
    member_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> dict[str, object]:
    found = member_letters(ctx, actor, member_id)
    return {"letters": [necessity_letter_document(letter_from_record(r)) for r in found]}
