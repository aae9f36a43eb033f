"""What the letters say: the decision letter on a referral or authorization, and the HSA/FSA
letter of medical necessity (domain reference §4). Each is a value; camnav.pdf lays it out and the
API sends it as JSON, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from camnav.domain.referrals import ReferralStatus, add_months

# No universal rule: a letter stating no duration is good for 12 months (configurable per call).
DEFAULT_LETTER_MONTHS = 12


@dataclass(frozen=True, slots=True)
class LetterReason:
    """A specific reason in plain language, and the plan clause it rests on."""

    code: str
    text: str
    citation: str


@dataclass(frozen=True, slots=True)
class DecisionLetter:
    """An approval or a denial: what was decided, why, and how to appeal by when."""

    referral_id: str
    status: ReferralStatus
    letter_date: date
    member_id: str
    member_name: str
    physician_name: str
    plan_name: str
    category: str
    diagnoses: tuple[str, ...]
    visits: int | None
    valid_from: date
    valid_to: date | None
    reasons: tuple[LetterReason, ...]
    appeal_deadline: date
    appeal_citation: str
    reviewer_note: str = ""
    alternatives: tuple[str, ...] = ()

    @property
    def approved(self) -> bool:
        return self.status is ReferralStatus.APPROVED


@dataclass(frozen=True, slots=True)
class NecessityLetter:
    """A letter of medical necessity: HSA/FSA money may pay for the treatment until
    `valid_through`; care past the stated duration needs a new letter."""

    id: str
    referral_id: str
    patient_name: str
    participant_name: str
    employer: str
    condition: str
    diagnoses: tuple[str, ...]
    treatment: str
    frequency: str
    duration_months: int
    provider_name: str
    provider_npi: str
    signature: str
    signed_at: str
    letter_date: date
    valid_through: date


def appeal_deadline(letter_date: date, days: int) -> date:
    """The last day to appeal: `days` calendar days after the date of the decision letter."""
    return letter_date + timedelta(days=days)


def necessity_valid_through(letter_date: date, months: int = DEFAULT_LETTER_MONTHS) -> date:
    """Valid through the letter's date plus its stated duration (domain reference §4)."""
    return add_months(letter_date, months)
