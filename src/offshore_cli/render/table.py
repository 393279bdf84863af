"""The terminal view of ``offshore status``: a rich table with colour and bars,
or clean text when output goes to a pipe or ``NO_COLOR`` is set."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
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


# Columns in the order shown. Indicator, Actual, Progress and Status are always
# shown; on a narrower terminal the others give way, in the order of DROPPED_FIRST,
# as long as the table would not fit. Where even the four do not fit, each indicator
# is shown as a block of lines instead (``status_blocks``): a value is never cut.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Actual", "right"), ("Target", "right"), ("Progress", "left"), ("Expected", "right"),
    ("At deadline", "right"), ("Done/yr", "right"), ("Needed/yr", "right"), ("Status", "left"),
)
DROPPED_FIRST = ("Done/yr", "Needed/yr", "Expected", "At deadline", "Target")
INDICATOR_MIN_WIDTH = 12


def indicator_cells(item: IndicatorProgress, report: PlanReport,
                    console: Console) -> dict[str, Text]:
    loc = report.locale
    # Jobs counted in whole numbers are done and needed in whole numbers a year too.
    whole = fmt.all_whole(item.baseline, item.target, item.actual)
    actual = fmt.amount(item.actual, item.unit, item.is_money, loc)
    if item.actual_date is not None:
        actual += f"\n{item.actual_date.isoformat()}\n{fmt.age(report.as_of, item.actual_date)}"
    return {
        "Actual": Text(actual),
        "Target": Text(fmt.amount(item.target, item.unit, item.is_money, loc)),
        "Progress": bar(item.ratio, loc, console),
        "Expected": Text(fmt.percent(item.expected_ratio, loc)),
        "At deadline": Text(fmt.percent(item.projected_ratio, loc)),
        "Done/yr": Text(fmt.per_year(item.achieved_per_year, item.is_money, whole, loc)),
        "Needed/yr": Text(fmt.per_year(item.required_per_year, item.is_money, whole, loc)),
        "Status": status_text(item.status),
    }


Row = tuple[Text, dict[str, Text]]


def status_rows(report: PlanReport, console: Console, by_ecosystem: bool) -> list[Row]:
    """Every row of the status table: the indicator's name and its cells by column."""
    rows: list[Row] = []
    for item in report.indicators:
        name = f"{item.label}\n[{item.id}]"
        if item.total_from == "ecosystems":
            name += "\n(sum of ecosystems)"
        rows.append((Text(name), indicator_cells(item, report, console)))
        if by_ecosystem:
            rows.extend(ecosystem_cells(share, item, report, console)
                        for share in item.breakdown)
    return rows


def fitting_columns(rows: list[Row], width: int) -> list[str] | None:
    """The columns whose widest line lets the table fit in ``width``, the optional
    ones given up in the order of DROPPED_FIRST; ``None`` when even the essential
    ones do not fit."""
    widest = {name: cell_len(name) for name, _ in COLUMNS}
    for _, cells in rows:
        for name, cell in cells.items():
            widest[name] = max(widest[name], *(cell_len(line) for line in
                                               cell.plain.split("\n")))
    shown = [name for name, _ in COLUMNS]

    def table_width() -> int:
        # Each column has a space either side and a rule on its left; one rule closes.
        return INDICATOR_MIN_WIDTH + sum(widest[name] for name in shown) \
            + 3 * (len(shown) + 1) + 1

    for name in DROPPED_FIRST:
        if table_width() <= width:
            break
        shown.remove(name)
    return shown if table_width() <= width else None


def status_table(report: PlanReport, console: Console, by_ecosystem: bool = False,
                 rows: list[Row] | None = None, shown: list[str] | None = None) -> LongTable:
    rows = status_rows(report, console, by_ecosystem) if rows is None else rows
    shown = [name for name, _ in COLUMNS] if shown is None else shown
    table = LongTable(box=box.ROUNDED if fancy(console) else box.ASCII, show_lines=True,
                      header_style="bold" if fancy(console) else "")
    table.add_column("Indicator", ratio=1, min_width=INDICATOR_MIN_WIDTH, overflow="fold")
    for column, justify in COLUMNS:
        if column in shown:
            table.add_column(column, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for name, cells in rows:
        table.add_row(name, *(cells.get(column, Text("")) for column in shown))
    return table


def status_blocks(rows: list[Row]) -> Group:
    """The status as one block of lines per indicator, for a terminal too narrow for
    the table: every value whole, each on its own line, wrapped where it must be."""
    blocks: list[RenderableType] = []
    for name, cells in rows:
        if blocks:
            blocks.append(Text(""))
        # An ecosystem's row (indented in the table) is indented under its indicator.
        indent = "  " if name.plain.startswith("  ") else ""
        lines = [line.strip() for line in name.plain.split("\n")]
        heading = " ".join(lines) if not indent else ", ".join(lines)
        blocks.append(Text(indent + heading, style=name.style or "bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for column, _ in COLUMNS:
            cell = cells.get(column)
            if cell is not None and cell.plain:
                # One line per value: "1.0 bn MAD, 2018-12-31, 3 months old". Cells of
                # several lines carry no colours; the one-line bar and status keep theirs.
                value = cell if "\n" not in cell.plain else Text(cell.plain.replace("\n", ", "))
                grid.add_row(Text(f"{indent}  {column}"), value)
        blocks.append(grid)
    return Group(*blocks)


def ecosystem_cells(share: EcosystemProgress, item: IndicatorProgress, report: PlanReport,
                    console: Console) -> Row:
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
    return Text(label, style="dim" if fancy(console) else ""), cells


def reasons(report: PlanReport) -> list[str]:
    """Why a status is what it is, where its name does not say it all."""
    return [f"{item.id}: {item.status}: {item.reason}" for item in report.indicators
            if item.reason]


def render_status(report: PlanReport, console: Console, footer: list[str] | None = None,
                  by_ecosystem: bool = False, ecosystem_name: str | None = None) -> None:
    """Print the status screen: header, table and footer lines."""
    parts: list[RenderableType] = [header(report)]
    if report.ecosystem is not None:
        parts.append(Text(f"Ecosystem {report.ecosystem}: {ecosystem_name or ''} (its own "
                          "figures, against its own targets)", style="bold"))
    console.print(Group(*parts))
    rows = status_rows(report, console, by_ecosystem)
    shown = fitting_columns(rows, console.width)
    if shown is None:
        console.print(status_blocks(rows))
    else:
        with collector_paused():
            print_table(console, status_table(report, console, by_ecosystem, rows, shown))
    lines = [*reasons(report), *(footer or [])]
    if lines:
        console.print(Text("\n".join(lines)))
