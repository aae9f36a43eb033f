"""Plan documents read into `Plan`: the demo plans of domain reference §8, and broken documents
that must give every problem with its file and path."""

from __future__ import annotations

import copy
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from camnav.domain.diagnoses import CodePattern, ValueSet
from camnav.domain.plans import AccessRule, Plan, ProductType
from camnav.library.plans import parse_plan, read_plan
from camnav.library.problems import InvalidDataFiles, Problem

PLANS = Path(__file__).resolve().parents[2] / "plans"
VALUE_SET_NAMES = (
    "musculoskeletal_pain",
    "fibromyalgia",
    "chronic_pain",
    "headache",
    "post_surgical_rehabilitation",
    "injury_aftercare",
    "chronic_low_back_pain",
    "stress",
)
# Stand-ins for data/value-sets.yaml: plan reading only needs the names to exist.
VALUE_SETS = {name: ValueSet(name, name, (CodePattern("M79.7"),)) for name in VALUE_SET_NAMES}


def demo_plan(letter: str, year: int = 2025) -> Plan:
    return read_plan(PLANS / f"example-{letter}-{year}.yaml", VALUE_SETS)


def plan_a_document() -> dict[str, Any]:
    with open(PLANS / "example-a-2025.yaml", encoding="utf-8") as stream:
        document: dict[str, Any] = yaml.safe_load(stream)
    return copy.deepcopy(document)


def problems_of(document: dict[str, Any], source: str = "a.yaml") -> tuple[Problem, ...]:
    with pytest.raises(InvalidDataFiles) as raised:
        parse_plan(document, source, VALUE_SETS)
    return raised.value.problems


# --- the demo plans -------------------------------------------------------------------------


@pytest.mark.parametrize("letter", "abcdefg")
@pytest.mark.parametrize("year", [2025, 2026])
def test_every_demo_plan_reads_with_its_id_version_and_calendar_year(
    letter: str, year: int
) -> None:
    plan = demo_plan(letter, year)

    assert (plan.id, plan.version, plan.plan_year) == (f"example-{letter}", f"{year}.1", year)
    assert (plan.effective_from, plan.effective_to) == (date(year, 1, 1), date(year, 12, 31))
    assert plan.filing_limit_days == 365
    assert str(year) in plan.document


def test_plan_a_covers_massage_without_referral_for_a_25_dollar_copay_12_visits_a_year() -> None:
    plan = demo_plan("a")
    massage = plan.benefits["massage"]

    assert plan.product is ProductType.HMO
    assert massage.covered and massage.access.rule is AccessRule.SELF_REFERRAL
    assert massage.in_network.copay == 2500
    assert massage.in_network.deductible_applies is False
    assert [(v.id, v.categories, v.visits) for v in plan.limits_for("massage")] == [
        ("massage", ("massage",), 12)
    ]
    assert massage.citation == "EOC 2025 §4.12 Therapeutic massage"
    assert not massage.out_of_network.covered
    assert plan.discount is None


def test_plan_a_excludes_tui_na_east_asian_massage_qi_gong_dermal_friction_and_maintenance() -> (
    None
):
    massage = demo_plan("a").benefits["massage"]

    assert [e.modality for e in massage.excluded_modalities] == [
        "tui_na",
        "east_asian_massage",
        "qi_gong",
        "dermal_friction",
        "maintenance",
    ]
    assert massage.exclusion("Tui_Na") is not None


def test_plan_a_massage_qualifies_on_pain_diagnoses_and_never_on_stress_alone() -> None:
    necessity = demo_plan("a").benefits["massage"].necessity

    assert necessity is not None
    assert [v.name for v in necessity.qualifying] == [
        "musculoskeletal_pain",
        "fibromyalgia",
        "chronic_pain",
        "headache",
        "post_surgical_rehabilitation",
        "injury_aftercare",
    ]
    assert necessity.stress is not None and necessity.stress.name == "stress"


def test_plan_a_has_chiropractic_at_25_dollars_20_visits_no_deductible_and_3000_oop() -> None:
    plan = demo_plan("a")

    assert plan.benefits["chiropractic"].in_network.copay == 2500
    assert [v.visits for v in plan.limits_for("chiropractic")] == [20]
    assert plan.deductible.in_network == 0
    assert plan.out_of_pocket_max.in_network == 300000


