"""The terminal table of ``offshore history``: a table of every figure, as wide as its
text needs and no wider than the terminal, and a small chart of the figures in force.

The table's columns are laid out here rather than by rich: each column is as wide
as its longest cell, a source or a note longer than its share of the width is
shortened with an ellipsis (the whole text is in the JSON and CSV), and where even
that does not fit, the optional columns give way in the order of ``GIVE_WAY``.
Where the essential ones (Date, Ecosystem, Value) do not fit either, each figure
is a block of lines (``history_blocks``). A date or a value is never cut. As every
cell then fits its column, ``grid.print_table`` draws a long history with string
operations alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from offshore_cli.burnup import Burnup
from offshore_cli.history import History, HistoryRow
from offshore_cli.i18n import _
from offshore_cli.render import fmt
from offshore_cli.render.console import fancy
from offshore_cli.render.grid import (
    LongTable,
    collector_paused,
    print_lines,
    print_table,
    text_width,
)
from offshore_cli.render.history_chart import chart_lines
from offshore_cli.render.history_view import (
    COLUMNS,
    JUSTIFY,
    SUPERSEDED,
    column_header,
    entries,
    heading,
    history_columns,
    nothing_shown,
)

MARK_UNDER_DATE = "mark under the date"
# Total (an increment's running total) stays beside its flow: never given up.
GIVE_WAY = ("Recorded", "Note", MARK_UNDER_DATE, "Line", "Change", "Source", "Ratio")
# Shortened with an ellipsis to fit: no narrower than this (else they give way)...
TEXT_COLUMNS = ("Source", "Note")
TEXT_MIN_WIDTH = 16
# ... and never wider than this, whatever the room.
TEXT_MAX_WIDTH = 60
# The chart is as wide as the terminal up to this (a pipe has no width of its own).
CHART_MAX_WIDTH = 120
SUPERSEDED_STYLE = "dim strike"




def _longest(cells: Sequence[str]) -> int:
    """The width of the widest of ``cells``, each one line."""
    return max(map(text_width, cells), default=0)


def _table_width(widths: dict[str, int]) -> int:
    # Each column has a space either side and a rule on its left; one rule closes.
    return sum(widths.values()) + 3 * len(widths) + 1


def fitting_widths(columns: dict[str, list[str]], width: int) -> dict[str, int] | None:
    """The width of each column shown in a table at most ``width`` wide, the optional
    columns given up (and the superseded mark put under its date) in the order of
    ``GIVE_WAY``; ``None`` when even the essential ones do not fit.

    A column is as wide as its longest cell, and never narrower than its header
    (in the run's language);
    sources and notes may be shortened down to ``TEXT_MIN_WIDTH``. Room to spare
    goes to the sources and notes, a cell at a time, up to their longest cell."""
    natural: dict[str, int] = {}
    narrowest: dict[str, int] = {}
    for name, cells in columns.items():
        longest = _longest(cells)
        if name in TEXT_COLUMNS:
            longest = min(longest, TEXT_MAX_WIDTH)
            least = min(longest, TEXT_MIN_WIDTH)
        elif name == "Date":
            # Under its date, the mark makes a superseded figure two lines high.
            least = min(longest, max(10, text_width(_(SUPERSEDED))))
        else:
            least = longest
        header_width = text_width(column_header(name))
        natural[name] = max(longest, header_width)
        narrowest[name] = max(least, header_width)
    shown = {name: natural[name] if name == "Date" else narrowest[name] for name in columns}
    for step in GIVE_WAY:
        if _table_width(shown) <= width:
            break
        if step == MARK_UNDER_DATE:
            shown["Date"] = narrowest["Date"]
        else:
            shown.pop(step, None)
    if _table_width(shown) > width:
        return None
    spare = width - _table_width(shown)
    texts = [name for name in TEXT_COLUMNS if name in shown]
    while spare > 0:
        wanting = [name for name in texts if shown[name] < natural[name]]
        if not wanting:
            break
        for name in wanting[:spare]:
            shown[name] += 1
        spare -= min(spare, len(wanting))
    return shown


def _shortened(text: str, width: int, ellipsis: str) -> str:
    """``text`` in at most ``width`` cells: cut at a space where one is near the end,
    ended by an ellipsis."""
    if text_width(text) <= width:
        return text
    room = width - text_width(ellipsis)
    if text.isascii():
        cut = text[:room]
    else:
        cut, used = "", 0
        for char in text:
            used += cell_len(char)
            if used > room:
                break
            cut += char
    space = cut.rfind(" ")
    ends_a_word = text[len(cut):len(cut) + 1] == " "
    if not ends_a_word and space >= room * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + ellipsis


def _ellipsis(console: Console) -> str:
    return "…" if console.encoding.lower().startswith("utf") else "..."


def history_table(history: History, console: Console,
                  columns: dict[str, list[str]] | None = None,
                  widths: dict[str, int] | None = None) -> LongTable:
    """The table of ``columns`` (by default every column of ``history_columns``) at
    ``widths`` (by default those of ``fitting_widths`` for the console, else the
    essential columns, as narrow as rich makes them)."""
    columns = history_columns(history) if columns is None else columns
    if widths is None:
        widths = fitting_widths(columns, console.width)
    shown: dict[str, int | None] = (
        dict(widths) if widths is not None
        else {name: None for name in ("Date", "Ecosystem", "Value") if name in columns})
    styled = fancy(console)
    table = LongTable(box=box.ROUNDED if styled else box.ASCII,
                      header_style="bold" if styled else "")
    for name, width in shown.items():
        # Every cell fits its column: folding is only a safety net, never a cut.
        table.add_column(column_header(name), justify=JUSTIFY[name],  # type: ignore[arg-type]
                         width=width, overflow="fold")
    cells: list[Sequence[str | Text]] = []
    ellipsis = _ellipsis(console)
    for name, width in shown.items():
        texts: Sequence[str] = columns[name]
        if name in TEXT_COLUMNS and width is not None:
            texts = [_shortened(text, width, ellipsis) for text in texts]
        if name == "Date" and width is not None and width < _longest(texts):
            texts = [text.replace(" ", "\n", 1) for text in texts]
        if name in ("Date", "Change", "Ratio", "Line", "Recorded"):
            cells.append(texts)  # digits and signs only: no markup to escape
        else:
            cells.append([Text(text) for text in texts])
    if styled:
        # A superseded figure's date and value are struck through.
        for index in [number for number, name in enumerate(shown)
                      if name in ("Date", "Value")]:
            cells[index] = [Text(str(cell), style=SUPERSEDED_STYLE) if _superseded(row)
                            else cell for cell, row in zip(cells[index], entries(history),
                                                           strict=True)]
    for row in zip(*cells, strict=True):
        table.add_row(*row)
    return table


def _superseded(line: object) -> bool:
    """Whether a line of the table is a superseded figure (a revision never is)."""
    return isinstance(line, HistoryRow) and line.superseded


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at plain spaces (a
    figure's no-break spaces hold it together); a word longer than a line is broken
    where it must be."""
    return fmt.wrap_words(text, width)


def history_blocks(history: History, console: Console,
                   columns: dict[str, list[str]] | None = None) -> list[tuple[str, str]]:
    """The history as lines (each with its style), a block per figure, for a terminal
    too narrow for the table: the date (and the superseded mark) as the heading, then
    one line per field, whole, wrapped at spaces where it must be."""
    columns = history_columns(history) if columns is None else columns
    width = console.width
    fields = [name for name, _justify in COLUMNS if name in columns and name != "Date"]
    labels = {name: column_header(name) for name in fields}
    label_width = max(map(text_width, labels.values()), default=0)
    indent = 2 + label_width + 2
    styled = fancy(console)
    lines: list[tuple[str, str]] = []
    for number, (date, row) in enumerate(zip(columns["Date"], entries(history), strict=True)):
        if number:
            lines.append(("", ""))
        heading_style = SUPERSEDED_STYLE if styled and _superseded(row) else (
            "bold" if styled else "")
        lines.extend((part, heading_style) for part in _wrapped(date, width))
        for name in fields:
            value = columns[name][number]
            if not value:
                continue
            room = width - indent
            # A source or a note wraps beside its label where there is room for a
            # few words; any other value stays on one line, beside its label or under it.
            label = labels[name]
            if room >= TEXT_MIN_WIDTH if name in TEXT_COLUMNS else text_width(value) <= room:
                parts = _wrapped(value, room)
                padding = " " * (label_width - text_width(label))
                lines.append((f"  {label}{padding}  {parts[0]}", ""))
                lines.extend((" " * indent + part, "") for part in parts[1:])
            else:  # under the label, indented less if that keeps a value on one line
                under = 4 if name in TEXT_COLUMNS else max(0, min(4, width - text_width(value)))
                lines.append((f"  {label}", ""))
                lines.extend((" " * under + part, "")
                             for part in _wrapped(value, max(1, width - under)))
    return lines


def header(history: History, width: int, ecosystem_name: str | None = None) -> Text:
    """The indicator, the ecosystem whose history it is, and the plan's terms (on one
    line where they fit ``width``, else one line each)."""
    title, ecosystem, terms, note = heading(history, ecosystem_name)
    text = Text()
    text.append(title, style="bold")
    if ecosystem:
        text.append(f"\n{ecosystem}", style="bold")
    line = ", ".join(terms)
    text.append("\n" + (line if text_width(line) <= width else "\n".join(terms)))
    if note:
        text.append(f"\n{note}")
    return text


def render_history(history: History, console: Console,
                   ecosystem_name: str | None = None, drawn: Burnup | None = None) -> None:
    """Print the history screen: header, table (or blocks), and the chart of
    ``drawn`` (``history_chart``) with its legend. ``ecosystem_name`` names the
    ecosystem when the history is one ecosystem's."""
    console.print(header(history, console.width, ecosystem_name))
    if not history.rows:
        console.print(Text(nothing_shown(history)))
        return
    with collector_paused():
        columns = history_columns(history)
        widths = fitting_widths(columns, console.width)
        if widths is None:
            print_lines(console, history_blocks(history, console, columns))
        else:
            print_table(console, history_table(history, console, columns, widths))
    if drawn is not None:
        width = min(console.width, CHART_MAX_WIDTH)
        lines = chart_lines(drawn, width, fancy(console), history.locale)
        if lines.plain:
            console.print(lines, soft_wrap=True)


# --- The history report in every format --------------------------------------

