"""`camnav referrals`: referrals, extensions, appeals, the review queue, letters, notifications
and metrics over the database of CAMNAV_DATABASE_URL, acting as a signed-in user.

Every command signs in as `--as USER` with the password from CAMNAV_PASSWORD (or a prompt), so
the same authorization and audit trail apply as through the API. Output is JSON, as the API's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from camnav.api.app import context_from
from camnav.api.referral_documents import (
    decided_document,
    decision_letter_document,
    metrics_document,
    necessity_letter_document,
    notifications_document,
    queue_document,
    stored_referral_document,
    view_document,
)
from camnav.domain.referral_decisions import ProgressNotes
from camnav.domain.referrals import ReferralStatus
from camnav.pdf.letters import decision_letter_pdf, necessity_letter_pdf
from camnav.services.accounts import sign_in
from camnav.services.actors import Actor
from camnav.services.authorization_metrics import authorization_metrics
from camnav.services.context import ServiceContext
from camnav.services.errors import ServiceError
from camnav.services.letters import NecessityRequest, create_necessity_letter, decision_letter
from camnav.services.notifications import list_notifications
from camnav.services.ports import Urgency
from camnav.services.referrals import (
    NewExtension,
    NewReferral,
    appeal_referral,
    create_referral,
    extend_referral,
    list_referrals,
    referral_view,
)
from camnav.services.reviews import ReviewDecision, decide_review, review_queue
from camnav.settings import Settings

T = TypeVar("T")

app = typer.Typer(no_args_is_help=True, help="Referrals, reviews, letters and metrics.")

User = Annotated[str, typer.Option("--as", help="Username to act as")]
Password = Annotated[
    str, typer.Option(envvar="CAMNAV_PASSWORD", prompt=True, hide_input=True, help="Password")
]
Start = Annotated[date, typer.Option("--from", formats=["%Y-%m-%d"], help="First valid day")]
End = Annotated[date | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last valid day")]
Weeks = Annotated[int | None, typer.Option(min=1, max=104, help="Duration in weeks (or --to)")]
Visits = Annotated[int, typer.Option(min=1, max=200, help="Visits asked for")]
Improving = Annotated[
    bool | None,
    typer.Option("--improving/--not-improving", help="Progress notes: functional improvement?"),
]
Summary = Annotated[str, typer.Option(help="Progress notes in words")]
Pdf = Annotated[Path | None, typer.Option(help="Also write the letter as PDF here")]


def _session(user: str, password: str) -> tuple[ServiceContext, Actor]:
    ctx = context_from(Settings())
    return ctx, _run(lambda: sign_in(ctx, user, password, session=False).actor)


def _run(work: Callable[[], T]) -> T:
    """Run a use case; a refusal is printed and ends the command with status 1."""
    try:
        return work()
    except ServiceError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from error


def _print(document: object) -> None:
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _end(start: date, end: date | None, weeks: int | None) -> date:
    if (end is None) == (weeks is None):
        raise typer.BadParameter("give exactly one of --to and --weeks", param_hint="--to")
    return end if end is not None else start + timedelta(weeks=weeks or 0) - timedelta(days=1)


def _progress(improving: bool | None, summary: str) -> ProgressNotes | None:
    return None if improving is None else ProgressNotes(improving, summary)


@app.command()
def create(
    member: str,
    user: User,
    password: Password,
    start: Start,
    visits: Visits,
    diagnosis: Annotated[list[str], typer.Option(help="ICD-10-CM code; repeat")],
    category: Annotated[str, typer.Option(help="massage, acupuncture, ...")] = "massage",
    end: End = None,
    weeks: Weeks = None,
    tried: Annotated[list[str] | None, typer.Option(help="Treatment tried; repeat")] = None,
    frequency: str = "",
    expedited: bool = False,
    condition_weeks: Annotated[int | None, typer.Option(min=0)] = None,
    improving: Improving = None,
    summary: Summary = "",
) -> None:
    """Refer a member; the plan's rules decide at once where they can."""
    ctx, actor = _session(user, password)
    request = NewReferral(
        member_id=member,
        category=category,
        diagnoses=tuple(diagnosis),
        visits=visits,
        valid_from=start,
        valid_to=_end(start, end, weeks),
        urgency=Urgency.EXPEDITED if expedited else Urgency.STANDARD,
        conventional_treatments=tuple(tried or ()),
        frequency=frequency,
        condition_weeks=condition_weeks,
        progress=_progress(improving, summary),
    )
    _print(_run(lambda: create_referral(ctx, actor, request, None, decided_document).body))


