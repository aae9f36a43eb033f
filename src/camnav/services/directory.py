"""Use case: the providers nearest to a ZIP code or a point, filtered, each with its distance, its
credential on the date and, for a member, the price of a visit as the engine would decide it.

Only providers in good standing on the date are listed unless the search asks for all; an
in-network listing always needs good standing, so a lapsed license takes a provider out of
in-network results on the day it lapses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from camnav.domain.credentials import Credential, credential_on
from camnav.domain.directory import Near, Quotes, VisitQuote, delivery_on, nearest, tier_of
from camnav.domain.places import GeoPoint
from camnav.domain.plans import DeliveryMode, Plan, Tier
from camnav.library.zip_codes import zip_centroid
from camnav.services.access import audited_refusals, member_to_read, require_to_read
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record_read
from camnav.services.context import ServiceContext
from camnav.services.coverage import check_category, plan_and_state
from camnav.services.directory_ports import PlaceFilters
from camnav.services.errors import InvalidRequest
from camnav.services.ports import ProviderRecord, Role, UnitOfWork

MAX_RESULTS = 200


@dataclass(frozen=True, slots=True)
class DirectorySearch:
    """Where (a ZIP code, or a latitude and longitude), how many, on what date, and the filters.

    `tier` and `modes` are judged against the member's plan's network, else `network`, else any
    network; `member_id` prices each result for that member (a member searches as themself).
    """

    zip_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    k: int = 20
    on: date | None = None
    category: str | None = None
    modes: frozenset[DeliveryMode] = frozenset()
    tier: Tier | None = None
    accepting_new_patients: bool | None = None
    language: str | None = None
    gender: str | None = None
    member_id: str | None = None
    network: str | None = None
    diagnoses: tuple[str, ...] = ()
    all_credentials: bool = False


@dataclass(frozen=True, slots=True)
class Listed:
    record: ProviderRecord
    mode: DeliveryMode
    credential: Credential

    @property
    def tier(self) -> Tier:
        return tier_of(self.mode)


@dataclass(frozen=True, slots=True)
class DirectoryResult:
    rank: int
    distance_km: float
    listed: Listed
    quote: VisitQuote | None


@dataclass(frozen=True, slots=True)
class DirectoryAnswer:
    origin: GeoPoint
    on: date
    network: str | None
    member_id: str | None
    plan: Plan | None
    results: tuple[DirectoryResult, ...]


def search_directory(ctx: ServiceContext, actor: Actor, search: DirectorySearch) -> DirectoryAnswer:
    """The k listed providers nearest to the origin, nearest first (ties by provider id)."""
    origin, day = _origin(search), search.on or ctx.today()
    _check(ctx, search)
    member_id = search.member_id or (actor.member_id if actor.role is Role.MEMBER else None)
    with audited_refusals(ctx, actor), ctx.units(write=False) as uow:
        require_to_read(actor, Permission.READ_PROVIDER, "search providers")
        plan, quotes = (
            _pricing(uow, ctx, actor, member_id, day, search) if member_id else (None, None)
        )
        network = plan.network if plan else search.network
        found = _nearest(uow, ctx, search, origin, day, network)
        results = _results(found, quotes)
    if member_id is not None:  # a member's plan and accumulators were read
        record_read(ctx, actor, "providers.search", ("member", member_id), member_id)
    return DirectoryAnswer(origin, day, network, member_id, plan, results)


def _origin(search: DirectorySearch) -> GeoPoint:
    if search.zip_code is not None:
        centroid = zip_centroid(search.zip_code)
        if centroid is None:
            raise InvalidRequest(f"{search.zip_code!r} is not a known US ZIP code", field="zip")
        return centroid.point
    if search.latitude is None or search.longitude is None:
        raise InvalidRequest("give a ZIP code, or a latitude and a longitude", field="zip")
    try:
        return GeoPoint(search.latitude, search.longitude)
    except ValueError as error:
        raise InvalidRequest(str(error), field="lat") from error


def _check(ctx: ServiceContext, search: DirectorySearch) -> None:
    if not 1 <= search.k <= MAX_RESULTS:
        raise InvalidRequest(f"k must be from 1 to {MAX_RESULTS}", field="k")
    if search.category is not None:
        check_category(ctx, search.category)


def _pricing(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    member_id: str,
    day: date,
    search: DirectorySearch,
) -> tuple[Plan, Quotes]:
    member = member_to_read(uow, actor, member_id, "price providers for")
    plan, state = plan_and_state(uow, ctx, member.member_id, day)
    return plan, Quotes(plan, state, ctx.library.rules, day, search.diagnoses)


def _nearest(
    uow: UnitOfWork,
    ctx: ServiceContext,
    search: DirectorySearch,
    origin: GeoPoint,
    day: date,
    network: str | None,
) -> list[Near[Listed]]:
    if not allowed_modes(search):
        return []
    filters = place_filters(search, day, network)

    def admit(ids: Sequence[str]) -> Mapping[str, Listed]:
        listed = (_listing(r, ctx, day, network) for r in uow.directory.records(ids).values())
        return {x.record.provider.id: x for x in listed if listed_for(x, search, filters)}

    return nearest(origin, search.k, lambda boxes: uow.directory.within(boxes, filters), admit)


_IN_NETWORK = frozenset({DeliveryMode.EMPLOYED, DeliveryMode.NETWORK})


def allowed_modes(search: DirectorySearch) -> frozenset[DeliveryMode]:
    """The delivery modes the search's mode and tier filters both allow."""
    allowed = frozenset(search.modes or DeliveryMode)
    if search.tier is Tier.IN_NETWORK:
        return allowed & _IN_NETWORK
    if search.tier is Tier.OUT_OF_NETWORK:
        return allowed & {DeliveryMode.REIMBURSEMENT}
    return allowed


