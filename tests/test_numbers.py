"""Reading figures as people write them (offshore_cli.numbers, docs/numbers.md)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offshore_cli.errors import NumberError
from offshore_cli.numbers import parse_number

# (text, locale, money, expected) -- keep in sync with the table in docs/numbers.md.
ACCEPTED: list[tuple[str, str, bool, float]] = [
    ("1,5 MMDH", "fr", True, 1_500_000_000),
    ("1,5MMDH", "fr", True, 1_500_000_000),
    ("69 900", "fr", False, 69_900),
    ("69.900", "fr", False, 69_900),
    ("69\u00a0900", "fr", False, 69_900),
    ("69\u202f900", "fr", False, 69_900),
    ("1 234 567,5", "fr", False, 1_234_567.5),
    ("1.234.567,5", "fr", False, 1_234_567.5),
    ("1,5", "fr", False, 1.5),
    ("0,1 M", "fr", False, 100_000),
    ("500 MDH", "fr", True, 500_000_000),
    ("10 milliards", "fr", False, 10_000_000_000),
    ("1 Mds DH", "fr", True, 1_000_000_000),
    ("2,5 Md DH", "fr", True, 2_500_000_000),
    ("3 M DH", "fr", True, 3_000_000),
    ("1,500 MDH", "fr", True, 1_500_000),
    ("450 DH", "fr", True, 450),
    ("12 000 MAD", "fr", True, 12_000),
    ("20 mille", "fr", False, 20_000),
    ("\u22123,5", "fr", False, -3.5),
    ("60k", "en", False, 60_000),
    ("60 K", "en", False, 60_000),
    ("1.5 bn", "en", False, 1_500_000_000),
    ("2.5bn", "en", False, 2_500_000_000),
    ("2 billion", "en", False, 2_000_000_000),
    ("3 millions", "en", False, 3_000_000),
    ("1.500 M", "en", False, 1_500_000),
    ("1,500", "en", False, 1_500),
    ("1,234,567.25", "en", False, 1_234_567.25),
    ("1 234 567", "en", False, 1_234_567),
    ("1.5", "en", False, 1.5),
    ("0.500", "en", False, 0.5),
    ("1234.567", "en", False, 1234.567),
    ("-42", "en", False, -42),
    ("+7", "en", False, 7),
    ("-0", "en", False, 0),
    ("007", "en", False, 7),
    ("  12  ", "en", False, 12),
    ("1.5e9", "en", False, 1_500_000_000),
    ("1,5e9", "fr", False, 1_500_000_000),
    ("2.5 thousand", "en", False, 2_500),
    ("250 EUR", "en", True, 250),
    ("1.2 M EUR", "en", True, 1_200_000),
]

# (text, locale, money, substring of the message) -- same table in docs/numbers.md.
REFUSED: list[tuple[str, str, bool, str]] = [
    ("", "en", False, "empty"),
    ("   ", "fr", False, "empty"),
    ("-", "en", False, "no number"),
    ("nan", "en", False, "not a finite number"),
    ("-inf", "en", False, "not a finite number"),
    ("Infinity", "fr", False, "not a finite number"),
    ("1e400", "en", False, "too large"),
    ("1e-400", "en", False, "too small"),
    ("0x1F", "en", False, "unknown word 'x1F'"),
    ("1.500", "en", False, "ambiguous under locale en"),
    ("1,500", "fr", False, "ambiguous under locale fr"),
    ("1.500 DH", "en", True, "ambiguous"),
    ("1,50", "en", False, "not a first group of 1-3 digits"),
    ("12,34,567", "en", False, "groups of exactly 3"),
    ("1.5", "fr", False, "'.' groups digits under locale fr"),
    ("0,500", "en", False, "not a first group"),
    ("1.000.000", "en", False, "appears 2 times"),
    ("1,2,3", "fr", False, "appears 2 times"),
    ("1,000 000", "en", False, "mixes two grouping styles"),
    ("1.000,5", "en", False, "after the decimal mark"),
    ("1 2", "en", False, "a space groups digits"),
    ("5.", "en", False, "nothing after the decimal mark"),
    (".5", "en", False, "must start with a digit"),
    ("50%", "en", False, "percentages"),
    ("12 jobs", "en", False, "unknown word 'jobs'"),
    ("12 emplois", "fr", False, "unknown word"),
    ("500 MDH", "fr", False, "'MDH' is a money unit"),
    ("500 MAD", "en", False, "'MAD' is a money unit"),
    ("3 DH", "fr", False, "money unit"),
    ("2 billions", "fr", False, "10^12 in French"),
    ("1 MMAD", "fr", True, "'MMAD' is ambiguous"),
    ("1,000e3", "en", False, "scientific notation cannot be combined with digit grouping"),
    ("2e3k", "en", False, "scientific notation cannot be combined with a scale word"),
    ("- 5", "en", False, "no number"),
    ("--5", "en", False, "no number"),
    ("$5", "en", False, "no number"),
    ("\u0661\u0662", "en", False, "no number"),
    ("9" * 101, "en", False, "too long"),
]


@pytest.mark.parametrize(("text", "locale", "money", "expected"), ACCEPTED)
def test_accepted(text: str, locale: str, money: bool, expected: float) -> None:
    assert parse_number(text, locale, money, currency="EUR" if "EUR" in text else None) == expected


@pytest.mark.parametrize(("text", "locale", "money", "fragment"), REFUSED)
def test_refused(text: str, locale: str, money: bool, fragment: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text, locale, money)
    assert fragment in str(caught.value)


def test_exact_decimal_arithmetic() -> None:
    # 8.2 * 1e6 in floats is 8199999.999999999; Decimal keeps the figure as written.
    assert 8.2 * 1e6 != 8_200_000
    assert parse_number("8,2 M", "fr") == 8_200_000.0
    assert parse_number("8.2 M", "en") == 8_200_000.0
    assert parse_number("1,5 MMDH", "fr", money=True) == 1_500_000_000.0
    assert parse_number("0,1 M", "fr") == 100_000.0


def test_error_line_names_value_and_gives_an_example() -> None:
    with pytest.raises(NumberError) as caught:
        parse_number("1.500", "en")
    line = str(caught.value)
    assert line.startswith("value '1.500': ambiguous under locale en")
    assert '"1.5"' in line and '"1,500"' in line


def test_dirham_words_refused_when_the_plan_counts_in_another_currency() -> None:
    with pytest.raises(NumberError, match="means dirhams but this plan counts money in EUR"):
        parse_number("500 MDH", "fr", money=True, currency="EUR")
    assert parse_number("500 MDH", "fr", money=True, currency="MAD") == 500_000_000


def test_currency_word_refused_without_money() -> None:
    with pytest.raises(NumberError, match="money unit"):
        parse_number("250 EUR", "en", money=False, currency="EUR")


def test_locale_spellings() -> None:
    assert parse_number("1,5", "fr_FR") == 1.5
    assert parse_number("1.5", "en-US") == 1.5
    with pytest.raises(NumberError, match="unknown locale"):
        parse_number("1", "de")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_grouped_integers_round_trip(n: int) -> None:
    english = f"{n:,}"
    assert parse_number(english, "en") == n
    for space in (" ", "\u00a0", "\u202f"):
        assert parse_number(english.replace(",", space), "fr") == n
    assert parse_number(english.replace(",", "."), "fr") == n


@settings(max_examples=200)
@given(
    st.text(),
    st.sampled_from(["en", "fr"]),
    st.booleans(),
    st.sampled_from([None, "EUR", "MAD"]),
)
def test_any_text_gives_a_finite_float_or_a_number_error(
    text: str, locale: str, money: bool, currency: str | None
) -> None:
    try:
        value = parse_number(text, locale, money, currency)
    except NumberError:
        return
    assert isinstance(value, float) and math.isfinite(value)


@settings(max_examples=200)
@given(st.from_regex(r"\A[+\-\u2212]?[0-9][0-9 .,\u00a0]{0,12}(e-?[0-9]{1,4})?"
                     r"( ?(k|M|Md|bn|MDH|MMDH|DH|%|x))?\Z"),
       st.sampled_from(["en", "fr"]))
def test_number_like_text_gives_a_finite_float_or_a_number_error(text: str, locale: str) -> None:
    # st.text() rarely produces digits and separators; this aims at the parser's core.
    try:
        value = parse_number(text, locale, money=True)
    except NumberError:
        return
    assert isinstance(value, float) and math.isfinite(value)
