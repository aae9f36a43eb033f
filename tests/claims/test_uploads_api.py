"""Uploads: PDF, JPEG or PNG up to 10 MB, typed by content, stored by hash outside the
database, readable only by the member and staff; anything else is refused and leaves nothing."""

from __future__ import annotations

import hashlib

import pytest
from claims_cast import EXECUTABLE, HANA, JPEG, OWEN, PDF, PNG, Caller
from claims_harness import Api
from sqlalchemy import func, select

from camnav.services.uploads import MAX_BYTES
from camnav.store.tables.uploads import UploadRow


def stored_files(api: Api) -> list[str]:
    return sorted(p.name for p in api.uploads.rglob("*") if p.is_file())


def upload_rows(api: Api) -> int:
    return int(api.connection.scalar(select(func.count()).select_from(UploadRow)) or 0)


@pytest.mark.parametrize(
    ("content", "name", "status", "words"),
    [
        pytest.param(EXECUTABLE, "invoice.pdf", 415, "PDF, JPEG and PNG", id="executable as .pdf"),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", "receipt.png", 415, "content", id="script as .png"),
        pytest.param(PDF + b"\0" * MAX_BYTES, "big.pdf", 413, "10 MB", id="over the limit"),
        pytest.param(PDF, "../../etc/passwd.pdf", 422, "plain name", id="path traversal"),
        pytest.param(PDF, "..\\..\\boot.pdf", 422, "plain name", id="windows traversal"),
        pytest.param(PDF, "/etc/passwd", 422, "plain name", id="absolute path"),
        pytest.param(b"", "empty.pdf", 422, "empty", id="empty file"),
    ],
)
def test_a_bad_file_is_refused_clearly_and_nothing_is_stored(
    api: Api, content: bytes, name: str, status: int, words: str
) -> None:
    response = api.upload(Caller.OWEN, content, name=name)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "file"
    assert stored_files(api) == []
    assert upload_rows(api) == 0


@pytest.mark.parametrize(
    ("content", "media_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_the_type_comes_from_the_content_and_the_file_is_named_by_its_hash(
    api: Api, content: bytes, media_type: str
) -> None:
    response = api.upload(Caller.OWEN, content, name="scan.pdf")

    digest = hashlib.sha256(content).hexdigest()
    assert response.status_code == 201
    assert (response.json()["media_type"], response.json()["sha256"]) == (media_type, digest)
    assert stored_files(api) == [digest]
    assert (api.uploads / digest[:2] / digest).read_bytes() == content


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        (Caller.OWEN, 200),
        (Caller.HANA, 403),
        (Caller.PROVIDER, 403),
        (Caller.MEMBER_SERVICES, 200),
        (Caller.REVIEWER, 200),
    ],
)
def test_a_document_is_readable_only_by_its_member_and_staff(
    api: Api, caller: Caller, status: int
) -> None:
    upload_id = api.upload(Caller.OWEN, PNG, name="statement.png").json()["id"]

    response = api.get(caller, f"/api/v1/uploads/{upload_id}")

    assert response.status_code == status
    if status == 200:
        assert response.content == PNG
        assert response.headers["content-type"] == "image/png"


def test_a_member_uploads_only_for_themself(api: Api) -> None:
    response = api.upload(Caller.OWEN, PDF, member_id=HANA)

    assert response.status_code == 403
    assert stored_files(api) == []


def test_the_same_document_uploaded_twice_is_stored_once(api: Api) -> None:
    first = api.upload(Caller.OWEN, PDF).json()
    second = api.upload(Caller.OWEN, PDF, kind="proof_of_payment").json()

    assert first["id"] != second["id"] and first["sha256"] == second["sha256"]
    assert len(stored_files(api)) == 1
    assert first["member_id"] == OWEN
