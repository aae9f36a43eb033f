"""How an `expect:` block compares with a run's document: any subset of its keys, figures as
numbers, records position by position, and a readable line for each difference."""

from __future__ import annotations

from pathlib import Path

import pytest

from camnav.library.library import load_library
from camnav.scenarios.expect import EXPECTATIONS, ListOf, Record, Shape, compare, shape_problems
from camnav.scenarios.report import report_file

DOCUMENT: dict[str, object] = {
    "claims": [
        {
            "id": "C-1",
            "member_owes": "30.00",
            "visits_remaining": 8,
            "lines": [{"carc": ["3"], "group": "PR", "reasons": [{"params": {"limit": "12"}}]}],
        }
    ],
    "accumulators": {"out_of_pocket_met": {"in_network": "225.00"}},
}


def test_a_difference_names_the_field_with_both_values() -> None:
    comparison = compare({"claims": [{"member_owes": "25.00"}]}, DOCUMENT)

    assert comparison.differences == ['claims[0].member_owes: expected "25.00", got "30.00"']
    assert comparison.checked == 1


@pytest.mark.parametrize("figure", ["30.00", "30", 30, 30.0])
def test_amounts_compare_as_figures(figure: object) -> None:
    assert compare({"claims": [{"member_owes": figure}]}, DOCUMENT).holds


def test_only_the_keys_stated_are_checked() -> None:
    expected = {"accumulators": {"out_of_pocket_met": {"in_network": "225.00"}}}

    comparison = compare(expected, DOCUMENT)
    assert comparison.holds and comparison.checked == 1


def test_a_list_of_codes_must_match_exactly() -> None:
    comparison = compare({"claims": [{"lines": [{"carc": ["3", "1"]}]}]}, DOCUMENT)

    assert comparison.differences == ['claims[0].lines[0].carc: expected ["3", "1"], got ["3"]']


def test_an_empty_record_skips_a_position_and_a_missing_one_is_a_difference() -> None:
    comparison = compare({"claims": [{}, {"id": "C-2"}]}, DOCUMENT)

    assert comparison.differences == ["claims[1]: expected an item, the result has 1"]


def test_null_is_compared_as_null() -> None:
    assert not compare({"claims": [{"lines": [{"group": None}]}]}, DOCUMENT).holds
    assert compare({"claims": [{"referral_visits_remaining": None}]}, DOCUMENT).holds


def keys_outside(document: object, shape: Shape, path: str) -> list[str]:
    """Keys of a run's document that an expect block could not state."""
    if isinstance(shape, Record) and isinstance(document, dict):
        found = [f"{path}.{key}" for key in document if key not in shape.fields]
        for key, value in document.items():
            if key in shape.fields:
                found += keys_outside(value, shape.fields[key], f"{path}.{key}")
        return found
    if isinstance(shape, ListOf) and isinstance(document, list):
        return [k for i, item in enumerate(document) for k in keys_outside(item, shape.item, path)]
    return []


def test_every_figure_of_a_run_can_be_stated_in_an_expect_block() -> None:
    example = (
        Path(__file__).resolve().parents[2]
        / "examples/scenarios/w6-out-of-network-reimbursement.yaml"
    )
    document = dict(report_file(example, load_library()).document)
    for key in ("file", "name", "plan", "expectations"):
        document.pop(key)

    assert keys_outside(document, EXPECTATIONS, "") == []
    assert shape_problems(document, "") == []