def test_plan_b_needs_a_pcp_referral_for_massage_at_30_dollars_and_has_a_20_percent_discount() -> (
    None
):
    plan = demo_plan("b")
    massage = plan.benefits["massage"]

    assert massage.access.rule is AccessRule.REFERRAL
    assert massage.access.referral_sources == ("primary_care",)
    assert massage.in_network.copay == 3000 and not massage.in_network.deductible_applies
    assert plan.deductible.in_network == 50000 and plan.out_of_pocket_max.in_network == 400000
    assert plan.discount is not None and plan.discount.rate == Fraction(1, 5)
    assert plan.filing_limit_days == 365
    assert "12 months" in plan.filing_limit_citation


def test_plan_b_limits_massage_acupuncture_and_chiropractic_separately() -> None:
    plan = demo_plan("b")

    assert [(v.id, v.categories, v.visits) for v in plan.visit_limits] == [
        ("massage", ("massage",), 12),
        ("acupuncture", ("acupuncture",), 10),
        ("chiropractic", ("chiropractic",), 10),
    ]
    for category in ("acupuncture", "chiropractic"):
        benefit = plan.benefits[category]
        assert benefit.access.rule is AccessRule.SELF_REFERRAL
        assert benefit.in_network.copay == 3000


def test_plan_c_is_an_hsa_plan_with_a_1650_deductible_first_then_20_percent() -> None:
    plan = demo_plan("c")

    assert plan.product is ProductType.HDHP_HSA
    assert plan.hsa_eligible and plan.deductible_first
    assert plan.deductible.in_network == 165000
    assert plan.out_of_pocket_max.in_network == 500000
    for category in ("massage", "chiropractic", "acupuncture"):
        terms = plan.benefits[category].in_network
        assert (terms.coinsurance, terms.deductible_applies, terms.copay) == (
            Fraction(1, 5),
            True,
            None,
        )
        assert not plan.benefits[category].out_of_network.covered


def test_plan_c_needs_a_prescription_at_most_12_months_old_for_massage_only() -> None:
    plan = demo_plan("c")

    massage = plan.benefits["massage"].access
    assert (massage.rule, massage.max_age_months) == (AccessRule.PRESCRIPTION, 12)
    assert plan.benefits["chiropractic"].access.rule is AccessRule.SELF_REFERRAL
    assert plan.benefits["acupuncture"].access.rule is AccessRule.SELF_REFERRAL


def test_plan_c_shares_one_limit_of_20_visits_across_massage_chiropractic_and_acupuncture() -> None:
    plan = demo_plan("c")

    assert [(v.id, v.categories, v.visits) for v in plan.visit_limits] == [
        ("cam", ("massage", "chiropractic", "acupuncture"), 20)
    ]


def test_plan_d_separates_the_tiers_and_allows_140_percent_of_medicare_out_of_network() -> None:
    plan = demo_plan("d")

    assert plan.separate_tiers
    assert (plan.deductible.in_network, plan.deductible.out_of_network) == (100000, 200000)
    assert (plan.out_of_pocket_max.in_network, plan.out_of_pocket_max.out_of_network) == (
        400000,
        800000,
    )
    for category in ("massage", "chiropractic", "acupuncture"):
        benefit = plan.benefits[category]
        assert benefit.in_network.coinsurance == Fraction(1, 5)
        assert benefit.out_of_network.covered
        assert benefit.out_of_network.percent_of_reference == Fraction(7, 5)
        assert benefit.out_of_network.reference_schedule == "medicare-national-2025"
        assert benefit.out_of_network.cost_share.coinsurance == Fraction(2, 5)
        assert benefit.out_of_network.cost_share.deductible_applies
        assert (benefit.access.rule, benefit.access.max_age_months) == (AccessRule.PRESCRIPTION, 12)
    assert [(v.id, v.visits) for v in plan.visit_limits] == [("cam", 20)]


def test_plan_e_excludes_massage_and_covers_a_15_dollar_rider_after_one_free_visit() -> None:
    plan = demo_plan("e")

    massage = plan.benefits["massage"]
    assert not massage.covered
    assert massage.alternatives == ("chiropractic", "acupuncture")
    for category in ("chiropractic", "acupuncture"):
        benefit = plan.benefits[category]
        assert benefit.in_network.copay == 1500
        assert (benefit.access.rule, benefit.access.free_visits) == (AccessRule.TREATMENT_PLAN, 1)
    assert [(v.id, v.categories, v.visits) for v in plan.visit_limits] == [
        ("cam", ("chiropractic", "acupuncture"), 20)
    ]


