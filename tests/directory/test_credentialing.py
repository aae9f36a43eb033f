"""Credentialing: a provider's credential on any date, and the licenses to renew in the next N
days (staff only)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from directory_builders import (
    ADMIN,
    MEMBER,
    SAM,
    STAFF,
    TODAY,
    a_registry_row,
    a_roster_row,
    an_npi,
    registry_file,
    roster_file,
)

from camnav.domain.credentials import CredentialStatus
from camnav.services.context import ServiceContext
from camnav.services.credentialing import credential_of, expiring_licenses
from camnav.services.directory_import import import_license_roster, import_nppes
from camnav.services.errors import Forbidden, NotFound

# Each provider's license expires this many days after TODAY (None: lapsed).
EXPIRIES = {"A": 0, "B": 30, "C": 60, "D": 61, "E": -1, "F": None}


def npi_of(letter: str) -> str:
    return an_npi(100000000 + ord(letter))


@pytest.fixture
def licensed(ctx: ServiceContext) -> ServiceContext:
    rows = [
        a_registry_row(
            NPI=npi_of(letter),
            **{
                "Provider Last Name (Legal Name)": f"{letter}SON",
                "Provider License Number_1": f"MT-{letter}",
            },
        )
        for letter in EXPIRIES
    ]
    roster = [
        a_roster_row(
            license_number=f"MT-{letter}",
            name=f"{letter}SON",
            status="active" if days is not None else "lapsed",
            expires=str(TODAY + timedelta(days=days if days is not None else 10)),
        )
        for letter, days in EXPIRIES.items()
    ]
    import_nppes(ctx, ADMIN, registry_file(rows))
    import_license_roster(ctx, ADMIN, roster_file(roster))
    return ctx


def test_licenses_expiring_in_the_next_60_days_soonest_first_both_ends_included(
    licensed: ServiceContext,
) -> None:
    report = expiring_licenses(licensed, STAFF, 60)
    assert (report.start, report.end) == (TODAY, date(2025, 5, 9))
    assert [held.license.number for held in report.licenses] == ["MT-A", "MT-B", "MT-C"]
    assert report.licenses[0].provider_id == f"NPI-{npi_of('A')}"


def test_members_may_not_list_expiring_licenses(licensed: ServiceContext) -> None:
    with pytest.raises(Forbidden):
        expiring_licenses(licensed, MEMBER, 60)


@pytest.mark.parametrize(
    ("letter", "on", "status"),
    [
        ("B", TODAY + timedelta(days=30), CredentialStatus.LICENSED),
        ("B", TODAY + timedelta(days=31), CredentialStatus.EXPIRED),
        ("E", TODAY, CredentialStatus.EXPIRED),
        ("F", TODAY, CredentialStatus.LAPSED),
        ("A", date(2019, 6, 30), CredentialStatus.NOT_YET_VALID),
    ],
)
def test_a_credential_on_a_date(
    licensed: ServiceContext, letter: str, on: date, status: CredentialStatus
) -> None:
    found = credential_of(licensed, STAFF, f"NPI-{npi_of(letter)}", on)
    assert found.credential.status is status


def test_a_provider_without_a_roster_entry_is_unlicensed(ctx: ServiceContext) -> None:
    import_nppes(ctx, ADMIN, registry_file([a_registry_row()]))
    found = credential_of(ctx, STAFF, f"NPI-{SAM}", TODAY)
    assert found.credential.status is CredentialStatus.UNLICENSED
    import_license_roster(ctx, ADMIN, roster_file([a_roster_row()]))
    assert credential_of(ctx, STAFF, f"NPI-{SAM}", TODAY).credential.in_good_standing


def test_an_unknown_provider_is_not_found(ctx: ServiceContext) -> None:
    with pytest.raises(NotFound):
        credential_of(ctx, STAFF, "P-NOBODY", TODAY)
