"""The terminal view of ``offshore history`` at every width: the table's columns give
way in a fixed order, then a block of lines per figure; dates and values are never
cut; the fast writer draws what rich draws."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from offshore_cli.history import History, indicator_history
from offshore_cli.render import fmt, grid, history_view
from offshore_cli.render import history_table as view
from offshore_cli.render.view import WRITERS
from offshore_cli.spec import Plan
from offshore_cli.validation import plan_from_data

from .conftest import Run

WIDTHS = (40, 60, 80, 120)
START = dt.date(2014, 1, 1)
LABEL = ("Offshoring export revenue of the whole sector, every ecosystem included, as "
         "reported each quarter by the ministry")
SOURCES = (
    "Annual report of the ministry of industry, trade and the digital economy, chapter "
    "on offshoring, table 12 (revised edition of the previous year's figures)",
    "AMRC",
    "Office des changes [provisional] :warning: export statistics, bulletin",
    "CNSS employment declarations of the ecosystem's companies, third quarter",
    "APEBI members' survey, with the answers of 212 companies out of 260",
)
NOTES = (None, "Revised after the review conference, where the ministry and the "
         "federation agreed on a common perimeter for the sector's exports", None,
         "provisional")


def _results(indicator: str, count: int, ecosystem: str | None = None,
             scale: int = 1_000_000) -> list[dict[str, Any]]:
    """``count`` figures, two on each date (the first superseded by the second), with
    long sources and notes."""
    figures = []
    for number in range(count):
        figure: dict[str, Any] = {
            "indicator": indicator, "date": START + dt.timedelta(days=37 * (number // 2)),
            "value": (number * 7919 % 1000 + 1) * scale,
            "source": f"{SOURCES[number % len(SOURCES)]} (figure {number})",
        }
        if NOTES[number % len(NOTES)]:
            figure["note"] = NOTES[number % len(NOTES)]
        if number % 3 == 0:
            figure["recorded"] = dt.datetime(2020, 1, 1 + number % 28, 9, 30,
                                             tzinfo=dt.timezone(dt.timedelta(hours=1)))
        if ecosystem is not None:
            figure["ecosystem"] = ecosystem
        figures.append(figure)
    return figures


def _plan(count: int) -> Plan:
    return plan_from_data({
        "plan": {"title": "T", "start": START, "deadline": dt.date(2020, 12, 31),
                 "currency": "MAD"},
        "ecosystems": {"CRM": "Customer relationship management",
                       "ESO": "Engineering services outsourcing"},
        "indicators": {
            "exports": {"label": LABEL, "unit": "MAD", "target": 70_000_000_000,
                        "baseline": 7_000_000_000,
                        "ecosystem_targets": {"CRM": 9_000_000_000}},
            "flows": {"label": "Investment committed in the year", "unit": "MAD",
                      "target": 500_000_000_000, "measure": "increment"},
            "watched": {"label": "Companies in the industrial zones, counted each month",
                        "unit": "entreprises créées"},
        },
        "results": [*_results("exports", count), *_results("exports", count // 3, "CRM"),
                    *_results("exports", count // 4, "ESO"),
                    *_results("flows", count), *_results("watched", count, scale=1)],
    })


def _histories(count: int = 24) -> dict[str, History]:
    plan = _plan(count)
    return {"level": indicator_history(plan, "exports", sector_only=True),
            "increment": indicator_history(plan, "flows"),
            "tracked": indicator_history(plan, "watched"),
            "ecosystems": indicator_history(plan, "exports"),
            "one-ecosystem": indicator_history(plan, "exports", "CRM")}


def _console(width: int, terminal: bool = False, color: bool = False
             ) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=terminal,
                      color_system="truecolor" if color else None)
    return console, out


def _render(history: History, width: int, terminal: bool = False,
            ecosystem_name: str | None = None) -> list[str]:
    console, out = _console(width, terminal)
    view.render_history(history, console, ecosystem_name)
    return out.getvalue().splitlines()


def _amounts(history: History, totals: bool) -> Counter[str]:
    """Every value (and running total) the view must show whole."""
    shown: Counter[str] = Counter()
    unit, money, loc = history.unit, history.is_money, history.locale
    # At the column's digits: enough that two different figures never read the same.
    values = fmt.column_digits((row.value for row in history.rows), money, loc)
    actuals = fmt.column_digits((row.actual for row in history.rows), money, loc)
    for row in history.rows:
        shown[fmt.amount(row.value, unit, money, loc, values)] += 1
        if totals:
            shown[fmt.amount(row.actual, unit, money, loc, actuals)] += 1
    return shown


_BORDER = re.compile(r"^[+╭]")
_RULE = re.compile(r"^[|├][-─+┼]")


def _header_cells(lines: list[str]) -> list[str] | None:
    """The table's header cells, or None where there is no table."""
    for number, line in enumerate(lines):
        if _BORDER.match(line):
            # The header is one line: a rule follows it at once.
            assert _RULE.match(lines[number + 2]), lines[number:number + 3]
            return [cell.strip() for cell in re.split(r"[|│]", lines[number + 1])[1:-1]]
    return None


