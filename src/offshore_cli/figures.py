"""How a figure is written for people, by locale (the rules of "How figures are
written" in docs/numbers.md).

Plain text only, so that an error message of the data layer, a table and an export
write a number the same way: digit groups and decimal mark by CLDR convention,
money at its scale word with at least three significant digits, percents, and the
significant digits a column needs for two different figures never to read the same.
A number never holds a space a line may break at: French groups use U+202F and a
scale word is joined by U+00A0; only the unit after it follows a plain space.
``offshore_cli.numbers`` reads money and counts back as written here.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
"""No-break space: between a number and its scale word (``1.25 bn``)."""
NNBSP = "\u202f"
"""Narrow no-break space: French digit groups (``69 900``) and before ``%``."""

MIN_DIGITS = 3
"""Significant digits of money at a scale word, at the least (``1.20 bn``, not ``1.2 bn``)."""
MAX_DIGITS = 17
"""The most significant digits a column is given: 17 tell any two floats apart, so
two different figures can always be written differently."""
MONEY_SCALE_FROM = 1e6
"""Money from a million on is written at a scale word; below, as a grouped number."""

# (power of ten, word), largest first; CLDR's short forms ("Md" is the French milliard).
_SCALES = {"en": ((9, "bn"), (6, "M")), "fr": ((9, "Md"), (6, "M"))}
# Grouping separator and decimal mark: CLDR en and fr.
_MARKS = {"en": (",", "."), "fr": (NNBSP, ",")}
_TO_FRENCH = str.maketrans({",": NNBSP, ".": ","})
_SIGNED_ZERO = frozenset("-0,.")


def message_locale(plan_locale: str | None) -> str:
    """The locale a message of the data layer writes a plan's figures in: the run's
    language once a command has settled it (words and numbers agree: a French
    sentence never holds ``60,000`` for sixty thousand, nor an English one ``60 000``);
    for a library caller that never chose one, the plan's ``locale`` when the language
    is English."""
    from offshore_cli.i18n import DEFAULT, chosen, language

    spoken = language()
    locale = spoken if spoken != DEFAULT or chosen() else plan_locale
    return locale if locale in _MARKS else "en"


def is_money(unit: str, currency: str | None) -> bool:
    """A unit is money when it is the plan's currency or a three-letter code (MAD, EUR)."""
    return unit == currency or (len(unit) == 3 and unit.isascii() and unit.isalpha()
                                and unit.isupper())


PERCENT_UNITS = frozenset({"%", "percent"})
"""Units of an indicator counted in percent: a figure may be typed ``80 %``."""


def is_percent(unit: str) -> bool:
    """A unit is a percent when it is ``%`` or ``percent`` (any case)."""
    return unit.strip().casefold() in PERCENT_UNITS


def group(value: float, locale: str, decimals: int = 0) -> str:
    """``69900`` -> ``69,900`` (en) or ``69 900`` with U+202F (fr), at ``decimals``
    decimals. A value that rounds to zero has no sign: never ``-0``."""
    text = f"{value:,.{decimals}f}"
    if text[:1] == "-" and set(text) <= _SIGNED_ZERO:
        # Only zeros left (``-0.00``): the sign would claim a figure below zero.
        text = text[1:]
    return text.translate(_TO_FRENCH) if locale == "fr" else text


def _trimmed(text: str, locale: str) -> str:
    """Trailing zeros of the decimals dropped, and the mark with them when none is left."""
    mark = _MARKS[locale][1]
    if mark not in text:
        return text
    return text.rstrip("0").removesuffix(mark)


def _decimals_for(value: float, digits: int | None) -> int:
    """The decimals that show ``value`` to ``digits`` significant digits (0 for ``None``)."""
    if not digits or value == 0 or not math.isfinite(value):
        return 0
    # The exponent after rounding: 9.996 to three digits is 10.0, one decimal.
    exponent = int(f"{value:.{digits - 1}e}".rpartition("e")[2])
    return max(0, digits - 1 - exponent)