def test_plan_f_covers_massage_techniques_only_as_physical_therapy_by_a_pt() -> None:
    plan = demo_plan("f")

    assert not plan.benefits["massage"].covered
    assert plan.benefits["massage"].alternatives == ("physical_therapy",)
    therapy = plan.benefits["physical_therapy"]
    assert therapy.in_network.copay == 2000
    assert therapy.access.rule is AccessRule.REFERRAL
    assert therapy.provider_categories == ("physical_therapy",)
    assert sorted(plan.benefits) == ["massage", "physical_therapy"]


def test_plan_g_covers_acupuncture_for_chronic_low_back_pain_only() -> None:
    plan = demo_plan("g")
    acupuncture = plan.benefits["acupuncture"]

    assert plan.product is ProductType.MEDICARE_ADVANTAGE
    assert (plan.network, plan.fee_schedule) == (
        "example-health-medicare-network",
        "example-medicare-advantage-2025",
    )
    assert acupuncture.necessity is not None
    assert [v.name for v in acupuncture.necessity.qualifying] == ["chronic_low_back_pain"]
    assert acupuncture.necessity.criteria == (
        "pain lasting 12 weeks or longer",
        "nonspecific, no identifiable systemic cause",
        "not associated with surgery",
        "not associated with pregnancy",
    )
    assert acupuncture.in_network.copay == 2000
    assert not plan.benefits["massage"].covered and not plan.benefits["chiropractic"].covered


def test_plan_g_needs_authorization_from_the_13th_visit_and_allows_20_a_year() -> None:
    plan = demo_plan("g")
    access = plan.benefits["acupuncture"].access

    assert (access.rule, access.free_visits) == (AccessRule.AUTHORIZATION_FROM_VISIT, 12)
    assert "12 visits in 90 days" in access.citation and "8 more" in access.citation
    assert [(v.id, v.visits) for v in plan.visit_limits] == [("acupuncture", 20)]


def test_plan_c_2026_raises_the_deductible_to_the_irs_minimum_of_1700() -> None:
    plan = demo_plan("c", 2026)

    assert plan.deductible.in_network == 170000
    assert plan.fee_schedule == "example-contracted-2026"


def test_plan_d_2026_prices_out_of_network_care_on_the_2026_medicare_rates() -> None:
    benefit = demo_plan("d", 2026).benefits["massage"]

    assert benefit.out_of_network.reference_schedule == "medicare-national-2026"


@pytest.mark.parametrize("letter", "abcdefg")
def test_every_2026_plan_differs_from_its_2025_version_in_a_benefit_or_amount(letter: str) -> None:
    old, new = demo_plan(letter, 2025), demo_plan(letter, 2026)

    figures = ("deductible", "visit_limits", "benefits")
    changed = [
        name for name in figures if _without_citations(old, name) != _without_citations(new, name)
    ]
    assert changed


def _without_citations(plan: Plan, name: str) -> str:
    # Citations name the year; compare the figures only.
    return repr(getattr(plan, name)).replace("2025", "YEAR").replace("2026", "YEAR")


# --- broken documents -----------------------------------------------------------------------


def test_a_wrong_type_is_reported_with_its_json_path() -> None:
    document = plan_a_document()
    document["visit_limits"][0]["visits"] = "twelve"

    assert problems_of(document) == (
        Problem("a.yaml", "visit_limits[0].visits", "expected a whole number, got 'twelve'"),
    )


def test_a_missing_field_is_reported_as_missing() -> None:
    document = plan_a_document()
    del document["name"]

    assert problems_of(document) == (Problem("a.yaml", "name", "missing (required)"),)


def test_money_with_three_decimals_is_refused_at_the_copay() -> None:
    document = plan_a_document()
    document["benefits"]["massage"]["cost_share"]["in_network"]["copay"] = "25.001"

    (problem,) = problems_of(document)
    assert problem.path == "benefits.massage.cost_share.in_network.copay"
    assert "'25.001'" in problem.reason and '"25.00"' in problem.reason


def test_money_written_as_a_yaml_number_asks_for_a_quoted_decimal_string() -> None:
    document = plan_a_document()
    document["benefits"]["massage"]["cost_share"]["in_network"]["copay"] = 25.0

    (problem,) = problems_of(document)
    assert problem.reason == (
        'expected money as a quoted decimal string with two decimals, like "25.00", '
        "got 25.0 (a number)"
    )


def test_an_unknown_value_set_is_reported_with_the_known_names() -> None:
    document = plan_a_document()
    document["benefits"]["massage"]["medical_necessity"]["qualifying"][1] = "fibromialgia"

    (problem,) = problems_of(document)
    assert problem.path == "benefits.massage.medical_necessity.qualifying[1]"
    assert problem.reason.startswith(
        "unknown value set 'fibromialgia'; known: chronic_low_back_pain"
    )


