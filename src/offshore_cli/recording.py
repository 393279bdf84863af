"""Deciding whether a figure may be recorded, and what exactly is written.

Pure: given the current plan and what the user typed, return the entry for a
``[[results]]`` block or raise ``ResultError`` saying what is wrong and what
would be right. ``store.py`` does the writing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from offshore_cli.consistency import revision_problems
from offshore_cli.errors import NumberError, Problem, ResultError, closest, quoted
from offshore_cli.figures import amount, is_money, is_percent, message_locale
from offshore_cli.i18n import _
from offshore_cli.numbers import parse_number
from offshore_cli.progress import IndicatorProgress, evaluate
from offshore_cli.rules import format_character, known_id, text_problem
from offshore_cli.series import SeriesMap, value_on
from offshore_cli.spec import Plan, Revision, window


class Request(NamedTuple):
    """A figure as given on the command line."""

    indicator: str
    value_text: str
    day: dt.date
    today: dt.date
    recorded: dt.datetime
    source: str | None = None
    note: str | None = None
    ecosystem: str | None = None
    revise: bool = False
    locale: str | None = None


def _text_refused(option: str, problem: str, text: str | None) -> ResultError:
    """A text option refused; the hint is given unless the problem already says it
    (``text_problem`` says "use plain printable text" of a control character)."""
    says_it = bool(text) and format_character(text or "") is not None
    return _refuse(option, problem, "" if says_it else _("give plain printable text"))


def _refuse(place: str, message: str, hint: str) -> ResultError:
    return ResultError(Problem("", place, message, hint))


def resolved(plan: Plan, request: Request) -> Request:
    """The request with the plan's own indicator and ecosystem ids: an id typed in
    another case (``ito``) names the one id equal to it without regard to case
    (``ITO``); an unknown or ambiguous id is refused, naming the closest."""
    indicator = known_id(request.indicator, plan.indicators)
    if indicator is None:
        raise _refuse("INDICATOR",
                      _("unknown indicator {name}").format(name=quoted(request.indicator)),
                      closest(request.indicator, list(plan.indicators)))
    typed, ecosystem = request.ecosystem, None
    if typed is not None:
        ecosystem = known_id(typed, plan.ecosystems)
        if ecosystem is None:
            raise _refuse("--ecosystem", _("unknown ecosystem {name}").format(name=quoted(typed)),
                          closest(typed, list(plan.ecosystems)))
    return request._replace(indicator=indicator, ecosystem=ecosystem)


def build_entry(plan: Plan, series: SeriesMap, request: Request) -> dict[str, Any]:
    """The entry to append, after every check: known indicator and ecosystem (their
    ids as the plan writes them, see ``resolved``), a date in range, a number read
    unambiguously, no figure for that date unless revising. ``series`` is the plan's
    figures by indicator and ecosystem (``build_series``)."""
    request = resolved(plan, request)
    indicator = plan.indicators[request.indicator]
    start = window(plan.plan, indicator)[0]
    if request.day < start:
        raise _refuse("--date", _("{day} is before {indicator}'s start {start}").format(
            day=request.day, indicator=request.indicator, start=start),
                      _("give a date from {start} on").format(start=start))
    if request.day > request.today:
        raise _refuse("--date", _("{day} is in the future (today is {today})").format(
            day=request.day, today=request.today), _("record a figure once it is known"))
    for option, text in (("--source", request.source), ("--note", request.note)):
        problem = text_problem(text) if text else None
        if problem:
            raise _text_refused(option, problem, text)
    money = is_money(indicator.unit, plan.plan.currency)
    # A money indicator's unit is its currency: dirham words are read for MAD only.
    value = parse_number(request.value_text, request.locale or plan.plan.locale or "en",
                         money=money,
                         currency=indicator.unit if money else plan.plan.currency,
                         percent=is_percent(indicator.unit))
    existing = value_on(series, request.indicator, request.ecosystem, request.day)
    what = (_("{indicator} on {day} for {ecosystem}") if request.ecosystem
            else _("{indicator} on {day}")).format(indicator=request.indicator, day=request.day,
                                                   ecosystem=request.ecosystem)
    if existing is not None and not request.revise:
        shown = amount(existing, indicator.unit, money, message_locale(plan.plan.locale))
        raise _refuse("--date", _("{what} already has a figure ({figure})").format(
            what=what, figure=shown), _("add --revise to record a revised figure; the "
                                        "original stays in the file"))
    if request.revise and existing is None:
        raise _refuse("--revise", _("{what} has no figure to revise").format(what=what),
                      _("drop --revise to record a first figure"))
    entry: dict[str, Any] = {"indicator": request.indicator, "date": request.day,
                             "value": toml_number(value)}
    if request.ecosystem is not None:
        entry["ecosystem"] = request.ecosystem
    if request.source:
        entry["source"] = request.source
    if request.note:
        entry["note"] = request.note
    entry["recorded"] = request.recorded
    return entry


def toml_number(value: float) -> int | float:
    """Whole numbers are written as TOML integers (1500000000, not 1500000000.0)."""
    if value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def replaced_figure(series: SeriesMap, request: Request) -> float | None:
    """The figure a revision replaces (what counted for that date until now); the
    request's ids as ``resolved`` gives them."""
    if not request.revise:
        return None
    return value_on(series, request.indicator, request.ecosystem, request.day)


