"""Members: their record and accumulators, the coverage answer and the what-if estimate."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from camnav.api.deps import Context, CurrentActor
from camnav.api.documents import accumulators_document, member_document
from camnav.api.schemas import DiagnosisCode, Identifier, Money
from camnav.domain.money import parse_money
from camnav.domain.plans import Tier
from camnav.explain.documents import coverage_document, estimate_document
from camnav.services.coverage import (
    CoverageQuestion,
    EstimateQuestion,
    answer_coverage,
    estimate_cost,
)
from camnav.services.members import search_members, view_member

router = APIRouter(prefix="/api/v1/members", tags=["members"])

MemberId = Annotated[Identifier, Path(description="The member's id")]
On = Annotated[date | None, Query(description="The date (default: today)")]
Category = Annotated[Identifier, Query(description="massage, acupuncture, chiropractic, ...")]
Diagnoses = Annotated[list[DiagnosisCode], Query(alias="diagnosis", max_length=12)]


@router.get("")
def find_members(
    actor: CurrentActor,
    ctx: Context,
    q: Annotated[str, Query(min_length=2, max_length=100, pattern=r"^[^\x00]*$")],
) -> dict[str, object]:
    """Staff search members; a physician searches among their patients."""
    return {"members": [member_document(m) for m in search_members(ctx, actor, q)]}


@router.get("/{member_id}")
def get_member(
    member_id: MemberId, actor: CurrentActor, ctx: Context, on: On = None
) -> dict[str, object]:
    view = view_member(ctx, actor, member_id, on or ctx.today())
    return {**member_document(view.member), **accumulators_document(view)}


@router.get("/{member_id}/accumulators")
def get_accumulators(
    member_id: MemberId, actor: CurrentActor, ctx: Context, on: On = None
) -> dict[str, object]:
    """Deductible and out-of-pocket met and left, visits used and left, for the period of `on`."""
    return accumulators_document(view_member(ctx, actor, member_id, on or ctx.today()))


@router.get("/{member_id}/coverage")
def get_coverage(
    member_id: MemberId,
    actor: CurrentActor,
    ctx: Context,
    category: Category = "massage",
    on: On = None,
    diagnoses: Diagnoses = [],  # noqa: B006 - FastAPI copies query defaults
) -> dict[str, object]:
    """Is the category covered for this member on that date: where, on what conditions, at what
    cost, with the plan clause behind every statement."""
    question = CoverageQuestion(member_id, category, on or ctx.today(), tuple(diagnoses))
    return coverage_document(answer_coverage(ctx, actor, question))


@router.get("/{member_id}/estimate")
def get_estimate(
    member_id: MemberId,
    actor: CurrentActor,
    ctx: Context,
    category: Category = "massage",
    start: Annotated[date | None, Query(alias="from")] = None,
    visits: Annotated[int, Query(ge=1, le=104)] = 12,
    every: Annotated[int, Query(ge=1, le=365, description="Days between visits")] = 7,
    tier: Tier = Tier.IN_NETWORK,
    charge: Annotated[Money | None, Query(description="Charge per visit")] = None,
    diagnoses: Diagnoses = [],  # noqa: B006 - FastAPI copies query defaults
) -> dict[str, object]:
    """What N visits would cost, visit by visit, exactly as the claims would be adjudicated."""
    question = EstimateQuestion(
        member_id,
        category,
        start or ctx.today(),
        visits,
        tier,
        every,
        tuple(diagnoses),
        parse_money(charge) if charge else None,
    )
    return estimate_document(estimate_cost(ctx, actor, question))
