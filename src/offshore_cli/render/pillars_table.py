"""The terminal table of ``offshore pillars``: the pillars as a table whose
columns give way on a narrow terminal (``pillars_view.DROPPED_FIRST``), or one
block per pillar below that, and the count of axes under it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from offshore_cli.i18n import _
from offshore_cli.render.console import (
    Cell,
    Cells,
    bar,
    fitting,
    prose,
    stacked,
    table_style,
)
from offshore_cli.render.pillars_view import DROPPED_FIRST, NAME, NO_PILLARS, PillarsView
from offshore_cli.render.wording import pillars_line


def render(view: PillarsView, console: Console) -> None:
    """Print the pillars: a table (or blocks), then the count of axes; the headers
    are the columns' titles, in the run's language."""
    if not view.report.pillars:
        console.print(Text(_(NO_PILLARS)))
        return
    rows: list[Cells] = []
    headings: list[Text] = []
    for pillar, texts in zip(view.report.pillars, view.text_rows(), strict=True):
        overdue = pillar.counts.overdue
        cells = dict[str, Cell](texts) | {
            "Progress": bar(pillar.counts.progress, view.locale, console),
            "Overdue": Text(texts["Overdue"], style="bold red" if overdue else "")}
        headings.append(Text(f"{texts['#']}. {texts[NAME]}"))
        rows.append(cells)
    columns = view.columns
    shown = fitting(columns, rows, console.width, DROPPED_FIRST, boxed=True)
    if shown is None:
        console.print(stacked(list(zip(headings, rows, strict=True)),
                              [c for c in columns if c.name not in ("#", NAME)],
                              console.width))
    else:
        table = Table(**table_style(console))
        for column in shown:
            table.add_column(column.title, justify=column.justify,  # type: ignore[arg-type]
                             no_wrap=not column.wraps, ratio=1 if column.wraps else None)
        for row in rows:
            table.add_row(*(row[column.name] for column in shown))
        console.print(table)
    console.print(prose([pillars_line(view.report, view.locale)], console))
