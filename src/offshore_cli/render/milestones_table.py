"""The terminal table of ``offshore milestones``: a box-less table whose When
column gives way on a narrow terminal, or one block per milestone (its state and
countdown) below that."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from offshore_cli.i18n import _
from offshore_cli.render.columns import Column
from offshore_cli.render.console import Cell, Cells, fancy, fitting, stacked
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
    """Print the milestones: a table, or one block per milestone; the headers are
    the columns' titles, in the run's language."""
    if not view.report.milestones:
        console.print(Text(_(NO_MILESTONES)))
        return
    texts = view.text_rows()
    rows: list[Cells] = rich_rows(view)
    shown = fitting(COLUMNS, rows, console.width, DROPPED_FIRST, boxed=False)
    if shown is None:
        headings = [Text(f"{cells['Date']} {cells[TITLE]}") for cells in texts]
        console.print(stacked(list(zip(headings, rows, strict=True)),
                              [c for c in COLUMNS if c.name in ("State", "Countdown")],
                              console.width))
        return
    with collector_paused():
        print_table(console, milestones_table(rows, shown, console))


def rich_rows(view: MilestonesView) -> list[Cells]:
    """The rows of ``view.text_rows`` with the state and countdown in colour (by the
    engine's state, whatever the language of its word)."""
    states = [milestone.state for _section, milestone in view.timeline()]
    return [dict[str, Cell](cells)
            | {"State": Text(cells["State"], style=STATE_STYLE.get(state, "")),
               "Countdown": Text(cells["Countdown"],
                                 style="bold red" if state == "overdue" else "")}
            for cells, state in zip(view.text_rows(), states, strict=True)]


def milestones_table(rows: list[Cells], shown: list[Column], console: Console) -> LongTable:
    table = LongTable(box=None, show_header=True,
                      header_style="bold" if fancy(console) else "", pad_edge=False)
    for column in shown:
        table.add_column(column.title, no_wrap=not column.wraps,
                         ratio=1 if column.wraps else None)
    for cells in rows:
        table.add_row(*(cells[column.name] for column in shown))
    return table
