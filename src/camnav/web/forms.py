"""Forms the pages post, read into the services' requests (checked here, decided there)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from starlette.datastructures import FormData, UploadFile

from camnav.domain.claims import Attachment, Claim, ClaimLine, Submitter
from camnav.domain.money import MoneyFormatError, parse_money
from camnav.services.claims import bill_missing, reimbursement_checklist
from camnav.services.errors import InvalidRequest
from camnav.services.ports import JsonObject

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Z]{5}$")]
Amount = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]

# The documents a member may attach, in the order the form offers them.
DOCUMENT_FIELDS = (
    ("itemized_bill", Attachment.ITEMIZED_BILL, "Itemized bill"),
    ("proof_of_payment", Attachment.PROOF_OF_PAYMENT, "Proof of payment"),
    ("referral_copy", Attachment.REFERRAL_COPY, "Copy of the referral or prescription"),
)


class Form(BaseModel):
    model_config = ConfigDict(extra="ignore")


F = TypeVar("F", bound=Form)


def read_form(model: type[F], form: FormData) -> F:
    """The form's text fields, blanks left to their defaults; a problem names the field."""
    values = {k: v for k, v in form.items() if isinstance(v, str) and v.strip()}
    try:
        return model.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InvalidRequest(f"{field}: {first['msg']}", field=field) from error


def money_of(text: str, field: str) -> int:
    try:
        return parse_money(text)
    except MoneyFormatError as error:
        raise InvalidRequest(f"{field}: {error}", field=field) from error


def codes_of(text: str) -> tuple[str, ...]:
    """'M54.2, M62.830' -> ('M54.2', 'M62.830')."""
    return tuple(code.upper() for code in text.replace(",", " ").split())


class ReimbursementForm(Form):
    """The member's reimbursement form: one visit from the itemized bill."""

    provider_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    service_date: date
    code: Code = "97124"
    units: int = Field(default=4, ge=1, le=24)
    minutes: int | None = Field(default=None, ge=1, le=480)
    billed: Amount
    diagnoses: Short = ""
    amount_paid: Amount = ""
    provider_name: Short = ""
    provider_address: Short = ""
    tin: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^(\d{2}-?\d{7})?$")] = ""
    npi: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^(\d{10})?$")] = ""
    license_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    place_of_service: Annotated[
        str, StringConstraints(strip_whitespace=True, pattern=r"^(\d{2})?$")
    ] = ""

    def bill(self) -> JsonObject:
        names = ("provider_name", "provider_address", "tin", "npi", "license_number")
        return {name: str(getattr(self, name)) for name in (*names, "place_of_service")}

    def to_claim(
        self, claim_id: str, member_id: str, today: date, attachments: frozenset[Attachment]
    ) -> Claim:
        line = ClaimLine(
            number=1,
            service_date=self.service_date,
            code=self.code,
            units=self.units,
            billed=money_of(self.billed, "billed"),
            minutes=self.minutes,
        )
        claim = Claim(
            id=claim_id,
            member_id=member_id,
            provider_id=self.provider_id,
            received=today,
            lines=(line,),
            submitter=Submitter.MEMBER,
            diagnoses=codes_of(self.diagnoses),
            attachments=attachments,
            amount_paid=money_of(self.amount_paid, "amount_paid") if self.amount_paid else None,
        )
        checklist = reimbursement_checklist(claim, bill_missing(self.bill()))
        return replace(claim, missing_fields=checklist)


def chosen_files(form: FormData) -> tuple[tuple[Attachment, UploadFile], ...]:
    """The documents the member chose (a file input left empty sends an unnamed part)."""
    chosen = []
    for field, kind, _ in DOCUMENT_FIELDS:
        upload = form.get(field)
        if isinstance(upload, UploadFile) and upload.filename:
            chosen.append((kind, upload))
    return tuple(chosen)
