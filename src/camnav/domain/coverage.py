"""The coverage answer before any care: covered or not, where, on what conditions, at what cost.

Every statement is a topic with parameters and the plan clause it rests on; camnav.explain renders
it in plain language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from camnav.domain.diagnoses import NecessityOutcome, assess_medical_necessity, check_diagnoses
from camnav.domain.estimate import estimate_visits
from camnav.domain.money import Cents
from camnav.domain.plans import AccessRule, Benefit, DeliveryMode, Plan, Tier
from camnav.domain.referrals import Referral, ReferralKind, ReferralStatus, add_months
from camnav.domain.regions import Region
from camnav.domain.rules import Rules
from camnav.domain.state import MemberState

# A referral or letter running out within this many days earns a warning.
EXPIRY_WARNING_DAYS = 30


class Verdict(StrEnum):
    COVERED = "covered"
    COVERED_IF = "covered_if"
    NOT_COVERED = "not_covered"


class Topic(StrEnum):
    NOT_ENROLLED = "not_enrolled"
    CATEGORY_COVERED = "category_covered"
    CATEGORY_EXCLUDED = "category_excluded"
    NO_REFERRAL_NEEDED = "no_referral_needed"
    REFERRAL_NEEDED = "referral_needed"
    PRESCRIPTION_NEEDED = "prescription_needed"
    TREATMENT_PLAN_NEEDED = "treatment_plan_needed"
    AUTHORIZATION_FROM_VISIT = "authorization_from_visit"
    DOCUMENT_ON_FILE = "document_on_file"
    QUALIFYING_DIAGNOSIS_NEEDED = "qualifying_diagnosis_needed"
    DIAGNOSIS_QUALIFIES = "diagnosis_qualifies"
    STRESS_ONLY = "stress_only"
    DIAGNOSIS_NOT_COVERED = "diagnosis_not_covered"
    DIAGNOSIS_INVALID = "diagnosis_invalid"
    EXCLUDED_MODALITIES = "excluded_modalities"
    SESSION_LIMIT = "session_limit"
    COPAY = "copay"
    COINSURANCE = "coinsurance"
    DEDUCTIBLE_FIRST = "deductible_first"
    OUT_OF_POCKET_MET = "out_of_pocket_met"
    VISITS = "visits"
    VISIT_LIMIT_REACHED = "visit_limit_reached"
    OUT_OF_NETWORK_BENEFIT = "out_of_network_benefit"
    NO_OUT_OF_NETWORK_BENEFIT = "no_out_of_network_benefit"
    DELIVERY_EMPLOYED = "delivery_employed"
    DELIVERY_NETWORK = "delivery_network"
    DELIVERY_REIMBURSEMENT = "delivery_reimbursement"
    WARN_ASSUMING_COVERAGE = "warn_assuming_coverage"
    WARN_DOCUMENT_EXPIRING = "warn_document_expiring"
    WARN_DOCUMENT_EXPIRED = "warn_document_expired"
    WARN_DOCUMENT_LAST_VISIT = "warn_document_last_visit"
    WARN_DOCUMENT_USED_UP = "warn_document_used_up"
    WARN_LAST_COVERED_VISIT = "warn_last_covered_visit"
    WARN_LICENSED_ONLY = "warn_licensed_only"
    WARN_NOT_FULL_COVERAGE = "warn_not_full_coverage"
    WARN_DEDUCTIBLE_FIRST = "warn_deductible_first"
    WARN_BALANCE_BILLING = "warn_balance_billing"
    WARN_LETTER_EXPIRED = "warn_letter_expired"
    WARN_LETTER_EXPIRING = "warn_letter_expiring"
    STEP_GET_REFERRAL = "step_get_referral"
    STEP_GET_PRESCRIPTION = "step_get_prescription"
    STEP_TREATMENT_PLAN = "step_treatment_plan"
    STEP_CHOOSE_IN_NETWORK = "step_choose_in_network"
    STEP_REIMBURSEMENT_PAPERS = "step_reimbursement_papers"
    STEP_GET_LETTER = "step_get_letter"
    ALT_CATEGORY = "alt_category"
    ALT_DISCOUNT = "alt_discount"
    ALT_HSA_FSA = "alt_hsa_fsa"


@dataclass(frozen=True, slots=True)
class Statement:
    topic: Topic
    params: tuple[tuple[str, str], ...] = ()
    citation: str = ""

    @property
    def param(self) -> dict[str, str]:
        return dict(self.params)


def statement(topic: Topic, citation: str = "", **params: object) -> Statement:
    return Statement(topic, tuple(sorted((k, str(v)) for k, v in params.items())), citation)


@dataclass(frozen=True, slots=True)
class VisitCost:
    """A typical visit's price for this member on that date at one network tier."""

    tier: Tier
    covered: bool
    billed: Cents
    allowed: Cents
    member_owes: Cents
    plan_pays: Cents
    balance_bill: Cents

    @property
    def member_total(self) -> Cents:
        return self.member_owes + self.balance_bill


