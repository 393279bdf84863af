"""`offshore validate` and the validator: every problem in one run, each with its
line, in plain words, in file order, and of bounded length."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli
import tomli_w

from offshore_cli import models
from offshore_cli.errors import ECHO_LIMIT, PlanError, Problem
from offshore_cli.validation import build
from tests.conftest import Run

EVERY_PROBLEM = """\
[plan]
title = "Every problem"
start = 2020-01-01
deadline = 2019-01-01
colour = "red"
bands = { on_track = 0.4, at_risk = 0.6, warn = 1 }
locale = "de"

[ecosystems]
CRM = "Customer relationship management"

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 0
targte = 5
ecosystem_targets = { CRM = 0, BPO = 10 }

[indicators.exports]
label = 5
unit = "MAD"
target = 100
start = 2021-01-01
deadline = 2020-06-30

[indicator.typo]
label = "Typo"

[[milestones]]
date = "0000-05"
title = "Launch"
titel = "Launch"
done = 3
indicators = ["jobz", "jobs"]

[[pillars]]
name = "Counted"
axes = "3"

[[pillars]]
name = "Listed"
axis_count = 2
nmae = "Listed"
[[pillars.axes]]
name = "a"
status = "finished"
ownr = "me"

[[results]]
indicator = "job"
date = 2019-06-30
value = 5
valu = 6