@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
@pytest.mark.parametrize("kind", ["level", "increment", "tracked", "ecosystems",
                                  "one-ecosystem"])
@pytest.mark.parametrize("width", [*WIDTHS, 30, 24])
def test_dates_values_and_headers_are_whole_at_every_width(width: int, kind: str,
                                                           terminal: bool) -> None:
    history = _histories()[kind]
    lines = _render(history, width, terminal, "Customer relationship management"
                    if kind == "one-ecosystem" else None)
    assert max(map(cell_len, lines)) <= width
    text = "\n".join(lines)
    for date in {row.date.isoformat() for row in history.rows}:
        assert date in text
    header = _header_cells(lines)
    totals = history.measure == "increment" and (header is None or "Total" in header)
    for amount, count in _amounts(history, totals).items():
        assert sum(line.count(amount) for line in lines) >= count, amount
    if header is None:  # blocks: every field whole, on a line of its own
        names = "|".join(name for name, _ in history_view.COLUMNS)
        labels = Counter(match[1] for line in lines
                         if (match := re.match(rf"  ({names})(  |$)", line)))
        assert labels["Value"] == len(history.rows)
    else:
        assert {"Date", "Value"} <= set(header) <= {name for name, _ in history_view.COLUMNS}
        # Every figure has its row, its date whole at the start of it.
        rows = [line for line in lines if re.match(r"^[|│] \d{4}-\d\d-\d\d", line)]
        assert len(rows) == len(history.rows)


def test_the_columns_give_way_in_the_documented_order() -> None:
    history = _histories()["increment"]
    columns = history_view.history_columns(history)
    assert list(columns) == ["Date", "Value", "Total", "Change", "Ratio", "Line", "Source",
                             "Note", "Recorded"]
    previous: list[str] = list(columns)
    narrowest = None
    for width in range(200, 10, -1):
        widths = view.fitting_widths(columns, width)
        if widths is None:
            narrowest = width + 1
            break
        assert sum(widths.values()) + 3 * len(widths) + 1 <= width
        gone = [name for name in columns if name not in widths]
        # What has given way is the first ones of GIVE_WAY, in its order.
        order = [step for step in view.GIVE_WAY if step != view.MARK_UNDER_DATE]
        assert set(gone) == set(order[:len(gone)])
        assert set(previous) >= set(widths)
        previous = list(widths)
    assert narrowest is not None
    assert previous == ["Date", "Value", "Total"]  # the running total stays by its flow
    # Below the narrowest table, a block per figure.
    assert _header_cells(_render(history, narrowest)) is not None
    assert _header_cells(_render(history, narrowest - 1)) is None


