"""Use case: prior-authorization metrics over the requests received in a period (CMS-0057-F)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from camnav.domain.authorization_metrics import AuthorizationCase, AuthorizationMetrics, summarize
from camnav.domain.deadlines import DEFAULT_TIME_ZONE
from camnav.domain.referrals import ReferralStatus
from camnav.services.access import require
from camnav.services.actors import Actor, Permission
from camnav.services.audit_trail import record
from camnav.services.context import ServiceContext
from camnav.services.errors import InvalidRequest
from camnav.services.ports import DecisionRecord, DecisionSource, ReferralRecord


@dataclass(frozen=True, slots=True)
class MetricsReport:
    start: date
    end: date
    time_zone: str
    metrics: AuthorizationMetrics


def authorization_metrics(
    ctx: ServiceContext, actor: Actor, start: date, end: date
) -> MetricsReport:
    """Metrics of the requests received from `start` to `end` (inclusive local dates)."""
    if end < start:
        raise InvalidRequest("to is before from", field="to")
    zone = ZoneInfo(DEFAULT_TIME_ZONE)
    begin = datetime.combine(start, time(), zone)
    finish = datetime.combine(end + timedelta(days=1), time(), zone)
    with ctx.units() as uow:
        require(uow, ctx, actor, Permission.READ_AUTHORIZATION_METRICS, "read metrics")
        referrals = uow.referral_reviews.received_between(begin, finish)
        history = uow.referral_reviews.decisions_of([r.referral.id for r in referrals])
        record(uow, actor, ctx.now(), "metrics.prior_authorization", ("metrics", ""), None)
        uow.commit()
    cases = [_case(r, history.get(r.referral.id, ())) for r in referrals]
    return MetricsReport(start, end, DEFAULT_TIME_ZONE, summarize(cases, zone))


def _case(referral: ReferralRecord, decisions: Sequence[DecisionRecord]) -> AuthorizationCase:
    """A request's first final decision times it; an approval on appeal marks it."""
    assert referral.received_at is not None
    first = next((d for d in decisions if d.status is not ReferralStatus.PENDED), None)
    on_appeal = any(
        d.source is DecisionSource.APPEAL and d.status is ReferralStatus.APPROVED for d in decisions
    )
    return AuthorizationCase(
        status=referral.referral.status,
        received_at=referral.received_at,
        first_decided_at=first.decided_at if first else None,
        approved_after_appeal=on_appeal and referral.referral.status is ReferralStatus.APPROVED,
    )
