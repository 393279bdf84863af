"""Plain-text formatting of figures, dates and durations, by locale.

Shared by every renderer; no terminal library here, so the table and the
exports write a number the same way.
"""

from __future__ import annotations

import datetime as dt

from offshore_cli import gate

_SCALES = {"en": ((1e9, "bn"), (1e6, "M")), "fr": ((1e9, "Md"), (1e6, "M"))}


def group(value: float, locale: str, decimals: int = 0) -> str:
    """``69900`` -> ``69,900`` (en) or ``69 900`` (fr)."""
    text = f"{value:,.{decimals}f}"
    if locale == "fr":
        text = text.replace(",", " ").replace(".", ",")
    return text


def number(value: float, locale: str) -> str:
    """A count: grouped, with up to two decimals when not whole."""
    if float(value).is_integer():
        return group(value, locale)
    text = group(value, locale, 2).rstrip("0")
    return text.rstrip(",.")


def scaled(value: float, locale: str) -> str | None:
    """Money at its scale word (``1.0 bn``, fr ``1,0 Md``); ``None`` below the smallest."""
    for size, word in _SCALES[locale]:
        if abs(value) >= size:
            return f"{group(value / size, locale, 1)} {word}"
    return None


def amount(value: float | None, unit: str, is_money: bool, locale: str) -> str:
    """A figure in its unit: money scaled (``1.0 bn MAD``, fr ``1,0 Md MAD``),
    counts grouped (``69,900 jobs``)."""
    if value is None:
        return "-"
    if is_money and (money := scaled(value, locale)) is not None:
        return f"{money} {unit}"
    return f"{number(value, locale)} {unit}"


def short_amount(value: float | None, is_money: bool, locale: str) -> str:
    """Like ``amount`` without the unit, for narrow columns."""
    if value is None:
        return "-"
    if is_money and (money := scaled(value, locale)) is not None:
        return money
    return number(round(value) if abs(value) >= 100 else value, locale)


def percent(ratio: float | None, locale: str) -> str:
    """``0.6667`` -> ``66.7 %`` (fr ``66,7 %``): ``gate.PERCENT_DECIMALS`` decimals,
    the precision the gate compares at."""
    if ratio is None:
        return "-"
    return f"{group(ratio * 100, locale, gate.PERCENT_DECIMALS)} %"


def months_between(earlier: dt.date, later: dt.date) -> tuple[int, int, int]:
    """Whole years, months and days from ``earlier`` to ``later`` (``later >= earlier``)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    anchor_year, anchor_month = divmod(earlier.month - 1 + months, 12)
    anchor_year += earlier.year
    day = min(earlier.day, _days_in_month(anchor_year, anchor_month + 1))
    anchor = dt.date(anchor_year, anchor_month + 1, day)
    years, months = divmod(months, 12)
    return years, months, (later - anchor).days


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def span_phrase(earlier: dt.date, later: dt.date, largest_only: bool = False) -> str:
    """``1 year 8 months``, ``1 month 24 days``, ``4 months``, ``12 days``: days only
    while they matter (under three months); with ``largest_only`` just the largest
    unit (``5 years``)."""
    years, months, days = months_between(earlier, later)
    parts = []
    if years:
        parts.append(_plural(years, "year"))
    if months:
        parts.append(_plural(months, "month"))
    if not years and days and (months < 3 or not parts):
        parts.append(_plural(days, "day"))
    return parts[0] if largest_only else " ".join(parts)


def countdown(as_of: dt.date, deadline: dt.date) -> str:
    """``618 days left (1 year 8 months)``, ``deadline today``, ``ended 5 years ago``."""
    days = (deadline - as_of).days
    if days > 0:
        return f"{_plural(days, 'day')} left ({span_phrase(as_of, deadline)})"
    if days == 0:
        return "deadline today"
    return f"ended {span_phrase(deadline, as_of, largest_only=True)} ago"


def age(as_of: dt.date, when: dt.date) -> str:
    """How old a figure is on the as-of date: ``3 months old``, ``today``."""
    if when >= as_of:
        return "today" if when == as_of else "future"
    return f"{span_phrase(when, as_of, largest_only=True)} old"


def per_year(value: float | None, is_money: bool, locale: str, whole: bool) -> str:
    """A rate per year; a whole number for whole units."""
    if value is None:
        return "-"
    return short_amount(round(value) if whole and not is_money else value, is_money, locale)


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at plain spaces only."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines
