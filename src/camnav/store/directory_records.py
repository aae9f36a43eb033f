"""Provider records read with Core for the directory's nearest search, which reads a page of
them at a time: the same records as SqlProviderRepository.record() (a test holds them equal),
without the ORM's per-object cost.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, select

from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.services.ports import ProviderRecord
from camnav.store.bulk import any_of
from camnav.store.tables import metadata

providers = metadata.tables["providers"]
licenses = metadata.tables["licenses"]
participations = metadata.tables["participations"]


def provider_records(connection: Connection, ids: Collection[str]) -> dict[str, ProviderRecord]:
    """The records of those of the providers that exist, in three queries."""
    held: dict[str, list[License]] = {}
    of_ids = any_of(connection, licenses.c.provider_id, ids)
    query = select(licenses).where(of_ids).order_by(licenses.c.id)
    for row in connection.execute(query):
        held.setdefault(row.provider_id, []).append(_license(row))
    joined: dict[str, list[Participation]] = {}
    c = participations.c
    query = select(participations).where(any_of(connection, c.provider_id, ids)).order_by(c.id)
    for row in connection.execute(query):
        joined.setdefault(row.provider_id, []).append(
            Participation(row.network_id, row.starts_on, row.ends_on)
        )
    rows = connection.execute(select(providers).where(any_of(connection, providers.c.id, ids)))
    return {row.id: _record(row, held.get(row.id, []), joined.get(row.id, [])) for row in rows}


def _license(row: Any) -> License:
    return License(row.number, row.state, LicenseStatus(row.status), row.expires, row.issued)


def _license_of_record(state: str, held: Sequence[License]) -> License | None:
    """The license a decision checks: the latest recorded in the practice state, else the
    latest recorded anywhere (store/providers.py's rule)."""
    candidates = [license for license in held if license.state == state] or held
    return candidates[-1] if candidates else None


def _record(row: Any, held: Sequence[License], joined: Sequence[Participation]) -> ProviderRecord:
    provider = Provider(
        id=row.id,
        name=row.name,
        category=row.category,
        state=row.practice_state,
        npi=row.npi or "",
        license=_license_of_record(row.practice_state, held),
        participations=tuple(joined),
        credentialed=row.credentialed,
        discount_participant=row.discount_participant,
        employed_at=row.employed_at or "",
    )
    return ProviderRecord(
        provider=provider,
        taxonomy=row.taxonomy,
        zip_code=row.zip_code,
        latitude=row.latitude,
        longitude=row.longitude,
        organization_id=row.organization_id,
        accepting_new_patients=row.accepting_new_patients,
        languages=tuple(row.languages),
        gender=row.gender,
    )
