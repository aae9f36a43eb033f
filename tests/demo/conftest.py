"""A small demo built once per test session (and its twin from the same seed), in SQLite files.

The full demo is measured by hand (see the demo's report); the tests build a small one that
exercises every path: regions, practices, providers, members, documents, claims and accounts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_builds import SEED, SMALL, TODAY, Built

from camnav.demo import build_demo
from camnav.store.database import create_database_engine
from database_fixtures import POSTGRESQL_URL_VARIABLE, postgresql_schema


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
    with postgresql_schema("camnav_demo") as url:
        yield url
