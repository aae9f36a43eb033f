"""The named demo accounts: who they are, their known passwords, and their argon2 hashes.

argon2 at the default cost takes about a third of a second a hash on a small machine, so the
hashes of the demo's public passwords are computed once and kept here (with a salt derived from
the username, so they are the same in every build); tests/demo checks that each one verifies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.low_level import hash_secret

from camnav.demo.cast import Cast
from camnav.demo.npi import check_digit
from camnav.services.ports import Role, UserRepository

_CHEN_BASE = "155812345"
DR_CHEN_NPI = f"{_CHEN_BASE}{check_digit(_CHEN_BASE)}"

# argon2id at PasswordHasher's default cost; each entry below is "salt$hash" under it.
ARGON2_PARAMETERS = "$argon2id$v=19$m=65536,t=3,p=4$"
PRECOMPUTED_HASHES = {
    "maria": "lSQe2DuuGsTMk+RehQFEjA$58YwPWq6TDZeAxyNY4w5RaMwi1RNGCfwlZWbhGMNwgs",
    "hana": "OGTPa5JcdoL2HRlQYTvIeg$FPO6yjxGrHI6yFMqjpffa9qH+u4JG21uPeXg5cVT4VA",
    "dr.chen": "etFKhlP6OA+yeCuJV4tEJw$H1xOm9xC1EIoMEAuMDYN45NRUI8CGsRCX+CA/KGQFoI",
    "therapist": "CUBshV7no95VrpnwK9T2MQ$xM3ismPlTIVl7IgbicPrA+EoFmcKYJqy8APc/8UznAs",
    "sam": "yKIOIEbMSL3ly92hrNhf5Q$waq7y/1w72mM5MEgXchI8qPF68rX89CZvpu4bC6iGac",
    "riley": "Jy6WT9Qj2mdCEGUmOSbw+g$+TNEIiF4WyKiKuqRLh9IQyz7Qnrf67j1evmAx1x+s0c",
    "pat": "P8x2zqiKYbPx7Iv7F39aug$givb/jE8GcFUk/TRgrCyu+9pl4Tgenx9rpcj5j0U5Q0",
}


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo sign-in: the password is public (printed when the demo starts)."""

    username: str
    password: str
    role: Role
    display_name: str
    note: str
    member_id: str | None = None
    provider_id: str | None = None
    physician_npi: str | None = None


# The demo accounts in the order they are printed, with what each shows.
NOTES = {
    "maria": "plan B member in Washington with a referral expiring soon",
    "hana": "plan C (HSA) member, deductible nearly met",
    "dr.chen": "physician; Maria and Hana are among her patients",
    "therapist": "contracted massage therapist who treats Maria and Hana",
    "sam": "member services",
    "riley": "clinical reviewer",
    "pat": "plan administrator",
}


def demo_accounts(cast: Cast) -> tuple[DemoAccount, ...]:
    """The accounts of the demo, members first."""
    therapist = cast.therapist.provider
    return (
        _account("maria", Role.MEMBER, "Maria Lopez", member_id=cast.maria.member_id),
        _account("hana", Role.MEMBER, "Hana Kim", member_id=cast.hana.member_id),
        _account("dr.chen", Role.PHYSICIAN, "Dr. Mei Chen, MD", physician_npi=DR_CHEN_NPI),
        _account("therapist", Role.PROVIDER, therapist.name, provider_id=therapist.id),
        _account("sam", Role.MEMBER_SERVICES, "Sam Rivera"),
        _account("riley", Role.CLINICAL_REVIEWER, "Riley Morgan, RN"),
        _account("pat", Role.PLAN_ADMINISTRATOR, "Pat Okafor"),
    )


def stored_accounts(users: UserRepository) -> tuple[DemoAccount, ...]:
    """The demo accounts as a database holds them (for a build that is reused)."""
    found = (users.get_by_username(username) for username in NOTES)
    return tuple(
        _account(
            user.username,
            user.role,
            user.display_name,
            member_id=user.member_id,
            provider_id=user.provider_id,
            physician_npi=user.physician_npi,
        )
        for user in found
        if user is not None
    )


def _account(username: str, role: Role, display_name: str, **links: str | None) -> DemoAccount:
    """An account whose password is "<username>-demo"."""
    return DemoAccount(username, f"{username}-demo", role, display_name, NOTES[username], **links)


def password_hash(account: DemoAccount) -> str:
    """The account's argon2 hash: the precomputed one, else computed with the same salt."""
    known = PRECOMPUTED_HASHES.get(account.username)
    if known is None:
        return _hash(account.username, account.password)
    return ARGON2_PARAMETERS + known


def _hash(username: str, password: str) -> str:
    hasher = PasswordHasher()
    salt = hashlib.sha256(f"camnav-demo:{username}".encode()).digest()[: hasher.salt_len]
    encoded = hash_secret(
        password.encode(),
        salt,
        time_cost=hasher.time_cost,
        memory_cost=hasher.memory_cost,
        parallelism=hasher.parallelism,
        hash_len=hasher.hash_len,
        type=hasher.type,
    )
    return encoded.decode()


def add_accounts(
    users: UserRepository, accounts: Sequence[DemoAccount], panel: Sequence[str]
) -> dict[str, int]:
    """Store the accounts and the physician's panel; the user ids by username."""
    ids: dict[str, int] = {}
    for account in accounts:
        record = users.add(
            username=account.username,
            display_name=account.display_name,
            role=account.role,
            password_hash=password_hash(account),
            member_id=account.member_id,
            provider_id=account.provider_id,
            physician_npi=account.physician_npi,
        )
        ids[account.username] = record.id
    physician = next(a for a in accounts if a.role is Role.PHYSICIAN)
    for member_id in panel:
        users.add_patient(ids[physician.username], member_id)
    return ids
