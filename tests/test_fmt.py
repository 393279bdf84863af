"""How figures, percents, durations and prose are written, by locale: the rules of
"How figures are written" in docs/numbers.md, each with exact expectations, and
the general ones (distinct, never ``-0``, never a breakable space inside a
number, lines never break a number) as properties."""

from __future__ import annotations

import datetime as dt
import math
import re
import time

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from offshore_cli import figures
from offshore_cli.numbers import parse_number
from offshore_cli.render import fmt

D = dt.date
NB = "\u00a0"  # no-break space: number and scale word
NN = "\u202f"  # narrow no-break space: French groups, before %
LOCALES = ("en", "fr")

floats = st.floats(allow_nan=False, allow_infinity=False)
# Figures as plans hold them: mostly money-sized and count-sized, some tiny.
figures_ = st.one_of(
    st.floats(min_value=-1e13, max_value=1e13, allow_nan=False),
    st.integers(-10**12, 10**12).map(float),
    st.floats(min_value=-1, max_value=1),
)


@pytest.mark.parametrize(
    ("value", "unit", "money", "locale", "shown"),
    [
        # Money: at least three significant digits, the scale chosen after rounding.
        (1.25e9, "MAD", True, "en", f"1.25{NB}bn MAD"),
        (1.25e9, "MAD", True, "fr", f"1,25{NB}Md MAD"),
        (1.2e9, "MAD", True, "en", f"1.20{NB}bn MAD"),
        (1.5e9, "MAD", True, "en", f"1.50{NB}bn MAD"),
        (1.5e9, "MAD", True, "fr", f"1,50{NB}Md MAD"),
        (1e9, "MAD", True, "en", f"1.00{NB}bn MAD"),
        (18e9, "MAD", True, "en", f"18.0{NB}bn MAD"),
        (150e9, "MAD", True, "en", f"150{NB}bn MAD"),
        (1.5e12, "MAD", True, "en", f"1,500{NB}bn MAD"),
        (1.5e12, "MAD", True, "fr", f"1{NN}500{NB}Md MAD"),
        (999_960_000, "MAD", True, "en", f"1.00{NB}bn MAD"),
        (999_960_000, "MAD", True, "fr", f"1,00{NB}Md MAD"),
        (200_136_986, "MAD", True, "en", f"200{NB}M MAD"),
        (249_829_001, "MAD", True, "en", f"250{NB}M MAD"),
        (5e8, "MAD", True, "en", f"500{NB}M MAD"),
        (1e6, "MAD", True, "en", f"1.00{NB}M MAD"),
        (-1.25e9, "MAD", True, "en", f"-1.25{NB}bn MAD"),
        # Below a million: a grouped number, up to two decimals.
        (250_000, "MAD", True, "en", "250,000 MAD"),
        (250_000, "MAD", True, "fr", f"250{NN}000 MAD"),
        (999_500, "MAD", True, "en", "999,500 MAD"),
        (1234.567, "EUR", True, "en", "1,234.57 EUR"),
        (999_999.996, "MAD", True, "en", f"1.00{NB}M MAD"),  # a million once rounded
        # Counts: grouped in full, up to two decimals.
        (69900, "jobs", False, "en", "69,900 jobs"),
        (69900, "emplois", False, "fr", f"69{NN}900 emplois"),
        (1_234_567.5, "t", False, "fr", f"1{NN}234{NN}567,5 t"),
        (1_234_567.5, "t", False, "en", "1,234,567.5 t"),
        (1.5e9, "jobs", False, "en", "1,500,000,000 jobs"),
        (2.5, "t", False, "en", "2.5 t"),
        (1234.25, "t", False, "fr", f"1{NN}234,25 t"),
        (-405, "d", False, "en", "-405 d"),
        (-0.001, "t", False, "en", "0 t"),
        (None, "x", False, "en", "-"),
    ],
)
def test_amount(value: float | None, unit: str, money: bool, locale: str, shown: str) -> None:
    assert fmt.amount(value, unit, money, locale) == shown


