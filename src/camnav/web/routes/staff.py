"""Staff pages: the dashboard, the review queues with decisions, member lookup, the plan viewer
and credentialing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field, StringConstraints

from camnav.domain.claim_reviews import ReviewOutcome
from camnav.domain.referrals import ReferralStatus
from camnav.explain.plans import plan_document, plan_summary
from camnav.services.actors import Permission
from camnav.services.claim_reviews import decide_review as decide_claim
from camnav.services.claim_reviews import review_queue as claim_queue
from camnav.services.claims import list_claims
from camnav.services.credentialing import expiring_licenses
from camnav.services.errors import Forbidden
from camnav.services.members import search_members, view_member
from camnav.services.plans import get_plan, list_plans
from camnav.services.referrals import list_referrals, referral_view
from camnav.services.reviews import ReviewDecision, decide_review, review_queue
from camnav.web.dashboard import dashboard_charts
from camnav.web.forms import Form, Short, read_form
from camnav.web.pages import render
from camnav.web.plan_views import differences, plan_rules
from camnav.web.session import CurrentPage, Page, PostedForm
from camnav.web.views import accumulator_rows, coverage_card, decision_rows, pending_reasons

router = APIRouter(prefix="/staff", include_in_schema=False)

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


def staff_page(page: Page) -> Page:
    if not page.actor.is_staff:
        raise Forbidden("these pages are for the plan's staff")
    return page


class ReferralDecisionForm(Form):
    status: Literal["approved", "denied"]
    reason: Reason
    citation: Short = ""
    visits: int | None = Field(default=None, ge=1, le=200)
    valid_to: date | None = None


class ClaimDecisionForm(Form):
    outcome: ReviewOutcome
    reason: Reason


@router.get("")
def dashboard(request: Request, page: CurrentPage) -> HTMLResponse:
    """Claims by status and reason, the auto-adjudication rate, authorization timeliness, spend."""
    staff_page(page)
    return render(request, "staff/dashboard.html", page, 200, **dashboard_charts(page))


@router.get("/reviews")
def referral_reviews(request: Request, page: CurrentPage) -> HTMLResponse:
    """Pended referrals, soonest deadline first, each with its clock."""
    staff_page(page)
    entries = review_queue(page.ctx, page.actor)
    why = {
        e.referral.referral.id: decision_rows(
            referral_view(page.ctx, page.actor, e.referral.referral.id).decisions
        )
        for e in entries
    }
    return render(
        request,
        "staff/reviews.html",
        page,
        entries=entries,
        why=why,
        overdue=sum(e.clock.overdue for e in entries),
        decided=request.query_params.get("decided", ""),
    )


@router.post("/reviews/{referral_id}")
def decide_referral(page: CurrentPage, posted: PostedForm, referral_id: str) -> Response:
    staff_page(page)
    form = read_form(ReferralDecisionForm, posted)
    decision = ReviewDecision(
        ReferralStatus(form.status), form.reason, form.citation, form.visits, form.valid_to
    )
    decide_review(page.ctx, page.actor, referral_id, decision)
    return RedirectResponse(f"/staff/reviews?decided={referral_id}", status_code=303)


@router.get("/claims")
def claim_reviews(request: Request, page: CurrentPage) -> HTMLResponse:
    """Pended claims, the longest waiting first, with why each pended."""
    staff_page(page)
    queue = claim_queue(page.ctx, page.actor)
    return render(
        request,
        "staff/claims.html",
        page,
        queue=[(item, pending_reasons(item)) for item in queue],
        decided=request.query_params.get("decided", ""),
    )


@router.post("/claims/{claim_id}")
def decide_pended_claim(page: CurrentPage, posted: PostedForm, claim_id: str) -> Response:
    staff_page(page)
    form = read_form(ClaimDecisionForm, posted)
    decide_claim(page.ctx, page.actor, claim_id, form.outcome, form.reason)
    return RedirectResponse(f"/staff/claims?decided={claim_id}", status_code=303)


@router.get("/members")
def members(
    request: Request, page: CurrentPage, q: Annotated[str, Query(max_length=100)] = ""
) -> HTMLResponse:
    staff_page(page)
    found = search_members(page.ctx, page.actor, q) if len(q.strip()) >= 2 else ()
    return render(request, "staff/members.html", page, q=q, found=found)


@router.get("/members/{member_id}")
def member(request: Request, page: CurrentPage, member_id: str) -> HTMLResponse:
    """The member's coverage card as the member sees it, their claims and referrals."""
    staff_page(page)
    today = page.ctx.today()
    view = view_member(page.ctx, page.actor, member_id, today)
    claims = (
        list_claims(page.ctx, page.actor, member_id)
        if page.actor.may(Permission.READ_CLAIM)
        else ()
    )
    return render(
        request,
        "staff/member.html",
        page,
        view=view,
        accumulators=accumulator_rows(view),
        card=coverage_card(page, member_id),
        claims=claims,
        referrals=list_referrals(page.ctx, page.actor, member_id),
        today=today,
    )


@router.get("/plans")
def plans(request: Request, page: CurrentPage) -> HTMLResponse:
    staff_page(page)
    found = [plan_summary(p) for p in list_plans(page.ctx)]
    return render(request, "staff/plans.html", page, plans=found)


@router.get("/plans/{plan_id}")
def plan(
    request: Request,
    page: CurrentPage,
    plan_id: str,
    version: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """One plan version, every rule with the clause it cites."""
    staff_page(page)
    document = plan_document(get_plan(page.ctx, plan_id, version))
    versions = [p.version for p in list_plans(page.ctx) if p.id == plan_id]
    return render(
        request,
        "staff/plan.html",
        page,
        plan=document,
        rules=plan_rules(document),
        versions=versions,
    )


@router.get("/plans/{plan_id}/compare")
def compare(
    request: Request,
    page: CurrentPage,
    plan_id: str,
    before: Annotated[str, Query(alias="a", max_length=40)],
    after: Annotated[str, Query(alias="b", max_length=40)],
) -> HTMLResponse:
    """Two versions of a plan side by side: only what differs."""
    staff_page(page)
    old = plan_document(get_plan(page.ctx, plan_id, before))
    new = plan_document(get_plan(page.ctx, plan_id, after))
    return render(
        request,
        "staff/compare.html",
        page,
        old=old,
        new=new,
        changes=differences(old, new),
    )


@router.get("/credentialing")
def credentialing(
    request: Request, page: CurrentPage, days: Annotated[int, Query(ge=1, le=365)] = 60
) -> HTMLResponse:
    """Licenses expiring in the next `days`, and those that lapsed in the last `days`."""
    staff_page(page)
    today = page.ctx.today()
    expiring = expiring_licenses(page.ctx, page.actor, days)
    past = expiring_licenses(page.ctx, page.actor, days, today - timedelta(days=days))
    lapsed = [
        held for held in past.licenses if held.license.expires and held.license.expires < today
    ]
    return render(
        request,
        "staff/credentialing.html",
        page,
        days=days,
        today=today,
        expiring=expiring.licenses,
        lapsed=lapsed,
    )
