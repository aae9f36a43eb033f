"""A generated directory of 500,000 providers at real ZIP codes (the acceptance's size), imported
through the services on SQLite and on PostgreSQL: every row loads, and the nearest search
returns exactly what brute force over every provider's place returns (great-circle distance,
ties by id) for random origins and filters.

The file is written once a session and shared by the xdist workers; the two runs are put first
in the suite (conftest.py) so that each worker starts one of them.
"""

from __future__ import annotations

import fcntl
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from directory_builders import ADMIN, MAYA, NETWORK, STAFF, TODAY, seed_reference, story_context
from directory_databases import DATABASES, migrated_engine
from sqlalchemy import Engine, func, insert, literal, select, update

from camnav.demo.nppes_file import DirectoryFiles, write_directory_files
from camnav.domain.credentials import credential_on
from camnav.domain.directory import delivery_on
from camnav.domain.places import GeoPoint, distance_km
from camnav.domain.plans import DeliveryMode, Tier
from camnav.domain.providers import License, LicenseStatus, Participation, Provider
from camnav.library.library import PlanLibrary
from camnav.services.context import ServiceContext
from camnav.services.directory import DirectorySearch, Listed, listed_for, search_directory
from camnav.services.directory_import import import_license_roster, import_nppes
from camnav.services.directory_ports import PlaceFilters, WriteCounts
from camnav.services.ports import ProviderRecord
from camnav.store.tables import metadata
from camnav.store.unit_of_work import unit_of_work_factory

PROVIDERS = 500_000
QUERIES = 60
# What the generator writes for 500,000 providers (seed 6): records skipped (organizations and
# other taxonomies, 2 % each) and roster rows (none for massage where no state license exists).
SKIPPED = 20_000
ROSTER_ROWS = 483_462
NO_MASSAGE_LICENSE = ("KS", "MN", "VT", "WY")
providers = metadata.tables["providers"]


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> DirectoryFiles:
    """The files, written once for every pytest worker of the session."""
    shared = tmp_path_factory.getbasetemp().parent / "directory-dataset"
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / f"done-{PROVIDERS}"
        if not done.exists():
            write_directory_files(shared, PROVIDERS)
            done.write_text("ok")
    return DirectoryFiles(shared / "nppes.csv", shared / "roster.csv", PROVIDERS, SKIPPED)


@pytest.fixture(params=DATABASES)
def directory_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with migrated_engine(request.param, tmp_path) as engine:
        yield engine


@pytest.mark.slow
def test_500000_generated_providers_load_and_their_nearest_equal_brute_force(
    dataset: DirectoryFiles, directory_engine: Engine, library: PlanLibrary
) -> None:
    ctx = story_context(unit_of_work_factory(directory_engine), library)
    seed_reference(ctx)
    _import_and_check(ctx, dataset)
    _vary(directory_engine)
    everyone = _everyone(ctx)
    rng = random.Random(2026)
    for _ in range(QUERIES):
        _compare(ctx, everyone, _question(rng, everyone))


