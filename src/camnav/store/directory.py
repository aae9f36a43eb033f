"""The directory repository: imports written with Core statements in batches (executemany), and
the spatial index read for a nearest search (an R*Tree on SQLite, a GiST index on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from camnav.domain.directory import Located
from camnav.domain.places import Box, GeoPoint
from camnav.domain.providers import License, LicenseStatus
from camnav.services.directory_ports import (
    LicenseHolder,
    LicenseKey,
    LicenseOnRecord,
    PlacedProvider,
    PlaceFilters,
    WriteCounts,
)
from camnav.services.ports import ProviderRecord
from camnav.store.providers import SqlProviderRepository
from camnav.store.tables import metadata
from camnav.store.tables.directory import locations

providers = metadata.tables["providers"]
listings = metadata.tables["directory_listings"]
reported = metadata.tables["reported_licenses"]
licenses = metadata.tables["licenses"]

# The columns an NPPES import owns; the rest (network, credentialing, languages, accepting new
# patients) belong to other sources and an import leaves them alone.
_REGISTRY_COLUMNS = (
    "name",
    "category",
    "taxonomy",
    "practice_state",
    "zip_code",
    "latitude",
    "longitude",
    "gender",
)


class SqlDirectoryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def _connection(self) -> Connection:
        return self._session.connection()

    # --- imports -----------------------------------------------------------------------------

    def save_providers(self, placed: Sequence[PlacedProvider]) -> WriteCounts:
        """Insert new NPIs, update those whose registry record changed, leave the rest."""
        known = self._known_digests([p.listing.npi for p in placed])
        new = [p for p in placed if p.listing.npi not in known]
        changed = [
            (known[p.listing.npi][0], p)
            for p in placed
            if p.listing.npi in known and known[p.listing.npi][1] != p.listing.digest
        ]
        created = [(f"NPI-{p.listing.npi}", p) for p in new]
        if created:
            self._connection.execute(insert(providers), [_new_provider(i, p) for i, p in created])
        if changed:
            self._connection.execute(
                _update_registry_columns(), [_changes(i, p) for i, p in changed]
            )
        self._save_listings([*created, *changed])
        return WriteCounts(len(created), len(changed), len(placed) - len(created) - len(changed))

    def _known_digests(self, npis: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        query = (
            select(providers.c.npi, providers.c.id, listings.c.source_sha256)
            .outerjoin(listings, listings.c.provider_id == providers.c.id)
            .where(providers.c.npi.in_(npis))
        )
        return {npi: (id_, digest) for npi, id_, digest in self._connection.execute(query)}

    def _save_listings(self, saved: Sequence[tuple[str, PlacedProvider]]) -> None:
        if not saved:
            return
        ids = [id_ for id_, _ in saved]
        rows = [_listing(id_, p) for id_, p in saved]
        self._connection.execute(_upsert(self._connection, listings, rows, ("provider_id",)), rows)
        self._connection.execute(delete(reported).where(reported.c.provider_id.in_(ids)))
        claims = [
            {"provider_id": id_, "state": x.state, "number": x.number, "taxonomy": x.taxonomy}
            for id_, p in saved
            for x in p.listing.licenses
        ]
        if claims:
            self._connection.execute(insert(reported), claims)

    def holders(self, keys: Collection[LicenseKey]) -> dict[LicenseKey, tuple[LicenseHolder, ...]]:
        """Who reported each (state, number) to the registry or holds it on record."""
        found: dict[LicenseKey, dict[str, LicenseHolder]] = {}
        for table in (reported, licenses):
            key = tuple_(table.c.state, table.c.number)
            query = (
                select(table.c.state, table.c.number, providers.c.id, providers.c.name)
                .add_columns(func.coalesce(listings.c.last_name, ""))
                .join(providers, providers.c.id == table.c.provider_id)
                .outerjoin(listings, listings.c.provider_id == providers.c.id)
                .where(key.in_(list(keys)))
            )
            for state, number, id_, name, last_name in self._connection.execute(query):
                found.setdefault((state, number), {})[id_] = LicenseHolder(id_, name, last_name)
        return {key: tuple(sorted(by_id.values(), key=_by_id)) for key, by_id in found.items()}

    def save_licenses(self, held: Sequence[tuple[str, License]]) -> WriteCounts:
        """Upsert each (provider id, license) by provider, state and number."""
        keys = {(id_, x.state, x.number) for id_, x in held}
        stored = self._stored_licenses(keys)
        new = [_license_row(id_, x) for id_, x in held if (id_, x.state, x.number) not in stored]
        changed = [
            {**_license_row(id_, x), "_id": row_id}
            for id_, x in held
            for row_id, before in stored.get((id_, x.state, x.number), ())
            if before != x
        ]
        if new:
            self._connection.execute(insert(licenses), new)
        if changed:
            self._connection.execute(_update_license(), changed)
        changed_keys = {(row["provider_id"], row["state"], row["number"]) for row in changed}
        return WriteCounts(len(new), len(changed_keys), len(held) - len(new) - len(changed_keys))

    def _stored_licenses(
        self, keys: Collection[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], list[tuple[int, License]]]:
        c = licenses.c
        query = select(c.id, c.provider_id, c.number, c.state, c.status, c.issued, c.expires)
        query = query.where(tuple_(c.provider_id, c.state, c.number).in_(list(keys)))
        stored: dict[tuple[str, str, str], list[tuple[int, License]]] = {}
        for row_id, id_, number, state, status, issued, expires in self._connection.execute(query):
            license = License(number, state, LicenseStatus(status), expires, issued)
            stored.setdefault((id_, state, number), []).append((row_id, license))
        return stored

    # --- the nearest search ------------------------------------------------------------------

    def within(self, boxes: Sequence[Box], filters: PlaceFilters) -> list[Located]:
        """The located providers in any of the boxes that pass the filters."""
        sqlite_index = self._connection.dialect.name == "sqlite"
        query = _in_rtree(boxes) if sqlite_index else _in_gist(boxes)
        query = query.where(*_conditions(filters, sqlite_index))
        return [
            Located(id_, GeoPoint(latitude, longitude))
            for id_, latitude, longitude in self._connection.execute(query)
        ]

    def records(self, provider_ids: Collection[str]) -> dict[str, ProviderRecord]:
        return SqlProviderRepository(self._session).records(provider_ids)

    def located_count(self) -> int:
        query = select(func.count()).where(providers.c.latitude.is_not(None))
        return self._connection.execute(query).scalar_one()

    # --- credentialing -----------------------------------------------------------------------

    def expiring(self, start: date, end: date) -> tuple[LicenseOnRecord, ...]:
        """Active licenses expiring from start to end (both included), soonest first."""
        c = licenses.c
        query = (
            select(c.provider_id, providers.c.name, providers.c.npi, providers.c.category)
            .add_columns(c.number, c.state, c.status, c.issued, c.expires)
            .join(providers, providers.c.id == c.provider_id)
            .where(c.status == LicenseStatus.ACTIVE.value, c.expires.between(start, end))
            .order_by(c.expires, c.provider_id, c.state, c.number)
        )
        return tuple(_on_record(row) for row in self._connection.execute(query))


def _by_id(holder: LicenseHolder) -> str:
    return holder.provider_id


def _new_provider(provider_id: str, placed: PlacedProvider) -> dict[str, Any]:
    return {
        "id": provider_id,
        "npi": placed.listing.npi,
        **_registry_values(placed),
        "organization_id": None,
        "employed_at": None,
        "accepting_new_patients": True,
        "languages": [],
        "credentialed": False,
        "discount_participant": False,
    }


def _registry_values(placed: PlacedProvider) -> dict[str, Any]:
    listing = placed.listing
    return {
        "name": listing.name[:200],
        "category": listing.category,
        "taxonomy": listing.taxonomy,
        "practice_state": listing.state,
        "zip_code": listing.zip_code,
        "latitude": placed.point.latitude,
        "longitude": placed.point.longitude,
        "gender": listing.gender,
    }


def _changes(provider_id: str, placed: PlacedProvider) -> dict[str, Any]:
    return {"_id": provider_id, **_registry_values(placed)}


def _update_registry_columns() -> Any:
    values: dict[str, Any] = {name: bindparam(name) for name in _REGISTRY_COLUMNS}
    return update(providers).where(providers.c.id == bindparam("_id")).values(values)


def _listing(provider_id: str, placed: PlacedProvider) -> dict[str, Any]:
    listing = placed.listing
    return {
        "provider_id": provider_id,
        "source_sha256": listing.digest,
        "last_name": listing.last_name[:100],
        "address": listing.address[:300],
        "city": listing.city[:100],
    }


def _upsert(
    connection: Connection, table: Any, rows: Sequence[Mapping[str, Any]], keys: tuple[str, ...]
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, in the connection's dialect."""
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table)
    columns = [name for name in rows[0] if name not in keys]
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in columns}
    )


