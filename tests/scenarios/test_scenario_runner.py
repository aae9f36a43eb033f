"""How the runner builds a scenario's plan, provider and state, and when it answers questions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from camnav.library.library import PlanLibrary, default_plan_directory, load_library
from camnav.scenarios.format import load_scenario
from camnav.scenarios.report import report_file
from camnav.scenarios.runner import run_scenario

SCENARIO = """\
plan: {plan}
member: {{id: M-1}}
provider:
  {{id: P-1, taxonomy: 225700000X, state: OR, license: {{number: MT-1}}, network: in_network}}
claims:
  - date: 2025-03-10
    diagnoses: [M54.50]
    lines: [{{code: "97124", units: 4, minutes: 60, billed: "160.00"{extra}}}]
"""


@pytest.fixture(scope="module")
def library() -> PlanLibrary:
    return load_library()


def run(tmp_path: Path, library: PlanLibrary, plan: str, extra: str = "") -> dict[str, object]:
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO.format(plan=plan, extra=extra), encoding="utf-8")
    report = report_file(path, library)
    assert report.problems == ()
    claims = report.document["claims"]
    assert isinstance(claims, list)
    return dict(claims[0])


def test_a_plan_written_inline_is_used_as_written(tmp_path: Path, library: PlanLibrary) -> None:
    document = yaml.safe_load((default_plan_directory() / "example-a-2025.yaml").read_text())
    document["benefits"]["massage"]["cost_share"]["in_network"]["copay"] = "10.00"
    inline = yaml.safe_dump({"inline": document}, default_flow_style=True, width=10**6).strip()

    claim = run(tmp_path, library, inline)
    assert (claim["member_owes"], claim["plan_pays"]) == ("10.00", "130.00")


def test_a_plan_named_by_version_is_that_version(tmp_path: Path, library: PlanLibrary) -> None:
    claim = run(tmp_path, library, '{id: example-a, version: "2025.1"}')

    assert claim["member_owes"] == "25.00"


def test_a_plan_year_outside_the_date_of_service_ends_the_coverage(
    tmp_path: Path, library: PlanLibrary
) -> None:
    claim = run(tmp_path, library, "{id: example-a, year: 2026}")

    assert claim["lines"][0]["carc"] == ["26"]  # type: ignore[index]


def test_an_excluded_modality_matches_however_it_is_written(
    tmp_path: Path, library: PlanLibrary
) -> None:
    claim = run(tmp_path, library, "example-a", extra=", modality: Tui Na")

    assert claim["lines"][0]["carc"] == ["96"]  # type: ignore[index]


def test_a_question_is_answered_after_the_claims_of_its_day(library: PlanLibrary) -> None:
    example = Path(__file__).resolve().parents[2] / "examples/scenarios/w1-no-referral-needed.yaml"
    result = run_scenario(load_scenario(example), library)

    (question,) = result.questions
    assert question.answer.visits_used == 4  # the claim of 2025-03-10 is already counted
