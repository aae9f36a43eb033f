"""The regions file (plans/regions.yaml): each region's states, how it delivers each category of
care (employed therapists, a network, reimbursement) and its medical centers.

Checked against a JSON Schema kept here, then against the rules a schema cannot state; every
problem is reported at once, as InvalidDataFiles.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator

from camnav.domain.plans import DeliveryMode
from camnav.domain.regions import MedicalCenter, Region
from camnav.library.problems import FilePath, InvalidDataFiles, Problem, read_checked

Node = Mapping[str, Any]

_IDENTIFIER = {
    "type": "string",
    "pattern": "^[a-z0-9][a-z0-9_-]*$",
    "x-expected": "an identifier in lower case (letters, digits, '-', '_')",
}
_CATEGORY = {
    "type": "string",
    "pattern": "^[a-z][a-z_]*$",
    "x-expected": 'a service category in lower case, like "massage"',
}
_TEXT = {"type": "string", "pattern": "\\S", "x-expected": "non-empty text"}
_CENTER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "zip_code", "categories"],
    "properties": {
        "id": _IDENTIFIER,
        "name": _TEXT,
        "zip_code": {
            "type": "string",
            "pattern": "^[0-9]{5}$",
            "x-expected": 'a quoted five-digit ZIP code, like "97227"',
        },
        "categories": {"type": "array", "uniqueItems": True, "items": _CATEGORY},
    },
}
_REGION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "states", "citation", "delivery", "medical_centers"],
    "properties": {
        "name": _TEXT,
        "states": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": "^[A-Z]{2}$", "x-expected": "a state like OR"},
        },
        "citation": _TEXT,
        "delivery": {
            "type": "object",
            "propertyNames": _CATEGORY,
            "additionalProperties": {
                "type": "array",
                "uniqueItems": True,
                "items": {"enum": [mode.value for mode in DeliveryMode]},
            },
        },
        "medical_centers": {"type": "array", "items": _CENTER},
    },
}
REGIONS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["regions"],
    "properties": {
        "regions": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": _IDENTIFIER,
            "additionalProperties": _REGION,
        }
    },
}


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(REGIONS_SCHEMA)


def read_regions(path: FilePath) -> dict[str, Region]:
    """The regions of a regions file, by id."""
    file, document = read_checked(path, _validator())
    problems = [Problem(file, where, why) for where, why in _breaches(document["regions"])]
    if problems:
        raise InvalidDataFiles(problems)
    return {region_id: _region(region_id, node) for region_id, node in document["regions"].items()}


def _region(region_id: str, node: Node) -> Region:
    return Region(
        id=region_id,
        name=node["name"],
        states=tuple(node["states"]),
        delivery={
            category: tuple(DeliveryMode(mode) for mode in modes)
            for category, modes in node["delivery"].items()
        },
        medical_centers=tuple(
            MedicalCenter(c["id"], c["name"], c["zip_code"], tuple(c["categories"]))
            for c in node["medical_centers"]
        ),
        citation=node["citation"],
    )


def _breaches(regions: Node) -> Iterator[tuple[str, str]]:
    """Medical center ids are unique; a center offers only categories the region delivers by
    employed staff, and every such category has a center."""
    seen: dict[str, str] = {}
    for region_id, node in regions.items():
        employed = {c for c, modes in node["delivery"].items() if DeliveryMode.EMPLOYED in modes}
        offered: set[str] = set()
        for index, center in enumerate(node["medical_centers"]):
            path = f"regions.{region_id}.medical_centers[{index}]"
            if center["id"] in seen:
                yield f"{path}.id", f"{center['id']} is also a center of {seen[center['id']]}"
            seen.setdefault(center["id"], region_id)
            for category in sorted(set(center["categories"]) - employed):
                yield f"{path}.categories", f"{category} is not delivered by employed staff here"
            offered.update(center["categories"])
        for category in sorted(employed - offered):
            delivery = f"regions.{region_id}.delivery.{category}"
            yield delivery, "employed, but no medical center of the region offers it"