[[results]]
indicator = "jobs"
date = 2019-06-30
value = "many"
ecosystem = "KPO"
"""

DOCS = "(see docs/plan-format.md)"
EVERY_PROBLEM_FOUND = [
    "plan.deadline (line 4): 2019-01-01 is not after the start 2020-01-01 (the deadline must "
    "come after plan.start)",
    "plan.colour (line 5): unknown key (allowed here: title, start, deadline, id, currency, "
    "locale, bands, gate, min_ratio, min_pace, trajectory, en, fr)",
    "plan.bands.warn (line 6): unknown key (allowed here: on_track, at_risk)",
    "plan.bands.at_risk (line 6): 0.6 is above on_track 0.4 (at_risk must be at most on_track)",
    f"plan.locale (line 7): must be 'en' or 'fr', not 'de' {DOCS}",
    "indicators.jobs.target (line 15): equals the baseline (0 jobs) (a target must differ from the "
    "baseline; omit it to track only)",
    "indicators.jobs.targte (line 16): unknown key (did you mean 'target'?)",
    "indicators.jobs.ecosystem_targets.CRM (line 17): is 0 (an ecosystem's target is measured "
    "from zero and must not be 0; omit it to track that ecosystem only)",
    "indicators.jobs.ecosystem_targets.BPO (line 17): unknown ecosystem (known ecosystems: CRM)",
    f'indicators.exports.label (line 20): must be text in quotes, such as "Jobs" {DOCS}',
    "indicators.exports.deadline (line 24): deadline 2020-06-30 is not after start 2021-01-01 "
    "(an indicator's deadline must come after its start)",
    "indicator (line 26): unknown key (did you mean 'indicators'?)",
    "milestones[0].date (line 30): '0000-05' is out of range: a plan's dates fall in the years "
    "0001 to 9998",
    "milestones[0].titel (line 32): unknown key (did you mean 'title'?)",
    f"milestones[0].done (line 33): must be true or false {DOCS}",
    "milestones[0].indicators (line 34): unknown indicator 'jobz' (known indicators: exports, "
    "jobs)",
    "pillars[0].axes (line 38): must be a whole number such as 3, or [[pillars.axes]] tables "
    f"{DOCS}",
    "pillars[1].axis_count (line 42): says 2 axes but 1 is listed (make axis_count match the "
    "[[pillars.axes]] entries, or remove it)",
    "pillars[1].nmae (line 43): unknown key (did you mean 'name'?)",
    "pillars[1].axes[0].status (line 46): must be 'planned', 'in-progress', 'done' or "
    f"'dropped', not 'finished' {DOCS}",
    "pillars[1].axes[0].ownr (line 47): unknown key (did you mean 'owner'?)",
    "results[0].indicator (line 50): unknown indicator 'job' (known indicators: exports, jobs)",
    "results[0].valu (line 53): unknown key (did you mean 'value'?)",
    "results[1].value (line 58): must be a number, such as 60000 or 1.5e9",
    "results[1].ecosystem (line 59): unknown ecosystem 'KPO' (known ecosystems: CRM)",
]


def test_validate_lists_every_problem_in_one_run(run: Callable[..., Run],
                                                 write_plan: Callable[[str], Path]) -> None:
    """Problems at every level, of every kind (a part's own and those relating
    parts), all in one run, in file order, each with its line."""
    path = write_plan(EVERY_PROBLEM)
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        *(f"offshore: error: {path}: {found}" for found in EVERY_PROBLEM_FOUND),
        f"{len(EVERY_PROBLEM_FOUND)} problems found"]


def test_other_commands_name_the_first_problem_and_count_the_rest(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(EVERY_PROBLEM)
    result = run("status", "--plan", str(path))
    assert result.code == 2
    assert result.err == (f"offshore: error: {path}: {EVERY_PROBLEM_FOUND[0]} (and "
                          f"{len(EVERY_PROBLEM_FOUND) - 1} more problems: run "
                          "`offshore validate`)\n")


def problems_in(text: str) -> list[Problem]:
    with pytest.raises(PlanError) as caught:
        build(tomli.loads(text), text, "p")
    return caught.value.problems


BASE = "[plan]\ntitle = 'T'\nstart = 2020-01-01\ndeadline = 2021-01-01\n"


def test_a_part_with_a_problem_hides_no_other_check() -> None:
    # An indicator with a wrong type does not stop a result's reference being checked.
    found = problems_in(BASE + "[indicators.a]\nlabel = 1\nunit = 'u'\n[indicators.b]\n"
                        "label = 'B'\nunit = 'u'\n[[results]]\nindicator = 'c'\n"
                        "date = 2020-05-01\nvalue = 1\n[[results]]\nindicator = 'a'\n"
                        "date = 2020-05-01\nvalue = 1\n")
    assert [(p.place, p.line) for p in found] == [("indicators.a.label", 6),
                                                  ("results[0].indicator", 12)]
    # A wrong band does not stop the plan's dates being compared, nor the other band.
    found = problems_in(BASE.replace("2021-01-01", "2019-01-01")
                        + "bands = { on_track = 'high', at_risk = 2 }\n")
    assert [(p.place, p.message) for p in found] == [
        ("plan.deadline", "2019-01-01 is not after the start 2020-01-01"),
        ("plan.bands.on_track", "must be a number, such as 60000 or 1.5e9")]
    # A milestone's bad id does not hide its unknown one.
    found = problems_in(BASE + "[[milestones]]\ndate = 2020\ntitle = 'M'\n"
                        "indicators = ['C R M', 'nope']\n")
    assert [p.message for p in found] == [
        "must be a TOML date (2019-04-23), or a string \"2016\" or \"2016-07\" for a year or a "
        "month",
        "'C R M' is not a valid id: use a letter then letters, digits, '_' or '-'",
        "unknown indicator 'nope'"]


def test_a_section_of_the_wrong_kind_checks_no_reference_into_it() -> None:
    found = problems_in("indicators = 5\necosystems = [1]\n" + BASE
                        + "[[results]]\nindicator = 'x'\ndate = 2020-05-01\nvalue = 1\n"
                        "ecosystem = 'E'\n")
    assert [(p.place, p.line, p.message) for p in found] == [
        ("indicators", 1, "must be a table: a [section], or { key = value }"),
        ("ecosystems", 2, "must be a table: a [section], or { key = value }")]
    found = problems_in("results = 'none'\nmilestones = {}\npillars = 3\n" + BASE)
    assert [p.message for p in found] == ["must be [[results]] tables",
                                          "must be [[milestones]] tables",
                                          "must be [[pillars]] tables"]


@pytest.mark.parametrize(("axis_count", "axes", "expected"), [
    (1, 2, "says 1 axis but 2 are listed"),
    (2, 1, "says 2 axes but 1 is listed"),
    (0, 1, "says 0 axes but 1 is listed"),
    (3, 2, "says 3 axes but 2 are listed"),
])
def test_counts_are_grammatical(axis_count: int, axes: int, expected: str) -> None:
    text = (BASE + f"[[pillars]]\nname = 'P'\naxis_count = {axis_count}\n"
            + "[[pillars.axes]]\nname = 'a'\n" * axes)
    (problem,) = problems_in(text)
    assert problem.message == expected


# Values of every TOML kind: each field gets every one its type refuses.
JUNK: list[Any] = ["text", "", 7, -1, 2.5, True, dt.date(2020, 1, 1),
                   dt.datetime(2020, 1, 1, 10, 0, tzinfo=dt.UTC), [1], [], {"a": 1}]
PYDANTIC_WORDS = ("Input should", "valid dictionary", "type=", "Field required",
                  "Extra inputs", "Value error", "pydantic", "should be", "String should",
                  "List should", "Input is", "validation error", "Assertion failed",
                  "Discriminator", "tag", "instance of")
VALID: dict[str, Any] = {
    "plan": {"title": "T", "start": dt.date(2020, 1, 1), "deadline": dt.date(2021, 1, 1),
             "bands": {"on_track": 0.9, "at_risk": 0.5}},
    "ecosystems": {"E": "Ecosystem"},
    "indicators": {"x": {"label": "X", "unit": "u", "target": 10}},
    "milestones": [{"date": dt.date(2020, 6, 1), "title": "M"}],
    "pillars": [{"name": "P", "axes": [{"name": "a"}]}],
    "results": [{"indicator": "x", "date": dt.date(2020, 2, 1), "value": 1}],
}
# Where each model's fields live in VALID.
PLACES: list[tuple[type[models.Model], tuple[str | int, ...]]] = [
    (models.PlanFile, ()), (models.PlanMeta, ("plan",)), (models.Bands, ("plan", "bands")),
    (models.Indicator, ("indicators", "x")), (models.Milestone, ("milestones", 0)),
    (models.Pillar, ("pillars", 0)), (models.Axis, ("pillars", 0, "axes", 0)),
    (models.Result, ("results", 0)),
]


def with_value(place: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = tomli.loads(tomli_w.dumps(VALID))  # a deep copy
    table: Any = data
    for part in place[:-1]:
        table = table[part]
    table[place[-1]] = value
    return data


def every_wrong_value() -> list[tuple[tuple[str | int, ...], Any]]:
    cases = [(("ecosystems", "E"), junk) for junk in JUNK]
    cases += [(("indicators", "x", "ecosystem_targets"), {"E": junk}) for junk in JUNK]
    for model, place in PLACES:
        cases += [((*place, name), junk) for name in model.model_fields for junk in JUNK]
    return cases


def test_no_message_is_in_pydantic_s_words() -> None:
    """A wrong value of every kind in every field: each refusal is located, at the
    field, and worded in the plan author's terms, never the validator's."""
    refused = 0
    for place, junk in every_wrong_value():
        data = with_value(place, junk)
        text = tomli_w.dumps(data)
        try:
            build(tomli.loads(text), text, "p")
        except PlanError as exc:
            refused += 1
            for problem in exc.problems:
                shown = str(problem)
                assert not [w for w in PYDANTIC_WORDS if w in shown], (place, junk, shown)
                assert problem.line is not None, (place, junk, shown)
            places = [p.place for p in exc.problems]
            assert any(p.startswith(_dotted(place)) for p in places), (place, junk, places)
    assert refused > 300


def _dotted(place: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in place).lstrip(".")


def test_literals_list_their_allowed_values() -> None:
    (problem,) = problems_in(BASE + "gate = 'fail'\n")
    assert problem.message == "must be 'error', 'warn' or 'off', not 'fail'"


def test_a_ten_megabyte_key_gives_one_short_line_quickly(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    key = "k" * 10_000_000
    path = write_plan(BASE + f"{key} = 1\n")
    for command in (["validate"], ["status"]):
        started = time.process_time()
        result = run(*command, "--plan", str(path))
        assert time.process_time() - started < 5.0
        assert result.code == 2
        first = result.err.splitlines()[0]
        assert len(first) < 1_000, len(first)
        assert f"plan.{'k' * (ECHO_LIMIT - 1)}… (line 1): unknown key" in first


def test_a_long_id_is_cut_wherever_it_is_echoed() -> None:
    ident = "i" * 100_000
    found = problems_in(BASE + f'[indicators.{ident}]\nlabel = "L"\nunit = "u"\ntarget = 0\n')
    cut = "i" * (ECHO_LIMIT - 1) + "…"
    # The header is longer than the locator reads: no line, rather than a wrong one.
    assert [(p.place, p.message.split(" is not")[0], p.line) for p in found] == [
        (f"indicators.{cut}", f"'{cut}'", None),
        (f"indicators.{cut}.target", "equals the baseline (0 u)", None)]


@pytest.mark.parametrize("command", [["validate"], ["status"], ["check"], ["milestones"]])
def test_control_characters_in_keys_are_shown_escaped(
        run: Callable[..., Run], write_plan: Callable[[str], Path], command: list[str]) -> None:
    path = write_plan(BASE + '"\\u001b]0;title\\u0007" = 1\n"a\\rb" = 2\n'
                      '[ecosystems]\n"\\u009b31m" = "x"\n')
    result = run(*command, "--plan", str(path))
    assert result.code == 2
    assert not [char for char in result.err if char in "\x1b\x07\r\x9b"]
    assert f"{path}: plan.\\x1b]0;title\\x07 (line 5): unknown key" in result.err
    if command == ["validate"]:
        assert f"{path}: plan.a\\x0db (line 6): unknown key" in result.err
        assert (f"{path}: ecosystems.\\x9b31m (line 8): '\\x9b31m' is not a valid id"
                in result.err)


@pytest.mark.parametrize(("text", "expected"), [
    (BASE + "title = \n", "invalid TOML"),
])
def test_a_plan_that_does_not_parse_says_the_checks_stop(
        run: Callable[..., Run], write_plan: Callable[[str], Path], text: str,
        expected: str) -> None:
    result = run("validate", "--plan", str(write_plan(text)))
    assert result.code == 2
    error, count = result.err.splitlines()
    assert expected in error
    assert error.endswith("later checks need a plan that parses)")
    assert count == "1 problem found"


EDGES = """\
[plan]
title = "Edges"
start = 0001-01-01
deadline = 9998-12-31

