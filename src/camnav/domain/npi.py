"""National Provider Identifiers: ten digits, the last a Luhn check digit.

CMS computes the check digit as if the nine-digit base were prefixed by 80840, the card issuer
prefix of the US health industry; the prefix adds a constant 24 to the Luhn sum.
"""

from __future__ import annotations

# The Luhn sum of the prefix 80840's digits as they stand before a nine-digit base.
_PREFIX_SUM = 24


def npi_check_digit(base: str) -> int:
    """The check digit of a nine-digit NPI base."""
    digits = list(map(int, base))
    # Luhn doubles every other digit from the rightmost of the base: positions 0, 2, 4, 6, 8.
    doubled = sum(map(_DOUBLED.__getitem__, digits[::2]))
    total = _PREFIX_SUM + doubled + sum(digits[1::2])
    return (10 - total % 10) % 10


# A digit doubled, with the digits of a two-digit result added (Luhn).
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def npi_problem(npi: str) -> str | None:
    """Why `npi` is not a valid NPI (ten digits, the last the Luhn check digit), or None."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return f"NPI {npi!r} is not ten digits"
    expected = npi_check_digit(npi[:9])
    if int(npi[9]) != expected:
        return f"NPI {npi} fails the check digit (expected {expected} after 80840 + the first nine)"
    return None
