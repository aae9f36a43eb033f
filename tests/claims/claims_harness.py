"""What the claims workflow tests share besides the cast: the databases they run on, signing
in, and the `Api` handle a test drives the app with. Import with `from claims_harness import ...`
(a unique name: every test folder has a conftest module of its own)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claims_cast import ACCOUNTS, PASSWORD, Caller, Clock
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection

from camnav.services.ports import UnitOfWorkFactory
from database_fixtures import database_kinds
from database_fixtures import empty_database as shared_empty_database

DATABASES = database_kinds("claims")


def empty_database(kind: str, directory: Path) -> AbstractContextManager[str]:
    return shared_empty_database(kind, directory, "camnav_claims")


def sign_in(client: TestClient, caller: Caller) -> str:
    username = ACCOUNTS[caller][0]
    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    token: str = response.json()["access_token"]
    return token


@dataclass(frozen=True)
class Api:
    """The app over one test's transaction, the cast's tokens, the clock and the uploads."""

    client: TestClient
    tokens: dict[Caller, str]
    units: UnitOfWorkFactory
    clock: Clock
    uploads: Path
    connection: Connection
    kind: str

    def headers(self, caller: Caller, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[caller]}", **extra}

    def get(self, caller: Caller, url: str) -> Response:
        return self.client.get(url, headers=self.headers(caller))

    def post(self, caller: Caller, url: str, json: Any, **headers: str) -> Response:
        return self.client.post(url, json=json, headers=self.headers(caller, **headers))

    def upload(
        self,
        caller: Caller,
        content: bytes,
        *,
        kind: str = "itemized_bill",
        name: str = "invoice.pdf",
        member_id: str | None = None,
    ) -> Response:
        data = {"kind": kind} | ({"member_id": member_id} if member_id else {})
        files = {"file": (name, content, "application/pdf")}
        return self.client.post(
            "/api/v1/uploads", data=data, files=files, headers=self.headers(caller)
        )
