"""Imports into the database: bad rows reported with their row numbers while the good rows load,
a re-import of the same file changing nothing, rosters matched to the providers who reported the
license, and only a plan administrator importing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from directory_builders import (
    ADMIN,
    SAM,
    STAFF,
    a_registry_row,
    a_roster_row,
    an_npi,
    registry_file,
    roster_file,
)
from sqlalchemy import select, text

from camnav.demo.nppes_file import NPPES_COLUMNS
from camnav.domain.providers import LicenseStatus
from camnav.library.csv_records import RowProblem
from camnav.services.context import ServiceContext
from camnav.services.directory_import import import_license_roster, import_nppes
from camnav.services.directory_ports import WriteCounts
from camnav.services.errors import Forbidden
from camnav.store.tables import metadata

ANA = an_npi(100000005)
LEE = an_npi(100000013)


def registry(*rows: dict[str, str]) -> list[dict[str, str]]:
    """Sam, Ana (an acupuncturist in Seattle) and Lee (a chiropractor in Wichita) and the rows."""
    return [
        a_registry_row(),
        a_registry_row(
            **{
                "NPI": ANA,
                "Provider Last Name (Legal Name)": "NUNEZ",
                "Provider First Name": "ANA",
                "Provider Credential Text": "LAC",
                "Provider Business Practice Location Address City Name": "SEATTLE",
                "Provider Business Practice Location Address State Name": "WA",
                "Provider Business Practice Location Address Postal Code": "98101",
                "Healthcare Provider Taxonomy Code_1": "171100000X",
                "Provider License Number_1": "AC60012345",
                "Provider License Number State Code_1": "WA",
            }
        ),
        a_registry_row(
            **{
                "NPI": LEE,
                "Provider Last Name (Legal Name)": "PARK",
                "Provider First Name": "LEE",
                "Provider Credential Text": "DC",
                "Provider Business Practice Location Address State Name": "KS",
                "Provider Business Practice Location Address Postal Code": "67202",
                "Healthcare Provider Taxonomy Code_1": "111N00000X",
                "Provider License Number_1": "01-04567",
                "Provider License Number State Code_1": "KS",
            }
        ),
        *rows,
    ]


def snapshot(ctx: ServiceContext) -> dict[str, list[Any]]:
    """Every row of the tables an import writes."""
    tables = ("providers", "directory_listings", "reported_licenses", "licenses")
    with ctx.units(write=False) as uow:
        session = uow.session  # type: ignore[attr-defined]
        return {
            name: [tuple(row) for row in session.execute(select(metadata.tables[name]))]
            for name in tables
        }


def test_good_rows_load_and_each_bad_row_is_reported_with_its_row_number(
    ctx: ServiceContext,
) -> None:
    rows = registry(
        a_registry_row(NPI="1234567890"),  # row 5
        a_registry_row(
            NPI=an_npi(100000021),
            **{"Provider Business Practice Location Address Postal Code": "00000"},
        ),  # row 6: no such ZIP code
        a_registry_row(NPI=an_npi(100000039), **{"Entity Type Code": "2"}),  # row 7: skipped
        a_registry_row(NPI=an_npi(100000047)),  # row 8
    )
    data = registry_file(rows).read().replace(b'"SAM"', '"SÁM"'.encode("latin-1"), 1)
    report = import_nppes(ctx, ADMIN, io.BytesIO(data))  # row 2, Sam's, is not UTF-8
    assert {p.row: p.reason for p in report.problems} == {
        2: "the record is not UTF-8 text (byte 0xC1 at position 38); save the file as UTF-8",
        5: "NPI 1234567890 fails the check digit (expected 3 after 80840 + the first nine)",
        6: "ZIP code 00000 is not a known ZIP",
    }
    assert report.rows == 7
    assert report.written == WriteCounts(inserted=3)
    assert dict(report.skipped) == {"organization": 1}
    with ctx.units(write=False) as uow:
        ana = uow.providers.record(f"NPI-{ANA}")
    assert ana is not None
    assert (ana.provider.name, ana.provider.category, ana.zip_code) == (
        "ANA NUNEZ, LAC",
        "acupuncture",
        "98101",
    )
    assert ana.latitude == pytest.approx(47.61, abs=0.05)


def test_missing_columns_load_nothing(ctx: ServiceContext) -> None:
    columns = tuple(c for c in NPPES_COLUMNS if c != "Provider License Number_1")
    report = import_nppes(ctx, ADMIN, registry_file(registry(), columns))
    assert report.problems == [
        RowProblem(1, "not an NPPES file: missing column(s) 'Provider License Number_1'")
    ]
    assert (report.rows, report.written) == (0, WriteCounts())


def test_a_second_import_of_the_same_file_changes_nothing(ctx: ServiceContext) -> None:
    first = import_nppes(ctx, ADMIN, registry_file(registry()))
    import_license_roster(ctx, ADMIN, roster_file([a_roster_row()]))
    before = snapshot(ctx)
    again = import_nppes(ctx, ADMIN, registry_file(registry()))
    roster_again = import_license_roster(ctx, ADMIN, roster_file([a_roster_row()]))
    assert first.written == WriteCounts(inserted=3)
    assert again.written == WriteCounts(unchanged=3)
    assert roster_again.written == WriteCounts(unchanged=1)
    assert snapshot(ctx) == before


def test_a_changed_record_updates_the_registrys_fields_only(ctx: ServiceContext) -> None:
    import_nppes(ctx, ADMIN, registry_file(registry()))
    with ctx.units() as uow:
        uow.session.execute(  # type: ignore[attr-defined]
            text("UPDATE providers SET accepting_new_patients = false WHERE npi = :npi"),
            {"npi": SAM},
        )
        uow.commit()
    moved = {"Provider Business Practice Location Address Postal Code": "97201"}
    report = import_nppes(ctx, ADMIN, registry_file([a_registry_row(**moved)]))
    assert report.written == WriteCounts(updated=1)
    with ctx.units(write=False) as uow:
        sam = uow.providers.record(f"NPI-{SAM}")
    assert sam is not None
    assert (sam.zip_code, sam.accepting_new_patients) == ("97201", False)


def test_a_roster_is_matched_to_the_providers_who_reported_each_license(
    ctx: ServiceContext,
) -> None:
    import_nppes(ctx, ADMIN, registry_file(registry()))
    roster = roster_file(
        [
            a_roster_row(),  # row 2: Sam
            a_roster_row(license_number="AC60012345", name="Ana Nunez", state="WA"),
            a_roster_row(license_number="99999"),  # row 4: nobody reported it
            a_roster_row(license_number="AC60012345", name="Ana Nunez", state="WA"),  # repeat
            a_roster_row(license_number="01-04567", name="SMITH, LEE", state="KS"),  # not Park
            a_roster_row(status="revoked", expires="bad"),  # row 7
        ]
    )
    report = import_license_roster(ctx, ADMIN, roster)
    assert {p.row: p.reason for p in report.problems} == {
        4: "license OR 99999: no provider in the directory reports it",
        5: "license WA AC60012345 repeats row 3",
        6: "license KS 01-04567: reported by LEE PARK, DC, not 'SMITH, LEE'",
        7: "expires 'bad' is not a date (YYYY-MM-DD or MM/DD/YYYY)",
    }
    assert report.written == WriteCounts(inserted=2)
    with ctx.units(write=False) as uow:
        ana = uow.providers.get(f"NPI-{ANA}")
    assert ana is not None and ana.license is not None
    assert (ana.license.number, ana.license.status) == ("AC60012345", LicenseStatus.ACTIVE)


def test_a_new_status_on_the_roster_updates_the_license(ctx: ServiceContext) -> None:
    import_nppes(ctx, ADMIN, registry_file(registry()))
    import_license_roster(ctx, ADMIN, roster_file([a_roster_row()]))
    lapsed = a_roster_row(status="lapsed", expires="2025-03-31")
    report = import_license_roster(ctx, ADMIN, roster_file([lapsed]))
    assert report.written == WriteCounts(updated=1)
    with ctx.units(write=False) as uow:
        licenses = uow.providers.licenses(f"NPI-{SAM}")
    assert [(x.status, str(x.expires)) for x in licenses] == [(LicenseStatus.LAPSED, "2025-03-31")]


def test_only_a_plan_administrator_imports(ctx: ServiceContext) -> None:
    with pytest.raises(Forbidden):
        import_nppes(ctx, STAFF, registry_file(registry()))
    with pytest.raises(Forbidden):
        import_license_roster(ctx, STAFF, roster_file([a_roster_row()]))
