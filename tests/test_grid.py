"""Long tables: ``grid.print_table`` draws exactly what rich draws, faster.

Each test draws the same table twice, once by rich and once by the fast writer,
and compares the two outputs character for character, in a pipe and on a
terminal (colours, bars and box drawing)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.text import Text

from offshore_cli.render import grid

from .conftest import SEED, Run


def _console(width: int, terminal: bool, no_color: bool = False) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=terminal, no_color=no_color,
                      color_system="truecolor" if terminal else None, highlight=False,
                      emoji=False, markup=False, soft_wrap=False, legacy_windows=False)
    return console, out


def _both(build: Callable[[Console], grid.LongTable], width: int, terminal: bool,
          no_color: bool = False) -> tuple[str, str, bool]:
    """The table drawn by rich and by the fast writer, and whether the fast writer
    did draw it (rather than handing it back to rich)."""
    drawn = []
    for fast in (False, True):
        console, out = _console(width, terminal, no_color)
        grid.print_table(console, build(console), fast=fast)
        drawn.append(out.getvalue())
    console, _ = _console(width, terminal, no_color)
    took = grid._Writer.for_table(console, build(console)) is not None
    return drawn[0], drawn[1], took


@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
def test_the_seed_plans_tables_are_drawn_as_rich_draws_them(terminal: bool) -> None:
    from offshore_cli import timeline
    from offshore_cli.history import indicator_history
    from offshore_cli.plan import load_document
    from offshore_cli.progress import evaluate
    from offshore_cli.render.history_table import history_table
    from offshore_cli.render.milestones_table import milestones_table as milestones_grid
    from offshore_cli.render.milestones_table import rich_rows
    from offshore_cli.render.milestones_view import COLUMNS, MilestonesView
    from offshore_cli.render.status_table import status_table
    from offshore_cli.render.status_view import StatusView

    document = load_document(SEED)
    day = dt.date(2019, 4, 23)
    report = evaluate(document.plan, day, None, document.series)
    milestones = MilestonesView(timeline.milestones_report(document.plan, day))

    def milestones_table(console: Console) -> grid.LongTable:
        return milestones_grid(rich_rows(milestones), list(COLUMNS), console)

    builds: list[Callable[[Console], grid.LongTable]] = [
        lambda console: status_table(StatusView(report), console),
        lambda console: status_table(StatusView(report, by_ecosystem=True), console),
        milestones_table,
        *(lambda console, ident=ident: history_table(  # type: ignore[misc]
            indicator_history(document.plan, ident), console)
          for ident in document.plan.indicators),
    ]
    fast_drawn = 0
    for build in builds:
        for width in (24, 40, 60, 80, 100, 120, 200):
            by_rich, fast, took = _both(build, width, terminal)
            assert fast == by_rich, (width, fast, by_rich)
            fast_drawn += took
    assert fast_drawn > len(builds) * 5  # the fast writer drew nearly all of them


# Random tables: text with spaces, line breaks, wide and combining characters, tabs,
# control characters and non-breaking spaces; cells as text or as styled Text with a
# styled part, in columns of every kind.
_PIECES = [*"ab xyz12,.-%[]", "\n", "  ", "漢字", "é", "e\u0301", "\t", "\x07", "\u00a0", "\u202f",
           "\u200b", "█", "verylongwordwithoutspaces"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)
_STYLE = st.sampled_from(["", "bold", "green", "dim strike", "bold red"])
_CELL = st.one_of(_TEXT, st.tuples(_TEXT, _STYLE, _TEXT, _STYLE))


def _cell(spec: Any) -> str | Text:
    if isinstance(spec, str):
        return spec
    first, style, second, second_style = spec
    text = Text(first, style=style)
    text.append(second, style=second_style or None)
    return text


@st.composite
def _tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], list[tuple[Any, ...]]]:
    settings = {
        "box": draw(st.sampled_from([None, box.ASCII, box.ROUNDED, box.SIMPLE, box.HEAVY_HEAD])),
        "show_lines": draw(st.booleans()), "pad_edge": draw(st.booleans()),
        "show_header": draw(st.booleans()), "show_edge": draw(st.booleans()),
        "header_style": draw(st.sampled_from(["", "bold", "bold green"])),
        "expand": draw(st.booleans()),
        "width": draw(st.sampled_from([None, None, None, 30, 70])),
    }
    columns = [{"header": draw(_TEXT), "justify": draw(st.sampled_from(["left", "right"])),
                "no_wrap": draw(st.booleans()),
                "overflow": draw(st.sampled_from(["fold", "ellipsis", "crop"])),
                "ratio": draw(st.sampled_from([None, None, 1, 2])),
                "min_width": draw(st.sampled_from([None, None, 5, 12]))}
               for _ in range(draw(st.integers(1, 5)))]
    rows = draw(st.lists(st.tuples(*(_CELL for _ in columns)), max_size=8))
    return settings, columns, rows


def _build(settings: dict[str, Any], columns: Sequence[dict[str, Any]],
           rows: Sequence[tuple[Any, ...]]) -> grid.LongTable:
    table = grid.LongTable(**settings)
    for column in columns:
        table.add_column(**column)
    for row in rows:
        table.add_row(*(_cell(spec) for spec in row))
    return table


@given(_tables(), st.integers(8, 140), st.booleans(), st.booleans())
def test_random_tables_are_drawn_as_rich_draws_them(
        spec: tuple[dict[str, Any], list[dict[str, Any]], list[tuple[Any, ...]]], width: int,
        terminal: bool, no_color: bool) -> None:
    by_rich, fast, _ = _both(lambda console: _build(*spec), width, terminal, no_color)
    assert fast == by_rich


# Texts where a careless justification would differ from rich's: trailing and
# leading spaces (a right-justified cell loses its trailing ones), wide, combining and
# zero-width characters, tabs, control characters, blank lines, words too long.
_TRICKY = ["a  ", "  a", "a b  c", "漢字 x", "e\u0301e", "a\tb", "x\x07y", "\u00a0",
           "", " ", "a\n\nb ", "\n", "verylongwordwithoutspaces", "ab cd ef gh ij kl mn"]


@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
@pytest.mark.parametrize("styled", [False, True], ids=["plain", "styled"])
def test_tricky_texts_are_drawn_as_rich_draws_them(terminal: bool, styled: bool) -> None:
    def build(console: Console) -> grid.LongTable:
        table = grid.LongTable(box=box.ASCII, show_lines=True)
        table.add_column("left")
        table.add_column("right", justify="right")
        table.add_column("fold", overflow="fold", max_width=None)
        table.add_column("kept", justify="right", no_wrap=True)
        for text in _TRICKY:
            cells = [Text(text, style="bold") if styled else text for _ in range(4)]
            table.add_row(*cells)
        return table

    for width in (12, 30, 50, 120):
        by_rich, fast, _ = _both(build, width, terminal)
        assert fast == by_rich, width


def test_a_long_table_is_still_a_table_for_rich() -> None:
    """Printed by rich directly (in a group, say), a LongTable is the table it holds."""
    from rich.table import Table

    drawn = []
    for kind in (Table, grid.LongTable):
        console, out = _console(60, False)
        table = kind(box=box.ASCII, show_lines=True)
        table.add_column("A")
        table.add_column("B", justify="right")
        for number in range(150):
            table.add_row(f"row {number}", Text(str(number * 7)),
                          end_section=number == 70)  # rows before it are added at once
        assert table.row_count == 150
        console.print(table)
        grid.print_table(console, table)  # rich draws what has a section: the same
        drawn.append(out.getvalue())
    assert drawn[0] == drawn[1]
    assert drawn[0].count("row ") == 300


def _many(tmp_path: Path, count: int) -> Path:
    """A plan of ``count`` indicators (two ecosystems), figures and milestones."""
    lines = ['[plan]\ntitle = "Many"\nstart = 2014-01-01\ndeadline = 2020-12-31\n'
             'currency = "MAD"\n\n[ecosystems]\nA = "Alpha"\nB = "Beta"\n']
    for number in range(count):
        lines.append(f'[indicators.i{number}]\nlabel = "Indicator number {number} of the '
                     f'plan{" with a long label" * (number % 3)}"\nunit = '
                     f'"{"MAD" if number % 2 else "jobs"}"\ntarget = {1000 + number * 37}\n')
    for number in range(count):
        day = dt.date(2014, 1, 1) + dt.timedelta(days=number * 13)
        lines.append(f'[[results]]\nindicator = "i3"\ndate = {day}\n'
                     f'value = {number * 11 % 1500}\nsource = "Report {number}"\n'
                     + (f'note = "{"a note long enough to be wrapped " * (number % 4)}"\n'
                        if number % 4 else ""))
        lines.append(f'[[results]]\nindicator = "i{number}"\ndate = {day}\nvalue = '
                     f'{number % 40}\necosystem = "{"AB"[number % 2]}"\n')
        lines.append(f'[[milestones]]\ndate = "{2014 + number % 7}-{number % 12 + 1:02d}"\n'
                     f'title = "Milestone {number}"\n')
    path = tmp_path / "many.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [
    ["status"], ["status", "--by-ecosystem"], ["history", "i3"], ["milestones"],
])
@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
def test_long_outputs_are_those_rich_would_draw(
        run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        args: list[str], terminal: bool) -> None:
    """Whole outputs of 150 rows and more, with the fast writer and with rich alone."""
    plan = _many(tmp_path, 150)
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.delenv("NO_COLOR")
    command = [*args, "--plan", str(plan)]
    if args[0] != "history":
        command += ["--as-of", "2019-04-23"]
    default = grid.FAST_FROM_ROWS
    for columns in ("80", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setattr(grid, "FAST_FROM_ROWS", default)
        fast = run(*command)
        monkeypatch.setattr(grid, "FAST_FROM_ROWS", 10**9)
        by_rich = run(*command)
        assert fast.code == by_rich.code == 0
        assert fast.out == by_rich.out
        assert len(fast.out.splitlines()) > 150
