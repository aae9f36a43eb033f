"""`camnav providers import-nppes`, `import-licenses`, `nearest` and `expiring`, run through
Typer's test runner on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from directory_builders import SAM, a_registry_row, a_roster_row, registry_file, roster_file
from typer.testing import CliRunner

from camnav.cli.providers import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"CAMNAV_DATABASE_URL": f"sqlite:///{tmp_path / 'camnav.db'}", "COLUMNS": "200"}


def test_import_then_find_the_nearest_and_the_licenses_to_renew(
    tmp_path: Path, env: dict[str, str]
) -> None:
    registry, roster = tmp_path / "npidata.csv", tmp_path / "roster.csv"
    bad = a_registry_row(NPI="1234567890")
    registry.write_bytes(registry_file([a_registry_row(), bad]).read())
    roster.write_bytes(roster_file([a_roster_row(expires="2025-04-01")]).read())

    imported = runner.invoke(app, ["import-nppes", str(registry)], env=env)
    assert imported.exit_code == 0, imported.output
    assert "2 rows" in imported.output and "1 added" in imported.output
    assert "npidata.csv, row 3: NPI 1234567890 fails the check digit" in imported.output
    licensed = runner.invoke(app, ["import-licenses", str(roster)], env=env)
    assert licensed.exit_code == 0 and "1 added" in licensed.output

    where = ["--zip", "97214", "--category", "massage", "-k", "20", "--on", "2025-03-10"]
    nearest = runner.invoke(app, ["nearest", *where, "--json"], env=env)
    assert nearest.exit_code == 0, nearest.output
    (result,) = json.loads(nearest.output)["results"]
    assert (result["provider"]["npi"], result["credential"]["status"]) == (SAM, "licensed")

    expiring = runner.invoke(app, ["expiring", "--days", "30", "--on", "2025-03-10"], env=env)
    assert expiring.exit_code == 0 and "SAM RIVERA, LMT" in expiring.output


def test_an_unknown_zip_code_is_an_error(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["nearest", "--zip", "00000"], env=env)
    assert result.exit_code == 1
    assert "not a known US ZIP code" in result.output
