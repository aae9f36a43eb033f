"""The ordered checks of convention C1, one function per step, each returning the reasons it found.

The first failing check gives the primary reason; the later ones are kept as secondary reasons.
Every check reads a LineContext. What a claim's lines share (the coverage window, the documents on
file, the member's lines on the claim's dates) is worked out once per claim by the engine and handed
to each line's context; what follows from the plan and the rules alone (a code's category, benefit,
limits and rates: its LineTerms; the diagnosis findings) is worked out once and remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from camnav.domain.claims import Attachment, Claim, ClaimLine, PriorLine, Submitter
from camnav.domain.codes import Procedure, is_distinct_procedure, units_for_minutes
from camnav.domain.diagnoses import NecessityOutcome
from camnav.domain.line_terms import LineTerms
from camnav.domain.members import Enrollment, MetSoFar
from camnav.domain.plans import AccessRule, Benefit, Plan, Tier
from camnav.domain.providers import LicensingRequirement, Provider
from camnav.domain.reasons import Reason, ReasonCode, reason
from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus, add_months
from camnav.domain.rules import Rules


class SameDayLine:
    """A line of the same member on the same day, from this claim or an earlier one. A plain
    class, for the reason LineContext gives."""

    def __init__(
        self, provider_id: str, code: str, modifiers: tuple[str, ...], earlier: bool
    ) -> None:
        self.provider_id = provider_id
        self.code = code
        self.modifiers = modifiers
        self.earlier = earlier


class LineContext:
    """What the checks of one line read: the line and its claim, and the member's documents,
    accumulators and decided lines as the claim's earlier lines left them.

    A plain class with its own __init__, not a dataclass: one is built for every claim line, and
    compiled with mypyc (scripts/compile-core) this __init__ is native code, where a dataclass's
    generated one stays interpreted and cost a tenth of a line's time. Nothing changes it once
    built.
    """

    def __init__(
        self,
        claim: Claim,
        line: ClaimLine,
        day: date,
        plan: Plan,
        provider: Provider,
        rules: Rules,
        terms: LineTerms,
        procedure: Procedure | None,
        category: str | None,
        benefit: Benefit | None,
        tier: Tier,
        visit_counted: bool,
        accumulators: MetSoFar,
        period: date,
        coverage: tuple[date, date],
        referrals: tuple[Referral, ...],
        decided: Sequence[PriorLine],
    ) -> None:
        self.claim = claim
        self.line = line
        self.day = day
        self.plan = plan
        self.provider = provider
        self.rules = rules
        self.terms = terms
        self.procedure = procedure
        self.category = category
        self.benefit = benefit
        self.tier = tier
        self.visit_counted = visit_counted
        self.accumulators = accumulators
        self.period = period  # the first day of the line's benefit period: its accumulators' key
        self.coverage = coverage
        self.referrals = referrals
        # The member's decided lines on the claim's dates, the claim's earlier lines included: no
        # other line can be a duplicate of this one or share its day.
        self.decided = decided


Check = Callable[[LineContext], tuple[Reason, ...]]


def coverage_window(enrollment: Enrollment, plan: Plan) -> tuple[date, date]:
    """The first and last day of coverage: the member is enrolled and the plan is in effect."""
    start = max(enrollment.start, plan.effective_from)
    end = plan.effective_to if enrollment.end is None else min(enrollment.end, plan.effective_to)
    return start, end


def check_eligibility(ctx: LineContext) -> tuple[Reason, ...]:
    """(1) The member is covered on the date of service."""
    start, end = ctx.coverage
    if ctx.day < start:
        return (reason(ReasonCode.NOT_YET_COVERED, ctx.plan.document, start=start),)
    if ctx.day > end:
        return (reason(ReasonCode.COVERAGE_ENDED, ctx.plan.document, end=end),)
    return ()


def check_duplicate_and_filing(ctx: LineContext) -> tuple[Reason, ...]:
    """(2) Not an exact duplicate of a line already decided, and filed within the filing limit."""
    found: list[Reason] = []
    if ctx.decided and any(prior.duplicates(ctx.provider.id, ctx.line) for prior in ctx.decided):
        found.append(reason(ReasonCode.DUPLICATE, date=ctx.day, code=ctx.line.code))
    days = (ctx.claim.received - ctx.day).days
    if days > ctx.plan.filing_limit_days:
        found.append(
            reason(
                ReasonCode.FILING_LIMIT_EXPIRED,
                ctx.plan.filing_limit_citation,
                days=days,
                limit=ctx.plan.filing_limit_days,
            )
        )
    return tuple(found)


def check_documentation(ctx: LineContext) -> tuple[Reason, ...]:
    """(3) A member's reimbursement request has the itemized bill, proof of payment and referral."""
    if ctx.claim.submitter is not Submitter.MEMBER:
        return ()
    needed = [Attachment.ITEMIZED_BILL, Attachment.PROOF_OF_PAYMENT]
    rule = ctx.benefit.access.rule if ctx.benefit else AccessRule.SELF_REFERRAL
    if rule is AccessRule.REFERRAL:
        needed.append(Attachment.REFERRAL_COPY)
    if rule is AccessRule.PRESCRIPTION:
        needed.append(Attachment.PRESCRIPTION_COPY)
    citation = ctx.plan.filing_limit_citation
    missing = [
        reason(ReasonCode.INFORMATION_MISSING, citation, field=f) for f in ctx.claim.missing_fields
    ]
    missing += [
        reason(ReasonCode.ATTACHMENT_MISSING, citation, attachment=a)
        for a in needed
        if a not in ctx.claim.attachments
    ]
    return tuple(missing)


