"""Appeals of adverse claim decisions: who may appeal, until when, and how soon it is decided.

Group health plans follow the claims-procedure rule of 29 CFR 2560.503-1: a claimant has at least
180 days after an adverse benefit determination to appeal (h)(3)(i), and a post-service appeal is
decided within 60 days of its receipt (i)(2)(iii)(B). A determination is adverse when it denies or
reduces a benefit: a denied or partially paid claim.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from camnav.domain.adjudication import ClaimStatus

APPEAL_WINDOW_DAYS = 180
DECISION_DAYS = 60
ADVERSE = frozenset({ClaimStatus.DENIED, ClaimStatus.PARTIALLY_PAID})


class AppealStatus(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"  # the decision stands
    OVERTURNED = "overturned"  # the claim is decided again


def is_adverse(status: ClaimStatus) -> bool:
    """Only a decision that denies or reduces a benefit can be appealed."""
    return status in ADVERSE


def appeal_deadline(decided_on: date) -> date:
    """The last day to appeal: 180 days after the adverse decision (the day itself included)."""
    return decided_on + timedelta(days=APPEAL_WINDOW_DAYS)


def decision_due(filed_on: date) -> date:
    """A post-service appeal is decided within 60 days of its receipt."""
    return filed_on + timedelta(days=DECISION_DAYS)
