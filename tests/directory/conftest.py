"""Directory tests: services over a real database (SQLite, and PostgreSQL when
CAMNAV_TEST_POSTGRESQL_URL is set), the clock fixed at NOW.

A session's database is migrated once and holds the reference data (regions, the network, a
member of plan A); each test runs inside an outer transaction that is rolled back (units of work
commit savepoints). The generated data set's test builds a database of its own.

The generated data set's two runs (SQLite, PostgreSQL) take most of a minute each; they are
placed so that each pytest-xdist worker starts with one of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from directory_builders import seed_reference, story_context
from directory_databases import DATABASES, migrated_engine
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from camnav.library.library import PlanLibrary, load_library
from camnav.services.context import ServiceContext
from camnav.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the long runs at the head of the first two workers' first chunks: pytest-xdist's
    load scheduler hands each worker a chunk of consecutive tests, a quarter of its share (at
    least two), so two long runs side by side would both land on the first worker."""
    workers = getattr(config, "workerinput", {}).get("workercount", 0)
    long_runs = [item for item in items if item.get_closest_marker("slow") and _ours(item)]
    if workers < 2 or len(long_runs) != 2 or len(items) < 4 * workers:
        return
    rest = [item for item in items if item not in long_runs]
    chunk = max(len(items) // workers // 4, 2)
    items[:] = [long_runs[0], *rest[: chunk - 1], long_runs[1], *rest[chunk - 1 :]]


def _ours(item: pytest.Item) -> bool:
    return Path(__file__).parent in item.path.parents


@pytest.fixture(scope="session")
def library() -> PlanLibrary:
    return load_library()


@pytest.fixture(scope="session", params=DATABASES)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, library: PlanLibrary
) -> Iterator[Engine]:
    with migrated_engine(request.param, tmp_path_factory.mktemp("directory")) as engine:
        seed_reference(story_context(unit_of_work_factory(engine), library))
        yield engine


@pytest.fixture
def ctx(engine: Engine, library: PlanLibrary) -> Iterator[ServiceContext]:
    """Services on the session's database; everything the test does is rolled back."""
    with engine.connect() as connection:
        outer = connection.begin()
        sessions = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

        def units(*, write: bool = True) -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions, write=write)

        try:
            yield story_context(units, library)
        finally:
            if outer.is_active:
                outer.rollback()
