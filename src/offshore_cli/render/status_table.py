"""The terminal table of ``offshore status``: header, table (or blocks, when the
terminal is too narrow for it), the reasons for statuses, and the footer; the
headers and status words in the run's language."""

from __future__ import annotations

from rich.console import Console, Group
from rich.text import Text

from offshore_cli.i18n import _
from offshore_cli.render import fmt
from offshore_cli.render.columns import Column
from offshore_cli.render.console import (
    Cell,
    Cells,
    bar,
    fancy,
    fitting,
    prose,
    stacked,
    status_text,
    table_style,
)
from offshore_cli.render.grid import LongTable, collector_paused, print_table
from offshore_cli.render.status_view import (
    COLUMNS,
    DROPPED_FIRST,
    INDICATOR_MIN_WIDTH,
    NAME,
    NO_INDICATORS,
    StatusView,
    header_lines,
)

Row = tuple[Cell, Cells]


def table_columns(columns: tuple[tuple[str, str], ...]) -> tuple[Column, ...]:
    """The indicator's column, then the view's."""
    return (Column(NAME, wraps=True, min_width=INDICATOR_MIN_WIDTH),
            *(Column(name, justify) for name, justify in columns))


def rows_of(view: StatusView, console: Console, bars: bool = True) -> list[Row]:
    """The rows as the terminal shows them: bars and status words in colour,
    an ecosystem's row indented under its indicator."""
    rows: list[Row] = []
    for row in view.text_rows():
        cells: dict[str, Cell] = dict(row.cells)
        if bars:
            cells["Progress"] = bar(row.ratio, view.locale, console)
        if row.status is not None:
            cells["Status"] = status_text(row.status)
        name: Cell = row.name
        if row.nested:
            name = Text("\n".join("  " + line for line in row.name.split("\n")),
                        style="dim" if fancy(console) else "")
        rows.append((name, cells))
    return rows


def fitting_columns(rows: list[Row], width: int,
                    columns: tuple[tuple[str, str], ...] = COLUMNS) -> list[str] | None:
    """The columns (besides the indicator's) that let the table fit in ``width``;
    ``None`` when even the essential ones do not fit."""
    shown = fitting(table_columns(columns), [{NAME: name, **cells} for name, cells in rows],
                    width, DROPPED_FIRST, boxed=True)
    return None if shown is None else [column.name for column in shown[1:]]


def status_table(view: StatusView, console: Console, rows: list[Row] | None = None,
                 shown: list[str] | None = None) -> LongTable:
    rows = rows_of(view, console) if rows is None else rows
    shown = [name for name, _justify in view.columns] if shown is None else shown
    table = LongTable(show_lines=True, **table_style(console))
    table.add_column(_(NAME), ratio=1, min_width=INDICATOR_MIN_WIDTH, overflow="fold")
    for column, justify in view.columns:
        if column in shown:
            table.add_column(_(column), justify=justify,  # type: ignore[arg-type]
                             no_wrap=True)
    for name, cells in rows:
        table.add_row(name, *(cells.get(column, "") for column in shown))
    return table


def render(view: StatusView, console: Console) -> None:
    """Print the status screen: header, table and footer lines."""
    report = view.report
    countdown = fmt.countdown(report.as_of, report.deadline, report.locale)
    header = prose(header_lines(report, view.ecosystem_name), console, marked={
        countdown: "bold red" if report.days_left < 0 else "bold"})
    console.print(Group(prose([report.title], console, "bold"), header))
    if not report.indicators:
        console.print(Text(_(NO_INDICATORS)))
        return
    rows = rows_of(view, console)
    shown = fitting_columns(rows, console.width, view.columns)
    if shown is None and fancy(console):  # the bars give way before the table does
        plain_rows = rows_of(view, console, bars=False)
        shown = fitting_columns(plain_rows, console.width, view.columns)
        if shown is not None:
            rows = plain_rows
    if shown is None:
        # One block per row; an ecosystem's block is indented under its indicator's.
        headings, indents = [], {}
        for number, (row, (name, cells)) in enumerate(zip(view.text_rows(), rows,
                                                          strict=True)):
            lines = row.name.split("\n")
            if row.nested:
                indents[number] = "  "
            style = name.style if isinstance(name, Text) else ""
            headings.append((Text(", ".join(lines) if row.nested else " ".join(lines),
                                  style=style or "bold"), cells))
        console.print(stacked(headings, table_columns(view.columns)[1:], console.width,
                              indents))
    else:
        with collector_paused():
            print_table(console, status_table(view, console, rows, shown))
    lines = view.notes
    if lines:
        console.print(prose(lines, console))
