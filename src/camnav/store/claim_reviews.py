"""Reviews of pended claims, corrections, re-adjudication adjustments, and who decided claims."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.orm import Session

from camnav.domain.adjudication import ClaimStatus, LineStatus
from camnav.domain.claim_reviews import ReviewOutcome
from camnav.services.claims_ports import (
    Adjustment,
    AdjustmentCause,
    ClaimReview,
    ClaimsSummary,
    Correction,
    DecisionCounts,
)
from camnav.services.ports import ClaimRecord
from camnav.store.claims import SqlClaimRepository
from camnav.store.database import unit_connection
from camnav.store.tables.claim_reviews import (
    ClaimAdjustmentRow,
    ClaimCorrectionRow,
    ClaimReviewRow,
)
from camnav.store.tables.claims import DeterminationLineRow, DeterminationRow

_REVIEWS = cast(Table, ClaimReviewRow.__table__)
_APPROVED_PROVIDERS = (
    select(_REVIEWS.c.provider_id)
    .where(
        _REVIEWS.c.provider_id.in_(bindparam("provider_ids", expanding=True)),
        _REVIEWS.c.outcome == ReviewOutcome.APPROVE.value,
    )
    .distinct()
)


class SqlClaimReviewRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_review(self, review: ClaimReview) -> None:
        self._session.add(
            ClaimReviewRow(
                claim_id=review.claim_id,
                provider_id=review.provider_id,
                outcome=review.outcome.value,
                reason=review.reason,
                reviewer_user_id=review.reviewer_user_id,
                decided_at=review.decided_at,
            )
        )
        self._session.flush()

    def reviews(self, claim_id: str) -> tuple[ClaimReview, ...]:
        query = select(ClaimReviewRow).where(ClaimReviewRow.claim_id == claim_id)
        return tuple(
            _review(row) for row in self._session.scalars(query.order_by(ClaimReviewRow.id))
        )

    def approved_providers(self, provider_ids: Collection[str]) -> frozenset[str]:
        """The providers whose credentials a reviewer has verified."""
        # Every claim decision asks, inside the database's write lock: a statement built once,
        # run on the connection (see store/claims.py).
        found = unit_connection(self._session).execute(
            _APPROVED_PROVIDERS, {"provider_ids": list(provider_ids)}
        )
        return frozenset(found.scalars())

    def pended(self) -> tuple[ClaimRecord, ...]:
        """Claims waiting for a person, the longest waiting first."""
        return SqlClaimRepository(self._session).pended()

    def add_correction(self, correction: Correction) -> None:
        self._session.add(
            ClaimCorrectionRow(
                claim_id=correction.claim_id,
                previous=dict(correction.previous),
                reason=correction.reason,
                corrected_by=correction.corrected_by,
                created_at=correction.at,
            )
        )
        self._session.flush()

    def corrections(self, claim_id: str) -> tuple[Correction, ...]:
        query = select(ClaimCorrectionRow).where(ClaimCorrectionRow.claim_id == claim_id)
        return tuple(
            Correction(row.claim_id, row.previous, row.reason, row.corrected_by, row.created_at)
            for row in self._session.scalars(query.order_by(ClaimCorrectionRow.id))
        )

    def add_adjustment(self, adjustment: Adjustment) -> None:
        self._session.add(
            ClaimAdjustmentRow(
                claim_id=adjustment.claim_id,
                sequence=adjustment.sequence,
                cause=adjustment.cause.value,
                caused_by=adjustment.caused_by,
                status_before=adjustment.status_before.value,
                status_after=adjustment.status_after.value,
                plan_pays_before=adjustment.plan_pays_before,
                plan_pays_after=adjustment.plan_pays_after,
                created_at=adjustment.at,
            )
        )
        self._session.flush()

    def adjustments(self, claim_id: str) -> tuple[Adjustment, ...]:
        query = select(ClaimAdjustmentRow).where(ClaimAdjustmentRow.claim_id == claim_id)
        return tuple(
            _adjustment(row) for row in self._session.scalars(query.order_by(ClaimAdjustmentRow.id))
        )

    def decision_counts(self) -> DecisionCounts:
        """Decided claims by their first determination's status, and the claims a person had to
        decide (any determination pended) by the engine's reason for pending."""
        first = select(DeterminationRow.status, func.count()).where(DeterminationRow.sequence == 1)
        by_status = {
            str(status): int(count)
            for status, count in self._session.execute(first.group_by(DeterminationRow.status))
        }
        reasons = _pending_reasons(self._session)
        pended_by_reason: dict[str, int] = {}
        for codes in reasons.values():
            for code in codes:
                pended_by_reason[code] = pended_by_reason.get(code, 0) + 1
        return DecisionCounts(
            claims=sum(by_status.values()),
            by_first_status=dict(sorted(by_status.items())),
            pended_by_reason=dict(sorted(pended_by_reason.items())),
            pended=len(reasons),
        )

    def claims_summary(self) -> ClaimsSummary:
        """Over the current determinations: claims by status, lines by primary reason, and the
        plan's payments per category of care (counted and summed by the database)."""
        current = DeterminationRow.is_current
        statuses = select(DeterminationRow.status, func.count()).where(current)
        primary = DeterminationLineRow.reasons[(0, "code")].as_string()
        reasons = (
            select(primary, func.count())
            .join(DeterminationRow, DeterminationLineRow.determination_id == DeterminationRow.id)
            .where(current, primary.is_not(None))
            .group_by(primary)
        )
        category = func.coalesce(DeterminationLineRow.category, "other")
        paid = (
            select(category, func.sum(DeterminationLineRow.plan_pays))
            .join(DeterminationRow, DeterminationLineRow.determination_id == DeterminationRow.id)
            .where(current)
            .group_by(category)
        )
        return ClaimsSummary(
            _counted(self._session.execute(statuses.group_by(DeterminationRow.status))),
            _counted(self._session.execute(reasons)),
            _counted(self._session.execute(paid)),
        )


def _counted(rows: Iterable[Any]) -> dict[str, int]:
    return dict(sorted((str(key), int(value)) for key, value in rows))


def _pending_reasons(session: Session) -> dict[str, set[str]]:
    """Per claim ever pended, the primary reasons of its pended lines."""
    query = (
        select(DeterminationRow.claim_id, DeterminationLineRow.reasons)
        .join(DeterminationLineRow, DeterminationLineRow.determination_id == DeterminationRow.id)
        .where(DeterminationLineRow.status == LineStatus.PENDED.value)
    )
    found: dict[str, set[str]] = {}
    for claim_id, reasons in session.execute(query):
        found.setdefault(claim_id, set()).add(_primary(reasons))
    return found


def _primary(reasons: list[dict[str, Any]]) -> str:
    return str(reasons[0]["code"]) if reasons else "unknown"


def _review(row: ClaimReviewRow) -> ClaimReview:
    return ClaimReview(
        claim_id=row.claim_id,
        provider_id=row.provider_id,
        outcome=ReviewOutcome(row.outcome),
        reason=row.reason,
        reviewer_user_id=row.reviewer_user_id,
        decided_at=row.decided_at,
    )


def _adjustment(row: ClaimAdjustmentRow) -> Adjustment:
    return Adjustment(
        claim_id=row.claim_id,
        sequence=row.sequence,
        cause=AdjustmentCause(row.cause),
        caused_by=row.caused_by,
        status_before=ClaimStatus(row.status_before),
        status_after=ClaimStatus(row.status_after),
        plan_pays_before=row.plan_pays_before,
        plan_pays_after=row.plan_pays_after,
        at=row.created_at,
    )
