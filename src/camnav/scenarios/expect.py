"""The `expect:` block: its shape (the keys of the JSON document) and the comparison with a run.

An expectation states any subset of the run's JSON document with the same keys: a mapping checks
only the keys it names, a list of records checks its items position by position (use `{}` to skip
one), and a list of plain values (such as `carc: ["1", "2"]`) must match exactly. Amounts compare
as numbers, so "25.00", "25" and 25 are the same figure; every other value compares as text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum

from camnav.scenarios.fields import keys


class Value(Enum):
    """A leaf of the document: one plain value, a list of them, or a mapping of names to them."""

    SCALAR = "a single value"
    SCALARS = "a list of values"
    NAMED = "a mapping of names to values"


@dataclass(frozen=True, slots=True)
class Record:
    """A mapping with a fixed set of keys."""

    fields: Mapping[str, Shape]


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list of records, compared position by position."""

    item: Shape


Shape = Record | ListOf | Value

_S, _L, _N = Value.SCALAR, Value.SCALARS, Value.NAMED

REASON = Record(
    {k: _S for k in ("code", "carc", "text", "citation", "amount", "next_step")} | {"params": _N}
)
ADJUSTMENT = Record({"group": _S, "carc": _S, "amount": _S, "text": _S})
_LINE_VALUES = keys(
    "number date code units tier status billed allowed deductible copay coinsurance "
    "plan_pays member_owes balance_bill member_total visit_counted group"
)
LINE = Record(
    dict.fromkeys(_LINE_VALUES, _S)
    | {"carc": _L, "adjustments": ListOf(ADJUSTMENT), "reasons": ListOf(REASON)}
)
_TALLIES = keys(
    "deductible_met deductible_remaining out_of_pocket_met out_of_pocket_remaining "
    "visits_used visits_remaining category_visits"
)
ACCUMULATORS = Record({"period": _S} | dict.fromkeys(_TALLIES, _N))
_CLAIM_VALUES = keys(
    "id provider status member_owes plan_pays balance_bill member_total "
    "visits_remaining referral_visits_remaining"
)
CLAIM = Record(
    dict.fromkeys(_CLAIM_VALUES, _S) | {"lines": ListOf(LINE), "accumulators": ACCUMULATORS}
)
STATEMENT = Record({"topic": _S, "text": _S, "citation": _S, "params": _N})
VISIT_COST = Record(
    dict.fromkeys(
        keys("tier covered billed allowed member_owes plan_pays balance_bill member_total"),
        _S,
    )
)
ALTERNATIVE = Record(dict(STATEMENT.fields) | {"category": _S, "cost_per_visit": VISIT_COST})
_ANSWER_VALUES = keys("category on verdict summary visits_used visits_left")
QUESTION = Record(
    dict.fromkeys(_ANSWER_VALUES, _S)
    | dict.fromkeys(("statements", "where", "next_steps", "warnings"), ListOf(STATEMENT))
    | {"cost_per_visit": ListOf(VISIT_COST), "alternatives": ListOf(ALTERNATIVE)}
)
REFERRAL_REQUEST = Record(
    dict.fromkeys(
        keys("id kind status decided_by extends visits valid_from valid_to review_reason"), _S
    )
    | {"reasons": ListOf(REASON)}
)
EXPECTATIONS = Record(
    {
        "claims": ListOf(CLAIM),
        "questions": ListOf(QUESTION),
        "accumulators": ACCUMULATORS,
        "referral_requests": ListOf(REFERRAL_REQUEST),
    }
)


def shape_problems(value: object, path: str, shape: Shape = EXPECTATIONS) -> list[tuple[str, str]]:
    """(field path, message) for every key the document does not have and every wrong kind;
    null may be expected anywhere."""
    if value is None:
        return []
    if isinstance(shape, Record):
        return _record_problems(value, path, shape)
    if isinstance(shape, ListOf):
        if not isinstance(value, list):
            return [(path, "must be a list")]
        found: list[tuple[str, str]] = []
        for index, item in enumerate(value):
            found += shape_problems(item, f"{path}[{index}]", shape.item)
        return found
    return [] if _fits(value, shape) else [(path, f"must be {shape.value}")]


def _record_problems(value: object, path: str, shape: Record) -> list[tuple[str, str]]:
    if not isinstance(value, dict):
        return [(path, "must be a mapping of keys to values")]
    found: list[tuple[str, str]] = []
    for key, item in value.items():
        if key in shape.fields:
            found += shape_problems(item, f"{path}.{key}", shape.fields[key])
        else:
            known = ", ".join(shape.fields)
            found.append((f"{path}.{key}", f"unknown key; expected one of: {known}"))
    return found


def _fits(value: object, kind: Value) -> bool:
    if kind is Value.SCALAR:
        return not isinstance(value, dict | list)
    if kind is Value.SCALARS:
        return isinstance(value, list) and all(_fits(item, Value.SCALAR) for item in value)
    return isinstance(value, dict) and all(_fits(item, Value.SCALAR) for item in value.values())


@dataclass(slots=True)
class Comparison:
    """How many stated values were checked, and a readable line for each that differs."""

    checked: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.differences


def compare(expected: Mapping[str, object], actual: Mapping[str, object]) -> Comparison:
    """Check every value the expectation states against the run's document."""
    comparison = Comparison()
    _compare(expected, actual, "", comparison)
    return comparison


def _compare(expected: object, actual: object, path: str, result: Comparison) -> None:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            _differ(path, expected, actual, result)
            return
        for key, value in expected.items():
            _compare(value, actual.get(key), f"{path}.{key}" if path else str(key), result)
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        _compare_records(expected, actual, path, result)
    else:
        result.checked += 1
        if not _same(expected, actual):
            _differ(path, expected, actual, result)


def _compare_records(expected: list[object], actual: object, path: str, result: Comparison) -> None:
    items: Sequence[object] = actual if isinstance(actual, list) else []
    for index, value in enumerate(expected):
        where = f"{path}[{index}]"
        if index < len(items):
            _compare(value, items[index], where, result)
        else:
            result.checked += 1
            result.differences.append(f"{where}: expected an item, the result has {len(items)}")


def _same(expected: object, actual: object) -> bool:
    """Equal as figures when both are numbers, as lists item by item, else equal as text."""
    if isinstance(expected, list) or isinstance(actual, list):
        if not (isinstance(expected, list) and isinstance(actual, list)):
            return False
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    if expected is None or actual is None or isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    left, right = _figure(expected), _figure(actual)
    if left is not None and right is not None:
        return left == right
    return str(expected) == str(actual)


def _figure(value: object) -> Decimal | None:
    if not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _differ(path: str, expected: object, actual: object, result: Comparison) -> None:
    result.differences.append(f"{path}: expected {_show(expected)}, got {_show(actual)}")


def _show(value: object) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)
