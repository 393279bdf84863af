"""The generic writers: a report's document as JSON, its records as CSV, its
summary as Markdown. They know no report; each report's view gives them what
they write (``view.ReportView``), so a new format is one writer here."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from offshore_cli.errors import escaped

# A cell a spreadsheet would run as a formula, also after leading blanks.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKUP = "\\|`*_[]<>#~&"


def plain(value: Any) -> Any:
    """A value as JSON has it: dates as ISO text, whole floats as integers."""
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def to_json(document: Mapping[str, Any]) -> str:
    import json

    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def csv_cell(value: Any) -> str:
    """One CSV cell. Text that a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return first, blanks before them too) is
    quoted with ``'``; numbers are written as Python writes them, exactly."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if text.startswith(_FORMULA_START) or text.lstrip(" \u00a0\u202f\n").startswith(
            _FORMULA_START):
        return "'" + text
    return text


def to_csv(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in fields])
    return buffer.getvalue()


def md_text(text: str) -> str:
    """Text inside Markdown: every character that Markdown or HTML would read as
    markup escaped (``<``, ``&``, ``~``, pipes...), a link's ``://`` broken, control
    characters written as escapes, line breaks as ``<br>``."""
    lines = [escaped(line) for line in text.replace("\r", "").split("\n")]
    text = "\n".join(lines)
    for char in _MARKUP:
        text = text.replace(char, "\\" + char)
    return text.replace("://", "\\://").replace("\n", "<br>")


def md_cell(value: Any) -> str:
    """One Markdown table cell: pipes, backslashes and markup characters escaped."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return md_text(str(value))


def md_table(fields: Sequence[str], rows: Iterable[Sequence[Any]],
             right: Sequence[bool] | None = None) -> str:
    """A Markdown table; columns flagged in ``right`` are right-aligned."""
    align = ["---:" if right and right[index] else "---" for index in range(len(fields))]
    lines = ["| " + " | ".join(md_text(name) for name in fields) + " |",
             "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"
