"""The render registry and what every format gives: one ``emit`` for every report,
output to a pipe not cut to 80 columns, Markdown for people, CSV for scripts, the
ecosystem options, validate's JSON, and the narrow layouts of pillars and
milestones."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from offshore_cli.render.view import WRITERS, ReportView, Summary, emit, markdown
from offshore_cli.render.writers import csv_cell

from .conftest import SEED, Run
from .test_timeline import BREAKDOWN_PLAN

AS_OF = ("--as-of", "2019-04-23")


def test_a_pipe_without_columns_gets_every_column(run: Callable[..., Run],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")
    out = run("status", *AS_OF).out
    header = next(line for line in out.splitlines() if "Indicator" in line)
    for column in ("Target", "Expected", "At deadline", "Done/yr", "Needed/yr", "Status"):
        assert column in header
    assert len(header) > 80
    # One line per label: nothing wraps when nothing has to.
    assert "| Jobs under performance contracts |" in out


def test_columns_still_wins_in_a_pipe(run: Callable[..., Run],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    out = run("status", *AS_OF).out
    assert max(map(len, out.splitlines())) <= 70
    assert "Done/yr" not in out


class _Tiny(ReportView):
    """A report of one number: what a new report needs to give every format."""

    def document(self) -> dict[str, object]:
        return {"schema": 1, "value": 0.5}

    def records(self) -> tuple[tuple[str, ...], list[dict[str, object]]]:  # type: ignore[override]
        return ("value",), [{"value": 0.5}]

    def summary(self) -> Summary:
        return Summary("Tiny | title", ["One *line*."], ["Value"], [["50.0 %"]], [True])

    def show(self, console: Console) -> None:
        console.print(Text("tiny"))


def test_a_new_report_is_one_view_and_gets_every_format() -> None:
    view = _Tiny()
    assert json.loads(WRITERS["json"](view)) == {"schema": 1, "value": 0.5}
    assert WRITERS["csv"](view) == "value\n0.5\n"
    assert markdown(view.summary()) == ("## Tiny \\| title\n\nOne \\*line\\*.\n\n"
                                        "| Value |\n|---:|\n| 50.0 % |\n")
    out = io.StringIO()
    emit(view, "table", out)
    assert out.getvalue() == "tiny\n"


@pytest.mark.parametrize("command", [
    ["status", "--as-of", "2019-04-23", "-f", "json"], ["check", "-f", "json"],
    ["pillars", "-f", "json"], ["milestones", "-f", "csv"], ["history", "jobs", "-f", "json"],
    ["validate", "-f", "json"]])
def test_scripts_need_no_terminal_library(tmp_path: Path, command: list[str]) -> None:
    """Scripts pay for no rich: machine-readable output imports none of it."""
    import subprocess
    import sys

    code = (f"import sys; from offshore_cli.__main__ import main; main({command!r}); "
            "sys.stderr.write(str(any(m == 'rich' or m.startswith('rich.') "
            "for m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, check=True)
    assert done.stderr.strip().endswith("False"), done.stderr


def test_markdown_is_for_people(run: Callable[..., Run]) -> None:
    out = run("status", *AS_OF, "-f", "markdown").out
    assert "| New direct jobs<br>\\[jobs\\] |" in out
    assert "0.7140062597809077" not in out  # no unrounded floats
    assert "| achieved |" in out
    assert "- Next milestone: 2020-12-31" in out
    history = run("history", "investment", "-f", "markdown").out
    assert "| Date | Value | Change | Ratio | Line | Source | Note |" in history


@pytest.mark.parametrize("text", ["=1+1", " =1+1", "\u00a0@SUM(A1)", "  -2", "\t+x"])
def test_csv_neutralises_formulas_after_blanks(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert csv_cell(-2.5) == "-2.5"


def test_status_csv_names_the_ecosystem(run: Callable[..., Run],
                                        write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BREAKDOWN_PLAN)
    args = ("status", "--plan", str(path), "--as-of", "2020-02-15")
    rows = list(csv.DictReader(io.StringIO(run(*args, "--ecosystem", "A", "-f", "csv").out)))
    assert {row["ecosystem"] for row in rows} == {"A"}
    assert json.loads(run(*args, "--ecosystem", "A", "-f", "json").out)["ecosystem"] == "A"
    sector = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv").out)))
    assert {row["ecosystem"] for row in sector} == {""}
    split = list(csv.DictReader(io.StringIO(run(*args, "--by-ecosystem", "-f", "csv").out)))
    assert [(row["id"], row["ecosystem"], row["actual"]) for row in split][:2] == [
        ("jobs", "A", "15"), ("jobs", "B", "20")]
    nested = run(*args, "--by-ecosystem", "-f", "markdown").out
    assert "| ↳ A: Alpha" in nested
    refused = run(*args, "--by-ecosystem", "--ecosystem", "A")
    assert refused.code == 2
    assert "--by-ecosystem: not with --ecosystem" in refused.err
    assert refused.out == ""


def test_validate_as_json(run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    good = run("validate", "--plan", str(SEED), "-f", "json")
    assert good.code == 0
    document = json.loads(good.out)
    assert document["valid"] is True
    assert document["counts"]["indicator"] == 4
    assert good.err == ""
    bad = write_plan("[plan]\ntitle = 'x'\nstart = 2020-01-01\ndeadline = 2019-01-01\n")
    broken = run("validate", "--plan", str(bad), "-f", "json")
    assert broken.code == 2
    problems = json.loads(broken.out)["problems"]
    assert problems and all(p["severity"] == "error" for p in problems)
    assert problems[0]["file"] == str(bad)
    text = run("validate", "--plan", str(bad))
    assert text.code == 2 and text.out == ""
    assert text.err.endswith("found\n")


PILLARS = """\
[plan]
title = "Pillars"
start = 2020-01-01
deadline = 2021-12-31

