"""What the commands that write a plan say: ``add-result``'s and
``revise-target``'s confirmations (or their dry runs) and ``init``'s, in the
run's language. Figures are written as everywhere else, in the plan's locale;
dates as ISO dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from offshore_cli.errors import escaped
from offshore_cli.i18n import _
from offshore_cli.progress import IndicatorProgress
from offshore_cli.render import fmt
from offshore_cli.render.wording import status_word


def dry_run_head(path: str, block: str) -> str:
    return _("Dry run: would append to {file}:").format(file=escaped(path)) + f"\n\n{block}"


def _figure(item: IndicatorProgress, value: float, replaced: float | None,
            locale: str) -> str:
    """The figure, and the one it revises (``1.25 bn MAD, was 1.20 bn MAD``), with
    enough digits that two different figures never read the same."""
    digits = fmt.column_digits([value, replaced], item.is_money, locale)
    shown = fmt.amount(value, item.unit, item.is_money, locale, digits)
    if replaced is None:
        return shown
    return _("{figure} (was {previous})").format(
        figure=shown, previous=fmt.amount(replaced, item.unit, item.is_money, locale, digits))


def _subject(item: IndicatorProgress, ecosystem: str | None) -> str:
    """``investment``, or ``investment for auto`` for an ecosystem's figure."""
    if ecosystem:
        return _("{id} for {ecosystem}").format(id=item.id, ecosystem=ecosystem)
    return item.id


def recorded(item: IndicatorProgress, value: float, day: dt.date, ecosystem: str | None,
             locale: str, dry_run: bool, replaced: float | None = None) -> str:
    """``Recorded investment = 1.25 bn MAD on 2019-12-31: ratio now 83.3%, at-risk``;
    a revision says what it replaces."""
    if dry_run:
        line = _("Would record {subject} = {figure} on {date}: ratio now {ratio}, {status}")
    elif replaced is not None:
        line = _("Recorded revised {subject} = {figure} on {date}: ratio now {ratio}, "
                 "{status}")
    else:
        line = _("Recorded {subject} = {figure} on {date}: ratio now {ratio}, {status}")
    return line.format(subject=_subject(item, ecosystem),
                       figure=_figure(item, value, replaced, locale), date=day,
                       ratio=fmt.percent(item.ratio, locale),
                       status=status_word(item.status)) + "\n"


def recorded_unseen(item: IndicatorProgress, value: float, day: dt.date,
                    ecosystem: str | None, locale: str, replaced: float | None,
                    reason: str) -> str:
    """The stderr line when the figure is recorded but stdout could not be written."""
    if replaced is not None:
        line = _("offshore: recorded revised {subject} = {figure} on {date}, but the output "
                 "could not be written: {reason}")
    else:
        line = _("offshore: recorded {subject} = {figure} on {date}, but the output could "
                 "not be written: {reason}")
    return line.format(subject=_subject(item, ecosystem),
                       figure=_figure(item, value, replaced, locale), date=day, reason=reason)


def revised(item: IndicatorProgress, entry: dict[str, Any], locale: str,
            dry_run: bool) -> str:
    """``Revised jobs on 2025-01-01: target 2,000 jobs (was 1,000 jobs), deadline
    2030-01-01: ratio now 40.0%, on-track``: what the revision set, what it was
    before (the plan's own), and where the indicator stands now."""
    parts = []
    if "target" in entry:
        was = item.original_target if item.original_target is not None else item.target
        shown = fmt.amount(float(entry["target"]), item.unit, item.is_money, locale)
        before = fmt.amount(was, item.unit, item.is_money, locale)
        parts.append(_("target {target} (was {previous})").format(target=shown,
                                                                   previous=before))
    if "deadline" in entry:
        was_day = item.original_deadline or item.deadline
        parts.append(_("deadline {deadline} (was {previous})").format(
            deadline=entry["deadline"].isoformat(), previous=was_day.isoformat()))
    line = (_("Would revise {id} on {date}: {changes}: ratio now {ratio}, {status}")
            if dry_run else _("Revised {id} on {date}: {changes}: ratio now {ratio}, {status}"))
    return line.format(id=item.id, date=entry["date"].isoformat(), changes=", ".join(parts),
                       ratio=fmt.percent(item.ratio, locale),
                       status=status_word(item.status)) + "\n"


def created(path: str, blank: bool) -> str:
    line = (_("Wrote the blank template to {file}; check it with `offshore validate --plan "
              "{file}`") if blank else
            _("Wrote the seed plan to {file}; check it with `offshore validate --plan {file}`"))
    return line.format(file=escaped(path)) + "\n"