[indicators.x]
label = "X"
unit = "u"
target = 10

[[milestones]]
date = "0001"
title = "First year"

[[milestones]]
date = "9998-12"
title = "Last month"

[[milestones]]
date = "9998"
title = "Last year"

[[pillars]]
name = "P"
[[pillars.axes]]
name = "a"
due = 9998-12-31

[[results]]
indicator = "x"
date = 0001-01-01
value = 1
"""


def test_dates_at_the_edges_of_the_years_allowed_are_counted_with(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = str(write_plan(EDGES))
    assert run("validate", "--plan", path).code == 0
    assert run("history", "x", "--plan", path).code == 0
    for command in (["status"], ["status", "-f", "json"], ["milestones"], ["pillars"],
                    ["check"]):
        for as_of in ("0001-01-01", "2020-01-01", "9998-12-31"):
            result = run(*command, "--plan", path, "--as-of", as_of)
            # `check` may fail its gate (1); no command may fail to count (70, which
            # the `run` fixture turns into a test failure).
            assert result.code in ((0, 1) if command == ["check"] else (0,)), (
                command, as_of, result.err)


OUT_OF_RANGE = "is out of range: a plan's dates fall in the years 0001 to 9998"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('date = "0001"', 'date = "0000"', f"milestones[0].date (line 12): '0000' {OUT_OF_RANGE}"),
    ('date = "0001"', 'date = "0000-05"',
     f"milestones[0].date (line 12): '0000-05' {OUT_OF_RANGE}"),
    ('date = "9998-12"', 'date = "9999-12"',
     f"milestones[1].date (line 16): '9999-12' {OUT_OF_RANGE}"),
    ('date = "9998"', 'date = "9999"', f"milestones[2].date (line 20): '9999' {OUT_OF_RANGE}"),
    ('date = "9998"', "date = 9999-01-01",
     f"milestones[2].date (line 20): 9999-01-01 {OUT_OF_RANGE}"),
    ("deadline = 9998-12-31", "deadline = 9999-12-31",
     f"plan.deadline (line 4): 9999-12-31 {OUT_OF_RANGE}"),
    ("target = 10", "target = 10\nstart = 9999-01-01",
     f"indicators.x.start (line 10): 9999-01-01 {OUT_OF_RANGE}"),
    ("due = 9998-12-31", "due = 9999-12-31",
     f"pillars[0].axes[0].due (line 27): 9999-12-31 {OUT_OF_RANGE}"),
    ("date = 0001-01-01", "date = 9999-06-30",
     f"results[0].date (line 31): 9999-06-30 {OUT_OF_RANGE}"),
    ('date = "0001"', 'date = "١٩٩٩"',
     'milestones[0].date (line 12): must be a TOML date (2019-04-23), or a string "2016"'),
])
def test_dates_outside_the_years_allowed_are_refused_with_their_line(
        run: Callable[..., Run], write_plan: Callable[[str], Path], old: str, new: str,
        expected: str) -> None:
    assert old in EDGES
    path = write_plan(EDGES.replace(old, new, 1))
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    assert result.err.splitlines()[0].startswith(f"offshore: error: {path}: {expected}")
    assert result.err.splitlines()[1] == "1 problem found"


WARNINGS_PLAN = """\
[plan]
title = "T"
start = 2014-01-01
deadline = 2020-12-31

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 100