@pytest.mark.parametrize(
    ("value", "locale", "shown"),
    [(69900, "fr", f"69{NN}900"), (69900, "en", "69,900"), (1_234_567.5, "fr",
     f"1{NN}234{NN}567,5"), (0.5, "fr", "0,5"), (-0.004, "fr", "0"), (-0.0, "en", "0"),
     (-12.5, "fr", "-12,5")],
)
def test_number_groups_by_cldr(value: float, locale: str, shown: str) -> None:
    assert fmt.number(value, locale) == shown


def test_percent() -> None:
    assert fmt.percent(2 / 3, "en") == "66.7%"
    assert fmt.percent(2 / 3, "fr") == f"66,7{NN}%"
    assert fmt.percent(1.165, "en") == "116.5%"
    assert fmt.percent(12.345, "fr") == f"1{NN}234,5{NN}%"
    assert fmt.percent(None, "en") == "-"
    # A ratio that rounds to zero has no sign.
    assert fmt.percent(-0.0001, "en") == "0.0%"
    assert fmt.percent(-0.0, "fr") == f"0,0{NN}%"
    assert fmt.percent(-0.001, "en") == "-0.1%"


def test_percent_takes_the_gates_precision() -> None:
    assert figures.percent(2 / 3, "en", 3) == "66.667%"
    assert fmt.percent(0.89996, "en") == "90.0%"


@pytest.mark.parametrize(
    ("value", "money", "locale", "shown"),
    [(1.25e9, True, "en", f"1.25{NB}bn"), (250_000, True, "fr", f"250{NN}000"),
     (1234.567, False, "en", "1,235"), (99.456, False, "en", "99.46"),
     (-0.3, False, "en", "-0.3"), (None, False, "en", "-")],
)
def test_short_amount(value: float | None, money: bool, locale: str, shown: str) -> None:
    assert fmt.short_amount(value, money, locale) == shown


@pytest.mark.parametrize(
    ("value", "money", "whole", "shown"),
    [
        (1.33, False, True, "1"),  # no "1.33 jobs" a year
        (2.5, False, True, "3"),  # halves away from zero
        (-2.5, False, True, "-3"),
        (-0.4, False, True, "0"),  # never "-0"
        (13_979.6, False, True, "13,980"),
        (1.33, False, False, "1.33"),  # a unit with decimals keeps them
        (1234.5, False, False, "1,234"),
        (3.75e8, True, True, f"375{NB}M"),  # money: the significant-digit rule
        (1.2e9, True, False, f"1.20{NB}bn"),
        (250_000.7, True, True, "250,001"),  # below a million: as short_amount
        (None, False, True, "-"),
    ],
)
def test_per_year(value: float | None, money: bool, whole: bool, shown: str) -> None:
    assert fmt.per_year(value, money, whole, "en") == shown


def test_all_whole() -> None:
    assert fmt.all_whole(0, 40_000.0, None, 69900)
    assert not fmt.all_whole(0, 2.5)


@pytest.mark.parametrize(
    ("values", "money", "digits", "shown"),
    [
        ([1.2e9, 1.5e9], True, 3, [f"1.20{NB}bn", f"1.50{NB}bn"]),
        ([1.2e9, 1.204e9], True, 4, [f"1.200{NB}bn", f"1.204{NB}bn"]),
        ([1.25e9, 1.2500001e9], True, 8, [f"1.2500000{NB}bn", f"1.2500001{NB}bn"]),
        ([999_960_000, 1e9], True, 5, [f"999.96{NB}M", f"1.0000{NB}bn"]),
        ([0.333, 0.334], False, 3, ["0.333", "0.334"]),
        ([0.3331, 0.3332], False, 4, ["0.3331", "0.3332"]),
        ([2, 2.001], False, 4, ["2", "2.001"]),
        ([69900, 71000], False, 3, ["69,900", "71,000"]),
        ([1e9, 1e9, None], True, 3, [f"1.00{NB}bn", f"1.00{NB}bn", "-"]),
    ],
)
def test_column_digits_tell_different_figures_apart(
        values: list[float | None], money: bool, digits: int, shown: list[str]) -> None:
    assert fmt.column_digits(values, money, "en") == digits
    assert [fmt.short_amount(value, money, "en", digits) if value is not None else "-"
            for value in values] == shown
    if money:
        assert fmt.money_digits(values, "en") == digits


