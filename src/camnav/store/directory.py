"""The directory repository: imports written with Core statements in batches (executemany), and
the spatial index read for a nearest search (an R*Tree on SQLite, a GiST index on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from camnav.domain.directory import Located
from camnav.domain.places import Box
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
from camnav.store.bulk import BulkStatement, any_of
from camnav.store.directory_records import provider_records
from camnav.store.spatial import located_within
from camnav.store.tables import metadata

providers = metadata.tables["providers"]
listings = metadata.tables["directory_listings"]
reported = metadata.tables["reported_licenses"]
licenses = metadata.tables["licenses"]
participations = metadata.tables["participations"]

BULK_CACHE_KIB = 64 * 1024
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
        self._bulk_cache()
        known = self._known_digests([p.listing.npi for p in placed])
        # In key order, inserts touch each index page once a batch rather than at random.
        created = sorted(
            ((f"NPI-{p.listing.npi}", p) for p in placed if p.listing.npi not in known),
            key=lambda pair: pair[0],
        )
        changed = [
            (known[p.listing.npi][0], p)
            for p in placed
            if p.listing.npi in known and known[p.listing.npi][1] != p.listing.digest
        ]
        rows = [_new_provider(id_, p) for id_, p in created]
        self._bulk(insert(providers), providers, rows)
        self._bulk(_update_registry_columns(), providers, [_changes(i, p) for i, p in changed])
        self._save_listings([*created, *changed], [id_ for id_, _ in changed])
        return WriteCounts(len(created), len(changed), len(placed) - len(created) - len(changed))

    def _bulk_cache(self) -> None:
        if self._connection.dialect.name == "sqlite":
            # Imports insert into big indexes at random keys: SQLite's default 2 MB page cache
            # would spill on every batch. The connection keeps the setting (memory is taken
            # only as pages are cached).
            self._connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")

    def _bulk(self, statement: Any, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            columns = list(rows[0]) if isinstance(statement, Insert) else ()
            BulkStatement(self._connection, statement, table, columns).run(self._connection, rows)

    def _known_digests(self, npis: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        query = (
            select(providers.c.npi, providers.c.id, listings.c.source_sha256)
            .outerjoin(listings, listings.c.provider_id == providers.c.id)
            .where(any_of(self._connection, providers.c.npi, npis))
        )
        return {npi: (id_, digest) for npi, id_, digest in self._connection.execute(query)}

    def _save_listings(
        self, saved: Sequence[tuple[str, PlacedProvider]], changed_ids: Sequence[str]
    ) -> None:
        if not saved:
            return
        rows = [_listing(id_, p) for id_, p in saved]
        self._bulk(_upsert(self._connection, listings, rows[0], ("provider_id",)), listings, rows)
        if changed_ids:  # a new provider has reported nothing yet: no delete to run
            gone = any_of(self._connection, reported.c.provider_id, changed_ids)
            self._connection.execute(delete(reported).where(gone))
        claims = [
            {"provider_id": id_, "state": x.state, "number": x.number, "taxonomy": x.taxonomy}
            for id_, p in saved
            for x in p.listing.licenses
        ]
        self._bulk(insert(reported), reported, claims)

    def holders(self, keys: Collection[LicenseKey]) -> dict[LicenseKey, tuple[LicenseHolder, ...]]:
        """Who reported each (state, number) to the registry or holds it on record."""
        wanted = set(keys)
        numbers = sorted({number for _, number in wanted})
        found: dict[LicenseKey, dict[str, LicenseHolder]] = {}
        for table in (reported, licenses):
            # By number alone (a plain IN list binds fast); the state is checked here.
            query = (
                select(table.c.state, table.c.number, providers.c.id, providers.c.name)
                .add_columns(func.coalesce(listings.c.last_name, ""))
                .join(providers, providers.c.id == table.c.provider_id)
                .outerjoin(listings, listings.c.provider_id == providers.c.id)
                .where(any_of(self._connection, table.c.number, numbers))
            )
            for state, number, id_, name, last_name in self._connection.execute(query).all():
                if (state, number) in wanted:
                    holder = LicenseHolder(id_, name, last_name)
                    found.setdefault((state, number), {})[id_] = holder
        return {key: tuple(sorted(by_id.values(), key=_by_id)) for key, by_id in found.items()}

    def save_licenses(self, held: Sequence[tuple[str, License]]) -> WriteCounts:
        """Upsert each (provider id, license) by provider, state and number."""
        self._bulk_cache()
        keys = {(id_, x.state, x.number) for id_, x in held}
        stored = self._stored_licenses(keys)
        new = [_license_row(id_, x) for id_, x in held if (id_, x.state, x.number) not in stored]
        changed = [
            {**_license_row(id_, x), "_id": row_id}
            for id_, x in held
            for row_id, before in stored.get((id_, x.state, x.number), ())
            if before != x
        ]
        self._bulk(insert(licenses), licenses, new)
        self._bulk(_update_license(), licenses, changed)
        changed_keys = {(row["provider_id"], row["state"], row["number"]) for row in changed}
        return WriteCounts(len(new), len(changed_keys), len(held) - len(new) - len(changed_keys))

    def _stored_licenses(
        self, keys: Collection[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], list[tuple[int, License]]]:
        c = licenses.c
        query = select(c.id, c.provider_id, c.number, c.state, c.status, c.issued, c.expires)
        ids = sorted({id_ for id_, _, _ in keys})
        query = query.where(any_of(self._connection, c.provider_id, ids))
        stored: dict[tuple[str, str, str], list[tuple[int, License]]] = {}
        for row_id, id_, number, state, status, issued, expires in self._connection.execute(
            query
        ).all():
            if (id_, state, number) in keys:
                license = License(number, state, LicenseStatus(status), expires, issued)
                stored.setdefault((id_, state, number), []).append((row_id, license))
        return stored

    # --- the nearest search ------------------------------------------------------------------

    def within(self, boxes: Sequence[Box], filters: PlaceFilters) -> list[Located]:
        """The located providers in any of the boxes that pass the filters."""
        return located_within(self._connection, boxes, filters)

    def records(self, provider_ids: Collection[str]) -> dict[str, ProviderRecord]:
        return provider_records(self._connection, provider_ids)

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
    connection: Connection, table: Table, row: Mapping[str, Any], keys: tuple[str, ...]
) -> Insert:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, in the connection's dialect."""
    columns = [name for name in row if name not in keys]
    if connection.dialect.name == "sqlite":
        lite = sqlite.insert(table)
        excluded = {name: lite.excluded[name] for name in columns}
        return lite.on_conflict_do_update(index_elements=list(keys), set_=excluded)
    server = postgresql.insert(table)
    excluded = {name: server.excluded[name] for name in columns}
    return server.on_conflict_do_update(index_elements=list(keys), set_=excluded)


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


def _on_record(row: Any) -> LicenseOnRecord:
    provider_id, name, npi, category, number, state, status, issued, expires = row
    license = License(number, state, LicenseStatus(status), expires, issued)
    return LicenseOnRecord(provider_id, name, npi or "", category, license)
