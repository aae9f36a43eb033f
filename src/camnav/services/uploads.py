"""Uploaded claim documents: the itemized invoice, proof of payment, the copy of the referral or
prescription. PDF, JPEG or PNG up to 10 MB each, the type told by the content (its first bytes),
never by the name; kept outside the database under the content's sha256; readable only by the
member and staff. A refused file leaves nothing behind: every check runs before anything is
written.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from dataclasses import replace
from datetime import datetime

from camnav.domain.claims import Attachment, Claim
from camnav.services.access import refuse
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.claims_ports import FileStore, UploadRecord
from camnav.services.context import ServiceContext
from camnav.services.errors import (
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from camnav.services.ports import AttachmentFile, Role, UnitOfWork

MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 255
# The signatures ("magic numbers") that open each accepted format.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def media_type_of(content: bytes) -> str | None:
    """The accepted format whose signature opens the content, else None."""
    return next((media for magic, media in SIGNATURES if content.startswith(magic)), None)


def checked_name(name: str) -> str:
    """A file name is kept for display only, and must be a plain name: no directory part, no
    `..`, no control characters (a name like `../../etc/passwd` is refused, not cleaned)."""
    plain = unicodedata.normalize("NFC", name.strip())
    unsafe = (
        not plain
        or len(plain) > MAX_NAME
        or plain.startswith(".")
        or ".." in plain
        or any(c in "/\\:" or unicodedata.category(c).startswith("C") for c in plain)
    )
    if unsafe:
        raise InvalidRequest(
            "the file name must be a plain name without folders, '..' or control characters",
            field="file",
        )
    return plain


def checked_content(content: bytes) -> str:
    """The media type of acceptable content; refuses empty, oversized and other files."""
    if not content:
        raise InvalidRequest("the file is empty", field="file")
    if len(content) > MAX_BYTES:
        raise PayloadTooLarge(f"a file may hold at most {MAX_BYTES} bytes (10 MB)", field="file")
    media_type = media_type_of(content)
    if media_type is None:
        raise UnsupportedMediaType(
            "only PDF, JPEG and PNG files are accepted (told by their content)", field="file"
        )
    return media_type


def upload_document(
    ctx: ServiceContext,
    actor: Actor,
    member_id: str,
    kind: Attachment,
    file_name: str,
    content: bytes,
) -> UploadRecord:
    """Keep a member's document: checked, written under its hash, then recorded and audited."""
    name = checked_name(file_name)
    media_type = checked_content(content)
    files = _files(ctx)
    with ctx.units() as uow:
        if not _may_upload(actor, member_id):
            raise refuse(uow, ctx, actor, "upload a document for", ("member", member_id), member_id)
        if uow.members.get(member_id) is None:
            raise NotFound(f"no member {member_id}", field="member_id")
        digest = hashlib.sha256(content).hexdigest()
        # The file first: a crash then leaves an unreferenced file, never a row without its file.
        files.put(digest, content)
        upload = UploadRecord(
            id=f"UPL-{uuid.uuid4().hex[:16].upper()}",
            member_id=member_id,
            uploaded_by=actor.user_id,
            kind=kind,
            sha256=digest,
            media_type=media_type,
            size=len(content),
            original_name=name,
            created_at=ctx.now(),
        )
        uow.uploads.add(upload)
        record(uow, actor, ctx.now(), "upload.add", ("upload", upload.id), member_id)
        uow.commit()
    return upload


def read_document(ctx: ServiceContext, actor: Actor, upload_id: str) -> tuple[UploadRecord, bytes]:
    """A document's record and content, for the member and staff only (refusals audited)."""
    with ctx.units() as uow:
        upload = uow.uploads.get(upload_id)
        if upload is None:
            raise NotFound(f"no upload {upload_id}", field="upload_id")
        if not _may_read(actor, upload.member_id):
            raise refuse(uow, ctx, actor, "read upload", ("upload", upload_id), upload.member_id)
        content = _files(ctx).get(upload.sha256)
        if content is None:
            raise NotFound(f"the content of upload {upload_id} is missing", field="upload_id")
        record(uow, actor, ctx.now(), "upload.read", ("upload", upload_id), upload.member_id)
        uow.commit()
    return upload, content


def uploads_for(
    uow: UnitOfWork, ctx: ServiceContext, actor: Actor, member_id: str, upload_ids: tuple[str, ...]
) -> tuple[UploadRecord, ...]:
    """The uploads a claim names: each must exist and be a document of the claim's member."""
    found = []
    for upload_id in dict.fromkeys(upload_ids):
        upload = uow.uploads.get(upload_id)
        if upload is None:
            raise InvalidRequest(f"no upload {upload_id}", field="uploads")
        if upload.member_id != member_id or not _may_upload(actor, member_id):
            raise refuse(uow, ctx, actor, "attach upload", ("upload", upload_id), member_id)
        found.append(upload)
    return tuple(found)


def with_documents(claim: Claim, uploads: tuple[UploadRecord, ...]) -> Claim:
    """The claim with the uploaded documents among its attachments."""
    if not uploads:
        return claim
    return replace(claim, attachments=claim.attachments | {u.kind for u in uploads})


def attach(uow: UnitOfWork, claim_id: str, uploads: tuple[UploadRecord, ...], at: datetime) -> None:
    for upload in uploads:
        file = AttachmentFile(
            claim_id,
            upload.kind.value,
            upload.sha256,
            upload.media_type,
            upload.size,
            upload.original_name,
        )
        uow.claims.add_attachment(file, at)


def _may_upload(actor: Actor, member_id: str) -> bool:
    """The member themself, or staff who submit claims on a member's behalf."""
    if actor.role is Role.MEMBER:
        return actor.member_id == member_id
    return actor.is_staff and actor.may(Permission.SUBMIT_CLAIM)


def _may_read(actor: Actor, member_id: str) -> bool:
    if actor.role is Role.MEMBER:
        return actor.member_id == member_id
    return actor.is_staff and actor.may(Permission.READ_CLAIM)


def _files(ctx: ServiceContext) -> FileStore:
    if ctx.files is None:
        raise RuntimeError("the service context has no file store for uploads")
    return ctx.files
