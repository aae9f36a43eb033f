"""Referral tests run the real app (`create_app`) through the real TestClient on SQLite and,
when CAMNAV_TEST_POSTGRESQL_URL is set, on PostgreSQL too, with the clock fixed at NOW.

As in tests/api: a session's database is migrated, the cast stored and signed in once; each test
then runs inside an outer transaction that is rolled back (units of work commit savepoints).
PostgreSQL work happens in a schema of its own per database, so parallel workers never meet.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from referral_cast import Api, Who, fixed_clock, seed_cast, sign_in
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from camnav.api.app import create_app
from camnav.library.library import PlanLibrary, load_library
from camnav.services.context import ServiceContext
from camnav.services.ports import UnitOfWorkFactory
from camnav.store.database import create_database_engine
from camnav.store.migrate import upgrade
from camnav.store.unit_of_work import SqlUnitOfWork, unit_of_work_factory

POSTGRESQL_URL_VARIABLE = "CAMNAV_TEST_POSTGRESQL_URL"

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRESQL_URL_VARIABLE),
            reason=f"set {POSTGRESQL_URL_VARIABLE} to run the referral tests on PostgreSQL",
        ),
    ),
]


@contextmanager
def migrated_engine(kind: str, directory: Path) -> Iterator[Engine]:
    """An engine on a new, migrated SQLite file or PostgreSQL schema, dropped afterwards."""
    name = f"camnav_referrals_{uuid.uuid4().hex[:12]}"
    if kind == "sqlite":
        url = f"sqlite:///{directory / name}.db"
        upgrade(url)
        engine = create_database_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    server = os.environ[POSTGRESQL_URL_VARIABLE]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={name}"})
        rendered = url.render_as_string(hide_password=False)
        upgrade(rendered)
        engine = create_database_engine(rendered)
        try:
            yield engine
        finally:
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


@dataclass(frozen=True)
class CastDatabase:
    kind: str
    engine: Engine
    tokens: dict[Who, str]
    user_ids: dict[Who, int]


@pytest.fixture(scope="session")
def library() -> PlanLibrary:
    return load_library()


def cast_context(units: UnitOfWorkFactory, library: PlanLibrary) -> ServiceContext:
    return ServiceContext(units, library, clock=fixed_clock)


@pytest.fixture(scope="session", params=DATABASES)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, library: PlanLibrary
) -> Iterator[CastDatabase]:
    with migrated_engine(request.param, tmp_path_factory.mktemp("referrals")) as engine:
        context = cast_context(unit_of_work_factory(engine), library)
        user_ids = seed_cast(context.units, library)
        with TestClient(create_app(context)) as client:
            tokens = {who: sign_in(client, who) for who in Who}
        yield CastDatabase(request.param, engine, tokens, user_ids)


@pytest.fixture
def api(database: CastDatabase, library: PlanLibrary) -> Iterator[Api]:
    """The app on the cast's database; everything the test does is rolled back afterwards."""
    with database.engine.connect() as connection:
        outer = connection.begin()
        sessions = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

        def units(*, write: bool = True) -> SqlUnitOfWork:
            return SqlUnitOfWork(sessions, write=write)

        try:
            with TestClient(create_app(cast_context(units, library))) as client:
                yield Api(client, database.tokens, database.user_ids, units)
        finally:
            if outer.is_active:
                outer.rollback()
