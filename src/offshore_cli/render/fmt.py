"""Plain-text formatting of figures, dates, durations and prose, by locale; the
words of durations and dates in the run's language (``offshore_cli.i18n``).

Shared by every renderer; no terminal library here, so the table and the
exports write a number the same way. How a figure is written is
``offshore_cli.figures`` (the data layer uses it for its messages too); this
module re-exports it under the names the renderers use, gives percents the
gate's precision, and wraps prose without ever breaking a figure.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from offshore_cli import figures, gate
from offshore_cli.figures import (
    NBSP,
    NNBSP,
    all_whole,
    amount,
    column_digits,
    figure,
    group,
    money_digits,
    number,
    per_year,
    scaled,
    short_amount,
)
from offshore_cli.i18n import N_, _, ngettext

__all__ = [
    "NBSP", "NNBSP", "age", "all_whole", "amount", "cells", "column_digits", "countdown",
    "figure", "group", "long_date", "money_digits", "months_between", "number", "per_year",
    "percent", "scaled", "short_amount", "span_phrase", "wrap_words",
]


def percent(ratio: float | None, locale: str) -> str:
    """``0.6667`` -> ``66.7%`` (fr ``66,7 %`` with U+202F) at ``gate.PERCENT_DECIMALS``
    decimals, the precision the gate compares at (read on each call, so the screen
    and the gate cannot drift apart)."""
    return figures.percent(ratio, locale, gate.PERCENT_DECIMALS)


_COMBINING = ("Mn", "Me")


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: 2 for a wide or full-width character (CJK), 0
    for a combining mark (categories Mn, Me), 1 for any other. A plain rule rather
    than rich's table (fmt does not import rich); it agrees with rich on letters,
    digits, marks and spaces, CJK and accents included."""
    return sum(0 if unicodedata.category(char) in _COMBINING
               else 2 if unicodedata.east_asian_width(char) in "WF" else 1
               for char in text)


def _folded(word: str, width: int) -> list[str]:
    """A word wider than ``width`` cut into pieces of at most ``width`` cells (a
    wide character alone is a piece even where ``width`` is 1)."""
    pieces: list[str] = []
    piece, used = "", 0
    for char in word:
        size = cells(char)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += size
    pieces.append(piece)
    return pieces


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells, broken only at ASCII spaces, so
    a figure (whose spaces are U+202F and U+00A0) is never split; rich would split
    it, since its wrapping breaks at any Unicode space. A newline ends a line; runs
    of spaces between words count as one break; a word wider than ``width`` is
    folded over several lines."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            if not word:
                continue
            size = cells(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            pieces = _folded(word, width) if size > width else [word]
            lines.extend(pieces[:-1])
            line, used = pieces[-1], cells(pieces[-1])
        lines.append(line)
    return lines


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


def _years(count: int) -> str:
    return ngettext("{n} year", "{n} years", count).format(n=group(count, "en"))


def _months(count: int) -> str:
    return ngettext("{n} month", "{n} months", count).format(n=group(count, "en"))


def _days(count: int) -> str:
    return ngettext("{n} day", "{n} days", count).format(n=group(count, "en"))


def span_phrase(earlier: dt.date, later: dt.date, largest_only: bool = False) -> str:
    """``1 year 8 months``, ``1 month 24 days``, ``4 months``, ``12 days`` (fr ``1 an
    8 mois``): days only while they matter (under three months); with
    ``largest_only`` just the largest unit (``5 years``)."""
    years, months, days = months_between(earlier, later)
    parts = []
    if years:
        parts.append(_years(years))
    if months:
        parts.append(_months(months))
    if not years and days and (months < 3 or not parts):
        parts.append(_days(days))
    return parts[0] if largest_only else " ".join(parts)


def countdown(as_of: dt.date, deadline: dt.date, locale: str = "en") -> str:
    """``618 days left (1 year 8 months)``, ``deadline today``, ``ended 5 years ago``
    (fr ``618 jours restants (1 an 8 mois)``); the count of days grouped in the
    locale (``1,826`` or ``1 826``)."""
    days = (deadline - as_of).days
    if days > 0:
        return ngettext("{n} day left ({span})", "{n} days left ({span})", days).format(
            n=group(days, locale), span=span_phrase(as_of, deadline))
    if days == 0:
        return _("deadline today")
    return _("ended {span} ago").format(span=span_phrase(deadline, as_of, largest_only=True))


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


def long_date(day: dt.date) -> str:
    """A date in prose: ``23 April 2019`` (fr ``23 avril 2019``, ``1er avril 2019``
    for the first of a month). Table cells and the exports keep ISO dates."""
    month = _(MONTHS[day.month - 1])
    if day.day == 1:
        # Translators: the first day of a month, in prose (French: "1er {month} {year}").
        return _("1 {month} {year}").format(month=month, year=day.year)
    return _("{day} {month} {year}").format(day=day.day, month=month, year=day.year)


def prose_date(day: dt.date) -> str:
    """A date inside a sentence (a heading's period, a summary's as-of date): written
    out in French (``23 avril 2019``); ISO in English, whose outputs have always
    written it so (``2019-04-23``) and whose scripts may read it. Table cells keep
    ISO dates in every language."""
    from offshore_cli.i18n import DEFAULT, language

    return day.isoformat() if language() == DEFAULT else long_date(day)


def age(as_of: dt.date, when: dt.date) -> str:
    """How old a figure is on the as-of date: ``3 months old``, ``today`` (fr ``il y
    a 3 mois``, ``aujourd'hui``)."""
    if when >= as_of:
        return _("today") if when == as_of else _("future")
    return _("{span} old").format(span=span_phrase(when, as_of, largest_only=True))
