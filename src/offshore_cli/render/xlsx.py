"""The ``.xlsx`` format of ``status`` and ``history`` (``--format xlsx -o FILE``).

A workbook for people who work in a spreadsheet: real numbers with number
formats (money scaled by the format, ``#,##0.00,,," bn MAD"``, never in the
value), ratios as percentages, dates as dates, a frozen header row, columns as
wide as their contents, and headers in the run's language. ``status`` adds a
second sheet with the plan's figures in the long layout that ``offshore
import`` reads, so that it imports back and changes nothing.

openpyxl is imported only here, and only when a workbook is asked for. Text
from the plan is written as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from offshore_cli.errors import escaped
from offshore_cli.figures import is_money, is_percent
from offshore_cli.history import History
from offshore_cli.i18n import N_, _, language
from offshore_cli.progress import PlanReport
from offshore_cli.render.wording import status_word
from offshore_cli.series import in_force
from offshore_cli.spec import Figure, Plan

DATE = "yyyy-mm-dd"
PERCENT = "0.0%"
WHOLE = "#,##0"
DECIMAL = "#,##0.00"
MIN_WIDTH, MAX_WIDTH = 8, 60
# The words a money format scales by, in the run's language (figures.py's).
_SCALE_WORDS = {"en": ("bn", "M"), "fr": ("Md", "M")}
_SAFE_UNIT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz %$€£")


class Cell(NamedTuple):
    """A value and the number format it is shown in."""

    value: Any
    format: str | None = None


class Column(NamedTuple):
    header: str
    format: str | None = None  # the column's format, where each cell does not bring one


class SheetData(NamedTuple):
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]


def money_format(scale_of: float | None, unit: str) -> str:
    """A money format that shows the value in billions or millions, as the table
    does, by Excel's thousands scaling (each trailing comma divides by 1000)."""
    billion, million = _SCALE_WORDS.get(language(), _SCALE_WORDS["en"])
    suffix = f" {unit}" if unit and set(unit) <= _SAFE_UNIT else ""
    size = abs(scale_of or 0)
    if size >= 1e9:
        return f'#,##0.00,,," {billion}{suffix}"'
    if size >= 1e6:
        return f'#,##0.0,," {million}{suffix}"'
    return f'#,##0"{suffix}"' if suffix else WHOLE


def amount_format(value_scale: float | None, unit: str, money: bool, whole: bool) -> str:
    if money:
        return money_format(value_scale, unit)
    if is_percent(unit):
        return '0.0" %"'
    return WHOLE if whole else DECIMAL


def _whole(*values: float | None) -> bool:
    return all(value is None or float(value).is_integer() for value in values)


STATUS_HEADERS = (
    N_("Indicator"), N_("Id"), N_("Unit"), N_("Actual"), N_("Actual date"), N_("Target"),
    N_("Progress"), N_("Expected"), N_("At deadline"), N_("Done/yr"), N_("Needed/yr"),
    N_("Days left"), N_("Deadline"), N_("Status"),
)
# The figures sheet: the long layout's headers, which import reads in either language.
FIGURE_HEADERS = (N_("indicator"), N_("date"), N_("value"), N_("ecosystem"), N_("source"),
                  N_("note"), N_("recorded"))


def status_sheets(report: PlanReport, plan: Plan | None) -> list[SheetData]:
    """The status table, and (given the plan) its figures that count."""
    rows = []
    for item in report.indicators:
        scale = max(abs(item.target or 0), abs(item.actual or 0))
        whole = _whole(item.baseline, item.target, item.actual)
        amount = amount_format(scale, item.unit, item.is_money, whole)
        per_year = amount_format(scale, item.unit, item.is_money, whole) if item.is_money \
            else DECIMAL
        rows.append([
            item.label, item.id, item.unit, Cell(item.actual, amount),
            Cell(item.actual_date, DATE), Cell(item.target, amount), Cell(item.ratio, PERCENT),
            Cell(item.expected_ratio, PERCENT), Cell(item.projected_ratio, PERCENT),
            Cell(item.achieved_per_year, per_year), Cell(item.required_per_year, per_year),
            Cell(item.days_left, WHOLE), Cell(item.deadline, DATE), status_word(item.status),
        ])
    sheets = [SheetData(_("Status"), [Column(_(header)) for header in STATUS_HEADERS], rows)]
    if plan is not None:
        sheets.append(figures_sheet(plan))
    return sheets


