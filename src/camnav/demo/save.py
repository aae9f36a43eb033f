"""Writing the imagined Example Health into the database, in one transaction.

Small, once-only things (regions, networks, plan documents, accounts, the build's audit event) go
through the store's repositories on a session bound to the same connection; the bulk goes in
with Core inserts (camnav.demo.writer), parents before children for the foreign keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from camnav.demo import rows
from camnav.demo.accounts import add_accounts
from camnav.demo.documents import at
from camnav.demo.example_health import ExampleHealth
from camnav.demo.history import Decided
from camnav.demo.practices import NETWORK_NAMES
from camnav.demo.progress import Steps
from camnav.demo.writer import insert_rows
from camnav.services.ports import AuditEvent, AuditOutcome, Role
from camnav.store.audit import SqlAuditRepository
from camnav.store.organizations import SqlOrganizationRepository
from camnav.store.plans import SqlPlanRepository, save_plan_library
from camnav.store.tables.claims import DeterminationRow
from camnav.store.tables.plans import PlanRow
from camnav.store.users import SqlUserRepository

BUILT_ACTION = "demo.built"


def save(connection: Connection, health: ExampleHealth, seed: int, steps: Steps) -> None:
    """Write everything; the caller commits."""
    session = Session(bind=connection)
    _reference_data(session, connection, health, steps)
    _directory(connection, health, steps)
    _members(connection, health, steps)
    ids = add_accounts(SqlUserRepository(session), health.accounts, health.panel)
    physician = next(ids[a.username] for a in health.accounts if a.role is Role.PHYSICIAN)
    _documents(connection, health, physician)
    _claims(connection, health, steps)
    SqlAuditRepository(session).append(_built_event(health, seed))
    session.flush()


def _reference_data(
    session: Session, connection: Connection, health: ExampleHealth, steps: Steps
) -> None:
    organizations = SqlOrganizationRepository(session)
    for region in health.regions.values():
        organizations.add_region(region, health.coordinates)
        steps.advance("regions")
    for network in health.networks:
        organizations.add_network(network, NETWORK_NAMES.get(network, network))
    before = session.scalar(select(func.max(PlanRow.id))) or 0
    save_plan_library(SqlPlanRepository(session))
    # save_version stamps the wall clock; the demo dates what it writes from its own day.
    session.execute(update(PlanRow).where(PlanRow.id > before).values(saved_at=_clock(health)))
    practices = [p.organization for p in health.practices]
    insert_rows(connection, "organizations", map(rows.organization_row, practices))
    contracts = (c for p in health.practices for c in p.contracts)
    insert_rows(connection, "contracts", map(rows.contract_row, contracts))
    steps.finish("regions")


def _directory(connection: Connection, health: ExampleHealth, steps: Steps) -> None:
    providers = health.providers
    insert_rows(
        connection, "providers", map(rows.provider_row, providers), steps.counter("providers")
    )
    insert_rows(connection, "licenses", (r for p in providers for r in rows.license_rows(p)))
    insert_rows(
        connection, "participations", (r for p in providers for r in rows.participation_rows(p))
    )
    steps.finish("providers")


def _members(connection: Connection, health: ExampleHealth, steps: Steps) -> None:
    members = health.members
    insert_rows(connection, "members", map(rows.member_row, members), steps.counter("members"))
    insert_rows(connection, "enrollments", (r for m in members for r in rows.enrollment_rows(m)))
    steps.finish("members")


def _documents(connection: Connection, health: ExampleHealth, physician: int) -> None:
    panel = set(health.panel)

    def author(member_id: str) -> int | None:
        return physician if member_id in panel else None

    referrals = (
        rows.referral_row(d, health.usage.get(d.referral.id, 0), author(d.member_id))
        for papers in health.papers.values()
        for d in papers.documents
    )
    insert_rows(connection, "referrals", referrals)
    letters = (
        rows.letter_row(member_id, letter, author(member_id))
        for member_id, papers in health.papers.items()
        for letter in papers.letters
    )
    insert_rows(connection, "letters", letters)


def _claims(connection: Connection, health: ExampleHealth, steps: Steps) -> None:
    decided = [d for claims in health.decided.values() for d in claims]
    decided.sort(key=lambda d: d.claim.id)
    counted = steps.counter("claims")
    insert_rows(connection, "claims", map(rows.claim_row, decided), counted)
    insert_rows(
        connection, "claim_lines", (r for d in decided for r in rows.claim_line_rows(d.claim))
    )
    first = (connection.scalar(select(func.max(DeterminationRow.id))) or 0) + 1
    numbered = list(enumerate(decided, start=first))
    insert_rows(connection, "determinations", (rows.determination_row(i, d) for i, d in numbered))
    lines = (
        rows.determination_line_row(i, line) for i, d in numbered for line in d.adjudication.lines
    )
    insert_rows(connection, "determination_lines", lines)
    insert_rows(connection, "accumulator_entries", _ledger(decided))
    # Every plan payment is a ledger entry: the history's paid claims are in the payment ledger.
    paying = (d for d in decided if d.adjudication.plan_pays > 0)
    insert_rows(connection, "payments", map(rows.payment_row, paying))
    steps.finish("claims")


def _ledger(decided: list[Decided]) -> Iterator[rows.Row]:
    for d in decided:
        for entry in d.entries:
            yield rows.ledger_row(d.claim.member_id, entry, d.decided_at)


def _built_event(health: ExampleHealth, seed: int) -> AuditEvent:
    """The build's own audit event: the marker that this database holds a demo build."""
    return AuditEvent(
        at=_clock(health),
        action=BUILT_ACTION,
        resource_type="demo",
        outcome=AuditOutcome.SUCCESS,
        actor_role="system",
        resource_id=f"seed-{seed}",
        detail={
            "seed": seed,
            "today": health.today.isoformat(),
            "members": len(health.members),
            "providers": len(health.providers),
            "practices": len(health.practices),
        },
    )


def _clock(health: ExampleHealth) -> datetime:
    """When the build's own records say they were written: early on its day."""
    return at(health.today, 4)
