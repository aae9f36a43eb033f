"""What the pages show, gathered from the services' answers (no decisions are made here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from camnav.domain.adjudication import LineStatus
from camnav.domain.money import format_dollars
from camnav.domain.places import KM_PER_MILE
from camnav.domain.plans import Tier
from camnav.explain.documents import coverage_document
from camnav.explain.eob import STATUS_TEXT, Explanation
from camnav.explain.messages import describe
from camnav.services.claims import StoredClaim
from camnav.services.coverage import CoverageQuestion, answer_coverage
from camnav.services.directory import DirectoryAnswer
from camnav.services.members import MemberView
from camnav.services.ports import DecisionRecord
from camnav.services.reviews import reason_text
from camnav.web.forms import codes_of
from camnav.web.session import Page


def coverage_card(page: Page, member_id: str, diagnosis: str = "") -> dict[str, object]:
    """The coverage answer for massage today, each statement with its plan clause."""
    question = CoverageQuestion(member_id, "massage", page.ctx.today(), codes_of(diagnosis))
    return coverage_document(answer_coverage(page.ctx, page.actor, question))


@dataclass(frozen=True, slots=True)
class Listing:
    rank: int
    provider_id: str
    name: str
    npi: str
    km: float
    miles: float
    tier: str
    credential: str
    in_good_standing: bool
    license_number: str
    license_expires: str
    member_pays: int | None
    covered: bool | None
    accepting: bool


def directory_view(answer: DirectoryAnswer) -> tuple[Listing, ...]:
    listings = []
    for result in answer.results:
        record, credential = result.listed.record, result.listed.credential
        license = credential.license
        visit = result.quote.visit if result.quote else None
        listings.append(
            Listing(
                rank=result.rank,
                provider_id=record.provider.id,
                name=record.provider.name,
                npi=record.provider.npi or "",
                km=round(result.distance_km, 1),
                miles=round(result.distance_km / KM_PER_MILE, 1),
                tier=result.listed.tier.value,
                credential=credential.status.value,
                in_good_standing=credential.in_good_standing,
                license_number=license.number if license else "",
                license_expires=license.expires.isoformat() if license and license.expires else "",
                member_pays=visit.member_total if visit else None,
                covered=visit.covered if visit else None,
                accepting=record.accepting_new_patients,
            )
        )
    return tuple(listings)


def map_points(answer: DirectoryAnswer) -> dict[str, object]:
    """The origin and each therapist's position, for the map (the list shows them all)."""
    return {
        "origin": [answer.origin.latitude, answer.origin.longitude],
        "points": [
            {
                "name": r.listed.record.provider.name,
                "rank": r.rank,
                "lat": r.listed.record.latitude,
                "lon": r.listed.record.longitude,
            }
            for r in answer.results
            if r.listed.record.latitude is not None and r.listed.record.longitude is not None
        ],
    }


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    title: str
    detail: str = ""


def timeline(stored: StoredClaim, explanation: Explanation) -> tuple[Event, ...]:
    """Received, decided (and decided again), paid: the claim's history, oldest first."""
    events = [Event(stored.record.created_at, "Received", f"claim {stored.record.claim.id}")]
    determination = stored.determination
    if determination is not None:
        events.append(
            Event(
                determination.decided_at,
                STATUS_TEXT[determination.status],
                f"decision {determination.sequence}",
            )
        )
    events += [
        Event(
            p.at,
            p.kind.replace("_", " ").capitalize(),
            " · ".join(part for part in (f"{money(p.amount)} to {p.payee}", p.note) if part),
        )
        for p in explanation.postings
    ]
    return tuple(sorted(events, key=lambda e: e.at))


def accumulator_rows(view: MemberView) -> tuple[tuple[str, str], ...]:
    """Deductible and out-of-pocket met so far this plan year (in network)."""
    plan, met = view.plan, view.accumulators
    rows = [
        (
            "Deductible met",
            f"{money(met.deductible(Tier.IN_NETWORK))} of "
            f"{money(plan.deductible_for(Tier.IN_NETWORK))}",
        ),
    ]
    maximum = plan.out_of_pocket_max_for(Tier.IN_NETWORK)
    if maximum is not None:
        rows.append(
            (
                "Out-of-pocket met",
                f"{money(met.out_of_pocket(Tier.IN_NETWORK))} of {money(maximum)}",
            )
        )
    return tuple(rows)


def money(cents: int) -> str:
    return format_dollars(cents)


@dataclass(frozen=True, slots=True)
class DecisionRow:
    status: str
    source: str
    decided_at: datetime
    reasons: tuple[tuple[str, str], ...]  # plain text, plan clause
    visits: int | None


def decision_rows(decisions: tuple[DecisionRecord, ...]) -> tuple[DecisionRow, ...]:
    """A referral's decisions, each reason in plain language with its plan clause."""
    return tuple(
        DecisionRow(
            status=d.status.value,
            source=d.source.value,
            decided_at=d.decided_at,
            reasons=tuple(
                (reason_text(item, d.note), str(item.get("citation") or "")) for item in d.reasons
            )
            or (((d.note, ""),) if d.note else ()),
            visits=d.visits,
        )
        for d in decisions
    )


def pending_reasons(stored: StoredClaim) -> tuple[tuple[str, str], ...]:
    """Why a claim waits for a person: its pended lines' reasons with their plan clauses."""
    determination = stored.determination
    if determination is None:
        return ()
    return tuple(
        (describe(reason), reason.citation)
        for line in determination.lines
        if line.status is LineStatus.PENDED
        for reason in line.reasons
    )