def test_the_superseded_mark_goes_under_the_date_after_the_note_gives_way() -> None:
    history = _histories()["level"]
    columns = history_view.history_columns(history)
    wide = view.fitting_widths(columns, 500)
    assert wide is not None and wide["Date"] == len("2014-01-01 (superseded)")
    for width in range(500, 10, -1):
        widths = view.fitting_widths(columns, width)
        if widths is None or widths["Date"] < wide["Date"]:
            break
    assert widths is not None and "Note" not in widths and "Line" in widths
    lines = _render(history, width)
    assert any(re.match(r"^\| 2014-01-01 +\|", line) for line in lines)
    assert any(re.match(r"^\| \(superseded\) +\|", line) for line in lines)


def test_long_text_is_shortened_in_the_table_and_whole_in_json_and_csv() -> None:
    history = _histories()["level"]
    lines = _render(history, 120)
    longest = SOURCES[0] + " (figure 0)"
    assert not any(longest in line for line in lines)
    assert any("Annual report of the" in line and "…" in line for line in lines)
    assert json.loads(WRITERS["json"](history_view.HistoryView(history)))[
        "figures"][0]["source"] == longest
    assert longest in WRITERS["csv"](history_view.HistoryView(history))
    assert longest in WRITERS["markdown"](history_view.HistoryView(history))
    # Brackets and colons are text, never markup or emoji codes.
    assert any("[provisional] :warning:" in line for line in _render(history, 200))


def test_blocks_wrap_long_text_at_spaces_and_keep_it_whole() -> None:
    history = _histories()["level"]
    lines = _render(history, 24)
    assert _header_cells(lines) is None
    source = SOURCES[0] + " (figure 0)"
    words = " ".join(line.strip() for line in lines).split()
    assert " ".join(source.split()) in " ".join(words)
    assert all(word in source.split() for line in lines[:40] if "Annual" in line
               for word in line.split()[1:])


def test_a_pipe_gets_the_tables_natural_width_not_the_consoles() -> None:
    history = _histories()["level"]
    lines = _render(history, 1000)
    widths = view.fitting_widths(history_view.history_columns(history), 1000)
    assert widths is not None
    table_lines = [line for line in lines if line.startswith(("+", "|"))]
    assert {len(line) for line in table_lines} == {sum(widths.values()) + 3 * len(widths) + 1}
    assert len(table_lines[0]) < 300


def test_ecosystem_column_where_figures_are_not_all_the_sectors() -> None:
    histories = _histories()
    header = _header_cells(_render(histories["ecosystems"], 120))
    assert header is not None and header[:3] == ["Date", "Ecosystem", "Value"]
    cells = history_view.history_columns(histories["ecosystems"])["Ecosystem"]
    assert set(cells) == {"sector", "CRM", "ESO"}
    assert "Ecosystem" not in history_view.history_columns(histories["level"])
    # One ecosystem's history names it above the table, with no column for it.
    lines = _render(histories["one-ecosystem"], 120,
                    ecosystem_name="Customer relationship management")
    assert "Ecosystem CRM: Customer relationship management" in "\n".join(lines[:4])
    assert "Ecosystem" not in (_header_cells(lines) or [])
    lines = _render(histories["one-ecosystem"], 120)
    assert "Ecosystem CRM (its own figures" in "\n".join(lines[:4])
    assert "Ecosystem" not in (_header_cells(lines) or [])
    # A history that says whose it is is taken at its word: the sector's history of
    # figures that are all one ecosystem's has the column and no such line.
    said = histories["one-ecosystem"]._replace(ecosystem=None)
    lines = _render(said, 120)
    assert not any(line.startswith("Ecosystem") for line in lines)
    assert (_header_cells(lines) or [])[:2] == ["Date", "Ecosystem"]