[indicators.late]
label = "Late"
unit = "u"
start = 2016-01-01

[[results]]
indicator = "jobs"
date = 2013-12-31
value = 5

[[results]]
indicator = "late"
date = 2015-06-30
value = 5

[[results]]
indicator = "jobs"
date = 2014-01-01
value = 6

[[results]]
indicator = "jobs"
date = {future}
value = 7
"""


def test_validate_warns_about_figures_dated_before_the_start_or_after_today(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    before = dt.date.today()
    future = before + dt.timedelta(days=400)
    path = write_plan(WARNINGS_PLAN.format(future=future.isoformat()))
    result = run("validate", "--plan", str(path))
    after = dt.date.today()
    assert result.code == 0
    assert result.out == f"{path}: valid: 2 indicators, 4 results, 0 milestones, 0 pillars\n"
    warning = f"offshore: warning: {path}: "
    expected = [
        f"{warning}results[0].date (line 18): dated before the indicator's start 2014-01-01: "
        "progress is measured from the start; put the starting value in `baseline`",
        f"{warning}results[1].date (line 23): dated before the indicator's start 2016-01-01: "
        "progress is measured from the start; put the starting value in `baseline`",
        f"{warning}results[3].date (line 33): dated in the future (today is {{today}}): status "
        "ignores it until then",
    ]
    assert result.err.splitlines() in (
        [line.replace("{today}", str(day)) for line in expected] for day in {before, after})


def test_the_documented_limits_are_the_code_s() -> None:
    from offshore_cli.errors import PART_LIMIT
    from offshore_cli.locator import MAX_LINE_EXAMINED
    from offshore_cli.rules import MAX_YEAR, MIN_YEAR

    from .conftest import ROOT

    doc = " ".join((ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8").split())
    assert f"is cut to {ECHO_LIMIT} characters" in doc
    assert f"is at most {PART_LIMIT} characters" in doc
    assert f"at most {MAX_LINE_EXAMINED:,} characters of it" in doc
    assert f"falls in the years {MIN_YEAR:04d} to {MAX_YEAR:04d}" in doc
    assert f"fall in the years {MIN_YEAR:04d} to {MAX_YEAR:04d}" in str(
        problems_in(BASE.replace("2021-01-01", "9999-01-01"))[0])


TRAJECTORY_PROBLEMS = """\
[plan]
title = "Paths that cannot be drawn"
start = 2018-01-01
deadline = 2020-12-31
trajectory = "compound"

