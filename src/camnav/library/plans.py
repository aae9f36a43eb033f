"""Plan documents: YAML files checked against plans/schema/plan.schema.json, read into `Plan`.

Every problem of a document is reported at once: the JSON-Schema errors, each with the JSON path
of its field, and the rules a schema cannot state (value sets that exist, visit limits on covered
categories, effective dates inside the plan year, IRS limits of an HSA plan...). A document is
read into the domain dataclasses only when it has no problem at all.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from camnav.domain.deadlines import DEFAULT_TIME_ZONE
from camnav.domain.diagnoses import ValueSet
from camnav.domain.money import Cents, MoneyFormatError, format_money, parse_money, parse_rate
from camnav.domain.plans import (
    Access,
    AccessRule,
    Amounts,
    Benefit,
    CostShare,
    DiscountProgram,
    Exclusion,
    MedicalNecessity,
    OutOfNetworkBenefit,
    Plan,
    ProductType,
    VisitLimit,
)
from camnav.library.problems import (
    FilePath,
    InvalidDataFiles,
    Problem,
    json_data,
    read_yaml,
    schema_problems,
)

# The published schema lives with the plan documents it describes, at the repository's root.
SCHEMA_FILE = Path(__file__).resolve().parents[3] / "plans" / "schema" / "plan.schema.json"

# A plan document after the schema accepted it: JSON objects with text keys.
Node = Mapping[str, Any]
ValueSets = Mapping[str, ValueSet]
# A rule over a whole document: yields (path, reason) for each breach it finds.
Check = Callable[[Node, ValueSets], Iterator[tuple[str, str]]]


@functools.cache
def plan_validator() -> Draft202012Validator:
    """The JSON-Schema validator of plan documents, with ISO dates checked."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def read_plan(path: FilePath, value_sets: ValueSets) -> Plan:
    """The plan in a YAML file; InvalidDataFiles lists every problem, YAML syntax included."""
    file = os.fspath(path)
    document = read_yaml(path)
    if not isinstance(document, Mapping):
        raise InvalidDataFiles(schema_problems(plan_validator(), document, file))
    return parse_plan(document, file, value_sets)


def parse_plan(document: Mapping[str, Any], source: str, value_sets: ValueSets) -> Plan:
    """A plan document read into a `Plan`; InvalidDataFiles lists every problem found.

    `source` names the document in problems (its file); `value_sets` are the diagnosis value sets
    that medical-necessity rules may name.
    """
    data = json_data(document)
    problems = schema_problems(plan_validator(), data, source)
    if isinstance(data, Mapping):
        problems += [Problem(source, path, why) for path, why in _rule_breaches(data, value_sets)]
    if problems:
        raise InvalidDataFiles(problems)
    assert isinstance(data, Mapping)  # a document with no problem is an object
    return _plan(data, value_sets)


# --- rules the schema cannot state --------------------------------------------------------
# They read a document the schema may have refused, so each skips values of the wrong type:
# the schema already reports those.


def _rule_breaches(data: Node, value_sets: ValueSets) -> Iterator[tuple[str, str]]:
    for check in _CHECKS:
        yield from check(data, value_sets)


def _obj(value: object) -> Node:
    return value if isinstance(value, Mapping) else {}


def _benefits(data: Node) -> Iterator[tuple[str, Node]]:
    for category, benefit in _obj(data.get("benefits")).items():
        yield category, _obj(benefit)


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _covered(data: Node) -> set[str]:
    return {category for category, benefit in _benefits(data) if benefit.get("covered") is True}


def _cents(value: object) -> Cents | None:
    try:
        return parse_money(value) if isinstance(value, str) else None
    except MoneyFormatError:
        return None


def _rate(value: object) -> Fraction | None:
    try:
        return parse_rate(value) if isinstance(value, str) else None
    except MoneyFormatError:
        return None