@dataclass(frozen=True, slots=True)
class Alternative:
    statement: Statement
    category: str | None = None
    cost: VisitCost | None = None


@dataclass(frozen=True, slots=True)
class CoverageAnswer:
    category: str
    on: date
    verdict: Verdict
    statements: tuple[Statement, ...]
    where: tuple[Statement, ...]
    next_steps: tuple[Statement, ...]
    costs: tuple[VisitCost, ...]
    visits_used: int | None
    visits_left: int | None
    warnings: tuple[Statement, ...]
    alternatives: tuple[Alternative, ...]


@dataclass(slots=True)
class _Draft:
    """The answer being written: findings are appended in the order a member would read them."""

    verdict: Verdict = Verdict.COVERED
    statements: list[Statement] | None = None
    steps: list[Statement] | None = None
    warnings: list[Statement] | None = None

    def __post_init__(self) -> None:
        self.statements, self.steps, self.warnings = [], [], []

    def lower(self, verdict: Verdict) -> None:
        order = (Verdict.COVERED, Verdict.COVERED_IF, Verdict.NOT_COVERED)
        if order.index(verdict) > order.index(self.verdict):
            self.verdict = verdict


def determine_coverage(
    *,
    plan: Plan,
    state: MemberState,
    rules: Rules,
    category: str,
    on: date,
    region: Region | None = None,
    diagnoses: tuple[str, ...] = (),
) -> CoverageAnswer:
    """Answer 'is this covered for me, where, on what conditions, and what will it cost?' on a
    date."""
    draft = _Draft()
    benefit = plan.benefit(category)
    if not state.enrollment.covers(on):
        draft.lower(Verdict.NOT_COVERED)
        draft.statements.append(statement(Topic.NOT_ENROLLED, plan.document, on=on))  # type: ignore[union-attr]
    elif benefit is None or not benefit.covered:
        _excluded(draft, plan, category, benefit)
    else:
        _covered(draft, plan, state, rules, benefit, on, diagnoses)
    costs = _costs(plan, state, rules, category, on, diagnoses) if _priced(draft, benefit) else ()
    used, left = _visits(plan, state, category, on)
    _cost_warnings(draft, plan, benefit, costs, left)
    return CoverageAnswer(
        category=category,
        on=on,
        verdict=draft.verdict,
        statements=tuple(draft.statements or ()),
        where=_where(region, category, benefit),
        next_steps=tuple(draft.steps or ()),
        costs=costs,
        visits_used=used,
        visits_left=left,
        warnings=tuple(draft.warnings or ()) + _letter_warnings(state, plan, category, on),
        alternatives=_alternatives(plan, state, rules, category, on, draft.verdict),
    )


def _priced(draft: _Draft, benefit: Benefit | None) -> bool:
    return benefit is not None and benefit.covered and draft.verdict is not Verdict.NOT_COVERED


def _excluded(draft: _Draft, plan: Plan, category: str, benefit: Benefit | None) -> None:
    draft.lower(Verdict.NOT_COVERED)
    citation = benefit.citation if benefit else plan.document
    alternatives = ", ".join(benefit.alternatives) if benefit else ""
    assert draft.statements is not None and draft.warnings is not None
    draft.statements.append(
        statement(Topic.CATEGORY_EXCLUDED, citation, category=category, alternatives=alternatives)
    )
    draft.warnings.append(statement(Topic.WARN_ASSUMING_COVERAGE, citation, category=category))