[indicators.a]
label = "A"
unit = "u"
target = 100

[indicators.b]
label = "B"
unit = "u"
baseline = -5
target = 100
trajectory = "compound"

[indicators.z]
label = "Z"
unit = "u"
baseline = 5
target = 0
trajectory = "compound"

[indicators.c]
label = "C"
unit = "u"
target = 100
trajectory = "checkpoints"

[[indicators.c.checkpoints]]
date = 2017-12-31
value = 10

[[indicators.c.checkpoints]]
date = 2019-06-30
value = 20

[[indicators.c.checkpoints]]
date = 2019-06-30
value = 30

[[indicators.c.checkpoints]]
date = 2020-12-31
value = 40

[indicators.d]
label = "D"
unit = "u"
baseline = 5
target = 100
trajectory = "linear"
checkpoints = [{date = 2019-01-01, value = 30}]

[indicators.e]
label = "E"
unit = "u"
baseline = 5
trajectory = "checkpoints"
checkpoints = [{date = 2019-01-01, value = 3}]

[indicators.f]
label = "F"
unit = "u"
baseline = 5
target = 9
trajectory = "checkpoints"

[indicators.g]
label = "G"
unit = "u"
baseline = 5
target = 9
trajectory = "curvy"
checkpoints = [{date = "2019", value = 3}, {dat = 2019-01-01}]

