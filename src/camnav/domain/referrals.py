"""Referrals, prescriptions and authorizations on file, and HSA/FSA letters of medical necessity."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ReferralKind(StrEnum):
    REFERRAL = "referral"
    PRESCRIPTION = "prescription"
    AUTHORIZATION = "authorization"


class ReferralStatus(StrEnum):
    APPROVED = "approved"
    DENIED = "denied"
    PENDED = "pended"


@dataclass(frozen=True, slots=True)
class Referral:
    """A physician's referral or prescription, or an authorization, for visits in one category.

    Dates are inclusive; `visits` is None when the document states no number of visits.
    """

    id: str
    kind: ReferralKind
    category: str
    valid_from: date
    valid_to: date | None = None
    visits: int | None = None
    visits_used: int = 0
    diagnoses: tuple[str, ...] = ()
    status: ReferralStatus = ReferralStatus.APPROVED

    @property
    def visits_left(self) -> int | None:
        return None if self.visits is None else max(self.visits - self.visits_used, 0)

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def covers(self, day: date) -> bool:
        """Approved, valid that day and with a visit left."""
        left = self.visits_left
        return (
            self.status is ReferralStatus.APPROVED
            and self.valid_on(day)
            and (left is None or left > 0)
        )

    def use_visit(self) -> Referral:
        # Built directly, not with dataclasses.replace, which costs more than the rest of a
        # referred visit's bookkeeping: a field added to Referral must be carried over here too.
        # Positional, in field order: keywords cost a third more.
        return Referral(
            self.id,
            self.kind,
            self.category,
            self.valid_from,
            self.valid_to,
            self.visits,
            self.visits_used + 1,
            self.diagnoses,
            self.status,
        )


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter of medical necessity: HSA/FSA money may pay for the care until `valid_through`."""

    id: str
    category: str
    issued_on: date
    valid_through: date
    condition: str = ""

    def valid_on(self, day: date) -> bool:
        return self.issued_on <= day <= self.valid_through


# Prescription ages are checked on every line of every claim, against the same few documents.
@functools.lru_cache(maxsize=1024)
def add_months(day: date, months: int) -> date:
    """The same day `months` later, pulled back to the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
