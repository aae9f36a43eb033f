"""The search reads provider records with Core, a page at a time: they are the very records the
provider repository gives (the same license of record, participations and directory fields)."""

from __future__ import annotations

from datetime import date

from directory_builders import NETWORK

from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.services.context import ServiceContext
from camnav.services.ports import ProviderRecord


def a_record(provider_id: str, state: str, **overrides: object) -> ProviderRecord:
    provider = Provider(
        id=provider_id,
        name=f"{provider_id} Doe, LMT",
        category="massage",
        state=state,
        npi="",
        license=License(f"{provider_id}-1", state, LicenseStatus.ACTIVE, date(2026, 1, 31)),
        participations=(Participation(NETWORK, date(2024, 1, 1), date(2025, 12, 31)),),
        credentialed=True,
        discount_participant=True,
        employed_at="nw-interstate",
    )
    values: dict[str, object] = {
        "provider": provider,
        "taxonomy": "225700000X",
        "zip_code": "97214",
        "latitude": 45.5142,
        "longitude": -122.6364,
        "accepting_new_patients": False,
        "languages": ("English", "Russian"),
        "gender": "female",
    }
    values.update(overrides)
    return ProviderRecord(**values)  # type: ignore[arg-type]


def test_the_searchs_records_are_the_repositorys(ctx: ServiceContext) -> None:
    records = [
        a_record("P-1", "OR"),
        a_record("P-2", "WA", latitude=None, longitude=None, gender=None, languages=()),
    ]
    with ctx.units() as uow:
        for record in records:
            uow.providers.add(record)
        # A second license elsewhere, and a newer one in the practice state.
        uow.providers.add_license("P-1", License("X-9", "WA", LicenseStatus.ACTIVE))
        uow.providers.add_license("P-2", License("N-2", "WA", LicenseStatus.LAPSED))
        uow.commit()
    with ctx.units(write=False) as uow:
        found = uow.directory.records(["P-1", "P-2", "P-NONE"])
        assert found == {"P-1": uow.providers.record("P-1"), "P-2": uow.providers.record("P-2")}
    assert found["P-2"].provider.license == License("N-2", "WA", LicenseStatus.LAPSED)