def test_a_limit_naming_a_category_without_a_benefit_is_a_problem() -> None:
    document = plan_a_document()
    document["visit_limits"][1]["categories"] = ["acupuncture"]

    assert problems_of(document) == (
        Problem(
            "a.yaml",
            "visit_limits[1].categories[0]",
            "unknown category 'acupuncture': the plan has no benefit for it",
        ),
    )


def test_effective_dates_outside_the_plan_year_are_a_problem() -> None:
    document = plan_a_document()
    document["effective"]["to"] = date(2026, 3, 31)

    assert problems_of(document) == (
        Problem(
            "a.yaml",
            "effective.to",
            "2026-03-31 is outside plan year 2025 (2025-01-01 to 2025-12-31)",
        ),
    )


def test_a_misspelt_field_suggests_the_right_one() -> None:
    document = plan_a_document()
    document["benefits"]["massage"]["acess"] = document["benefits"]["massage"].pop("access")

    assert Problem(
        "a.yaml", "benefits.massage.acess", "unknown field; did you mean 'access'?"
    ) in problems_of(document)


def test_an_hsa_plan_below_the_irs_minimum_deductible_is_a_problem() -> None:
    with open(PLANS / "example-c-2025.yaml", encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    document["deductible"]["in_network"] = "1600.00"

    assert problems_of(document, "c.yaml") == (
        Problem(
            "c.yaml",
            "deductible.in_network",
            "1600.00 is below the IRS minimum deductible 1650.00",
        ),
    )


def test_every_problem_of_a_document_is_reported_at_once() -> None:
    document = plan_a_document()
    del document["name"]
    document["product"] = "hmo-plus"
    document["benefits"]["massage"]["cost_share"]["in_network"]["copay"] = "25.001"
    document["benefits"]["massage"]["medical_necessity"]["stress"] = "anxiety"

    assert [p.path for p in problems_of(document)] == [
        "name",
        "product",
        "benefits.massage.cost_share.in_network.copay",
        "benefits.massage.medical_necessity.stress",
    ]


def test_an_access_field_of_another_rule_is_a_problem() -> None:
    document = plan_a_document()
    document["benefits"]["massage"]["access"]["max_age_months"] = 12

    assert problems_of(document) == (
        Problem(
            "a.yaml",
            "benefits.massage.access.max_age_months",
            "applies only to rule prescription, not self_referral",
        ),
    )


def test_a_yaml_syntax_error_gives_the_line_and_column_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: example-a\nbenefits:\n  massage: {covered: true\n  citation: x\n")

    with pytest.raises(InvalidDataFiles) as raised:
        read_plan(broken, VALUE_SETS)

    (problem,) = raised.value.problems
    assert (problem.file, problem.path) == (str(broken), "line 4, column 11")
    assert problem.reason.startswith("not valid YAML: ")
    assert "Traceback" not in str(raised.value)


def test_a_key_given_twice_is_a_problem_rather_than_silently_dropped(tmp_path: Path) -> None:
    twice = tmp_path / "twice.yaml"
    twice.write_text("id: example-a\nid: example-b\n")

    with pytest.raises(InvalidDataFiles) as raised:
        read_plan(twice, VALUE_SETS)

    assert raised.value.problems == (
        Problem(str(twice), "line 2, column 1", "not valid YAML: duplicate key 'id'"),
    )


def test_an_empty_file_is_not_a_plan(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("")

    with pytest.raises(InvalidDataFiles) as raised:
        read_plan(empty, VALUE_SETS)

    assert raised.value.problems == (
        Problem(str(empty), "(document)", "expected a mapping, got nothing (null)"),
    )


def test_invalid_data_files_prints_one_problem_per_line() -> None:
    error = InvalidDataFiles([Problem("a.yaml", "name", "missing"), Problem("b.yaml", "id", "bad")])

    assert str(error) == "a.yaml: name: missing\nb.yaml: id: bad"


def test_a_misspelt_access_rule_suggests_the_right_one_and_nothing_else() -> None:
    with open(PLANS / "example-c-2025.yaml", encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    document["benefits"]["massage"]["access"]["rule"] = "prescriptoin"

    assert problems_of(document, "c.yaml") == (
        Problem(
            "c.yaml",
            "benefits.massage.access.rule",
            "expected one of self_referral, referral, prescription, treatment_plan, "
            "authorization_from_visit; got 'prescriptoin'; did you mean 'prescription'?",
        ),
    )
