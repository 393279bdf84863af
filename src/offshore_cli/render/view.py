"""The render registry: what every report's view offers, and ``emit``, the one
function the commands call to print a report in a format.

A view wraps one report of the engine (status, history, pillars, milestones,
check, validate) with its locale, and offers it in three shapes: a versioned
``document`` (written as JSON), flat ``records`` (CSV rows, full precision) and a
``summary`` for people (Markdown, written by ``markdown`` below from the
writers' escaping: the columns of the terminal table, rounded and localised as on
screen). ``show`` draws it in a terminal with rich. A format
that only one report has (``check``'s JUnit and GitHub commands) is one of its
``own_formats``. Adding a format is one writer in ``writers.py`` and one entry
in ``WRITERS``; adding a report is one view.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from offshore_cli.render import writers

if TYPE_CHECKING:
    from rich.console import Console


class Records(NamedTuple):
    """Flat rows for a spreadsheet: every field at full precision."""

    fields: tuple[str, ...]
    rows: Iterable[Mapping[str, Any]]


class Summary(NamedTuple):
    """What a person reads in a report: a title, lines of prose, a table of text
    cells as the terminal shows them, and notes under it."""

    title: str
    lines: Sequence[str]
    fields: Sequence[str]
    rows: Iterable[Sequence[str]]
    right: Sequence[bool] = ()
    notes: Sequence[str] = ()
    empty: str = ""  # a table of no rows says nothing: this sentence says why


class ReportView(ABC):
    """One report, ready for every format."""

    locale: str = "en"

    @abstractmethod
    def document(self) -> dict[str, Any]:
        """The JSON document, with its ``schema`` number (``docs/json.md``)."""

    @abstractmethod
    def records(self) -> Records:
        """The CSV rows."""

    @abstractmethod
    def summary(self) -> Summary:
        """The Markdown report for people."""

    @abstractmethod
    def show(self, console: Console) -> None:
        """The terminal view."""

    def own_formats(self) -> Mapping[str, Callable[[], str]]:
        """Formats only this report has, by name."""
        return {}


def markdown(summary: Summary) -> str:
    """The Markdown of a summary: a ``##`` title, its lines, the table (right-aligned
    columns marked), the notes as a list; every text escaped by ``writers.md_text``."""
    parts = [f"## {writers.md_text(summary.title)}\n"]
    if summary.lines:
        parts.append("\n".join(writers.md_text(line) for line in summary.lines) + "\n")
    rows = list(summary.rows)
    if rows or not summary.empty:
        parts.append(writers.md_table(summary.fields, rows, summary.right or None))
    else:
        parts.append(writers.md_text(summary.empty) + "\n")
    if summary.notes:
        parts.append("\n".join(f"- {writers.md_text(note)}" for note in summary.notes) + "\n")
    return "\n".join(parts)


WRITERS: dict[str, Callable[[ReportView], str]] = {
    "json": lambda view: writers.to_json(view.document()),
    "csv": lambda view: writers.to_csv(*view.records()),
    "markdown": lambda view: markdown(view.summary()),
}
TABLE = "table"


def emit(view: ReportView, format: str, stream: TextIO | None = None) -> None:
    """Print ``view`` in ``format`` to ``stream`` (stdout): the terminal view for
    ``table`` (rich is imported only then), else the format's text."""
    stream = stream or sys.stdout
    if format == TABLE:
        from offshore_cli.render.console import make_console

        view.show(make_console(stream))
        return
    own = view.own_formats()
    text = own[format]() if format in own else WRITERS[format](view)
    if format == "text" and stream.isatty():
        text = for_terminal(text)
    stream.write(text)
    stream.flush()


def for_terminal(text: str) -> str:
    """A log's lines wrapped to the terminal at plain spaces, continued with an
    indent: a terminal would break them anywhere, a figure included. In a pipe or
    a file (a CI log) each line stays whole, one line per indicator."""
    import shutil

    from offshore_cli.render.fmt import wrap_words

    width = shutil.get_terminal_size().columns
    lines = []
    for line in text.splitlines():
        pieces = wrap_words(line, width) if line else [""]
        lines.append(pieces[0])
        lines.extend("  " + piece for piece in
                     (wrap_words(" ".join(pieces[1:]), width - 2) if len(pieces) > 1 else []))
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
