"""Scenario files carry referral histories: requests decided on the day they arrive, reviews of
pended ones and extensions; a request that names no earlier referral to extend is a file error."""

from __future__ import annotations

from pathlib import Path

import pytest

from camnav.library.library import load_library
from camnav.scenarios.fields import InvalidScenario
from camnav.scenarios.format import load_scenario
from camnav.scenarios.report import scenario_document
from camnav.scenarios.runner import run_scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/scenarios/referral-history-extension.yaml"

HISTORY = """\
plan: {id: example-g, year: 2025}
member: {id: M-7001}
accumulators:
  visits_used: {acupuncture: 12}
  category_visits: {acupuncture: 12}
referral_requests:
  - id: A-1
    received: 2025-04-01
    category: acupuncture
    diagnoses: [M54.50]
    visits: 8
    valid_from: 2025-04-01
    valid_to: 2025-06-30
    condition_weeks: 20
    progress: {functional_improvement: true}
questions:
  - {category: acupuncture, date: 2025-03-31}
  - {category: acupuncture, date: 2025-04-01}
"""


def test_a_request_decided_on_its_day_is_on_file_for_that_days_question(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    path.write_text(HISTORY, encoding="utf-8")

    run = run_scenario(load_scenario(path), load_library())
    document = scenario_document(run)

    assert [q["verdict"] for q in document["questions"]] == ["covered_if", "covered"]  # type: ignore[index]
    [request] = document["referral_requests"]  # type: ignore[misc]
    assert (request["kind"], request["status"], request["decided_by"]) == (
        "authorization",
        "approved",
        "rules",
    )


def test_an_extension_of_nothing_and_a_pending_review_are_file_errors(tmp_path: Path) -> None:
    broken = HISTORY.replace(
        "    progress: {functional_improvement: true}\n",
        "    progress: {functional_improvement: true}\n"
        "    extends: R-404\n"
        "    review: {status: pended, reason: later}\n",
    )
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")

    with pytest.raises(InvalidScenario) as raised:
        load_scenario(path)

    assert [(p.path, p.reason) for p in raised.value.problems] == [
        ("referral_requests[0].review.status", "a review decides: approved or denied"),
        ("referral_requests[0].extends", "no earlier referral 'R-404' to extend"),
    ]


def test_the_example_history_holds_its_expectations() -> None:
    run = run_scenario(load_scenario(EXAMPLE), load_library())

    statuses = [r.document.status.value for r in run.referral_requests]
    assert statuses == ["approved", "approved", "denied", "approved"]
