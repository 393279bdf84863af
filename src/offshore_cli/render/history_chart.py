"""The terminal chart of ``offshore history``: the figures in force over time
against the planned path, in character cells.

The geometry is ``render/chart.py``'s (the same as the report's SVG charts);
this module only turns it into characters: the planned path in dots, the
figures as points joined by a line, the target as a dashed rule, the deadline
and each revision marked. On a terminal the marks are Unicode and coloured; in
a pipe, plain ASCII. The value axis is labelled on the left, the years under.
"""

from __future__ import annotations

import math

from rich.text import Text

from offshore_cli.burnup import Burnup
from offshore_cli.i18n import N_, _
from offshore_cli.render import fmt
from offshore_cli.render.chart import Geometry, layout

HEIGHT = 12
NARROW_HEIGHT = 8
NARROW = 60
LEAST_PLOT_WIDTH = 16

# (unicode, ascii, style) of each mark, from the lowest layer to the highest.
MARKS = {
    "target": ("─", "-", "dim"),
    "deadline": ("│", "|", "dim"),
    "planned": ("·", ".", "blue"),
    "line": ("•", "*", "green"),
    "figure": ("●", "o", "bold green"),
    "revision": ("◆", "R", "magenta"),
}
PATH_NAMES = {
    "linear": N_("planned path (straight line)"),
    "compound": N_("planned path (constant growth)"),
    "checkpoints": N_("planned path (through checkpoints)"),
}


class _Canvas:
    """A grid of cells, each with a character and a style; a later mark covers an
    earlier one."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells: list[list[tuple[str, str]]] = [[(" ", "")] * width for _ in range(height)]

    def put(self, x: float, y: float, mark: tuple[str, str]) -> None:
        column, row = round(x), round(y)
        if 0 <= column < self.width and 0 <= row < self.height:
            self.cells[row][column] = mark

    def segment(self, start: tuple[float, float], end: tuple[float, float],
                mark: tuple[str, str]) -> None:
        steps = max(1, math.ceil(max(abs(end[0] - start[0]), abs(end[1] - start[1])) * 2))
        for step in range(steps + 1):
            share = step / steps
            self.put(start[0] + (end[0] - start[0]) * share,
                     start[1] + (end[1] - start[1]) * share, mark)


def _mark(name: str, unicode: bool) -> tuple[str, str]:
    fancy_char, plain_char, style = MARKS[name]
    return (fancy_char, style) if unicode else (plain_char, "")


def _drawn(geometry: Geometry, unicode: bool) -> _Canvas:
    width, height = round(geometry.width) + 1, round(geometry.height) + 1
    canvas = _Canvas(width, height)
    if geometry.target is not None:
        for column in range(0, width, 2):
            canvas.put(column, geometry.target, _mark("target", unicode))
    for row in range(height):
        canvas.put(geometry.deadline, row, _mark("deadline", unicode))
    planned = _mark("planned", unicode)
    for start, end in zip(geometry.planned, geometry.planned[1:], strict=False):
        canvas.segment(start, end, planned)
    line = _mark("line", unicode)
    for start, end in zip(geometry.figures, geometry.figures[1:], strict=False):
        canvas.segment(start, end, line)
    for x, y in geometry.revisions:
        canvas.put(x, y, _mark("revision", unicode))
    for x, y in geometry.figures:
        canvas.put(x, y, _mark("figure", unicode))
    return canvas


def chart_lines(chart: Burnup, width: int, unicode: bool, locale: str) -> Text:
    """The chart of ``chart`` in ``width`` cells: the plot with its value axis on the
    left, the years under it, and a legend; empty where there is no figure, or no
    room for a plot."""
    text = Text()
    if not chart.figures:
        return text
    height = (NARROW_HEIGHT if width < NARROW else HEIGHT) - 1
    # The value axis labels: measured at a first layout, the plot then takes the rest.
    probe = layout(chart, 100, height, y_ticks=height // 2 if width >= NARROW else 3)
    labels = [fmt.short_amount(value, chart.is_money, locale) for _, value in probe.y_ticks]
    label_width = max(fmt.cells(label) for label in labels)
    plot_width = width - label_width - 2
    if plot_width < LEAST_PLOT_WIDTH:
        return text
    geometry = layout(chart, plot_width - 1, height, x_ticks=max(2, plot_width // 8),
                      y_ticks=height // 2 if width >= NARROW else 3)
    canvas = _drawn(geometry, unicode)
    by_row: dict[int, str] = {}
    for (y, _value), label in zip(geometry.y_ticks, labels, strict=True):
        by_row.setdefault(round(y), label)
    axis, tick = ("│", "┤") if unicode else ("|", "+")
    for number, row in enumerate(canvas.cells):
        shown = by_row.get(number)
        text.append((shown or "").rjust(label_width) + " " + (tick if shown else axis))
        for char, style in row:
            text.append(char, style=style)
        text.append("\n")
    corner, rule, notch = ("└", "─", "┬") if unicode else ("+", "-", "+")
    bottom = [rule] * canvas.width
    years = [" "] * (canvas.width + 8)
    free = 0
    for x, day in geometry.x_ticks:
        column = round(x)
        if 0 <= column < canvas.width:
            bottom[column] = notch
        word = str(day.year) if day.month == 1 else day.strftime("%Y-%m")
        if column >= free and column + len(word) <= canvas.width + 1:
            years[column:column + len(word)] = word
            free = column + len(word) + 1
    pad = " " * (label_width + 1)
    text.append(pad + corner + "".join(bottom) + "\n")
    text.append((pad + " " + "".join(years)).rstrip() + "\n")
    text.append_text(legend(chart, unicode, width))
    return text


def legend(chart: Burnup, unicode: bool, width: int) -> Text:
    """What each mark stands for, wrapped to ``width``."""
    items = [(_mark("figure", unicode)[0], _("figure in force"))]
    if chart.planned:
        items.append((_mark("planned", unicode)[0],
                      _(PATH_NAMES.get(chart.trajectory, PATH_NAMES["linear"]))))
        items.append((_mark("target", unicode)[0], _("target")))
    items.append((_mark("deadline", unicode)[0], _("deadline")))
    if chart.revisions:
        items.append((_mark("revision", unicode)[0], _("revision")))
    words = [f"{char} {meaning}" for char, meaning in items]
    lines: list[str] = []
    for word in words:  # each item holds together: lines break between items
        if lines and fmt.cells(lines[-1]) + 3 + fmt.cells(word) <= width:
            lines[-1] += "   " + word
        else:
            lines.append(word)
    return Text("\n".join(lines), style="dim")