def counting(figures: Sequence[Figure]) -> list[Figure]:
    """The figures that count (the last one for each indicator, ecosystem and
    date, ``series.in_force``), in file order."""
    positions = sorted(at for days in in_force(figures).values() for at in days.values())
    return [figures[at] for at in positions]


def figures_sheet(plan: Plan) -> SheetData:
    """Every figure that counts, one per row, in the layout ``import`` reads."""
    rows = []
    for figure in counting(list(plan.results)):
        indicator = plan.indicators.get(figure.indicator)
        unit = indicator.unit if indicator is not None else ""
        money = is_money(unit, plan.plan.currency)
        rows.append([figure.indicator, Cell(figure.date, DATE),
                     Cell(figure.value, amount_format(figure.value, unit, money,
                                                      figure.value.is_integer())),
                     figure.ecosystem, figure.source, figure.note,
                     figure.recorded.isoformat() if figure.recorded else None])
    return SheetData(_("Figures"), [Column(_(header)) for header in FIGURE_HEADERS], rows)


HISTORY_HEADERS = (N_("Date"), N_("Ecosystem"), N_("Value"), N_("Total"), N_("Change"),
                   N_("Ratio"), N_("Expected"), N_("Superseded"), N_("Source"), N_("Note"),
                   N_("Recorded"))


def history_sheets(history: History) -> list[SheetData]:
    whole = _whole(history.baseline, history.target, *(row.value for row in history.rows))
    scale = max([abs(history.target or 0), *(abs(row.actual) for row in history.rows)])
    amount = amount_format(scale, history.unit, history.is_money, whole)
    rows = [[Cell(row.date, DATE), row.ecosystem, Cell(row.value, amount),
             Cell(row.actual, amount), Cell(row.change, amount), Cell(row.ratio, PERCENT),
             Cell(row.expected_ratio, PERCENT), _("yes") if row.superseded else None,
             row.source, row.note, row.recorded.isoformat() if row.recorded else None]
            for row in history.rows]
    return [SheetData(history.id[:31], [Column(_(header)) for header in HISTORY_HEADERS],
                      rows)]


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return min(len(f"{value:,.2f}"), 20)
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


def workbook_bytes(sheets: Sequence[SheetData]) -> bytes:
    """The ``.xlsx`` file's bytes."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    bold = Font(bold=True)
    first = True
    for data in sheets:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = _sheet_title(data.title)
        widths = [len(column.header) for column in data.columns]
        for at, column in enumerate(data.columns, start=1):
            cell = sheet.cell(row=1, column=at)
            _put(cell, column.header)
            cell.font = bold
        for number, row in enumerate(data.rows, start=2):
            for at, value in enumerate(row, start=1):
                raw, form = (value.value, value.format) if isinstance(value, Cell) else (
                    value, data.columns[at - 1].format)
                if raw is None:
                    continue
                cell = sheet.cell(row=number, column=at)
                _put(cell, raw)
                if form is not None:
                    cell.number_format = form
                widths[at - 1] = max(widths[at - 1], _shown_length(raw))
        for at, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(at)].width = min(
                MAX_WIDTH, max(MIN_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in title)
    return cleaned[:31] or "Sheet"


def _put(cell: Any, value: Any) -> None:
    """A value into a cell: text always as text (openpyxl would read ``=...`` as a
    formula), with any control character written as an escape."""
    if isinstance(value, str):
        cell.value = escaped(value)
        cell.data_type = "s"
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
    else:
        cell.value = value
