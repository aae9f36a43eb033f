"""Providers: the domain view decisions read, and the directory record around it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Row, Select, Table, bindparam, select
from sqlalchemy.orm import Session

from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.services.ports import ProviderRecord
from camnav.store.database import unit_connection
from camnav.store.tables.providers import LicenseRow, ParticipationRow, ProviderRow

_PROVIDERS = cast(Table, ProviderRow.__table__)
_LICENSES = cast(Table, LicenseRow.__table__)
_PARTICIPATIONS = cast(Table, ParticipationRow.__table__)
_PROVIDER = select(_PROVIDERS).where(_PROVIDERS.c.id == bindparam("provider_id"))
_LICENSES_OF = (
    select(_LICENSES)
    .where(_LICENSES.c.provider_id == bindparam("provider_id"))
    .order_by(_LICENSES.c.id)
)
_PARTICIPATIONS_OF = (
    select(_PARTICIPATIONS)
    .where(_PARTICIPATIONS.c.provider_id == bindparam("provider_id"))
    .order_by(_PARTICIPATIONS.c.id)
)


class SqlProviderRepository:
    """Providers are read with statements built once, not as ORM objects: every claim reads
    its provider inside the database's write lock (see store/claims.py)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, record: ProviderRecord) -> None:
        """Store a provider with its license (if any) and its participations."""
        self._session.add(_provider_row(record))
        self._session.flush()

    def add_license(self, provider_id: str, license: License) -> None:
        self._session.add(_license_row(provider_id, license))
        self._session.flush()

    def get(self, provider_id: str) -> Provider | None:
        found = self._load(provider_id)
        return _provider(*found) if found else None

    def record(self, provider_id: str) -> ProviderRecord | None:
        found = self._load(provider_id)
        return _record(*found) if found else None

    def licenses(self, provider_id: str) -> tuple[License, ...]:
        return tuple(_license(row) for row in self._rows(_LICENSES_OF, provider_id))

    def _load(
        self, provider_id: str
    ) -> tuple[Row[Any], Sequence[Row[Any]], Sequence[Row[Any]]] | None:
        row = self._rows(_PROVIDER, provider_id)
        if not row:
            return None
        licenses = self._rows(_LICENSES_OF, provider_id)
        return row[0], licenses, self._rows(_PARTICIPATIONS_OF, provider_id)

    def _rows(self, query: Select[Any], provider_id: str) -> Sequence[Row[Any]]:
        return unit_connection(self._session).execute(query, {"provider_id": provider_id}).all()


def _provider_row(record: ProviderRecord) -> ProviderRow:
    provider = record.provider
    licenses = [_license_row(provider.id, provider.license)] if provider.license else []
    return ProviderRow(
        id=provider.id,
        npi=provider.npi or None,
        name=provider.name,
        category=provider.category,
        taxonomy=record.taxonomy,
        practice_state=provider.state,
        zip_code=record.zip_code,
        latitude=record.latitude,
        longitude=record.longitude,
        organization_id=record.organization_id,
        employed_at=provider.employed_at or None,
        accepting_new_patients=record.accepting_new_patients,
        languages=list(record.languages),
        gender=record.gender,
        credentialed=provider.credentialed,
        discount_participant=provider.discount_participant,
        licenses=licenses,
        participations=[_participation_row(provider.id, p) for p in provider.participations],
    )


def _license_row(provider_id: str, license: License) -> LicenseRow:
    return LicenseRow(
        provider_id=provider_id,
        number=license.number,
        state=license.state,
        status=license.status.value,
        issued=license.issued,
        expires=license.expires,
    )


def _participation_row(provider_id: str, participation: Participation) -> ParticipationRow:
    return ParticipationRow(
        provider_id=provider_id,
        network_id=participation.network,
        start=participation.start,
        end=participation.end,
    )


def _provider(
    row: Row[Any], licenses: Sequence[Row[Any]], participations: Sequence[Row[Any]]
) -> Provider:
    return Provider(
        id=row.id,
        name=row.name,
        category=row.category,
        state=row.practice_state,
        npi=row.npi or "",
        license=_license_of_record(row.practice_state, licenses),
        participations=tuple(
            Participation(p.network_id, p.starts_on, p.ends_on) for p in participations
        ),
        credentialed=row.credentialed,
        discount_participant=row.discount_participant,
        employed_at=row.employed_at or "",
    )


def _license_of_record(practice_state: str, licenses: Sequence[Row[Any]]) -> License | None:
    """The license a decision checks: the latest recorded in the practice state, else the
    latest recorded anywhere (the check then fails on the state)."""
    in_state = [license for license in licenses if license.state == practice_state]
    candidates = in_state or licenses
    return _license(candidates[-1]) if candidates else None


def _license(row: Row[Any]) -> License:
    return License(
        number=row.number,
        state=row.state,
        status=LicenseStatus(row.status),
        expires=row.expires,
        issued=row.issued,
    )


def _record(
    row: Row[Any], licenses: Sequence[Row[Any]], participations: Sequence[Row[Any]]
) -> ProviderRecord:
    return ProviderRecord(
        provider=_provider(row, licenses, participations),
        taxonomy=row.taxonomy,
        zip_code=row.zip_code,
        latitude=row.latitude,
        longitude=row.longitude,
        organization_id=row.organization_id,
        accepting_new_patients=row.accepting_new_patients,
        languages=tuple(row.languages),
        gender=row.gender,
    )
