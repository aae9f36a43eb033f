"""A member's pages: the coverage card, the therapist finder, the estimator, claims, referrals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from camnav.domain.claims import Attachment
from camnav.domain.plans import Tier
from camnav.explain.claims import adjudication_document, line_document
from camnav.explain.documents import estimate_document
from camnav.explain.eob import STATUS_TEXT, claim_next_steps
from camnav.services.claims import (
    get_claim,
    list_claims,
    new_claim_id,
    precheck_claim,
    submit_reimbursement,
)
from camnav.services.coverage import EstimateQuestion, estimate_cost
from camnav.services.directory import DirectorySearch, search_directory
from camnav.services.eob import explanation_of_benefits
from camnav.services.errors import Forbidden
from camnav.services.letters import member_letters
from camnav.services.members import view_member
from camnav.services.ports import Role
from camnav.services.referrals import list_referrals
from camnav.services.uploads import MAX_BYTES, upload_document
from camnav.web.forms import (
    DOCUMENT_FIELDS,
    ReimbursementForm,
    chosen_files,
    codes_of,
    money_of,
    read_form,
)
from camnav.web.pages import is_htmx, render
from camnav.web.session import CurrentPage, Page, PostedForm
from camnav.web.views import accumulator_rows, coverage_card, directory_view, map_points, timeline

router = APIRouter(prefix="/member", include_in_schema=False)

Diagnosis = Annotated[str, Query(max_length=100)]


def member_page(page: Page) -> Page:
    """Member pages are for members; staff see a member through the member lookup."""
    if page.actor.role is not Role.MEMBER or not page.actor.member_id:
        raise Forbidden("these pages are for members")
    return page


@router.get("")
def home(request: Request, page: CurrentPage, diagnosis: Diagnosis = "") -> HTMLResponse:
    """The first card answers 'Is massage covered for me?'."""
    member_page(page)
    card = coverage_card(page, page.member_id, diagnosis)
    view = view_member(page.ctx, page.actor, page.member_id, page.ctx.today())
    return render(
        request,
        "member/home.html",
        page,
        card=card,
        view=view,
        accumulators=accumulator_rows(view),
        diagnosis=diagnosis,
    )


@router.get("/therapists")
def therapists(
    request: Request,
    page: CurrentPage,
    zip_code: Annotated[str, Query(alias="zip", pattern=r"^(\d{5})?$")] = "",
    count: Annotated[int, Query(alias="k", ge=1, le=50)] = 10,
    category: Annotated[str, Query(pattern=r"^[a-z_]{2,40}$")] = "massage",
) -> HTMLResponse:
    """The nearest therapists with distance, price for this member and license status."""
    member_page(page)
    view = view_member(page.ctx, page.actor, page.member_id, page.ctx.today())
    search = DirectorySearch(
        zip_code=zip_code or view.member.zip_code,
        k=count,
        category=category,
        member_id=page.member_id,
    )
    answer = search_directory(page.ctx, page.actor, search)
    return render(
        request,
        "member/therapists.html",
        page,
        results=directory_view(answer),
        points=map_points(answer),
        zip_code=search.zip_code,
        count=count,
    )


@router.get("/estimate")
def estimate(
    request: Request,
    page: CurrentPage,
    visits: Annotated[int, Query(ge=1, le=104)] = 12,
    every: Annotated[int, Query(ge=1, le=365)] = 7,
    start: date | None = None,
    tier: Tier = Tier.IN_NETWORK,
    charge: Annotated[str, Query(max_length=20)] = "",
    diagnosis: Diagnosis = "",
) -> HTMLResponse:
    """What-if: N visits priced one by one, as the claims would be decided."""
    member_page(page)
    question = EstimateQuestion(
        page.member_id,
        "massage",
        start or page.ctx.today(),
        visits,
        tier,
        every,
        codes_of(diagnosis),
        money_of(charge, "charge") if charge.strip() else None,
    )
    result = estimate_document(estimate_cost(page.ctx, page.actor, question))
    template = "partials/estimate.html" if is_htmx(request) else "member/estimate.html"
    form = {"visits": visits, "every": every, "start": question.start, "tier": tier.value}
    return render(request, template, page, estimate=result, form={**form, "charge": charge})


@router.get("/claims")
def claims(request: Request, page: CurrentPage) -> HTMLResponse:
    member_page(page)
    found = list_claims(page.ctx, page.actor, page.member_id)
    return render(request, "member/claims.html", page, claims=found)


@router.get("/claims/new")
def new_claim(
    request: Request,
    page: CurrentPage,
    provider: Annotated[str, Query(max_length=40)] = "",
    name: Annotated[str, Query(max_length=200)] = "",
    npi: Annotated[str, Query(pattern=r"^(\d{10})?$")] = "",
) -> HTMLResponse:
    """The reimbursement form, filled in from the therapist the member chose."""
    member_page(page)
    form = {
        "provider_id": provider,
        "provider_name": name,
        "npi": npi,
        "service_date": page.ctx.today() - timedelta(days=2),
    }
    return render(
        request,
        "member/claim_new.html",
        page,
        form=form,
        documents=DOCUMENT_FIELDS,
        max_mb=MAX_BYTES // (1024 * 1024),
    )


@router.post("/claims/precheck")
def precheck(request: Request, page: CurrentPage, posted: PostedForm) -> HTMLResponse:
    """Will it be paid, and how much? Decided with the documents chosen, nothing saved."""
    member_page(page)
    form = read_form(ReimbursementForm, posted)
    kinds = frozenset(kind for kind, _ in chosen_files(posted))
    claim = form.to_claim("PRECHECK", page.member_id, page.ctx.today(), kinds)
    result = adjudication_document(precheck_claim(page.ctx, page.actor, claim))
    return render(request, "partials/precheck.html", page, result=result)


@router.post("/claims")
async def submit(request: Request, page: CurrentPage, posted: PostedForm) -> Response:
    """Upload the chosen documents, then send the reimbursement request."""
    member_page(page)
    form = read_form(ReimbursementForm, posted)
    files = [
        (kind, upload.filename or "", await upload.read(MAX_BYTES + 1))
        for kind, upload in chosen_files(posted)
    ]
    claim_id = await run_in_threadpool(_submit, page, form, files)
    return RedirectResponse(f"/member/claims/{claim_id}", status_code=303)


def _submit(
    page: Page, form: ReimbursementForm, files: Sequence[tuple[Attachment, str, bytes]]
) -> str:
    uploads = [
        upload_document(page.ctx, page.actor, page.member_id, kind, name, content)
        for kind, name, content in files
    ]
    kinds = frozenset(u.kind for u in uploads)
    claim = form.to_claim(new_claim_id(), page.member_id, page.ctx.today(), kinds)
    outcome = submit_reimbursement(
        page.ctx,
        page.actor,
        claim,
        None,
        lambda stored: None,
        tuple(u.id for u in uploads),
        form.bill(),
    )
    assert outcome.result is not None
    return outcome.result.record.claim.id


@router.get("/claims/{claim_id}")
def claim(request: Request, page: CurrentPage, claim_id: str) -> HTMLResponse:
    """One claim: what was decided, a timeline, and the explanation of benefits."""
    member_page(page)
    stored = get_claim(page.ctx, page.actor, claim_id)
    explanation = explanation_of_benefits(page.ctx, page.actor, claim_id)
    return render(
        request,
        "member/claim.html",
        page,
        stored=stored,
        explanation=explanation,
        status_text=STATUS_TEXT[explanation.status],
        next_steps=claim_next_steps(explanation),
        lines=[line_document(line) for line in explanation.lines],
        events=timeline(stored, explanation),
    )


@router.get("/referrals")
def referrals(request: Request, page: CurrentPage) -> HTMLResponse:
    """Referrals with their expiry and visits left; letters of medical necessity to download."""
    member_page(page)
    found = list_referrals(page.ctx, page.actor, page.member_id)
    letters = member_letters(page.ctx, page.actor, page.member_id)
    return render(
        request,
        "member/referrals.html",
        page,
        referrals=found,
        letters=letters,
        today=page.ctx.today(),
    )
