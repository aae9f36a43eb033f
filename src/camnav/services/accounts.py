"""Use cases: password sign-in (argon2), API bearer tokens and page sessions, and who a token is."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.errors import Unauthenticated
from camnav.services.ports import AuditOutcome, Credential, Role, UnitOfWork, UserRecord

_hasher = PasswordHasher()

# Checked against when the username is unknown, so a wrong username costs as long as a wrong
# password and does not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("camnav-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    """Only a token's sha256 is stored: a copy of the database cannot be used to sign in."""
    return hashlib.sha256(token.encode()).hexdigest()


def actor_of(user: UserRecord) -> Actor:
    return Actor(user.id, user.username, user.role, user.member_id, user.provider_id)


@dataclass(frozen=True, slots=True)
class SignedIn:
    actor: Actor
    token: str
    display_name: str


def _check_password(uow: UnitOfWork, username: str, password: str) -> UserRecord:
    user = uow.users.get_by_username(username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or not user.active:
        raise Unauthenticated("wrong username or password", field="username")
    return user


def sign_in(ctx: ServiceContext, username: str, password: str, *, session: bool) -> SignedIn:
    """Check the password and issue a page session (idle timeout) or an API bearer token."""
    with ctx.units() as uow:
        try:
            user = _check_password(uow, username, password)
        except Unauthenticated:
            record(uow, None, ctx.now(), "sign_in", ("user", username), None, AuditOutcome.DENIED)
            uow.commit()
            raise
        token = secrets.token_urlsafe(32)
        now = ctx.now()
        lifetime = timedelta(minutes=30) if session else timedelta(hours=12)
        credential = Credential(token_digest(token), user.id, now, now + lifetime, now)
        (uow.users.add_session if session else uow.users.add_token)(credential)
        record(uow, actor_of(user), now, "sign_in", ("user", username), user.member_id)
        uow.commit()
    return SignedIn(actor_of(user), token, user.display_name)


def actor_for_token(ctx: ServiceContext, token: str) -> Actor:
    """The user behind a bearer token that has not expired."""
    with ctx.units(write=False) as uow:
        credential = uow.users.get_token(token_digest(token))
        user = uow.users.get(credential.user_id) if credential else None
    if credential is None or user is None or not user.active or credential.expires_at <= ctx.now():
        raise Unauthenticated("missing, unknown or expired bearer token", field="Authorization")
    return actor_of(user)


def actor_for_session(ctx: ServiceContext, token: str, idle: timedelta) -> Actor:
    """The user behind a page session; each use moves its end `idle` later."""
    with ctx.units() as uow:
        digest = token_digest(token)
        credential = uow.users.get_session(digest)
        user = uow.users.get(credential.user_id) if credential else None
        now = ctx.now()
        if credential is None or user is None or not user.active or credential.expires_at <= now:
            raise Unauthenticated("your session has ended; sign in again", field="session")
        uow.users.touch_session(digest, now, now + idle)
        uow.commit()
    return actor_of(user)


def sign_out(ctx: ServiceContext, token: str) -> None:
    with ctx.units() as uow:
        uow.users.delete_session(token_digest(token))
        uow.users.delete_token(token_digest(token))
        uow.commit()


def create_user(
    ctx: ServiceContext,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    *,
    member_id: str | None = None,
    provider_id: str | None = None,
) -> UserRecord:
    with ctx.units() as uow:
        user = uow.users.add(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=hash_password(password),
            member_id=member_id,
            provider_id=provider_id,
        )
        uow.commit()
    return user
