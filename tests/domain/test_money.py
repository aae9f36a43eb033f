"""Money is integer cents, rates are exact fractions, and rounding is half-up in one place (C7)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from camnav.domain.money import (
    MoneyFormatError,
    apply_rate,
    format_dollars,
    format_money,
    format_rate,
    parse_money,
    parse_rate,
    round_half_up,
)


@pytest.mark.parametrize(
    ("exact", "cents"),
    [
        (Fraction(0), 0),
        (Fraction(49, 100), 0),
        (Fraction(1, 2), 1),
        (Fraction(3, 2), 2),
        (Fraction(5, 2), 3),
        (Fraction(166656, 10), 16666),
        (Fraction(66664, 10), 6666),
        (Fraction(-4, 10), 0),
        (Fraction(-1, 2), -1),
        (Fraction(-5, 2), -3),
    ],
)
def test_rounding_takes_halves_away_from_zero_never_to_even(exact: Fraction, cents: int) -> None:
    assert round_half_up(exact) == cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("25.00", 2500),
        ("25", 2500),
        (25, 2500),
        (25.5, 2550),
        (Decimal("166.66"), 16666),
        (" $1,650.00 ", 165000),
        ("0.01", 1),
        ("-3.10", -310),
        ("1e2", 10000),
    ],
)
def test_amounts_of_money_parse_to_exact_cents(
    text: str | int | float | Decimal, cents: int
) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25.005", "more than two decimals: '25.005'"),
        (0.1 + 0.2, "more than two decimals: 0.30000000000000004"),
        ("twenty", "not an amount of money: 'twenty'"),
        ("NaN", "not an amount of money: 'NaN'"),
        ("Infinity", "not an amount of money: 'Infinity'"),
    ],
)
def test_a_text_that_is_not_an_exact_amount_is_refused_never_rounded(
    text: str | float, message: str
) -> None:
    with pytest.raises(MoneyFormatError) as raised:
        parse_money(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("20%", Fraction(1, 5)),
        (" 40 % ", Fraction(2, 5)),
        ("140%", Fraction(7, 5)),
        ("12.5%", Fraction(1, 8)),
        ("0.20", Fraction(1, 5)),
        (0.2, Fraction(1, 5)),
        (20, Fraction(1, 5)),
        ("1", Fraction(1)),
        (Decimal("0"), Fraction(0)),
    ],
)
def test_rates_parse_to_exact_fractions_and_numbers_above_one_are_percentages(
    text: str | int | float | Decimal, rate: Fraction
) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["twenty%", "%", "abc", "NaN", "Infinity", "inf%"])
def test_a_text_that_is_not_a_rate_is_refused(text: str) -> None:
    with pytest.raises(MoneyFormatError, match="not a rate"):
        parse_rate(text)


@pytest.mark.parametrize(
    ("cents", "text"),
    [(2500, "25.00"), (1, "0.01"), (0, "0.00"), (16666, "166.66"), (-310, "-3.10")],
)
def test_cents_format_with_two_decimal_places(cents: int, text: str) -> None:
    assert format_money(cents) == text


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (Fraction(1, 5), "20%"),
        (Fraction(7, 5), "140%"),
        (Fraction(1, 8), "12.5%"),
        (Fraction(0), "0%"),
    ],
)
def test_rates_format_as_percentages_without_trailing_zeros(rate: Fraction, text: str) -> None:
    assert format_rate(rate) == text


@pytest.mark.parametrize(
    ("amount", "rate", "cents"),
    [
        (9000, Fraction(1, 5), 1800),  # W4: 20% of $90.00
        (14000, Fraction(1, 5), 2800),  # W5 before the out-of-pocket cap
        (16666, Fraction(2, 5), 6666),  # W6: 40% of $166.66 = 66.664
        (333, Fraction(1, 5), 67),  # 66.6 rounds up
        (25, Fraction(1, 10), 3),  # 2.5 rounds half up
        (12345, Fraction(1, 8), 1543),  # 1543.125
        (0, Fraction(2, 5), 0),
    ],
)
def test_a_rate_applied_to_an_amount_rounds_half_up_to_the_cent(
    amount: int, rate: Fraction, cents: int
) -> None:
    assert apply_rate(amount, rate) == cents


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(0, "$0.00"), (3500, "$35.00"), (1_283_000, "$12,830.00"), (-500, "-$5.00"), (5, "$0.05")],
)
def test_dollars_for_people_have_a_sign_thousands_separators_and_two_places(
    cents: int, shown: str
) -> None:
    assert format_dollars(cents) == shown