[[pillars]]
name = "A pillar whose name is long enough to need wrapping somewhere"

[[pillars.axes]]
name = "First"
status = "done"

[[pillars.axes]]
name = "Second"
status = "dropped"

[[pillars.axes]]
name = "Third"
status = "planned"
due = 2020-06-30
"""


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_pillars_at_every_width(run: Callable[..., Run], write_plan: Callable[[str], Path],
                                monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("pillars", "--plan", str(write_plan(PILLARS)), "--as-of", "2021-01-01").out
    assert max(map(len, out.splitlines())) <= width
    assert "50.0" in out  # done over the axes still in the plan: 1 / (3 - 1)
    flat = " ".join(out.split())
    assert "1 dropped" in flat
    if width >= 100:
        assert "Dropped" in out


def test_no_pillars_says_so(run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan("[plan]\ntitle = 'x'\nstart = 2020-01-01\ndeadline = 2021-01-01\n")
    assert run("pillars", "--plan", str(path)).out == "No pillars in this plan.\n"
    assert run("milestones", "--plan", str(path)).out == "No milestones in this plan.\n"
    assert "No pillars in this plan." in run("pillars", "--plan", str(path), "-f",
                                             "markdown").out


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_milestones_keep_their_countdown_at_every_width(
        run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("milestones", *AS_OF).out
    assert max(map(len, out.splitlines())) <= width
    flat = " ".join(out.split())
    assert "in 618 days (1 year 8 months)" in flat
    assert "2020-12-31" in out


def test_history_since_and_last(run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BREAKDOWN_PLAN)
    every = json.loads(run("history", "flow", "--plan", str(path), "-f", "json").out)
    assert every["omitted"] == 0
    chosen = json.loads(run("history", "flow", "--plan", str(path), "--since", "2020-01-31",
                            "--last", "1", "-f", "json").out)
    assert chosen["since"] == "2020-01-31" and chosen["last"] == 1
    assert chosen["figures"] == every["figures"][-1:]  # the running total counts every figure
    assert chosen["omitted"] == len(every["figures"]) - 1
    refused = run("history", "flow", "--plan", str(path), "--last", "0")
    assert refused.code == 2 and "--last: must be at least 1" in refused.err
    bad_day = run("history", "flow", "--plan", str(path), "--since", "31/01/2020")
    assert bad_day.code == 2 and "--since" in bad_day.err


CLOSE = """\
[plan]
title = "Close figures"
start = 2020-01-01
deadline = 2021-12-31
currency = "MAD"