def test_column_digits_for_narrow_columns() -> None:
    # short_amount drops the decimals of a count of a hundred or more, unless needed.
    assert fmt.column_digits([100.4, 100.2], False, "en", short=True) == 4
    assert fmt.short_amount(100.4, False, "en", 4) == "100.4"
    assert fmt.column_digits([100.4, 100.2], False, "en") == 3  # amount shows 2 decimals


def test_column_digits_of_a_hundred_thousand_figures_is_quick() -> None:
    values = [1e6 + index * 12_345.678 for index in range(100_000)]
    started = time.process_time()
    digits = fmt.money_digits(values, "en")
    spent = time.process_time() - started
    assert len({fmt.short_amount(value, True, "en", digits) for value in values}) == 100_000
    # A few passes of one formatting per value: well under a second on any machine
    # this runs on; the bound only catches a quadratic comparison.
    assert spent < 5.0, spent


@given(st.lists(figures_, min_size=1, max_size=30), st.booleans(), st.sampled_from(LOCALES),
       st.booleans())
@example([1.0, 1.0000000000000002], True, "en", False)
@example([999_999.995, 1_000_000.0], True, "fr", True)
def test_different_figures_in_one_column_never_read_the_same(
        values: list[float], money: bool, locale: str, short: bool) -> None:
    digits = fmt.column_digits(values, money, locale, short=short)
    assert figures.MIN_DIGITS <= digits <= figures.MAX_DIGITS
    write = fmt.short_amount if short else fmt.figure
    assert len({write(value, money, locale, digits) for value in values}) == len(set(values))


@st.composite
def close_figures(draw: st.DrawFn) -> list[float]:
    """Figures a few units of some digit apart, as in a column of revised figures."""
    base = draw(figures_)
    step = base * 10.0 ** -draw(st.integers(2, 16)) or 1e-3
    return [base + step * draw(st.integers(-30, 30)) for _ in range(draw(st.integers(1, 12)))]


@given(st.one_of(close_figures(), st.lists(figures_, max_size=12)), st.booleans(),
       st.sampled_from(LOCALES), st.booleans())
@example([9.9949, 9.996, 10.001], False, "en", False)
@example([1.2449e9, 1.2451e9, 1.25e9], True, "en", False)
def test_column_digits_are_the_fewest_that_tell_figures_apart(
        values: list[float], money: bool, locale: str, short: bool) -> None:
    """The neighbouring-pairs search gives what writing every value at every
    precision gives."""
    write = fmt.short_amount if short else fmt.figure
    distinct = set(values)
    fewest = next((digits for digits in range(figures.MIN_DIGITS, figures.MAX_DIGITS)
                   if len({write(value, money, locale, digits) for value in distinct})
                   == len(distinct)), figures.MAX_DIGITS)
    assert fmt.column_digits(values, money, locale, short=short) == fewest


def _number_part(text: str) -> str:
    """The figure of ``amount`` without its unit."""
    return text.rpartition(" ")[0]


@given(figures_ | floats, st.booleans(), st.sampled_from(LOCALES),
       st.none() | st.integers(figures.MIN_DIGITS, figures.MAX_DIGITS))
@example(-0.0, False, "en", None)
@example(-1e-300, True, "fr", 17)
@example(-0.004, True, "en", None)
def test_never_minus_zero_and_never_a_breakable_space(
        value: float, money: bool, locale: str, digits: int | None) -> None:
    shown = [_number_part(fmt.amount(value, "MAD", money, locale, digits)),
             fmt.short_amount(value, money, locale, digits),
             fmt.per_year(value, money, True, locale, digits),
             fmt.per_year(value, money, False, locale, digits)]
    if abs(value) < 1e300:  # a ratio, not a ratio a hundredth of the largest float
        shown.append(fmt.percent(value, locale).removesuffix(f"{NN}%").removesuffix("%"))
    for text in shown:
        digits_shown = text.partition(NB)[0]  # the scale word aside
        if digits_shown.startswith("-"):
            assert re.search("[1-9]", digits_shown), text  # never "-0", "-0.00", "-0,0"
        breakable = [char for char in text if char.isspace() and char not in (NB, NN)]
        assert not breakable, text
        assert re.fullmatch(r"-?[0-9][0-9,.\u202f]*", digits_shown), text


