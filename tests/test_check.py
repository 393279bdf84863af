"""``offshore check``: the gate's table of (plan, flags) -> exit code and message, in
the style of coverage.py's fail-under tests, for figures inside the window and at
its edges; precision; CI output formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from offshore_cli import gate
from offshore_cli.progress import round_half_away
from offshore_cli.render import fmt
from offshore_cli.render.check_view import escape_data, escape_property, reason_text

from .conftest import Run

REVIEW = "2019-04-23"

# A 100-day plan; figures on day 50, so expected is 0.5 and pace = 2 * ratio.
PLAN = """\
[plan]
title = "Gate test"
start = 2020-01-01
deadline = 2020-04-10
{plan_extra}

[indicators.a]
label = "Alpha"
unit = "u"
target = 100
{a_extra}

[indicators.b]
label = "Beta"
unit = "u"
target = 100
{b_extra}

[indicators.t]
label = "Tracked"
unit = "u"

[[results]]
indicator = "a"
date = 2020-02-20
value = {a}

[[results]]
indicator = "b"
date = 2020-02-20
value = {b}
"""


def plan_text(a: float, b: float, plan_extra: str = "", a_extra: str = "",
              b_extra: str = "") -> str:
    return PLAN.format(a=a, b=b, plan_extra=plan_extra, a_extra=a_extra, b_extra=b_extra)


# (values a, b), plan settings, flags -> exit code, expected lines (substrings, in order)
CASES: list[tuple[str, dict[str, object], list[str], int, list[str]]] = [
    ("all on track", {"a": 50, "b": 60}, [], 0,
     ["check passed: 0 failed, 0 warnings, 2 passed (2 gated, as of 2020-02-20)"]),
    ("at-risk warns", {"a": 40, "b": 50}, [], 0,
     ["WARN a: status at-risk (ratio 40.0%, pace 80.0%)", "check passed: 0 failed, 1 warning"]),
    ("strict turns warnings into failure", {"a": 40, "b": 50}, ["--strict"], 1,
     ["WARN a: status at-risk", "check failed: 0 failed, 1 warning (failing: strict), 1 passed"]),
    ("off-track fails", {"a": 20, "b": 50}, [], 1,
     ["FAIL a: status off-track (ratio 20.0%, pace 40.0%)", "check failed: 1 failed"]),
    ("global min ratio", {"a": 50, "b": 60}, ["--min-ratio", "0.55"], 1,
     ["FAIL a: ratio 50.0% < min 55.0% (on-track)",
      "check failed: 1 failed, 0 warnings, 1 passed"]),
    ("per-indicator min ratio wins over global", {"a": 50, "b": 60},
     ["--min-ratio", "0.55", "--min-ratio", "a=0.5"], 0, ["check passed"]),
    ("min pace", {"a": 50, "b": 60}, ["--min-pace", "1.1"], 1,
     ["FAIL a: pace 100.0% < min 110.0% (on-track)", "check failed: 1 failed"]),
    ("only", {"a": 20, "b": 60}, ["--only", "b"], 0,
     ["check passed: 0 failed, 0 warnings, 1 passed (1 gated"]),
    ("fail-on override", {"a": 40, "b": 50}, ["--fail-on", "at-risk"], 1,
     ["FAIL a: status at-risk"]),
    ("warn-on empty silences at-risk", {"a": 40, "b": 50}, ["--warn-on", ""], 0,
     ["check passed: 0 failed, 0 warnings, 2 passed"]),
    ("plan default min_ratio", {"a": 50, "b": 60, "plan_extra": "min_ratio = 0.55"}, [], 1,
     ["FAIL a: ratio 50.0% < min 55.0%"]),
    ("indicator min_pace in plan", {"a": 50, "b": 60, "b_extra": "min_pace = 1.3"}, [], 1,
     ["FAIL b: pace 120.0% < min 130.0%"]),
    ("gate warn downgrades failures", {"a": 20, "b": 50, "a_extra": 'gate = "warn"'}, [], 0,
     ["WARN a: status off-track", "check passed: 0 failed, 1 warning"]),
    ("gate off skips", {"a": 20, "b": 50, "a_extra": 'gate = "off"'}, [], 0,
     ["check passed: 0 failed, 0 warnings, 1 passed (1 gated"]),
    ("command line beats plan", {"a": 50, "b": 60, "plan_extra": "min_ratio = 0.9"},
     ["--min-ratio", "0.5"], 0, ["check passed"]),
]


@pytest.mark.parametrize(("name", "setup", "flags", "code", "lines"), CASES,
                         ids=[case[0] for case in CASES])
def test_gate_table(run: Callable[..., Run], write_plan: Callable[[str], Path], name: str,
                    setup: dict[str, object], flags: list[str], code: int,
                    lines: list[str]) -> None:
    path = write_plan(plan_text(**setup))  # type: ignore[arg-type]
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", *flags)
    assert result.code == code, result.out + result.err
    out = result.out.splitlines()
    position = 0
    for expected in lines:
        found = [i for i, line in enumerate(out) if expected in line and i >= position]
        assert found, f"{expected!r} not in {out}"
        position = found[0]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--min-ratio", "nope=0.5"], "--min-ratio nope=0.5: unknown indicator 'nope'"),
        (["--min-pace", "a=x"], "'x' is not a ratio"),
        (["--min-ratio", "-1"], "'-1' is not a ratio"),
        (["--fail-on", "late"], "--fail-on: unknown status 'late'"),
        (["--only", "a,zz"], "--only: unknown indicator 'zz'"),
        (["--format", "xml"], "'xml' is not one of"),
        (["--as-of", "yesterday"], "--as-of: 'yesterday' is not a date"),
    ],
)
def test_usage_errors_are_exit_2(run: Callable[..., Run], write_plan: Callable[[str], Path],
                                 flags: list[str], message: str) -> None:
    path = write_plan(plan_text(50, 60))
    result = run("check", "--plan", str(path), *flags)
    assert result.code == 2
    assert message in result.err


def test_broken_plan_is_exit_2_not_1(run: Callable[..., Run],
                                     write_plan: Callable[[str], Path]) -> None:
    path = write_plan(plan_text(50, 60).replace("target = 100", "target = 'x'", 1))
    result = run("check", "--plan", str(path))
    assert result.code == 2
    assert "indicators.a.target" in result.err


@pytest.mark.parametrize(("value", "code"), [(89.996, 0), (89.95, 0), (89.94, 1), (90, 0)])
def test_thresholds_compare_at_the_displayed_precision(
        run: Callable[..., Run], write_plan: Callable[[str], Path], value: float,
        code: int) -> None:
    path = write_plan(plan_text(value, 95))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--min-ratio", "0.9")
    assert result.code == code, result.out


def test_seed_plan_on_review_day(run: Callable[..., Run]) -> None:
    result = run("check", "--as-of", REVIEW)
    assert result.code == 0
    assert result.out.splitlines() == [
        "WARN exports: status at-risk (ratio 55.6%, pace 77.8%)",
        "WARN investment: status at-risk (ratio 66.7%, pace 93.4%)",
        "check passed: 0 failed, 2 warnings, 1 passed (3 gated, as of 2019-04-23)",
    ]
    failing = run("check", "--as-of", REVIEW, "--min-ratio", "0.6")
    assert failing.code == 1
    assert failing.out.splitlines()[0].startswith(
        "FAIL exports: ratio 55.6% < min 60.0% (at-risk)")


def test_quiet(run: Callable[..., Run]) -> None:
    assert run("check", "--as-of", REVIEW, "--quiet").out == ""
    assert "FAIL exports" in run("check", "--as-of", REVIEW, "--quiet", "--min-ratio",
                                 "0.6").out


def test_json_carries_verdicts_and_status(run: Callable[..., Run]) -> None:
    result = run("check", "--as-of", REVIEW, "--min-ratio", "0.6", "--format", "json")
    assert result.code == 1
    document = json.loads(result.out)
    assert document["schema"] == 4
    assert document["passed"] is False
    assert document["summary"] == {"failed": 1, "warnings": 1, "passed": 1, "skipped": 1}
    verdicts = {v["id"]: v for v in document["verdicts"]}
    assert verdicts["exports"]["outcome"] == "fail"
    assert verdicts["exports"]["min_ratio"] == 0.6
    assert verdicts["exports"]["status"]["ratio"] == 10 / 18
    assert verdicts["contract_jobs"]["outcome"] == "skip"


def test_junit_is_read_by_a_junit_library(run: Callable[..., Run], tmp_path: Path) -> None:
    result = run("check", "--as-of", REVIEW, "--min-ratio", "0.6", "--format", "junit")
    report = tmp_path / "report.xml"
    report.write_text(result.out, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    suites = list(xml)
    assert len(suites) == 1
    cases = {case.name: case for case in suites[0]}
    assert set(cases) == {"jobs", "exports", "investment", "contract_jobs"}
    assert cases["contract_jobs"].is_skipped  # tracked only: not gated
    assert cases["jobs"].is_passed
    (failure,) = cases["exports"].result
    assert isinstance(failure, Failure)
    assert failure.message.startswith("exports: ratio 55.6% < min 60.0%")
    assert cases["investment"].is_passed
    assert "WARNING: investment: status at-risk" in (cases["investment"].system_out or "")
    assert suites[0].failures == 1
    assert (suites[0].tests, suites[0].skipped) == (4, 1)


def test_github_escapes_hostile_labels(run: Callable[..., Run],
                                       write_plan: Callable[[str], Path]) -> None:
    hostile = "x%0A::error::pwned, a:b"
    path = write_plan(plan_text(20, 60).replace('label = "Alpha"', f'label = "{hostile}"'))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    figure = plan_text(20, 60).splitlines().index("[[results]]") + 1
    assert lines[0].startswith(f"::error file={path},line={figure},title=offshore check%3A "
                               "x%250A%3A%3Aerror%3A%3Apwned%2C a%3Ab [a]::a: status off-track")
    assert all(line.startswith(("::error file=", "::warning file=", "check ")) for line in
               lines)
    assert not any("::error::pwned" in line for line in lines)


def test_github_escaping_rules() -> None:
    assert escape_data("50 %\r\nnext") == "50 %25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_markdown_summary(run: Callable[..., Run]) -> None:
    out = run("check", "--as-of", REVIEW, "--format", "markdown").out
    assert out.startswith("## offshore check: Offshoring")
    assert "| Investment (investment) | ⚠️ warn | at-risk | 66.7% | 93.4% |" in out


# The window's edges: a target reached after the deadline, a figure dated before the
# start, minimums on a ratio or pace that is undefined. A three-year plan, one figure.
EDGE_PLAN = """\
[plan]
title = "Edges"
start = 2018-01-01
deadline = 2020-12-31
{plan_extra}