[indicators.a]
label = "A"
unit = "MAD"
target = 1_251_000_000

[indicators.b]
label = "B"
unit = "MAD"
target = 1_252_000_000

[[results]]
indicator = "a"
date = 2020-06-30
value = 1_200_000_000
"""


def test_two_figures_of_one_column_never_read_the_same(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    out = run("status", "--plan", str(write_plan(CLOSE)), "--as-of", "2020-07-01").out
    assert "1.251\u00a0bn MAD" in out and "1.252\u00a0bn MAD" in out
    assert "1.20\u00a0bn MAD" in out  # three significant digits at least


def test_a_revision_says_what_it_replaces(run: Callable[..., Run],
                                          write_plan: Callable[[str], Path]) -> None:
    path = write_plan(CLOSE)
    done = run("add-result", "a", "1.25bn", "--date", "2020-06-30", "--revise", "--plan",
               str(path))
    assert done.code == 0, done.err
    assert done.out.startswith(
        "Recorded revised a = 1.25\u00a0bn MAD (was 1.20\u00a0bn MAD) on 2020-06-30")
    closer = run("add-result", "a", "1.251bn", "--date", "2020-06-30", "--revise", "--plan",
                 str(path), "--dry-run")
    assert "1.251\u00a0bn MAD (was 1.250\u00a0bn MAD)" in closer.out
    history = run("history", "a", "--plan", str(path), "-f", "markdown").out
    assert "1.20\u00a0bn MAD" in history and "1.25\u00a0bn MAD" in history


def test_counts_of_days_follow_the_plans_locale(run: Callable[..., Run]) -> None:
    french = Path(__file__).parent / "plans" / "fr-edges.toml"
    out = run("status", "--plan", str(french), "--as-of", "2015-01-01").out
    assert "2\u202f191 jours restants" in out  # and the words are French
    english = run("milestones", "--as-of", "2015-01-01").out
    assert "in 2,191 days (5 years 11 months)" in english


@pytest.mark.parametrize("width", [20, 24, 30, 36])
@pytest.mark.parametrize("command", [["status", "--by-ecosystem"], ["milestones"], ["pillars"]])
def test_narrower_than_40_nothing_is_cut(run: Callable[..., Run],
                                          monkeypatch: pytest.MonkeyPatch, width: int,
                                          command: list[str]) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = run(*command, *AS_OF).out
    lines = out.splitlines()
    assert max(map(len, lines)) <= width
    assert all(line == line.rstrip() for line in lines)  # no trailing blanks in a pipe
    flat = " ".join(out.split())
    for whole in {"status": ["2018-12-31", "3 months old", "69,900 jobs", "achieved",
                             "at-risk", "[contract_jobs]"],
                  "milestones": ["2020-12-31", "in 618 days (1 year 8 months)", "upcoming"],
                  "pillars": ["Monitoring", "studies", "37 axes"]}[command[0]]:
        assert whole in flat, (whole, out)
    for date in ("2018-12-31", "2020-12-31"):  # a date never split
        assert not any(line.endswith(date[:5]) for line in lines)


def test_columns_is_the_width_under_term_dumb(run: Callable[..., Run],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "100")
    lines = run("status", *AS_OF).out.splitlines()
    assert max(map(len, lines)) == 100


def test_the_countdown_keeps_its_style_when_it_wraps(
        run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("COLUMNS", "64")
    screen = Text.from_ansi(run("status", "--as-of", "2021-04-23").out)
    red = " ".join(screen.plain[span.start:span.end] for span in screen.spans
                   if span.style and "color(1)" in str(span.style))  # red
    assert " ".join(red.split()).startswith("ended 3 months ago")


def test_an_unreadable_plan_is_one_error_in_every_format(run: Callable[..., Run],
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "plan.toml"
    folder.mkdir()  # a plan that cannot be read, even by root
    result = run("validate", "--plan", str(folder), "-f", "json")
    assert result.code == 2
    (problem,) = json.loads(result.out)["problems"]
    assert problem["file"] == str(folder)


HOSTILE = """\
[plan]
title = "Plan | ~~struck~~ <b>bold</b> &amp; https://evil.example"
start = 2020-01-01
deadline = 2021-12-31