def test_increment_shows_the_flow_and_the_running_total() -> None:
    history = _histories()["increment"]
    lines = _render(history, 120)
    header = _header_cells(lines)
    assert header is not None and header[1:3] == ["Value", "Total"]
    last = next(row for row in reversed(history.rows) if not row.superseded)
    total = fmt.amount(last.actual, history.unit, history.is_money, history.locale)
    assert any(total in line for line in lines if line.startswith("|"))


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
@pytest.mark.parametrize("kind", ["level", "increment", "ecosystems", "tracked"])
def test_the_fast_writer_draws_150_rows_as_rich_does(kind: str, terminal: bool,
                                                     color: bool) -> None:
    history = _histories(150)[kind]
    assert len(history.rows) >= 150
    for width in (*WIDTHS, 200):
        drawn = []
        for fast in (False, True):
            console, out = _console(width, terminal, color)
            table = view.history_table(history, console)
            if fast:  # the fast writer draws it, rather than handing it to rich
                assert grid._Writer.for_table(console, table) is not None
            grid.print_table(console, table, fast=fast)
            drawn.append(out.getvalue())
        assert drawn[0] == drawn[1], width


def test_whole_outputs_are_those_rich_would_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    history = _histories(150)["level"]
    for width in (*WIDTHS, 24):
        outputs = []
        for fast_from in (grid.FAST_FROM_ROWS, 10**9):
            monkeypatch.setattr(grid, "FAST_FROM_ROWS", fast_from)
            outputs.append(_render(history, width, terminal=True))
        assert outputs[0] == outputs[1]


@pytest.mark.parametrize(("terminal", "color"), [(False, False), (True, False), (True, True)],
                         ids=["pipe", "terminal", "colour"])
def test_lines_are_printed_as_rich_prints_them(terminal: bool, color: bool) -> None:
    lines = [("2014-01-01 (superseded)", "dim strike"), ("", ""), ("", "bold"),
             ("  Value     920 entreprises créées", ""), ("  Note      漢字 e\u0301", "bold"),
             ("a line far too wide for the console it is printed on", "bold"),
             ("a\ttab", ""), ("x\x07y", "bold"), ("  trailing  ", "green"),
             ("no such style", "")]
    for width in (20, 40):
        by_rich, fast = _console(width, terminal, color), _console(width, terminal, color)
        for line, style in lines:
            by_rich[0].print(Text(line, style=style))
        grid.print_lines(fast[0], lines)
        assert fast[1].getvalue() == by_rich[1].getvalue()


def test_blocks_are_the_lines_rich_would_print() -> None:
    history = _histories(30)["increment"]
    console, out = _console(24, terminal=True, color=True)
    view.render_history(history, console)
    fast = out.getvalue()
    # A console that records what it prints is left to rich entirely.
    out = io.StringIO()
    view.render_history(history, Console(file=out, width=24, force_terminal=True,
                                         color_system="truecolor", record=True))
    assert out.getvalue() == fast
    assert "\x1b[" in fast and "╭" not in fast


def test_a_history_of_no_figures() -> None:
    history = _histories()["level"]._replace(rows=())
    assert _render(history, 40)[-1] == "No figures recorded yet."


def test_the_command_fits_the_terminal(run: Callable[..., Run], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['[plan]\ntitle = "T"\nstart = 2014-01-01\ndeadline = 2020-12-31\n'
             'currency = "MAD"\n\n[indicators.x]\nlabel = "X"\nunit = "MAD"\n'
             "target = 1000000000\n"]
    for number in range(120):
        lines.append(f'[[results]]\nindicator = "x"\ndate = 2015-01-{number % 28 + 1:02d}\n'
                     f"value = {number * 1234567}\n"
                     f'source = "{SOURCES[number % len(SOURCES)]}"\n')
    plan = tmp_path / "plan.toml"
    plan.write_text("\n".join(lines), encoding="utf-8")
    for columns in ("40", "80"):
        monkeypatch.setenv("COLUMNS", columns)
        result = run("history", "x", "--plan", str(plan))
        assert result.code == 0, result.err
        assert max(map(cell_len, result.out.splitlines())) <= int(columns)