def _import_and_check(ctx: ServiceContext, dataset: DirectoryFiles) -> None:
    with dataset.nppes.open("rb") as stream:
        first = import_nppes(ctx, ADMIN, stream)
    assert (first.rows, first.written, first.problem_count) == (
        PROVIDERS + SKIPPED,
        WriteCounts(inserted=PROVIDERS),
        0,
    )
    assert first.skipped == {"organization": SKIPPED // 2, "other_taxonomy": SKIPPED // 2}
    with dataset.roster.open("rb") as stream:
        roster = import_license_roster(ctx, ADMIN, stream)
    assert (roster.rows, roster.written, roster.problem_count) == (
        ROSTER_ROWS,
        WriteCounts(inserted=ROSTER_ROWS),
        0,
    )


def _vary(engine: Engine) -> None:
    """Networks, employment, new patients, languages and the plan's credentialing where no
    state licenses massage therapists, spread by NPI digits."""
    digit = lambda n: func.substr(providers.c.npi, n, 1)  # noqa: E731
    participations = metadata.tables["participations"]
    with engine.begin() as connection:
        contracted = select(providers.c.id, literal(NETWORK), literal(date(2024, 1, 1))).where(
            digit(9) < "4"
        )
        connection.execute(
            insert(participations).from_select(
                ["provider_id", "network_id", "starts_on"], contracted
            )
        )
        ended = participations.c.provider_id.in_(select(providers.c.id).where(digit(8) == "0"))
        connection.execute(update(participations).where(ended).values(ends_on=date(2025, 1, 31)))
        employed = (digit(9) == "0") & (digit(7) < "5")
        connection.execute(update(providers).where(employed).values(employed_at="nw-interstate"))
        full = digit(6).in_(["2", "3"])
        connection.execute(update(providers).where(full).values(accepting_new_patients=False))
        spanish = digit(5) == "4"
        connection.execute(
            update(providers).where(spanish).values(languages=["English", "Spanish"])
        )
        massage = providers.c.category == "massage"
        vetted = massage & providers.c.practice_state.in_(NO_MASSAGE_LICENSE) & (digit(4) < "5")
        connection.execute(update(providers).where(vetted).values(credentialed=True))


Place = tuple[float, float]
Key = tuple[object, ...]


@dataclass
class Everyone:
    """Every located provider as the search would list it on TODAY, grouped by what the
    filters look at (a filter is judged once a group), and by place."""

    groups: dict[Key, Listed] = field(default_factory=dict)
    at: dict[Place, list[tuple[str, Key]]] = field(default_factory=dict)

    def add(self, listed: Listed) -> None:
        record, provider = listed.record, listed.record.provider
        key = (
            *(listed.credential.in_good_standing, listed.mode, provider.category, record.gender),
            *(record.accepting_new_patients, record.languages),
        )
        self.groups.setdefault(key, listed)
        place = (record.latitude or 0.0, record.longitude or 0.0)
        self.at.setdefault(place, []).append((provider.id, key))


def _everyone(ctx: ServiceContext) -> Everyone:
    everyone = Everyone()
    policy = ctx.library.rules.licensing
    for record in _records(ctx):
        provider = record.provider
        credential = credential_on(provider, policy, TODAY)
        everyone.add(Listed(record, delivery_on(provider, NETWORK, TODAY), credential))
    return everyone


def _records(ctx: ServiceContext) -> list[ProviderRecord]:
    """The records straight from the tables (Core, not the search's own loading), each with the
    license of record: the latest in the practice state, else the latest anywhere."""
    with ctx.units(write=False) as uow:
        session = uow.session  # type: ignore[attr-defined]
        licenses: dict[str, list[License]] = {}
        table = metadata.tables["licenses"]
        for row in session.execute(select(table).order_by(table.c.id)):
            license = License(
                row.number, row.state, LicenseStatus(row.status), row.expires, row.issued
            )
            licenses.setdefault(row.provider_id, []).append(license)
        joined: dict[str, list[Participation]] = {}
        for row in session.execute(select(metadata.tables["participations"])):
            joined.setdefault(row.provider_id, []).append(
                Participation(row.network_id, row.starts_on, row.ends_on)
            )
        rows = session.execute(select(providers).where(providers.c.latitude.is_not(None))).all()
    return [_record(row, licenses.get(row.id, []), joined.get(row.id, [])) for row in rows]


def _record(row: Any, licenses: list[License], joined: list[Participation]) -> ProviderRecord:
    in_state = [x for x in licenses if x.state == row.practice_state] or licenses
    provider = Provider(
        id=row.id,
        name=row.name,
        category=row.category,
        state=row.practice_state,
        npi=row.npi,
        license=in_state[-1] if in_state else None,
        participations=tuple(joined),
        credentialed=row.credentialed,
        employed_at=row.employed_at or "",
    )
    return ProviderRecord(
        provider,
        latitude=row.latitude,
        longitude=row.longitude,
        accepting_new_patients=row.accepting_new_patients,
        languages=tuple(row.languages),
        gender=row.gender,
    )


def _question(rng: random.Random, everyone: Everyone) -> DirectorySearch:
    if rng.random() < 0.7:
        latitude, longitude = rng.choice(list(everyone.at))
    else:
        latitude, longitude = rng.uniform(25, 49), rng.uniform(-124, -67)
    return DirectorySearch(
        latitude=latitude,
        longitude=longitude,
        k=rng.choice([1, 5, 20, 50]),
        on=TODAY,
        category=rng.choice([None, "massage", "massage", "acupuncture", "chiropractic"]),
        modes=rng.choice([frozenset(), frozenset(), frozenset({DeliveryMode.EMPLOYED})]),
        tier=rng.choice([None, None, Tier.IN_NETWORK, Tier.OUT_OF_NETWORK]),
        accepting_new_patients=rng.choice([None, None, True]),
        language=rng.choice([None, None, None, "Spanish"]),
        gender=rng.choice([None, None, "female", "male"]),
        network=NETWORK,
        member_id=rng.choice([None, None, None, MAYA]),
        all_credentials=rng.random() < 0.2,
    )


def _brute_force(everyone: Everyone, question: DirectorySearch) -> list[tuple[float, str]]:
    """Every place ranked by its distance to the origin; the admitted providers of the nearest
    places taken until the k-th is known (providers of a place share its distance)."""
    origin = GeoPoint(question.latitude or 0, question.longitude or 0)
    filters = PlaceFilters(
        question.category, question.accepting_new_patients, question.gender, question.language
    )
    groups = everyone.groups.items()
    admitted = {key for key, listed in groups if listed_for(listed, question, filters)}
    ranked = sorted((distance_km(origin, GeoPoint(*place)), place) for place in everyone.at)
    found: list[tuple[float, str]] = []
    for distance, place in ranked:
        if len(found) >= question.k and distance > found[question.k - 1][0]:
            break
        found += [(distance, id_) for id_, key in everyone.at[place] if key in admitted]
    return sorted(found)[: question.k]


def _compare(ctx: ServiceContext, everyone: Everyone, question: DirectorySearch) -> None:
    expected = _brute_force(everyone, question)
    found = search_directory(ctx, STAFF, question).results
    assert [r.listed.record.provider.id for r in found] == [id_ for _, id_ in expected], question
    assert [r.distance_km for r in found] == pytest.approx([d for d, _ in expected])
    assert all((r.quote is not None) == (question.member_id is not None) for r in found)