[indicators.x]
label = "Label ` * _ [link](https://evil.example) <script>x</script>"
unit = "jobs"
target = 10
"""


def test_markdown_cannot_be_made_to_render_markup(run: Callable[..., Run],
                                                 write_plan: Callable[[str], Path]) -> None:
    out = run("status", "--plan", str(write_plan(HOSTILE)), "--as-of", "2020-06-01", "-f",
              "markdown").out
    for raw in ("~~struck~~", "<b>", "&amp;", "https://", "<script>", "](", "| ~~"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), out), raw
    assert "\\~\\~struck\\~\\~" in out and "\\<script\\>" in out


def test_history_says_when_nothing_is_in_the_range_asked(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BREAKDOWN_PLAN)
    out = run("history", "flow", "--plan", str(path), "--since", "2030-01-01").out
    assert "No figures since 2030-01-01 (" in out
    assert "recorded yet" not in out


def test_a_share_of_the_ecosystems_sum_says_so(run: Callable[..., Run],
                                               write_plan: Callable[[str], Path]) -> None:
    text = BREAKDOWN_PLAN + """
[[results]]
indicator = "jobs"
ecosystem = "B"
date = 2020-01-31
value = 25
"""
    out = run("status", "--plan", str(write_plan(text)), "--as-of", "2020-02-15",
              "--by-ecosystem").out
    assert "37.5% of their sum" in out  # the ecosystems' sum, not the sector's total


def test_a_plan_without_indicators_says_so(run: Callable[..., Run],
                                           write_plan: Callable[[str], Path]) -> None:
    path = write_plan("[plan]\ntitle = 'x'\nstart = 2020-01-01\ndeadline = 2021-01-01\n")
    out = run("status", "--plan", str(path), "--as-of", "2020-06-01").out
    assert out.endswith("No indicators in this plan.\n") and "+--" not in out


def test_a_log_on_a_terminal_wraps_at_plain_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    from offshore_cli.render.view import for_terminal

    monkeypatch.setenv("COLUMNS", "40")
    line = ("FAIL emplois: status overdue (ratio 75,0\u202f%, pace 112,7\u202f%) with "
            "60\u202f000 emplois")
    wrapped = for_terminal(line + "\nsummary\n").splitlines()
    assert all(len(piece) <= 40 for piece in wrapped)
    assert wrapped[-1] == "summary"
    assert all(piece.startswith("  ") for piece in wrapped[1:-1])
    # Broken at plain spaces only: the no-break spaces of each figure are all there.
    assert " ".join(word for word in " ".join(wrapped[:-1]).split(" ") if word) == line


HUGE_RATIO = """\
[plan]
title = "0"
start = 2000-01-01
deadline = 2000-01-02

[indicators.jobs]
label = "0"
unit = "jobs"
target = 3.6571953082351775e-303

[[results]]
indicator = "jobs"
date = 2000-01-01
value = 21916
"""


@pytest.mark.parametrize("command", [["history", "jobs"], ["status", "--as-of", "2000-01-01"]])
def test_a_ratio_too_large_for_a_percent_is_drawn_not_a_bug(
        run: Callable[..., Run], write_plan: Callable[[str], Path],
        monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # bars, as on a terminal
    result = run(*command, "--plan", str(write_plan(HUGE_RATIO)))
    assert result.code == 0, result.err
    assert "inf" not in result.out
