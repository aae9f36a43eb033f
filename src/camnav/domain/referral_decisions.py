"""Instant referral decisions: approve, deny or pend for clinical review, by the plan's criteria."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from camnav.domain.diagnoses import NecessityOutcome, assess_medical_necessity
from camnav.domain.plans import Plan
from camnav.domain.reasons import Reason, ReasonCode, reason
from camnav.domain.referrals import ReferralStatus


@dataclass(frozen=True, slots=True)
class ReferralRequest:
    """What a physician asks for: visits in a category for diagnoses, after treatments tried."""

    category: str
    diagnoses: tuple[str, ...]
    visits: int
    conventional_treatments: tuple[str, ...] = ()
    modality: str | None = None


@dataclass(frozen=True, slots=True)
class ReferralDecision:
    status: ReferralStatus
    reasons: tuple[Reason, ...] = ()
    alternatives: tuple[str, ...] = ()


def decide_referral(request: ReferralRequest, plan: Plan) -> ReferralDecision:
    """Deny what the plan excludes or stress reduction alone; pend what a person must judge;
    approve a qualifying diagnosis that meets the plan's criteria."""
    benefit = plan.benefit(request.category)
    if benefit is None or not benefit.covered:
        citation = benefit.citation if benefit else plan.document
        alternatives = benefit.alternatives if benefit else ()
        found = reason(
            ReasonCode.SERVICE_EXCLUDED,
            citation,
            category=request.category,
            alternatives=", ".join(alternatives),
        )
        return ReferralDecision(ReferralStatus.DENIED, (found,), alternatives)
    exclusion = benefit.exclusion(request.modality)
    if exclusion is not None:
        found = reason(
            ReasonCode.MODALITY_EXCLUDED, exclusion.citation, modality=exclusion.modality
        )
        return ReferralDecision(ReferralStatus.DENIED, (found,), benefit.alternatives)
    pended = _necessity_reasons(request, plan) + _visit_reasons(request, plan)
    if any(r.code is ReasonCode.STRESS_ONLY for r in pended):
        return ReferralDecision(ReferralStatus.DENIED, pended[:1], benefit.alternatives)
    if pended:
        return ReferralDecision(ReferralStatus.PENDED, pended)
    return ReferralDecision(ReferralStatus.APPROVED)


def _necessity_reasons(request: ReferralRequest, plan: Plan) -> tuple[Reason, ...]:
    benefit = plan.benefit(request.category)
    necessity = benefit.necessity if benefit else None
    if necessity is None:
        return ()
    finding = assess_medical_necessity(
        request.diagnoses, necessity.qualifying, necessity.stress_set
    )
    codes = ", ".join(request.diagnoses)
    if finding.outcome is NecessityOutcome.STRESS_ONLY:
        return (reason(ReasonCode.STRESS_ONLY, necessity.citation, diagnoses=codes),)
    if finding.outcome is NecessityOutcome.NOT_QUALIFYING:
        return (reason(ReasonCode.NEEDS_CLINICAL_REVIEW, necessity.citation, diagnoses=codes),)
    if necessity.conventional_treatment_required and not request.conventional_treatments:
        return (reason(ReasonCode.CONVENTIONAL_TREATMENT_UNDOCUMENTED, necessity.citation),)
    return ()


def _visit_reasons(request: ReferralRequest, plan: Plan) -> tuple[Reason, ...]:
    benefit = plan.benefit(request.category)
    maximum = benefit.access.max_visits_per_referral if benefit else None
    if maximum is None or request.visits <= maximum:
        return ()
    citation = benefit.access.citation if benefit else ""
    return (
        reason(
            ReasonCode.VISITS_ABOVE_REFERRAL_MAXIMUM,
            citation,
            visits=request.visits,
            maximum=maximum,
        ),
    )


def referral_end(start: date, weeks: int) -> date:
    """The last valid day of a referral running `weeks` weeks from `start` (inclusive)."""
    return date.fromordinal(start.toordinal() + weeks * 7 - 1)
