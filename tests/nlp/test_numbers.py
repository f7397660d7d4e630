from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.numbers import parse_amount, parse_number, parse_scale

CASES = [
    # Vietnamese thousands groups
    ("1.744", 1744),
    ("285.197", 285197),
    ("150.000", 150000),
    ("2.000", 2000),
    ("1.234.567", 1234567),
    ("60.542.000", 60542000),
    ("3.000.000.000", 3e9),
    ("100.000.000", 1e8),
    ("999.999", 999999),
    ("1.000", 1000),
    # decimal comma
    ("12,6", 12.6),
    ("2,05", 2.05),
    ("32,64", 32.64),
    ("0,5", 0.5),
    ("98,5", 98.5),
    ("1,2", 1.2),
    ("45,6", 45.6),
    ("100,25", 100.25),
    ("1,000", 1.0),
    ("12,345", 12.345),
    # informal decimal point before one or two digits
    ("8.5", 8.5),
    ("2.05", 2.05),
    ("12.50", 12.5),
    ("0.5", 0.5),
    ("99.9", 99.9),
    ("1.2345", 1.2345),
    ("1234.5", 1234.5),
    # mixed separators
    ("1.234,5", 1234.5),
    ("12.345.678,91", 12345678.91),
    ("1,234.5", 1234.5),
    ("1,234,567", 1234567),
    ("1,234,567.25", 1234567.25),
    # plain integers
    ("0", 0),
    ("7", 7),
    ("16", 16),
    ("103", 103),
    ("2017", 2017),
    ("43980", 43980),
    (" 3 ", 3),
    ("007", 7),
    # not numbers: traps
    ("", None),
    ("   ", None),
    ("abc", None),
    ("12,6%", None),
    ("16/19", None),
    ("25/1/2016", None),
    ("20.08.2014", None),
    ("1..2", None),
    ("1,,2", None),
    ("1.", None),
    (".5", None),
    (",5", None),
    ("1.23.456", None),
    ("1.234.56", None),
    # four digits or more before a single dot and three or more after: a hotline or code
    ("1900.1234", None),
    ("1800.588", None),
    ("18001.2345", None),
    ("12.6.2020", None),
    ("1,234.567.8", None),
    ("1.234,567,8", None),
    ("2015-2020", None),
    ("09:14", None),
    ("١٢", None),
    ("１２", None),
    ("-5", None),
    ("1e5", None),
    ("12 000", None),
    ("26-CV", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_number(text: str, expected: float | None) -> None:
    got = parse_number(text)
    if expected is None:
        assert got is None
    else:
        assert got is not None and math.isclose(got, expected, rel_tol=1e-12)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("number", "scale", "expected"),
    [
        ("285.197", "triệu", 285197e6),
        ("70", "tỷ", 70e9),
        ("1,5", "nghìn", 1500),
        ("2", "ngàn", 2000),
        ("3", "tỉ", 3e9),
        ("1", "nghìn tỷ", 1e12),
        ("12,5", None, 12.5),
        ("5", "Triệu", 5e6),
    ],
)
def test_parse_amount(number: str, scale: str | None, expected: float) -> None:
    assert math.isclose(parse_amount(number, scale), expected)


def test_unknown_scale_word_is_not_an_amount() -> None:
    assert parse_amount("5", "con") is None
    assert parse_scale("") is None
    assert parse_scale("triệu con") is None


@given(st.text())
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, float)


@given(st.text(alphabet="0123456789.,/- ", max_size=30), st.text(max_size=20))
def test_parse_amount_never_raises(number: str, scale: str) -> None:
    result = parse_amount(number, scale)
    assert result is None or isinstance(result, float)


@given(st.integers(min_value=0, max_value=10**15))
def test_vietnamese_thousands_grouping_round_trips(n: int) -> None:
    assert parse_number(f"{n:,}".replace(",", ".")) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_decimal_comma_round_trips(whole: int, frac: int) -> None:
    text = f"{whole},{frac:02d}"
    assert math.isclose(parse_number(text), whole + frac / 100)
