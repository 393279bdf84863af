"""Reading a spreadsheet or a CSV file into rows of cells, for ``offshore import``.

Workbooks (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) are read with python-calamine,
imported here only: a cell is a number (``float``), text, a date or a date and
time, a boolean, or empty (``None``); a formula is read by the value the
spreadsheet saved with it. CSV and TSV files are read with the standard ``csv``
module: UTF-8 with or without a byte-order mark, else Windows-1252 (what French
Excel saves), said in a note; the delimiter of a CSV is the one among ``,``,
``;`` and tab that its first lines show. Every cell of a CSV is text.

Rows keep the numbers a spreadsheet shows (the first row is 1), blank rows
included, so that an error can name the row a person sees. Hidden rows and
columns are read like any other: the file formats keep them, and a figure in a
hidden row is still a figure. A data-layer module: it knows files, not plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from offshore_cli.errors import Problem, ResultError, quoted
from offshore_cli.i18n import _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
# A sheet of figures is small; a cap keeps a wrong file (a video, a dump) from
# filling the memory before anything is said.
MAX_FILE_BYTES = 64 * 1024 * 1024
DELIMITERS = (",", ";", "\t")

Cell = Any
"""``None``, ``str``, ``float``, ``int``, ``bool``, ``datetime.date`` or
``datetime.datetime`` (a workbook may also give a time or a duration)."""


class Row(NamedTuple):
    """A row as the spreadsheet numbers it, and its cells from column A on."""

    number: int
    cells: Sequence[Cell]


class Sheet(NamedTuple):
    """The rows of one sheet (``name`` is ``None`` for a CSV file), the CSV
    delimiter if any, and what the reader should know about how it was read."""

    name: str | None
    rows: list[Row]
    delimiter: str | None = None
    notes: tuple[str, ...] = ()


def _refused(path: Path, message: str, hint: str) -> ResultError:
    return ResultError(Problem(str(path), "", message, hint))


def read_sheet(path: Path, sheet: str | None = None,
               choose: Callable[[Sheet], bool] | None = None) -> Sheet:
    """The rows of ``sheet`` of the workbook at ``path``, or of the CSV/TSV file;
    ``ResultError`` when it cannot be read. Without ``sheet``: the first visible
    sheet, unless ``choose`` refuses it and takes a later visible worksheet (the
    first it takes, said in a note); if it takes none, the first all the same."""
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + TEXT_SUFFIXES:
        raise _refused(path, _("not a spreadsheet this command reads"),
                       _("give a .xlsx, .xls, .ods, .csv or .tsv file"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refused(path, _("cannot be read: {reason}").format(reason=exc.strerror),
                       _("check the path and its permissions")) from None
    if size > MAX_FILE_BYTES:
        raise _refused(path, _("is larger than {limit} MiB").format(
            limit=MAX_FILE_BYTES // (1024 * 1024)), _("import a smaller file"))
    if suffix in TEXT_SUFFIXES:
        if sheet is not None:
            raise _refused(path, _("--sheet: a CSV file has no sheets"),
                           _("drop --sheet"))
        return _read_text(path, "\t" if suffix == ".tsv" else None)
    return _read_workbook(path, sheet, choose)


def _read_workbook(path: Path, wanted: str | None,
                   choose: Callable[[Sheet], bool] | None) -> Sheet:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors name no common base
        raise _refused(path, _("cannot be read as a workbook: {reason}").format(
            reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__),
            _("save it again from the spreadsheet, or export it as CSV")) from None
    try:
        names = list(book.sheet_names)
        if wanted is None:
            visible = [meta.name for meta in book.sheets_metadata
                       if str(meta.visible).endswith("Visible")
                       and not str(meta.visible).endswith("VeryHidden")] or names
            if not visible:
                raise _refused(path, _("has no sheets"), _("give a workbook with a sheet"))
            first = _sheet(book, visible[0])
            if choose is None or choose(first):
                return first
            worksheets = {meta.name for meta in book.sheets_metadata
                          if str(meta.typ).endswith("WorkSheet")}
            for name in visible[1:]:
                if name not in worksheets:
                    continue
                later = _sheet(book, name)
                if choose(later):
                    note = _("sheet {first} does not read as a sheet of figures: read sheet "
                             "{chosen}, the first visible sheet that does; --sheet NAME reads "
                             "another").format(first=quoted(visible[0]), chosen=quoted(name))
                    return later._replace(notes=(*later.notes, note))
            return first
        else:
            found = [name for name in names if name == wanted] or [
                name for name in names if name.casefold() == wanted.casefold()]
            if not found:
                listed = ", ".join(quoted(name) for name in names[:12])
                raise _refused(path, _("--sheet: no sheet {name}").format(name=quoted(wanted)),
                               _("its sheets: {names}").format(names=listed))
            return _sheet(book, found[0])
    finally:
        book.close()


def _sheet(book: Any, name: str) -> Sheet:
    data = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    rows = [Row(number, [None if cell == "" else cell for cell in cells])
            for number, cells in enumerate(data, start=1)]
    return Sheet(name, rows)


def _decoded(path: Path, raw: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    # Windows-1252 leaves five bytes undefined: they read as U+FFFD, shown as such.
    text = raw.decode("cp1252", errors="replace")
    return text, (_("{file} is not UTF-8: read as Windows-1252, as French Excel saves CSV "
                    "files").format(file=path.name),)


def sniff_delimiter(text: str) -> str:
    """The delimiter among ``,``, ``;`` and tab that the first lines use the most
    consistently: each line's count of it, the header's first. A file of one
    column has none of them and is read with a comma."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [_outside_quotes(line, delimiter) for line in lines]
        header = counts[0]
        if header == 0:
            continue
        steady = sum(1 for count in counts if count == header)
        score = (steady, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _outside_quotes(line: str, delimiter: str) -> int:
    count, quoted_now = 0, False
    for char in line:
        if char == '"':
            quoted_now = not quoted_now
        elif char == delimiter and not quoted_now:
            count += 1
    return count


def _read_text(path: Path, delimiter: str | None) -> Sheet:
    import csv
    import io

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _refused(path, _("cannot be read: {reason}").format(reason=exc.strerror),
                       _("check the path and its permissions")) from None
    text, notes = _decoded(path, raw)
    if "\x00" in text:
        raise _refused(path, _("is not a text file (it holds NUL bytes)"),
                       _("give a CSV file, or the workbook itself"))
    delimiter = delimiter or sniff_delimiter(text)
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(Row(number, [cell if cell.strip() else None for cell in cells]))
    except csv.Error as exc:
        raise _refused(path, _("line {line}: {reason}").format(line=reader.line_num,
                                                               reason=str(exc)),
                       _("check the file's quotes")) from None
    return Sheet(None, rows, delimiter, notes)


def day_of(cell: Cell) -> dt.date | None:
    """The date a workbook's date cell holds (its time of day dropped)."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    return None
