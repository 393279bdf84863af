"""Words that several views say, in the run's language: the status words, the
engine's reasons, counts of things (``4 indicators``, ``7 pillars``), the count of
a plan's pillars and axes, and a milestone's countdown (in ``pillars``,
``milestones`` and the footer of ``status``).

The engine and the JSON speak in stable English identifiers (``at-risk``, ``no
figure up to the as-of date``); this module is where they become words a person
reads, through the catalogue (``offshore_cli.i18n``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from offshore_cli import progress
from offshore_cli.i18n import N_, _, ngettext
from offshore_cli.progress import EcosystemProgress
from offshore_cli.render import fmt
from offshore_cli.timeline import AxisCounts, MilestoneView, PillarsReport, next_milestone

# The status words a person reads; the JSON and CSV keep the identifiers.
STATUS_WORDS = {
    "achieved": N_("achieved"), "achieved-late": N_("achieved-late"),
    "on-track": N_("on-track"), "at-risk": N_("at-risk"), "off-track": N_("off-track"),
    "missed": N_("missed"), "overdue": N_("overdue"), "no-data": N_("no-data"),
    "tracked": N_("tracked"),
}

# The engine's reasons (``progress.REASONS``), marked for the catalogue here since
# the engine does not translate; a reason missing from the catalogue stays English.
REASON_WORDS = (
    N_("no figure up to the as-of date"), N_("the ratio is undefined"),
    N_("no figure since the start"), N_("target reached after the deadline"),
    N_("nothing expected before the start"), N_("the share is undefined"),
)


def status_word(status: str) -> str:
    """``at-risk`` as a person reads it (fr ``à risque``); an unknown status as it is."""
    word = STATUS_WORDS.get(status)
    return _(word) if word is not None else status


def reason_words(reason: str) -> str:
    """One of the engine's reasons for a status, in the run's language."""
    return _(reason) if reason in progress.REASONS else reason


def share_reason_words(share: EcosystemProgress) -> str:
    """Why an ecosystem has no share of its total, in the run's language (the
    engine's phrase names the date of the ecosystem's figure)."""
    reason = share.share_reason or ""
    day = share.actual_date
    if reason == progress.no_total_on(day):
        return _("no sector total on {date}").format(date=day.isoformat())
    if reason == progress.zero_total_on(day):
        return _("the total on {date} is 0").format(date=day.isoformat())
    return _(reason) if reason == progress.SHARE_UNDEFINED else reason


# A count of things, by the noun the code names them with (``validate``'s counts).
COUNTED: dict[str, Callable[[int], str]] = {
    "indicator": lambda n: ngettext("{n} indicator", "{n} indicators", n),
    "result": lambda n: ngettext("{n} result", "{n} results", n),
    "milestone": lambda n: ngettext("{n} milestone", "{n} milestones", n),
    "pillar": lambda n: ngettext("{n} pillar", "{n} pillars", n),
    "axis": lambda n: ngettext("{n} axis", "{n} axes", n),
    "problem": lambda n: ngettext("{n} problem", "{n} problems", n),
}


def counted(noun: str, count: int, locale: str = "en") -> str:
    """``4 indicators``, ``1 pillar`` (fr ``4 indicateurs``), the count grouped in
    the locale; a noun without a message is counted in English."""
    words = COUNTED.get(noun)
    shown = fmt.group(count, locale)
    if words is None:
        return f"{shown} {noun}{'' if count == 1 else 's'}"
    return words(count).format(n=shown)


def axes_line(pillar_count: int, total: AxisCounts, locale: str = "en") -> str:
    """``7 pillars, 37 axes: 3 done, 2 in progress, 30 planned, 1 overdue``."""
    line = f"{counted('pillar', pillar_count, locale)}, {counted('axis', total.axes, locale)}"
    if total.itemised:
        states = [
            ngettext("{n} done", "{n} done", total.done).format(n=total.done),
            ngettext("{n} in progress", "{n} in progress",
                     total.in_progress).format(n=total.in_progress),
            ngettext("{n} planned", "{n} planned", total.planned).format(n=total.planned),
            ngettext("{n} overdue", "{n} overdue", total.overdue).format(n=total.overdue),
        ]
        if total.dropped:
            states.append(ngettext("{n} dropped (left out of the progress)",
                                   "{n} dropped (left out of the progress)",
                                   total.dropped).format(n=total.dropped))
        line = _("{axes}: {states}").format(axes=line, states=", ".join(states))
    if total.axes > total.itemised:
        counts_only = total.axes - total.itemised
        line = ngettext("{axes} ({n} not itemised: counts only)",
                        "{axes} ({n} not itemised: counts only)",
                        counts_only).format(axes=line, n=counts_only)
    return line


def pillars_line(report: PillarsReport, locale: str = "en") -> str:
    return axes_line(len(report.pillars), report.total, locale)


def countdown_phrase(view: MilestoneView, as_of: dt.date, locale: str = "en") -> str:
    """``in 618 days (1 year 8 months)``, ``today``, ``3 days ago`` (fr ``dans 618
    jours (1 an 8 mois)``, ``aujourd'hui``, ``il y a 3 jours``)."""
    days = view.days_left
    if days > 0:
        shown = fmt.group(days, locale)
        if days < 30:
            return ngettext("in {n} day", "in {n} days", days).format(n=shown)
        return ngettext("in {n} day ({span})", "in {n} days ({span})", days).format(
            n=shown, span=fmt.span_phrase(as_of, view.due))
    if days == 0:
        return _("today")
    return ngettext("{n} day ago", "{n} days ago", -days).format(
        n=fmt.group(-days, locale))


def status_footer(views: tuple[MilestoneView, ...], pillars: PillarsReport | None,
                  as_of: dt.date, locale: str = "en") -> list[str]:
    """The lines under the status table: the next milestone, the pillars."""
    lines = []
    upcoming = next_milestone(views)
    if upcoming is not None:
        lines.append(_("Next milestone: {date} {title}, {countdown}").format(
            date=upcoming.date_text, title=upcoming.title,
            countdown=countdown_phrase(upcoming, as_of, locale)))
    elif views:
        lines.append(_("Next milestone: none upcoming"))
    if pillars is not None and pillars.pillars:
        lines.append(_("Pillars: {line}").format(line=pillars_line(pillars, locale)))
    return lines
