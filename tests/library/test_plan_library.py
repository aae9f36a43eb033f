"""The plan library: the versions of each plan, found by date, version or as the latest."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from camnav.domain.plans import Tier
from camnav.library.library import (
    PlanLibrary,
    default_plan_directory,
    load_library,
)
from camnav.library.problems import InvalidDataFiles

PLANS = Path(__file__).resolve().parents[2] / "plans"


@pytest.fixture(scope="module")
def library() -> PlanLibrary:
    return load_library(PLANS)


def test_the_library_holds_plans_a_to_g_in_2025_and_2026(library: PlanLibrary) -> None:
    assert library.plan_ids == tuple(f"example-{letter}" for letter in "abcdefg")
    assert [plan.version for plan in library.versions("example-a")] == ["2025.1", "2026.1"]


def test_the_version_in_effect_on_a_date_is_found(library: PlanLibrary) -> None:
    assert library.plan("example-c", on=date(2025, 6, 2)).deductible.in_network == 165000
    assert library.plan("example-c", on=date(2026, 1, 1)).deductible.in_network == 170000


def test_without_a_date_the_latest_version_is_found(library: PlanLibrary) -> None:
    assert library.plan("example-a").version == "2026.1"


def test_a_version_can_be_named(library: PlanLibrary) -> None:
    plan = library.plan("example-a", version="2025.1")

    assert plan.benefits["massage"].in_network.copay == 2500


def test_an_unknown_plan_id_names_the_known_ids() -> None:
    library = load_library(PLANS)

    with pytest.raises(LookupError) as raised:
        library.plan("example-z")

    assert str(raised.value) == (
        "no plan 'example-z' in the plan library; known plans: example-a, example-b, example-c, "
        "example-d, example-e, example-f, example-g"
    )


def test_a_date_no_version_covers_names_the_versions(library: PlanLibrary) -> None:
    with pytest.raises(LookupError) as raised:
        library.plan("example-a", on=date(2024, 12, 31))

    assert str(raised.value) == (
        "plan 'example-a' has no version in effect on 2024-12-31; its versions: "
        "2025.1 (2025-01-01 to 2025-12-31); 2026.1 (2026-01-01 to 2026-12-31)"
    )


def test_the_rules_hold_the_fee_schedules_the_plans_name(library: PlanLibrary) -> None:
    plan = library.plan("example-d", on=date(2025, 4, 7))
    reference = plan.benefits["massage"].out_of_network.reference_schedule

    contracted = library.rules.fee_schedule(plan.fee_schedule)
    medicare = library.rules.fee_schedule(reference)
    assert contracted is not None and contracted.rate("97124") == 3500
    assert medicare is not None and medicare.rate("97124") == 2976
    assert plan.deductible_for(Tier.OUT_OF_NETWORK) == 200000


def test_the_rules_hold_the_catalogue_the_code_set_and_the_licensing_policy(
    library: PlanLibrary,
) -> None:
    from camnav.domain.diagnoses import CodeStatus

    assert library.rules.catalogue.get("97124") is not None
    assert library.rules.code_set.status("M54.50", date(2025, 3, 10)) is CodeStatus.VALID
    assert library.rules.licensing.requirement("KS", "massage") == "none"


def test_the_library_holds_the_regions_its_plans_are_sold_in(library: PlanLibrary) -> None:
    for plan in library.plans:
        assert set(plan.regions) <= set(library.regions)


def test_the_library_is_read_once_per_directory() -> None:
    assert load_library(PLANS) is load_library(PLANS)


def test_the_default_directory_is_the_repository_plans_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CAMNAV_PLANS_DIR", raising=False)

    assert default_plan_directory() == PLANS


def test_camnav_plans_dir_overrides_the_default_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CAMNAV_PLANS_DIR", str(tmp_path))

    assert default_plan_directory() == tmp_path


def test_a_broken_directory_raises_every_problem_at_once(tmp_path: Path) -> None:
    directory = tmp_path / "plans"
    shutil.copytree(PLANS, directory)
    (directory / "example-a-2025.yaml").write_text("id: [\n")
    (directory / "regions.yaml").unlink()

    with pytest.raises(InvalidDataFiles) as raised:
        load_library(directory)

    files = {Path(problem.file).name for problem in raised.value.problems}
    assert files == {"example-a-2025.yaml", "regions.yaml"}
