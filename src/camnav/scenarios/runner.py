"""Running a scenario: build the domain objects, then adjudicate the claims by date of service.

Claims are decided in date-of-service order whatever order the file lists them in, carrying the
member's accumulators, referral use and claim history from one claim to the next: a member's
accumulators must not depend on the order in which claims happen to arrive. A coverage question
is answered on its date, after the claims of that date and before the later ones.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from camnav.domain.adjudication import Adjudication, adjudicate
from camnav.domain.claims import Claim
from camnav.domain.coverage import CoverageAnswer, determine_coverage
from camnav.domain.plans import Plan, Tier
from camnav.domain.providers import Participation, Provider
from camnav.domain.rules import Rules
from camnav.domain.state import MemberState, start_state
from camnav.library.icd10cm import load_value_sets
from camnav.library.library import PlanLibrary
from camnav.library.plans import parse_plan
from camnav.library.problems import InvalidDataFiles
from camnav.scenarios.fields import InvalidScenario, Problem
from camnav.scenarios.format import PlanRef, ProviderSpec, Question, Scenario
from camnav.scenarios.referral_history import DecidedRequest, decide_request


@dataclass(frozen=True, slots=True)
class ClaimRun:
    """One claim as decided: the plan and provider it was decided under, and the decision."""

    claim: Claim
    plan: Plan
    provider: Provider
    adjudication: Adjudication
    order: int

    @property
    def last_day(self) -> date:
        return max(line.service_date for line in self.claim.lines)


@dataclass(frozen=True, slots=True)
class QuestionRun:
    """A coverage question as answered on its date, with the member's state of that day."""

    question: Question
    plan: Plan
    answer: CoverageAnswer


@dataclass(frozen=True, slots=True)
class ScenarioRun:
    """A scenario's claims and questions (in the file's order) and the member's state at the end."""

    scenario: Scenario
    claims: tuple[ClaimRun, ...]
    questions: tuple[QuestionRun, ...]
    state: MemberState
    plan: Plan
    last_day: date
    referral_requests: tuple[DecidedRequest, ...] = ()


def first_day(claim: Claim) -> date:
    return min(line.service_date for line in claim.lines)


def known_categories(rules: Rules) -> Collection[str]:
    """Every service category the catalogue knows."""
    procedures = rules.catalogue.procedures.values()
    return set(rules.catalogue.category_titles) | {c for p in procedures for c in p.categories}


@dataclass(slots=True)
class _Run:
    """The member's state as the scenario's events are processed in date order."""

    scenario: Scenario
    library: PlanLibrary
    plans: _Plans
    state: MemberState
    claims: dict[int, ClaimRun]
    questions: dict[int, QuestionRun]
    requests: dict[int, DecidedRequest]

    def decide(self, index: int) -> None:
        claim = self.scenario.claims[index]
        plan = self.plans.on(first_day(claim))
        provider = build_provider(self.scenario.providers[claim.provider_id], plan)
        adjudication = adjudicate(claim, plan, provider, self.state, self.library.rules)
        self.state = adjudication.state
        self.claims[index] = ClaimRun(claim, plan, provider, adjudication, len(self.claims) + 1)

    def refer(self, index: int) -> None:
        """Decide a physician's request; what it puts on file joins the member's documents."""
        entry = self.scenario.referral_requests[index]
        decided = decide_request(entry, self.plans.on(entry.valid_from))
        self.state = replace(self.state, referrals=(*self.state.referrals, decided.document))
        self.requests[index] = decided

    def answer(self, index: int) -> None:
        question = self.scenario.questions[index]
        plan = self.plans.on(question.on)
        region_id = question.region or self.scenario.member.region or next(iter(plan.regions), "")
        answer = determine_coverage(
            plan=plan,
            state=self.state,
            rules=self.library.rules,
            category=question.category,
            on=question.on,
            region=self.library.regions.get(region_id),
            diagnoses=question.diagnoses,
        )
        self.questions[index] = QuestionRun(question, plan, answer)


def run_scenario(scenario: Scenario, library: PlanLibrary) -> ScenarioRun:
    """Decide the claims in date-of-service order, each on the state the previous one left, and
    answer each coverage question on its date."""
    events = _events(scenario)
    opening_day = scenario.accumulators.as_of or events[0][0]
    plans = _Plans(scenario, library)
    opening_plan = plans.on(opening_day)
    check_references(scenario, opening_plan)
    state = opening_state(scenario, opening_plan, opening_day)
    run = _Run(scenario, library, plans, state, {}, {}, {})
    for _, kind, _, index in events:
        {_REQUEST: run.refer, _CLAIM: run.decide, _QUESTION: run.answer}[kind](index)
    last_day = max(c.last_day for c in run.claims.values()) if run.claims else events[-1][0]
    return ScenarioRun(
        scenario,
        tuple(run.claims[i] for i in range(len(scenario.claims))),
        tuple(run.questions[i] for i in range(len(scenario.questions))),
        run.state,
        plans.on(last_day),
        last_day,
        tuple(run.requests[i] for i in range(len(scenario.referral_requests))),
    )


