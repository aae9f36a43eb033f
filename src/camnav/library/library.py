"""The plan library: every plan version of a directory with the reference data they rest on.

A plan directory holds plan documents (`*.yaml` at its top), `catalogue.yaml`, `regions.yaml`
and `fee-schedules/*.yaml`; the schema of plan documents is `schema/plan.schema.json`. Reading
it checks each file and then the files against each other (a plan names a fee schedule and
regions that exist, categories of the catalogue, versions of a plan do not overlap), and
reports every problem at once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from camnav.domain.codes import Catalogue, FeeSchedule
from camnav.domain.diagnoses import CodeSet, ValueSet
from camnav.domain.plans import Plan
from camnav.domain.regions import Region
from camnav.domain.rules import Rules
from camnav.library.catalogue import read_catalogue, read_fee_schedule
from camnav.library.errors import DataFileError
from camnav.library.icd10cm import Icd10CmCodeSet, default_code_set, load_value_sets
from camnav.library.licensing import read_licensing
from camnav.library.plans import read_plan
from camnav.library.problems import DOCUMENT, InvalidDataFiles, Problem
from camnav.library.regions import read_regions

PLANS_DIR_VARIABLE = "CAMNAV_PLANS_DIR"
CATALOGUE_FILE = "catalogue.yaml"
REGIONS_FILE = "regions.yaml"
FEE_SCHEDULES_DIR = "fee-schedules"

T = TypeVar("T")


@dataclass(frozen=True)
class PlanLibrary:
    """Every version of every plan, and the rules and regions they are read with."""

    plans: tuple[Plan, ...]
    rules: Rules
    regions: Mapping[str, Region]

    @property
    def plan_ids(self) -> tuple[str, ...]:
        return tuple(sorted({plan.id for plan in self.plans}))

    def versions(self, plan_id: str) -> tuple[Plan, ...]:
        """Every version of a plan, oldest first; LookupError naming the known ids if none."""
        found = sorted((p for p in self.plans if p.id == plan_id), key=_chronological)
        if not found:
            known = ", ".join(self.plan_ids) or "none"
            raise LookupError(f"no plan {plan_id!r} in the plan library; known plans: {known}")
        return tuple(found)

    def plan(self, plan_id: str, on: date | None = None, version: str | None = None) -> Plan:
        """The version in effect on `on` (else the latest), or the version named."""
        versions = self.versions(plan_id)
        chosen = [
            plan
            for plan in versions
            if (version is None or plan.version == version)
            and (on is None or plan.effective_from <= on <= plan.effective_to)
        ]
        if not chosen:
            raise LookupError(_no_version(plan_id, on, version, versions))
        return chosen[-1]


def _chronological(plan: Plan) -> tuple[date, tuple[int, ...]]:
    return plan.effective_from, tuple(int(part) for part in plan.version.split("."))


def _no_version(plan_id: str, on: date | None, version: str | None, known: tuple[Plan, ...]) -> str:
    wanted = f"version {version}" if version else "version"
    if on is not None:
        wanted += f" in effect on {on}"
    listed = "; ".join(f"{p.version} ({p.effective_from} to {p.effective_to})" for p in known)
    return f"plan {plan_id!r} has no {wanted}; its versions: {listed}"


def default_plan_directory() -> Path:
    """$CAMNAV_PLANS_DIR when set, else the repository's plans/ directory."""
    configured = os.environ.get(PLANS_DIR_VARIABLE)
    return Path(configured) if configured else Path(__file__).resolve().parents[3] / "plans"


def plan_files(directory: Path) -> tuple[Path, ...]:
    """The plan documents of a directory: its top-level YAML files but the catalogue and regions."""
    others = {CATALOGUE_FILE, REGIONS_FILE}
    return tuple(sorted(p for p in directory.glob("*.yaml") if p.name not in others))


# The cache of load_library: (directory, id of the code set) -> (the code set, the library).
# The code set is kept so its id cannot be reused by another object while the entry lives.
_loaded: dict[tuple[Path, int], tuple[CodeSet, PlanLibrary]] = {}


