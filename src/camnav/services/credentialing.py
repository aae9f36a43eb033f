"""Use cases: a provider's credential on a date, and the licenses that expire soon (staff)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from camnav.domain.credentials import Credential, credential_on
from camnav.services.access import refuse, require
from camnav.services.actors import Actor, Permission
from camnav.services.context import ServiceContext
from camnav.services.directory_ports import LicenseOnRecord
from camnav.services.errors import InvalidRequest, NotFound
from camnav.services.ports import ProviderRecord

MAX_DAYS = 3660


@dataclass(frozen=True, slots=True)
class CredentialOnDate:
    record: ProviderRecord
    on: date
    credential: Credential


@dataclass(frozen=True, slots=True)
class ExpiringReport:
    """Active licenses expiring from `start` to `end`, both included, soonest first."""

    start: date
    end: date
    licenses: tuple[LicenseOnRecord, ...]


def credential_of(
    ctx: ServiceContext, actor: Actor, provider_id: str, on: date
) -> CredentialOnDate:
    """The provider's credential on the date, as a claim for that date would be checked."""
    with ctx.units() as uow:
        require(uow, ctx, actor, Permission.READ_PROVIDER, "read provider")
        found = uow.providers.record(provider_id)
    if found is None:
        raise NotFound(f"no provider {provider_id}", field="provider_id")
    return CredentialOnDate(
        found, on, credential_on(found.provider, ctx.library.rules.licensing, on)
    )


def expiring_licenses(
    ctx: ServiceContext, actor: Actor, days: int, today: date | None = None
) -> ExpiringReport:
    """Licenses to renew: active ones whose expiry falls in the next `days` days (staff only)."""
    if not 0 <= days <= MAX_DAYS:
        raise InvalidRequest(f"days must be from 0 to {MAX_DAYS}", field="days")
    start = today or ctx.today()
    end = start + timedelta(days=days)
    with ctx.units() as uow:
        if not actor.is_staff:
            raise refuse(uow, ctx, actor, "list expiring licenses", ("licenses", ""), None)
        found = uow.directory.expiring(start, end)
    return ExpiringReport(start, end, found)