@given(st.floats(min_value=-1e13, max_value=1e13, allow_nan=False), st.sampled_from(LOCALES))
def test_money_reads_back_within_its_digits(value: float, locale: str) -> None:
    """What is written is read back by ``parse_number``: to three significant digits
    at a scale word, to the cent below."""
    shown = fmt.amount(value, "MAD", True, locale)
    read = parse_number(shown, locale, money=True, currency="MAD")
    if abs(round(value, 2)) < 1e6:
        assert math.isclose(read, value, abs_tol=0.005 + 1e-9 * abs(value))
    else:
        assert math.isclose(read, value, rel_tol=0.005)


def test_the_data_layer_writes_the_same() -> None:
    assert figures.amount(1.2e9, "MAD", True, "fr") == fmt.amount(1.2e9, "MAD", True, "fr")
    assert fmt.amount is figures.amount


# Prose wrapping: only at ASCII spaces.

def test_rich_breaks_lines_inside_a_french_number() -> None:
    """The reason for ``wrap_words``: rich's wrapping splits at any Unicode space,
    the no-break ones of a figure included (rich/_wrap.py matches ``\\s``)."""
    lines = Text(f"a 1{NN}234{NN}567 b").wrap(Console(width=40), 10)
    assert not any(f"1{NN}234{NN}567" in line.plain for line in lines)
    assert fmt.wrap_words(f"a 1{NN}234{NN}567 b", 10) == ["a", f"1{NN}234{NN}567", "b"]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("the target of 1.50\u00a0bn MAD is near", 14,
         ["the target of", "1.50\u00a0bn MAD is", "near"]),
        (f"reached 69{NN}900 emplois", 10, ["reached", f"69{NN}900", "emplois"]),
        ("a  b   c", 3, ["a b", "c"]),
        ("abcdefgh ij", 3, ["abc", "def", "gh", "ij"]),
        ("abcdefg x", 3, ["abc", "def", "g x"]),
        ("one\ntwo three", 20, ["one", "two three"]),
        ("中文中文 ab", 4, ["中文", "中文", "ab"]),
        ("e\u0301te\u0301 x", 6, ["e\u0301te\u0301 x"]),
        ("", 5, [""]),
    ],
)
def test_wrap_words(text: str, width: int, lines: list[str]) -> None:
    assert fmt.wrap_words(text, width) == lines


@pytest.mark.parametrize("text", ["abc", "中文", "e\u0301te\u0301", f"1{NN}234{NB}M", "ｱｲ"])
def test_cells_agrees_with_rich(text: str) -> None:
    assert fmt.cells(text) == cell_len(text)


plain_words = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF,
                                    blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
                      min_size=1, max_size=12)
figure_words = st.builds(fmt.short_amount, figures_, st.booleans(), st.sampled_from(LOCALES))
prose_words = st.lists(st.one_of(plain_words, figure_words), max_size=25)


