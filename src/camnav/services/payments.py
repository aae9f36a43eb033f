"""The payment ledger: every plan payment and every adjustment an entry; totals reconcile.

Each determination that changes what the plan pays on a claim appends one entry for the change:
the first payment, or an adjustment (negative when a re-decision takes money back). A claim's
entries therefore add up to what its current determination pays, and the database keeps at most
one entry per determination, so a claim is never paid twice. Reimbursement requests pay the member
(convention C6), provider claims the provider.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from camnav.domain.claims import Claim, Submitter
from camnav.domain.money import Cents
from camnav.services.access import may_see_member, refuse
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.claim_access import claim_for
from camnav.services.claims_ports import ClaimBalance, Payee, PaymentEntry, PaymentKind
from camnav.services.context import ServiceContext
from camnav.services.ports import Determination, Role, UnitOfWork


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The ledger against the claims: totals, and every claim on which they disagree."""

    ledger_total: Cents
    determined_total: Cents
    claims: int
    mismatched: tuple[ClaimBalance, ...]

    @property
    def balanced(self) -> bool:
        return not self.mismatched and self.ledger_total == self.determined_total


def post_payment(
    uow: UnitOfWork, claim: Claim, determination: Determination, at: datetime
) -> PaymentEntry | None:
    """Append the entry that brings the claim's paid total to what the determination pays."""
    paid = uow.payments.paid(claim.id)
    change = determination.plan_pays - paid
    if change == 0:
        return None
    first = paid == 0 and change > 0 and not uow.payments.for_claim(claim.id)
    kind = PaymentKind.PAYMENT if first else PaymentKind.ADJUSTMENT
    entry = payment_entry(claim, kind, change, determination.sequence, at)
    uow.payments.append(entry)
    return entry


def payment_entry(
    claim: Claim, kind: PaymentKind, amount: Cents, sequence: int, at: datetime
) -> PaymentEntry:
    """Reimbursement requests pay the member (C6), provider claims the provider."""
    member = claim.submitter is Submitter.MEMBER
    return PaymentEntry(
        claim_id=claim.id,
        member_id=claim.member_id,
        payee=Payee.MEMBER if member else Payee.PROVIDER,
        payee_id=claim.member_id if member else claim.provider_id,
        kind=kind,
        amount=amount,
        determination_sequence=sequence,
        at=at,
    )


def member_payments(ctx: ServiceContext, actor: Actor, member_id: str) -> tuple[PaymentEntry, ...]:
    """The payments on a member's claims, for the member and staff."""
    with ctx.units() as uow:
        if actor.role is Role.PHYSICIAN or not may_see_member(uow, actor, member_id):
            raise refuse(uow, ctx, actor, "read payments of", ("member", member_id), member_id)
        entries = uow.payments.for_member(member_id)
        record(uow, actor, ctx.now(), "payment.list", ("member", member_id), member_id)
        uow.commit()
    return entries


def reconcile(ctx: ServiceContext, actor: Actor) -> Reconciliation:
    """Ledger totals against the claims' current determinations (staff only)."""
    with ctx.units() as uow:
        if not actor.is_staff:
            raise refuse(uow, ctx, actor, "reconcile payments", ("payments", ""), None)
        found = reconciliation(uow)
        record(uow, actor, ctx.now(), "payment.reconcile", ("payments", ""), None)
        uow.commit()
    return found


def operator_reconciliation(ctx: ServiceContext) -> Reconciliation:
    """The reconciliation for the operator at the command line."""
    with ctx.units(write=False) as uow:
        return reconciliation(uow)


def reconciliation(uow: UnitOfWork) -> Reconciliation:
    balances = uow.payments.balances()
    return Reconciliation(
        ledger_total=sum(b.ledger for b in balances),
        determined_total=sum(b.determined for b in balances),
        claims=len(balances),
        mismatched=tuple(b for b in balances if b.ledger != b.determined),
    )


def post_unposted(ctx: ServiceContext) -> int:
    """Post the payment of every decided claim the ledger has no entry for (claims written by
    an earlier version or the demo build): the operator's backfill; safe to run again."""
    with ctx.units() as uow:
        posted = post_backlog(uow, ctx.now())
        uow.commit()
    return posted


def post_backlog(uow: UnitOfWork, at: datetime) -> int:
    """Within the caller's unit: one payment entry per paying claim that has none."""
    entries = [
        payment_entry(
            Claim(u.claim_id, u.member_id, u.provider_id, at.date(), (), u.submitter),
            PaymentKind.PAYMENT,
            u.plan_pays,
            u.sequence,
            at,
        )
        for u in uow.payments.unposted()
    ]
    uow.payments.append_all(entries)
    return len(entries)


def claim_payments(ctx: ServiceContext, actor: Actor, claim_id: str) -> tuple[PaymentEntry, ...]:
    """A claim's payment entries, for whoever may read the claim."""
    with ctx.units() as uow:
        stored = claim_for(uow, ctx, actor, claim_id, "read payments of claim")
        entries = uow.payments.for_claim(claim_id)
        record(uow, actor, ctx.now(), "payment.list", ("claim", claim_id), stored.claim.member_id)
        uow.commit()
    return entries
