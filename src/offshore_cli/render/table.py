"""The terminal view of ``offshore status``: a rich table with colour and bars,
or clean text when output goes to a pipe or ``NO_COLOR`` is set."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.text import Text

from offshore_cli.progress import EcosystemProgress, IndicatorProgress, PlanReport
from offshore_cli.render import fmt
from offshore_cli.render.grid import LongTable, collector_paused, print_table

STATUS_STYLE = {
    "achieved": "bold green", "achieved-late": "yellow", "on-track": "green",
    "at-risk": "yellow", "off-track": "red", "missed": "bold red", "overdue": "bold red",
    "no-data": "dim", "tracked": "cyan",
}
BAR_WIDTH = 10
MIN_COLUMNS = 20  # a narrower COLUMNS is taken as a mistake, not as a width


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit with status 1 here; the reader leaving early is not an
        # error, and the command layer ends such a run quietly with status 0.
        raise BrokenPipeError

    @functools.cached_property
    def fancy(self) -> bool:
        # Asked for every row of a table, and `is_terminal` reads the environment
        # and asks the system each time: answered once per console.
        return self.is_terminal and not self.is_dumb_terminal


def make_console(file: TextIO | None = None, width: int | None = None) -> Console:
    """A console that honours the terminal, ``NO_COLOR``, ``TERM=dumb`` and ``COLUMNS``."""
    stream = file or sys.stdout
    no_color = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    environ: Mapping[str, str] = os.environ
    columns = environ.get("COLUMNS")
    if columns is not None and not (columns.isdigit() and int(columns) >= MIN_COLUMNS):
        # rich would draw every line 0 or 5 characters wide, that is nothing at all:
        # such a COLUMNS is treated as unset (the terminal's width, else 80).
        environ = {key: value for key, value in environ.items() if key != "COLUMNS"}
    return _Console(file=stream, width=width, no_color=no_color, highlight=False,
                   emoji=False, markup=False, soft_wrap=False, _environ=environ)


def fancy(console: Console) -> bool:
    """Bars and box drawing only on a real terminal."""
    if isinstance(console, _Console):
        return console.fancy
    return console.is_terminal and not console.is_dumb_terminal


def bar(ratio: float | None, locale: str, console: Console) -> Text:
    if ratio is None:
        return Text("-")
    label = fmt.percent(ratio, locale)
    if not fancy(console):
        return Text(label)
    filled = max(0, min(BAR_WIDTH, round(ratio * BAR_WIDTH)))
    text = Text("█" * filled, style="green" if ratio >= 1 else "blue")
    text.append("░" * (BAR_WIDTH - filled), style="dim")
    text.append(" " + label)
    return text


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


def header(report: PlanReport) -> Text:
    text = Text(report.title, style="bold")
    text.append(f"\nPeriod {report.start.isoformat()} to {report.deadline.isoformat()}"
                f" | as of {report.as_of.isoformat()} | ")
    text.append(fmt.countdown(report.as_of, report.deadline),
                style="bold red" if report.days_left < 0 else "bold")
    return text


# Columns in the order shown, each with the narrowest console that still gets it:
# on a narrow terminal the per-year rates, then expected and projected, give way.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Actual", "right", 0), ("Target", "right", 0), ("Progress", "left", 0),
    ("Expected", "right", 90), ("At deadline", "right", 90), ("Done/yr", "right", 116),
    ("Needed/yr", "right", 116), ("Status", "left", 0),
)


def indicator_cells(item: IndicatorProgress, report: PlanReport,
                    console: Console) -> dict[str, RenderableType]:
    loc = report.locale
    actual = fmt.amount(item.actual, item.unit, item.is_money, loc)
    if item.actual_date is not None:
        actual += f"\n{item.actual_date.isoformat()}\n{fmt.age(report.as_of, item.actual_date)}"
    return {
        "Actual": Text(actual),
        "Target": Text(fmt.amount(item.target, item.unit, item.is_money, loc)),
        "Progress": bar(item.ratio, loc, console),
        "Expected": Text(fmt.percent(item.expected_ratio, loc)),
        "At deadline": Text(fmt.percent(item.projected_ratio, loc)),
        "Done/yr": Text(fmt.short_amount(item.achieved_per_year, item.is_money, loc)),
        "Needed/yr": Text(fmt.short_amount(item.required_per_year, item.is_money, loc)),
        "Status": status_text(item.status),
    }


def status_table(report: PlanReport, console: Console,
                 by_ecosystem: bool = False) -> LongTable:
    table = LongTable(box=box.ROUNDED if fancy(console) else box.ASCII, show_lines=True,
                      header_style="bold" if fancy(console) else "")
    table.add_column("Indicator", ratio=1, min_width=12, overflow="fold")
    extra = BAR_WIDTH + 1 if fancy(console) else 0
    shown = [c for c in COLUMNS if console.width >= c[2] + extra]
    for name, justify, _ in shown:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for item in report.indicators:
        cells = indicator_cells(item, report, console)
        name = f"{item.label}\n[{item.id}]"
        if item.total_from == "ecosystems":
            name += "\n(sum of ecosystems)"
        table.add_row(Text(name), *(cells[c[0]] for c in shown))
        if by_ecosystem:
            for share in item.breakdown:
                table.add_row(*ecosystem_cells(share, item, report, console, shown))
    return table


def ecosystem_cells(share: EcosystemProgress, item: IndicatorProgress, report: PlanReport,
                    console: Console, shown: list[tuple[str, str, int]]) -> list[Text]:
    """A breakdown row: the ecosystem's actual, its share of the total and its ratio to
    its own target."""
    loc = report.locale
    label = f"  {share.ecosystem}: {share.name}"
    if share.share is not None:
        label += f"\n  {fmt.percent(share.share, loc)} of total"
    cells = {
        "Actual": Text(fmt.amount(share.actual, item.unit, item.is_money, loc)
                       + f"\n{share.actual_date.isoformat()}"),
        "Target": Text(fmt.amount(share.target, item.unit, item.is_money, loc)),
        "Progress": bar(share.ratio, loc, console),
    }
    return [Text(label, style="dim" if fancy(console) else ""),
            *(cells.get(column[0], Text("")) for column in shown)]


def render_status(report: PlanReport, console: Console, footer: list[str] | None = None,
                  by_ecosystem: bool = False, ecosystem_name: str | None = None) -> None:
    """Print the status screen: header, table and footer lines."""
    parts: list[RenderableType] = [header(report)]
    if report.ecosystem is not None:
        parts.append(Text(f"Ecosystem {report.ecosystem}: {ecosystem_name or ''} (its own "
                          "figures, against its own targets)", style="bold"))
    console.print(Group(*parts))
    with collector_paused():
        print_table(console, status_table(report, console, by_ecosystem))
    if footer:
        console.print(Text("\n".join(footer)))
