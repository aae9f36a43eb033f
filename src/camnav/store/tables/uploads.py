"""Uploaded claim documents (who uploaded what for which member; the content is a file named by
its sha256 in the uploads directory, never a column), and reimbursement requests' itemized bills."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from camnav.domain.claims import Attachment
from camnav.store.tables.base import Base, BigId, Json, UtcDateTime, not_negative, one_of

MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png")


class UploadRow(Base):
    __tablename__ = "uploads"
    __table_args__ = (
        one_of("kind", Attachment),
        one_of("media_type", MEDIA_TYPES),
        *not_negative("size"),
        CheckConstraint("length(sha256) = 64", name="sha256_hex"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ClaimBillRow(Base):
    """A reimbursement request's itemized bill as the member entered it (provider name, address,
    TIN, NPI, license number, place of service); a resubmission adds a newer one."""

    __tablename__ = "claim_bills"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    bill: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