def _covered(
    draft: _Draft,
    plan: Plan,
    state: MemberState,
    rules: Rules,
    benefit: Benefit,
    on: date,
    diagnoses: tuple[str, ...],
) -> None:
    assert draft.statements is not None
    draft.statements.append(
        statement(Topic.CATEGORY_COVERED, benefit.citation, category=benefit.category)
    )
    _access(draft, plan, state, benefit, on)
    # Without diagnoses from the asker, the referral or prescription on file states them.
    on_file = _usable_documents(state, benefit, on)
    known = diagnoses or (on_file[0].diagnoses if on_file else ())
    _necessity(draft, benefit, rules, on, known)
    for exclusion in benefit.excluded_modalities:
        draft.statements.append(
            statement(Topic.EXCLUDED_MODALITIES, exclusion.citation, modality=exclusion.modality)
        )
    if benefit.session_max_minutes:
        draft.statements.append(
            statement(Topic.SESSION_LIMIT, benefit.citation, minutes=benefit.session_max_minutes)
        )
    _cost_terms(draft, plan, state, benefit, on)


def _access(draft: _Draft, plan: Plan, state: MemberState, benefit: Benefit, on: date) -> None:
    access = benefit.access
    assert draft.statements is not None and draft.steps is not None
    if access.rule is AccessRule.SELF_REFERRAL:
        draft.statements.append(statement(Topic.NO_REFERRAL_NEEDED, access.citation))
        return
    if access.rule in (AccessRule.TREATMENT_PLAN, AccessRule.AUTHORIZATION_FROM_VISIT):
        topic = (
            Topic.TREATMENT_PLAN_NEEDED
            if access.rule is AccessRule.TREATMENT_PLAN
            else Topic.AUTHORIZATION_FROM_VISIT
        )
        draft.statements.append(statement(topic, access.citation, free_visits=access.free_visits))
        _authorization_access(draft, plan, state, benefit, on)
        return
    _referral_access(draft, state, benefit, on)


def _authorization_access(
    draft: _Draft, plan: Plan, state: MemberState, benefit: Benefit, on: date
) -> None:
    """An approved treatment plan or authorization on file shows with its visits left and expiry
    warnings; without one, visits past the free ones need it."""
    access = benefit.access
    assert draft.statements is not None and draft.steps is not None and draft.warnings is not None
    usable = _usable_documents(state, benefit, on)
    if usable:
        draft.statements.append(_on_file(usable[0], access.citation))
        draft.warnings.extend(_document_warnings(usable[0], on, access.citation))
        return
    if state.accumulators(plan, on).visits_in(benefit.category) >= access.free_visits:
        draft.lower(Verdict.COVERED_IF)
        draft.steps.append(statement(Topic.STEP_TREATMENT_PLAN, access.citation))


def _referral_access(draft: _Draft, state: MemberState, benefit: Benefit, on: date) -> None:
    access = benefit.access
    assert draft.statements is not None and draft.steps is not None and draft.warnings is not None
    prescription = access.rule is AccessRule.PRESCRIPTION
    needed = Topic.PRESCRIPTION_NEEDED if prescription else Topic.REFERRAL_NEEDED
    draft.statements.append(
        statement(needed, access.citation, max_age_months=access.max_age_months or "")
    )
    usable = _usable_documents(state, benefit, on)
    if usable:
        document = usable[0]
        draft.statements.append(_on_file(document, access.citation))
        draft.warnings.extend(_document_warnings(document, on, access.citation))
        return
    draft.lower(Verdict.COVERED_IF)
    step = Topic.STEP_GET_PRESCRIPTION if prescription else Topic.STEP_GET_REFERRAL
    draft.steps.append(statement(step, access.citation))
    draft.warnings.extend(_stale_document_warnings(state, benefit, on))


def _documents(state: MemberState, benefit: Benefit) -> list[Referral]:
    kinds = {
        AccessRule.REFERRAL: (ReferralKind.REFERRAL,),
        AccessRule.PRESCRIPTION: (ReferralKind.PRESCRIPTION, ReferralKind.REFERRAL),
    }.get(benefit.access.rule, (ReferralKind.AUTHORIZATION,))
    return [
        r
        for r in state.referrals
        if r.category == benefit.category
        and r.kind in kinds
        and r.status is ReferralStatus.APPROVED
    ]


