"""Use case: the explanation of benefits of a claim (camnav.explain.eob, camnav.pdf.eob).

It gathers the claim's current determination, its payments and adjustments, and the member's
claims of the same benefit period in date order with the accumulators after each: the amounts
the claim-related ledger entries add to the balance carried in from before the first claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from camnav.domain.adjudication import ClaimStatus
from camnav.domain.appeals import appeal_deadline, is_adverse
from camnav.domain.members import Accumulators
from camnav.domain.plans import Plan
from camnav.domain.readjudication import add_periods, replay_key, subtract_periods
from camnav.explain.eob import Explanation, HistoryRow, Posting
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.claim_access import claim_for
from camnav.services.context import ServiceContext
from camnav.services.errors import NotFound
from camnav.services.late_claims import claim_inputs, first_service_date
from camnav.services.ports import ClaimRecord, Determination, UnitOfWork


def explanation_of_benefits(ctx: ServiceContext, actor: Actor, claim_id: str) -> Explanation:
    """The claim explained line by line, for whoever may read the claim (audited)."""
    with ctx.units() as uow:
        stored = claim_for(uow, ctx, actor, claim_id, "read explanation of benefits")
        determination = uow.claims.determination(claim_id)
        if determination is None:
            raise NotFound(f"claim {claim_id} has not been decided yet", field="claim_id")
        explanation = _explain(uow, ctx, stored, determination)
        record(uow, actor, ctx.now(), "claim.eob", ("claim", claim_id), stored.claim.member_id)
        uow.commit()
    return explanation


def _explain(
    uow: UnitOfWork, ctx: ServiceContext, stored: ClaimRecord, determination: Determination
) -> Explanation:
    claim = stored.claim
    plan = claim_inputs(uow, ctx, claim).plan
    member = uow.members.get(claim.member_id)
    provider = uow.providers.get(claim.provider_id)
    returned = determination.status is ClaimStatus.RETURNED
    return Explanation(
        claim=claim,
        member_name=f"{member.first_name} {member.last_name}" if member else claim.member_id,
        plan_name=plan.name,
        provider_name=provider.name if provider else claim.provider_id,
        status=determination.status,
        lines=determination.lines,
        decided_at=determination.decided_at,
        version=determination.sequence,
        resubmit_by=_filing_deadline(claim.lines[0].service_date, plan) if returned else None,
        appeal_by=appeal_deadline(determination.decided_at.date())
        if is_adverse(determination.status)
        else None,
        postings=_postings(uow, claim.id),
        history=_history(uow, stored, plan, determination.category or ""),
    )


def _filing_deadline(first_day: date, plan: Plan) -> date:
    """The last day a returned claim can come back: the plan's filing limit (C6)."""
    return first_day + timedelta(days=plan.filing_limit_days)


def _postings(uow: UnitOfWork, claim_id: str) -> tuple[Posting, ...]:
    causes = {
        adjustment.sequence: f"decided again: {adjustment.cause.value} ({adjustment.caused_by})"
        for adjustment in uow.reviews.adjustments(claim_id)
    }
    return tuple(
        Posting(
            entry.at,
            entry.kind.value,
            entry.amount,
            entry.payee.value,
            causes.get(entry.determination_sequence, ""),
        )
        for entry in uow.payments.for_claim(claim_id)
    )


def _history(
    uow: UnitOfWork, stored: ClaimRecord, plan: Plan, category: str
) -> tuple[HistoryRow, ...]:
    """The member's claims of this benefit period in date order, each with the accumulators as
    it left them."""
    member_id = stored.claim.member_id
    period = plan.period_start(first_service_date(stored.claim))
    claims = uow.claims.list_for_member(member_id)
    balance = _opening(uow, member_id, [found.claim.id for found in claims]).get(period)
    running = {period: balance or Accumulators()}
    rows = []
    for found in sorted(claims, key=lambda c: (replay_key(c.claim), c.created_at, c.claim.id)):
        if plan.period_start(first_service_date(found.claim)) != period:
            continue
        running = dict(add_periods(running, uow.members.accumulators(member_id, [found.claim.id])))
        rows.append(
            _row(found, uow.claims.determination(found.claim.id), running[period], category)
        )
    return tuple(rows)


def _opening(uow: UnitOfWork, member_id: str, claim_ids: list[str]) -> Mapping[date, Accumulators]:
    """Balances carried in: the ledger without the entries any claim made."""
    total = uow.members.accumulators(member_id)
    return subtract_periods(total, uow.members.accumulators(member_id, claim_ids))


def _row(
    found: ClaimRecord, determination: Determination | None, met: Accumulators, category: str
) -> HistoryRow:
    lines = determination.lines if determination else ()
    return HistoryRow(
        claim_id=found.claim.id,
        service_date=first_service_date(found.claim),
        status=determination.status if determination else ClaimStatus.PENDED,
        billed=sum(line.billed for line in found.claim.lines),
        plan_pays=sum(line.plan_pays for line in lines),
        member_owes=sum(line.member_total for line in lines),
        deductible_met=sum(met.deductible_met.values()),
        out_of_pocket_met=sum(met.out_of_pocket_met.values()),
        visits_used=met.visits_in(category) if category else sum(met.category_visits.values()),
    )
