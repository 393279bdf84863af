"""Long tables drawn row by row: the table rich's ``Table`` would draw, at a
fraction of its cost.

rich checks every cell as a row is added, then measures and renders every cell
through several layers (padding, wrapping, cropping, shaping): about half a
millisecond a row, 55 s for the status of 100,000 indicators. Here a
``LongTable`` keeps its rows aside until it is drawn, and ``print_table``
prints the characters rich would print. The column widths come from rich itself,
measured on the cells that decide them (for each column, the one with the
longest line; none for a column of a set width). A cell without a style whose
lines fit its column is justified with string operations, which is all that rich
does to it, and so is a cell of one line in one style (the style's codes around
it, found once per style); any other cell (with styled parts, too long, with a
tab or a control character) is rendered by rich, and remembered, since such
cells repeat (a status, a progress bar). A short table, or one that uses a
feature not reproduced here (a title, a footer, row styles, centred columns...),
is drawn by rich itself. ``collector_paused`` keeps the garbage collector from
walking a long table's cells while it is built. ``print_lines`` does the same
for many lines of text, each in one style.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import gc
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rich import errors
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.table import Table
from rich.text import Text

# Under this many rows rich draws the table itself (in about 50 ms at most).
FAST_FROM_ROWS = 100
# Lines written to the console's file at a time.
_CHUNK_LINES = 4000
# A character no cell of the fast path holds (they are printable), to find what the
# console writes around a styled text.
_MARK = "\x00"

Cell = Text | str
Row = tuple[RenderableType | None, ...]


class LongTable(Table):
    """A rich ``Table`` that keeps its rows as given until rich draws it.

    rich checks every cell as a row is added (about as long as ``print_table``
    takes to draw the row): the rows wait in ``pending``, and are added to the
    table only when rich draws it, which it can wherever a ``Table`` goes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending: list[Row] = []

    def add_row(self, *renderables: RenderableType | None, style: StyleType | None = None,
                end_section: bool = False) -> None:
        if style is not None or end_section:
            self.settle()
            super().add_row(*renderables, style=style, end_section=end_section)
        else:
            self.pending.append(renderables)

    def settle(self) -> None:
        """Add the pending rows to the table."""
        rows, self.pending = self.pending, []
        for row in rows:
            super().add_row(*row)

    @property
    def row_count(self) -> int:
        return len(self.rows) + len(self.pending)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.settle()
        return super().__rich_console__(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        self.settle()
        return super().__rich_measure__(console, options)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Build and draw a table with the cyclic garbage collector paused.

    A table is built as a few objects a cell, all alive until it is drawn; the
    collector, which runs every few hundred new objects, would walk them again and
    again (two thirds of the time of building a 100,000-row table). Building and
    drawing a table makes no cycles worth collecting meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def print_table(console: Console, table: Table, *, fast: bool | None = None) -> None:
    """Print ``table`` exactly as ``console.print(table)`` does; quickly when it is a
    long ``LongTable``. ``fast`` forces either way (the tests compare the two)."""
    if fast is None:
        fast = table.row_count >= FAST_FROM_ROWS
    writer = (_Writer.for_table(console, table)
              if fast and isinstance(table, LongTable) else None)
    if writer is None:
        console.print(table)
        return
    file = console.file
    for chunk in writer.chunks():
        file.write(chunk)
    file.flush()


def _style_codes(console: Console, style: StyleType,
                 known: dict[StyleType, tuple[str, str] | None]) -> tuple[str, str] | None:
    """What ``console`` writes before and after a text in ``style`` (the same for any
    text), or None for a style that is not simply that (a link, a bad name);
    remembered in ``known``."""
    try:
        return known[style]
    except KeyError:
        pass
    except TypeError:
        return None
    try:
        parsed = console.get_style(style)
    except errors.MissingStyle:
        parsed = None
    codes = None
    if parsed is not None and not parsed.link:
        drawn = console._render_buffer([Segment(_MARK, parsed)]).split(_MARK)
        if len(drawn) == 2:
            codes = (drawn[0], drawn[1])
    known[style] = codes
    return codes


def print_lines(console: Console, lines: Iterable[tuple[str, StyleType]]) -> None:
    """Print each line in its style, exactly as ``console.print(Text(line, style=style))``
    does; quickly where a line is printable text that fits the console (it is then
    written with the style's codes around it)."""
    direct = not (console.legacy_windows or console.is_jupyter or console.record)
    known: dict[StyleType, tuple[str, str] | None] = {}
    file, width = console.file, console.width
    written: list[str] = []
    for line, style in lines:
        codes = ((_style_codes(console, style, known) if style else ("", ""))
                 if direct and _printable(line)
                 and (len(line) if line.isascii() else cell_len(line)) <= width else None)
        if codes is not None:
            # rich writes no codes around an empty text.
            written.append(f"{codes[0]}{line}{codes[1]}\n" if line else "\n")
            if len(written) < _CHUNK_LINES:
                continue
        if written:
            file.write("".join(written))
            written.clear()
        if codes is None:
            console.print(Text(line, style=style))
    if written:
        file.write("".join(written))
    file.flush()


def _supported(console: Console, table: LongTable) -> bool:
    """Whether the table uses only what ``_Writer`` reproduces."""
    top, _, bottom, _ = table.padding
    if (console.legacy_windows or console.is_jupyter or console.record or not table.columns
            or table.rows or table.title or table.caption or table.show_footer
            or table.row_styles or table.leading or table.collapse_padding or top or bottom):
        return False
    if not all(column.justify in ("left", "right") and column.vertical == "top"
               and not column.style and not column.highlight for column in table.columns):
        return False
    rows = table.pending
    if not {len(row) for row in rows} <= {len(table.columns)}:
        return False
    kinds = {type(cell) for row in rows for cell in row}
    return all(kind is str or issubclass(kind, Text) for kind in kinds)


# The no-break spaces of a figure (69 900, 1.25 bn) are not "printable" to
# Python, but rich draws them as it draws any one-cell character.


def _printable(text: str) -> bool:
    return text.isprintable() or (text.replace("\u00a0", " ").replace("\u202f", " ")
                                  .isprintable())


# Below the combining marks (U+0300), every printable character takes one cell:
# ASCII, the Latin letters of French and most European text, no-break spaces.
_ONE_CELL_BELOW = "\u0300"


def _one_cell_each(text: str) -> bool:
    """Printable text of one cell a character (the common cells of a long table,
    then measured by their length): below U+0300, or shortened with "…"."""
    if text.isascii():
        return text.isprintable()
    return max(text.replace("…", ""), default="") < _ONE_CELL_BELOW and _printable(text)


def text_width(line: str) -> int:
    """The cells one line of text takes, as rich counts them; quickly for the
    common text of one cell a character."""
    if line.isascii() or max(line.replace("…", ""), default="") < _ONE_CELL_BELOW:
        return len(line)
    return cell_len(line)


def _plain(cell: Cell) -> str:
    # rich turns a str cell into a Text, which drops control characters.
    return cell.plain if isinstance(cell, Text) else (
        cell if _printable(cell) else Text(cell).plain)


def _longest_line(cells: Iterable[Cell]) -> list[RenderableType]:
    """The cell with the longest line, which alone decides the width rich gives its
    column: a column is as wide as its widest cell (within the table's width), and
    rich measures a text's width by its longest line. No cell for no cells."""
    longest, chosen = -1, None
    for cell in cells:
        plain = _plain(cell)
        # No line is longer than the text, and no character takes more than two
        # cells: most cells are passed over on their length alone.
        ascii = plain.isascii()
        if (len(plain) if ascii else 2 * len(plain)) <= longest:
            continue
        if ascii and plain.replace("\n", "").isprintable():
            length = max(map(len, plain.split("\n")))
        else:
            length = max(map(cell_len, plain.splitlines()), default=0)
        if length > longest:
            longest, chosen = length, cell
    return [] if chosen is None else [chosen]


class _Writer:
    """The lines of one table, made as rich's ``Table._render`` makes them."""

    def __init__(self, console: Console, table: LongTable, options: ConsoleOptions,
                 widths: list[int]) -> None:
        self.console = console
        self.table = table
        self.widths = widths
        render_options = options.update(width=sum(widths) + table._extra_width,
                                        highlight=table.highlight, height=None)
        self.cell_options = [
            render_options.update(width=width, justify=column.justify,
                                  no_wrap=column.no_wrap, overflow=column.overflow,
                                  height=None, highlight=column.highlight)
            for width, column in zip(widths, table.columns, strict=True)]
        last = len(table.columns) - 1
        _, right, _, left = table.padding
        self.paddings = [(0 if index == 0 and not table.pad_edge else left,
                          0 if index == last and not table.pad_edge else right)
                         for index in range(len(table.columns))]
        # For each column: the padding on each side, the room between, and whether
        # its text goes to the right.
        self.layout = [(" " * pad_left, " " * pad_right, width - pad_left - pad_right,
                        column.justify == "right")
                       for (pad_left, pad_right), width, column
                       in zip(self.paddings, widths, table.columns, strict=True)]
        self.cache: dict[tuple[Any, ...], list[str]] = {}
        self.styles: dict[StyleType, tuple[str, str] | None] = {}
        self.blanks = [self.text([Segment(" " * width, Style.null())]) for width in widths]
        safe = table.safe_box if table.safe_box is not None else console.safe_box
        box = table.box.substitute(render_options, safe=safe) if table.box else None
        self.box = box.get_plain_headed_box() if box and not table.show_header else box

    @classmethod
    def for_table(cls, console: Console, table: LongTable) -> _Writer | None:
        """A writer for ``table``, or None where rich must draw it."""
        if not _supported(console, table):
            return None
        options = console.options
        max_width = options.max_width if table.width is None else table.width
        # The widths rich would give the whole table, computed by rich (with its
        # private method: no public one gives them) on a copy holding one row of
        # the deciding cells (none for a column of a set width, which rich does not
        # measure).
        proxy = copy.copy(table)
        proxy.columns = [dataclasses.replace(column, _cells=[] if column.width is not None
                                             else _longest_line(
                                                 row[index]  # type: ignore[misc]
                                                 for row in table.pending))
                         for index, column in enumerate(table.columns)]
        widths = proxy._calculate_column_widths(
            console, options.update_width(max_width - table._extra_width))
        if sum(widths) + table._extra_width > console.width:
            return None  # rich would crop the lines to the console: let it
        return cls(console, table, options, widths)

    def text(self, segments: Sequence[Segment]) -> str:
        # The console's own conversion of segments to text (styles as escape codes,
        # or none when the output is not a terminal), as its `print` does.
        return self.console._render_buffer(segments)

    def rendered(self, cell: RenderableType, index: int, style: Style) -> list[str]:
        """A cell's lines as rich renders them, each the column's width."""
        left, right = self.paddings[index]
        lines = self.console.render_lines(Padding(cell, (0, right, 0, left)),
                                          self.cell_options[index], style=style)
        return [self.text(line) for line in lines]

    def cell_lines(self, cell: Cell, index: int) -> list[str]:
        """A cell's lines, each the column's width (the row's height is made up later)."""
        if type(cell) is str:
            plain = cell
        else:
            assert isinstance(cell, Text)
            if (cell.spans or cell.justify or cell.overflow
                    or cell.no_wrap is not None or cell.end != "\n"):
                return self.remembered(cell, index)
            plain = cell.plain
            if cell.style:
                return self.styled_lines(cell, plain, index)
        margin, tail, room, right = self.layout[index]
        # Printable text (no tab, no control character) that fits needs no wrapping
        # and no cropping: rich only justifies it and adds the padding.
        if "\n" not in plain and _one_cell_each(plain):
            # One line, one cell a character: the common case, made short.
            if right:
                plain = plain.rstrip()
                if len(plain) <= room:
                    return [margin + plain.rjust(room) + tail]
            elif len(plain) <= room:
                return [margin + plain.ljust(room) + tail]
            return self.remembered(cell, index)
        if room < 1 or not _printable(plain.replace("\n", "")):
            return self.remembered(cell, index)
        lines = plain.split("\n")
        if right:
            lines = [line.rstrip() for line in lines]
        lengths = list(map(text_width, lines))
        if max(lengths) > room:
            return self.remembered(cell, index)
        if right:
            return [margin + " " * (room - length) + line + tail
                    for line, length in zip(lines, lengths, strict=True)]
        return [margin + line + " " * (room - length) + tail
                for line, length in zip(lines, lengths, strict=True)]

    def styled_lines(self, cell: Text, plain: str, index: int) -> list[str]:
        """A one-line cell in one style that fits: rich styles the whole of the
        justified text (the spaces it adds included) and nothing of the padding."""
        margin, tail, room, right = self.layout[index]
        if "\n" in plain or not _printable(plain) or room < 1:
            return self.remembered(cell, index)
        if right:
            plain = plain.rstrip()
        length = len(plain) if plain.isascii() else cell_len(plain)
        if length > room:
            return self.remembered(cell, index)
        around = self.style_codes(cell.style)
        if around is None:
            return self.remembered(cell, index)
        before, after = around
        blank = " " * (room - length)
        return [margin + before + (blank + plain if right else plain + blank) + after + tail]

    def style_codes(self, style: StyleType) -> tuple[str, str] | None:
        """What the console writes before and after a text in ``style``."""
        return _style_codes(self.console, style, self.styles)

    def remembered(self, cell: Cell, index: int) -> list[str]:
        """A cell rendered by rich, once for each distinct cell of its column."""
        if isinstance(cell, Text):
            key: tuple[Any, ...] = (index, cell.plain, cell.style, tuple(cell.spans),
                                    cell.justify, cell.overflow, cell.no_wrap, cell.end,
                                    cell.tab_size)
        else:
            key = (index, cell)
        try:
            return self.cache[key]
        except KeyError:
            pass
        except TypeError:  # a style that cannot be a key: render it every time
            return self.rendered(cell, index, Style.null()) or [self.blanks[index]]
        # A cell of no lines at all is a blank line, as rich makes up the row's height.
        lines = self.cache[key] = (self.rendered(cell, index, Style.null())
                                   or [self.blanks[index]])
        return lines

    def chunks(self) -> Iterator[str]:
        """The table's text, a few thousand lines at a time."""
        table, box, widths, console = self.table, self.box, self.widths, self.console
        border = console.get_style(table.style or "") + console.get_style(
            table.border_style or "")
        edge = table.show_edge
        lines: list[str] = []
        edges: list[tuple[str, str, str] | None] = [None, None, None]
        if box:
            if edge:
                lines.append(self.text([Segment(box.get_top(widths), border)]) + "\n")
            for kind, pieces in enumerate((
                    (box.head_left, box.head_right, box.head_vertical),
                    (box.mid_left, box.mid_right, box.mid_vertical),
                    (box.foot_left, box.foot_right, box.foot_vertical))):
                left, right, divider = (self.text([Segment(piece, border)]) for piece in pieces)
                edges[kind] = (left, right, divider) if edge else ("", "", divider)
            row_line = self.text([Segment(box.get_row(widths, "row", edge=edge), border)])
            head_line = self.text([Segment(box.get_row(widths, "head", edge=edge), border)])
        blanks = self.blanks
        rows = table.pending
        total = len(rows) + int(table.show_header)
        first = 0
        if table.show_header:
            header_style = console.get_style(table.header_style or "")
            styles = [header_style + console.get_style(column.header_style)
                      for column in table.columns]
            header = [self.rendered(column.header, index, style)
                      for index, (column, style) in enumerate(zip(table.columns, styles,
                                                                  strict=True))]
            height = max(map(len, header))
            # A header is aligned to the bottom of its row, with blank lines in its
            # style; a header of no lines at all gets one plain blank line, as rich
            # makes every row at least one line high.
            header = [[self.text([Segment(" " * width, style)])] * (height - len(cell)) + cell
                      for cell, width, style in zip(header, widths, styles, strict=True)
                      ] if height else [[blank] for blank in blanks]
            height = max(height, 1)
            self.append_row(lines, header, height, blanks, edges[0])
            first = 1
            if box:
                lines.append(head_line + "\n")
        lines_between = bool(box and table.show_lines)
        cell_lines = self.cell_lines
        append_row = self.append_row
        for number, row in enumerate(rows, start=first):
            cells = [cell_lines(cell, index)  # type: ignore[arg-type]
                     for index, cell in enumerate(row)]
            last = number == total - 1
            append_row(lines, cells, max(map(len, cells)), blanks,
                       edges[0 if number == 0 else (2 if last else 1)])
            if lines_between and not last:
                lines.append(row_line + "\n")
            if len(lines) >= _CHUNK_LINES:
                yield "".join(lines)
                lines.clear()
        if box and edge:
            lines.append(self.text([Segment(box.get_bottom(widths), border)]) + "\n")
        yield "".join(lines)

    @staticmethod
    def append_row(lines: list[str], cells: list[list[str]], height: int, blanks: list[str],
                   edges: tuple[str, str, str] | None) -> None:
        """Append a row's lines; a cell shorter than the row is made up with blank
        lines below its text."""
        if height != 1:
            height = max(height, 1)
            cells = [cell if len(cell) == height else cell + [blank] * (height - len(cell))
                     for cell, blank in zip(cells, blanks, strict=True)]
        if edges is None:
            lines.extend("".join(parts) + "\n" for parts in zip(*cells, strict=True))
        else:
            left, right, divider = edges
            lines.extend(left + divider.join(parts) + right + "\n"
                         for parts in zip(*cells, strict=True))