def load_library(directory: Path | None = None, code_set: CodeSet | None = None) -> PlanLibrary:
    """The plan library of a directory (default: default_plan_directory()), read once per
    directory and code set; InvalidDataFiles lists every problem of every file."""
    where = Path(directory or default_plan_directory()).resolve()
    codes: CodeSet = code_set or default_code_set()
    key = (where, id(codes))
    if key not in _loaded:
        _loaded[key] = (codes, _load(where, codes))
    return _loaded[key][1]


def _load(directory: Path, code_set: CodeSet) -> PlanLibrary:
    problems: list[Problem] = []
    real = code_set if isinstance(code_set, Icd10CmCodeSet) else None
    value_sets = _attempt(problems, lambda: _value_sets(real))
    licensing = _attempt(problems, read_licensing)
    contents = _read_directory(directory, value_sets, problems)
    if problems:
        raise InvalidDataFiles(problems)
    assert contents.catalogue and contents.regions is not None and licensing  # no problems
    rules = Rules(contents.catalogue, contents.fee_schedules, code_set, licensing)
    plans = tuple(plan for _, plan in contents.plans)
    return PlanLibrary(plans, rules, contents.regions)


def validate_directory(directory: Path) -> tuple[Problem, ...]:
    """Every problem of a plan directory: of each plan, fee schedule, catalogue and regions file,
    and between them (a plan naming a missing fee schedule or region, overlapping versions...)."""
    problems: list[Problem] = []
    value_sets = _attempt(problems, lambda: _value_sets(None))
    _read_directory(directory, value_sets, problems)
    return tuple(problems)


def _value_sets(code_set: Icd10CmCodeSet | None) -> dict[str, ValueSet]:
    try:
        return load_value_sets(code_set=code_set)
    except DataFileError as error:
        raise InvalidDataFiles([Problem(error.file, error.path, error.reason)]) from None


def _attempt(problems: list[Problem], read: Callable[[], T]) -> T | None:
    """What `read` returns, or None with its problems added to `problems`."""
    try:
        return read()
    except InvalidDataFiles as error:
        problems.extend(error.problems)
        return None


@dataclass
class _Contents:
    """What a directory's files hold, each plan and fee schedule with the file it came from."""

    catalogue: Catalogue | None = None
    regions: dict[str, Region] | None = None
    regions_file: str = ""
    fee_schedules: dict[str, FeeSchedule] = field(default_factory=dict)
    schedule_files: dict[str, str] = field(default_factory=dict)
    plans: list[tuple[str, Plan]] = field(default_factory=list)


def _read_directory(
    directory: Path, value_sets: Mapping[str, ValueSet] | None, problems: list[Problem]
) -> _Contents:
    """Read every file of a plan directory, adding the problems found to `problems`.

    Without value sets (their file is broken) the plans are not read: every medical-necessity
    rule would be reported as naming an unknown value set.
    """
    contents = _Contents(regions_file=str(directory / REGIONS_FILE))
    contents.catalogue = _read_required(directory / CATALOGUE_FILE, read_catalogue, problems)
    contents.regions = _read_required(directory / REGIONS_FILE, read_regions, problems)
    for path in sorted((directory / FEE_SCHEDULES_DIR).glob("*.yaml")):
        schedule = _attempt(problems, functools.partial(read_fee_schedule, path))
        if schedule is not None:
            problems.extend(_add_schedule(contents, str(path), schedule))
    if value_sets is not None:
        contents.plans = list(_read_plans(directory, value_sets, problems))
    problems.extend(_cross_problems(contents))
    return contents


def _read_plans(
    directory: Path, value_sets: Mapping[str, ValueSet], problems: list[Problem]
) -> Iterator[tuple[str, Plan]]:
    for path in plan_files(directory):
        plan = _attempt(problems, functools.partial(read_plan, path, value_sets))
        if plan is not None:
            yield str(path), plan


def _read_required(path: Path, read: Callable[[Path], T], problems: list[Problem]) -> T | None:
    if not path.is_file():
        problems.append(Problem(str(path), DOCUMENT, "missing: every plan directory needs it"))
        return None
    return _attempt(problems, lambda: read(path))


