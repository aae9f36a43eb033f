"""The service catalogue (plans/catalogue.yaml) and fee schedules (plans/fee-schedules/*.yaml).

Each file is checked against a JSON Schema kept here, then against the rules a schema cannot
state (an add-on names a code of the catalogue, a typical visit bills codes of its category, an
effective period runs forward). Every problem is reported at once, as InvalidDataFiles.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator

from camnav.domain.codes import Catalogue, FeeSchedule, Procedure, TypicalService
from camnav.domain.money import parse_money
from camnav.library.problems import FilePath, InvalidDataFiles, Problem, read_checked

Node = Mapping[str, Any]

_CODE = {
    "type": "string",
    "pattern": "^[0-9]{4}[0-9A-Z]$",
    "x-expected": 'a quoted five-character procedure code, like "97124"',
}
_CATEGORY = {
    "type": "string",
    "pattern": "^[a-z][a-z_]*$",
    "x-expected": 'a service category in lower case, like "massage"',
}
_TEXT = {"type": "string", "pattern": "\\S", "x-expected": "non-empty text"}
_DATE = {"type": "string", "format": "date", "x-expected": "a date as YYYY-MM-DD"}
_MONEY = {
    "type": "string",
    "pattern": "^(0|[1-9][0-9]*)\\.[0-9]{2}$",
    "x-expected": 'money as a quoted decimal string with two decimals, like "35.00"',
}


def _object(required: list[str], properties: Mapping[str, object]) -> dict[str, object]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def _list_of(item: Mapping[str, object], least: int = 0) -> dict[str, object]:
    return {"type": "array", "items": item, "minItems": least, "uniqueItems": True}


_PROCEDURE = _object(
    ["description", "categories"],
    {
        "description": _TEXT,
        "categories": _list_of(_CATEGORY, 1),
        "timed": {"type": "boolean"},
        "initial_of_day": {"type": "boolean"},
        "add_on_to": _list_of(_CODE, 1),
        "spinal_manipulation": {"type": "boolean"},
        "bundles_with_manipulation": {"type": "boolean"},
    },
)
_TYPICAL_SERVICE = _object(
    ["code", "units"],
    {
        "code": _CODE,
        "units": {"type": "integer", "minimum": 1},
        "minutes": {"type": "integer", "minimum": 1},
    },
)
CATALOGUE_SCHEMA = _object(
    ["category_titles", "procedures", "typical_visits"],
    {
        "category_titles": {
            "type": "object",
            "propertyNames": _CATEGORY,
            "additionalProperties": _TEXT,
        },
        "procedures": {
            "type": "object",
            "propertyNames": _CODE,
            "additionalProperties": _PROCEDURE,
        },
        "typical_visits": {
            "type": "object",
            "propertyNames": _CATEGORY,
            "additionalProperties": _list_of(_TYPICAL_SERVICE, 1),
        },
    },
)
FEE_SCHEDULE_SCHEMA = _object(
    ["id", "name", "kind", "effective", "source", "rates"],
    {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "x-expected": "an identifier"},
        "name": _TEXT,
        "kind": {"enum": ["contracted", "reference"]},
        "effective": _object(["from", "to"], {"from": _DATE, "to": _DATE}),
        "source": _TEXT,
        "rates": {"type": "object", "propertyNames": _CODE, "additionalProperties": _MONEY},
    },
)


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    schema = {"catalogue": CATALOGUE_SCHEMA, "fee_schedule": FEE_SCHEDULE_SCHEMA}[name]
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def read_catalogue(path: FilePath) -> Catalogue:
    """The procedure codes, category titles and typical visits of a catalogue file."""
    file, document = read_checked(path, _validator("catalogue"))
    problems = [Problem(file, where, why) for where, why in _catalogue_breaches(document)]
    if problems:
        raise InvalidDataFiles(problems)
    return Catalogue(
        procedures={code: _procedure(code, node) for code, node in document["procedures"].items()},
        typical_visits={
            category: tuple(TypicalService(s["code"], s["units"], s.get("minutes")) for s in items)
            for category, items in document["typical_visits"].items()
        },
        category_titles=dict(document["category_titles"]),
    )


def _procedure(code: str, node: Node) -> Procedure:
    return Procedure(
        code=code,
        description=node["description"],
        categories=tuple(node["categories"]),
        timed=node.get("timed", False),
        initial_of_day=node.get("initial_of_day", False),
        add_on_to=tuple(node.get("add_on_to", [])),
        spinal_manipulation=node.get("spinal_manipulation", False),
        bundles_with_manipulation=node.get("bundles_with_manipulation", False),
    )


def _catalogue_breaches(document: Node) -> Iterator[tuple[str, str]]:
    """Categories have titles, add-ons name catalogue codes, typical visits bill their category."""
    titles, procedures = document["category_titles"], document["procedures"]
    for code, node in procedures.items():
        for index, category in enumerate(node["categories"]):
            if category not in titles:
                yield f"procedures.{code}.categories[{index}]", f"{category} has no category title"
        for index, primary in enumerate(node.get("add_on_to", [])):
            if primary not in procedures:
                yield f"procedures.{code}.add_on_to[{index}]", f"{primary} is not in the catalogue"
    for category, services in document["typical_visits"].items():
        if category not in titles:
            yield f"typical_visits.{category}", f"{category} has no category title"
        for index, service in enumerate(services):
            where = f"typical_visits.{category}[{index}].code"
            listed = procedures.get(service["code"])
            if listed is None:
                yield where, f"{service['code']} is not in the catalogue"
            elif category not in listed["categories"]:
                yield where, f"{service['code']} is not billed under {category}"


def read_fee_schedule(path: FilePath) -> FeeSchedule:
    """The rates per unit of a fee schedule file, effective from and to the dates it gives."""
    file, document = read_checked(path, _validator("fee_schedule"))
    starts = date.fromisoformat(document["effective"]["from"])
    ends = date.fromisoformat(document["effective"]["to"])
    if ends < starts:
        raise InvalidDataFiles([Problem(file, "effective.to", f"{ends} is before {starts}")])
    return FeeSchedule(
        id=document["id"],
        name=document["name"],
        rates={code: parse_money(amount) for code, amount in document["rates"].items()},
        effective_from=starts,
        effective_to=ends,
    )
