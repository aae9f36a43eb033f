"""National Provider Identifiers: ten digits, the last a Luhn check digit.

CMS computes the check digit as if the nine-digit base were prefixed by 80840, the card issuer
prefix of the US health industry; the prefix adds a constant 24 to the Luhn sum.
"""

from __future__ import annotations

# The Luhn sum of the prefix 80840's digits as they stand before a nine-digit base.
_PREFIX_SUM = 24


def npi_check_digit(base: str) -> int:
    """The check digit of a nine-digit NPI base."""
    total = _PREFIX_SUM
    # Double every other digit, starting from the rightmost digit of the base.
    for position, char in enumerate(reversed(base)):
        digit = int(char)
        if position % 2 == 0:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return (10 - total % 10) % 10


def npi_problem(npi: str) -> str | None:
    """Why `npi` is not a valid NPI (ten digits, the last the Luhn check digit), or None."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return f"NPI {npi!r} is not ten digits"
    expected = npi_check_digit(npi[:9])
    if int(npi[9]) != expected:
        return f"NPI {npi} fails the check digit (expected {expected} after 80840 + the first nine)"
    return None
