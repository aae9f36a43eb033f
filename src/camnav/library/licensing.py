"""The states' licensing policy (src/camnav/data/licensing.yaml): per state and service category,
whether a practitioner needs a license (the default), a voluntary certification, or nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from camnav.domain.providers import LicensingPolicy, LicensingRequirement
from camnav.library.problems import FilePath, InvalidDataFiles, Problem, read_checked

LICENSING_FILE = Path(__file__).resolve().parent.parent / "data" / "licensing.yaml"

# The states, DC and the inhabited territories, by USPS code.
US_STATES = frozenset(
    (  # noqa: SIM905 - a block of codes reads better than 56 quoted items
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
        "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI"
    ).split()
)

LICENSING_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["requirements"],
    "properties": {
        "requirements": {
            "type": "object",
            "propertyNames": {
                "pattern": "^[a-z][a-z_]*$",
                "x-expected": 'a service category in lower case, like "massage"',
            },
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"pattern": "^[A-Z]{2}$", "x-expected": "a state code like KS"},
                "additionalProperties": {"enum": [r.value for r in LicensingRequirement]},
            },
        }
    },
}


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(LICENSING_SCHEMA)


def read_licensing(path: FilePath | None = None) -> LicensingPolicy:
    """The licensing policy of a file (default: camnav's data/licensing.yaml); a state and
    category the file does not list requires a license."""
    file, document = read_checked(path or LICENSING_FILE, _validator())
    problems = [Problem(file, where, why) for where, why in _breaches(document)]
    if problems:
        raise InvalidDataFiles(problems)
    return LicensingPolicy(
        {
            (state, category): LicensingRequirement(requirement)
            for category, states in document["requirements"].items()
            for state, requirement in states.items()
        }
    )


def _breaches(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for category, states in document["requirements"].items():
        for state in states:
            if state not in US_STATES:
                yield f"requirements.{category}.{state}", f"{state} is not a US state or territory"
