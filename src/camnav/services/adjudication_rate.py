"""Use case: the auto-adjudication rate, the share of claims decided without a person.

A claim counts as decided by a person when any of its determinations was pended (a reviewer had
to decide it); every other decided claim (paid, denied, or returned to the member with a
checklist) was decided by the engine alone. The pended ones are broken down by the engine's reason
for pending. Typical plans decide 70-85 % of claims automatically, the best 90-95 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from camnav.services.access import refuse
from camnav.services.actors import Actor
from camnav.services.audit_trail import record
from camnav.services.claims_ports import DecisionCounts
from camnav.services.context import ServiceContext
from camnav.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class AdjudicationRate:
    counts: DecisionCounts

    @property
    def automatic(self) -> int:
        return self.counts.claims - self.counts.pended

    @property
    def rate(self) -> Fraction:
        """Decided without a person over all decided claims (1 when there are none)."""
        claims = self.counts.claims
        return Fraction(self.automatic, claims) if claims else Fraction(1)

    def share_pended_for(self, reason: str) -> Fraction:
        claims = self.counts.claims
        return (
            Fraction(self.counts.pended_by_reason.get(reason, 0), claims) if claims else Fraction(0)
        )


def adjudication_rate(ctx: ServiceContext, actor: Actor) -> AdjudicationRate:
    """The rate over every decided claim, for staff."""
    with ctx.units() as uow:
        if not actor.is_staff:
            raise refuse(uow, ctx, actor, "read the auto-adjudication rate", ("claims", ""), None)
        found = measure(uow)
        record(uow, actor, ctx.now(), "claim.rate", ("claims", ""), None)
        uow.commit()
    return found


def measure(uow: UnitOfWork) -> AdjudicationRate:
    return AdjudicationRate(uow.reviews.decision_counts())


def operator_rate(ctx: ServiceContext) -> AdjudicationRate:
    """The rate for the operator at the command line (who holds the database itself)."""
    with ctx.units(write=False) as uow:
        return measure(uow)
