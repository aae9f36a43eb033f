"""Why a line was denied, reduced or held: a closed set of codes with parameters and a plan clause.

A reason is data. CARC codes and plain-language text are rendered at the edges (camnav.explain),
the way pydantic renders its error codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ReasonCode(StrEnum):
    # (1) eligibility
    NOT_YET_COVERED = "not_yet_covered"
    COVERAGE_ENDED = "coverage_ended"
    # (2) duplicate and timely filing
    DUPLICATE = "duplicate"
    FILING_LIMIT_EXPIRED = "filing_limit_expired"
    # (3) documentation
    ATTACHMENT_MISSING = "attachment_missing"
    INFORMATION_MISSING = "information_missing"
    # (4) codes
    UNKNOWN_PROCEDURE = "unknown_procedure"
    DIAGNOSIS_INVALID = "diagnosis_invalid"
    DIAGNOSIS_MISSING = "diagnosis_missing"
    UNITS_EXCEED_MINUTES = "units_exceed_minutes"
    UNDER_MINIMUM_MINUTES = "under_minimum_minutes"
    SECOND_INITIAL_CODE = "second_initial_code"
    ADD_ON_WITHOUT_PRIMARY = "add_on_without_primary"
    BUNDLED = "bundled"
    SESSION_TOO_LONG = "session_too_long"
    # (5) benefit
    SERVICE_EXCLUDED = "service_excluded"
    MODALITY_EXCLUDED = "modality_excluded"
    # (6) provider
    PROVIDER_NOT_LICENSED = "provider_not_licensed"
    CREDENTIAL_REVIEW = "credential_review"
    PROVIDER_NOT_QUALIFIED = "provider_not_qualified"
    # (7) network
    OUT_OF_NETWORK_NOT_COVERED = "out_of_network_not_covered"
    # (8) medical necessity
    STRESS_ONLY = "stress_only"
    DIAGNOSIS_NOT_COVERED = "diagnosis_not_covered"
    # (9) access: referral, prescription, authorization
    REFERRAL_MISSING = "referral_missing"
    REFERRAL_NOT_YET_VALID = "referral_not_yet_valid"
    REFERRAL_EXPIRED = "referral_expired"
    REFERRAL_VISITS_USED = "referral_visits_used"
    PRESCRIPTION_MISSING = "prescription_missing"
    PRESCRIPTION_TOO_OLD = "prescription_too_old"
    AUTHORIZATION_MISSING = "authorization_missing"
    AUTHORIZATION_EXPIRED = "authorization_expired"
    AUTHORIZATION_VISITS_USED = "authorization_visits_used"
    # (10) limits
    VISIT_LIMIT_REACHED = "visit_limit_reached"
    # referral decisions that a person must make
    CONVENTIONAL_TREATMENT_UNDOCUMENTED = "conventional_treatment_undocumented"
    VISITS_ABOVE_REFERRAL_MAXIMUM = "visits_above_referral_maximum"
    NEEDS_CLINICAL_REVIEW = "needs_clinical_review"
    CONDITION_DURATION_UNDOCUMENTED = "condition_duration_undocumented"
    PROGRESS_NOTES_MISSING = "progress_notes_missing"
    # referral decisions the plan's rules deny
    CONDITION_TOO_RECENT = "condition_too_recent"
    NO_FUNCTIONAL_IMPROVEMENT = "no_functional_improvement"
    # cost share and pricing: not denials, they explain the member's part
    DEDUCTIBLE = "deductible"
    COINSURANCE = "coinsurance"
    COPAY = "copay"
    CONTRACTUAL_ADJUSTMENT = "contractual_adjustment"
    OUT_OF_NETWORK_ALLOWANCE = "out_of_network_allowance"


# Reasons that explain a paid line rather than deny it.
COST_SHARE_REASONS = frozenset(
    {
        ReasonCode.DEDUCTIBLE,
        ReasonCode.COINSURANCE,
        ReasonCode.COPAY,
        ReasonCode.CONTRACTUAL_ADJUSTMENT,
        ReasonCode.OUT_OF_NETWORK_ALLOWANCE,
    }
)

# Denials a contracted provider must write off unless the member signed a waiver (convention C5).
HELD_HARMLESS_REASONS = frozenset(
    {
        ReasonCode.STRESS_ONLY,
        ReasonCode.DIAGNOSIS_NOT_COVERED,
        ReasonCode.REFERRAL_MISSING,
        ReasonCode.REFERRAL_NOT_YET_VALID,
        ReasonCode.REFERRAL_EXPIRED,
        ReasonCode.REFERRAL_VISITS_USED,
        ReasonCode.PRESCRIPTION_MISSING,
        ReasonCode.PRESCRIPTION_TOO_OLD,
        ReasonCode.AUTHORIZATION_MISSING,
        ReasonCode.AUTHORIZATION_EXPIRED,
        ReasonCode.AUTHORIZATION_VISITS_USED,
    }
)

# Errors in how the provider coded or billed: the member never owes these.
PROVIDER_ERROR_REASONS = frozenset(
    {
        ReasonCode.UNKNOWN_PROCEDURE,
        ReasonCode.UNITS_EXCEED_MINUTES,
        ReasonCode.UNDER_MINIMUM_MINUTES,
        ReasonCode.SECOND_INITIAL_CODE,
        ReasonCode.ADD_ON_WITHOUT_PRIMARY,
        ReasonCode.BUNDLED,
        ReasonCode.SESSION_TOO_LONG,
        ReasonCode.DIAGNOSIS_INVALID,
        ReasonCode.DIAGNOSIS_MISSING,
        ReasonCode.DUPLICATE,
        ReasonCode.FILING_LIMIT_EXPIRED,
        ReasonCode.PROVIDER_NOT_LICENSED,
        ReasonCode.PROVIDER_NOT_QUALIFIED,
    }
)

# A person must look before the claim is decided.
PENDING_REASONS = frozenset({ReasonCode.CREDENTIAL_REVIEW})

# The claim goes back to the member with a checklist; it can be sent again.
RETURN_REASONS = frozenset({ReasonCode.ATTACHMENT_MISSING, ReasonCode.INFORMATION_MISSING})


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: its code, its parameters and the plan clause (citation) it rests on."""

    code: ReasonCode
    params: tuple[tuple[str, str], ...] = ()
    citation: str = ""
    amount: int | None = None

    @property
    def param(self) -> dict[str, str]:
        return dict(self.params)


def reason(
    reason_code: ReasonCode, /, citation: str = "", amount: int | None = None, **params: object
) -> Reason:
    """Build a reason; parameters are kept as sorted text pairs so reasons compare and hash.

    The first parameter is not called `code`, though positional-only: many reasons have a `code`
    parameter, and compiled with mypyc a keyword of a positional-only parameter's name is lost."""
    pairs = tuple(sorted((k, str(v)) for k, v in params.items()))
    return Reason(reason_code, pairs, citation, amount)


@dataclass(frozen=True, slots=True)
class Reasons:
    """A primary reason and the secondary ones found by the later checks (convention C1)."""

    items: tuple[Reason, ...] = field(default=())

    @property
    def primary(self) -> Reason | None:
        return self.items[0] if self.items else None
