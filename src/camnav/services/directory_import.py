"""Use cases: import providers from an NPPES file and licenses from a state board's roster.

Both stream the file and write it in batches, one unit of work a batch, so a big file never sits
in memory nor holds the database's write lock for long. Bad rows are reported with their row
number and reason while the good rows load; a re-import of the same file changes nothing. Only a
plan administrator imports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from camnav.domain.providers import License
from camnav.library.csv_records import Progress, RowProblem
from camnav.library.license_rosters import RosterEntry, read_roster
from camnav.library.nppes import NppesProvider, Skip, read_nppes
from camnav.library.zip_codes import zip_centroid
from camnav.services.access import refuse
from camnav.services.actors import Actor
from camnav.services.context import ServiceContext
from camnav.services.directory_ports import (
    LicenseHolder,
    LicenseKey,
    PlacedProvider,
    WriteCounts,
)
from camnav.services.ports import Role

BATCH_SIZE = 5_000
# A report keeps this many problems; it counts them all.
KEPT_PROBLEMS = 1_000


@dataclass
class ImportReport:
    """What an import read, wrote, skipped and could not load (each problem with its row)."""

    rows: int = 0
    written: WriteCounts = field(default_factory=WriteCounts)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0

    def add_problem(self, problem: RowProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(problem)


def import_nppes(
    ctx: ServiceContext,
    actor: Actor,
    stream: BinaryIO,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Load the providers of an NPPES file, each placed at its practice ZIP code's centroid."""
    _require_administrator(ctx, actor, "import providers")
    report, batch = ImportReport(), []
    for item in read_nppes(stream, progress):
        report.rows += _is_row(item)
        placed = _placed(item, report)
        if placed is not None:
            batch.append(placed)
        if len(batch) >= batch_size:
            report.written += _save_providers(ctx, batch)
            batch = []
    report.written += _save_providers(ctx, batch)
    return report


def _is_row(item: object) -> bool:
    """Everything read but a problem with the header (or an empty file) is a row."""
    return not (isinstance(item, RowProblem) and item.row == 1)


def _placed(item: NppesProvider | RowProblem | Skip, report: ImportReport) -> PlacedProvider | None:
    if isinstance(item, Skip):
        report.skipped[item.value] += 1
        return None
    if isinstance(item, RowProblem):
        report.add_problem(item)
        return None
    centroid = zip_centroid(item.zip_code)
    if centroid is None:
        report.add_problem(RowProblem(item.row, f"ZIP code {item.zip_code} is not a known ZIP"))
        return None
    return PlacedProvider(item, centroid.point)


def _save_providers(ctx: ServiceContext, batch: Sequence[PlacedProvider]) -> WriteCounts:
    if not batch:
        return WriteCounts()
    with ctx.units() as uow:
        written = uow.directory.save_providers(batch)
        uow.commit()
    return written


def import_license_roster(
    ctx: ServiceContext,
    actor: Actor,
    stream: BinaryIO,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Load a state board's roster: each license matched to the provider who reported its number
    (or holds it on record) and whose last name the roster shows."""
    _require_administrator(ctx, actor, "import licenses")
    report, batch = ImportReport(), []
    first_row: dict[LicenseKey, int] = {}
    for item in read_roster(stream, progress):
        report.rows += _is_row(item)
        entry = _first_of_its_license(item, first_row)
        if isinstance(entry, RowProblem):
            report.add_problem(entry)
            continue
        batch.append(entry)
        if len(batch) >= batch_size:
            _save_roster(ctx, batch, report)
            batch = []
    _save_roster(ctx, batch, report)
    return report


def _first_of_its_license(
    item: RosterEntry | RowProblem, first_row: dict[LicenseKey, int]
) -> RosterEntry | RowProblem:
    if isinstance(item, RowProblem):
        return item
    first = first_row.setdefault((item.state, item.number), item.row)
    if first != item.row:
        return RowProblem(item.row, f"license {item.state} {item.number} repeats row {first}")
    return item


def _save_roster(ctx: ServiceContext, batch: Sequence[RosterEntry], report: ImportReport) -> None:
    if not batch:
        return
    with ctx.units() as uow:
        holders = uow.directory.holders({(e.state, e.number) for e in batch})
        matched: list[tuple[str, License]] = []
        for entry in batch:
            holder = holder_of(entry, holders.get((entry.state, entry.number), ()))
            if isinstance(holder, RowProblem):
                report.add_problem(holder)
            else:
                matched.append((holder.provider_id, entry.license))
        report.written += uow.directory.save_licenses(matched)
        uow.commit()


def holder_of(entry: RosterEntry, holders: Sequence[LicenseHolder]) -> LicenseHolder | RowProblem:
    """The one provider who reported the license and whose last name the roster's name shows."""
    where = f"license {entry.state} {entry.number}"
    if not holders:
        return RowProblem(entry.row, f"{where}: no provider in the directory reports it")
    named = [h for h in holders if _same_surname(entry.name, h)]
    if not named:
        reported = "; ".join(h.name for h in holders)
        return RowProblem(entry.row, f"{where}: reported by {reported}, not {entry.name!r}")
    if len(named) > 1:
        ids = ", ".join(h.provider_id for h in named)
        return RowProblem(entry.row, f"{where}: reported by more than one provider ({ids})")
    return named[0]


def _same_surname(roster_name: str, holder: LicenseHolder) -> bool:
    """Every word of the holder's last name is a word of the roster's name, whatever the case
    and order ("DOE, JANE" and "Jane Doe" both show Doe)."""
    wanted = _words(_surname(holder))
    return bool(wanted) and wanted <= _words(roster_name)


def _surname(holder: LicenseHolder) -> str:
    """The registry's last name, else the last word before a comma ("Jane Doe, LMT")."""
    if holder.last_name:
        return holder.last_name
    words = holder.name.split(",")[0].split()
    return words[-1] if words else ""


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


def _require_administrator(ctx: ServiceContext, actor: Actor, action: str) -> None:
    if actor.role is not Role.PLAN_ADMINISTRATOR:
        with ctx.units() as uow:
            raise refuse(uow, ctx, actor, action, ("directory", ""), None)
