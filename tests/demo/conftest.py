"""A small demo built once per test session (and its twin from the same seed), in SQLite files.

The full demo is measured by hand (see the demo's report); the tests build a small one that
exercises every path: regions, practices, providers, members, documents, claims and accounts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from camnav.demo import DemoSize, DemoSummary, build_demo
from camnav.store.database import create_database_engine

POSTGRESQL_URL_VARIABLE = "CAMNAV_TEST_POSTGRESQL_URL"
SEED = 7
TODAY = date(2026, 11, 26)
SMALL = DemoSize(members=300, providers=200, practices=30)


@dataclass(frozen=True)
class Built:
    url: str
    summary: DemoSummary
    engine: Engine


def _build(directory: Path, name: str) -> Iterator[Built]:
    url = f"sqlite:///{directory / name}"
    summary = build_demo(url, SEED, today=TODAY, size=SMALL)
    engine = create_database_engine(url)
    try:
        yield Built(url, summary, engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield from _build(tmp_path_factory.mktemp("demo"), "demo.db")


@pytest.fixture(scope="session")
def twin_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The same build in another process with another string-hash seed: no set ordering or
    other per-process accident may change what is built."""
    url = f"sqlite:///{tmp_path_factory.mktemp('twin') / 'twin.db'}"
    script = (
        "import sys; from datetime import date; from camnav.demo import DemoSize, build_demo; "
        f"build_demo(sys.argv[1], {SEED}, today=date.fromisoformat('{TODAY}'), "
        f"size=DemoSize({SMALL.members}, {SMALL.providers}, {SMALL.practices}))"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, url], check=True, env=environment)
    summary = build_demo(url, SEED, today=TODAY, size=SMALL)  # reused: just the summary
    engine = create_database_engine(url)
    try:
        yield Built(url, summary, engine)
    finally:
        engine.dispose()


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema, dropped afterwards; skipped without one."""
    server = os.environ.get(POSTGRESQL_URL_VARIABLE)
    if not server:
        pytest.skip(f"set {POSTGRESQL_URL_VARIABLE} to build the demo on PostgreSQL too")
    schema = f"camnav_demo_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
