"""Builders for directory tests: registry (NPPES) and roster files as bytes, the actors, and the
reference data a story needs. Import with `from directory_builders import ...`.

The story: Maya Lopez, a member of plan A in Portland, looks for a massage therapist near
97214 on 2025-03-10; Sam Rivera is licensed in Oregon and contracted in the plan's network.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import BinaryIO

from camnav.demo.nppes_file import NPPES_COLUMNS
from camnav.domain.members import Enrollment
from camnav.domain.npi import npi_check_digit
from camnav.library.library import PlanLibrary
from camnav.services.actors import Actor
from camnav.services.context import ServiceContext
from camnav.services.ports import MemberRecord, Role, UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
NETWORK = "example-health-network"
MAYA = "M-2001"
ADMIN = Actor(1, "alex", Role.PLAN_ADMINISTRATOR)
STAFF = Actor(2, "jordan", Role.MEMBER_SERVICES)
MEMBER = Actor(3, "maya", Role.MEMBER, member_id=MAYA)
PROVIDER_USER = Actor(4, "front-desk", Role.PROVIDER, provider_id="P-1")


def story_context(units: UnitOfWorkFactory, library: PlanLibrary) -> ServiceContext:
    return ServiceContext(units, library, clock=lambda: NOW)


def seed_reference(ctx: ServiceContext) -> None:
    """Regions, the plan's network and Maya, enrolled in plan A since January."""
    with ctx.units() as uow:
        for region in ctx.library.regions.values():
            uow.organizations.add_region(region)
        uow.organizations.add_network(NETWORK, "Example Health Network")
        uow.members.add(MemberRecord(MAYA, "Maya", "Lopez", date(1984, 6, 2), "97214", "northwest"))
        uow.members.enroll(
            Enrollment(MAYA, "example-a", date(2025, 1, 1), None, "northwest", "97214")
        )
        uow.commit()


def an_npi(base: int) -> str:
    """A valid NPI (Luhn check digit with the 80840 prefix) from a nine-digit base."""
    digits = f"{base:09d}"
    return f"{digits}{npi_check_digit(digits)}"


SAM = an_npi(123456789)  # 1234567893, CMS's example NPI


def a_registry_row(**overrides: str) -> dict[str, str]:
    """One NPPES record: Sam Rivera, a massage therapist licensed in Oregon, in Portland."""
    row = {
        "NPI": SAM,
        "Entity Type Code": "1",
        "Provider Last Name (Legal Name)": "RIVERA",
        "Provider First Name": "SAM",
        "Provider Credential Text": "LMT",
        "Provider First Line Business Practice Location Address": "1200 SE MORRISON ST",
        "Provider Business Practice Location Address City Name": "PORTLAND",
        "Provider Business Practice Location Address State Name": "OR",
        "Provider Business Practice Location Address Postal Code": "972141234",
        "Provider Sex Code": "M",
        "Healthcare Provider Taxonomy Code_1": "225700000X",
        "Provider License Number_1": "12345",
        "Provider License Number State Code_1": "OR",
        "Healthcare Provider Primary Taxonomy Switch_1": "Y",
    }
    row.update(overrides)
    return row


def registry_file(
    rows: Iterable[Mapping[str, str]], columns: tuple[str, ...] = NPPES_COLUMNS
) -> BinaryIO:
    """An NPPES file of the rows, every field quoted as the registry writes it."""
    lines = [_quoted(columns)] + [_quoted([row.get(name, "") for name in columns]) for row in rows]
    return io.BytesIO("".join(lines).encode())


def _quoted(fields: Iterable[str]) -> str:
    return ",".join('"' + field.replace('"', '""') + '"' for field in fields) + "\n"


ROSTER_COLUMNS = ("license_number", "name", "state", "status", "issued", "expires")


def a_roster_row(**overrides: str) -> dict[str, str]:
    """Oregon's board shows Sam's license active until the end of June 2026."""
    row = {
        "license_number": "12345",
        "name": "RIVERA, SAM",
        "state": "OR",
        "status": "active",
        "issued": "2019-07-01",
        "expires": "2026-06-30",
    }
    row.update(overrides)
    return row


def roster_file(
    rows: Iterable[Mapping[str, str]], columns: tuple[str, ...] = ROSTER_COLUMNS
) -> BinaryIO:
    lines = [",".join(columns) + "\n"]
    lines += [",".join(_cell(row.get(name, "")) for name in columns) + "\n" for row in rows]
    return io.BytesIO("".join(lines).encode())


def _cell(value: str) -> str:
    return f'"{value}"' if "," in value else value
