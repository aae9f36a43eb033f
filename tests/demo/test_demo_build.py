"""The demo build: the same seed gives the same database, a second build reuses it, and a
database with members of its own is left alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from demo_builds import SEED, SMALL, TODAY, Built
from sqlalchemy import Engine, select
from test_demo_claims_summary import summary_of

from camnav.demo import build_demo
from camnav.demo.build import DemoDatabaseInUse, demo_day
from camnav.library.library import load_library
from camnav.services.ports import MemberRecord
from camnav.store.database import create_database_engine, session_factory
from camnav.store.migrate import upgrade
from camnav.store.tables import metadata
from camnav.store.unit_of_work import SqlUnitOfWork


def rows_of(engine: Engine, table: str) -> list[tuple[object, ...]]:
    columns = metadata.tables[table].columns
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(*columns))]


def test_the_same_seed_builds_the_same_database_to_the_last_row(
    small_demo: Built, twin_demo: Built
) -> None:
    for table in sorted(metadata.tables):
        assert rows_of(small_demo.engine, table) == rows_of(twin_demo.engine, table), table


def test_the_summary_counts_what_was_asked_for(small_demo: Built) -> None:
    summary = small_demo.summary
    assert not summary.reused
    assert (summary.seed, summary.today) == (SEED, TODAY)
    assert summary.counts["members"] == SMALL.members
    assert summary.counts["providers"] == SMALL.providers
    assert summary.counts["organizations"] >= SMALL.practices
    assert summary.counts["regions"] == 8
    assert summary.counts["medical_centers"] == 40
    assert summary.counts["plans"] == 14
    assert 0 < summary.counts["claims"] == summary.counts["determinations"]
    assert summary.elapsed_seconds > 0


def test_a_second_build_finds_the_demo_and_changes_nothing(small_demo: Built) -> None:
    before = {table: rows_of(small_demo.engine, table) for table in sorted(metadata.tables)}

    again = build_demo(small_demo.url, seed=SEED + 1, today=TODAY, size=SMALL)

    assert again.reused
    assert (again.seed, again.today) == (SEED, TODAY)
    assert again.counts == small_demo.summary.counts
    assert again.accounts == small_demo.summary.accounts
    for table, rows in before.items():
        assert rows_of(small_demo.engine, table) == rows, table


def test_a_database_with_members_of_its_own_is_left_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(url)
    engine = create_database_engine(url)
    with SqlUnitOfWork(session_factory(engine)) as uow:
        uow.members.add(MemberRecord("X-1", "Ada", "Lovelace", date(1980, 1, 1), "98101"))
        uow.commit()

    with pytest.raises(DemoDatabaseInUse):
        build_demo(url, today=TODAY, size=SMALL)

    assert len(rows_of(engine, "members")) == 1
    engine.dispose()


def test_postgresql_gets_the_same_demo_and_reuses_it(
    small_demo: Built, postgresql_url: str
) -> None:
    built = build_demo(postgresql_url, SEED, today=TODAY, size=SMALL)
    again = build_demo(postgresql_url, SEED, today=TODAY, size=SMALL)

    assert not built.reused and again.reused
    assert built.counts == small_demo.summary.counts
    assert built.accounts == small_demo.summary.accounts
    assert summary_of(postgresql_url) == summary_of(small_demo.url)


def test_the_history_ends_on_a_day_the_plan_library_covers() -> None:
    library = load_library()
    assert demo_day(library, TODAY) == TODAY
    assert demo_day(library, None) <= date(2026, 12, 31)
    for outside in (date(2027, 1, 1), date(2025, 2, 1)):
        with pytest.raises(ValueError, match="history can end"):
            demo_day(library, outside)
