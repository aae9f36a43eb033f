"""The named demo people whose stories the demo accounts show.

- Maria Lopez, plan B in Washington: massage on her physician's referrals; she went once after
  her first referral expired (denied, held harmless), and her second referral expires soon with
  visits left.
- Hana Kim, plan C (HSA): massage on a prescription with a letter of medical necessity; her
  visits go to the deductible, which is nearly met.
- Both see the same contracted massage therapist (the `therapist` account) and have Dr. Mei Chen
  (the `dr.chen` account) as their physician.

Their stories are told relative to the build's `today`, so they stay current.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from camnav.demo.care import Visit, unit_charge
from camnav.demo.documents import Document, Papers, at
from camnav.demo.members import DemoMember, Membership, new_member
from camnav.demo.providers import DemoProvider, Mode
from camnav.domain.claims import ClaimLine
from camnav.domain.plans import Plan
from camnav.domain.referrals import Letter, Referral, ReferralKind, add_months

MARIA_ID = "M-100001"
HANA_ID = "M-100002"
CAST_REGION = "washington"
MARIA_PLAN = "example-b"
HANA_PLAN = "example-c"
# Members of the region on Dr. Chen's panel besides Maria and Hana.
PANEL_SIZE = 40


@dataclass(frozen=True)
class Cast:
    maria: DemoMember
    hana: DemoMember
    therapist: DemoProvider
    papers: dict[str, Papers]  # by member id: documents, letters and visits

    @property
    def members(self) -> tuple[DemoMember, DemoMember]:
        return (self.maria, self.hana)


def cast_of(
    rng: random.Random,
    membership: Membership,
    providers: Sequence[DemoProvider],
    today: date,
) -> Cast:
    """The named members with their scripted care, and the therapist they see."""
    therapist = _therapist(providers, today)
    maria = new_member(
        rng,
        MARIA_ID,
        CAST_REGION,
        _plan(membership, MARIA_PLAN),
        membership,
        name=("Maria", "Lopez"),
        anchor_id="wa-capitol-hill",
    )
    hana = new_member(
        rng,
        HANA_ID,
        CAST_REGION,
        _plan(membership, HANA_PLAN),
        membership,
        name=("Hana", "Kim"),
        anchor_id="wa-bellevue",
    )
    papers = {
        MARIA_ID: _marias_papers(therapist, today),
        HANA_ID: _hanas_papers(therapist, today),
    }
    # Early in the plan library's first year, the stories begin with the history.
    for story in papers.values():
        story.visits = [v for v in story.visits if v.day >= membership.history[0]]
    return Cast(maria, hana, therapist, papers)


def panel_of(cast: Cast, members: Sequence[DemoMember]) -> tuple[str, ...]:
    """Dr. Chen's patients: Maria, Hana and the first members of the region by member id."""
    named = {m.member_id for m in cast.members}
    others = sorted(
        m.member_id for m in members if m.record.region == CAST_REGION and m.member_id not in named
    )
    return (MARIA_ID, HANA_ID, *others[:PANEL_SIZE])


def _plan(membership: Membership, plan_id: str) -> Plan:
    found = [p for p in membership.plans.get(CAST_REGION, ()) if p.id == plan_id]
    if not found:
        raise ValueError(f"the demo cast needs plan {plan_id} in region {CAST_REGION}")
    return found[0]


def _therapist(providers: Sequence[DemoProvider], today: date) -> DemoProvider:
    """A contracted massage therapist of the region, licensed well past today, near Capitol
    Hill when there is one."""
    eligible = [
        p
        for p in providers
        if p.region_id == CAST_REGION
        and p.mode is Mode.CONTRACTED
        and p.provider.category == "massage"
        and p.provider.license is not None
        and p.provider.license.valid_on(today + timedelta(days=90))
        and all(x.end is None for x in p.provider.participations)
    ]
    if not eligible:
        raise ValueError("the demo needs a contracted massage therapist in Washington")
    return min(eligible, key=lambda p: (p.anchor_id != "wa-capitol-hill", p.provider.id))


def _marias_papers(therapist: DemoProvider, today: date) -> Papers:
    first = _referral(MARIA_ID, 1, today - timedelta(days=190), 90, 4)
    second = _referral(MARIA_ID, 2, today - timedelta(days=80), 90, 8)
    # Four visits on the first referral, one after it expired, five on the second.
    days = [185, 171, 157, 143, 96, 75, 61, 47, 33, 19]
    visits = [
        _massage(MARIA_ID, therapist, today - timedelta(days=d), ("M54.2", "M62.830")) for d in days
    ]
    documents = [
        Document(r, MARIA_ID, at(r.valid_from, 9), at(r.valid_from, 9)) for r in (first, second)
    ]
    return Papers(documents, [], visits)


def _hanas_papers(therapist: DemoProvider, today: date) -> Papers:
    written = today - timedelta(days=150)
    prescription = Referral(
        f"RX-{HANA_ID[2:]}-1", ReferralKind.PRESCRIPTION, "massage", written, diagnoses=("M54.50",)
    )
    letter = Letter(
        f"LMN-{HANA_ID[2:]}-1",
        "massage",
        written,
        add_months(written, 12) - timedelta(days=1),
        "M54.50",
    )
    visits = [
        _massage(HANA_ID, therapist, today - timedelta(days=d), ("M54.50",))
        for d in range(140, 0, -14)
    ]
    document = Document(prescription, HANA_ID, at(written, 9), at(written, 9))
    return Papers([document], [letter], visits)


def _referral(member_id: str, number: int, start: date, days: int, visits: int) -> Referral:
    return Referral(
        f"RF-{member_id[2:]}-{number}",
        ReferralKind.REFERRAL,
        "massage",
        start,
        valid_to=start + timedelta(days=days - 1),
        visits=visits,
        diagnoses=("M54.2", "M62.830"),
    )


def _massage(
    member_id: str, therapist: DemoProvider, day: date, diagnoses: tuple[str, ...]
) -> Visit:
    billed = unit_charge("97124", therapist.charge_percent) * 4
    line = ClaimLine(1, day, "97124", 4, billed, minutes=60)
    return Visit(member_id, therapist.provider.id, "massage", day, (line,), diagnoses)
