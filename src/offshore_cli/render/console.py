"""What the terminal views share: the console (terminal, pipe, ``NO_COLOR``,
``COLUMNS``), progress bars and status words in colour, and the layout of a table
that must stay readable at any width (columns that give way, then a stack of
blocks)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from offshore_cli.render import fmt
from offshore_cli.render.columns import Column
from offshore_cli.render.grid import text_width
from offshore_cli.render.wording import status_word

STATUS_STYLE = {
    "achieved": "bold green", "achieved-late": "yellow", "on-track": "green",
    "at-risk": "yellow", "off-track": "red", "missed": "bold red", "overdue": "bold red",
    "no-data": "dim", "tracked": "cyan",
}
BAR_WIDTH = 10
MIN_COLUMNS = 20  # a narrower COLUMNS is taken as a mistake, not as a width
# Output to a pipe or a file is as wide as it needs: a table keeps every column
# (COLUMNS, when set, still decides).
UNBOUNDED = 4096


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
    """A console that honours the terminal, ``NO_COLOR``, ``TERM=dumb`` and
    ``COLUMNS``; a pipe or a file without ``COLUMNS`` is not cut to 80 columns."""
    stream = file or sys.stdout
    no_color = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    environ: Mapping[str, str] = os.environ
    columns = environ.get("COLUMNS")
    if columns is not None and not (columns.isdigit() and int(columns) >= MIN_COLUMNS):
        # rich would draw every line 0 or 5 characters wide, that is nothing at all:
        # such a COLUMNS is treated as unset (the terminal's width, else unbounded).
        environ = {key: value for key, value in environ.items() if key != "COLUMNS"}
        columns = None
    if width is None and columns is not None:
        width = int(columns)  # rich would take 80 for TERM=dumb whatever COLUMNS says
    console = _Console(file=stream, width=width, no_color=no_color, highlight=False,
                       emoji=False, markup=False, soft_wrap=False, _environ=environ)
    if width is None and not console.is_terminal:
        console.width = UNBOUNDED
    return console


def table_style(console: Console) -> dict[str, Any]:
    """A boxed table's look: rounded rules and bold headers on a terminal, ASCII
    rules in a pipe or a file."""
    return {"box": box.ROUNDED if fancy(console) else box.ASCII,
            "header_style": "bold" if fancy(console) else ""}


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
    # Clamped before scaling: a ratio may be as large as a float goes.
    filled = round(min(max(ratio, 0.0), 1.0) * BAR_WIDTH)
    text = Text("█" * filled, style="green" if ratio >= 1 else "blue")
    text.append("░" * (BAR_WIDTH - filled), style="dim")
    text.append(" " + label)
    return text


def status_text(status: str) -> Text:
    """A status in words, in the run's language, in its colour."""
    return Text(status_word(status), style=STATUS_STYLE.get(status, ""))


def prose(lines: Iterable[str], width: Console | int, style: str | Style = "",
          marked: Mapping[str, str] | None = None) -> Text:
    """Lines of prose wrapped to the console (or to ``width``) at plain spaces only:
    a number, whose digit groups and units are joined by no-break spaces, is never
    split (rich would break at any space). Each phrase of ``marked`` gets its style,
    wherever the wrapping put it."""
    room = width if isinstance(width, int) else width.width
    wrapped = [piece for line in lines
               for piece in (fmt.wrap_words(line, room) if line else [""])]
    text = Text("\n".join(wrapped), style=style, no_wrap=True, overflow="ignore")
    # A break takes the place of one space: the phrase is found with breaks as spaces.
    flat = text.plain.replace("\n", " ")
    for phrase, phrase_style in (marked or {}).items():
        start = flat.find(phrase)
        if start >= 0:
            text.stylize(phrase_style, start, start + len(phrase))
    return text


# --- Tables that stay readable at any width ---------------------------------

Cell = Text | str
"""A table cell: ``Text`` where it has a style, plain ``str`` otherwise (a long
table's plain cells are drawn without making a ``Text`` of each)."""
Cells = Mapping[str, Cell]


