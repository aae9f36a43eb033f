"""validate_directory: every problem of a plan directory, in each file and between files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from camnav.library.library import validate_directory
from camnav.library.problems import Problem

PLANS = Path(__file__).resolve().parents[2] / "plans"


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    copy = tmp_path / "plans"
    shutil.copytree(PLANS, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_repository_plan_directory_has_no_problem() -> None:
    assert validate_directory(PLANS) == ()


def test_a_plan_naming_a_missing_fee_schedule_is_a_problem(directory: Path) -> None:
    plan = directory / "example-b-2025.yaml"
    edit(plan, "fee_schedule: example-contracted-2025", "fee_schedule: example-contracted-2024")

    assert validate_directory(directory) == (
        Problem(
            str(plan),
            "fee_schedule",
            "unknown fee schedule 'example-contracted-2024' (none in fee-schedules/)",
        ),
    )


def test_a_plan_naming_a_fee_schedule_of_another_year_is_a_problem(directory: Path) -> None:
    plan = directory / "example-b-2026.yaml"
    edit(plan, "fee_schedule: example-contracted-2026", "fee_schedule: example-contracted-2025")

    assert validate_directory(directory) == (
        Problem(
            str(plan),
            "fee_schedule",
            "example-contracted-2025 is in effect 2025-01-01 to 2025-12-31, "
            "not all of the plan's dates",
        ),
    )


def test_a_missing_out_of_network_reference_schedule_is_a_problem(directory: Path) -> None:
    (directory / "fee-schedules" / "medicare-national-2025.yaml").unlink()

    paths = [p.path for p in validate_directory(directory)]
    assert paths == [
        f"benefits.{category}.out_of_network.allowed.reference_schedule"
        for category in ("massage", "chiropractic", "acupuncture")
    ]


def test_a_plan_naming_a_missing_region_is_a_problem(directory: Path) -> None:
    plan = directory / "example-a-2025.yaml"
    edit(plan, "regions: [northwest]", "regions: [northwest, alaska]")

    assert validate_directory(directory) == (
        Problem(str(plan), "regions[1]", "unknown region 'alaska'"),
    )


def test_overlapping_versions_of_a_plan_are_a_problem(directory: Path) -> None:
    amendment = directory / "example-a-2025-amendment.yaml"
    shutil.copy(directory / "example-a-2025.yaml", amendment)
    edit(amendment, 'version: "2025.1"', 'version: "2025.2"')
    edit(amendment, "  from: 2025-01-01", "  from: 2025-07-01")

    assert validate_directory(directory) == (
        Problem(
            str(amendment),
            "effective.from",
            f"overlaps version 2025.1 ({directory / 'example-a-2025.yaml'}), "
            "in effect until 2025-12-31",
        ),
    )


def test_a_mid_year_amendment_that_ends_the_earlier_version_is_valid(directory: Path) -> None:
    amendment = directory / "example-a-2025-amendment.yaml"
    shutil.copy(directory / "example-a-2025.yaml", amendment)
    edit(amendment, 'version: "2025.1"', 'version: "2025.2"')
    edit(amendment, "  from: 2025-01-01", "  from: 2025-07-01")
    edit(directory / "example-a-2025.yaml", "  to: 2025-12-31", "  to: 2025-06-30")

    assert validate_directory(directory) == ()


def test_the_same_version_twice_is_a_problem(directory: Path) -> None:
    again = directory / "example-a-2025-copy.yaml"
    shutil.copy(directory / "example-a-2025.yaml", again)

    problems = validate_directory(directory)
    assert (
        Problem(str(directory / "example-a-2025.yaml"), "version", f"2025.1 is also in {again}")
        in problems
    )


def test_every_broken_file_is_reported_without_a_traceback(directory: Path) -> None:
    (directory / "example-c-2025.yaml").write_text("id: example-c\n  version: 1\n")
    edit(directory / "example-e-2025.yaml", 'copay: "15.00"', 'copay: "15.001"')
    edit(
        directory / "fee-schedules" / "example-contracted-2025.yaml",
        '"97140": "33.00"',
        '"97150": "33.00"',
    )
    edit(directory / "regions.yaml", "states: [OR, WA]", "states: [Oregon]")

    problems = validate_directory(directory)

    assert sorted({Path(p.file).name for p in problems}) == [
        "example-c-2025.yaml",
        "example-contracted-2025.yaml",
        "example-e-2025.yaml",
        "regions.yaml",
    ]
    assert all("Traceback" not in str(p) for p in problems)
    assert (
        Problem(
            str(directory / "fee-schedules" / "example-contracted-2025.yaml"),
            "rates.97150",
            "97150 is not in the catalogue",
        )
        in problems
    )


def test_a_directory_without_catalogue_and_regions_says_so(directory: Path) -> None:
    (directory / "catalogue.yaml").unlink()
    (directory / "regions.yaml").unlink()

    assert validate_directory(directory) == (
        Problem(
            str(directory / "catalogue.yaml"),
            "(document)",
            "missing: every plan directory needs it",
        ),
        Problem(
            str(directory / "regions.yaml"), "(document)", "missing: every plan directory needs it"
        ),
    )
