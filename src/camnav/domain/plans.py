"""A health plan's benefits for complementary care, each rule carrying the clause it comes from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from camnav.domain.deadlines import DEFAULT_TIME_ZONE
from camnav.domain.diagnoses import NecessityFinding, ValueSet, assess_medical_necessity
from camnav.domain.money import Cents


class ProductType(StrEnum):
    HMO = "hmo"
    PPO = "ppo"
    HDHP_HSA = "hdhp_hsa"
    MEDICARE_ADVANTAGE = "medicare_advantage"


class Tier(StrEnum):
    IN_NETWORK = "in_network"
    OUT_OF_NETWORK = "out_of_network"


class AccessRule(StrEnum):
    """What a member must have on file before a visit is covered."""

    SELF_REFERRAL = "self_referral"
    REFERRAL = "referral"
    PRESCRIPTION = "prescription"
    TREATMENT_PLAN = "treatment_plan"
    AUTHORIZATION_FROM_VISIT = "authorization_from_visit"


class DeliveryMode(StrEnum):
    """How a region delivers a service."""

    EMPLOYED = "employed"
    NETWORK = "network"
    REIMBURSEMENT = "reimbursement"


@dataclass(frozen=True, slots=True)
class CostShare:
    """The member's part of an allowed amount: a copay per visit or a coinsurance rate."""

    copay: Cents | None = None
    coinsurance: Fraction | None = None
    deductible_applies: bool = False
    citation: str = ""


@dataclass(frozen=True, slots=True)
class OutOfNetworkBenefit:
    """Allowed amount for out-of-network care as a percentage of a reference fee schedule."""

    covered: bool = False
    percent_of_reference: Fraction = Fraction(0)
    reference_schedule: str = ""
    cost_share: CostShare = field(default_factory=CostShare)
    citation: str = ""


@dataclass(frozen=True, slots=True)
class Access:
    """The access rule: self-referral, a referral, a recent prescription, or an authorization.

    `free_visits` is how many visits a plan year need no authorization (treatment-plan and
    authorization-from-visit-N rules); `max_age_months` is a prescription's longest age.
    """

    rule: AccessRule = AccessRule.SELF_REFERRAL
    citation: str = ""
    max_age_months: int | None = None
    free_visits: int = 0
    max_visits_per_referral: int | None = None
    referral_sources: tuple[str, ...] = ()

    @property
    def needs_document(self) -> bool:
        return self.rule in (AccessRule.REFERRAL, AccessRule.PRESCRIPTION)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A modality or kind of care the plan excludes even when the category is covered."""

    modality: str
    citation: str
    description: str = ""


_NO_STRESS_CODES = ValueSet("none", "no stress codes", ())
# How many sets of diagnoses a plan's medical-necessity rule remembers its finding for.
_REMEMBERED_FINDINGS = 4096


@dataclass(frozen=True, slots=True)
class MedicalNecessity:
    """Which diagnoses qualify; a stress-only diagnosis never does."""

    qualifying: tuple[ValueSet, ...]
    stress: ValueSet | None
    citation: str
    criteria: tuple[str, ...] = ()
    conventional_treatment_required: bool = False
    # Referral-decision criteria: progress notes showing functional improvement on every
    # authorization, a least duration of the condition, and whether diagnoses outside the
    # qualifying sets are denied by rule (the plan names its only indications) or reviewed.
    improvement_required: bool = False
    min_condition_weeks: int | None = None
    deny_non_qualifying: bool = False
    # Findings already made, by the diagnoses as given: a plan's claims repeat the same few.
    _findings: dict[tuple[str, ...], NecessityFinding] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_findings", {})

    @property
    def stress_set(self) -> ValueSet:
        """The stress value set, or an empty one when the plan names none."""
        return self.stress or _NO_STRESS_CODES

    def assess(self, diagnoses: Sequence[str]) -> NecessityFinding:
        """Whether the diagnoses make the care medically necessary under these value sets."""
        key = tuple(diagnoses)
        found = self._findings.get(key)
        if found is None:
            if len(self._findings) >= _REMEMBERED_FINDINGS:
                self._findings.clear()
            found = assess_medical_necessity(key, self.qualifying, self.stress_set)
            self._findings[key] = found
        return found


@dataclass(frozen=True, slots=True)
class Benefit:
    """One service category (massage, acupuncture, chiropractic, physical therapy...) in a plan."""

    category: str
    covered: bool
    citation: str
    in_network: CostShare = field(default_factory=CostShare)
    out_of_network: OutOfNetworkBenefit = field(default_factory=OutOfNetworkBenefit)
    access: Access = field(default_factory=Access)
    necessity: MedicalNecessity | None = None
    excluded_modalities: tuple[Exclusion, ...] = ()
    session_max_minutes: int | None = None
    provider_categories: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    note: str = ""

    def exclusion(self, modality: str | None) -> Exclusion | None:
        if modality is None:
            return None
        # "Tui na", "tui-na" and "tui_na" name the same modality.
        wanted = "_".join(modality.strip().lower().replace("-", " ").split())
        return next((e for e in self.excluded_modalities if e.modality == wanted), None)


@dataclass(frozen=True, slots=True)
class VisitLimit:
    """A number of covered visits per plan year for one category or a group sharing the limit."""

    id: str
    categories: tuple[str, ...]
    visits: int
    citation: str


@dataclass(frozen=True, slots=True)
class Amounts:
    """An amount per network tier; out-of-network is None when the plan has no separate amount."""

    in_network: Cents | None
    out_of_network: Cents | None = None
    citation: str = ""


@dataclass(frozen=True, slots=True)
class DiscountProgram:
    """A discount at participating providers for care the plan does not cover."""

    rate: Fraction
    citation: str
    description: str = ""


class TierAmounts(NamedTuple):
    """What a tier's cost share counts toward and is bounded by."""

    bucket: Tier  # the accumulators the tier counts toward
    deductible: Cents
    out_of_pocket_max: Cents | None


