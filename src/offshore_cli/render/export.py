"""Machine-readable renderings: JSON, CSV and Markdown, with documented fields.

Each JSON document carries its own schema number (``STATUS_SCHEMA``,
``HISTORY_SCHEMA``) and is described in ``docs/json.md``; changing a field's
meaning raises it. CSV and Markdown carry the same fields.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from offshore_cli.progress import IndicatorProgress, PlanReport

if TYPE_CHECKING:
    from offshore_cli.history import History, HistoryRow

STATUS_SCHEMA = 2
HISTORY_SCHEMA = 1
INDICATOR_FIELDS = (
    "id", "label", "unit", "baseline", "target", "actual", "actual_date", "ratio",
    "expected_ratio", "pace", "projected", "projected_ratio", "days_ahead", "remaining",
    "achieved_per_year", "required_per_year", "days_left", "status", "reason", "start",
    "deadline", "measure", "is_money", "total_from",
)
BREAKDOWN_FIELDS = ("ecosystem", "name", "actual", "actual_date", "share", "target", "ratio",
                    "share_from", "share_reason")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """A value as JSON has it: dates as ISO text, whole floats as integers."""
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def indicator_record(item: IndicatorProgress) -> dict[str, Any]:
    """The flat fields of one indicator (JSON, CSV and Markdown alike)."""
    return {name: plain(getattr(item, name)) for name in INDICATOR_FIELDS}


def indicator_json(item: IndicatorProgress) -> dict[str, Any]:
    """The JSON block of one indicator: the flat fields and the ecosystem breakdown."""
    return {**indicator_record(item), "breakdown": [
        {name: plain(getattr(row, name)) for name in BREAKDOWN_FIELDS}
        for row in item.breakdown]}


def report_document(report: PlanReport) -> dict[str, Any]:
    """The ``status`` JSON document."""
    return {
        "schema": STATUS_SCHEMA,
        "plan": {
            "id": report.plan_id, "title": report.title, "start": plain(report.start),
            "deadline": plain(report.deadline), "currency": report.currency,
            "locale": report.locale,
        },
        "as_of": plain(report.as_of),
        "days_left": report.days_left,
        "ecosystem": report.ecosystem,
        "indicators": [indicator_json(item) for item in report.indicators],
    }


def to_json(document: Mapping[str, Any]) -> str:
    import json  # only JSON output needs it

    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def csv_cell(value: Any) -> str:
    """One CSV cell; text that a spreadsheet would run as a formula is quoted with ``'``."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    import csv  # only CSV output needs it

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in fields])
    return buffer.getvalue()


def md_cell(value: Any) -> str:
    """One Markdown table cell: pipes, backslashes and markup characters escaped."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    for char in "\\|`*_[]<>":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def to_markdown(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    lines = ["| " + " | ".join(fields) + " |", "|" + "---|" * len(fields)]
    for row in rows:
        lines.append("| " + " | ".join(md_cell(row.get(name)) for name in fields) + " |")
    return "\n".join(lines) + "\n"


def report_csv(report: PlanReport) -> str:
    rows = [{**indicator_record(item), "as_of": plain(report.as_of)} for item in report.indicators]
    return to_csv(("as_of", *INDICATOR_FIELDS), rows)


def report_markdown(report: PlanReport) -> str:
    title = md_cell(report.title)
    head = f"## {title}\n\nAs of {report.as_of.isoformat()}, {report.days_left} days left " \
           f"(deadline {report.deadline.isoformat()}).\n\n"
    return head + to_markdown(INDICATOR_FIELDS, (indicator_record(i) for i in report.indicators))


HISTORY_FIELDS = ("date", "value", "actual", "change", "ratio", "expected_ratio", "superseded",
                  "ecosystem", "source", "note", "recorded")


def history_document(history: History) -> dict[str, Any]:
    """The ``history`` JSON document."""
    return {
        "schema": HISTORY_SCHEMA,
        "indicator": {
            "id": history.id, "label": history.label, "unit": history.unit,
            "measure": history.measure, "baseline": plain(history.baseline),
            "target": plain(history.target), "start": plain(history.start),
            "deadline": plain(history.deadline),
        },
        "figures": [history_record(row) for row in history.rows],
    }


def history_record(row: HistoryRow) -> dict[str, Any]:
    return {name: plain(getattr(row, name)) for name in HISTORY_FIELDS}


def history_csv(history: History) -> str:
    rows = [{**history_record(r), "indicator": history.id} for r in history.rows]
    return to_csv(("indicator", *HISTORY_FIELDS), rows)


def history_markdown(history: History) -> str:
    head = f"## {md_cell(history.label)} ({md_cell(history.id)})\n\n"
    return head + to_markdown(HISTORY_FIELDS, (history_record(r) for r in history.rows))
