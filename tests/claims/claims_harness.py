"""What the claims workflow tests share besides the cast: the databases they run on, signing
in, and the `Api` handle a test drives the app with. Import with `from claims_harness import ...`
(a unique name: every test folder has a conftest module of its own)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from claims_cast import ACCOUNTS, PASSWORD, Caller, Clock
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from camnav.services.ports import UnitOfWorkFactory

POSTGRESQL_URL_VARIABLE = "CAMNAV_TEST_POSTGRESQL_URL"

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRESQL_URL_VARIABLE),
            reason=f"set {POSTGRESQL_URL_VARIABLE} to run the claims tests on PostgreSQL",
        ),
    ),
]


@contextmanager
def empty_database(kind: str, directory: Path) -> Iterator[str]:
    """The URL of a new SQLite file or PostgreSQL schema, dropped afterwards."""
    name = f"camnav_claims_{uuid.uuid4().hex[:12]}"
    if kind == "sqlite":
        yield f"sqlite:///{directory / name}.db"
        return
    server = os.environ[POSTGRESQL_URL_VARIABLE]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


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
