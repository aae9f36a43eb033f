"""The documents on file that plans ask for: physicians' referrals (plan B massage, plan F
physical therapy) and prescriptions (plans C and D), the benefit manager's authorizations
(plan E's treatment plans after the initial exam, plan G from the 13th acupuncture visit),
letters of medical necessity for HSA members' massage, and requests still waiting for review.

Documents follow the visits: a member who needs one usually has it before the visit, and a new
one when it runs out; now and then the care runs ahead of the paperwork, and the engine denies
the visit (an expired referral, visits used up, no authorization).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from camnav.demo.care import Visit
from camnav.demo.seeds import chance, pick
from camnav.domain.plans import AccessRule, Plan
from camnav.domain.referrals import Letter, Referral, ReferralKind, ReferralStatus, add_months
from camnav.services.ports import Urgency

RENEWAL_SHARE = 0.8  # a document runs out and the member gets a new one before the next visit
MISSING_FIRST_SHARE = 0.05  # the first visit happens before any document is on file
STOP_SHARE = 0.7  # after a visit with no document, the member stops this care
PENDING_SHARE = 0.02  # members with a request for more visits waiting for review
DENIED_SHARE = 0.005
_KINDS = {
    AccessRule.REFERRAL: ReferralKind.REFERRAL,
    AccessRule.PRESCRIPTION: ReferralKind.PRESCRIPTION,
    AccessRule.TREATMENT_PLAN: ReferralKind.AUTHORIZATION,
    AccessRule.AUTHORIZATION_FROM_VISIT: ReferralKind.AUTHORIZATION,
}
_PREFIXES = {
    ReferralKind.REFERRAL: "RF",
    ReferralKind.PRESCRIPTION: "RX",
    ReferralKind.AUTHORIZATION: "AU",
}
DENIAL_REASONS = (
    "The records do not document a functional limitation or measurable progress.",
    "Maintenance care: no expectation of further measurable improvement.",
    "The diagnosis is not a covered indication for this service.",
)


@dataclass(frozen=True, slots=True)
class Document:
    """A referral, prescription or authorization with how and when it reached the plan."""

    referral: Referral
    member_id: str
    received_at: datetime
    decided_at: datetime | None
    urgency: Urgency = Urgency.STANDARD
    decision_reason: str = ""

    @property
    def by_physician(self) -> bool:
        return self.referral.kind is not ReferralKind.AUTHORIZATION


@dataclass
class Papers:
    """A member's documents and letters, and the visits that went ahead."""

    documents: list[Document] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)


PlanOn = Callable[[date], Plan]


def papers_for(
    rng: random.Random, member_id: str, visits: Sequence[Visit], plan_on: PlanOn, today: date
) -> Papers:
    """The documents each category of the member's care needs, and the visits kept."""
    papers = Papers()
    for category in sorted({v.category for v in visits}):
        _cover(rng, member_id, [v for v in visits if v.category == category], plan_on, papers)
    papers.visits.sort(key=lambda v: (v.day, v.provider_id))
    # Requests for more visits go to clinical review; prescriptions do not.
    last = papers.documents[-1].referral if papers.documents else None
    reviewed = last is not None and last.kind is not ReferralKind.PRESCRIPTION
    if reviewed and chance(rng, PENDING_SHARE + DENIED_SHARE):
        papers.documents.append(_request(rng, member_id, papers, today))
    return papers


def _cover(
    rng: random.Random, member_id: str, visits: list[Visit], plan_on: PlanOn, papers: Papers
) -> None:
    current: Referral | None = None
    used, in_year = 0, dict[int, int]()
    for visit in visits:
        plan = plan_on(visit.day)
        benefit = plan.benefit(visit.category)
        in_year[visit.day.year] = in_year.get(visit.day.year, 0) + 1
        papers.visits.append(visit)
        if benefit is None or not benefit.covered or benefit.access.rule not in _KINDS:
            continue
        if in_year[visit.day.year] <= benefit.access.free_visits:
            continue
        if current is not None and _covers(current, used, visit.day):
            used += 1
            continue
        if (current is None and chance(rng, MISSING_FIRST_SHARE)) or (
            current is not None and not chance(rng, RENEWAL_SHARE)
        ):
            if chance(rng, STOP_SHARE):
                return
            continue
        current, used = _document(rng, member_id, visit, plan, papers), 1


