"""`camnav scenario run`: exit 0 when every expectation holds, 1 when any differs, 2 when a file
is invalid; the problems and differences are printed, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from camnav.cli import scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"
W1 = EXAMPLES / "w1-no-referral-needed.yaml"

cli = typer.Typer()
cli.add_typer(scenario.app, name="scenario")
runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(cli, ["scenario", "run", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def with_expectation(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "w1-changed.yaml"
    path.write_text(W1.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return path


def test_scenarios_whose_expectations_hold_exit_0() -> None:
    code, output = invoke(W1, EXAMPLES / "w2-covered-with-referral.yaml")

    assert code == 0
    assert "2 of 2 scenario files passed" in output


def test_a_differing_figure_exits_1_and_prints_the_difference(tmp_path: Path) -> None:
    path = with_expectation(tmp_path, 'member_owes: "25.00"', 'member_owes: "30.00"')

    code, output = invoke(path)
    assert code == 1
    assert 'claims[0].member_owes: expected "30.00", got "25.00"' in output


def test_an_invalid_file_exits_2_with_its_problems_and_no_traceback(tmp_path: Path) -> None:
    path = with_expectation(tmp_path, "units: 4", "units: 0")

    code, output = invoke(path, W1)
    assert code == 2
    assert f"{path}: claims[0].lines[0].units: must be a positive integer" in output
    assert "Traceback" not in output
    assert "1 of 2 scenario files passed" in output


def test_a_file_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    code, output = invoke(tmp_path / "missing.yaml")

    assert code == 2
    assert "missing.yaml" in output and "cannot read" in output


def test_json_output_holds_each_claim_and_what_the_expectations_found(tmp_path: Path) -> None:
    path = with_expectation(tmp_path, 'plan_pays: "115.00"', 'plan_pays: "110.00"')

    code, output = invoke("--json", W1, path)
    document = json.loads(output)
    assert code == 1
    assert document["passed"] is False
    first, second = document["scenarios"]
    assert first["claims"][0]["member_total"] == "25.00"
    assert first["claims"][0]["lines"][0]["carc"] == ["3"]
    assert first["expectations"]["holds"] is True
    assert second["expectations"]["differences"] == [
        'claims[0].plan_pays: expected "110.00", got "115.00"'
    ]


def test_json_output_lists_the_problems_of_an_invalid_file(tmp_path: Path) -> None:
    path = with_expectation(tmp_path, "plan: {id: example-a", "plan: {id: example-q")

    code, output = invoke("--json", path)
    (report,) = json.loads(output)["scenarios"]
    assert code == 2
    assert report["problems"][0]["path"] == "plan"
