"""Reading figures as people write them (offshore_cli.numbers, docs/numbers.md)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offshore_cli.errors import NumberError
from offshore_cli.numbers import accepted_words, parse_number

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
    ("50%", "en", False, "a percentage, but this indicator's unit is not %"),
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
    with pytest.raises(NumberError, match="means dirhams but this indicator counts money in EUR"):
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


# The French press's forms (issue 14): each reads under fr, for money in MAD.
PRESS: list[tuple[str, float]] = [
    ("500 millions de dirhams", 500_000_000),
    ("1,5 Mds de DH", 1_500_000_000),
    ("1,5 milliard de dirhams", 1_500_000_000),
    ("1,5 milliards de dirhams", 1_500_000_000),
    ("2 milliards DH", 2_000_000_000),
    ("500 millions DH", 500_000_000),
    ("3 millions", 3_000_000),
    ("500 MILLIONS DE DIRHAMS", 500_000_000),
    ("1,5 mds de dh", 1_500_000_000),
    ("1 million de dirhams", 1_000_000),
    ("2 Md de MAD", 2_000_000_000),
    ("450 dirhams", 450),
    ("1 dirham", 1),
]


@pytest.mark.parametrize(("text", "expected"), PRESS)
def test_the_press_forms_read_under_fr(text: str, expected: float) -> None:
    assert parse_number(text, "fr", money=True, currency="MAD") == expected
    assert parse_number(text, "fr", money=True) == expected  # no currency known


@pytest.mark.parametrize("text", [text for text, _ in PRESS if "de" in text.casefold()])
def test_de_is_french_only(text: str) -> None:
    with pytest.raises(NumberError, match="unknown word"):
        parse_number(text.replace(",", "."), "en", money=True, currency="MAD")


@pytest.mark.parametrize(("text", "currency", "line"), [
    ("500 millions de dirhams", "EUR", "value '500 millions de dirhams': 'dirhams' means "
     "dirhams but this indicator counts money in EUR (write the amount in EUR, e.g. "
     '"500 M EUR")'),
    ("2 milliards DH", "USD", "value '2 milliards DH': 'DH' means dirhams but this indicator "
     'counts money in USD (write the amount in USD, e.g. "2 Md USD")'),
    ("1,5 Mds de MAD", "EUR", "value '1,5 Mds de MAD': 'MAD' means dirhams but this indicator "
     'counts money in EUR (write the amount in EUR, e.g. "1,5 Md EUR")'),
])
def test_dirham_words_only_for_money_in_mad(text: str, currency: str, line: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text, "fr", money=True, currency=currency)
    assert str(caught.value) == line


@pytest.mark.parametrize("text", ["500 millions de dirhams", "2 milliards DH", "1 dirham"])
def test_dirham_words_refused_for_a_count(text: str) -> None:
    with pytest.raises(NumberError, match="is a money unit but this indicator is not an amount"):
        parse_number(text, "fr")


@pytest.mark.parametrize("text", ["3 de dirhams", "3 millions de", "3 millions de jobs",
                                  "3 de", "3 millions de de dirhams"])
def test_de_only_joins_a_scale_word_to_a_currency(text: str) -> None:
    with pytest.raises(NumberError, match="unknown word"):
        parse_number(text, "fr", money=True, currency="MAD")


@given(st.decimals(min_value=0, max_value=999_999, places=2, allow_nan=False,
                   allow_infinity=False),
       st.sampled_from([("million", 10**6), ("millions", 10**6), ("M", 10**6),
                        ("milliard", 10**9), ("milliards", 10**9), ("Md", 10**9),
                        ("Mds", 10**9)]),
       st.sampled_from(["", " de"]),
       st.sampled_from(["DH", "Dhs", "dirham", "dirhams", "MAD"]),
       st.sampled_from([" ", "\u00a0", "\u202f", "."]),
       st.booleans())
def test_any_figure_in_the_press_forms_reads_back(
        number: Decimal, scale: tuple[str, int], de: str, currency: str, group: str,
        upper: bool) -> None:
    # The number written the French way: grouped by thousands, a comma before decimals.
    whole, _, fraction = f"{number:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    written = grouped + ("," + fraction if fraction.strip("0") else "")
    word, factor = scale
    text = f"{written} {word}{de} {currency}"
    text = text.upper() if upper else text
    assert parse_number(text, "fr", money=True, currency="MAD") == float(number * factor)


PERCENT_UNITS = ["%", "percent", "Percent"]


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("80 %", "fr", 80), ("80%", "fr", 80), ("80\u202f%", "fr", 80), ("80\u00a0%", "fr", 80),
    ("80 %", "en", 80), ("80%", "en", 80), ("12,5 %", "fr", 12.5), ("12.5%", "en", 12.5),
    ("-3 %", "en", -3), ("0 %", "fr", 0),
])
def test_a_percent_reads_as_written_for_a_percent_indicator(text: str, locale: str,
                                                            expected: float) -> None:
    assert parse_number(text, locale, percent=True) == expected


@given(st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False,
                   allow_infinity=False), st.sampled_from(["en", "fr"]))
def test_a_percent_as_written_for_people_reads_back(number: Decimal, locale: str) -> None:
    from offshore_cli.figures import amount

    shown = amount(float(number), "%", False, locale)
    assert parse_number(shown, locale, percent=True) == float(number)


@pytest.mark.parametrize("text", ["80 %%", "80 k%", "80 % %", "80 percent"])
def test_only_a_lone_percent_sign_follows_a_percent(text: str) -> None:
    with pytest.raises(NumberError, match="unknown word"):
        parse_number(text, "en", percent=True)


def test_a_percent_is_refused_with_a_hint_for_another_unit() -> None:
    with pytest.raises(NumberError) as caught:
        parse_number("80 %", "fr", money=True, currency="MAD")
    assert str(caught.value) == (
        "value '80 %': a percentage, but this indicator's unit is not % (or percent) "
        "(write the figure in the indicator's unit, e.g. \"80\")")


@given(st.sampled_from(["en", "fr"]), st.booleans(),
       st.sampled_from([None, "MAD", "mad", "DH", "Dhs", "dirhams", "EUR", "USD"]),
       st.booleans())
def test_the_accepted_words_are_listed_once_each(locale: str, money: bool,
                                                 currency: str | None, percent: bool) -> None:
    listed = accepted_words(locale, money, currency, percent).replace(";", ",").split(",")
    words = [word.strip().removeprefix("money: ").casefold() for word in listed]
    assert len(words) == len(set(words)), words


@settings(max_examples=300)
@given(st.from_regex(r"\A-?[0-9][0-9 .,]{0,6}( ?(k|M|Md|bn|MDH|MMDH|DH|dirhams|de|x|%|jobs|"
                     r"MAD|EUR|billion)){0,3}\Z"),
       st.sampled_from(["en", "fr"]), st.booleans(),
       st.sampled_from([None, "MAD", "DH", "EUR"]), st.booleans())
def test_no_refusal_says_a_thing_twice(text: str, locale: str, money: bool,
                                       currency: str | None, percent: bool) -> None:
    try:
        parse_number(text, locale, money, currency, percent)
    except NumberError as error:
        problem = error.problems[0]
        line = str(error)
        assert problem.hint and line.count(problem.hint) == 1, line
        assert line.count("(") == line.count(")")
        if "accepted words:" in problem.hint:
            listed = problem.hint.split(": ", 1)[1].replace(";", ",").split(",")
            words = [word.strip().removeprefix("money: ").casefold() for word in listed]
            assert len(words) == len(set(words)), line


DOCS = Path(__file__).resolve().parent.parent / "docs" / "numbers.md"


def _doc_rows(heading: str) -> list[list[str]]:
    """The rows of the table under ``heading`` in docs/numbers.md, cells unescaped."""
    text = DOCS.read_text(encoding="utf-8").split(f"### {heading}\n", 1)[1]
    rows = []
    for line in text.split("\n## ", 1)[0].split("\n### ", 1)[0].splitlines():
        if line.startswith("| ") and not line.startswith(("| Text", "|---")):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows.append([re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), cell)
                         for cell in cells])
    return rows


def _doc_call(text_cell: str, money_cell: str) -> tuple[str, dict[str, object]]:
    """The text and the keyword arguments a row of the docs' tables stands for."""
    found = re.fullmatch(r"`(.*)`.*", text_cell)
    text = "" if text_cell == "(empty)" else found.group(1) if found else text_cell
    options: dict[str, object] = {"money": money_cell.startswith("yes"),
                                  "percent": "percent" in money_cell}
    currency = re.search(r"currency (\w+)", money_cell)
    if currency:
        options["currency"] = currency.group(1)
    return text, options


def test_every_accepted_example_in_the_docs_reads_as_its_value() -> None:
    rows = _doc_rows("Accepted")
    assert len(rows) >= len(ACCEPTED)
    for text_cell, locale, money_cell, value in rows:
        text, options = _doc_call(text_cell, money_cell)
        assert parse_number(text, locale, **options) == float(value.replace(",", "")), text


def test_every_refused_example_in_the_docs_prints_its_line() -> None:
    rows = _doc_rows("Refused")
    assert len(rows) >= len(REFUSED)
    for text_cell, locale, money_cell, line in rows:
        text, options = _doc_call(text_cell, money_cell)
        if text.startswith("999…"):
            text = "9" * 101  # written short in the table
            line = line.replace("999…9...", "9" * 37 + "...")
        with pytest.raises(NumberError) as caught:
            parse_number(text, locale, **options)
        assert str(caught.value) == line, text
