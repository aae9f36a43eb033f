"""Users with their roles, page sessions and API tokens (by hash), physicians' patients."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Select, Table, bindparam, delete, exists, select, update
from sqlalchemy.orm import Session

from camnav.services.ports import Credential, Role, UserRecord
from camnav.store.database import unit_connection
from camnav.store.tables.users import ApiTokenRow, PhysicianPatientRow, SessionRow, UserRow

_USERS = cast(Table, UserRow.__table__)
_TOKENS = cast(Table, ApiTokenRow.__table__)
_SESSIONS = cast(Table, SessionRow.__table__)
# Every request looks up its credential and user: statements built once, run on the connection
# (see store/claims.py).
_USER = select(_USERS).where(_USERS.c.id == bindparam("user_id"))
_TOKEN = select(_TOKENS).where(_TOKENS.c.token_hash == bindparam("token_hash"))
_SESSION = select(_SESSIONS).where(_SESSIONS.c.token_hash == bindparam("token_hash"))


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        *,
        username: str,
        display_name: str,
        role: Role,
        password_hash: str,
        member_id: str | None = None,
        provider_id: str | None = None,
        physician_npi: str | None = None,
    ) -> UserRecord:
        row = UserRow(
            username=username,
            display_name=display_name,
            role=role.value,
            password_hash=password_hash,
            member_id=member_id,
            provider_id=provider_id,
            physician_npi=physician_npi,
            active=True,
        )
        self._session.add(row)
        self._session.flush()
        return _user(row)

    def get(self, user_id: int) -> UserRecord | None:
        row = self._first(_USER, {"user_id": user_id})
        return _user(row) if row else None

    def get_by_username(self, username: str) -> UserRecord | None:
        row = self._session.scalars(select(UserRow).where(UserRow.username == username)).first()
        return _user(row) if row else None

    def _first(self, query: Select[Any], parameters: dict[str, object]) -> Row[Any] | None:
        return unit_connection(self._session).execute(query, parameters).first()

    def add_session(self, session: Credential) -> None:
        self._session.add(SessionRow(**_credential_values(session)))
        self._session.flush()

    def get_session(self, token_hash: str) -> Credential | None:
        row = self._first(_SESSION, {"token_hash": token_hash})
        return _credential(row) if row else None

    def touch_session(self, token_hash: str, at: datetime, expires_at: datetime) -> None:
        """Record activity: a session idles out `expires_at`, moved forward on each request."""
        self._session.execute(
            update(SessionRow)
            .where(SessionRow.token_hash == token_hash)
            .values(last_seen_at=at, expires_at=expires_at)
        )

    def delete_session(self, token_hash: str) -> None:
        self._session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    def add_token(self, token: Credential) -> None:
        self._session.add(ApiTokenRow(**_credential_values(token)))
        self._session.flush()

    def get_token(self, token_hash: str) -> Credential | None:
        row = self._first(_TOKEN, {"token_hash": token_hash})
        return _credential(row) if row else None

    def delete_token(self, token_hash: str) -> None:
        self._session.execute(delete(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))

    def add_patient(self, physician_user_id: int, member_id: str) -> None:
        self._session.add(
            PhysicianPatientRow(physician_user_id=physician_user_id, member_id=member_id)
        )
        self._session.flush()

    def patients_of(self, physician_user_id: int) -> tuple[str, ...]:
        query = (
            select(PhysicianPatientRow.member_id)
            .where(PhysicianPatientRow.physician_user_id == physician_user_id)
            .order_by(PhysicianPatientRow.member_id)
        )
        return tuple(self._session.scalars(query))

    def is_patient_of(self, physician_user_id: int, member_id: str) -> bool:
        query = select(
            exists().where(
                PhysicianPatientRow.physician_user_id == physician_user_id,
                PhysicianPatientRow.member_id == member_id,
            )
        )
        return bool(self._session.scalar(query))


def _user(row: UserRow | Row[Any]) -> UserRecord:
    return UserRecord(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        password_hash=row.password_hash,
        member_id=row.member_id,
        provider_id=row.provider_id,
        physician_npi=row.physician_npi,
        active=row.active,
    )


def _credential_values(credential: Credential) -> dict[str, object]:
    return {
        "token_hash": credential.token_hash,
        "user_id": credential.user_id,
        "created_at": credential.created_at,
        "last_seen_at": credential.last_seen_at,
        "expires_at": credential.expires_at,
    }


def _credential(row: Row[Any]) -> Credential:
    return Credential(row.token_hash, row.user_id, row.created_at, row.expires_at, row.last_seen_at)
