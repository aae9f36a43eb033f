"""The reference data of the plan library: catalogue, fee schedules, regions and licensing."""

from __future__ import annotations

from pathlib import Path

import pytest

from camnav.domain.codes import TypicalService
from camnav.domain.plans import DeliveryMode
from camnav.domain.providers import LicensingRequirement
from camnav.library.catalogue import read_catalogue, read_fee_schedule
from camnav.library.licensing import read_licensing
from camnav.library.problems import InvalidDataFiles, Problem
from camnav.library.regions import read_regions

PLANS = Path(__file__).resolve().parents[2] / "plans"
SCHEDULES = PLANS / "fee-schedules"


def test_the_catalogue_knows_the_16_procedure_codes_of_massage_acupuncture_chiro_and_pt() -> None:
    catalogue = read_catalogue(PLANS / "catalogue.yaml")

    assert sorted(catalogue.procedures) == [
        "97110",
        "97112",
        "97124",
        "97140",
        "97161",
        "97162",
        "97163",
        "97530",
        "97810",
        "97811",
        "97813",
        "97814",
        "98940",
        "98941",
        "98942",
        "98943",
    ]
    assert catalogue.title("physical_therapy") == "Physical therapy"


@pytest.mark.parametrize(
    ("code", "categories"),
    [
        ("97124", ("massage", "physical_therapy")),
        ("97140", ("massage", "chiropractic", "physical_therapy")),
        ("97110", ("physical_therapy", "chiropractic")),
        ("97810", ("acupuncture",)),
        ("98940", ("chiropractic",)),
    ],
)
def test_a_code_lists_the_categories_it_is_billed_under_the_usual_one_first(
    code: str, categories: tuple[str, ...]
) -> None:
    procedure = read_catalogue(PLANS / "catalogue.yaml").get(code)

    assert procedure is not None and procedure.categories == categories


def test_the_catalogue_carries_the_unit_and_same_day_rules_of_each_code() -> None:
    catalogue = read_catalogue(PLANS / "catalogue.yaml")
    rules = {
        code: (
            p.timed,
            p.initial_of_day,
            p.add_on_to,
            p.spinal_manipulation,
            p.bundles_with_manipulation,
        )
        for code, p in catalogue.procedures.items()
    }

    assert rules["97124"] == (True, False, (), False, False)
    assert rules["97140"] == (True, False, (), False, True)
    assert rules["97810"] == (True, True, (), False, False)
    assert rules["97811"] == (True, False, ("97810", "97813"), False, False)
    assert rules["97813"] == (True, True, (), False, False)
    assert rules["97814"] == (True, False, ("97813", "97810"), False, False)
    assert [c for c, r in rules.items() if r[3]] == ["98940", "98941", "98942"]
    assert not rules["97161"][0] and not rules["98940"][0]


def test_a_typical_visit_per_category_prices_a_visit_before_care() -> None:
    catalogue = read_catalogue(PLANS / "catalogue.yaml")

    assert catalogue.typical_visits == {
        "massage": (TypicalService("97124", 4, 60),),
        "acupuncture": (TypicalService("97810", 1, 15), TypicalService("97811", 1, 15)),
        "chiropractic": (TypicalService("98940", 1, None),),
        "physical_therapy": (TypicalService("97110", 2, 30), TypicalService("97140", 1, 15)),
    }


