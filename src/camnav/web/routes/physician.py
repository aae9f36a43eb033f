"""A physician's pages: find a patient, refer with the instant decision, issue letters."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field, StringConstraints

from camnav.domain.deadlines import Urgency
from camnav.services.errors import Forbidden
from camnav.services.letters import NecessityRequest, create_necessity_letter, member_letters
from camnav.services.members import search_members, view_member
from camnav.services.ports import Role
from camnav.services.referrals import (
    NewReferral,
    create_referral,
    list_referrals,
    physician_referrals,
    referral_view,
)
from camnav.web.forms import Form, Short, codes_of, read_form
from camnav.web.pages import render
from camnav.web.session import CurrentPage, Page, PostedForm
from camnav.web.views import coverage_card, decision_rows

router = APIRouter(prefix="/physician", include_in_schema=False)


def physician_page(page: Page) -> Page:
    if page.actor.role is not Role.PHYSICIAN:
        raise Forbidden("these pages are for physicians")
    return page


class ReferralForm(Form):
    member_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    category: Annotated[str, StringConstraints(pattern=r"^[a-z_]{2,40}$")] = "massage"
    diagnoses: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    visits: int = Field(ge=1, le=200)
    valid_from: date
    duration_weeks: int = Field(default=12, ge=1, le=104)
    urgency: Urgency = Urgency.STANDARD
    treatments: Annotated[str, StringConstraints(max_length=4000)] = ""
    frequency: Short = ""
    condition_weeks: int | None = Field(default=None, ge=0, le=5200)

    def to_request(self) -> NewReferral:
        treatments = tuple(line.strip() for line in self.treatments.splitlines() if line.strip())
        return NewReferral(
            member_id=self.member_id,
            category=self.category,
            diagnoses=codes_of(self.diagnoses),
            visits=self.visits,
            valid_from=self.valid_from,
            valid_to=self.valid_from + timedelta(weeks=self.duration_weeks) - timedelta(days=1),
            urgency=self.urgency,
            conventional_treatments=treatments,
            frequency=self.frequency,
            condition_weeks=self.condition_weeks,
            treatment_details=tuple({"what": t} for t in treatments),
        )


class LetterForm(Form):
    treatment: Short = ""
    frequency: Short = ""
    duration_months: int = Field(default=12, ge=1, le=36)


@router.get("")
def patients(
    request: Request, page: CurrentPage, q: Annotated[str, Query(max_length=100)] = ""
) -> HTMLResponse:
    """Find a patient by name or member id, among the physician's own patients."""
    physician_page(page)
    found = search_members(page.ctx, page.actor, q) if len(q.strip()) >= 2 else ()
    return render(request, "physician/patients.html", page, q=q, found=found)


@router.get("/patients/{member_id}")
def patient(request: Request, page: CurrentPage, member_id: str) -> HTMLResponse:
    """The patient's coverage, referrals (expiry, visits left), letters, and a new referral."""
    physician_page(page)
    today = page.ctx.today()
    view = view_member(page.ctx, page.actor, member_id, today)
    return render(
        request,
        "physician/patient.html",
        page,
        member=view.member,
        card=coverage_card(page, member_id),
        referrals=list_referrals(page.ctx, page.actor, member_id),
        letters=member_letters(page.ctx, page.actor, member_id),
        today=today,
        letter_form=True,
    )


@router.post("/referrals")
def refer(page: CurrentPage, posted: PostedForm) -> Response:
    """Create the referral; the plan's rules decide at once where they can."""
    physician_page(page)
    request = read_form(ReferralForm, posted).to_request()
    outcome = create_referral(page.ctx, page.actor, request, None, lambda decided: None)
    assert outcome.result is not None
    referral_id = outcome.result.record.referral.id
    return RedirectResponse(f"/physician/referrals/{referral_id}", status_code=303)


@router.get("/referrals")
def referrals(request: Request, page: CurrentPage) -> HTMLResponse:
    """The physician's referrals, those ending soonest first, with visits left."""
    physician_page(page)
    found = physician_referrals(page.ctx, page.actor)
    return render(
        request, "physician/referrals.html", page, referrals=found, today=page.ctx.today()
    )


@router.get("/referrals/{referral_id}")
def referral(request: Request, page: CurrentPage, referral_id: str) -> HTMLResponse:
    """The decision and its reasons, each with the plan clause."""
    physician_page(page)
    view = referral_view(page.ctx, page.actor, referral_id)
    return render(
        request,
        "physician/referral.html",
        page,
        view=view,
        decisions=decision_rows(view.decisions),
    )


@router.post("/referrals/{referral_id}/letter")
def letter(page: CurrentPage, posted: PostedForm, referral_id: str) -> Response:
    """The referring physician signs an HSA/FSA letter of medical necessity."""
    physician_page(page)
    form = read_form(LetterForm, posted)
    request = NecessityRequest(form.treatment, form.frequency, form.duration_months)
    signed = create_necessity_letter(page.ctx, page.actor, referral_id, request)
    member_id = view_referral_member(page, referral_id)
    return RedirectResponse(
        f"/physician/patients/{member_id}?letter={signed.id}#letters", status_code=303
    )


def view_referral_member(page: Page, referral_id: str) -> str:
    return referral_view(page.ctx, page.actor, referral_id).record.member_id
