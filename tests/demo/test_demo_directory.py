"""The demo's directory: medical centers and providers at real ZIP codes of their states, valid
NPIs, licenses as the states have them, and each provider working the way its region delivers
its category."""

from __future__ import annotations

import json
from typing import Any

import zipcodes
from demo_builds import Built
from sqlalchemy import text


def luhn_with_health_prefix(npi: str) -> bool:
    """CMS's check: the Luhn formula over "80840" followed by the ten digits."""
    total = 0
    for position, digit in enumerate(int(d) for d in reversed("80840" + npi)):
        doubled = digit * 2 if position % 2 == 1 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def centroid(zip_code: str) -> dict[str, Any] | None:
    found = zipcodes.matching(zip_code)
    return found[0] if found else None


def query(demo: Built, sql: str) -> list[Any]:
    with demo.engine.connect() as connection:
        return list(connection.execute(text(sql)))


def test_every_provider_and_practice_npi_passes_the_luhn_check(small_demo: Built) -> None:
    npis = [npi for (npi,) in query(small_demo, "SELECT npi FROM providers")]
    npis += [npi for (npi,) in query(small_demo, "SELECT npi FROM organizations")]
    assert len(npis) > 200
    assert all(len(npi) == 10 and luhn_with_health_prefix(npi) for npi in npis)
    assert len(set(npis)) == len(npis)


def test_every_provider_is_at_a_real_zip_code_of_its_state(small_demo: Built) -> None:
    providers = query(
        small_demo, "SELECT zip_code, practice_state, latitude, longitude FROM providers"
    )
    for zip_code, state, latitude, longitude in providers:
        found = centroid(zip_code)
        assert found is not None and found["state"] == state, zip_code
        # Placed within a few hundred meters of the centroid.
        assert abs(float(found["lat"]) - latitude) < 0.01
        assert abs(float(found["long"]) - longitude) < 0.01


def test_forty_medical_centers_at_real_zip_codes_of_their_regions(small_demo: Built) -> None:
    centers = query(
        small_demo,
        "SELECT c.zip_code, r.states, c.latitude FROM medical_centers c "
        "JOIN regions r ON r.id = c.region_id",
    )
    assert len(centers) == 40
    for zip_code, states, latitude in centers:
        found = centroid(zip_code)
        assert found is not None and found["state"] in json.loads(states)
        assert latitude == float(found["lat"])


def test_licenses_follow_the_states(small_demo: Built) -> None:
    providers = query(
        small_demo,
        "SELECT p.practice_state, p.category, l.number, l.status FROM providers p "
        "LEFT JOIN licenses l ON l.provider_id = p.id",
    )
    for state, category, number, _ in providers:
        if category == "massage" and state in {"KS", "MN", "VT", "WY"}:
            assert number is None  # no statewide massage license there
        elif category == "massage" and state == "CA":
            assert number.startswith("CAMTC-")  # a council's certificate, not a license
        else:
            assert number is not None
    active = [status for *_, status in providers if status == "active"]
    assert len(active) > 0.8 * len(providers)


def test_providers_work_the_way_their_region_delivers_their_category(small_demo: Built) -> None:
    providers = query(
        small_demo,
        "SELECT p.category, p.employed_at, p.organization_id, r.delivery FROM providers p "
        "LEFT JOIN medical_centers c ON c.id = p.employed_at "
        "LEFT JOIN organizations o ON o.id = p.organization_id "
        "LEFT JOIN regions r ON r.id = coalesce(c.region_id, o.region_id)",
    )
    for category, employed_at, organization_id, delivery in providers:
        modes = json.loads(delivery)[category] if delivery else []
        assert not employed_at or "employed" in modes
        assert not organization_id or "network" in modes
    kinds = {
        (employed is not None, organization is not None)
        for _, employed, organization, _ in providers
    }
    assert kinds == {(True, False), (False, True), (False, False)}


def test_the_database_keeps_its_foreign_keys(small_demo: Built) -> None:
    assert query(small_demo, "PRAGMA foreign_key_check") == []
