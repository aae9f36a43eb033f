"""National Provider Identifiers: ten digits, the last a Luhn check digit computed as if the
number were prefixed by 80840 (the card issuer prefix of the US health industry, per CMS).

Individuals' NPIs start with 1, organizations' with 2.
"""

from __future__ import annotations

import random

# The Luhn sum of the prefix 80840's digits, as they stand before a 9-digit NPI base: the
# constant CMS tells implementers to add (24).
_PREFIX_SUM = 24

INDIVIDUAL = 1
ORGANIZATION = 2


def check_digit(base: str) -> int:
    """The check digit of a 9-digit NPI base."""
    total = _PREFIX_SUM
    # Double every other digit, starting from the rightmost digit of the base.
    for position, char in enumerate(reversed(base)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def is_valid_npi(npi: str) -> bool:
    """Ten digits whose last is the Luhn check digit of the first nine."""
    return len(npi) == 10 and npi.isdigit() and check_digit(npi[:9]) == int(npi[9])


def new_npis(rng: random.Random, count: int, kind: int) -> list[str]:
    """`count` distinct valid NPIs of a kind (INDIVIDUAL or ORGANIZATION)."""
    low = kind * 100_000_000
    bases = rng.sample(range(low, low + 100_000_000), count)
    return [f"{base}{check_digit(str(base))}" for base in bases]
