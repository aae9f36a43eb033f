"""A person's decision on a pended claim: credentials verified, or not.

The engine pends a claim when a provider practises in a state that does not license the
profession (or only certifies it voluntarily) and the plan has not credentialed the provider yet.
A reviewer who verifies the credentials approves the provider: the claim, and every later claim
of that provider, is decided as for a credentialed provider. A reviewer who cannot verify them
denies the claim: its pended lines are denied as lines of an unqualified provider (CARC B7), and
who bears the charge follows convention C5.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from camnav.domain.adjudication import Adjudication, ClaimStatus, LineResult, LineStatus
from camnav.domain.claims import Claim, PriorLine
from camnav.domain.cost_share import discounted_price, member_liability
from camnav.domain.plans import Plan, Tier
from camnav.domain.providers import Provider
from camnav.domain.reasons import ReasonCode, reason


class ReviewOutcome(StrEnum):
    APPROVE = "approve"  # credentials verified: decide as for a credentialed provider
    DENY = "deny"  # credentials not verified: the pended lines are denied


def as_credentialed(provider: Provider) -> Provider:
    """The provider once a reviewer has verified the credentials."""
    return replace(provider, credentialed=True)


def deny_pended(
    adjudication: Adjudication, claim: Claim, plan: Plan, provider: Provider
) -> Adjudication:
    """The pended lines denied (provider not qualified, B7), the claim then denied outright:
    a pended claim has no paid line, since every line that passes the earlier checks pends."""
    if adjudication.status is not ClaimStatus.PENDED:
        return adjudication
    lines = tuple(_denied(line, claim, plan, provider) for line in adjudication.lines)
    history = tuple(_prior(line, claim, provider) for line in lines)
    return replace(
        adjudication,
        status=ClaimStatus.DENIED,
        lines=lines,
        state=adjudication.state.with_history(history),
    )


def _denied(line: LineResult, claim: Claim, plan: Plan, provider: Provider) -> LineResult:
    if line.status is not LineStatus.PENDED:
        return line
    primary = reason(
        ReasonCode.PROVIDER_NOT_LICENSED, state=provider.state, status="credentials not verified"
    )
    liability = member_liability(
        primary.code,
        line.billed,
        contracted=line.tier is Tier.IN_NETWORK,
        signed_waiver=claim.signed_waiver,
        discount_price=discounted_price(line.billed, plan.discount, provider.discount_participant),
    )
    return replace(
        line,
        status=LineStatus.DENIED,
        member_owes=liability.amount,
        patient_responsibility=liability.patient_responsibility,
        reasons=(primary, *line.reasons[1:]),
    )


def _prior(line: LineResult, claim: Claim, provider: Provider) -> PriorLine:
    submitted = next(item for item in claim.lines if item.number == line.number)
    return PriorLine(
        provider_id=provider.id,
        service_date=line.service_date,
        code=line.code,
        units=line.units,
        billed=line.billed,
        modifiers=submitted.modifiers,
        category=line.category or "",
    )
