"""The status screen at every width: the table keeps Indicator, Actual, Progress and
Status, gives up the other columns one by one as the terminal narrows, and below
that shows each indicator as a block of lines. No value is ever cut, no line is
wider than the terminal, and a status's reason is said under the table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text

from offshore_cli.progress import evaluate
from offshore_cli.render.status_table import fitting_columns
from offshore_cli.render.status_view import DROPPED_FIRST, columns_of, indicator_cells
from offshore_cli.validation import plan_from_data

from .conftest import SEED, Run

FRENCH = Path(__file__).parent / "plans" / "fr-edges.toml"
TRAJECTORIES = Path(__file__).parent / "plans" / "trajectories.toml"
# Whole values that must be on screen, at any width, for each plan and date.
MUST_SHOW = {
    # The plan's locale is fr: its words are French too.
    (FRENCH, "2022-08-01"): ["5,20\u00a0Md MAD", "45\u202f000 emplois", "104,0\u202f%",
                             "atteint en retard", "sans données", "échéance dépassée",
                             "150\u00a0M MAD",
                             "exports\u00a0: atteint en retard\u00a0: cible atteinte après "
                             "l'échéance",
                             "avant\u00a0: sans données\u00a0: aucun chiffre depuis le début"],
    (SEED, "2019-04-23"): ["69,900 jobs", "1.00\u00a0bn MAD", "66.7%", "achieved", "at-risk",
                           "tracked", "51,000 jobs"],
    (TRAJECTORIES, "2019-08-01"): ["[exports] (g)", "[jobs] (c)", "[seats]", "[visits]",
                                   "(g): expected on a constant rate of growth",
                                   "(c): expected on straight lines through the plan's "
                                   "checkpoints", "1.30\u00a0bn MAD", "on-track"],
}


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 160])
@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize(("plan", "as_of"), list(MUST_SHOW))
def test_every_value_is_shown_whole_at_every_width(
        run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, width: int, terminal: bool,
        plan: Path, as_of: str) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    if terminal:  # bars and box drawing, as on a terminal
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("TERM", "xterm-256color")
    result = run("status", "--plan", str(plan), "--as-of", as_of, "--by-ecosystem")
    assert result.code == 0, result.err
    screen = Text.from_ansi(result.out).plain
    assert max(len(line) for line in screen.splitlines()) <= width
    assert "…" not in screen
    flat = " ".join(screen.split())  # a value may be wrapped only in the block layout
    for value in MUST_SHOW[(plan, as_of)]:
        assert value in screen or " ".join(value.split()) in flat, (value, screen)
    if terminal and width >= 80:  # narrower, bars give way before the table does
        assert "█" in screen


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 140, 200])
def test_the_sdg_column_and_the_date_of_arrival_at_every_width(
        run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("status", "--plan", str(TRAJECTORIES), "--as-of", "2019-08-01", "--sdg")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= width
    header = next((line for line in lines if line.startswith("| Indicator")), "")
    shown = {cell.strip() for cell in header.split("|")}
    # The columns give way in order: Arrives first, SDG, asked for, late.
    giving_way = list(DROPPED_FIRST)
    for at, name in enumerate(giving_way):
        if name in shown:
            assert set(giving_way[at:]) <= shown, (name, header)
    if "Arrives" in shown:
        assert "2021-12-13" in result.out
    if "SDG" in shown:
        assert "73.8%" in result.out and "deterioration" in result.out
    assert ("Arrives" in shown) == (width >= 200)
    assert ("SDG" in shown) == (width >= 100)


@pytest.mark.parametrize("sdg", [False, True])
def test_columns_give_way_in_order_then_the_table_does(sdg: bool) -> None:
    columns = columns_of(sdg)
    cells = {name: Text("x" * 6) for name, _ in columns}
    rows = [(Text("Indicator"), cells)]
    everything = [name for name, _ in columns]
    widest = fitting_columns(rows, 500, columns)
    assert widest == everything
    seen = []
    for width in range(500, 20, -1):
        shown = fitting_columns(rows, width, columns)
        if shown is None:
            break
        if shown not in seen:
            seen.append(shown)
    # Each step gives up the next column of DROPPED_FIRST, then the table gives way.
    giving_way = [name for name in DROPPED_FIRST if name in everything]
    assert giving_way[0] == "Arrives" and ("SDG" in giving_way) == sdg
    assert [sorted(set(everything) - set(shown)) for shown in seen] == [
        sorted(giving_way[:count]) for count in range(len(giving_way) + 1)]
    assert fitting_columns(rows, 20, columns) is None


def _rate_cells(unit: str, target: float, value: float) -> tuple[str, str]:
    plan = plan_from_data({
        "plan": {"title": "T", "start": dt.date(2020, 1, 1), "deadline": dt.date(2026, 1, 1),
                 "currency": "MAD"},
        "indicators": {"x": {"label": "X", "unit": unit, "target": target}},
        "results": [{"indicator": "x", "date": dt.date(2021, 7, 2), "value": value}]})
    report = evaluate(plan, dt.date(2021, 8, 1))
    cells = indicator_cells(report.indicators[0], report)
    return cells["Done/yr"], cells["Needed/yr"]


def test_rates_of_whole_units_are_whole_numbers() -> None:
    # 2 jobs in 1.5 years, 8 more in 4.5: 1.33 and 1.78 a year, written 1 and 2.
    assert _rate_cells("jobs", 10, 2) == ("1", "2")
    # A unit counted with decimals keeps them; money keeps three significant digits.
    assert _rate_cells("t", 10, 2.5) == ("1.67", "1.67")
    assert _rate_cells("MAD", 1e10, 2e9) == ("1.33\u00a0bn", "1.78\u00a0bn")
