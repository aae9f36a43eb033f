"""Money is integer cents; rates are exact fractions; rounding happens here and nowhere else."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

Cents = int


class MoneyFormatError(ValueError):
    """A text that should hold an amount of money does not."""


def round_half_up(value: Fraction) -> Cents:
    """Round an exact amount of cents to whole cents, halves away from zero (convention C7)."""
    return _round_quotient(value.numerator, value.denominator)


def _round_quotient(numerator: int, denominator: int) -> Cents:
    """numerator / denominator cents (denominator > 0), rounded half away from zero."""
    sign = -1 if numerator < 0 else 1
    whole, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        whole += 1
    return sign * whole


def parse_money(text: str | int | float | Decimal) -> Cents:
    """'25.00', '25', 25 or 25.5 -> cents; more than two decimals is an error, never rounded."""
    try:
        amount = Decimal(str(text).strip().replace(",", "").removeprefix("$"))
    except InvalidOperation as error:
        raise MoneyFormatError(f"not an amount of money: {text!r}") from error
    if not amount.is_finite():
        raise MoneyFormatError(f"not an amount of money: {text!r}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise MoneyFormatError(f"more than two decimals: {text!r}")
    return int(cents)


def parse_rate(text: str | int | float | Decimal) -> Fraction:
    """'20%', '0.20', 0.2 or 20 (percent when > 1) -> an exact fraction."""
    raw = str(text).strip()
    try:
        if raw.endswith("%"):
            return Fraction(Decimal(raw[:-1].strip())) / 100
        value = Fraction(Decimal(raw))
    except (InvalidOperation, ValueError, OverflowError) as error:
        raise MoneyFormatError(f"not a rate: {text!r}") from error
    return value / 100 if value > 1 else value


def format_money(cents: Cents) -> str:
    """Cents as a decimal string with two places: 2500 -> '25.00'."""
    return str((Decimal(cents) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def format_dollars(cents: Cents) -> str:
    """Cents for people to read: 1283000 -> '$12,830.00', -500 -> '-$5.00'."""
    sign = "-" if cents < 0 else ""
    return f"{sign}${Decimal(format_money(abs(cents))):,.2f}"


def format_rate(rate: Fraction) -> str:
    """An exact fraction as a percentage: Fraction(1, 5) -> '20%'."""
    percent = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return f"{percent.normalize():f}%"


def apply_rate(amount: Cents, rate: Fraction) -> Cents:
    """A rate applied to an amount, rounded half-up to the cent."""
    # The same exact product as amount * rate, without building and reducing a Fraction per line.
    return _round_quotient(amount * rate.numerator, rate.denominator)
