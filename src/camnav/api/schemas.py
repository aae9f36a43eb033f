"""Request bodies: Pydantic at the edge, turned into domain objects before any use case runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from camnav.domain.claims import Attachment, Claim, ClaimLine, Submitter
from camnav.domain.money import parse_money

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Money = Annotated[str, StringConstraints(pattern=r"^\d{1,7}(\.\d{1,2})?$")]
ProcedureCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}[0-9A-Z]$")]
Modifier = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{2}$")]
DiagnosisCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$")
]
Word = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_ -]{0,39}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_character(cls, value: object) -> object:
        """PostgreSQL text cannot hold NUL: refuse it here, naming the field, not with a 500."""
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("must not contain the NUL character")
        return value


class TokenRequest(Body):
    username: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ClaimLineIn(Body):
    date: date
    code: ProcedureCode
    units: int = Field(ge=1, le=24)
    minutes: int | None = Field(default=None, ge=0, le=480)
    modifiers: list[Modifier] = Field(default_factory=list, max_length=4)
    billed: Money
    diagnoses: list[DiagnosisCode] = Field(default_factory=list, max_length=12)
    modality: Word | None = None


class ClaimIn(Body):
    """A claim: a provider's, or a member's reimbursement request with its itemized bill."""

    id: Identifier | None = None
    member_id: Identifier
    provider_id: Identifier
    received: date | None = None
    submitter: Submitter | None = None
    diagnoses: list[DiagnosisCode] = Field(default_factory=list, max_length=12)
    lines: list[ClaimLineIn] = Field(min_length=1, max_length=50)
    attachments: list[Attachment] = Field(default_factory=list, max_length=10)
    signed_waiver: bool = False
    amount_paid: Money | None = None

    def to_claim(self, claim_id: str, today: date) -> Claim:
        lines = tuple(
            ClaimLine(
                number=i,
                service_date=line.date,
                code=line.code,
                units=line.units,
                billed=parse_money(line.billed),
                minutes=line.minutes,
                modifiers=tuple(line.modifiers),
                diagnoses=tuple(line.diagnoses),
                modality=line.modality,
            )
            for i, line in enumerate(self.lines, start=1)
        )
        return Claim(
            id=claim_id,
            member_id=self.member_id,
            provider_id=self.provider_id,
            received=self.received or today,
            lines=lines,
            submitter=self.submitter or Submitter.PROVIDER,
            diagnoses=tuple(self.diagnoses),
            attachments=frozenset(self.attachments),
            signed_waiver=self.signed_waiver,
            amount_paid=parse_money(self.amount_paid) if self.amount_paid else None,
        )