def test_an_add_on_naming_a_code_outside_the_catalogue_is_a_problem(tmp_path: Path) -> None:
    text = (PLANS / "catalogue.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "catalogue.yaml"
    broken.write_text(text.replace('add_on_to: ["97810", "97813"]', 'add_on_to: ["97819"]'))

    with pytest.raises(InvalidDataFiles) as raised:
        read_catalogue(broken)

    assert raised.value.problems == (
        Problem(str(broken), "procedures.97811.add_on_to[0]", "97819 is not in the catalogue"),
    )


def test_the_contracted_2025_schedule_has_the_demo_rates_of_the_domain_reference() -> None:
    schedule = read_fee_schedule(SCHEDULES / "example-contracted-2025.yaml")

    demo = {c: schedule.rate(c) for c in ("97124", "97140", "97110", "97810", "97811", "98940")}
    assert demo == {
        "97124": 3500,
        "97140": 3300,
        "97110": 3200,
        "97810": 4500,
        "97811": 3000,
        "98940": 4000,
    }
    assert schedule.id == "example-contracted-2025"
    assert len(schedule.rates) == 16


def test_the_medicare_advantage_schedule_pays_38_and_29_dollars_for_acupuncture() -> None:
    schedule = read_fee_schedule(SCHEDULES / "example-medicare-advantage-2025.yaml")

    assert (schedule.rate("97810"), schedule.rate("97811")) == (3800, 2900)
    assert {"97813", "97814"} <= set(schedule.rates)


def test_the_medicare_national_2025_reference_has_the_exact_massage_rates() -> None:
    schedule = read_fee_schedule(SCHEDULES / "medicare-national-2025.yaml")

    assert (schedule.rate("97124"), schedule.rate("97140")) == (2976, 2717)
    # Extraspinal manipulation is not a Medicare benefit, so there is no reference rate.
    assert schedule.rate("98943") is None


@pytest.mark.parametrize(
    "name",
    ["example-contracted-2026", "example-medicare-advantage-2026", "medicare-national-2026"],
)
def test_every_2025_fee_schedule_has_a_2026_successor_in_effect_all_2026(name: str) -> None:
    schedule = read_fee_schedule(SCHEDULES / f"{name}.yaml")

    assert (str(schedule.effective_from), str(schedule.effective_to)) == (
        "2026-01-01",
        "2026-12-31",
    )


def test_a_rate_with_three_decimals_is_a_problem_naming_the_code(tmp_path: Path) -> None:
    text = (SCHEDULES / "example-contracted-2025.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace('"97124": "35.00"', '"97124": "35.001"'))

    with pytest.raises(InvalidDataFiles) as raised:
        read_fee_schedule(broken)

    (problem,) = raised.value.problems
    assert (problem.file, problem.path) == (str(broken), "rates.97124")
    assert "'35.001'" in problem.reason


def test_eight_regions_deliver_care_differently() -> None:
    regions = read_regions(PLANS / "regions.yaml")

    assert sorted(regions) == [
        "colorado",
        "georgia",
        "hawaii",
        "mid_atlantic",
        "northern_california",
        "northwest",
        "southern_california",
        "washington",
    ]
    assert regions["northwest"].states == ("OR", "WA")
    assert regions["northwest"].modes("massage") == (DeliveryMode.NETWORK,)
    assert regions["washington"].modes("massage") == (
        DeliveryMode.NETWORK,
        DeliveryMode.REIMBURSEMENT,
    )
    assert regions["northern_california"].modes("massage") == ()
    assert regions["mid_atlantic"].modes("acupuncture") == (
        DeliveryMode.EMPLOYED,
        DeliveryMode.NETWORK,
    )


def test_every_region_has_three_to_six_medical_centers_with_five_digit_zip_codes() -> None:
    regions = read_regions(PLANS / "regions.yaml")

    for region in regions.values():
        assert 3 <= len(region.medical_centers) <= 6
        assert all(len(c.zip_code) == 5 and c.zip_code.isdigit() for c in region.medical_centers)
        assert region.citation
    assert regions["northwest"].medical_centers[0].zip_code == "97227"


def test_a_center_offering_care_the_region_does_not_employ_staff_for_is_a_problem(
    tmp_path: Path,
) -> None:
    text = (PLANS / "regions.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "regions.yaml"
    broken.write_text(
        text.replace(
            'zip_code: "97005", categories: []', 'zip_code: "97005", categories: [massage]'
        )
    )

    with pytest.raises(InvalidDataFiles) as raised:
        read_regions(broken)

    assert raised.value.problems == (
        Problem(
            str(broken),
            "regions.northwest.medical_centers[4].categories",
            "massage is not delivered by employed staff here",
        ),
    )


@pytest.mark.parametrize(
    ("state", "category", "requirement"),
    [
        ("KS", "massage", LicensingRequirement.NONE),
        ("MN", "massage", LicensingRequirement.NONE),
        ("VT", "massage", LicensingRequirement.NONE),
        ("WY", "massage", LicensingRequirement.NONE),
        ("CA", "massage", LicensingRequirement.VOLUNTARY_CERTIFICATION),
        ("OR", "massage", LicensingRequirement.LICENSE),
        ("OK", "massage", LicensingRequirement.LICENSE),
        ("KS", "chiropractic", LicensingRequirement.LICENSE),
    ],
)
def test_licensing_follows_the_states_of_the_domain_reference(
    state: str, category: str, requirement: LicensingRequirement
) -> None:
    assert read_licensing().requirement(state, category) is requirement


def test_a_licensing_rule_for_an_unknown_state_is_a_problem(tmp_path: Path) -> None:
    broken = tmp_path / "licensing.yaml"
    broken.write_text("requirements:\n  massage:\n    XX: none\n")

    with pytest.raises(InvalidDataFiles) as raised:
        read_licensing(broken)

    assert raised.value.problems == (
        Problem(str(broken), "requirements.massage.XX", "XX is not a US state or territory"),
    )
