"""The staff dashboard's figures, each drawn as a bar chart with its numbers as text."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from camnav.domain.authorization_metrics import AuthorizationMetrics
from camnav.domain.money import format_dollars
from camnav.domain.reasons import ReasonCode
from camnav.explain.carc import carc_for
from camnav.services.actors import Permission
from camnav.services.adjudication_rate import adjudication_rate
from camnav.services.authorization_metrics import authorization_metrics
from camnav.services.claim_reports import claims_summary
from camnav.web.charts import Chart, bar_chart
from camnav.web.session import Page

# Authorization timeliness is shown over the year before today.
METRICS_DAYS = 365


def _percent(value: Fraction | None) -> int:
    return round(value * 100) if value is not None else 0


def _carc(code: str) -> str:
    try:
        return f"CARC {carc_for(ReasonCode(code))}"
    except ValueError:
        return code


def carc_counts(lines_by_reason: dict[str, int]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for code, count in lines_by_reason.items():
        counts[_carc(code)] = counts.get(_carc(code), 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def timeliness_of(page: Page) -> AuthorizationMetrics | None:
    """Prior-authorization metrics of the last year, for those allowed to read them."""
    if not page.actor.may(Permission.READ_AUTHORIZATION_METRICS):
        return None
    end = page.ctx.today()
    start = end - timedelta(days=METRICS_DAYS)
    return authorization_metrics(page.ctx, page.actor, start, end).metrics


def timeliness_chart(metrics: AuthorizationMetrics) -> Chart:
    shares = [
        ("within 72 hours", _percent(metrics.within_72_hours)),
        ("within 7 days", _percent(metrics.within_7_days)),
    ]
    return bar_chart("Authorization decisions on time (%)", shares, lambda value: f"{value}%")


def dashboard_charts(page: Page) -> dict[str, object]:
    """Every chart the actor may see: authorization timeliness needs the metrics permission,
    and is drawn once a request was decided by a person."""
    summary = claims_summary(page.ctx, page.actor)
    rate = adjudication_rate(page.ctx, page.actor)
    timeliness = timeliness_of(page)
    charts: list[Chart] = [
        bar_chart("Claims by status", list(summary.by_status.items())),
        bar_chart("Claim lines by reason (CARC)", carc_counts(summary.lines_by_reason)),
        bar_chart(
            "Plan spend by category",
            list(summary.paid_by_category.items()),
            format_dollars,
        ),
    ]
    if timeliness is not None and timeliness.decided:
        charts.append(timeliness_chart(timeliness))
    return {
        "charts": charts,
        "rate": f"{float(rate.rate) * 100:.1f}%",
        "automatic": rate.automatic,
        "decided": rate.counts.claims,
        "timeliness": timeliness,
    }