def check_codes(ctx: LineContext) -> tuple[Reason, ...]:
    """(4) Codes valid on the date; units consistent with minutes and with the code rules."""
    if ctx.procedure is None:
        return (reason(ReasonCode.UNKNOWN_PROCEDURE, code=ctx.line.code),)
    diagnoses = ctx.rules.diagnosis_problems(ctx.claim.diagnoses_for(ctx.line), ctx.day)
    units = _unit_reasons(ctx, ctx.procedure)
    if not ctx.terms.same_day_rule:
        return diagnoses + units if units else diagnoses
    return diagnoses + units + _same_day_reasons(ctx, ctx.procedure)


def _unit_reasons(ctx: LineContext, procedure: Procedure) -> tuple[Reason, ...]:
    line = ctx.line
    found: list[Reason] = []
    if procedure.timed and line.minutes is not None:
        billable = units_for_minutes(line.minutes)
        if billable == 0:
            found.append(reason(ReasonCode.UNDER_MINIMUM_MINUTES, minutes=line.minutes))
        elif line.units > billable:
            found.append(
                reason(
                    ReasonCode.UNITS_EXCEED_MINUTES,
                    units=line.units,
                    minutes=line.minutes,
                    billable=billable,
                )
            )
    session_max = ctx.benefit.session_max_minutes if ctx.benefit else None
    minutes = line.minutes if line.minutes is not None else line.units * 15
    if session_max is not None and procedure.timed and minutes > session_max:
        citation = ctx.benefit.citation if ctx.benefit else ""
        found.append(
            reason(ReasonCode.SESSION_TOO_LONG, citation, minutes=minutes, limit=session_max)
        )
    return tuple(found)


def _same_day_reasons(ctx: LineContext, procedure: Procedure) -> tuple[Reason, ...]:
    catalogue = ctx.rules.catalogue
    others = [(s, catalogue.get(s.code)) for s in same_day_lines(ctx)]
    found: list[Reason] = []
    if procedure.initial_of_day and (
        ctx.line.units > 1 or any(p and p.initial_of_day and s.earlier for s, p in others)
    ):
        found.append(reason(ReasonCode.SECOND_INITIAL_CODE, code=ctx.line.code))
    if procedure.add_on_to and not any(s.code in procedure.add_on_to for s, _ in others):
        found.append(
            reason(
                ReasonCode.ADD_ON_WITHOUT_PRIMARY,
                code=ctx.line.code,
                primary=procedure.add_on_to[0],
            )
        )
    manipulated = any(
        s.provider_id == ctx.provider.id and p and p.spinal_manipulation for s, p in others
    )
    distinct = is_distinct_procedure(ctx.line.modifiers)
    if procedure.bundles_with_manipulation and manipulated and not distinct:
        found.append(reason(ReasonCode.BUNDLED, code=ctx.line.code))
    return tuple(found)


def same_day_lines(ctx: LineContext) -> list[SameDayLine]:
    """The member's paid lines of the line's day, this claim's earlier ones included, and the
    claim's other lines of that day."""
    day, number = ctx.day, ctx.line.number
    decided = [
        SameDayLine(p.provider_id, p.code, p.modifiers, True)
        for p in ctx.decided
        if p.service_date == day and p.paid
    ]
    in_claim = [
        SameDayLine(ctx.provider.id, other.code, other.modifiers, other.number < number)
        for other in ctx.claim.lines
        if other.service_date == day and other.number != number
    ]
    return decided + in_claim