def cell_text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.plain


def longest_word(text: str) -> int:
    return max(map(text_width, text.replace("\n", " ").split(" ")))


def widest_line(text: str) -> int:
    return max(map(text_width, text.split("\n")))


def overhead(count: int, boxed: bool) -> int:
    """The characters a table spends around ``count`` columns: a rule left of each
    and one to close with a space either side of every cell (boxed), or two spaces
    between cells (a box-less table without edge padding)."""
    return 3 * count + 1 if boxed else 2 * max(count - 1, 0)


def needed_widths(columns: Sequence[Column], rows: Iterable[Cells]) -> dict[str, int]:
    """Each column's narrowest width that cuts nothing: its widest line for a cell
    that never wraps, its longest word for text that wraps; a header's words are
    never broken either."""
    need = {column.name: max(column.min_width, longest_word(column.title) if column.wraps
                             else cell_len(column.title)) for column in columns}
    wraps = {column.name: column.wraps for column in columns}
    for cells in rows:
        for name, cell in cells.items():
            if name in need:
                text = cell_text(cell)
                if len(text) <= need[name] and text.isascii():
                    continue  # no line of it can be wider than the column already is
                size = longest_word(text) if wraps[name] else widest_line(text)
                if size > need[name]:
                    need[name] = size
    return need


def fitting(columns: Sequence[Column], rows: Sequence[Cells], width: int,
            give_way: Sequence[str], boxed: bool) -> list[Column] | None:
    """The columns that fit in ``width``, those of ``give_way`` left out in its
    order as long as the table would not fit; ``None`` when even the rest do not
    fit (then the table is shown as a stack of blocks)."""
    need = needed_widths(columns, rows)
    shown = list(columns)

    def table_width() -> int:
        return sum(need[column.name] for column in shown) + overhead(len(shown), boxed)

    for name in give_way:
        if table_width() <= width:
            break
        shown = [column for column in shown if column.name != name]
    return shown if table_width() <= width else None


def stacked(rows: Sequence[tuple[Text, Cells]], columns: Sequence[Column], width: int,
            indent_of: Mapping[int, str] | None = None) -> Text:
    """A table too wide for the terminal as one block of lines per row: its heading,
    then one line per value, every value whole. A cell of several lines is joined
    with commas and wrapped at plain spaces only (a figure stays whole); a value with
    no room beside its label goes under it."""
    out = Text(no_wrap=True, overflow="ignore")
    names = [column.name for column in columns]
    titles = {column.name: column.title for column in columns}
    for number, (heading, cells) in enumerate(rows):
        indent = (indent_of or {}).get(number, "")
        if number:
            out.append("\n\n" if not indent else "\n")
        lines = fmt.wrap_words(heading.plain.replace("\n", " "), max(width - len(indent), 1))
        out.append("\n".join(indent + line for line in lines), heading.style or "bold")
        label_width = max(cell_len(f"{indent}  {title}") for title in titles.values())
        for name in names:
            cell = cells.get(name)
            if cell is None or not cell_text(cell):
                continue
            # Cells of several lines carry no colours; one-line ones keep theirs.
            value = Text(cell) if isinstance(cell, str) else cell
            if "\n" in value.plain:
                value = Text(value.plain.replace("\n", ", "))
            label = f"{indent}  {titles[name]}"
            room = width - label_width - 1
            out.append("\n")
            if cell_len(value.plain) <= room:
                out.append(label.ljust(label_width) + " ")
                out.append_text(value)
            elif room >= 12:  # wrapped beside the label
                lines = fmt.wrap_words(value.plain, room)
                out.append(label.ljust(label_width) + " " + lines[0])
                for line in lines[1:]:
                    out.append("\n" + " " * (label_width + 1) + line)
            else:  # under the label
                under = f"{indent}    "
                out.append(label)
                for line in fmt.wrap_words(value.plain, max(width - len(under), 1)):
                    out.append("\n" + under + line)
    return out
