"""`camnav plans validate` and `camnav plans show`, run through Typer's test runner."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from camnav.cli.plans import app

PLANS = Path(__file__).resolve().parents[2] / "plans"
# A wide terminal keeps Rich from wrapping the citations the tests look for.
WIDE = {"COLUMNS": "200"}

runner = CliRunner()


def test_validate_reports_the_plan_files_of_a_valid_directory_and_exits_0() -> None:
    result = runner.invoke(app, ["validate", str(PLANS)])

    assert result.exit_code == 0
    assert result.output == "14 plan files valid\n"


def test_validate_prints_every_problem_and_a_summary_and_exits_1(tmp_path: Path) -> None:
    directory = tmp_path / "plans"
    shutil.copytree(PLANS, directory)
    plan = directory / "example-a-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('copay: "25.00"', 'copay: "25.001"', 1).replace("[northwest]", "[nowhere]")
    )
    (directory / "example-b-2025.yaml").write_text("id: [\n")

    result = runner.invoke(app, ["validate", str(directory)])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{directory / 'example-a-2025.yaml'}: benefits.massage.cost_share.in_network.copay: "
        "expected money as a quoted decimal string with two decimals, like \"25.00\", got '25.001'",
        f"{directory / 'example-b-2025.yaml'}: line 2, column 1: not valid YAML: "
        "expected the node content, but found '<stream end>'",
        "2 problem(s) in 2 file(s)",
    ]
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_refuses_a_directory_that_does_not_exist(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nowhere")])

    assert result.exit_code == 2


def test_show_prints_each_benefit_rule_with_its_citation() -> None:
    result = runner.invoke(app, ["show", "example-a", "--year", "2025"], env=WIDE)

    assert result.exit_code == 0
    assert "Example Health Northwest HMO (example-a 2025.1, hmo)" in result.output
    assert "$25.00 copay" in result.output
    assert "EOC 2025 §4.12 Therapeutic massage" in result.output
    assert "Benefit Summary 2025 §5 Therapeutic massage - $25 per visit" in result.output
    assert "EOC 2025 §4.12(d)(1) Exclusions - East Asian massage and tui na" in result.output


def test_show_without_a_year_prints_the_latest_version() -> None:
    result = runner.invoke(app, ["show", "example-g"], env=WIDE)

    assert result.exit_code == 0
    assert "example-g 2026.1" in result.output
    assert "authorization from visit 13" in result.output


def test_show_names_the_known_plans_when_the_id_is_unknown() -> None:
    result = runner.invoke(app, ["show", "example-z"])

    assert result.exit_code == 1
    assert "no plan 'example-z' in the plan library; known plans: example-a" in result.output


def test_show_names_the_plan_years_when_the_year_has_no_version() -> None:
    result = runner.invoke(app, ["show", "example-a", "--year", "2024"])

    assert result.exit_code == 1
    assert "plan 'example-a' has no plan year 2024; its years: 2025, 2026" in result.output