@app.command()
def extend(
    referral: str,
    user: User,
    password: Password,
    start: Start,
    visits: Visits,
    end: End = None,
    weeks: Weeks = None,
    improving: Improving = None,
    summary: Summary = "",
) -> None:
    """Ask for more visits under an approved referral, with progress notes."""
    ctx, actor = _session(user, password)
    extension = NewExtension(
        referral, visits, start, _end(start, end, weeks), _progress(improving, summary)
    )
    _print(_run(lambda: extend_referral(ctx, actor, extension, None, decided_document).body))


@app.command()
def show(referral: str, user: User, password: Password) -> None:
    """One referral with its decisions."""
    ctx, actor = _session(user, password)
    _print(view_document(_run(lambda: referral_view(ctx, actor, referral))))


@app.command("list")
def list_(member: str, user: User, password: Password) -> None:
    """A member's referrals."""
    ctx, actor = _session(user, password)
    found = _run(lambda: list_referrals(ctx, actor, member))
    _print([stored_referral_document(r) for r in found])


@app.command()
def appeal(referral: str, user: User, password: Password, grounds: str) -> None:
    """Appeal a denial: back to the clinical review queue."""
    ctx, actor = _session(user, password)
    _print(stored_referral_document(_run(lambda: appeal_referral(ctx, actor, referral, grounds))))


@app.command()
def queue(user: User, password: Password) -> None:
    """The clinical review queue, soonest deadline first."""
    ctx, actor = _session(user, password)
    _print([queue_document(e) for e in _run(lambda: review_queue(ctx, actor))])


@app.command()
def decide(
    referral: str,
    user: User,
    password: Password,
    reason: Annotated[str, typer.Option(help="Why: required")],
    approve: Annotated[bool, typer.Option("--approve/--deny")],
    visits: Annotated[int | None, typer.Option(min=1)] = None,
    citation: str = "",
) -> None:
    """A reviewer approves or denies a queued referral, with a reason."""
    ctx, actor = _session(user, password)
    status = ReferralStatus.APPROVED if approve else ReferralStatus.DENIED
    decision = ReviewDecision(status, reason, citation, visits)
    _print(stored_referral_document(_run(lambda: decide_review(ctx, actor, referral, decision))))


@app.command()
def letter(referral: str, user: User, password: Password, pdf: Pdf = None) -> None:
    """The decision letter (approval or denial) as JSON, and as PDF with --pdf."""
    ctx, actor = _session(user, password)
    found = _run(lambda: decision_letter(ctx, actor, referral))
    if pdf is not None:
        pdf.write_bytes(decision_letter_pdf(found))
    _print(decision_letter_document(found))


@app.command()
def lmn(
    referral: str,
    user: User,
    password: Password,
    treatment: str = "",
    frequency: str = "",
    months: Annotated[int, typer.Option(min=1, max=36)] = 12,
    employer: str = "",
    pdf: Pdf = None,
) -> None:
    """The referring physician signs a letter of medical necessity (HSA/FSA)."""
    ctx, actor = _session(user, password)
    request = NecessityRequest(treatment, frequency, months, "", employer)
    found = _run(lambda: create_necessity_letter(ctx, actor, referral, request))
    if pdf is not None:
        pdf.write_bytes(necessity_letter_pdf(found))
    _print(necessity_letter_document(found))


@app.command()
def notifications(
    user: User, password: Password, page: Annotated[int, typer.Option(min=1)] = 1
) -> None:
    """The signed-in user's notifications, newest first."""
    ctx, actor = _session(user, password)
    _print(notifications_document(_run(lambda: list_notifications(ctx, actor, page))))


@app.command()
def metrics(
    user: User,
    password: Password,
    start: Annotated[date, typer.Option("--from", formats=["%Y-%m-%d"])],
    end: Annotated[date, typer.Option("--to", formats=["%Y-%m-%d"])],
) -> None:
    """Prior-authorization metrics of the requests received in a period."""
    ctx, actor = _session(user, password)
    _print(metrics_document(_run(lambda: authorization_metrics(ctx, actor, start, end))))