def number(value: float, locale: str, digits: int | None = None) -> str:
    """A count: grouped, whole numbers in full, others with up to two decimals
    (``1 234 567,5``), or more when ``digits`` significant digits need them."""
    if float(value).is_integer():
        return group(value, locale)
    decimals = max(2, _decimals_for(value, digits))
    return _trimmed(group(value, locale, decimals), locale)


def scaled(value: float, locale: str, digits: int | None = None) -> str | None:
    """Money at its scale word with at least ``MIN_DIGITS`` (or ``digits``)
    significant digits: ``1.25 bn``, ``1.20 bn``, ``18.0 bn``, ``150 bn``, fr
    ``1,25 Md``; the scale is chosen after rounding (999,960,000 is ``1.00 bn``).
    ``None`` for money written as a plain number: below a million (after rounding
    to cents), and not finite."""
    if not math.isfinite(value) or abs(round(value, 2)) < MONEY_SCALE_FROM:
        return None
    precision = max(MIN_DIGITS, digits or 0)
    mantissa, _, exponent_text = f"{abs(value):.{precision - 1}e}".partition("e")
    exponent = int(exponent_text)
    found = [(power, word) for power, word in _SCALES[locale] if exponent >= power]
    if not found:
        # 999,999.995 to 17 digits: still below a million at the precision asked.
        return None
    power, word = found[0]
    shown = mantissa.replace(".", "")
    whole_digits = exponent - power + 1  # digits before the decimal mark, at the scale
    whole = int(shown[:whole_digits].ljust(whole_digits, "0"))
    fraction = shown[whole_digits:]
    separator, mark = _MARKS[locale]
    text = f"{whole:,}".replace(",", separator) + (mark + fraction if fraction else "")
    return f"{'-' if value < 0 else ''}{text}{NBSP}{word}"


def figure(value: float, is_money: bool, locale: str, digits: int | None = None) -> str:
    """The number of ``amount``, without the unit."""
    if is_money and (money := scaled(value, locale, digits)) is not None:
        return money
    return number(value, locale, digits)


def _written_short(value: float, is_money: bool, locale: str, digits: int | None) -> str:
    if is_money and (money := scaled(value, locale, digits)) is not None:
        return money
    if abs(value) >= 100:
        # Decimals of a count of a hundred or more are noise in a narrow column,
        # unless the column needs them to tell two figures apart.
        return _trimmed(group(value, locale, _decimals_for(value, digits)), locale)
    return number(value, locale, digits)


def amount(value: float | None, unit: str, is_money: bool, locale: str,
           digits: int | None = None) -> str:
    """A figure in its unit: money from a million at its scale word (``1.25 bn MAD``,
    fr ``1,25 Md MAD``), below as a number (``250,000 MAD``); counts grouped
    (``69,900 jobs``), a count that reads 1 with its unit in the singular (``1 job``,
    see ``unit_after``). ``digits``: the column's significant digits (``column_digits``)."""
    if value is None:
        return "-"
    written = figure(value, is_money, locale, digits)
    return f"{written} {unit_after(written, unit, is_money)}"


# Plurals whose singular also ends in s, or is not the word less its s (business,
# campus, analysis, progrès, companies, classes, buses, boxes, branches): such a
# unit is left as written; so are the words listed, singular as written.
_KEPT_ENDINGS = ("ss", "us", "sis", "xis", "ès", "ies", "sses", "uses", "xes", "ches", "shes")
_KEPT_WORDS = frozenset({
    "mois", "fois", "pays", "avis", "devis", "colis", "cas", "bras", "pas", "repas", "dos",
    "corps", "temps", "poids", "cours", "parcours", "concours", "discours", "recours",
    "secours", "news", "means", "gas", "canvas", "bias", "alias", "atlas", "lens", "chaos",
})


def unit_after(written: str, unit: str, is_money: bool) -> str:
    """The unit after a figure written ``written``: in the singular when the figure
    reads 1 (or -1) and the unit is a plain plural word, its final s dropped
    (``1 job``, ``1 startup``, ``1 emploi``); as written otherwise (``2 jobs``,
    ``0 jobs``, ``1.5 jobs``, ``1 MAD``, ``1 %``). A plain plural word: letters
    only, more than two, ending in a small s, not in one of ``_KEPT_ENDINGS`` nor
    one of ``_KEPT_WORDS`` (whatever the case); never money or a percent."""
    if (written.removeprefix("-") != "1" or is_money or len(unit) <= 2
            or not unit.isalpha() or not unit.endswith("s")):
        return unit
    folded = unit.casefold()
    if folded.endswith(_KEPT_ENDINGS) or folded in _KEPT_WORDS:
        return unit
    return unit[:-1]