def place_filters(search: DirectorySearch, day: date, network: str | None) -> PlaceFilters:
    """The search's filters an index query can apply: the delivery modes allowed become
    participation and employment conditions."""
    allowed = allowed_modes(search)
    in_network = True if allowed <= _IN_NETWORK else None
    if allowed == {DeliveryMode.REIMBURSEMENT}:
        in_network = False
    return PlaceFilters(
        category=search.category,
        accepting_new_patients=search.accepting_new_patients,
        gender=search.gender,
        language=_language(search),
        on=day,
        network=network,
        in_network=in_network,
        employed=_EMPLOYED.get(allowed),
        credentialed_on=None if search.all_credentials and not in_network else day,
    )


_EMPLOYED = {frozenset({DeliveryMode.EMPLOYED}): True, frozenset({DeliveryMode.NETWORK}): False}


def _language(search: DirectorySearch) -> str | None:
    # Language names are kept capitalized ("Spanish", "Haitian Creole").
    return " ".join(w.capitalize() for w in search.language.split()) if search.language else None


def _listing(record: ProviderRecord, ctx: ServiceContext, day: date, network: str | None) -> Listed:
    provider = record.provider
    credential = credential_on(provider, ctx.library.rules.licensing, day)
    return Listed(record, delivery_on(provider, network, day), credential)


def listed_for(listed: Listed, search: DirectorySearch, filters: PlaceFilters) -> bool:
    """Whether a provider passes every filter of the search on its date: good standing unless
    all credentials are asked for, and always for an in-network listing."""
    good = listed.credential.in_good_standing
    out_of_network = listed.tier is Tier.OUT_OF_NETWORK
    return (
        (good or search.all_credentials)
        and (search.tier is None or search.tier is listed.tier)
        and (good or out_of_network or search.tier is None)
        and (not search.modes or (listed.mode in search.modes and (good or out_of_network)))
        and _matches(listed.record, filters)
    )


def _matches(record: ProviderRecord, filters: PlaceFilters) -> bool:
    return (
        (filters.category is None or record.provider.category == filters.category)
        and (
            filters.accepting_new_patients is None
            or record.accepting_new_patients == filters.accepting_new_patients
        )
        and (filters.gender is None or record.gender == filters.gender)
        and (filters.language is None or filters.language in record.languages)
    )


def _results(found: list[Near[Listed]], quotes: Quotes | None) -> tuple[DirectoryResult, ...]:
    return tuple(
        DirectoryResult(
            rank,
            near.distance_km,
            near.item,
            quotes.quote(near.item.record.provider) if quotes else None,
        )
        for rank, near in enumerate(found, start=1)
    )
