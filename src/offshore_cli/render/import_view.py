"""What ``offshore import`` says: how the sheet was read, then a table of what
each indicator gains (added, revised, skipped) and where it stands after, in
plain aligned text (no terminal library: it is as often piped as read), and a
last line with the totals. A dry run says "would" and writes nothing.
Figures are written as everywhere else, in the plan's locale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from offshore_cli.errors import Problem, quoted, shown
from offshore_cli.i18n import _, ngettext
from offshore_cli.importing import Outcome, Planned
from offshore_cli.progress import IndicatorProgress
from offshore_cli.render import fmt
from offshore_cli.render.wording import status_word


def read_line(file: str, sheet: str | None, outcome: Outcome) -> str:
    """``Read exports.xlsx, sheet 'Feuil1': wide layout (...)``."""
    where = (_("Read {file}, sheet {sheet}").format(file=shown(file, 200), sheet=quoted(sheet))
             if sheet is not None else _("Read {file}").format(file=shown(file, 200)))
    if outcome.layout == "long":
        layout = _("long layout (one figure per row)")
    else:
        layout = _("wide layout (dates down the first column, an indicator per column)")
    return _("{where}: {layout}").format(where=where, layout=layout) + "\n"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """Aligned plain text: the first ``left`` columns to the left, the others (counts,
    percents) to the right."""
    widths = [max(fmt.cells(row[at]) for row in [header, *rows]) for at in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[at] + " " * (widths[at] - fmt.cells(row[at])) if at < left
                 else " " * (widths[at] - fmt.cells(row[at])) + row[at]
                 for at in range(len(row))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def summary(outcome: Outcome, standing: Mapping[str, IndicatorProgress], locale: str,
            dry_run: bool) -> str:
    """The table by indicator (and ecosystem) and the totals line."""
    counts: dict[tuple[str, str | None], dict[str, int]] = {}
    for item in outcome.planned:
        tally = counts.setdefault((item.indicator, item.ecosystem),
                                  {"add": 0, "revise": 0, "skip": 0})
        tally[item.outcome] += 1
    header = [_("Indicator"), _("Added") if not dry_run else _("To add"), _("Revised")
              if not dry_run else _("To revise"), _("Skipped"), _("Progress"), _("Status")]
    rows = []
    for (ident, ecosystem), tally in counts.items():
        now = standing.get(ident)
        rows.append([ident + (f"/{ecosystem}" if ecosystem else ""), str(tally["add"]),
                     str(tally["revise"]), str(tally["skip"]),
                     fmt.percent(now.ratio, locale) if now is not None else "-",
                     status_word(now.status) if now is not None else "-"])
    text = _table(header, rows) if rows else ""
    return text + totals(outcome.planned, dry_run) + "\n"


def totals(planned: Sequence[Planned], dry_run: bool) -> str:
    added = sum(1 for item in planned if item.outcome == "add")
    revised = sum(1 for item in planned if item.outcome == "revise")
    skipped = sum(1 for item in planned if item.outcome == "skip")
    if dry_run:
        head = ngettext("Dry run: would add {n} figure", "Dry run: would add {n} figures",
                        added).format(n=added)
    else:
        head = ngettext("Added {n} figure", "Added {n} figures", added).format(n=added)
    parts = [head]
    if revised:
        parts.append(ngettext("revised {n}", "revised {n}", revised).format(n=revised))
    parts.append(ngettext("skipped {n} already in the plan", "skipped {n} already in the plan",
                          skipped).format(n=skipped))
    text = ", ".join(parts)
    if dry_run:
        text += _("; nothing written")
    elif not added and not revised:
        text += _("; the plan was not changed")
    return text


def refused_table(problems: Sequence[Problem]) -> str:
    """A dry run's list of the rows the import refuses: where, and what is wrong
    (the same problems as the error lines on stderr)."""
    rows = [[shown(problem.place, 200), shown(problem.message, 200)
             + (f" ({shown(problem.hint, 200)})" if problem.hint else "")]
            for problem in problems]
    return "\n" + _table([_("Refused"), _("What is wrong")], rows, left=2)


def refused(count: int) -> str:
    """The last line of an import refused."""
    return ngettext("offshore: nothing imported: {n} problem; the plan was not changed",
                    "offshore: nothing imported: {n} problems; the plan was not changed",
                    count).format(n=count)
