"""Documents to download, for every role allowed to read them: explanations of benefits,
referral decision letters and letters of medical necessity (the services decide who may)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from camnav.pdf.eob import eob_pdf
from camnav.pdf.letters import decision_letter_pdf, necessity_letter_pdf
from camnav.services.eob import explanation_of_benefits
from camnav.services.letters import decision_letter, necessity_letter
from camnav.web.session import CurrentPage

router = APIRouter(prefix="/documents", include_in_schema=False)


def _pdf(content: bytes, name: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.pdf"',
        "Cache-Control": "no-store",
    }
    return Response(content, media_type="application/pdf", headers=headers)


@router.get("/claims/{claim_id}/eob.pdf")
def eob(claim_id: str, page: CurrentPage) -> Response:
    explanation = explanation_of_benefits(page.ctx, page.actor, claim_id)
    return _pdf(eob_pdf(explanation), f"eob-{claim_id}")


@router.get("/referrals/{referral_id}/decision.pdf")
def decision(referral_id: str, page: CurrentPage) -> Response:
    letter = decision_letter(page.ctx, page.actor, referral_id)
    return _pdf(decision_letter_pdf(letter), f"decision-{referral_id}")


@router.get("/letters/{letter_id}.pdf")
def necessity(letter_id: str, page: CurrentPage) -> Response:
    letter = necessity_letter(page.ctx, page.actor, letter_id)
    return _pdf(necessity_letter_pdf(letter), f"letter-{letter_id}")
