"""Regions with their medical centers, networks, contracted practices and their contracts."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from camnav.domain.plans import DeliveryMode
from camnav.domain.regions import MedicalCenter, Region
from camnav.services.ports import Contract, Organization
from camnav.store.tables.organizations import (
    ContractRow,
    MedicalCenterRow,
    NetworkRow,
    OrganizationRow,
    RegionRow,
)


class SqlOrganizationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_region(
        self, region: Region, coordinates: Mapping[str, tuple[float, float]] | None = None
    ) -> None:
        """Store a region and its medical centers, with each center's (latitude, longitude)."""
        where = coordinates or {}
        centers = [
            _center_row(center, position, where.get(center.id))
            for position, center in enumerate(region.medical_centers)
        ]
        self._session.add(
            RegionRow(
                id=region.id,
                name=region.name,
                states=list(region.states),
                delivery={category: list(modes) for category, modes in region.delivery.items()},
                citation=region.citation,
                centers=centers,
            )
        )
        self._session.flush()

    def region(self, region_id: str) -> Region | None:
        row = self._session.get(RegionRow, region_id, options=[selectinload(RegionRow.centers)])
        return _region(row) if row else None

    def regions(self) -> tuple[Region, ...]:
        query = select(RegionRow).options(selectinload(RegionRow.centers)).order_by(RegionRow.id)
        return tuple(_region(row) for row in self._session.scalars(query))

    def add_network(self, network_id: str, name: str) -> None:
        self._session.add(NetworkRow(id=network_id, name=name))
        self._session.flush()

    def add(self, organization: Organization) -> None:
        self._session.add(
            OrganizationRow(
                id=organization.id,
                name=organization.name,
                tin=organization.tin,
                npi=organization.npi or None,
                zip_code=organization.zip_code,
                region_id=organization.region,
            )
        )
        self._session.flush()

    def get(self, organization_id: str) -> Organization | None:
        row = self._session.get(OrganizationRow, organization_id)
        if row is None:
            return None
        return Organization(row.id, row.name, row.tin, row.npi or "", row.zip_code, row.region_id)

    def add_contract(self, contract: Contract) -> None:
        self._session.add(
            ContractRow(
                organization_id=contract.organization_id,
                network_id=contract.network,
                start=contract.start,
                end=contract.end,
            )
        )
        self._session.flush()

    def contracts_of(self, organization_id: str) -> tuple[Contract, ...]:
        query = (
            select(ContractRow)
            .where(ContractRow.organization_id == organization_id)
            .order_by(ContractRow.start, ContractRow.id)
        )
        return tuple(
            Contract(row.organization_id, row.network_id, row.start, row.end)
            for row in self._session.scalars(query)
        )


def _center_row(
    center: MedicalCenter, position: int, location: tuple[float, float] | None
) -> MedicalCenterRow:
    latitude, longitude = location or (None, None)
    return MedicalCenterRow(
        id=center.id,
        name=center.name,
        zip_code=center.zip_code,
        latitude=latitude,
        longitude=longitude,
        categories=list(center.categories),
        position=position,
    )


def _region(row: RegionRow) -> Region:
    return Region(
        id=row.id,
        name=row.name,
        states=tuple(row.states),
        delivery={
            category: tuple(DeliveryMode(mode) for mode in modes)
            for category, modes in row.delivery.items()
        },
        medical_centers=tuple(
            MedicalCenter(c.id, c.name, c.zip_code, tuple(c.categories)) for c in row.centers
        ),
        citation=row.citation,
    )