def _usable_documents(state: MemberState, benefit: Benefit, on: date) -> list[Referral]:
    max_age = benefit.access.max_age_months
    usable = [
        r
        for r in _documents(state, benefit)
        if r.covers(on) and (max_age is None or on <= add_months(r.valid_from, max_age))
    ]
    return sorted(usable, key=lambda r: (r.valid_to or date.max, r.id))


def _document_end(document: Referral, max_age_months: int | None) -> date | None:
    ends = [d for d in (document.valid_to,) if d is not None]
    if max_age_months is not None:
        ends.append(add_months(document.valid_from, max_age_months))
    return min(ends) if ends else None


def _on_file(document: Referral, citation: str) -> Statement:
    return statement(
        Topic.DOCUMENT_ON_FILE,
        citation,
        kind=document.kind,
        id=document.id,
        valid_to=document.valid_to or "",
        visits_left=document.visits_left if document.visits is not None else "",
    )


def _document_warnings(document: Referral, on: date, citation: str) -> list[Statement]:
    warnings = []
    if document.valid_to and document.valid_to - on <= timedelta(days=EXPIRY_WARNING_DAYS):
        warnings.append(
            statement(
                Topic.WARN_DOCUMENT_EXPIRING,
                citation,
                id=document.id,
                kind=document.kind,
                valid_to=document.valid_to,
            )
        )
    if document.visits_left == 1:
        warnings.append(
            statement(Topic.WARN_DOCUMENT_LAST_VISIT, citation, id=document.id, kind=document.kind)
        )
    return warnings


def _stale_document_warnings(state: MemberState, benefit: Benefit, on: date) -> list[Statement]:
    citation = benefit.access.citation
    warnings = []
    for document in _documents(state, benefit):
        end = _document_end(document, benefit.access.max_age_months)
        if end is not None and end < on:
            warnings.append(
                statement(
                    Topic.WARN_DOCUMENT_EXPIRED,
                    citation,
                    id=document.id,
                    kind=document.kind,
                    valid_to=end,
                )
            )
        elif document.valid_on(on) and document.visits_left == 0:
            warnings.append(
                statement(Topic.WARN_DOCUMENT_USED_UP, citation, id=document.id, kind=document.kind)
            )
    return warnings


def _necessity(
    draft: _Draft, benefit: Benefit, rules: Rules, on: date, diagnoses: tuple[str, ...]
) -> None:
    necessity = benefit.necessity
    if necessity is None:
        return
    assert draft.statements is not None
    names = ", ".join(v.title or v.name for v in necessity.qualifying)
    if not diagnoses:
        draft.lower(Verdict.COVERED_IF)
        draft.statements.append(
            statement(Topic.QUALIFYING_DIAGNOSIS_NEEDED, necessity.citation, conditions=names)
        )
        return
    for problem in check_diagnoses(diagnoses, on, rules.code_set):
        draft.lower(Verdict.COVERED_IF)
        draft.statements.append(
            statement(Topic.DIAGNOSIS_INVALID, necessity.citation, **problem.param)
        )
    finding = assess_medical_necessity(diagnoses, necessity.qualifying, necessity.stress_set)
    _necessity_finding(draft, finding.outcome, necessity.citation, diagnoses, names)


def _necessity_finding(
    draft: _Draft, outcome: NecessityOutcome, citation: str, diagnoses: tuple[str, ...], names: str
) -> None:
    assert draft.statements is not None
    codes = ", ".join(diagnoses)
    if outcome is NecessityOutcome.QUALIFIES:
        draft.statements.append(statement(Topic.DIAGNOSIS_QUALIFIES, citation, diagnoses=codes))
        return
    draft.lower(Verdict.NOT_COVERED)
    topic = (
        Topic.STRESS_ONLY
        if outcome is NecessityOutcome.STRESS_ONLY
        else Topic.DIAGNOSIS_NOT_COVERED
    )
    draft.statements.append(statement(topic, citation, diagnoses=codes, conditions=names))


