"""The plan format's rules for single values, free of any validation library.

``models.py`` applies them through pydantic when a plan is first read;
``validation.py`` and ``store.py`` apply them directly to figures, which keeps a
large plan quick to check and lets a figure be recorded without the validator.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import Any

from offshore_cli.errors import quoted
from offshore_cli.i18n import N_, _
from offshore_cli.spec import Figure

MAX_TEXT = 1000
INT64_LIMIT = 2**63
# Far above any plan's figures, far enough below the float range that sums and
# ratios of them cannot overflow.
MAX_MAGNITUDE = 1e18
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")  # matched whole, with fullmatch
# Every date in a plan falls in these years, so that the last day of any period a
# date names (its day, month or year) and the day after it are dates Python can
# count with. Documented in docs/plan-format.md.
MIN_YEAR = 1
MAX_YEAR = 9998
RESULT_KEYS = frozenset({"indicator", "date", "value", "source", "note", "ecosystem",
                         "recorded"})
# Format characters that reorder or hide text on a terminal (bidi overrides,
# isolates, zero-width marks): a label must read the same everywhere.
_FORMAT_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}


def known_id(name: str, known: Collection[str]) -> str | None:
    """The plan's id that ``name``, typed on the command line, stands for: ``name``
    itself, else the one id equal to it without regard to case (``ito`` for ``ITO``);
    ``None`` when no id is, or several are (``ITO`` and ``Ito``)."""
    if name in known:
        return name
    folded = name.casefold()
    alike = [ident for ident in known if ident.casefold() == folded]
    return alike[0] if len(alike) == 1 else None


def format_character(value: str) -> str | None:
    """The first control or format character of ``value`` (see ``_FORMAT_CATEGORIES``),
    or ``None``."""
    for char in value:
        if unicodedata.category(char) in _FORMAT_CATEGORIES:
            return char
    return None


def text_problem(value: str) -> str | None:
    """What is wrong with a piece of plan text, or ``None``. A control or format
    character is refused with the advice to use plain printable text."""
    if not value.isprintable():  # a quick pass for the usual, printable text
        char = format_character(value)
        if char is not None:
            return _("contains the control or format character U+{code}; use plain "
                     "printable text").format(code=f"{ord(char):04X}")
    if len(value) > MAX_TEXT:
        return _("is {length} characters long; at most {limit} are allowed").format(
            length=len(value), limit=MAX_TEXT)
    return None


def year_problem(year: int, written: str) -> str | None:
    """What is wrong with the year of a date written ``written``, or ``None``."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return _("{written} is out of range: a plan's dates fall in the years {first} to "
             "{last}").format(written=written, first=f"{MIN_YEAR:04d}", last=f"{MAX_YEAR:04d}")


# A year or a month, matched whole; ASCII digits only (``\d`` would take any script's).
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
PARTIAL_DATE_FORMS = N_('must be a TOML date (2019-04-23), or a string "2016" or "2016-07" '
                        "for a year or a month")


def partial_date_problem(value: str) -> str | None:
    """What is wrong with a milestone's year (``"2016"``) or month (``"2016-07"``),
    or ``None``."""
    match = PARTIAL_DATE.fullmatch(value)
    month = match and match.group(2)
    if not match or (month and not 1 <= int(month) <= 12):
        return _(PARTIAL_DATE_FORMS)
    return year_problem(int(match.group(1)), quoted(value))


def share_problem(value: Any) -> str | None:
    """What is wrong with a share of the way (a band, a minimum ratio or pace), or
    ``None``: a number, 0 or more."""
    return number_problem(value) or (_("must be 0 or more") if value < 0 else None)


MAX_MINIMUM = 10
"""The largest minimum ratio or pace (1000%): a larger one is a percent typed where
a fraction is meant (``60`` for 0.6), never a minimum a plan could mean."""
FRACTIONS_HINT = N_("ratios are fractions: 0.6 means 60%")


class HintedError(ValueError):
    """A rule's message with a hint of what would be right (``explain`` reads it)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def minimum_problem(value: Any) -> tuple[str, str] | None:
    """What is wrong with a minimum ratio or pace and a hint, or ``None``: a
    share of the way (``share_problem``) of at most ``MAX_MINIMUM``. ``60`` is
    refused as ``60 is 6000%, not 60%``, with the fraction that was meant."""
    problem = share_problem(value)
    if problem is not None:
        return problem, ""
    if value <= MAX_MINIMUM:
        return None
    if value <= 100 * MAX_MINIMUM:
        return (_("{value} is {percent}%, not {value}%").format(value=f"{value:g}",
                                                              percent=f"{value * 100:g}"),
                _("ratios are fractions: {fraction} means {value}%").format(
                    fraction=f"{value / 100:g}", value=f"{value:g}"))
    return (_("{value} is above {limit}, the largest minimum ({percent}%)").format(
                value=f"{value:g}", limit=MAX_MINIMUM, percent=MAX_MINIMUM * 100),
            _(FRACTIONS_HINT))


def number_problem(value: Any) -> str | None:
    """What is wrong with a number from a plan, or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _("must be a number, such as 60000 or 1.5e9")
    if isinstance(value, int) and abs(value) >= INT64_LIMIT:
        return _("is too large: integers must fit in 64 bits")
    if isinstance(value, float) and not math.isfinite(value):
        return _("must be a finite number, not nan or inf")
    if abs(value) > MAX_MAGNITUDE:
        return _("is too large: figures are at most 1e18 in size")
    return None


def plain_figure(entry: Mapping[str, Any]) -> Figure | None:
    """A ``[[results]]`` entry as a figure when every value is plainly valid;
    ``None`` when anything needs the full validator's judgement and message."""
    if not RESULT_KEYS.issuperset(entry):
        return None
    indicator = entry.get("indicator")
    day = entry.get("date")
    value = entry.get("value")
    if (type(indicator) is not str or not IDENTIFIER.fullmatch(indicator)
            or type(day) is not dt.date or day.year > MAX_YEAR or type(value) not in (int, float)
            or number_problem(value) is not None):
        return None
    ecosystem = entry.get("ecosystem")
    if ecosystem is not None and (type(ecosystem) is not str
                                  or not IDENTIFIER.fullmatch(ecosystem)):
        return None
    source, note = entry.get("source"), entry.get("note")
    for text in (source, note):
        if text is not None and (type(text) is not str or not text
                                 or text_problem(text) is not None):
            return None
    recorded = entry.get("recorded")
    if recorded is not None and type(recorded) is not dt.datetime:
        return None
    assert isinstance(value, int | float)
    return Figure(indicator, day, float(value), ecosystem, source, note, recorded)
