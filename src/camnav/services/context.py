"""What every use case is given: the units of work, the plan library and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from camnav.library.library import PlanLibrary
from camnav.services.claims_ports import FileStore
from camnav.services.ports import UnitOfWorkFactory


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """Built once at start-up by the entry point and passed to each use case."""

    units: UnitOfWorkFactory
    library: PlanLibrary
    clock: Callable[[], datetime] = utc_now
    files: FileStore | None = None  # uploaded documents' content, outside the database
    # Test only: seconds the claims service waits before committing a decision (crash tests).
    test_commit_delay_seconds: float = 0.0

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()
