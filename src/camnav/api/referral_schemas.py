"""Request bodies of referrals, extensions, appeals, reviews and letters of medical necessity."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator

from camnav.api.schemas import Body, DiagnosisCode, Identifier, Text, Word
from camnav.domain.referral_decisions import ProgressNotes
from camnav.domain.referrals import ReferralKind
from camnav.services.ports import Urgency

LongText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(max_length=200)]


class TreatmentTriedIn(Body):
    """A conventional treatment tried before: what, for how long, and with what outcome."""

    what: Text
    duration: ShortText = ""
    outcome: ShortText = ""

    def text(self) -> str:
        return ", ".join(part for part in (self.what, self.duration, self.outcome) if part)


class ProgressNotesIn(Body):
    """Progress since the visits began: was there measurable functional improvement?"""

    functional_improvement: bool
    summary: Annotated[str, StringConstraints(max_length=2000)] = ""

    def to_domain(self) -> ProgressNotes:
        return ProgressNotes(self.functional_improvement, self.summary)


class Period(Body):
    """Dates: `valid_to`, or `duration_weeks` counted from `valid_from` (inclusive)."""

    valid_to: date | None = None
    duration_weeks: int | None = Field(default=None, ge=1, le=104)

    @model_validator(mode="after")
    def _one_end(self) -> Self:
        if (self.valid_to is None) == (self.duration_weeks is None):
            raise ValueError("give exactly one of valid_to and duration_weeks")
        return self

    def end(self, start: date) -> date:
        if self.valid_to is not None:
            return self.valid_to
        assert self.duration_weeks is not None
        return start + timedelta(weeks=self.duration_weeks) - timedelta(days=1)


class ReferralIn(Period):
    """A physician's referral: diagnoses, visits, frequency and duration, urgency, and the
    conventional treatments already tried (text, or what / how long / outcome)."""

    member_id: Identifier
    category: Identifier
    diagnoses: list[DiagnosisCode] = Field(min_length=1, max_length=12)
    visits: int = Field(ge=1, le=200)
    valid_from: date
    kind: ReferralKind | None = None
    urgency: Urgency = Urgency.STANDARD
    conventional_treatments: list[Text | TreatmentTriedIn] = Field(
        default_factory=list, max_length=20
    )
    frequency: ShortText = ""
    modality: Word | None = None
    condition_weeks: int | None = Field(default=None, ge=0, le=5200)
    progress_notes: ProgressNotesIn | None = None

    def treatments(self) -> tuple[str, ...]:
        return tuple(t if isinstance(t, str) else t.text() for t in self.conventional_treatments)

    def treatment_details(self) -> tuple[dict[str, str], ...]:
        return tuple(
            {"what": t} if isinstance(t, str) else t.model_dump()
            for t in self.conventional_treatments
        )


class ExtensionIn(Period):
    """More visits under an approved referral, with progress notes."""

    visits: int = Field(ge=1, le=200)
    valid_from: date
    urgency: Urgency = Urgency.STANDARD
    frequency: ShortText = ""
    progress_notes: ProgressNotesIn | None = None


class AppealIn(Body):
    grounds: LongText


class ReviewDecisionIn(Body):
    """A reviewer's decision: always with a reason; an approval may grant less than asked."""

    status: Literal["approved", "denied"]
    reason: LongText
    citation: ShortText = ""
    visits: int | None = Field(default=None, ge=1, le=200)
    valid_to: date | None = None


class NecessityLetterIn(Body):
    treatment: ShortText = ""
    frequency: ShortText = ""
    duration_months: int = Field(default=12, ge=1, le=36)
    participant_name: ShortText = ""
    employer: ShortText = ""
