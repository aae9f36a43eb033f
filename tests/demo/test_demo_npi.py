"""NPIs: ten digits with a Luhn check digit computed over the 80840 prefix (CMS)."""

from __future__ import annotations

import random

from camnav.demo.npi import INDIVIDUAL, ORGANIZATION, check_digit, is_valid_npi, new_npis


def test_the_check_digit_of_the_cms_example_is_3() -> None:
    assert check_digit("123456789") == 3
    assert is_valid_npi("1234567893")


def test_a_changed_digit_fails_the_check() -> None:
    assert not is_valid_npi("1234567894")
    assert not is_valid_npi("1234567")
    assert not is_valid_npi("12345678a3")


def test_new_npis_are_distinct_valid_and_of_their_kind() -> None:
    individuals = new_npis(random.Random(1), 500, INDIVIDUAL)
    organizations = new_npis(random.Random(1), 500, ORGANIZATION)
    assert all(is_valid_npi(npi) and npi.startswith("1") for npi in individuals)
    assert all(is_valid_npi(npi) and npi.startswith("2") for npi in organizations)
    assert len(set(individuals)) == 500
