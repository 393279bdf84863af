"""The terminal view of ``offshore status``: a rich table with colour and bars,
or clean text when output goes to a pipe or ``NO_COLOR`` is set."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from offshore_cli.progress import IndicatorProgress, PlanReport
from offshore_cli.render import fmt

STATUS_STYLE = {
    "achieved": "bold green", "on-track": "green", "at-risk": "yellow", "off-track": "red",
    "missed": "bold red", "overdue": "bold red", "no-data": "dim", "tracked": "cyan",
}
BAR_WIDTH = 10


def make_console(file: TextIO | None = None, width: int | None = None) -> Console:
    """A console that honours the terminal, ``NO_COLOR``, ``TERM=dumb`` and ``COLUMNS``."""
    stream = file or sys.stdout
    no_color = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    return Console(file=stream, width=width, no_color=no_color, highlight=False,
                   emoji=False, markup=False, soft_wrap=False)


def fancy(console: Console) -> bool:
    """Bars and box drawing only on a real terminal."""
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


def indicator_row(item: IndicatorProgress, report: PlanReport,
                  console: Console) -> list[RenderableType]:
    loc = report.locale
    actual = fmt.amount(item.actual, item.unit, item.is_money, loc)
    if item.actual_date is not None:
        actual += f"\n{item.actual_date.isoformat()} ({fmt.age(report.as_of, item.actual_date)})"
    per_year = "-"
    if item.achieved_per_year is not None or item.required_per_year is not None:
        per_year = (f"{fmt.short_amount(item.achieved_per_year, item.is_money, loc)} / "
                    f"{fmt.short_amount(item.required_per_year, item.is_money, loc)}")
    return [
        Text(f"{item.label}\n[{item.id}]"),
        Text(actual),
        Text(fmt.amount(item.target, item.unit, item.is_money, loc)),
        bar(item.ratio, loc, console),
        Text(fmt.percent(item.expected_ratio, loc)),
        Text(fmt.percent(item.pace, loc)),
        Text(per_year),
        status_text(item.status),
    ]


def status_table(report: PlanReport, console: Console) -> Table:
    table = Table(box=box.ROUNDED if fancy(console) else box.ASCII, show_lines=True,
                  header_style="bold" if fancy(console) else "")
    for name, justify in (("Indicator", "left"), ("Actual", "right"), ("Target", "right"),
                          ("Progress", "left"), ("Expected", "right"),
                          ("Projected", "right"), ("Per year: done / needed", "right"),
                          ("Status", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for item in report.indicators:
        table.add_row(*indicator_row(item, report, console))
    return table


def render_status(report: PlanReport, console: Console,
                  footer: list[str] | None = None) -> None:
    """Print the status screen: header, table and footer lines."""
    parts: list[RenderableType] = [header(report), status_table(report, console)]
    if footer:
        parts.append(Text("\n".join(footer)))
    console.print(Group(*parts))
