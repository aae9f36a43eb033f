"""Uploaded documents: their records in the database, their content in a directory of files."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from camnav.domain.claims import Attachment
from camnav.services.claims_ports import UploadRecord
from camnav.services.ports import JsonObject
from camnav.store.tables.uploads import ClaimBillRow, UploadRow


class SqlUploadRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, record: UploadRecord) -> None:
        self._session.add(
            UploadRow(
                id=record.id,
                member_id=record.member_id,
                uploaded_by=record.uploaded_by,
                kind=record.kind.value,
                sha256=record.sha256,
                media_type=record.media_type,
                size=record.size,
                original_name=record.original_name,
                created_at=record.created_at,
            )
        )
        self._session.flush()

    def add_bill(self, claim_id: str, bill: JsonObject, at: datetime) -> None:
        self._session.add(ClaimBillRow(claim_id=claim_id, bill=dict(bill), created_at=at))
        self._session.flush()

    def bill(self, claim_id: str) -> JsonObject | None:
        """The latest itemized bill of a reimbursement request."""
        query = select(ClaimBillRow.bill).where(ClaimBillRow.claim_id == claim_id)
        found: JsonObject | None = self._session.scalar(query.order_by(ClaimBillRow.id.desc()))
        return found

    def get(self, upload_id: str) -> UploadRecord | None:
        row = self._session.get(UploadRow, upload_id)
        if row is None:
            return None
        return UploadRecord(
            id=row.id,
            member_id=row.member_id,
            uploaded_by=row.uploaded_by,
            kind=Attachment(row.kind),
            sha256=row.sha256,
            media_type=row.media_type,
            size=row.size,
            original_name=row.original_name,
            created_at=row.created_at,
        )


class DirectoryFileStore:
    """Files named by their sha256 under `root/ab/abcdef...`, readable by the owner only.

    A file is written to a temporary name and renamed into place, so a reader never sees half a
    file; the same content is stored once. The database row is committed after the file exists,
    so a crash can leave an unreferenced file, never a row without its file.
    """

    def __init__(self, root: Path) -> None:
        self._root = root

    def put(self, sha256: str, content: bytes) -> None:
        path = self._path(sha256)
        if path.exists():
            return
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, sha256: str) -> bytes | None:
        path = self._path(sha256)
        return path.read_bytes() if path.is_file() else None

    def _path(self, sha256: str) -> Path:
        # The name is a hash this code computed, never a client's file name.
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        return self._root / sha256[:2] / sha256