def check_benefit(ctx: LineContext) -> tuple[Reason, ...]:
    """(5) The plan covers the category and does not exclude the modality."""
    benefit = ctx.benefit
    if benefit is None or not benefit.covered:
        citation = benefit.citation if benefit else ctx.plan.document
        alternatives = ", ".join(benefit.alternatives) if benefit else ""
        return (
            reason(
                ReasonCode.SERVICE_EXCLUDED,
                citation,
                category=ctx.category,
                alternatives=alternatives,
            ),
        )
    exclusion = benefit.exclusion(ctx.line.modality)
    if exclusion:
        return (
            reason(ReasonCode.MODALITY_EXCLUDED, exclusion.citation, modality=exclusion.modality),
        )
    return ()


def check_provider(ctx: LineContext) -> tuple[Reason, ...]:
    """(6) The provider may deliver this service and holds a
    license valid on the date of service."""
    provider = ctx.provider
    allowed = ctx.benefit.provider_categories if ctx.benefit else ()
    scope = ctx.procedure.categories if ctx.procedure else ()
    if (allowed and provider.category not in allowed) or (scope and provider.category not in scope):
        citation = ctx.benefit.citation if ctx.benefit else ""
        return (
            reason(ReasonCode.PROVIDER_NOT_QUALIFIED, citation, provider_type=provider.category),
        )
    return _license_reasons(ctx)


def _license_reasons(ctx: LineContext) -> tuple[Reason, ...]:
    provider, day = ctx.provider, ctx.day
    license = provider.license
    if license is not None and license.valid_on(day):
        return ()
    requirement = ctx.rules.licensing.requirement(provider.state, provider.category)
    if requirement is not LicensingRequirement.LICENSE:
        if provider.credentialed:
            return ()
        return (
            reason(ReasonCode.CREDENTIAL_REVIEW, state=provider.state, requirement=requirement),
        )
    if license is None:
        return (reason(ReasonCode.PROVIDER_NOT_LICENSED, state=provider.state, status="none"),)
    expired = license.expires is not None and day > license.expires
    status = "expired" if expired and license.status == "active" else license.status.value
    return (
        reason(
            ReasonCode.PROVIDER_NOT_LICENSED,
            state=license.state,
            status=status,
            expires=license.expires or "",
        ),
    )


def check_network(ctx: LineContext) -> tuple[Reason, ...]:
    """(7) In network, or out of network with an out-of-network benefit."""
    if ctx.tier is Tier.OUT_OF_NETWORK and ctx.benefit and not ctx.benefit.out_of_network.covered:
        citation = ctx.benefit.out_of_network.citation or ctx.benefit.citation
        return (reason(ReasonCode.OUT_OF_NETWORK_NOT_COVERED, citation, network=ctx.plan.network),)
    return ()


def check_medical_necessity(ctx: LineContext) -> tuple[Reason, ...]:
    """(8) A qualifying diagnosis; stress reduction alone is never medically necessary."""
    necessity = ctx.benefit.necessity if ctx.benefit else None
    if necessity is None:
        return ()
    codes = ctx.claim.diagnoses_for(ctx.line)
    finding = necessity.assess(codes)
    if finding.outcome is NecessityOutcome.STRESS_ONLY:
        return (reason(ReasonCode.STRESS_ONLY, necessity.citation, diagnoses=", ".join(codes)),)
    if finding.outcome is NecessityOutcome.NOT_QUALIFYING:
        return (
            reason(
                ReasonCode.DIAGNOSIS_NOT_COVERED, necessity.citation, diagnoses=", ".join(codes)
            ),
        )
    return ()


def check_visit_limit(ctx: LineContext) -> tuple[Reason, ...]:
    """(10) A visit left under every visit limit of the category for the benefit period."""
    if ctx.visit_counted or ctx.category is None:
        return ()
    for limit in ctx.terms.limits:  # the plan's limits for the line's category
        used = ctx.accumulators.visits(limit.id)
        if used >= limit.visits:
            return (
                reason(
                    ReasonCode.VISIT_LIMIT_REACHED, limit.citation, limit=limit.visits, used=used
                ),
            )
    return ()


class AccessFinding:
    """The reason access fails, or the document the visit will use (None when it needs none). A
    plain class, for the reason LineContext gives."""

    def __init__(self, reasons: tuple[Reason, ...] = (), referral: Referral | None = None) -> None:
        self.reasons = reasons
        self.referral = referral


