"""Providers, regions, practices and contracts round-trip."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from store_builders import NETWORK, PROVIDER, a_provider, a_provider_record, a_region, seed_cast

from camnav.domain.providers import License, LicenseStatus, Participation
from camnav.library.library import load_library
from camnav.services.ports import Contract, Organization
from camnav.store.unit_of_work import SqlUnitOfWork


def test_a_provider_and_its_directory_record_round_trip(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    uow.organizations.add(
        Organization("O-1", "Rivera Bodywork", "123456789", "1112223334", "97214")
    )
    employed = a_provider(
        provider_id="P-3",
        npi="",
        license=None,
        participations=(
            Participation(NETWORK, None, date(2024, 12, 31)),
            Participation(NETWORK, date(2025, 2, 1), None),
        ),
        credentialed=False,
        discount_participant=True,
        employed_at="nw-portland",
    )
    record = a_provider_record(provider=employed, organization_id="O-1", languages=(), gender=None)
    uow.providers.add(record)

    assert uow.providers.get(PROVIDER) == a_provider()
    assert uow.providers.record(PROVIDER) == a_provider_record()
    assert uow.providers.get("P-3") == employed
    assert uow.providers.record("P-3") == record
    assert uow.providers.get("P-404") is None and uow.providers.record("P-404") is None


def test_the_license_a_decision_checks_is_the_latest_in_the_practice_state(
    uow: SqlUnitOfWork,
) -> None:
    seed_cast(uow)
    renewed = License("LMT-12345", "OR", LicenseStatus.ACTIVE, date(2028, 6, 30), date(2026, 7, 1))
    elsewhere = License("MA-1", "WA", LicenseStatus.LAPSED, date(2024, 1, 1))
    uow.providers.add_license(PROVIDER, renewed)
    uow.providers.add_license(PROVIDER, elsewhere)

    provider = uow.providers.get(PROVIDER)
    assert provider is not None and provider.license == renewed
    assert uow.providers.licenses(PROVIDER) == (a_provider().license, renewed, elsewhere)


def test_an_npi_belongs_to_one_provider(uow: SqlUnitOfWork) -> None:
    seed_cast(uow)
    twin = a_provider_record(provider=a_provider(provider_id="P-twin"))
    with pytest.raises(IntegrityError), uow.session.begin_nested():
        uow.providers.add(twin)


def test_regions_of_the_plan_library_round_trip_with_their_centers(uow: SqlUnitOfWork) -> None:
    regions = load_library().regions
    for region in regions.values():
        uow.organizations.add_region(region)
    assert uow.organizations.regions() == tuple(regions[key] for key in sorted(regions))
    assert uow.organizations.region("nowhere") is None


def test_practices_and_their_contracts_round_trip(uow: SqlUnitOfWork) -> None:
    uow.organizations.add_region(a_region(), {"nw-portland": (45.54, -122.66)})
    uow.organizations.add_network(NETWORK, "Example Health Network")
    practice = Organization("O-1", "Rivera Bodywork", "123456789", "", "97214", "northwest")
    uow.organizations.add(practice)
    contracts = (
        Contract("O-1", NETWORK, date(2023, 1, 1), date(2024, 12, 31)),
        Contract("O-1", NETWORK, date(2025, 1, 1)),
    )
    for contract in reversed(contracts):
        uow.organizations.add_contract(contract)

    assert uow.organizations.get("O-1") == practice
    assert uow.organizations.get("O-404") is None
    assert uow.organizations.contracts_of("O-1") == contracts
    assert uow.organizations.region("northwest") == a_region()