def _cost_terms(draft: _Draft, plan: Plan, state: MemberState, benefit: Benefit, on: date) -> None:
    assert draft.statements is not None
    terms = benefit.in_network
    if terms.copay is not None:
        draft.statements.append(statement(Topic.COPAY, terms.citation, amount=terms.copay))
    if terms.coinsurance is not None:
        draft.statements.append(
            statement(Topic.COINSURANCE, terms.citation, rate=terms.coinsurance)
        )
    if plan.deductible_first or terms.deductible_applies:
        accumulators = state.accumulators(plan, on)
        remaining = plan.deductible_for(Tier.IN_NETWORK) - accumulators.deductible(Tier.IN_NETWORK)
        draft.statements.append(
            statement(
                Topic.DEDUCTIBLE_FIRST,
                plan.deductible_first_citation or plan.deductible.citation,
                deductible=plan.deductible_for(Tier.IN_NETWORK),
                remaining=max(remaining, 0),
            )
        )
    oon = benefit.out_of_network
    if oon.covered:
        draft.statements.append(
            statement(Topic.OUT_OF_NETWORK_BENEFIT, oon.citation, percent=oon.percent_of_reference)
        )
    else:
        draft.statements.append(
            statement(Topic.NO_OUT_OF_NETWORK_BENEFIT, oon.citation or benefit.citation)
        )
    _limit_statements(draft, plan, state, benefit, on)


def _limit_statements(
    draft: _Draft, plan: Plan, state: MemberState, benefit: Benefit, on: date
) -> None:
    assert draft.statements is not None and draft.warnings is not None
    accumulators = state.accumulators(plan, on)
    for limit in plan.limits_for(benefit.category):
        used = accumulators.visits(limit.id)
        left = max(limit.visits - used, 0)
        shared = ", ".join(limit.categories) if len(limit.categories) > 1 else ""
        draft.statements.append(
            statement(
                Topic.VISITS,
                limit.citation,
                limit=limit.visits,
                used=used,
                left=left,
                shared=shared,
            )
        )
        if left == 0:
            draft.lower(Verdict.NOT_COVERED)
            draft.statements.append(
                statement(Topic.VISIT_LIMIT_REACHED, limit.citation, limit=limit.visits)
            )
        elif left == 1:
            draft.warnings.append(statement(Topic.WARN_LAST_COVERED_VISIT, limit.citation))


def _visits(
    plan: Plan, state: MemberState, category: str, on: date
) -> tuple[int | None, int | None]:
    limits = plan.limits_for(category)
    if not limits:
        return None, None
    accumulators = state.accumulators(plan, on)
    tightest = min(limits, key=lambda limit: limit.visits - accumulators.visits(limit.id))
    used = accumulators.visits(tightest.id)
    return used, max(tightest.visits - used, 0)


def _costs(
    plan: Plan,
    state: MemberState,
    rules: Rules,
    category: str,
    on: date,
    diagnoses: tuple[str, ...],
) -> tuple[VisitCost, ...]:
    benefit = plan.benefit(category)
    tiers = [Tier.IN_NETWORK]
    if benefit is not None and benefit.out_of_network.covered:
        tiers.append(Tier.OUT_OF_NETWORK)
    return tuple(_visit_cost(plan, state, rules, category, on, tier, diagnoses) for tier in tiers)


def _visit_cost(
    plan: Plan,
    state: MemberState,
    rules: Rules,
    category: str,
    on: date,
    tier: Tier,
    diagnoses: tuple[str, ...],
) -> VisitCost:
    estimate = estimate_visits(
        plan=plan,
        state=state,
        rules=rules,
        category=category,
        tier=tier,
        start=on,
        visits=1,
        diagnoses=diagnoses,
    )
    visit = estimate.visits[0]
    return VisitCost(
        tier,
        visit.covered,
        visit.billed,
        visit.allowed,
        visit.member_owes,
        visit.plan_pays,
        visit.balance_bill,
    )


def _cost_warnings(
    draft: _Draft,
    plan: Plan,
    benefit: Benefit | None,
    costs: tuple[VisitCost, ...],
    left: int | None,
) -> None:
    if benefit is None or not benefit.covered:
        return
    assert draft.warnings is not None and draft.steps is not None
    draft.warnings.append(statement(Topic.WARN_LICENSED_ONLY, benefit.citation))
    in_network = next((c for c in costs if c.tier is Tier.IN_NETWORK), None)
    if in_network is not None and in_network.member_owes > 0:
        draft.warnings.append(
            statement(
                Topic.WARN_NOT_FULL_COVERAGE,
                benefit.in_network.citation,
                member=in_network.member_owes,
            )
        )
    deductible_first = plan.deductible_first or benefit.in_network.deductible_applies
    paying_all = in_network is not None and in_network.member_owes == in_network.allowed > 0
    if paying_all and deductible_first:
        draft.warnings.append(
            statement(Topic.WARN_DEDUCTIBLE_FIRST, plan.deductible_first_citation)
        )
    if in_network is not None and in_network.allowed > 0 and in_network.member_owes == 0:
        draft.statements.append(statement(Topic.OUT_OF_POCKET_MET, plan.out_of_pocket_max.citation))  # type: ignore[union-attr]
    if benefit.out_of_network.covered:
        draft.warnings.append(
            statement(Topic.WARN_BALANCE_BILLING, benefit.out_of_network.citation)
        )
        draft.steps.append(statement(Topic.STEP_REIMBURSEMENT_PAPERS, plan.filing_limit_citation))
    draft.steps.append(statement(Topic.STEP_CHOOSE_IN_NETWORK, benefit.citation))


