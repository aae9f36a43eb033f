"""Rendering pages: the Jinja2 templates, their filters, and each role's navigation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from camnav.domain.money import format_dollars, format_rate
from camnav.services.actors import Actor, Permission
from camnav.services.ports import Role
from camnav.web.session import Page

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str


MEMBER_NAV = (
    Link("Coverage", "/member"),
    Link("Find a therapist", "/member/therapists"),
    Link("Cost estimator", "/member/estimate"),
    Link("Claims", "/member/claims"),
    Link("Referrals and letters", "/member/referrals"),
)
PHYSICIAN_NAV = (Link("Patients", "/physician"), Link("Referrals", "/physician/referrals"))
PROVIDER_NAV = (Link("Claims", "/provider"),)


def staff_nav(actor: Actor) -> tuple[Link, ...]:
    links = [Link("Dashboard", "/staff")]
    if actor.may(Permission.REVIEW_REFERRAL):
        links.append(Link("Referral reviews", "/staff/reviews"))
    if actor.role in (Role.CLINICAL_REVIEWER, Role.PLAN_ADMINISTRATOR):
        links.append(Link("Claim reviews", "/staff/claims"))
    links += [
        Link("Members", "/staff/members"),
        Link("Plans", "/staff/plans"),
        Link("Credentialing", "/staff/credentialing"),
    ]
    return tuple(links)


def navigation(actor: Actor) -> tuple[Link, ...]:
    """The pages a role reaches from every page."""
    if actor.role is Role.MEMBER:
        return MEMBER_NAV
    if actor.role is Role.PHYSICIAN:
        return PHYSICIAN_NAV
    if actor.role is Role.PROVIDER:
        return PROVIDER_NAV
    return staff_nav(actor)


def home_of(actor: Actor) -> str:
    return navigation(actor)[0].href


def money(cents: int | None) -> str:
    return "—" if cents is None else format_dollars(cents)


def rate(value: Fraction) -> str:
    return format_rate(value)


def day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def words(value: object) -> str:
    return str(value).replace("_", " ")


TEMPLATES.env.filters.update(money=money, rate=rate, day=day, words=words)


def render(
    request: Request,
    template: str,
    page: Page | None,
    status_code: int = 200,
    **values: object,
) -> HTMLResponse:
    """A page (or, for an htmx request of a partial, just the partial) with its navigation."""
    context: dict[str, Any] = {
        "page": page,
        "nav": navigation(page.actor) if page else (),
        "path": request.url.path,
        **values,
    }
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