@given(prose_words, st.integers(1, 40), st.sampled_from([" ", "  "]))
def test_wrapped_prose_keeps_every_word_whole(words: list[str], width: int,
                                              gap: str) -> None:
    assume(all(fmt.cells(word) <= width for word in words))
    lines = fmt.wrap_words(gap.join(words), width)
    assert all(fmt.cells(line) <= width for line in lines)
    # Joining the lines gives back the words: so no figure starts or ends a line
    # anywhere but at its own ends.
    assert [word for line in lines for word in line.split(" ") if word] == words
    for line in lines:
        assert line == line.strip(" ")
        assert not line.startswith((NB, NN)) and not line.endswith((NB, NN))


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=60), st.integers(1, 30))
def test_wrapping_loses_no_character(text: str, width: int) -> None:
    lines = fmt.wrap_words(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    for line in lines:
        # Wider than the width only where one character alone is wider (a CJK
        # character at width 1).
        assert fmt.cells(line) <= width or (width == 1 and fmt.cells(line) == 2), line


@pytest.mark.parametrize(
    ("as_of", "deadline", "phrase"),
    [
        (D(2019, 4, 23), D(2020, 12, 31), "618 days left (1 year 8 months)"),
        (D(2020, 12, 30), D(2020, 12, 31), "1 day left (1 day)"),
        (D(2020, 12, 31), D(2020, 12, 31), "deadline today"),
        (D(2026, 11, 27), D(2020, 12, 31), "ended 5 years ago"),
        (D(2021, 1, 31), D(2020, 12, 31), "ended 1 month ago"),
        (D(2020, 1, 31), D(2020, 2, 29), "29 days left (29 days)"),
        (D(2020, 1, 31), D(2020, 3, 1), "30 days left (1 month 1 day)"),
    ],
)
def test_countdown(as_of: dt.date, deadline: dt.date, phrase: str) -> None:
    assert fmt.countdown(as_of, deadline) == phrase


def test_age() -> None:
    assert fmt.age(D(2019, 4, 23), D(2018, 12, 31)) == "3 months old"
    assert fmt.age(D(2019, 4, 23), D(2019, 4, 23)) == "today"
    assert fmt.age(D(2019, 4, 23), D(2019, 4, 20)) == "3 days old"


@pytest.mark.parametrize(("value", "unit", "money", "locale", "shown"), [
    (1, "jobs", False, "en", "1 job"),
    (2, "jobs", False, "en", "2 jobs"),
    (1, "startups", False, "en", "1 startup"),
    (-1, "startups", False, "en", "-1 startup"),
    (1, "emplois", False, "fr", "1 emploi"),
    (1, "entreprises", False, "fr", "1 entreprise"),
    (0, "jobs", False, "en", "0 jobs"),
    (1.5, "jobs", False, "en", "1.5 jobs"),
    (1.5, "emplois", False, "fr", "1,5 emplois"),
    (1.001, "jobs", False, "en", "1 job"),  # reads 1 at two decimals
    (1000, "jobs", False, "en", "1,000 jobs"),
    (1, "MAD", True, "en", "1 MAD"),
    (1, "dirhams", True, "en", "1 dirhams"),  # money stays as the plan writes it
    (1, "%", False, "fr", "1 %"),
    (1, "percent", False, "en", "1 percent"),
    (1, "ms", False, "en", "1 ms"),  # two letters: an abbreviation
    (1, "new jobs", False, "en", "1 new jobs"),  # more than a word
    (1, "m2", False, "en", "1 m2"),
    (1, "business", False, "en", "1 business"),
    (1, "campus", False, "en", "1 campus"),
    (1, "mois", False, "fr", "1 mois"),
    (1, "pays", False, "fr", "1 pays"),
    (1, "companies", False, "en", "1 companies"),
    (1, "days", False, "en", "1 day"),
    (1, "projets", False, "fr", "1 projet"),
    (1, "licenses", False, "en", "1 license"),
    (1, "KPIs", False, "en", "1 KPI"),
    (1, "Mois", False, "fr", "1 Mois"),
    (1, "analysis", False, "en", "1 analysis"),
    (1, "analyses", False, "fr", "1 analyse"),
    (1, "progrès", False, "fr", "1 progrès"),
    (1, "classes", False, "en", "1 classes"),
    (1, "buses", False, "en", "1 buses"),
    (1, "devis", False, "fr", "1 devis"),
    (1, "boxes", False, "en", "1 boxes"),
    (1, "branches", False, "en", "1 branches"),
    (1, "courses", False, "en", "1 course"),
])
def test_a_count_of_one_has_its_unit_in_the_singular(value: float, unit: str, money: bool,
                                                     locale: str, shown: str) -> None:
    assert fmt.amount(value, unit, money, locale) == shown


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.sampled_from(LOCALES),
       st.sampled_from(["jobs", "startups", "emplois", "mois", "MAD", "%", "things"]))
def test_the_unit_changes_only_for_a_figure_that_reads_one(value: float, locale: str,
                                                          unit: str) -> None:
    money = unit == "MAD"
    shown = fmt.amount(value, unit, money, locale)
    number, _, written_unit = shown.partition(" ")
    if number.removeprefix("-") == "1" and not money and unit in ("jobs", "startups",
                                                                 "emplois", "things"):
        assert written_unit == unit[:-1]
    else:
        assert shown.endswith(" " + unit)
