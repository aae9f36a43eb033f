"""`camnav referrals`: a physician refers, a reviewer decides, letters come out as JSON and PDF,
and a refusal ends with status 1, all over a real SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from referral_cast import MARIA, PASSWORD, seed_cast
from typer.testing import CliRunner

from camnav.cli import app
from camnav.library.library import load_library
from camnav.store.database import create_database_engine
from camnav.store.migrate import upgrade
from camnav.store.unit_of_work import unit_of_work_factory

runner = CliRunner()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'referrals.db'}"
    upgrade(url)
    engine = create_database_engine(url)
    seed_cast(unit_of_work_factory(engine), load_library())
    engine.dispose()
    yield url


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("CAMNAV_DATABASE_URL", database_url)
    monkeypatch.setenv("CAMNAV_PASSWORD", PASSWORD)

    def invoke(*args: str) -> tuple[int, Any]:
        result = runner.invoke(app, ["referrals", *args])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        output = result.stdout
        return result.exit_code, json.loads(output) if result.exit_code == 0 else result.stderr

    return invoke


REFER = ("create", MARIA, "--as", "dr.reyes", "--from", "2025-03-10", "--weeks", "12")


def test_a_physician_refers_and_the_rules_decide_at_once(cli: Any) -> None:
    code, found = cli(*REFER, "--visits", "6", "--diagnosis", "M79.7", "--tried", "PT, 8 weeks")

    assert code == 0
    assert (found["status"], found["valid_to"]) == ("approved", "2025-06-01")


def test_a_pended_referral_is_decided_by_a_reviewer_with_a_reason(cli: Any, tmp_path: Path) -> None:
    code, found = cli(*REFER, "--visits", "6", "--diagnosis", "M79.7")
    assert (code, found["status"]) == (0, "pended")
    code, queue = cli("queue", "--as", "priya.shah")
    assert found["id"] in [entry["referral"]["id"] for entry in queue]

    code, decided = cli(
        "decide", found["id"], "--as", "priya.shah", "--deny", "--reason", "no PT tried"
    )
    assert (code, decided["status"]) == (0, "denied")

    pdf = tmp_path / "letter.pdf"
    code, letter = cli("letter", found["id"], "--as", "maria.lopez", "--pdf", str(pdf))
    assert letter["reasons"][0]["text"] == "no PT tried"
    text = " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    assert "Reason: no PT tried" in " ".join(text.split())


def test_a_refusal_ends_with_status_1_and_a_message(cli: Any) -> None:
    code, message = cli("queue", "--as", "maria.lopez")

    assert code == 1
    assert message.startswith("error: member maria.lopez may not read the review queue")


def test_metrics_come_out_as_json(cli: Any) -> None:
    code, metrics = cli(
        "metrics", "--as", "alex.morgan", "--from", "2020-01-01", "--to", "2030-12-31"
    )

    assert code == 0
    assert set(metrics) >= {"approved", "denied", "pended", "approved_after_appeal"}
