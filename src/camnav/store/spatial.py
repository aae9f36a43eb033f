"""The spatial index's queries: the providers located in a set of boxes that pass the filters
an index query can apply. SQLite walks its R*Tree of places and reaches each place's providers
by (latitude, longitude); PostgreSQL uses its GiST index on point(longitude, latitude).

A query's SQL depends only on its shape (the dialect, how many boxes, which filters), so each
shape is compiled once and run through the driver with its values: building and compiling the
statement on every search cost more than the index's work for a typical one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    ColumnElement,
    Connection,
    Date,
    Float,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal_column,
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

# (dialect, box count, filters' shape) -> the SQL and its parameters' names in the driver's order
_COMPILED: dict[tuple[object, ...], tuple[str, tuple[str, ...]]] = {}
_BOX_CORNERS = ("min_lat", "max_lat", "min_lon", "max_lon")


def located_within(
    connection: Connection, boxes: Sequence[Box], filters: PlaceFilters
) -> list[Located]:
    """The located providers in any of the boxes that pass the filters."""
    dialect = connection.dialect
    shape = (dialect.name, len(boxes), *_shape(filters))
    if shape not in _COMPILED:
        _COMPILED[shape] = _compile(connection, len(boxes), filters)
    sql, names = _COMPILED[shape]
    values = _values(boxes, filters, as_text=dialect.name == "sqlite")
    parameters: Any = (
        tuple(values[n] for n in names) if dialect.positional else {n: values[n] for n in names}
    )
    return [
        Located(id_, GeoPoint(latitude, longitude))
        for id_, latitude, longitude in connection.exec_driver_sql(sql, parameters)
    ]


def _shape(filters: PlaceFilters) -> tuple[object, ...]:
    """What the SQL depends on: which filters are set (not their values)."""
    return (
        filters.category is not None,
        filters.accepting_new_patients is not None,
        filters.gender is not None,
        filters.language is not None,
        filters.employed,
        filters.in_network if filters.on is not None else None,
        filters.network is not None,
        filters.credentialed_on is not None,
    )


def _compile(
    connection: Connection, box_count: int, filters: PlaceFilters
) -> tuple[str, tuple[str, ...]]:
    sqlite_index = connection.dialect.name == "sqlite"
    boxes = [_box_parameters(n) for n in range(box_count)]
    query = _in_rtree(boxes) if sqlite_index else _in_gist(boxes)
    compiled = query.where(*_conditions(filters, sqlite_index)).compile(dialect=connection.dialect)
    names = compiled.positiontup if connection.dialect.positional else compiled.binds
    return str(compiled), tuple(names or ())


def _values(boxes: Sequence[Box], filters: PlaceFilters, as_text: bool) -> dict[str, Any]:
    """The parameters by name; SQLite stores dates as ISO text and is given them so."""

    def day(value: date | None) -> object:
        return value.isoformat() if as_text and value is not None else value

    values: dict[str, Any] = {
        "category": filters.category,
        "accepting": filters.accepting_new_patients,
        "gender": filters.gender,
        "language": filters.language,
        "on": day(filters.on),
        "network": filters.network,
        "credentialed_on": day(filters.credentialed_on),
        "active": LicenseStatus.ACTIVE.value,
    }
    for n, box in enumerate(boxes):
        corners = (box.min_latitude, box.max_latitude, box.min_longitude, box.max_longitude)
        values.update({f"{corner}_{n}": v for corner, v in zip(_BOX_CORNERS, corners, strict=True)})
    return values


def _box_parameters(n: int) -> Box:
    """A box whose corners are named parameters (typed loosely: only compiled, never read)."""
    corners: list[Any] = [bindparam(f"{corner}_{n}", type_=Float()) for corner in _BOX_CORNERS]
    return Box(*corners)


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
        found.append(c.category == _named("category", String()))
    if filters.accepting_new_patients is not None:
        found.append(c.accepting_new_patients == _named("accepting", Boolean()))
    if filters.gender is not None:
        found.append(c.gender == _named("gender", String()))
    if filters.language is not None:
        found.append(_speaks(sqlite_index))
    if filters.employed is not None:
        employed = c.employed_at.is_not(None)
        found.append(employed if filters.employed else ~employed)
    if filters.in_network is not None and filters.on is not None:
        joined = _participates(filters.network is not None)
        found.append(joined if filters.in_network else ~joined)
    if filters.credentialed_on is not None:
        found.append(c.credentialed | _licensed())
    return found


def _named(name: str, type_: Any) -> BindParameter[Any]:
    return bindparam(name, type_=type_)


def _licensed() -> ColumnElement[bool]:
    """Some license of the provider active on the day (issue and expiry dates inclusive)."""
    x = licenses.c
    day = _named("credentialed_on", Date())
    valid = (
        (x.provider_id == providers.c.id)
        & (x.status == _named("active", String()))
        & (x.issued.is_(None) | (x.issued <= day))
        & (x.expires.is_(None) | (x.expires >= day))
    )
    return select(literal_column("1")).where(valid).exists()


def _participates(in_a_named_network: bool) -> ColumnElement[bool]:
    """A participation active on the day (dates inclusive), in the network when one is named."""
    p = participations.c
    day = _named("on", Date())
    active = (
        (p.provider_id == providers.c.id)
        & (p.starts_on.is_(None) | (p.starts_on <= day))
        & (p.ends_on.is_(None) | (p.ends_on >= day))
    )
    if in_a_named_network:
        active &= p.network_id == _named("network", String())
    return select(literal_column("1")).where(active).exists()


def _speaks(sqlite_index: bool) -> ColumnElement[bool]:
    language = _named("language", String())
    if sqlite_index:
        spoken = func.json_each(providers.c.languages).table_valued("value")
        spoken_here = spoken.c.value == language
        return select(literal_column("1")).select_from(spoken).where(spoken_here).exists()
    wanted = func.jsonb_build_array(cast(language, String))
    return providers.c.languages.op("@>")(wanted)