# The order of a day's events: referral requests, then claims, then coverage questions.
_REQUEST, _CLAIM, _QUESTION = 0, 1, 2


def _events(scenario: Scenario) -> list[tuple[date, int, date, int]]:
    """Claims by first date of service, received date and file order; referral requests before
    the claims of the day they arrive; questions after them."""
    claims = [(first_day(c), _CLAIM, c.received, i) for i, c in enumerate(scenario.claims)]
    questions = [(q.on, _QUESTION, q.on, i) for i, q in enumerate(scenario.questions)]
    requests = [
        (r.received, _REQUEST, r.received, i) for i, r in enumerate(scenario.referral_requests)
    ]
    return sorted(claims + questions + requests)


def opening_state(scenario: Scenario, plan: Plan, on: date) -> MemberState:
    """The member before the first claim: enrollment, accumulators met, documents on file."""
    enrollment = scenario.member.enrollment(plan.id)
    state = start_state(enrollment, plan, scenario.accumulators.accumulators, on)
    return replace(state, referrals=scenario.referrals, letters=scenario.letters)


def build_provider(spec: ProviderSpec, plan: Plan) -> Provider:
    """The provider; 'network: in_network' is a contract with the plan's network at all times."""
    participations = tuple(
        Participation(p.network or plan.network, p.start, p.end) for p in spec.participations
    )
    if spec.network is Tier.IN_NETWORK:
        participations += (Participation(plan.network),)
    return Provider(
        id=spec.id,
        name=spec.name or spec.id,
        category=spec.category,
        state=spec.state,
        npi=spec.npi,
        license=spec.license,
        participations=participations,
        credentialed=spec.credentialed,
        discount_participant=spec.discount_participant,
    )


def check_references(scenario: Scenario, plan: Plan) -> None:
    """Visit-limit ids in the starting accumulators must be limits of the plan."""
    known = [limit.id for limit in plan.visit_limits]
    unknown = sorted(set(scenario.accumulators.accumulators.limit_visits) - set(known))
    problems = [
        Problem(
            scenario.file,
            f"accumulators.visits_used.{limit_id}",
            f"plan {plan.id} has no visit limit {limit_id!r}; it has: {', '.join(known) or 'none'}",
        )
        for limit_id in unknown
    ]
    if problems:
        raise InvalidScenario(problems)


class _Plans:
    """The scenario's plan in force on a date: written inline, a fixed version or plan year, or
    the library's version in force on that date."""

    def __init__(self, scenario: Scenario, library: PlanLibrary) -> None:
        self.file, self.ref, self.library = scenario.file, scenario.plan, library
        self.inline = _inline_plan(scenario.file, scenario.plan) if scenario.plan.inline else None
        self.found: dict[date, Plan] = {}

    def on(self, day: date) -> Plan:
        if self.inline is not None:
            return self.inline
        if day not in self.found:
            self.found[day] = self._look_up(day)
        return self.found[day]

    def _look_up(self, day: date) -> Plan:
        ref = self.ref
        try:
            if ref.version is not None:
                return self.library.plan(ref.id, version=ref.version)
            if ref.year is not None:
                return _plan_of_year(self.library, ref.id, ref.year, day)
            return self.library.plan(ref.id, on=day)
        except LookupError as error:
            message = str(error).strip("'\"")
            raise InvalidScenario([Problem(self.file, "plan", message)]) from error


def _plan_of_year(library: PlanLibrary, plan_id: str, year: int, day: date) -> Plan:
    """The plan year's version in effect on `day`; outside the year, its first or last version
    (whose dates then decide eligibility)."""
    of_year = [plan for plan in library.versions(plan_id) if plan.plan_year == year]
    if not of_year:
        years = sorted({plan.plan_year for plan in library.versions(plan_id)})
        raise LookupError(f"plan {plan_id!r} has no plan year {year}; it has: {years}")
    in_effect = [plan for plan in of_year if plan.effective_from <= day <= plan.effective_to]
    if in_effect:
        return in_effect[-1]
    return of_year[0] if day < of_year[0].effective_from else of_year[-1]


def _inline_plan(file: str, ref: PlanRef) -> Plan:
    """A plan written in the scenario itself, read by the plan library's own reader."""
    assert ref.inline is not None
    try:
        return parse_plan(ref.inline, f"{file}: plan.inline", load_value_sets())
    except InvalidDataFiles as error:
        problems = [Problem(file, f"plan.inline.{p.path}", p.reason) for p in error.problems]
        raise InvalidScenario(problems) from error