def _license_row(provider_id: str, license: License) -> dict[str, Any]:
    return {
        "provider_id": provider_id,
        "number": license.number,
        "state": license.state,
        "status": license.status.value,
        "issued": license.issued,
        "expires": license.expires,
    }


def _update_license() -> Any:
    values: dict[str, Any] = {name: bindparam(name) for name in ("status", "issued", "expires")}
    return update(licenses).where(licenses.c.id == bindparam("_id")).values(values)


def _located() -> Select[str, float, float]:
    return select(providers.c.id, providers.c.latitude, providers.c.longitude)


def _in_rtree(boxes: Iterable[Box]) -> Select[str, float, float]:
    r = locations.c
    overlaps = [
        (r.min_lat <= b.max_latitude)
        & (r.max_lat >= b.min_latitude)
        & (r.min_lon <= b.max_longitude)
        & (r.max_lon >= b.min_longitude)
        for b in boxes
    ]
    return (
        _located()
        .select_from(locations)
        .join(listings, listings.c.id == r.id)
        .join(providers, providers.c.id == listings.c.provider_id)
        .where(or_(*overlaps))
    )


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
    return found


def _speaks(language: str, sqlite_index: bool) -> ColumnElement[bool]:
    if sqlite_index:
        spoken = func.json_each(providers.c.languages).table_valued("value")
        return select(literal(1)).select_from(spoken).where(spoken.c.value == language).exists()
    wanted = func.jsonb_build_array(cast(language, String))
    return providers.c.languages.op("@>")(wanted)


def _on_record(row: Any) -> LicenseOnRecord:
    provider_id, name, npi, category, number, state, status, issued, expires = row
    license = License(number, state, LicenseStatus(status), expires, issued)
    return LicenseOnRecord(provider_id, name, npi or "", category, license)