[indicators.tracked]
label = "Tracked under the plan's compound trajectory: no path to draw"
unit = "u"
"""
_HINT = "give the value at the start as the baseline, or use trajectory = \"linear\""
_OUTSIDE = ("is not strictly between the start 2018-01-01 and the deadline 2020-12-31 (a "
            "checkpoint is an interim commitment: the baseline is the value at the start and "
            "the target the value at the deadline)")
TRAJECTORY_PROBLEMS_FOUND = [
    "indicators.a (line 7): the plan's trajectory \"compound\" needs a baseline and a target of "
    f"the same sign, neither 0 (baseline 0 u, target 100 u) (a baseline of 0 cannot grow by a "
    f"rate: {_HINT})",
    "indicators.b.trajectory (line 17): \"compound\" needs a baseline and a target of the same "
    f"sign, neither 0 (baseline -5 u, target 100 u) (a rate of growth cannot cross 0: {_HINT})",
    "indicators.z.trajectory (line 24): \"compound\" needs a baseline and a target of the same "
    f"sign, neither 0 (baseline 5 u, target 0 u) (no rate of growth reaches 0: {_HINT})",
    f"indicators.c.checkpoints[0].date (line 33): 2017-12-31 {_OUTSIDE}",
    "indicators.c.checkpoints[2].date (line 41): 2019-06-30 is also the date of "
    "checkpoints[1] (give each checkpoint a date of its own)",
    f"indicators.c.checkpoints[3].date (line 45): 2020-12-31 {_OUTSIDE}",
    "indicators.d.checkpoints (line 54): are used only by trajectory = \"checkpoints\", and this "
    "indicator's is \"linear\" (set trajectory = \"checkpoints\" on the indicator, or remove "
    "the checkpoints)",
    "indicators.e.checkpoints (line 61): lead to a target, and this indicator has none (give "
    "it a target, or remove the checkpoints)",
    "indicators.f.trajectory (line 68): \"checkpoints\" needs at least one checkpoint (list the "
    "interim commitments: checkpoints = [{date = 2016-12-31, value = 10000}], or use "
    "trajectory = \"linear\")",
    "indicators.g.trajectory (line 75): must be 'linear', 'compound' or 'checkpoints', not "
    "'curvy' (see docs/plan-format.md)",
    "indicators.g.checkpoints[0].date (line 76): must be a TOML date such as 2020-12-31 (no "
    "quotes, no time)",
    "indicators.g.checkpoints[1].date (line 76): is required (see docs/plan-format.md)",
    "indicators.g.checkpoints[1].value (line 76): is required (see docs/plan-format.md)",
    "indicators.g.checkpoints[1].dat (line 76): unknown key (remove it or check its spelling)",
]


def test_validate_refuses_paths_that_cannot_be_drawn(run: Callable[..., Run],
                                                     write_plan: Callable[[str], Path]) -> None:
    path = write_plan(TRAJECTORY_PROBLEMS)
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    assert result.err.splitlines() == [
        *(f"offshore: error: {path}: {found}" for found in TRAJECTORY_PROBLEMS_FOUND),
        f"{len(TRAJECTORY_PROBLEMS_FOUND)} problems found"]


def test_a_path_with_a_problem_of_its_own_is_not_drawn_further() -> None:
    # A checkpoint whose date is no date, or a trajectory that is none: only that.
    data = tomli.loads(TRAJECTORY_PROBLEMS.split("[indicators.b]")[0].replace(
        "target = 100", "baseline = 1\ntarget = 100\ntrajectory = \"checkpoints\"\n"
        "checkpoints = [{date = \"soon\", value = 3}, {date = 2019-01-01, value = 5}]"))
    with pytest.raises(PlanError) as caught:
        build(data, "", "plan.toml")
    assert [problem.place for problem in caught.value.problems] == [
        "indicators.a.checkpoints[0].date"]


def test_validate_warns_about_a_checkpoint_short_of_the_baseline(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan('[plan]\ntitle = "T"\nstart = 2018-01-01\ndeadline = 2020-12-31\n\n'
                      '[indicators.jobs]\nlabel = "Jobs"\nunit = "jobs"\nbaseline = 100\n'
                      'target = 10_000\ntrajectory = "checkpoints"\n'
                      'checkpoints = [{date = 2018-12-31, value = 60}, '
                      '{date = 2019-12-31, value = 600}]\n')
    result = run("validate", "--plan", str(path))
    assert result.code == 0
    assert result.err.splitlines() == [
        f"offshore: warning: {path}: indicators.jobs.checkpoints[0].value (line 12): 60 jobs is "
        "short of the baseline 100 jobs: where the path runs short of the baseline, the "
        "expected ratio is negative and the pace means nothing (keep the checkpoints on the "
        "target's side of the baseline)"]
