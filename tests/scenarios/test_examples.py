"""Every scenario file in examples/scenarios runs and every figure its `expect:` block states holds.

The files are the worked examples W1-W6 and one scenario per situation the conventions (domain
reference §7) name, with figures derived by hand from the conventions and the demo plans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from camnav.library.library import PlanLibrary, load_library
from camnav.scenarios.report import report_file

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples" / "scenarios"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def library() -> PlanLibrary:
    return load_library()


def test_the_examples_directory_holds_scenarios() -> None:
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_example_scenario_meets_its_expectations(path: Path, library: PlanLibrary) -> None:
    report = report_file(path, library)

    assert report.problems == ()
    assert report.comparison is not None, "an example states the figures it expects"
    assert report.comparison.checked > 0
    assert report.comparison.differences == []


@pytest.mark.parametrize("number", range(1, 7))
def test_each_worked_example_has_its_scenario(number: int) -> None:
    assert list(EXAMPLES_DIR.glob(f"w{number}-*.yaml")), f"no scenario for worked example W{number}"
