"""Instant referral decisions: approve, deny or pend for clinical review, by the plan's criteria.

The criteria are plan data (`Benefit`, `Access`, `MedicalNecessity`), checked in this order, the
first failure giving the primary reason: the plan covers the category, the modality is not
excluded, a qualifying and not stress-only diagnosis, the condition has lasted long enough,
progress notes show functional improvement where the plan or an extension asks for them,
conventional treatment was tried where the plan asks for it, and no more visits than one
referral may grant. A failure the rules can judge denies; one a person must judge pends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from camnav.domain.diagnoses import NecessityOutcome, assess_medical_necessity
from camnav.domain.plans import AccessRule, Benefit, MedicalNecessity, Plan
from camnav.domain.reasons import Reason, ReasonCode, reason
from camnav.domain.referrals import ReferralKind, ReferralStatus

# Failures the plan's rules decide on their own; every other failure needs a clinical reviewer.
DENYING_REASONS = frozenset(
    {
        ReasonCode.SERVICE_EXCLUDED,
        ReasonCode.MODALITY_EXCLUDED,
        ReasonCode.STRESS_ONLY,
        ReasonCode.DIAGNOSIS_NOT_COVERED,
        ReasonCode.CONDITION_TOO_RECENT,
        ReasonCode.NO_FUNCTIONAL_IMPROVEMENT,
    }
)


@dataclass(frozen=True, slots=True)
class ProgressNotes:
    """The physician's report on the visits so far; functional improvement is what counts."""

    functional_improvement: bool
    summary: str = ""


@dataclass(frozen=True, slots=True)
class ReferralRequest:
    """What a physician asks for: visits in a category for diagnoses, after treatments tried.

    `condition_weeks` is how long the condition has lasted; `progress` the progress notes sent
    with it; `extension` marks a request for more visits under an approved referral.
    """

    category: str
    diagnoses: tuple[str, ...]
    visits: int
    conventional_treatments: tuple[str, ...] = ()
    modality: str | None = None
    condition_weeks: int | None = None
    progress: ProgressNotes | None = None
    extension: bool = False


@dataclass(frozen=True, slots=True)
class ReferralDecision:
    status: ReferralStatus
    reasons: tuple[Reason, ...] = ()
    alternatives: tuple[str, ...] = ()


def decide_referral(request: ReferralRequest, plan: Plan) -> ReferralDecision:
    """Deny what the plan excludes, stress reduction alone and what fails a criterion the rules
    can judge; pend what a person must judge; approve what meets every criterion."""
    benefit = plan.benefit(request.category)
    if benefit is None or not benefit.covered:
        return _not_covered(request, plan, benefit)
    exclusion = benefit.exclusion(request.modality)
    if exclusion is not None:
        found = reason(
            ReasonCode.MODALITY_EXCLUDED, exclusion.citation, modality=exclusion.modality
        )
        return ReferralDecision(ReferralStatus.DENIED, (found,), benefit.alternatives)
    failures = (
        _necessity_reasons(request, benefit)
        + _progress_reasons(request, benefit)
        + _conventional_reasons(request, benefit)
        + _visit_reasons(request, benefit)
    )
    denying = tuple(r for r in failures if r.code in DENYING_REASONS)
    if denying:
        return ReferralDecision(ReferralStatus.DENIED, denying, benefit.alternatives)
    if failures:
        return ReferralDecision(ReferralStatus.PENDED, failures)
    return ReferralDecision(ReferralStatus.APPROVED)


def _not_covered(request: ReferralRequest, plan: Plan, benefit: Benefit | None) -> ReferralDecision:
    citation = benefit.citation if benefit else plan.document
    alternatives = benefit.alternatives if benefit else ()
    found = reason(
        ReasonCode.SERVICE_EXCLUDED,
        citation,
        category=request.category,
        alternatives=", ".join(alternatives),
    )
    return ReferralDecision(ReferralStatus.DENIED, (found,), alternatives)