_NO_DOCUMENT_NEEDED = AccessFinding()


def check_access(ctx: LineContext) -> AccessFinding:
    """(9) The referral, prescription or authorization the plan asks for, valid that day with visits
    left."""
    benefit, category = ctx.benefit, ctx.category
    if benefit is None or category is None:
        return _NO_DOCUMENT_NEEDED
    access = benefit.access
    kinds = _ACCEPTED_KINDS[access.rule]
    if kinds is None:
        return _NO_DOCUMENT_NEEDED
    if access.rule in _FIRST_VISITS_FREE:
        # A visit already counted is in the tally: its later lines ride on it, free or not.
        earlier_visits = ctx.accumulators.visits_in(category) - int(ctx.visit_counted)
        if earlier_visits < access.free_visits:
            return _NO_DOCUMENT_NEEDED
    documents = [
        r
        for r in ctx.referrals
        if r.kind in kinds and r.category == category and r.status is _APPROVED
    ]
    usable = [r for r in documents if _usable(r, ctx, access.max_age_months)]
    if usable:
        return AccessFinding((), usable[0] if len(usable) == 1 else min(usable, key=_first_to_end))
    code = _access_failure(documents, ctx, access.rule)
    return AccessFinding(
        reasons=(reason(code, access.citation, None, **_access_params(documents, ctx)),)
    )


def _first_to_end(document: Referral) -> tuple[date, str]:
    """Of the usable documents, a visit uses the one that runs out first."""
    return (document.valid_to or date.max, document.id)


# Rules under which the first visits of the plan year need no document.
_FIRST_VISITS_FREE = frozenset({AccessRule.TREATMENT_PLAN, AccessRule.AUTHORIZATION_FROM_VISIT})
# The documents each access rule accepts (None: it needs none); a physician's referral also serves
# as a prescription.
_AUTHORIZATION_ONLY = frozenset({ReferralKind.AUTHORIZATION})
_ACCEPTED_KINDS: dict[AccessRule, frozenset[ReferralKind] | None] = {
    AccessRule.SELF_REFERRAL: None,
    AccessRule.REFERRAL: frozenset({ReferralKind.REFERRAL}),
    AccessRule.PRESCRIPTION: frozenset({ReferralKind.PRESCRIPTION, ReferralKind.REFERRAL}),
    AccessRule.TREATMENT_PLAN: _AUTHORIZATION_ONLY,
    AccessRule.AUTHORIZATION_FROM_VISIT: _AUTHORIZATION_ONLY,
}
# An enum member read from a module name, not the class: on Python 3.11 the class attribute costs as
# much as the rest of the test, and every referred line tests every document.
_APPROVED = ReferralStatus.APPROVED


def _usable(document: Referral, ctx: LineContext, max_age_months: int | None) -> bool:
    if max_age_months is not None and ctx.day > add_months(document.valid_from, max_age_months):
        return False  # too old, however long it is valid
    # The second line of a visit already counted rides on the visit's referral.
    return document.valid_on(ctx.day) if ctx.visit_counted else document.covers(ctx.day)


def _access_failure(documents: list[Referral], ctx: LineContext, rule: AccessRule) -> ReasonCode:
    prefix = {
        AccessRule.REFERRAL: "referral",
        AccessRule.PRESCRIPTION: "prescription",
    }.get(rule, "authorization")
    if not documents or all(d.valid_from > ctx.day for d in documents):
        if documents and rule is AccessRule.REFERRAL:
            return ReasonCode.REFERRAL_NOT_YET_VALID
        return ReasonCode(f"{prefix}_missing")
    if rule is AccessRule.PRESCRIPTION:
        return ReasonCode.PRESCRIPTION_TOO_OLD
    if any(d.valid_on(ctx.day) for d in documents):
        return ReasonCode(f"{prefix}_visits_used")
    return ReasonCode(f"{prefix}_expired")


def _access_params(documents: list[Referral], ctx: LineContext) -> dict[str, object]:
    if not documents:
        return {"category": ctx.category}
    latest = max(documents, key=lambda d: (d.valid_to or date.max, d.id))
    return {
        "referral": latest.id,
        "valid_from": latest.valid_from,
        "valid_to": latest.valid_to or "",
        "visits": latest.visits if latest.visits is not None else "",
        "used": latest.visits_used,
    }


STEPS: tuple[Check, ...] = (
    check_eligibility,
    check_duplicate_and_filing,
    check_documentation,
    check_codes,
    check_benefit,
    check_provider,
    check_network,
    check_medical_necessity,
)