def _where(region: Region | None, category: str, benefit: Benefit | None) -> tuple[Statement, ...]:
    if region is None or benefit is None or not benefit.covered:
        return ()
    found = []
    for mode in region.modes(category):
        if mode is DeliveryMode.EMPLOYED:
            centers = ", ".join(c.name for c in region.centers_for(category))
            found.append(
                statement(
                    Topic.DELIVERY_EMPLOYED, region.citation, region=region.name, centers=centers
                )
            )
        elif mode is DeliveryMode.NETWORK:
            found.append(statement(Topic.DELIVERY_NETWORK, region.citation, region=region.name))
        elif benefit.out_of_network.covered:
            # Reimbursing a therapist the member found needs the plan's out-of-network benefit.
            found.append(
                statement(Topic.DELIVERY_REIMBURSEMENT, region.citation, region=region.name)
            )
    return tuple(found)


def _letter_warnings(
    state: MemberState, plan: Plan, category: str, on: date
) -> tuple[Statement, ...]:
    letters = [letter for letter in state.letters if letter.category == category]
    if not letters:
        return ()
    latest = max(letters, key=lambda letter: letter.valid_through)
    if latest.valid_through < on:
        return (
            statement(Topic.WARN_LETTER_EXPIRED, id=latest.id, valid_through=latest.valid_through),
        )
    if latest.valid_through - on <= timedelta(days=EXPIRY_WARNING_DAYS):
        return (
            statement(Topic.WARN_LETTER_EXPIRING, id=latest.id, valid_through=latest.valid_through),
        )
    return ()


def _alternatives(
    plan: Plan, state: MemberState, rules: Rules, category: str, on: date, verdict: Verdict
) -> tuple[Alternative, ...]:
    """Covered alternatives with their cost, the discount program,
    and HSA/FSA money with a letter."""
    found: list[Alternative] = []
    if verdict is not Verdict.COVERED:
        found.extend(_other_categories(plan, state, rules, category, on))
    if plan.discount is not None:
        discount = statement(Topic.ALT_DISCOUNT, plan.discount.citation, rate=plan.discount.rate)
        found.append(Alternative(discount))
    found.append(Alternative(_hsa_fsa(plan, state, category, on)))
    return tuple(found)


def _other_categories(
    plan: Plan, state: MemberState, rules: Rules, category: str, on: date
) -> list[Alternative]:
    benefit = plan.benefit(category)
    preferred = benefit.alternatives if benefit else ()
    others = [c for c in preferred if c != category]
    others += [c for c in plan.benefits if c not in others and c != category]
    found = []
    for other in others:
        other_benefit = plan.benefit(other)
        if other_benefit is None or not other_benefit.covered:
            continue
        cost = _visit_cost(plan, state, rules, other, on, Tier.IN_NETWORK, ())
        alt = statement(Topic.ALT_CATEGORY, other_benefit.citation, category=other)
        found.append(Alternative(alt, other, cost))
    return found


def _hsa_fsa(plan: Plan, state: MemberState, category: str, on: date) -> Statement:
    letters = [letter for letter in state.letters if letter.category == category]
    valid = [letter for letter in letters if letter.valid_on(on)]
    return statement(
        Topic.ALT_HSA_FSA,
        plan.deductible_first_citation if plan.hsa_eligible else "",
        hsa_plan=plan.hsa_eligible,
        letter=valid[0].id if valid else "",
        letter_valid_through=valid[0].valid_through if valid else "",
    )
