"""Money: Decimal end to end, at the scale of the currency's ISO 4217 minor unit, never a float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache

from common.currencies import iso4217

from .errors import AmountPrecision, FloatAmount, InvalidAmount, UnknownCurrency


@cache
def _minor_units() -> dict[str, int]:
    return {row.code: row.minor_units for row in iso4217()}


def minor_units(currency: str) -> int:
    """ISO 4217 minor units of `currency` (JPY 0, USD 2, KWD 3); UnknownCurrency otherwise."""
    try:
        return _minor_units()[currency]
    except KeyError:
        raise UnknownCurrency(f"Unknown currency {currency!r}: use an ISO 4217 code.") from None


# What an amount written as text may look like: ASCII digits, one optional leading minus, one
# optional decimal point with digits after it. Python's Decimal() also takes exponents (whose
# size overflowed the decimal context), "+10", "1_000", non-ASCII digits, NaN and Infinity.
PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
# Longer text is no amount pyledger can store (20 digits) and not worth parsing.
MAX_AMOUNT_TEXT = 64


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Parse a str/int/Decimal amount; refuse floats and anything not a finite number."""
    if isinstance(value, float):
        raise FloatAmount(fields={field: [FloatAmount.default_message]})
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise InvalidAmount(f"{field} must be a decimal string.", fields={field: ["Not a number."]})
    if isinstance(value, str):
        text = value.strip(" ")
        if len(text) > MAX_AMOUNT_TEXT or not PLAIN_DECIMAL.fullmatch(text):
            raise InvalidAmount(
                f"{field} {value[:MAX_AMOUNT_TEXT]!r} is not a number like 1234.56.",
                fields={field: ["Use digits 0-9, an optional leading minus and a decimal point."]},
            )
        value = text
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidAmount(f"{field} is not a number.", fields={field: ["Not a number."]}) from None
    if not number.is_finite():
        raise InvalidAmount(f"{field} must be a finite number.", fields={field: ["Not a finite number."]})
    return number


# Amounts are stored as NUMERIC(20,4): their absolute value stays below 10^16.
MAX_AMOUNT = Decimal(10) ** 16


def _in_range(number: Decimal, field: str) -> Decimal:
    # copy_abs(), not abs(): abs() rounds to the context and overflows on a huge exponent.
    if number.copy_abs() >= MAX_AMOUNT:
        message = f"{field} {number} is too large: amounts stay below 10^16."
        raise InvalidAmount(message, fields={field: ["Too large."]})
    return number


def to_money(value: object, currency: str, *, field: str = "amount") -> Decimal:
    """Parse an amount in `currency`, refusing more decimals than its minor unit allows."""
    number = _in_range(to_decimal(value, field=field), field)
    units = minor_units(currency)
    quantum = Decimal(1).scaleb(-units)
    if number != number.quantize(quantum, rounding=ROUND_HALF_EVEN):
        message = f"{number} has more decimals than {currency} allows ({units})."
        raise AmountPrecision(message, fields={field: [message]})
    return number.quantize(quantum)


def round_money(value: Decimal, currency: str, *, field: str = "amount") -> Decimal:
    """Round a computed amount (a conversion, a tax) to `currency`'s minor unit, half to even."""
    return _in_range(value, field).quantize(
        Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_EVEN
    )


MAX_RATE = Decimal("1E10")  # NUMERIC(20,10)
# No currency pair in ISO 4217 is that far apart (the widest today is about 3 * 10^-7), and a
# smaller rate would keep too few significant digits in NUMERIC(20,10) to convert anything.
MIN_RATE = Decimal("1E-8")


def to_rate(value: object, *, field: str = "rate") -> Decimal:
    """Parse an exchange rate: from 10^-8 up to below 10^10, at most 10 decimals (never rounded)."""
    rate = to_decimal(value, field=field)
    if rate <= 0:
        raise InvalidAmount(
            "Exchange rates must be positive.", fields={field: ["Must be greater than zero."]}
        )
    if rate < MIN_RATE:
        raise InvalidAmount("Exchange rates must be at least 0.00000001.", fields={field: ["Too small."]})
    if rate >= MAX_RATE:
        raise InvalidAmount("Exchange rates must be below 10,000,000,000.", fields={field: ["Too large."]})
    exponent = rate.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -10:
        raise InvalidAmount(
            "Exchange rates have at most 10 decimals.", fields={field: ["Too many decimals."]}
        )
    return rate


def money_text(value: Decimal | None, currency: str) -> str | None:
    """`value` as text with exactly the currency's minor units (JPY "5", USD "5.00")."""
    if value is None:
        return None
    places = minor_units(currency)
    return str(value.quantize(Decimal(1).scaleb(-places)))