def short_amount(value: float | None, is_money: bool, locale: str,
                 digits: int | None = None) -> str:
    """Like ``amount`` without the unit, for narrow columns: counts of a hundred or
    more are rounded to whole numbers unless ``digits`` asks for more."""
    if value is None:
        return "-"
    return _written_short(value, is_money, locale, digits)


def per_year(value: float | None, is_money: bool, whole: bool, locale: str,
             digits: int | None = None) -> str:
    """A rate per year, without the unit: money as ``short_amount``; a count of a
    whole unit (``whole``: the indicator's figures are all whole numbers) rounded to
    a whole number, halves away from zero (1.33 jobs a year is ``1``); other counts
    as ``short_amount``."""
    if value is None:
        return "-"
    if whole and not is_money and math.isfinite(value):
        if not value.is_integer():  # then below 2**52: within Decimal's 28 digits
            value = float(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return group(value, locale)
    return _written_short(value, is_money, locale, digits)


def all_whole(*values: float | None) -> bool:
    """Whether every figure given (``None`` aside) is a whole number: the ``whole``
    of ``per_year``."""
    return all(value is None or float(value).is_integer() for value in values)


def column_digits(values: Iterable[float | None], is_money: bool, locale: str,
                  short: bool = False) -> int:
    """The fewest significant digits, from ``MIN_DIGITS`` to ``MAX_DIGITS``, with which
    the different values of one column are all written differently by ``amount``
    (or by ``short_amount`` when ``short``).

    Writing is monotone (a larger value never reads smaller), so two values read
    the same only if their neighbours in sorted order do; and two values written
    at ``d`` significant digits read the same only if they are within one unit of
    the ``d``-th digit. So each precision tried is one pass over the neighbouring
    pairs still that close, fewer at every step: 100,000 figures take a fraction
    of a second."""
    write: Callable[[float, bool, str, int | None], str] = (
        _written_short if short else figure)
    ordered = sorted({float(value) for value in values
                      if value is not None and math.isfinite(value)})
    close: list[tuple[float, float, float]] = []  # (reach, low, high)
    for low, high in itertools.pairwise(ordered):
        magnitude = math.floor(math.log10(max(abs(low), abs(high))))
        # Up to ``reach`` digits the pair may read the same. Two values that read
        # the same are within one unit of the last digit shown, at most
        # 10**(magnitude + 2 - digits) (rounding may carry to the next power of
        # ten); one more power of ten of margin absorbs the error of log10.
        close.append((magnitude + 3 - math.log10(high - low), low, high))
    for digits in range(MIN_DIGITS, MAX_DIGITS):
        close = [pair for pair in close if pair[0] >= digits]
        last, last_text = math.nan, ""
        for _, low, high in close:
            # Pairs share their values along a run of close figures: each written once.
            low_text = last_text if low == last else write(low, is_money, locale, digits)
            last, last_text = high, write(high, is_money, locale, digits)
            if low_text == last_text:
                break
        else:
            return digits
    return MAX_DIGITS


def money_digits(values: Iterable[float | None], locale: str) -> int:
    """``column_digits`` of a column of money."""
    return column_digits(values, True, locale)


def percent(ratio: float | None, locale: str, decimals: int) -> str:
    """``0.6667`` -> ``66.7%`` (en, no space as in CLDR) or ``66,7 %`` (fr, U+202F
    before ``%``), at ``decimals`` decimals; a ratio that rounds to zero is ``0.0%``,
    never ``-0.0%``; one too large to write as a percent (beyond the floats once
    multiplied by 100) is ``-``, as an undefined one (the JSON has the ratio)."""
    if ratio is None or not math.isfinite(ratio * 100):
        return "-"
    text = group(ratio * 100, locale, decimals)
    return f"{text}{NNBSP}%" if locale == "fr" else f"{text}%"
