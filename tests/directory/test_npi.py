"""NPIs: ten digits, the last the Luhn check digit of the first nine prefixed with 80840."""

from __future__ import annotations

import pytest

from camnav.demo import npi as demo_npi
from camnav.domain.npi import npi_check_digit, npi_problem


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_registry_numbers_pass_the_check(npi: str) -> None:
    assert npi_problem(npi) is None


def test_cms_worked_example_gives_check_digit_3() -> None:
    # CMS's example: 123456789 with the prefix 80840 sums to 67, so the check digit is 3.
    assert npi_check_digit("123456789") == 3


@pytest.mark.parametrize(
    ("npi", "fault"),
    [
        ("1234567890", "NPI 1234567890 fails the check digit (expected 3"),
        ("123456789", "NPI '123456789' is not ten digits"),
        ("12345678A3", "NPI '12345678A3' is not ten digits"),
        ("１２３４５６７８９３", "is not ten digits"),
    ],
)
def test_wrong_numbers_say_why(npi: str, fault: str) -> None:
    problem = npi_problem(npi)
    assert problem is not None and fault in problem


@pytest.mark.parametrize("base", [0, 1, 99_999_999, 123_456_789, 987_654_321, 555_555_555])
def test_the_check_digit_agrees_with_the_demo_generators(base: int) -> None:
    digits = f"{base:09d}"
    assert npi_check_digit(digits) == demo_npi.check_digit(digits)
