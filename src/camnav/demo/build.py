"""`build_demo`: migrate a database and fill it with the synthetic Example Health, or find the
demo already built there and leave it as it is."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from rich.progress import Progress
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from camnav.demo.accounts import DemoAccount, stored_accounts
from camnav.demo.example_health import DemoSize, imagine
from camnav.demo.progress import Steps
from camnav.demo.save import BUILT_ACTION, save
from camnav.demo.writer import bulk_transaction
from camnav.library.library import PlanLibrary, load_library
from camnav.store.database import create_database_engine
from camnav.store.migrate import upgrade
from camnav.store.tables import metadata
from camnav.store.tables.audit import AuditEventRow
from camnav.store.tables.members import MemberRow
from camnav.store.users import SqlUserRepository

FULL_SIZE = DemoSize()
MINIMUM_HISTORY = timedelta(days=183)
DEFAULT_SEED = 2026
# The tables whose row counts the summary reports.
COUNTED = (
    "regions",
    "medical_centers",
    "networks",
    "organizations",
    "contracts",
    "providers",
    "licenses",
    "plans",
    "members",
    "enrollments",
    "referrals",
    "letters",
    "claims",
    "determinations",
    "accumulator_entries",
    "users",
)


class DemoDatabaseInUse(Exception):
    """The database holds members that no demo build put there: the demo will not mix in."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a build made (or found): row counts, the demo accounts, how long it took."""

    reused: bool
    seed: int
    today: date
    counts: Mapping[str, int]
    accounts: tuple[DemoAccount, ...]
    elapsed_seconds: float


def build_demo(
    url: str,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    today: date | None = None,
    size: DemoSize = FULL_SIZE,
) -> DemoSummary:
    """Build the demo into the database at `url` (migrating it first) and summarize it.

    The same seed, day and size give the same database. `today` (default: the current date, at
    most the last day the plan library covers) ends the year of claim history. A database that
    already holds a demo build is left as it is (`reused`); one that holds other members raises
    DemoDatabaseInUse.
    """
    started = time.perf_counter()
    upgrade(url)
    engine = create_database_engine(url)
    try:
        marker = _built(engine)
        reused = marker is not None
        if marker is None:
            marker = _build(engine, seed, size, today, Steps(progress))
        return _summary(engine, marker, reused, time.perf_counter() - started)
    finally:
        engine.dispose()


def demo_day(library: PlanLibrary, today: date | None) -> date:
    """The day the history ends: `today`, or the current date; never past the last day every
    plan of the library covers (claims need a plan version in force), and at least half a year
    after the first (the history needs room for its stories)."""
    first = min(plan.effective_from for plan in library.plans) + MINIMUM_HISTORY
    last = min(library.versions(plan_id)[-1].effective_to for plan_id in library.plan_ids)
    day = min(date.today(), last) if today is None else today
    if not first <= day <= last:
        raise ValueError(f"the demo's history can end from {first} to {last}, not on {day}")
    return day


def _build(
    engine: Engine, seed: int, size: DemoSize, today: date | None, steps: Steps
) -> Mapping[str, Any]:
    with _no_garbage_collection():
        library = load_library()
        day = demo_day(library, today)
        health = imagine(library, seed, size, day, steps)
        with bulk_transaction(engine) as connection:
            save(connection, health, seed, steps)
    return {"seed": seed, "today": day.isoformat()}


@contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """The build (and the plan library and ZIP code data it reads) makes millions of small
    objects and few reference cycles: the cycle collector would walk all of them again and again
    (a third of the build's time) to free almost nothing. Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _built(engine: Engine) -> Mapping[str, Any] | None:
    """The detail of the demo build's audit event, None when the database is empty; raises
    DemoDatabaseInUse when it holds members but no demo build."""
    with engine.connect() as connection:
        marker = select(AuditEventRow.detail).where(AuditEventRow.action == BUILT_ACTION)
        detail: Mapping[str, Any] | None = connection.scalar(marker.limit(1))
        if detail is not None:
            return detail
        if connection.scalar(select(func.count()).select_from(MemberRow)):
            raise DemoDatabaseInUse("the database holds members of its own; use another one")
    return None


def _summary(
    engine: Engine, marker: Mapping[str, Any], reused: bool, elapsed: float
) -> DemoSummary:
    with Session(engine) as session:
        counts = {
            name: session.scalar(select(func.count()).select_from(metadata.tables[name])) or 0
            for name in COUNTED
        }
        accounts = stored_accounts(SqlUserRepository(session))
    return DemoSummary(
        reused=reused,
        seed=int(marker["seed"]),
        today=date.fromisoformat(str(marker["today"])),
        counts=MappingProxyType(counts),
        accounts=accounts,
        elapsed_seconds=round(elapsed, 3),
    )
