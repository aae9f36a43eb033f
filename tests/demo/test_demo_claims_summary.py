"""The staff dashboard's claim figures on the small demo, counted by the database."""

from __future__ import annotations

from demo_builds import Built

from camnav.services.claims_ports import ClaimsSummary
from camnav.store.database import create_database_engine
from camnav.store.unit_of_work import unit_of_work_factory


def summary_of(url: str) -> ClaimsSummary:
    engine = create_database_engine(url)
    try:
        with unit_of_work_factory(engine)(write=False) as uow:
            return uow.reviews.claims_summary()
    finally:
        engine.dispose()


def test_the_claims_summary_counts_statuses_reasons_and_spend_of_the_current_decisions(
    small_demo: Built,
) -> None:
    summary = summary_of(small_demo.url)

    assert summary.by_status == {
        "denied": 20,
        "paid": 670,
        "partially_paid": 3,
        "pended": 3,
        "returned": 3,
    }
    assert summary.lines_by_reason["copay"] == 491
    assert summary.lines_by_reason["credential_review"] == 4
    assert sum(summary.lines_by_reason.values()) == 1094
    assert summary.paid_by_category == {
        "acupuncture": 1283000,
        "chiropractic": 277600,
        "massage": 1046060,
        "physical_therapy": 605100,
    }
