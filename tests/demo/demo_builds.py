"""What the demo tests share besides their fixtures: the small demo's seed, day and size, and a
built demo. Import with `from demo_builds import ...` (a unique name: every test folder has a
conftest module of its own, and which one `conftest` means depends on the order of collection).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from camnav.demo import DemoSize, DemoSummary

SEED = 7
TODAY = date(2026, 11, 26)
SMALL = DemoSize(members=300, providers=200, practices=30)


@dataclass(frozen=True)
class Built:
    url: str
    summary: DemoSummary
    engine: Engine
