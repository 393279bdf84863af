"""What the commands that write a plan say: ``add-result``'s and
``revise-target``'s confirmations (or their dry runs) and ``init``'s. Figures
are written as everywhere else, in the plan's locale."""

from __future__ import annotations

import datetime as dt
from typing import Any

from offshore_cli.errors import escaped
from offshore_cli.progress import IndicatorProgress
from offshore_cli.render import fmt


def dry_run_head(path: str, block: str) -> str:
    return f"Dry run: would append to {escaped(path)}:\n\n{block}"


def _figure(item: IndicatorProgress, value: float, replaced: float | None,
            locale: str) -> str:
    """The figure, and the one it revises (``1.25 bn MAD, was 1.20 bn MAD``), with
    enough digits that two different figures never read the same."""
    digits = fmt.column_digits([value, replaced], item.is_money, locale)
    shown = fmt.amount(value, item.unit, item.is_money, locale, digits)
    if replaced is None:
        return shown
    return f"{shown} (was {fmt.amount(replaced, item.unit, item.is_money, locale, digits)})"


def recorded(item: IndicatorProgress, value: float, day: dt.date, ecosystem: str | None,
             locale: str, dry_run: bool, replaced: float | None = None) -> str:
    """``Recorded investment = 1.25 bn MAD on 2019-12-31: ratio now 83.3%, at-risk``;
    a revision says what it replaces."""
    where = f" for {ecosystem}" if ecosystem else ""
    verb = "Would record" if dry_run else (
        "Recorded revised" if replaced is not None else "Recorded")
    return (f"{verb} {item.id}{where} = {_figure(item, value, replaced, locale)} on {day}: "
            f"ratio now {fmt.percent(item.ratio, locale)}, {item.status}\n")


def recorded_unseen(item: IndicatorProgress, value: float, day: dt.date,
                    ecosystem: str | None, locale: str, replaced: float | None,
                    reason: str) -> str:
    """The stderr line when the figure is recorded but stdout could not be written."""
    where = f" for {ecosystem}" if ecosystem else ""
    verb = "recorded revised" if replaced is not None else "recorded"
    return (f"offshore: {verb} {item.id}{where} = {_figure(item, value, replaced, locale)} "
            f"on {day}, but the output could not be written: {reason}")


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
        parts.append(f"target {shown} (was {before})")
    if "deadline" in entry:
        was_day = item.original_deadline or item.deadline
        parts.append(f"deadline {entry['deadline'].isoformat()} (was {was_day.isoformat()})")
    verb = "Would revise" if dry_run else "Revised"
    return (f"{verb} {item.id} on {entry['date'].isoformat()}: {', '.join(parts)}: "
            f"ratio now {fmt.percent(item.ratio, locale)}, {item.status}\n")


def created(path: str, blank: bool) -> str:
    kind = "blank template" if blank else "seed plan"
    shown = escaped(path)
    return f"Wrote the {kind} to {shown}; check it with `offshore validate --plan {shown}`\n"