def _check_version(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """A version begins with its plan year: '2025.1' belongs to plan year 2025."""
    version, year = data.get("version"), data.get("plan_year")
    if isinstance(version, str) and isinstance(year, int) and not version.startswith(f"{year}."):
        yield "version", f"{version!r} does not begin with the plan year {year}"


def plan_year_period(year: int, start_month: int = 1) -> tuple[date, date]:
    """The first and last day of a plan year starting in `start_month` of `year` (C8)."""
    start = date(year, start_month, 1)
    return start, date(year + 1, start_month, 1) - timedelta(days=1)


def _check_effective(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """The effective period runs forward and lies inside the plan year."""
    year, month = data.get("plan_year"), data.get("year_start_month", 1)
    effective = _obj(data.get("effective"))
    days = {key: _iso_date(effective.get(key)) for key in ("from", "to")}
    if not (isinstance(year, int) and isinstance(month, int) and 1 <= month <= 12):
        return
    first, last = plan_year_period(year, month)
    for key, day in days.items():
        if day is not None and not first <= day <= last:
            yield f"effective.{key}", f"{day} is outside plan year {year} ({first} to {last})"
    if days["from"] and days["to"] and days["to"] < days["from"]:
        yield "effective.to", f"{days['to']} is before effective.from {days['from']}"


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _check_value_sets(data: Node, value_sets: ValueSets) -> Iterator[tuple[str, str]]:
    """Medical-necessity rules name value sets that exist (src/camnav/data/value-sets.yaml)."""
    known = ", ".join(sorted(value_sets))
    for category, benefit in _benefits(data):
        path = f"benefits.{category}.medical_necessity"
        necessity = _obj(benefit.get("medical_necessity"))
        named = [(f"qualifying[{i}]", n) for i, n in enumerate(_items(necessity.get("qualifying")))]
        named.append(("stress", necessity.get("stress")))
        for where, name in named:
            if isinstance(name, str) and name not in value_sets:
                yield f"{path}.{where}", f"unknown value set {name!r}; known: {known}"


def _check_visit_limits(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """A visit limit has its own id and counts visits of categories the plan covers."""
    benefits, covered, seen = dict(_benefits(data)), _covered(data), dict[str, int]()
    for index, limit in enumerate(map(_obj, _items(data.get("visit_limits")))):
        limit_id = limit.get("id")
        if isinstance(limit_id, str) and limit_id in seen:
            yield (
                f"visit_limits[{index}].id",
                f"{limit_id!r} is used by visit_limits[{seen[limit_id]}]",
            )
        elif isinstance(limit_id, str):
            seen[limit_id] = index
        for position, category in enumerate(_items(limit.get("categories"))):
            path = f"visit_limits[{index}].categories[{position}]"
            if category not in benefits:
                yield path, f"unknown category {category!r}: the plan has no benefit for it"
            elif category not in covered:
                yield path, f"{category} is not covered by this plan"


def _check_benefit_fields(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """A category the plan excludes has no cost share, access or necessity rule."""
    for category, benefit in _benefits(data):
        if benefit.get("covered") is False:
            for field in sorted(set(benefit) & _COVERED_ONLY):
                yield f"benefits.{category}.{field}", "does not apply: the category is not covered"


_COVERED_ONLY = {
    "cost_share",
    "out_of_network",
    "access",
    "medical_necessity",
    "excluded_modalities",
    "session_max_minutes",
    "provider_categories",
}


def _check_cost_shares(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """A cost share has a copay or a coinsurance of at most 100%, and out-of-network care has
    one exactly when the plan covers it."""
    for category, benefit in _benefits(data):
        path = f"benefits.{category}.cost_share"
        tiers = _obj(benefit.get("cost_share"))
        for tier, terms in tiers.items():
            yield from _terms_breaches(f"{path}.{tier}", _obj(terms))
        covered_oon = _obj(benefit.get("out_of_network")).get("covered") is True
        if covered_oon and "out_of_network" not in tiers:
            yield path, "out-of-network care is covered, so an out_of_network cost share is needed"
        if "out_of_network" in tiers and not covered_oon:
            yield f"{path}.out_of_network", "never applies: out_of_network.covered is not true"


def _terms_breaches(path: str, terms: Node) -> Iterator[tuple[str, str]]:
    if terms and "copay" not in terms and "coinsurance" not in terms:
        yield path, 'needs a copay or a coinsurance (copay "0.00" when the member pays nothing)'
    coinsurance = _rate(terms.get("coinsurance"))
    if coinsurance is not None and coinsurance > 1:
        yield f"{path}.coinsurance", "must be at most 100%"


def _check_tiers(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """Separate out-of-network amounts exist exactly when the plan separates the tiers."""
    separate = data.get("separate_tiers") is True
    for key in ("deductible", "out_of_pocket_max"):
        has_own = "out_of_network" in _obj(data.get(key))
        if separate and not has_own:
            yield key, "separate_tiers is true, so an out_of_network amount is needed"
        if has_own and not separate:
            yield f"{key}.out_of_network", "applies only with separate_tiers: true"


def _check_hsa(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """An HSA-qualified plan is an hdhp_hsa product that applies the deductible first (IRS
    Notice 2004-23) within the IRS minimum deductible and maximum out-of-pocket of its year."""
    hsa = _obj(data.get("hsa"))
    eligible, is_hdhp = hsa.get("eligible") is True, data.get("product") == "hdhp_hsa"
    if is_hdhp and not eligible:
        yield "hsa", "an hdhp_hsa plan needs hsa.eligible: true with the IRS limits of its year"
    if eligible and not is_hdhp and "product" in data:
        yield "hsa.eligible", "only an hdhp_hsa product is HSA-eligible"
    if eligible and _obj(data.get("deductible_first")).get("applies") is not True:
        yield "deductible_first", "an HSA-qualified plan applies the deductible first"
    yield from _irs_limit_breaches(data, hsa)


def _irs_limit_breaches(data: Node, hsa: Node) -> Iterator[tuple[str, str]]:
    deductible = _cents(_obj(data.get("deductible")).get("in_network"))
    minimum = _cents(hsa.get("minimum_deductible"))
    if deductible is not None and minimum is not None and deductible < minimum:
        below = f"{format_money(deductible)} is below the IRS minimum deductible"
        yield "deductible.in_network", f"{below} {format_money(minimum)}"
    out_of_pocket = _cents(_obj(data.get("out_of_pocket_max")).get("in_network"))
    maximum = _cents(hsa.get("maximum_out_of_pocket"))
    if out_of_pocket is not None and maximum is not None and out_of_pocket > maximum:
        above = f"{format_money(out_of_pocket)} is above the IRS maximum out-of-pocket"
        yield "out_of_pocket_max.in_network", f"{above} {format_money(maximum)}"


# Fields of an access rule that belong to some kinds of rule only.
_ACCESS_FIELDS = {
    "max_age_months": ("prescription",),
    "initial_visits": ("treatment_plan",),
    "from_visit": ("authorization_from_visit",),
    "max_visits_per_referral": ("referral", "treatment_plan", "authorization_from_visit"),
    "referral_sources": ("referral",),
}


_RULES = {rule.value for rule in AccessRule}


def _check_access(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """Each access field belongs to its rule: max_age_months to a prescription, and so on."""
    for category, benefit in _benefits(data):
        access = _obj(benefit.get("access"))
        rule = access.get("rule")
        for field, owners in _ACCESS_FIELDS.items():
            if field in access and rule in _RULES and rule not in owners:
                path = f"benefits.{category}.access.{field}"
                yield path, f"applies only to rule {' or '.join(owners)}, not {rule}"


def _check_alternatives(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """Alternatives suggested for a category are other categories the plan covers."""
    covered = _covered(data)
    for category, benefit in _benefits(data):
        for index, other in enumerate(_items(benefit.get("alternatives"))):
            if isinstance(other, str) and (other == category or other not in covered):
                path = f"benefits.{category}.alternatives[{index}]"
                yield path, f"{other} is not another category this plan covers"


def _check_discount(data: Node, _: ValueSets) -> Iterator[tuple[str, str]]:
    """A discount program takes less than the whole charge off."""
    rate = _rate(_obj(data.get("discount_program")).get("rate"))
    if rate is not None and rate >= 1:
        yield "discount_program.rate", "must be less than 100%"


_CHECKS: tuple[Check, ...] = (
    _check_version,
    _check_effective,
    _check_value_sets,
    _check_visit_limits,
    _check_benefit_fields,
    _check_cost_shares,
    _check_tiers,
    _check_hsa,
    _check_access,
    _check_alternatives,
    _check_discount,
)


# --- reading a valid document into the domain ---------------------------------------------


def _plan(data: Node, value_sets: ValueSets) -> Plan:
    effective, filing = data["effective"], data.get("filing_limit", {})
    deductible_first, hsa = data.get("deductible_first", {}), data.get("hsa", {})
    return Plan(
        id=data["id"],
        version=data["version"],
        name=data["name"],
        product=ProductType(data["product"]),
        plan_year=data["plan_year"],
        effective_from=date.fromisoformat(effective["from"]),
        effective_to=date.fromisoformat(effective["to"]),
        regions=tuple(data["regions"]),
        network=data["network"],
        fee_schedule=data["fee_schedule"],
        deductible=_amounts(data["deductible"]),
        out_of_pocket_max=_amounts(data["out_of_pocket_max"]),
        benefits={c: _benefit(c, b, value_sets) for c, b in data["benefits"].items()},
        visit_limits=tuple(map(_visit_limit, data.get("visit_limits", []))),
        separate_tiers=data.get("separate_tiers", False),
        deductible_first=deductible_first.get("applies", False),
        deductible_first_citation=deductible_first.get("citation", ""),
        discount=_discount(data.get("discount_program")),
        filing_limit_days=filing.get("days", 365),
        filing_limit_citation=filing.get("citation", ""),
        year_start_month=data.get("year_start_month", 1),
        hsa_eligible=hsa.get("eligible", False),
        document=data["document"]["title"],
        time_zone=data.get("time_zone", DEFAULT_TIME_ZONE),
        appeal_days=data.get("appeals", {}).get("days", 180),
        appeal_citation=data.get("appeals", {}).get("citation", ""),
    )


def _money(value: str | None) -> Cents | None:
    return None if value is None else parse_money(value)


def _amounts(node: Node) -> Amounts:
    return Amounts(_money(node["in_network"]), _money(node.get("out_of_network")), node["citation"])


def _visit_limit(node: Node) -> VisitLimit:
    return VisitLimit(node["id"], tuple(node["categories"]), node["visits"], node["citation"])


def _discount(node: Node | None) -> DiscountProgram | None:
    if node is None:
        return None
    return DiscountProgram(parse_rate(node["rate"]), node["citation"], node.get("description", ""))


def _benefit(category: str, node: Node, value_sets: ValueSets) -> Benefit:
    cost_share = node.get("cost_share", {})
    return Benefit(
        category=category,
        covered=node["covered"],
        citation=node["citation"],
        in_network=_cost_share(cost_share.get("in_network")),
        out_of_network=_out_of_network(
            node.get("out_of_network"), cost_share.get("out_of_network")
        ),
        access=_access(node.get("access")),
        necessity=_necessity(node.get("medical_necessity"), value_sets),
        excluded_modalities=tuple(map(_exclusion, node.get("excluded_modalities", []))),
        session_max_minutes=node.get("session_max_minutes"),
        provider_categories=tuple(node.get("provider_categories", [])),
        alternatives=tuple(node.get("alternatives", [])),
        note=node.get("note", ""),
    )


def _cost_share(node: Node | None) -> CostShare:
    if node is None:
        return CostShare()
    coinsurance = node.get("coinsurance")
    return CostShare(
        copay=_money(node.get("copay")),
        coinsurance=None if coinsurance is None else parse_rate(coinsurance),
        deductible_applies=node.get("deductible_applies", False),
        citation=node["citation"],
    )


def _out_of_network(node: Node | None, terms: Node | None) -> OutOfNetworkBenefit:
    if node is None:
        return OutOfNetworkBenefit()
    allowed = node.get("allowed", {})
    return OutOfNetworkBenefit(
        covered=node["covered"],
        percent_of_reference=parse_rate(allowed.get("percent_of_reference", "0%")),
        reference_schedule=allowed.get("reference_schedule", ""),
        cost_share=_cost_share(terms),
        citation=node["citation"],
    )


def _access(node: Node | None) -> Access:
    if node is None:
        return Access()
    rule = AccessRule(node["rule"])
    return Access(
        rule=rule,
        citation=node["citation"],
        max_age_months=node.get("max_age_months"),
        free_visits=_free_visits(rule, node),
        max_visits_per_referral=node.get("max_visits_per_referral"),
        referral_sources=tuple(node.get("referral_sources", [])),
    )


def _free_visits(rule: AccessRule, node: Node) -> int:
    """Visits a year before the rule asks for anything: a treatment plan's initial visits, or
    the visits before `from_visit` (authorization from visit 13 leaves 12 free)."""
    if rule is AccessRule.TREATMENT_PLAN:
        return int(node["initial_visits"])
    if rule is AccessRule.AUTHORIZATION_FROM_VISIT:
        return int(node["from_visit"]) - 1
    return 0


def _necessity(node: Node | None, value_sets: ValueSets) -> MedicalNecessity | None:
    if node is None:
        return None
    return MedicalNecessity(
        qualifying=tuple(value_sets[name] for name in node["qualifying"]),
        stress=value_sets[node["stress"]],
        citation=node["citation"],
        criteria=tuple(node.get("criteria", [])),
        conventional_treatment_required=node.get("conventional_treatment_required", False),
        improvement_required=node.get("improvement_required", False),
        min_condition_weeks=node.get("min_condition_weeks"),
        deny_non_qualifying=node.get("non_qualifying_diagnoses", "review") == "deny",
    )


def _exclusion(node: Node) -> Exclusion:
    return Exclusion(node["modality"], node["citation"], node.get("description", ""))