def standing(plan: Plan, series: SeriesMap, request: Request) -> IndicatorProgress:
    """Where the indicator stands once the figure is recorded: as of today, or as of
    the figure's date when that is later (``--date`` is never in the future, but a
    clock may differ). The request's ids as ``resolved`` gives them."""
    report = evaluate(plan, max(request.today, request.day), request.ecosystem, series)
    return next(item for item in report.indicators if item.id == request.indicator)


class RevisionRequest(NamedTuple):
    """A revised target and/or deadline as given to ``revise-target``."""

    indicator: str
    day: dt.date
    today: dt.date
    reason: str
    target_text: str | None = None
    deadline: dt.date | None = None
    source: str | None = None
    locale: str | None = None


# Where on the command line each key of a revision was given.
_OPTION_OF = {"indicator": "INDICATOR", "date": "--date", "target": "--target",
              "deadline": "--deadline", "reason": "--reason", "source": "--source", "": "--target"}


def build_revision(plan: Plan, request: RevisionRequest) -> dict[str, Any]:
    """The ``[[revisions]]`` entry to append, after every check: a known indicator
    (its id as the plan writes it), a target and/or a deadline, a date that is not
    in the future, plain text, the target read as ``add-result`` reads a figure, and
    the plan-wide rules ``validate`` applies to a revision."""
    ident = known_id(request.indicator, plan.indicators)
    if ident is None:
        raise _refuse("INDICATOR",
                      _("unknown indicator {name}").format(name=quoted(request.indicator)),
                      closest(request.indicator, list(plan.indicators)))
    indicator = plan.indicators[ident]
    if request.target_text is None and request.deadline is None:
        raise _refuse("--target", _("give --target, --deadline or both"),
                      _("e.g. --target 1.8bn or --deadline 2022-12-31"))
    if request.day > request.today:
        raise _refuse("--date", _("{day} is in the future (today is {today})").format(
            day=request.day, today=request.today), _("record a revision once it is decided"))
    for option, text in (("--reason", request.reason), ("--source", request.source)):
        problem = text_problem(text) if text is not None else None
        if problem or (option == "--reason" and not request.reason.strip()):
            raise _text_refused(option, problem or _("is empty"), text)
    entry: dict[str, Any] = {"indicator": ident, "date": request.day}
    if request.target_text is not None:
        money = is_money(indicator.unit, plan.plan.currency)
        try:
            target = parse_number(
                request.target_text, request.locale or plan.plan.locale or "en", money=money,
                currency=indicator.unit if money else plan.plan.currency,
                percent=is_percent(indicator.unit))
        except NumberError as exc:
            # The same reading and words as add-result's, said of --target.
            raise NumberError([problem._replace(place="--target")
                               for problem in exc.problems]) from None
        entry["target"] = toml_number(target)
    if request.deadline is not None:
        entry["deadline"] = request.deadline
    entry["reason"] = request.reason
    if request.source:
        entry["source"] = request.source
    revision = Revision(ident, request.day, request.reason,
                        None if "target" not in entry else float(entry["target"]),
                        request.deadline, request.source or None)
    found = revision_problems(plan, revision)
    if found:
        key, message, hint = found[0]
        raise _refuse(_OPTION_OF.get(key, "--date"), message, hint)
    return entry


def revised_standing(plan: Plan, series: SeriesMap, ident: str, day: dt.date,
                     today: dt.date) -> IndicatorProgress:
    """Where the indicator stands once the revision is recorded: as of today, or of
    the revision's date when that is later."""
    report = evaluate(plan, max(today, day), None, series)
    return next(item for item in report.indicators if item.id == ident)
