"""The terminal table of ``offshore milestones``: a box-less table whose When
column gives way on a narrow terminal, or one block per milestone (its state and
countdown) below that."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from offshore_cli.render.columns import Column
from offshore_cli.render.console import Cell, Cells, cell_text, fancy, fitting, stacked
from offshore_cli.render.grid import LongTable, collector_paused, print_table
from offshore_cli.render.milestones_view import (
    COLUMNS,
    DROPPED_FIRST,
    NO_MILESTONES,
    STATE_STYLE,
    TITLE,
    MilestonesView,
)


def render(view: MilestonesView, console: Console) -> None:
    """Print the milestones: a table, or one block per milestone."""
    if not view.report.milestones:
        console.print(Text(NO_MILESTONES))
        return
    rows = rich_rows(view.text_rows())
    shown = fitting(COLUMNS, rows, console.width, DROPPED_FIRST, boxed=False)
    if shown is None:
        headings = [Text(f"{cell_text(cells['Date'])} {cell_text(cells[TITLE])}")
                    for cells in rows]
        console.print(stacked(list(zip(headings, rows, strict=True)),
                              [c for c in COLUMNS if c.name in ("State", "Countdown")],
                              console.width))
        return
    with collector_paused():
        print_table(console, milestones_table(rows, shown, console))


def rich_rows(rows: list[dict[str, str]]) -> list[Cells]:
    return [dict[str, Cell](cells)
            | {"State": Text(cells["State"], style=STATE_STYLE.get(cells["State"], "")),
               "Countdown": Text(cells["Countdown"],
                                 style="bold red" if cells["State"] == "overdue" else "")}
            for cells in rows]


def milestones_table(rows: list[Cells], shown: list[Column], console: Console) -> LongTable:
    table = LongTable(box=None, show_header=True,
                      header_style="bold" if fancy(console) else "", pad_edge=False)
    for column in shown:
        table.add_column(column.name, no_wrap=not column.wraps,
                         ratio=1 if column.wraps else None)
    for cells in rows:
        table.add_row(*(cells[column.name] for column in shown))
    return table
