"""The spatial index's queries: the providers located in a set of boxes that pass the filters
an index query can apply. SQLite walks its R*Tree of places and reaches each place's providers
by (latitude, longitude); PostgreSQL uses its GiST index on point(longitude, latitude).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    cast,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Join

from camnav.domain.directory import Located
from camnav.domain.places import Box, GeoPoint
from camnav.domain.providers import LicenseStatus
from camnav.services.directory_ports import PlaceFilters
from camnav.store.tables import metadata
from camnav.store.tables.directory import locations, places

providers = metadata.tables["providers"]
participations = metadata.tables["participations"]
licenses = metadata.tables["licenses"]


def located_within(
    connection: Connection, boxes: Sequence[Box], filters: PlaceFilters
) -> list[Located]:
    """The located providers in any of the boxes that pass the filters."""
    sqlite_index = connection.dialect.name == "sqlite"
    query = _in_rtree(boxes) if sqlite_index else _in_gist(boxes)
    query = query.where(*_conditions(filters, sqlite_index))
    return [
        Located(id_, GeoPoint(latitude, longitude))
        for id_, latitude, longitude in connection.execute(query)
    ]


def _located() -> Select[str, float, float]:
    return select(providers.c.id, providers.c.latitude, providers.c.longitude)


class _CrossJoin(Join):
    """SQLite's CROSS JOIN: the planner keeps the left table as the outer loop."""

    inherit_cache = True


@compiles(_CrossJoin, "sqlite")
def _cross_join(join: _CrossJoin, compiler: SQLCompiler, **options: Any) -> str:
    options["asfrom"] = True
    left = compiler.process(join.left, **options)
    right = compiler.process(join.right, **options)
    return f"{left} CROSS JOIN {right}"


def _in_rtree(boxes: Iterable[Box]) -> Select[str, float, float]:
    r = locations.c
    overlaps = [
        (r.min_lat <= b.max_latitude)
        & (r.max_lat >= b.min_latitude)
        & (r.min_lon <= b.max_longitude)
        & (r.max_lon >= b.min_longitude)
        for b in boxes
    ]
    at_place = (
        (places.c.id == r.id)
        & (providers.c.latitude == places.c.latitude)
        & (providers.c.longitude == places.c.longitude)
    )
    # The R*Tree must lead: left to itself, the planner may start from an index on a filtered
    # column (category) and probe the R*Tree once a provider, a hundred times slower.
    leading = _CrossJoin(_CrossJoin(locations, places, true()), providers, true())
    return _located().select_from(leading).where(at_place, or_(*overlaps))


def _in_gist(boxes: Iterable[Box]) -> Select[str, float, float]:
    # The expression must read as the index's, point(longitude, latitude), for the planner.
    location = func.point(providers.c.longitude, providers.c.latitude)
    inside = [
        location.op("<@")(
            func.box(
                func.point(b.min_longitude, b.min_latitude),
                func.point(b.max_longitude, b.max_latitude),
            )
        )
        for b in boxes
    ]
    return _located().where(or_(*inside))


def _conditions(filters: PlaceFilters, sqlite_index: bool) -> list[ColumnElement[bool]]:
    c = providers.c
    found: list[ColumnElement[bool]] = []
    if filters.category is not None:
        found.append(c.category == filters.category)
    if filters.accepting_new_patients is not None:
        found.append(c.accepting_new_patients == filters.accepting_new_patients)
    if filters.gender is not None:
        found.append(c.gender == filters.gender)
    if filters.language is not None:
        found.append(_speaks(filters.language, sqlite_index))
    if filters.employed is not None:
        employed = c.employed_at.is_not(None)
        found.append(employed if filters.employed else ~employed)
    if filters.in_network is not None and filters.on is not None:
        joined = _participates(filters.network, filters.on)
        found.append(joined if filters.in_network else ~joined)
    if filters.credentialed_on is not None:
        found.append(c.credentialed | _licensed(filters.credentialed_on))
    return found


def _licensed(day: date) -> ColumnElement[bool]:
    """Some license of the provider active on the day (issue and expiry dates inclusive)."""
    x = licenses.c
    valid = (
        (x.provider_id == providers.c.id)
        & (x.status == LicenseStatus.ACTIVE.value)
        & (x.issued.is_(None) | (x.issued <= day))
        & (x.expires.is_(None) | (x.expires >= day))
    )
    return select(literal(1)).where(valid).exists()


def _participates(network: str | None, day: date) -> ColumnElement[bool]:
    """A participation active on the day (dates inclusive), in the network when one is named."""
    p = participations.c
    active = (
        (p.provider_id == providers.c.id)
        & (p.starts_on.is_(None) | (p.starts_on <= day))
        & (p.ends_on.is_(None) | (p.ends_on >= day))
    )
    if network is not None:
        active &= p.network_id == network
    return select(literal(1)).where(active).exists()


def _speaks(language: str, sqlite_index: bool) -> ColumnElement[bool]:
    if sqlite_index:
        spoken = func.json_each(providers.c.languages).table_valued("value")
        return select(literal(1)).select_from(spoken).where(spoken.c.value == language).exists()
    wanted = func.jsonb_build_array(cast(language, String))
    return providers.c.languages.op("@>")(wanted)
