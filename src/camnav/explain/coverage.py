"""Coverage-answer statements in plain language."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from camnav.domain.coverage import Statement, Topic, Verdict
from camnav.domain.money import format_money, format_rate

VERDICT: Mapping[Verdict, str] = {
    Verdict.COVERED: "Covered",
    Verdict.COVERED_IF: "Covered if you meet the conditions below",
    Verdict.NOT_COVERED: "Not covered",
}

TEXT: Mapping[Topic, str] = {
    Topic.NOT_ENROLLED: "You are not covered by this plan on {on}.",
    Topic.CATEGORY_COVERED: "Your plan covers {category}.",
    Topic.CATEGORY_EXCLUDED: "Your plan does not cover {category}.",
    Topic.NO_REFERRAL_NEEDED: "No referral or authorization is needed in this plan.",
    Topic.REFERRAL_NEEDED: "A referral from your doctor is required.",
    Topic.PRESCRIPTION_NEEDED: "A physician's prescription is required, no older than {max_age_months} months on the day of the visit.",
    Topic.TREATMENT_PLAN_NEEDED: "The first {free_visits} visit(s) a year need no authorization; later visits need an approved treatment plan.",
    Topic.AUTHORIZATION_FROM_VISIT: "The first {free_visits} visits a year need no authorization; later visits need one.",
    Topic.DOCUMENT_ON_FILE: "Your {kind} {id} is on file: valid through {valid_to}, {visits_left} visit(s) left.",
    Topic.QUALIFYING_DIAGNOSIS_NEEDED: "Covered when medically necessary for a qualifying condition: {conditions}. Stress reduction alone is not covered.",
    Topic.DIAGNOSIS_QUALIFIES: "Your diagnosis ({diagnoses}) is a qualifying condition.",
    Topic.STRESS_ONLY: "Stress reduction alone ({diagnoses}) is not covered; qualifying conditions are: {conditions}.",
    Topic.DIAGNOSIS_NOT_COVERED: "The plan does not cover this service for {diagnoses}; qualifying conditions are: {conditions}.",
    Topic.DIAGNOSIS_INVALID: "Diagnosis code {code} is not valid on that date ({why}).",
    Topic.EXCLUDED_MODALITIES: "Not covered: {modality}.",
    Topic.SESSION_LIMIT: "Sessions are covered up to {minutes} minutes.",
    Topic.COPAY: "You pay a {amount} copay per visit.",
    Topic.COINSURANCE: "You pay {rate} coinsurance of the allowed amount.",
    Topic.DEDUCTIBLE_FIRST: "You pay the full allowed amount until the {deductible} deductible is met ({remaining} left).",
    Topic.OUT_OF_POCKET_MET: "Your out-of-pocket maximum is met: covered visits cost you nothing more this plan year.",
    Topic.VISITS: "{used} of {limit} covered visits used this plan year; {left} left.",
    Topic.VISIT_LIMIT_REACHED: "All {limit} covered visits of this plan year are used.",
    Topic.OUT_OF_NETWORK_BENEFIT: "Out-of-network therapists are covered at {percent} of the reference fee; they may bill you the rest.",
    Topic.NO_OUT_OF_NETWORK_BENEFIT: "Only therapists in the plan's network are covered.",
    Topic.DELIVERY_EMPLOYED: "In {region}, therapists work at the plan's medical centers: {centers}.",
    Topic.DELIVERY_NETWORK: "In {region}, the plan contracts network practices.",
    Topic.DELIVERY_REIMBURSEMENT: "In {region}, you may see a licensed therapist and ask for reimbursement.",
    Topic.WARN_ASSUMING_COVERAGE: "Do not assume {category} is covered: you would pay the full charge.",
    Topic.WARN_DOCUMENT_EXPIRING: "Your {kind} {id} expires on {valid_to}; visits after that are not covered without a new one.",
    Topic.WARN_DOCUMENT_EXPIRED: "Your {kind} {id} expired on {valid_to}.",
    Topic.WARN_DOCUMENT_LAST_VISIT: "Your next visit is the last one your {kind} {id} covers.",
    Topic.WARN_DOCUMENT_USED_UP: "All visits of your {kind} {id} are used.",
    Topic.WARN_LAST_COVERED_VISIT: "Your next visit is the last covered visit of this plan year.",
    Topic.WARN_LICENSED_ONLY: "Only licensed therapists are covered: the plan does not pay for an unlicensed therapist.",
    Topic.WARN_NOT_FULL_COVERAGE: "Covered does not mean free: expect to pay {member} a visit.",
    Topic.WARN_DEDUCTIBLE_FIRST: "Until your deductible is met you pay the whole allowed amount.",
    Topic.WARN_BALANCE_BILLING: "An out-of-network therapist may bill you the difference between the charge and the allowed amount.",
    Topic.WARN_LETTER_EXPIRED: "Your letter of medical necessity {id} expired on {valid_through}: HSA/FSA money needs a new one.",
    Topic.WARN_LETTER_EXPIRING: "Your letter of medical necessity {id} expires on {valid_through}.",
    Topic.STEP_GET_REFERRAL: "Ask your primary care physician for a referral before your first visit.",
    Topic.STEP_GET_PRESCRIPTION: "Ask your physician for a written prescription with your diagnosis.",
    Topic.STEP_TREATMENT_PLAN: "Your provider must have a treatment plan approved before further visits.",
    Topic.STEP_CHOOSE_IN_NETWORK: "Choose a licensed, in-network therapist for the lowest cost.",
    Topic.STEP_REIMBURSEMENT_PAPERS: "For reimbursement keep the itemized bill (with TIN, NPI, codes and diagnosis), proof of payment and your prescription.",
    Topic.STEP_GET_LETTER: "To pay from an HSA or FSA, ask your physician for a letter of medical necessity.",
    Topic.ALT_CATEGORY: "Covered alternative: {category}.",
    Topic.ALT_DISCOUNT: "Discount program: {rate} off at participating providers for care the plan does not cover.",
    Topic.ALT_HSA_FSA: "You may pay with HSA or FSA money with a letter of medical necessity from your physician.",
}

MONEY_PARAMS = frozenset({"amount", "deductible", "remaining", "member"})
RATE_PARAMS = frozenset({"rate", "percent"})


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _shown(key: str, value: str) -> str:
    if key in MONEY_PARAMS and value.lstrip("-").isdigit():
        return f"${format_money(int(value))}"
    if key in RATE_PARAMS:
        return format_rate(Fraction(value))
    return value.replace("_", " ") if key in ("category", "kind", "modality") else value


def render(item: Statement) -> str:
    """A statement in plain language."""
    params = _Params({k: _shown(k, v) for k, v in item.params})
    text = TEXT[item.topic].format_map(params)
    if item.topic is Topic.ALT_HSA_FSA and item.param.get("letter"):
        text += (
            f" Your letter {params['letter']} is valid through {params['letter_valid_through']}."
        )
    if item.topic is Topic.ALT_HSA_FSA and item.param.get("hsa_plan") == "True":
        text += " Your plan is HSA-qualified."
    return text


def statement_document(item: Statement) -> dict[str, object]:
    """A statement as JSON: its topic, plain text, parameters and the plan clause."""
    return {
        "topic": item.topic.value,
        "text": render(item),
        "citation": item.citation,
        "params": dict(item.params),
    }
