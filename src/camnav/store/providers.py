"""Providers: the domain view decisions read, and the directory record around it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.services.ports import ProviderRecord
from camnav.store.tables.providers import LicenseRow, ParticipationRow, ProviderRow


class SqlProviderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        # The session's identity map holds rows weakly: holding the loaded ones here lets a unit
        # that reads one provider several times (a claim and its re-decisions) load it once.
        self._loaded: dict[str, ProviderRow] = {}

    def add(self, record: ProviderRecord) -> None:
        """Store a provider with its license (if any) and its participations."""
        self._session.add(_provider_row(record))
        self._session.flush()

    def add_license(self, provider_id: str, license: License) -> None:
        self._session.add(_license_row(provider_id, license))
        self._session.flush()

    def get(self, provider_id: str) -> Provider | None:
        row = self._load(provider_id)
        return _provider(row) if row else None

    def record(self, provider_id: str) -> ProviderRecord | None:
        row = self._load(provider_id)
        return _record(row) if row else None

    def licenses(self, provider_id: str) -> tuple[License, ...]:
        query = select(LicenseRow).where(LicenseRow.provider_id == provider_id)
        return tuple(_license(row) for row in self._session.scalars(query.order_by(LicenseRow.id)))

    def _load(self, provider_id: str) -> ProviderRow | None:
        options = [selectinload(ProviderRow.licenses), selectinload(ProviderRow.participations)]
        row = self._session.get(ProviderRow, provider_id, options=options)
        if row is not None:
            self._loaded[provider_id] = row
        return row


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


def _provider(row: ProviderRow) -> Provider:
    return Provider(
        id=row.id,
        name=row.name,
        category=row.category,
        state=row.practice_state,
        npi=row.npi or "",
        license=_license_of_record(row),
        participations=tuple(
            Participation(p.network_id, p.start, p.end) for p in row.participations
        ),
        credentialed=row.credentialed,
        discount_participant=row.discount_participant,
        employed_at=row.employed_at or "",
    )


def _license_of_record(row: ProviderRow) -> License | None:
    """The license a decision checks: the latest recorded in the practice state, else the
    latest recorded anywhere (the check then fails on the state)."""
    in_state = [license for license in row.licenses if license.state == row.practice_state]
    candidates = in_state or row.licenses
    return _license(candidates[-1]) if candidates else None


def _license(row: LicenseRow) -> License:
    return License(
        number=row.number,
        state=row.state,
        status=LicenseStatus(row.status),
        expires=row.expires,
        issued=row.issued,
    )


def _record(row: ProviderRow) -> ProviderRecord:
    return ProviderRecord(
        provider=_provider(row),
        taxonomy=row.taxonomy,
        zip_code=row.zip_code,
        latitude=row.latitude,
        longitude=row.longitude,
        organization_id=row.organization_id,
        accepting_new_patients=row.accepting_new_patients,
        languages=tuple(row.languages),
        gender=row.gender,
    )
