"""Plan documents: every version kept as published, with its sha256."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from camnav.library.library import default_plan_directory, load_library, plan_files
from camnav.services.ports import ConflictError, PlanRepository, PlanVersion
from camnav.store.tables.plans import PlanRow


class SqlPlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def save_version(
        self,
        plan_id: str,
        version: str,
        plan_year: int,
        effective: tuple[date, date],
        document_text: str,
    ) -> PlanVersion:
        """Keep a plan version's document. A published version never changes: saving the same
        text again is a no-op, other text for a stored version is a ConflictError."""
        digest = hashlib.sha256(document_text.encode("utf-8")).hexdigest()
        stored = self._row(plan_id, version)
        if stored is not None:
            if stored.sha256 != digest:
                raise ConflictError(f"plan {plan_id} version {version} is stored with other text")
            return _version(stored)
        row = PlanRow(
            plan_id=plan_id,
            version=version,
            plan_year=plan_year,
            effective_from=effective[0],
            effective_to=effective[1],
            document=document_text,
            sha256=digest,
            saved_at=datetime.now(UTC),
        )
        self._session.add(row)
        self._session.flush()
        return _version(row)

    def versions(self, plan_id: str) -> tuple[PlanVersion, ...]:
        """Every stored version of a plan, oldest effective date first."""
        query = (
            select(PlanRow)
            .where(PlanRow.plan_id == plan_id)
            .order_by(PlanRow.effective_from, PlanRow.id)
        )
        return tuple(_version(row) for row in self._session.scalars(query))

    def get(self, plan_id: str, version: str) -> PlanVersion | None:
        row = self._row(plan_id, version)
        return _version(row) if row else None

    def _row(self, plan_id: str, version: str) -> PlanRow | None:
        query = select(PlanRow).where(PlanRow.plan_id == plan_id, PlanRow.version == version)
        return self._session.scalars(query).first()


def save_plan_library(
    plans: PlanRepository, directory: Path | None = None
) -> tuple[PlanVersion, ...]:
    """Store every plan document of a plan directory (validated by the library first)."""
    where = directory or default_plan_directory()
    library = load_library(where)
    texts = _documents_by_version(where)
    return tuple(
        plans.save_version(
            plan.id,
            plan.version,
            plan.plan_year,
            (plan.effective_from, plan.effective_to),
            texts[(plan.id, plan.version)],
        )
        for plan in library.plans
    )


def _documents_by_version(directory: Path) -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    for path in plan_files(directory):
        text = path.read_text(encoding="utf-8")
        document = yaml.safe_load(text)
        texts[(str(document["id"]), str(document["version"]))] = text
    return texts


def _version(row: PlanRow) -> PlanVersion:
    return PlanVersion(
        plan_id=row.plan_id,
        version=row.version,
        plan_year=row.plan_year,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        document=row.document,
        sha256=row.sha256,
    )