def _necessity_reasons(request: ReferralRequest, benefit: Benefit) -> tuple[Reason, ...]:
    necessity = benefit.necessity
    if necessity is None:
        return ()
    finding = assess_medical_necessity(
        request.diagnoses, necessity.qualifying, necessity.stress_set
    )
    codes = ", ".join(request.diagnoses)
    if finding.outcome is NecessityOutcome.STRESS_ONLY:
        return (reason(ReasonCode.STRESS_ONLY, necessity.citation, diagnoses=codes),)
    if finding.outcome is NecessityOutcome.NOT_QUALIFYING:
        code = (
            ReasonCode.DIAGNOSIS_NOT_COVERED
            if necessity.deny_non_qualifying
            else ReasonCode.NEEDS_CLINICAL_REVIEW
        )
        return (reason(code, necessity.citation, diagnoses=codes),)
    return _duration_reasons(request, necessity)


def _duration_reasons(request: ReferralRequest, necessity: MedicalNecessity) -> tuple[Reason, ...]:
    minimum = necessity.min_condition_weeks
    if minimum is None:
        return ()
    if request.condition_weeks is None:
        return (
            reason(ReasonCode.CONDITION_DURATION_UNDOCUMENTED, necessity.citation, minimum=minimum),
        )
    if request.condition_weeks < minimum:
        return (
            reason(
                ReasonCode.CONDITION_TOO_RECENT,
                necessity.citation,
                weeks=request.condition_weeks,
                minimum=minimum,
            ),
        )
    return ()


def _progress_reasons(request: ReferralRequest, benefit: Benefit) -> tuple[Reason, ...]:
    """Continued care needs objective progress; maintenance care is not medically necessary."""
    necessity = benefit.necessity
    required = request.extension or (necessity is not None and necessity.improvement_required)
    if not required:
        return ()
    citation = necessity.citation if necessity else benefit.access.citation
    if request.progress is None:
        return (reason(ReasonCode.PROGRESS_NOTES_MISSING, citation),)
    if not request.progress.functional_improvement:
        return (reason(ReasonCode.NO_FUNCTIONAL_IMPROVEMENT, citation),)
    return ()


def _conventional_reasons(request: ReferralRequest, benefit: Benefit) -> tuple[Reason, ...]:
    necessity = benefit.necessity
    # An extension rides on the first referral, which documented the treatments tried.
    if necessity is None or request.extension or not necessity.conventional_treatment_required:
        return ()
    if request.conventional_treatments:
        return ()
    return (reason(ReasonCode.CONVENTIONAL_TREATMENT_UNDOCUMENTED, necessity.citation),)


def _visit_reasons(request: ReferralRequest, benefit: Benefit) -> tuple[Reason, ...]:
    maximum = benefit.access.max_visits_per_referral
    if maximum is None or request.visits <= maximum:
        return ()
    return (
        reason(
            ReasonCode.VISITS_ABOVE_REFERRAL_MAXIMUM,
            benefit.access.citation,
            visits=request.visits,
            maximum=maximum,
        ),
    )


def document_kind(plan: Plan, category: str) -> ReferralKind:
    """What an approval puts on file: the document the plan's access rule asks for."""
    benefit = plan.benefit(category)
    rule = benefit.access.rule if benefit else AccessRule.REFERRAL
    if rule is AccessRule.PRESCRIPTION:
        return ReferralKind.PRESCRIPTION
    if rule in (AccessRule.TREATMENT_PLAN, AccessRule.AUTHORIZATION_FROM_VISIT):
        return ReferralKind.AUTHORIZATION
    return ReferralKind.REFERRAL


def referral_end(start: date, weeks: int) -> date:
    """The last valid day of a referral running `weeks` weeks from `start` (inclusive)."""
    return date.fromordinal(start.toordinal() + weeks * 7 - 1)
