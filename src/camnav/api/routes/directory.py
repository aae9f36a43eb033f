"""The provider directory: the nearest providers with their credential and price, a provider's
credential on a date, and the licenses that expire soon."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from camnav.api.deps import Context, CurrentActor
from camnav.api.directory_documents import (
    credential_document,
    directory_document,
    expiring_document,
)
from camnav.api.schemas import DiagnosisCode, Identifier
from camnav.domain.plans import DeliveryMode, Tier
from camnav.services.credentialing import credential_of, expiring_licenses
from camnav.services.directory import MAX_RESULTS, DirectorySearch, search_directory

router = APIRouter(prefix="/api/v1/providers", tags=["providers"])

ZipCode = Annotated[str | None, Query(alias="zip", pattern=r"^\d{5}$", description="ZIP code")]
Latitude = Annotated[float | None, Query(alias="lat", ge=-90, le=90)]
Longitude = Annotated[float | None, Query(alias="lon", ge=-180, le=180)]
On = Annotated[date | None, Query(description="The date (default: today)")]
Modes = Annotated[list[DeliveryMode], Query(alias="mode", max_length=3)]
Words = Annotated[str | None, Query(pattern=r"^[A-Za-z][A-Za-z '-]{0,39}$")]


@router.get("/search")
def search(
    actor: CurrentActor,
    ctx: Context,
    zip_code: ZipCode = None,
    latitude: Latitude = None,
    longitude: Longitude = None,
    k: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = 20,
    on: On = None,
    category: Annotated[Identifier | None, Query()] = None,
    modes: Modes = [],  # noqa: B006 - FastAPI copies query defaults
    tier: Tier | None = None,
    accepting_new_patients: bool | None = None,
    language: Words = None,
    gender: Annotated[str | None, Query(pattern=r"^(female|male)$")] = None,
    member_id: Annotated[Identifier | None, Query()] = None,
    network: Annotated[Identifier | None, Query()] = None,
    diagnoses: Annotated[list[DiagnosisCode], Query(alias="diagnosis", max_length=12)] = [],  # noqa: B006
    all_credentials: bool = False,
) -> dict[str, object]:
    """The k providers nearest a ZIP code or a point, nearest first, filtered; each with its
    distance, its credential on the date and, for a member, the price of a typical visit."""
    question = DirectorySearch(
        zip_code=zip_code,
        latitude=latitude,
        longitude=longitude,
        k=k,
        on=on,
        category=category,
        modes=frozenset(modes),
        tier=tier,
        accepting_new_patients=accepting_new_patients,
        language=language,
        gender=gender,
        member_id=member_id,
        network=network,
        diagnoses=tuple(diagnoses),
        all_credentials=all_credentials,
    )
    return directory_document(search_directory(ctx, actor, question))


@router.get("/licenses/expiring")
def expiring(
    actor: CurrentActor,
    ctx: Context,
    days: Annotated[int, Query(ge=0, le=3660, description="Days from today")] = 60,
) -> dict[str, object]:
    """Active licenses whose expiry falls in the next `days` days, soonest first (staff)."""
    return expiring_document(expiring_licenses(ctx, actor, days))


@router.get("/{provider_id}/credential")
def credential(
    provider_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context, on: On = None
) -> dict[str, object]:
    """The provider's credential on the date, as a claim for that date would be checked."""
    return credential_document(credential_of(ctx, actor, provider_id, on or ctx.today()))