def _add_schedule(contents: _Contents, file: str, schedule: FeeSchedule) -> Iterator[Problem]:
    if schedule.id in contents.fee_schedules:
        other = contents.schedule_files[schedule.id]
        yield Problem(file, "id", f"fee schedule {schedule.id} is also defined in {other}")
        return
    contents.fee_schedules[schedule.id] = schedule
    contents.schedule_files[schedule.id] = file


def _cross_problems(contents: _Contents) -> Iterator[Problem]:
    """The files checked against each other."""
    for file, plan in contents.plans:
        for where, why in _plan_references(plan, contents):
            yield Problem(file, where, why)
    yield from _version_problems(contents.plans)
    if contents.catalogue is not None:
        yield from _catalogue_references(contents, contents.catalogue)


def _catalogue_references(contents: _Contents, catalogue: Catalogue) -> Iterator[Problem]:
    """Fee schedules price catalogue codes; regions deliver catalogue categories."""
    for schedule_id, schedule in contents.fee_schedules.items():
        for code in sorted(set(schedule.rates) - set(catalogue.procedures)):
            file = contents.schedule_files[schedule_id]
            yield Problem(file, f"rates.{code}", f"{code} is not in the catalogue")
    for region in (contents.regions or {}).values():
        for category in sorted(set(region.delivery) - set(catalogue.category_titles)):
            where = f"regions.{region.id}.delivery.{category}"
            yield Problem(contents.regions_file, where, f"{category} is not a catalogue category")


def _plan_references(plan: Plan, contents: _Contents) -> Iterator[tuple[str, str]]:
    """A plan names regions, fee schedules and catalogue categories that exist."""
    for index, region in enumerate(plan.regions):
        if contents.regions is not None and region not in contents.regions:
            yield f"regions[{index}]", f"unknown region {region!r}"
    yield from _schedule_reference("fee_schedule", plan.fee_schedule, plan, contents)
    for category, benefit in plan.benefits.items():
        if benefit.out_of_network.covered:
            where = f"benefits.{category}.out_of_network.allowed.reference_schedule"
            schedule = benefit.out_of_network.reference_schedule
            yield from _schedule_reference(where, schedule, plan, contents)
    yield from _category_references(plan, contents.catalogue)


def _schedule_reference(
    where: str, schedule_id: str, plan: Plan, contents: _Contents
) -> Iterator[tuple[str, str]]:
    """The fee schedule exists and is in effect on every day the plan version is."""
    schedule = contents.fee_schedules.get(schedule_id)
    if schedule is None:
        yield where, f"unknown fee schedule {schedule_id!r} (none in {FEE_SCHEDULES_DIR}/)"
        return
    starts = schedule.effective_from or date.min
    ends = schedule.effective_to or date.max
    if plan.effective_from < starts or plan.effective_to > ends:
        yield where, f"{schedule_id} is in effect {starts} to {ends}, not all of the plan's dates"


def _category_references(plan: Plan, catalogue: Catalogue | None) -> Iterator[tuple[str, str]]:
    if catalogue is None:
        return
    known = catalogue.category_titles
    for category, benefit in plan.benefits.items():
        if category not in known:
            yield f"benefits.{category}", f"{category} is not a catalogue category"
        for index, other in enumerate(benefit.provider_categories):
            if other not in known:
                where = f"benefits.{category}.provider_categories[{index}]"
                yield where, f"{other} is not a catalogue category"


def _version_problems(plans: list[tuple[str, Plan]]) -> Iterator[Problem]:
    """A plan's versions differ in version and do not overlap: one is in effect on any day."""
    seen: list[tuple[str, Plan]] = []
    for file, plan in sorted(plans, key=lambda item: (item[1].id, _chronological(item[1]))):
        for other_file, other in seen:
            if other.id != plan.id:
                continue
            if other.version == plan.version:
                yield Problem(file, "version", f"{plan.version} is also in {other_file}")
            elif plan.effective_from <= other.effective_to:
                overlap = f"overlaps version {other.version} ({other_file}), in effect until"
                yield Problem(file, "effective.from", f"{overlap} {other.effective_to}")
        seen.append((file, plan))
