"""Use cases: a provider's directory record and credentials (no member data)."""

from __future__ import annotations

from camnav.services.access import require
from camnav.services.actors import Actor, Permission
from camnav.services.context import ServiceContext
from camnav.services.errors import NotFound
from camnav.services.ports import ProviderRecord


def get_provider(ctx: ServiceContext, actor: Actor, provider_id: str) -> ProviderRecord:
    with ctx.units() as uow:
        require(uow, ctx, actor, Permission.READ_PROVIDER, "read provider")
        found = uow.providers.record(provider_id)
    if found is None:
        raise NotFound(f"no provider {provider_id}", field="provider_id")
    return found