def _covers(document: Referral, used: int, day: date) -> bool:
    within = document.visits is None or used < document.visits
    if document.kind is ReferralKind.PRESCRIPTION:
        return within and day <= add_months(document.valid_from, 12)
    return within and document.valid_on(day)


def _document(
    rng: random.Random, member_id: str, visit: Visit, plan: Plan, papers: Papers
) -> Referral:
    benefit = plan.benefit(visit.category)
    assert benefit is not None  # only covered categories need documents
    kind = _KINDS[benefit.access.rule]
    referral_id = f"{_PREFIXES[kind]}-{member_id[2:]}-{len(papers.documents) + 1}"
    if kind is ReferralKind.PRESCRIPTION:
        # A prescription has no end date: the plan accepts it while it is under 12 months old.
        written = visit.day - timedelta(days=rng.randint(0, 150))
        referral = Referral(referral_id, kind, visit.category, written, diagnoses=visit.diagnoses)
        if plan.hsa_eligible and visit.category == "massage":
            papers.letters.append(_letter(member_id, referral, len(papers.letters) + 1))
    else:
        start = visit.day - timedelta(days=rng.randint(0, 10))
        days = pick(rng, (90, 120, 180) if kind is ReferralKind.REFERRAL else (60, 90))
        referral = Referral(
            referral_id,
            kind,
            visit.category,
            start,
            valid_to=start + timedelta(days=days - 1),
            visits=min(pick(rng, (6, 8, 12)), benefit.access.max_visits_per_referral or 12),
            diagnoses=visit.diagnoses,
        )
    papers.documents.append(_approved(member_id, referral))
    return referral


def _approved(member_id: str, referral: Referral) -> Document:
    """Physicians' documents are on file the day they are written; the benefit manager decides
    an authorization the day after it is asked for, before it starts."""
    start = at(referral.valid_from, 9)
    if referral.kind is ReferralKind.AUTHORIZATION:
        return Document(referral, member_id, start - timedelta(days=2), start - timedelta(days=1))
    return Document(referral, member_id, start, start)


def _letter(member_id: str, prescription: Referral, number: int) -> Letter:
    issued = prescription.valid_from
    return Letter(
        f"LMN-{member_id[2:]}-{number}",
        prescription.category,
        issued,
        add_months(issued, 12) - timedelta(days=1),
        ", ".join(prescription.diagnoses),
    )


def _request(rng: random.Random, member_id: str, papers: Papers, today: date) -> Document:
    """A request for more visits: pending review (most), or already denied."""
    last = papers.documents[-1].referral
    received = at(today - timedelta(days=rng.randint(0, 5)), rng.randint(8, 17))
    start = received.date() + timedelta(days=1)
    request = Referral(
        f"{_PREFIXES[last.kind]}-{member_id[2:]}-{len(papers.documents) + 1}",
        last.kind,
        last.category,
        start,
        valid_to=start + timedelta(days=89),
        visits=8,
        diagnoses=last.diagnoses,
        status=ReferralStatus.PENDED,
    )
    urgency = Urgency.EXPEDITED if chance(rng, 0.2) else Urgency.STANDARD
    if chance(rng, DENIED_SHARE / (PENDING_SHARE + DENIED_SHARE)):
        denied = replace(request, status=ReferralStatus.DENIED)
        decided = received + timedelta(hours=rng.randint(4, 30))
        return Document(denied, member_id, received, decided, urgency, pick(rng, DENIAL_REASONS))
    return Document(request, member_id, received, None, urgency)


def at(day: date, hour: int) -> datetime:
    """A moment of a day, in UTC."""
    return datetime.combine(day, time(hour), UTC)
