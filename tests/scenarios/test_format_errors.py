"""A malformed scenario file is refused with every problem named by file and field, never with a
traceback: the plan administrator fixes the file, not the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from camnav.library.library import PlanLibrary, load_library
from camnav.scenarios.format import InvalidScenario, load_scenario
from camnav.scenarios.report import report_file

VALID = """\
name: a small valid scenario
plan: {id: example-a, year: 2025}
member: {id: M-1}
provider:
  id: P-1
  category: massage
  state: OR
  license: {number: MT-1, status: active}
  network: in_network
claims:
  - id: C-1
    date: 2025-03-10
    diagnoses: [M54.50]
    lines:
      - {code: "97124", units: 4, minutes: 60, billed: "160.00"}
"""


@pytest.fixture(scope="module")
def library() -> PlanLibrary:
    return load_library()


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, categories: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(InvalidScenario) as caught:
        load_scenario(path, categories)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_scenario_loads(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, VALID))

    assert scenario.claims[0].lines[0].billed == 16000
    assert scenario.providers["P-1"].category == "massage"


def test_a_unit_count_of_zero_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("units: 4", "units: 0"))

    assert problems_of(path) == [f"{path}: claims[0].lines[0].units: must be a positive integer"]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        VALID.replace("units: 4", "units: four")
        .replace('"160.00"', '"160.005"')
        .replace("date: 2025-03-10", "date: next monday")
    )
    problems = problems_of(write(tmp_path, text))

    assert [p.split(": ")[1] for p in problems] == [
        "claims[0].date",
        "claims[0].lines[0].units",
        "claims[0].lines[0].billed",
    ]


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("member: {id: M-1}", "member: {id: M-1"))

    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: line ")
    assert "not valid YAML" in problem


def test_a_date_that_does_not_exist_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("date: 2025-03-10", "date: 2025-13-01"))

    assert problems_of(path) == [
        f"{path}: claims[0].date: must be a date (YYYY-MM-DD), not '2025-13-01'"
    ]


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('billed: "160.00"}', 'billed: "160.00", units: 3}'))

    (problem,) = problems_of(path)
    assert "duplicate key 'units'" in problem


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (("member: {id: M-1}\n", ""), "member", "is required"),
        (("claims:", "claim:"), "claim", "unknown key"),
        (("network: in_network", "network: partner"), "provider.network", "must be one of"),
        (("status: active", "status: expired"), "provider.license.status", "must be one of"),
        (("- id: C-1", "- id: C-1\n    provider: P-9"), "claims[0].provider", "unknown provider"),
        (("units: 4,", "units: 4, modifiers: 59,"), "claims[0].lines[0].modifiers", "a list"),
        (("diagnoses: [M54.50]", "attachments: [receipt]"), "claims[0].attachments[0]", "one of"),
    ],
)
def test_a_bad_field_is_reported_with_its_path(
    tmp_path: Path, change: tuple[str, str], path: str, message: str
) -> None:
    file = write(tmp_path, VALID.replace(*change))

    problems = problems_of(file)
    assert any(p.startswith(f"{file}: {path}: ") and message in p for p in problems), problems


def test_an_unknown_category_is_refused_when_the_catalogue_is_known(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("category: massage", "category: masage"))

    (problem,) = problems_of(path, categories=("massage", "acupuncture"))
    assert problem.startswith(f"{path}: provider.category: unknown category 'masage'")


def test_a_misspelt_expectation_is_refused_rather_than_silently_unchecked(tmp_path: Path) -> None:
    text = VALID + "expect:\n  claims:\n    - {member_ows: '25.00', lines: [{carc: 3}]}\n"
    path = write(tmp_path, text)

    assert problems_of(path) == [
        f"{path}: expect.claims[0].member_ows: unknown key; expected one of: "
        "id, provider, status, member_owes, plan_pays, balance_bill, member_total, "
        "visits_remaining, referral_visits_remaining, lines, accumulators",
        f"{path}: expect.claims[0].lines[0].carc: must be a list of values",
    ]


def test_an_unknown_plan_is_a_problem_of_the_plan_field(
    tmp_path: Path, library: PlanLibrary
) -> None:
    path = write(tmp_path, VALID.replace("id: example-a", "id: example-z"))

    report = report_file(path, library)
    assert report.run is None
    assert [p.path for p in report.problems] == ["plan"]
    assert "no plan 'example-z'" in report.problems[0].reason


def test_a_visit_limit_the_plan_does_not_have_is_refused(
    tmp_path: Path, library: PlanLibrary
) -> None:
    text = VALID.replace(
        "member: {id: M-1}", "member: {id: M-1}\naccumulators:\n  visits_used: {cam: 3}"
    )
    report = report_file(write(tmp_path, text), library)

    assert [p.path for p in report.problems] == ["accumulators.visits_used.cam"]
    assert "has: massage, chiropractic" in report.problems[0].reason


def test_an_inline_plan_with_problems_reports_them_under_plan_inline(
    tmp_path: Path, library: PlanLibrary
) -> None:
    text = VALID.replace("plan: {id: example-a, year: 2025}", "plan: {inline: {id: broken}}")
    report = report_file(write(tmp_path, text), library)

    assert report.problems
    assert all(p.path.startswith("plan.inline.") for p in report.problems)