@dataclass(frozen=True, slots=True)
class Plan:
    """One version of one plan for one plan year."""

    id: str
    version: str
    name: str
    product: ProductType
    plan_year: int
    effective_from: date
    effective_to: date
    regions: tuple[str, ...]
    network: str
    fee_schedule: str
    deductible: Amounts
    out_of_pocket_max: Amounts
    benefits: Mapping[str, Benefit]
    visit_limits: tuple[VisitLimit, ...] = ()
    separate_tiers: bool = False
    deductible_first: bool = False
    deductible_first_citation: str = ""
    discount: DiscountProgram | None = None
    filing_limit_days: int = 365
    filing_limit_citation: str = ""
    year_start_month: int = 1
    hsa_eligible: bool = False
    document: str = ""
    # Decision deadlines are counted in calendar days of this zone (CMS-0057-F).
    time_zone: str = DEFAULT_TIME_ZONE
    appeal_days: int = 180
    appeal_citation: str = ""
    # The visit limits of each category asked about: every claim line asks, twice when it is paid.
    _limits: dict[str, tuple[VisitLimit, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    # Each tier's bucket, deductible and out-of-pocket maximum: every paid line asks for them.
    _tiers: Mapping[Tier, TierAmounts] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_limits", {})
        object.__setattr__(self, "_tiers", {tier: self._amounts(tier) for tier in Tier})

    def _amounts(self, tier: Tier) -> TierAmounts:
        bucket = tier if self.separate_tiers else Tier.IN_NETWORK
        return TierAmounts(
            bucket,
            _per_tier(self.deductible, bucket) or 0,
            _per_tier(self.out_of_pocket_max, bucket),
        )

    def benefit(self, category: str) -> Benefit | None:
        return self.benefits.get(category)

    def limits_for(self, category: str) -> tuple[VisitLimit, ...]:
        limits = self._limits.get(category)
        if limits is None:
            limits = tuple(limit for limit in self.visit_limits if category in limit.categories)
            self._limits[category] = limits
        return limits

    def bucket(self, tier: Tier) -> Tier:
        """The accumulator a tier counts toward: one shared bucket
        unless the plan separates them."""
        return self._tiers[tier].bucket

    def tier_amounts(self, tier: Tier) -> TierAmounts:
        """The tier's bucket, deductible and out-of-pocket maximum in one look-up."""
        return self._tiers[tier]

    def deductible_for(self, tier: Tier) -> Cents:
        return self._tiers[tier].deductible

    def out_of_pocket_max_for(self, tier: Tier) -> Cents | None:
        return self._tiers[tier].out_of_pocket_max

    def period_of(self, day: date) -> tuple[date, date]:
        """The benefit period (plan year) that holds a day: the calendar year unless stated (C8)."""
        start = self.period_start(day)
        start_year = start.year
        end_year = start_year + 1 if self.year_start_month > 1 else start_year
        end = date(end_year, self.year_start_month - 1, 1) if self.year_start_month > 1 else None
        return start, _month_end(end) if end else date(start_year, 12, 31)

    def period_start(self, day: date) -> date:
        """The first day of the benefit period that holds a day: the key of its accumulators."""
        start_year = day.year if day.month >= self.year_start_month else day.year - 1
        return date(start_year, self.year_start_month, 1)


def _per_tier(amounts: Amounts, bucket: Tier) -> Cents | None:
    if bucket is Tier.OUT_OF_NETWORK and amounts.out_of_network is not None:
        return amounts.out_of_network
    return amounts.in_network


def _month_end(first: date) -> date:
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
