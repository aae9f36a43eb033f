"""The auto-adjudication rate on demo data, through `camnav claims`: at least 95 % of claims are
decided without a person; and the payment ledger, posted for the demo's history, reconciles.

A small demo (the seed and size of tests/demo) stands in for the full one, measured by hand
(docs/claims.md gives the command and the figure)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from typer.testing import CliRunner

from camnav.cli import app
from camnav.demo import DemoSize, build_demo

SMALL = DemoSize(members=300, providers=200, practices=30)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('rate') / 'demo.db'}"
    build_demo(url, 7, today=date(2026, 11, 26), size=SMALL)
    yield url


def camnav(url: str, *arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(arguments), env={"CAMNAV_DATABASE_URL": url})
    return result.exit_code, result.output


def test_at_least_95_percent_of_the_demo_claims_are_decided_without_a_person(
    demo_url: str,
) -> None:
    code, output = camnav(demo_url, "claims", "rate", "--json")

    report = json.loads(output)
    assert code == 0
    assert report["claims"] > 500
    assert report["rate"] >= 0.95
    assert report["pended"] == sum(r["claims"] for r in report["by_pending_reason"].values())
    assert set(report["by_pending_reason"]) <= {"credential_review"}


def test_the_demo_history_is_in_the_payment_ledger_and_reconciles(demo_url: str) -> None:
    posted_code, posted = camnav(demo_url, "claims", "post-payments")
    code, output = camnav(demo_url, "claims", "reconcile", "--json")

    report = json.loads(output)
    assert (posted_code, code) == (0, 0)
    assert posted == "posted 0 payments\n"  # the build posted every payment itself
    assert report["balanced"] is True
    assert report["ledger_total"] == report["claims_total"] != "0.00"