[indicators.a]
label = "Alpha"
unit = "u"
target = 100
{a_extra}

[[results]]
indicator = "a"
date = {date}
value = {value}
"""

LATE = {"date": "2022-06-30", "value": 104}
EARLY = {"date": "2017-06-30", "value": 10}
LATE_LINE = ("a: status achieved-late: target reached after the deadline (ratio 104.0%, "
             "pace 104.0%)")
EARLY_STATUS = "a: status no-data: no figure since the start (ratio 10.0%, pace -)"

# (figure and plan settings, as-of, flags) -> exit code, the whole output (the summary
# line up to the as-of date)
EDGE_CASES: list[tuple[str, dict[str, object], str, list[str], int, list[str]]] = [
    ("achieved-late warns by default", LATE, "2022-08-01", [], 0,
     [f"WARN {LATE_LINE}", "check passed: 0 failed, 1 warning, 0 passed (1 gated"]),
    ("achieved-late can fail", LATE, "2022-08-01", ["--fail-on", "achieved-late"], 1,
     [f"FAIL {LATE_LINE}", "check failed: 1 failed, 0 warnings, 0 passed"]),
    ("achieved-late with --strict", LATE, "2022-08-01", ["--strict"], 1,
     [f"WARN {LATE_LINE}", "check failed: 0 failed, 1 warning (failing: strict), 0 passed"]),
    ("achieved-late silenced", LATE, "2022-08-01", ["--warn-on", ""], 0,
     ["check passed: 0 failed, 0 warnings, 1 passed"]),
    ("achieved on time passes", {"date": "2020-12-31", "value": 104}, "2022-08-01", [], 0,
     ["check passed: 0 failed, 0 warnings, 1 passed"]),
    ("figure before the start is no-data", EARLY, "2019-12-31", [], 0,
     [f"WARN {EARLY_STATUS}", "check passed: 0 failed, 1 warning, 0 passed"]),
    ("indicator min_pace on an undefined pace warns", {**EARLY, "a_extra": "min_pace = 0.8"},
     "2019-12-31", [], 0,
     [f"WARN {EARLY_STATUS}; pace undefined: no figure since the start (min 80.0%)",
      "check passed: 0 failed, 1 warning, 0 passed"]),
    ("plan min_pace on an undefined pace warns", {**EARLY, "plan_extra": "min_pace = 0.5"},
     "2019-12-31", ["--warn-on", ""], 0,
     ["WARN a: pace undefined: no figure since the start (min 50.0%)",
      "check passed: 0 failed, 1 warning, 0 passed"]),
    ("--min-pace on an undefined pace warns whatever --warn-on says", EARLY, "2019-12-31",
     ["--min-pace", "0.8", "--warn-on", ""], 0,
     ["WARN a: pace undefined: no figure since the start (min 80.0%)",
      "check passed: 0 failed, 1 warning, 0 passed"]),
    ("and fails under --strict", EARLY, "2019-12-31",
     ["--min-pace", "a=0.8", "--warn-on", "", "--strict"], 1,
     ["WARN a: pace undefined: no figure since the start (min 80.0%)",
      "check failed: 0 failed, 1 warning (failing: strict), 0 passed"]),
    ("gate warn keeps it a warning", {**EARLY, "a_extra": 'gate = "warn"'}, "2019-12-31",
     ["--min-pace", "0.8", "--warn-on", ""], 0,
     ["WARN a: pace undefined: no figure since the start (min 80.0%)",
      "check passed: 0 failed, 1 warning, 0 passed"]),
    ("before the start nothing is expected, and the pace says so", EARLY, "2017-12-31",
     ["--min-pace", "0.8"], 0,
     ["WARN a: pace undefined: nothing expected before the start (min 80.0%)",
      "check passed: 0 failed, 1 warning, 0 passed"]),
    ("no figure yet: ratio undefined", EARLY, "2017-01-01", ["--min-ratio", "0.5"], 0,
     ["WARN a: status no-data: no figure up to the as-of date (ratio -, pace -); "
      "ratio undefined: no figure up to the as-of date (min 50.0%)",
      "check passed: 0 failed, 1 warning, 0 passed"]),
    ("a defined pace is compared as before", {"date": "2020-12-31", "value": 96}, "2020-12-31",
     ["--min-pace", "1.1"], 1, ["FAIL a: pace 96.0% < min 110.0% (on-track)",
                               "check failed: 1 failed, 0 warnings, 0 passed"]),
]


@pytest.mark.parametrize(("name", "setup", "as_of", "flags", "code", "lines"), EDGE_CASES,
                         ids=[case[0] for case in EDGE_CASES])
def test_window_edges_gate_table(run: Callable[..., Run], write_plan: Callable[[str], Path],
                                 name: str, setup: dict[str, object], as_of: str,
                                 flags: list[str], code: int, lines: list[str]) -> None:
    path = write_plan(EDGE_PLAN.format(**{"plan_extra": "", "a_extra": "", **setup}))
    result = run("check", "--plan", str(path), "--as-of", as_of, *flags)
    assert result.code == code, result.out + result.err
    *verdicts, summary = result.out.splitlines()
    assert verdicts == lines[:-1]
    assert summary.startswith(lines[-1])
    assert f"(1 gated, as of {as_of}" in summary


def test_achieved_late_in_every_check_format(run: Callable[..., Run],
                                             write_plan: Callable[[str], Path]) -> None:
    path = write_plan(EDGE_PLAN.format(plan_extra="", a_extra="", **LATE))
    args = ("check", "--plan", str(path), "--as-of", "2022-08-01", "--format")
    document = json.loads(run(*args, "json").out)
    assert document["schema"] == 4
    (verdict,) = document["verdicts"]
    assert verdict["outcome"] == "warn"
    assert verdict["reasons"] == [LATE_LINE.removeprefix("a: ")]
    assert (verdict["status"]["status"], verdict["status"]["days_ahead"]) == (
        "achieved-late", round_half_away(1.04 * 1095 - 1641))
    github = run(*args, "github").out.splitlines()
    figure = EDGE_PLAN.splitlines().index("[[results]]") + 1
    assert github[0] == (f"::warning file={path},line={figure},title=offshore check%3A Alpha "
                         f"[a]::{escape_data(LATE_LINE)}")
    junit = run(*args, "junit").out
    assert f"<system-out>WARNING: {LATE_LINE}</system-out>" in junit
    markdown = run(*args, "markdown").out
    assert "| Alpha (a) | ⚠️ warn | achieved-late | 104.0% | 104.0% |" in markdown


def test_gate_and_screen_share_one_precision(run: Callable[..., Run],
                                             write_plan: Callable[[str], Path],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """``PERCENT_DECIMALS`` is the one setting: changing it changes what is shown and
    what the gate compares, together."""
    path = write_plan(plan_text(89.996, 95))
    args = ("check", "--plan", str(path), "--as-of", "2020-02-20", "--min-ratio", "0.9")
    assert (gate.shown_percent(0.89996), fmt.percent(0.89996, "en")) == (90.0, "90.0%")
    assert run(*args).code == 0  # shown as 90.0%: not below 90.0%
    monkeypatch.setattr(gate, "PERCENT_DECIMALS", 3)
    assert (gate.shown_percent(0.89996), fmt.percent(0.89996, "en")) == (89.996, "89.996%")
    failing = run(*args)
    assert failing.code == 1
    assert failing.out.splitlines()[0] == "FAIL a: ratio 89.996% < min 90.000% (on-track)"


# Gates that check nothing. "t" has no target; "o" is added with its gate off.
GATE_OFF = '\n[indicators.o]\nlabel = "Off"\nunit = "u"\ntarget = 100\ngate = "off"\n'


@pytest.mark.parametrize(("only", "message", "hint"), [
    ("t", "nothing to check: --only t selects no gated indicator (t: no target: tracked only)",
     "gated indicators: a, b"),
    ("o", "nothing to check: --only o selects no gated indicator (o: gate is off)",
     "gated indicators: a, b"),
    ("o,t", "nothing to check: --only t,o selects no gated indicator (t: no target: tracked "
     "only; o: gate is off)", "gated indicators: a, b"),
])
def test_only_that_selects_nothing_gated_is_exit_2(
        run: Callable[..., Run], write_plan: Callable[[str], Path], only: str, message: str,
        hint: str) -> None:
    path = write_plan(plan_text(50, 60) + GATE_OFF)
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--only", only)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"offshore: error: {message} ({hint})\n"


def test_only_in_a_plan_that_gates_nothing(run: Callable[..., Run],
                                           write_plan: Callable[[str], Path]) -> None:
    path = write_plan(plan_text(50, 60, plan_extra='gate = "off"'))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--only", "a")
    assert result.code == 2
    assert result.err == (
        "offshore: error: nothing to check: --only a selects no gated indicator (a: gate is "
        'off) (no indicator of the plan is gated: give an indicator a target, and a gate other '
        'than "off")\n')


@pytest.mark.parametrize("format", ["text", "json", "junit", "github", "markdown"])
def test_a_plan_that_gates_nothing_warns(run: Callable[..., Run],
                                         write_plan: Callable[[str], Path], format: str) -> None:
    """Without --only: a warning line on stderr, and the exit of the normal rule."""
    path = write_plan(plan_text(20, 60, plan_extra='gate = "off"'))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--format", format)
    assert result.code == 0
    assert result.err == (
        "offshore: warning: nothing to check: no indicator is gated (a: gate is off; b: gate "
        'is off; t: no target: tracked only) (give an indicator a target, and a gate other '
        'than "off")\n')
    if format == "text":
        assert result.out == ("check passed: 0 failed, 0 warnings, 0 passed (0 gated, as of "
                              "2020-02-20)\n")


def test_a_plan_without_indicators_warns(run: Callable[..., Run],
                                         write_plan: Callable[[str], Path]) -> None:
    path = write_plan('[plan]\ntitle = "Empty"\nstart = 2020-01-01\ndeadline = 2021-01-01\n')
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20")
    assert result.code == 0
    assert result.err == ("offshore: warning: nothing to check: the plan has no indicator "
                          "(add [indicators.ID] tables with a target)\n")


# Thresholds that cannot be meant: above rules.MAX_MINIMUM (10, a ratio of 1000%).
@pytest.mark.parametrize(("flags", "message"), [
    (["--min-ratio", "60"], "--min-ratio 60: 60 is 6000%, not 60% (ratios are fractions: "
     "0.6 means 60%)"),
    (["--min-pace", "95"], "--min-pace 95: 95 is 9500%, not 95% (ratios are fractions: 0.95 "
     "means 95%)"),
    (["--min-ratio", "a=60"], "--min-ratio a=60: 60 is 6000%, not 60% (ratios are fractions: "
     "0.6 means 60%)"),
    (["--min-pace", "10.5"], "--min-pace 10.5: 10.5 is 1050%, not 10.5% (ratios are "
     "fractions: 0.105 means 10.5%)"),
    (["--min-ratio", "2500"], "--min-ratio 2500: 2500 is above 10, the largest minimum "
     "(1000%) (ratios are fractions: 0.6 means 60%)"),
])
def test_thresholds_that_cannot_be_meant_are_refused(
        run: Callable[..., Run], write_plan: Callable[[str], Path], flags: list[str],
        message: str) -> None:
    path = write_plan(plan_text(50, 60))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", *flags)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"offshore: error: {message}\n"


@pytest.mark.parametrize("value", ["10", "1.5", "0"])
def test_thresholds_up_to_10_are_taken_as_written(
        run: Callable[..., Run], write_plan: Callable[[str], Path], value: str) -> None:
    path = write_plan(plan_text(50, 60))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--min-pace", value)
    assert result.code == (0 if value == "0" else 1), result.err
    assert result.err == ""


@pytest.mark.parametrize(("where", "place", "message", "hint"), [
    ({"plan_extra": "min_ratio = 60"}, "plan.min_ratio", "60 is 6000%, not 60%",
     "ratios are fractions: 0.6 means 60%"),
    ({"a_extra": "min_pace = 95"}, "indicators.a.min_pace", "95 is 9500%, not 95%",
     "ratios are fractions: 0.95 means 95%"),
])
def test_plan_thresholds_that_cannot_be_meant_are_refused(
        run: Callable[..., Run], write_plan: Callable[[str], Path], where: dict[str, str],
        place: str, message: str, hint: str) -> None:
    """By check and by validate, with the file, the place, the line and the hint."""
    text = plan_text(50, 60, **where)
    line = text.splitlines().index(next(iter(where.values()))) + 1
    path = write_plan(text)
    expected = f"{path}: {place} (line {line}): {message} ({hint})"
    check = run("check", "--plan", str(path), "--as-of", "2020-02-20")
    assert (check.code, check.err) == (2, f"offshore: error: {expected}\n")
    validate = run("validate", "--plan", str(path))
    assert validate.code == 2
    assert validate.err.splitlines()[0] == f"offshore: error: {expected}"
    (problem,) = json.loads(run("validate", "--plan", str(path), "--format", "json").out
                            )["problems"]
    assert problem == {"severity": "error", "file": str(path), "line": line, "place": place,
                       "message": message, "hint": hint}


# Values that rounding would hide: written in full beside the rounded percent.
def test_a_pace_just_below_its_band_is_written_in_full(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(plan_text(24.999, 60))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20")
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "FAIL a: status off-track (ratio 25.0%, pace 50.0% (0.49998 < 0.5))")
    at_risk = run("check", "--plan", str(write_plan(plan_text(47.4996, 60))), "--as-of",
                  "2020-02-20")
    assert at_risk.out.splitlines()[0] == (
        "WARN a: status at-risk (ratio 47.5%, pace 95.0% (0.94999 < 0.95))")


def test_a_ratio_just_below_the_target_after_the_deadline_is_written_in_full(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(EDGE_PLAN.format(plan_extra="", a_extra="", date="2020-12-31",
                                       value=99.996))
    result = run("check", "--plan", str(path), "--as-of", "2021-02-01")
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "FAIL a: status missed (ratio 100.0% (0.99996 < 1), pace 100.0%)")


def test_a_value_far_from_its_bound_is_not_written_twice(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(plan_text(24.94, 60))
    assert run("check", "--plan", str(path), "--as-of", "2020-02-20").out.splitlines()[0] == (
        "FAIL a: status off-track (ratio 24.9%, pace 49.9%)")


@pytest.mark.parametrize(("reason", "locale", "text"), [
    (gate.Reason("ratio", "on-track", 0.59996, 1.2, 0.6), "en",
     "ratio 60.0% (0.59996) < min 60.0% (on-track)"),
    (gate.Reason("pace", "on-track", 0.6, 0.899999, 0.9), "en",
     "pace 90.0% (0.899999) < min 90.0% (on-track)"),
    (gate.Reason("ratio", "on-track", 0.55, 1.2, 0.6), "en",
     "ratio 55.0% < min 60.0% (on-track)"),
    (gate.Reason("status", "off-track", 0.24999, 0.49998, bound=("pace", 0.5)), "fr",
     "status off-track (ratio 25,0\u202f%, pace 50,0\u202f% (0,49998 < 0,5))"),
    (gate.Reason("status", "off-track", -0.00001, None, detail="nothing expected before "
                 "the start", bound=("ratio", 0.0)), "en",
     "status off-track: nothing expected before the start (ratio 0.0% (-0.00001 < 0), "
     "pace -)"),
])
def test_reason_text_writes_in_full_what_rounding_hides(reason: gate.Reason, locale: str,
                                                        text: str) -> None:
    assert reason_text(reason, locale) == text
