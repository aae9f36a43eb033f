"""A year of claim history, decided by the real engine.

Visits become claims numbered by date of service; each member's claims are adjudicated in date
order, each on the state the previous one left (accumulators, referral use, claim history), so
the stored ledger, referral usage and determinations are exactly what the engine says.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from camnav.demo.care import Visit
from camnav.demo.documents import Papers, at
from camnav.demo.members import DemoMember
from camnav.domain.adjudication import Adjudication, adjudicate
from camnav.domain.claims import Attachment, Claim, Submitter
from camnav.domain.plans import AccessRule, Plan
from camnav.domain.providers import Provider
from camnav.domain.rules import Rules
from camnav.domain.state import MemberState
from camnav.services.ports import AccumulatorEntry, ledger_entries

_COPIES = {
    AccessRule.REFERRAL: Attachment.REFERRAL_COPY,
    AccessRule.PRESCRIPTION: Attachment.PRESCRIPTION_COPY,
}


@dataclass(frozen=True, slots=True)
class Decided:
    """A claim as received and decided, with the ledger entries its decision adds."""

    claim: Claim
    adjudication: Adjudication
    entries: tuple[AccumulatorEntry, ...]
    created_at: datetime
    decided_at: datetime


@dataclass(frozen=True)
class Engine:
    """What deciding a claim reads besides the member."""

    plans: Mapping[tuple[str, int], Plan]  # by (plan id, plan year)
    providers: Mapping[str, Provider]
    rules: Rules
    today: date

    def plan_on(self, plan_id: str, day: date) -> Plan:
        return self.plans[(plan_id, day.year)]


def claim_ids(visits: Mapping[str, Sequence[Visit]]) -> dict[tuple[str, int], str]:
    """Claim ids in date-of-service order over all members: (member id, visit index) -> id."""
    order = sorted(
        (visit.day, member_id, index)
        for member_id, member_visits in visits.items()
        for index, visit in enumerate(member_visits)
    )
    return {(m, i): f"C-{n:07d}" for n, (_, m, i) in enumerate(order, start=1)}


def claims_of(
    rng: random.Random,
    member: DemoMember,
    visits: Sequence[Visit],
    ids: Mapping[tuple[str, int], str],
    engine: Engine,
) -> list[Claim]:
    """The member's visits as claims. A member's claims arrive in the order of the visits, a
    few days (from providers) or weeks (from members) after them, and not after today."""
    claims: list[Claim] = []
    received = date.min
    for index, visit in enumerate(visits):
        lag = rng.randint(10, 60) if visit.by_member else rng.randint(2, 21)
        received = max(received, min(visit.day + timedelta(days=lag), engine.today))
        plan = engine.plan_on(member.plan_id, visit.day)
        claims.append(_claim(ids[(member.member_id, index)], visit, received, plan))
    return claims


def _claim(claim_id: str, visit: Visit, received: date, plan: Plan) -> Claim:
    claim = Claim(
        id=claim_id,
        member_id=visit.member_id,
        provider_id=visit.provider_id,
        received=received,
        lines=visit.lines,
        diagnoses=visit.diagnoses,
    )
    if not visit.by_member:
        return claim
    return replace(
        claim,
        submitter=Submitter.MEMBER,
        attachments=_attachments(visit, plan),
        amount_paid=sum(line.billed for line in visit.lines),
    )


def _attachments(visit: Visit, plan: Plan) -> frozenset[Attachment]:
    """An itemized bill, proof of payment (missing from incomplete requests) and the copy of the
    referral or prescription the plan asks for."""
    attached = {Attachment.ITEMIZED_BILL}
    if visit.complete:
        attached.add(Attachment.PROOF_OF_PAYMENT)
        benefit = plan.benefit(visit.category)
        copy = _COPIES.get(benefit.access.rule) if benefit else None
        if copy is not None:
            attached.add(copy)
    return frozenset(attached)


def decide(
    member: DemoMember, claims: Sequence[Claim], papers: Papers, engine: Engine
) -> list[Decided]:
    """Adjudicate the member's claims in order, each on the state the one before left."""
    documents = sorted((d.referral for d in papers.documents), key=lambda r: (r.valid_from, r.id))
    letters = sorted(papers.letters, key=lambda letter: (letter.issued_on, letter.id))
    state = MemberState(member.enrollments[0], referrals=tuple(documents), letters=tuple(letters))
    decided = []
    for claim in claims:
        day = min(line.service_date for line in claim.lines)
        enrollment = member.enrollment_on(day)
        if enrollment != state.enrollment:
            state = replace(state, enrollment=enrollment)
        plan = engine.plan_on(member.plan_id, day)
        result = adjudicate(claim, plan, engine.providers[claim.provider_id], state, engine.rules)
        entries = tuple(ledger_entries(state, result.state, claim.id))
        created = at(claim.received, 5) + timedelta(seconds=int(claim.id[2:]) % 3600)
        decided.append(Decided(claim, result, entries, created, created + timedelta(seconds=2)))
        state = result.state
    return decided


def final_usage(decided: Sequence[Decided], papers: Papers) -> dict[str, int]:
    """Visits used of each of the member's documents after the last decision."""
    state = decided[-1].adjudication.state if decided else None
    usage = {}
    for document in papers.documents:
        current = state.referral(document.referral.id) if state else None
        usage[document.referral.id] = (current or document.referral).visits_used
    return usage
