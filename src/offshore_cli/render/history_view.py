"""The terminal view of ``offshore history``: a table of every figure and a small
chart of the figures against the straight line from baseline to target."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, Group
from rich.text import Text

from offshore_cli.history import History, HistoryRow
from offshore_cli.render import fmt
from offshore_cli.render.console import fancy
from offshore_cli.render.grid import LongTable, collector_paused, print_table
from offshore_cli.render.view import Records, ReportView, Summary
from offshore_cli.render.writers import plain

CHART_WIDTH = 30


def _change(row: HistoryRow, history: History) -> str:
    if row.change is None:
        return "-"
    sign = "+" if row.change > 0 else ""
    return sign + fmt.short_amount(row.change, history.is_money, history.locale)


def history_table(history: History, console: Console) -> LongTable:
    table = LongTable(box=box.ROUNDED if fancy(console) else box.ASCII,
                      header_style="bold" if fancy(console) else "")
    for name, justify in (("Date", "left"), ("Value", "right"), ("Change", "right"),
                          ("Ratio", "right"), ("Line", "right"), ("Source", "left"),
                          ("Note", "left"), ("Recorded", "left")):
        table.add_column(name, justify=justify,  # type: ignore[arg-type]
                         overflow="fold", no_wrap=name in {"Date", "Value", "Ratio"})
    loc = history.locale
    for row in history.rows:
        value = fmt.amount(row.value, history.unit, history.is_money, loc)
        style = "dim strike" if row.superseded and fancy(console) else ""
        date = row.date.isoformat() + (" (superseded)" if row.superseded else "")
        table.add_row(
            Text(date, style=style), Text(value, style=style), Text(_change(row, history)),
            Text(fmt.percent(row.ratio, loc)), Text(fmt.percent(row.expected_ratio, loc)),
            Text(row.source or ""), Text(row.note or ""),
            Text(row.recorded.strftime("%Y-%m-%d %H:%M") if row.recorded else ""),
        )
    return table


def chart(history: History, console: Console) -> Text:
    """One line per figure in force: a bar for the ratio and a mark where the
    straight line stood on that date."""
    text = Text()
    unicode = fancy(console)
    full, empty, mark = ("█", "░", "│") if unicode else ("#", ".", "|")
    for row in history.rows:
        if row.superseded or row.ratio is None or row.expected_ratio is None:
            continue
        filled = max(0, min(CHART_WIDTH, round(row.ratio * CHART_WIDTH)))
        line_at = max(0, min(CHART_WIDTH - 1, round(row.expected_ratio * CHART_WIDTH) - 1))
        cells = [full] * filled + [empty] * (CHART_WIDTH - filled)
        cells[line_at] = mark
        text.append(f"{row.date.isoformat()} ")
        text.append("".join(cells), style="blue" if row.ratio < row.expected_ratio else "green")
        text.append(f" {fmt.percent(row.ratio, history.locale)}"
                    f" (line {fmt.percent(row.expected_ratio, history.locale)})\n")
    return text


def _subtitle(history: History) -> str:
    target = fmt.amount(history.target, history.unit, history.is_money, history.locale)
    baseline = fmt.amount(history.baseline, history.unit, history.is_money, history.locale)
    return (f"baseline {baseline}, target {target}, "
            f"{history.start.isoformat()} to {history.deadline.isoformat()}")


def render_history(history: History, console: Console) -> None:
    title = Text(f"{history.label} [{history.id}]", style="bold")
    title.append(f"\n{_subtitle(history)}")
    if not history.rows:
        console.print(Group(title, Text("No figures recorded yet.")))
        return
    console.print(title)
    with collector_paused():
        print_table(console, history_table(history, console))
    drawn = chart(history, console)
    if drawn.plain:
        legend = ("bar: share of the target reached; "
                  f"{'│' if fancy(console) else '|'}: the straight line from baseline to "
                  "target on that date")
        console.print(Group(drawn, Text(legend, style="dim")))


# --- The history report in every format --------------------------------------

HISTORY_SCHEMA = 2  # 2: every ecosystem's figures too; since, last and omitted
HISTORY_FIELDS = ("date", "value", "actual", "change", "ratio", "expected_ratio", "superseded",
                  "ecosystem", "source", "note", "recorded")


def history_record(row: HistoryRow) -> dict[str, Any]:
    return {name: plain(getattr(row, name)) for name in HISTORY_FIELDS}


def history_document(history: History) -> dict[str, Any]:
    """The ``history`` JSON document (docs/json.md)."""
    return {
        "schema": HISTORY_SCHEMA,
        "indicator": {
            "id": history.id, "label": history.label, "unit": history.unit,
            "measure": history.measure, "baseline": plain(history.baseline),
            "target": plain(history.target), "start": plain(history.start),
            "deadline": plain(history.deadline),
        },
        "ecosystem": history.ecosystem,
        "since": plain(history.since),
        "last": history.last,
        "omitted": history.omitted,
        "figures": [history_record(row) for row in history.rows],
    }


class HistoryView(ReportView):
    def __init__(self, history: History) -> None:
        self.history = history
        self.locale = history.locale

    def document(self) -> dict[str, Any]:
        return history_document(self.history)

    def records(self) -> Records:
        ident = self.history.id
        return Records(("indicator", *HISTORY_FIELDS),
                       ({**history_record(row), "indicator": ident}
                        for row in self.history.rows))

    def summary(self) -> Summary:
        history, loc = self.history, self.locale
        fields = ["Date", "Value", "Change", "Ratio", "Line", "Source", "Note"]
        rows = []
        for row in history.rows:
            date = row.date.isoformat() + (" (superseded)" if row.superseded else "")
            rows.append([date, fmt.amount(row.value, history.unit, history.is_money, loc),
                         _change(row, history), fmt.percent(row.ratio, loc),
                         fmt.percent(row.expected_ratio, loc), row.source or "",
                         row.note or ""])
        return Summary(title=f"{history.label} [{history.id}]", lines=[_subtitle(history)],
                       fields=fields, rows=rows,
                       right=[False, True, True, True, True, False, False],
                       empty="No figures recorded yet.")

    def show(self, console: Console) -> None:
        render_history(self.history, console)
