"""Uploads: a member's documents for reimbursement claims, as multipart form data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, UploadFile
from fastapi.responses import Response

from camnav.api.claim_documents import upload_document
from camnav.api.deps import Context, CurrentActor
from camnav.api.schemas import Identifier
from camnav.domain.claims import Attachment
from camnav.services.errors import InvalidRequest
from camnav.services.uploads import MAX_BYTES, read_document
from camnav.services.uploads import upload_document as keep_upload

router = APIRouter(tags=["claims"])


@router.post("/api/v1/uploads", status_code=201)
def upload(
    actor: CurrentActor,
    ctx: Context,
    file: Annotated[UploadFile, File(description="PDF, JPEG or PNG, at most 10 MB")],
    kind: Annotated[Attachment, Form()],
    member_id: Annotated[Identifier | None, Form()] = None,
) -> dict[str, object]:
    """Upload an itemized invoice, proof of payment or referral copy; checked by its content.
    Refer to the returned id in a reimbursement request or a correction."""
    member = member_id or actor.member_id
    if member is None:
        raise InvalidRequest("name the member the document is for", field="member_id")
    # One byte past the limit is enough to know the file is too large.
    content = file.file.read(MAX_BYTES + 1)
    stored = keep_upload(ctx, actor, member, kind, file.filename or "", content)
    return upload_document(stored)


@router.get(
    "/api/v1/uploads/{upload_id}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}},
)
def download(
    upload_id: Annotated[Identifier, Path()], actor: CurrentActor, ctx: Context
) -> Response:
    """The document, for the member and staff only."""
    found, content = read_document(ctx, actor, upload_id)
    headers = {"Content-Disposition": "attachment", "X-Content-Type-Options": "nosniff"}
    return Response(content, media_type=found.media_type, headers=headers)
