"""``offshore check`` as CI consumers read it: JUnit valid against Jenkins'
``junit-10.xsd`` (validated by a real validator), with the run's moment and
duration; GitHub annotations that point at the plan's lines; and, when the
check cannot run, the error in each CI format besides the stderr line."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml, Skipped

from offshore_cli import cli
from offshore_cli.render.writers import md_text

from .conftest import Run

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "junit-10.xsd"
REVIEW = "2019-04-23"
STARTED = dt.datetime(2024, 5, 2, 14, 3, 7, 250_000,
                      tzinfo=dt.timezone(dt.timedelta(hours=2)))
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?")

# Day 50 of a 100-day plan: expected ratio 0.5. "a" is on track, "b" at risk,
# "t" is tracked only (no target), "o" has its gate off.
PLAN = """\
[plan]
title = "CI plan"
id = "ci"
start = 2020-01-01
deadline = 2020-04-10

[indicators.a]
label = "Alpha"
unit = "u"
target = 100

[indicators.b]
label = "Beta"
unit = "u"
target = 100

[indicators.t]
label = "Tracked"
unit = "u"

[indicators.o]
label = "Off"
unit = "u"
target = 100
gate = "off"

[[results]]
indicator = "a"
date = 2020-02-20
value = {a}

[[results]]
indicator = "b"
date = 2020-02-20
value = 40
"""
RESULTS_A_LINE = PLAN.splitlines().index("[[results]]") + 1
RESULTS_B_LINE = PLAN.splitlines().index("[[results]]", RESULTS_A_LINE) + 1
INDICATOR_A_LINE = PLAN.splitlines().index("[indicators.a]") + 1


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_FILE))


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that starts at ``STARTED`` and takes 42 ms."""
    monkeypatch.setattr(cli, "run_started", lambda: (STARTED, 100.0))
    monkeypatch.setattr(cli, "seconds_since", lambda counter: 0.0424)


def assert_valid(schema: xmlschema.XMLSchema, document: str) -> None:
    errors = [str(error) for error in schema.iter_errors(document)]
    assert errors == [], "\n".join(errors)


def read_junit(text: str, tmp_path: Path) -> JUnitXml:
    report = tmp_path / "report.xml"
    report.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(report))


# (plan's value of a, flags) -> exit code
JUNIT_CASES = [
    ("passing, with a warning and skipped indicators", 50, [], 0),
    ("failing", 20, [], 1),
    ("failing on a minimum", 50, ["--min-ratio", "0.55"], 1),
    ("strict turns the warning into a failure", 50, ["--strict"], 1),
    ("only one indicator gated", 50, ["--only", "a"], 0),
]


@pytest.mark.parametrize(("name", "a", "flags", "code"), JUNIT_CASES,
                         ids=[case[0] for case in JUNIT_CASES])
def test_junit_is_valid_against_jenkins_schema(
        run: Callable[..., Run], write_plan: Callable[[str], Path],
        schema: xmlschema.XMLSchema, name: str, a: int, flags: list[str], code: int) -> None:
    path = write_plan(PLAN.format(a=a))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--format", "junit",
                 *flags)
    assert result.code == code, result.err
    assert_valid(schema, result.out)


def test_junit_of_the_seed_plan_is_valid(run: Callable[..., Run],
                                         schema: xmlschema.XMLSchema) -> None:
    for flags in ([], ["--min-ratio", "0.6"], ["--strict"]):
        assert_valid(schema, run("check", "--as-of", REVIEW, "--format", "junit", *flags).out)


def test_the_schema_refuses_what_it_should(schema: xmlschema.XMLSchema) -> None:
    """The validator is real: properties inside a test case (what offshore wrote
    before) and a duration with a unit are refused."""
    case = '<testcase name="a">{inside}</testcase>'
    suites = ('<testsuites name="x" time="{time}"><testsuite name="x" tests="1" failures="0" '
              'errors="0">{case}</testsuite></testsuites>')
    props = '<properties><property name="outcome" value="pass"/></properties>'
    assert_valid(schema, suites.format(time="1.5", case=case.format(inside="")))
    assert list(schema.iter_errors(suites.format(time="1.5", case=case.format(inside=props))))
    assert list(schema.iter_errors(suites.format(time="1.5s", case=case.format(inside=""))))


def test_junit_document(run: Callable[..., Run], write_plan: Callable[[str], Path],
                        pinned_clock: None) -> None:
    """The whole document: the run's moment and duration on the suite, the as-of
    date in its name and properties, a skipped case per indicator not gated, a
    warning as a passing case with its words in ``<system-out>``."""
    path = write_plan(PLAN.format(a=20))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--format", "junit")
    assert result.code == 1
    assert result.out == f"""\
<?xml version='1.0' encoding='utf-8'?>
<testsuites name="offshore check" tests="4" failures="1" errors="0" time="0.042">
  <testsuite name="offshore check: CI plan (as of 2020-02-20)" tests="4" failures="1" \
errors="0" skipped="2" time="0.042" timestamp="2024-05-02T14:03:07+02:00">
    <properties>
      <property name="as_of" value="2020-02-20" />
      <property name="plan_id" value="ci" />
      <property name="plan_file" value="{path}" />
      <property name="strict" value="false" />
    </properties>
    <testcase name="a" classname="offshore.ci" time="0">
      <failure message="a: status off-track (ratio 20.0%, pace 40.0%)" type="fail">a: status \
off-track (ratio 20.0%, pace 40.0%)</failure>
    </testcase>
    <testcase name="b" classname="offshore.ci" time="0">
      <system-out>WARNING: b: status at-risk (ratio 40.0%, pace 80.0%)</system-out>
    </testcase>
    <testcase name="t" classname="offshore.ci" time="0">
      <skipped message="t: no target: tracked only" />
    </testcase>
    <testcase name="o" classname="offshore.ci" time="0">
      <skipped message="o: gate is off" />
    </testcase>
  </testsuite>
</testsuites>
"""


def test_junit_strict_failure(run: Callable[..., Run], write_plan: Callable[[str], Path],
                              tmp_path: Path) -> None:
    path = write_plan(PLAN.format(a=50))
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--format", "junit",
                 "--strict")
    suite = next(iter(read_junit(result.out, tmp_path)))
    cases = {case.name: case for case in suite}
    (failure,) = cases["b"].result
    assert isinstance(failure, Failure)
    assert failure.type == "warn"
    assert failure.message == "b: status at-risk (ratio 40.0%, pace 80.0%)"
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (4, 1, 0, 2)
    assert cases["a"].is_passed
    properties = {prop.name: prop.value for prop in suite.properties()}
    assert properties["strict"] == "true"


def test_junit_skipped_cases_are_read_as_skipped(run: Callable[..., Run],
                                                 tmp_path: Path) -> None:
    result = run("check", "--as-of", REVIEW, "--format", "junit")
    suite = next(iter(read_junit(result.out, tmp_path)))
    cases = {case.name: case for case in suite}
    assert cases["contract_jobs"].is_skipped
    (skipped,) = cases["contract_jobs"].result
    assert isinstance(skipped, Skipped)
    assert skipped.message == "contract_jobs: no target: tracked only"
    assert suite.skipped == 1
    assert not any(isinstance(r, Error) for case in suite for r in case.result)


def test_junit_timestamp_is_the_moment_of_the_run(run: Callable[..., Run]) -> None:
    """Not the as-of date at midnight: the moment the run started, with its UTC
    offset; the duration in seconds, as the schema's SUREFIRE_TIME writes it."""
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    out = run("check", "--as-of", REVIEW, "--format", "junit").out
    after = dt.datetime.now(dt.UTC)
    stamp = re.search(r'timestamp="([^"]+)"', out)
    assert stamp is not None
    moment = dt.datetime.fromisoformat(stamp.group(1))
    assert moment.utcoffset() is not None
    assert before <= moment <= after
    times = re.findall(r'<testsuites?\b[^>]* time="([^"]+)"', out)
    assert len(times) == 2 and times[0] == times[1]
    assert SUREFIRE_TIME.fullmatch(times[0]) and re.fullmatch(r"\d+\.\d{3}", times[0])
    assert 0 <= float(times[0]) < 60


def github_lines(run: Callable[..., Run], *args: str) -> list[str]:
    return run("check", "--format", "github", *args).out.splitlines()


def test_github_annotations_point_at_the_latest_figure(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(PLAN.format(a=20))
    lines = github_lines(run, "--plan", str(path), "--as-of", "2020-02-20")
    file = str(path).replace(":", "%3A").replace(",", "%2C")
    assert lines == [
        f"::error file={file},line={RESULTS_A_LINE},title=offshore check%3A Alpha [a]::"
        "a: status off-track (ratio 20.0%25, pace 40.0%25)",
        f"::warning file={file},line={RESULTS_B_LINE},title=offshore check%3A Beta [b]::"
        "b: status at-risk (ratio 40.0%25, pace 80.0%25)",
        "check failed: 1 failed, 1 warning, 0 passed (2 gated, as of 2020-02-20)",
    ]


def test_github_annotation_without_a_figure_points_at_the_indicator(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(PLAN.format(a=20))
    lines = github_lines(run, "--plan", str(path), "--as-of", "2020-01-15")
    assert lines[0].startswith(f"::warning file={path},line={INDICATOR_A_LINE},title=")
    assert "a: status no-data: no figure up to the as-of date" in lines[0]


def test_github_annotation_names_the_plan_as_given(
        run: Callable[..., Run], tmp_path: Path) -> None:
    """A relative path stays relative (GitHub wants the path in the repository);
    ``:`` and ``,`` in it are escaped as GitHub's property rules say."""
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    (folder / "plan.toml").write_text(PLAN.format(a=20), encoding="utf-8")
    lines = github_lines(run, "--plan", "a,b:c/plan.toml", "--as-of", "2020-02-20")
    assert lines[0].startswith(f"::error file=a%2Cb%3Ac/plan.toml,line={RESULTS_A_LINE},")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plan.toml").write_text(PLAN.format(a=20), encoding="utf-8")
    found = github_lines(run, "--as-of", "2020-02-20")  # found in the working folder
    assert found[0].startswith(f"::error file=data/plan.toml,line={RESULTS_A_LINE},")


def test_github_annotation_of_the_embedded_plan_has_no_file(run: Callable[..., Run]) -> None:
    lines = github_lines(run, "--as-of", REVIEW, "--min-ratio", "0.6")
    assert lines[0].startswith("::error title=offshore check%3A Additional export revenue "
                               "[exports]::exports: ratio 55.6%25 < min 60.0%25")
    assert not any("file=" in line or "line=" in line for line in lines)


def test_github_strict_warnings_are_errors(run: Callable[..., Run],
                                           write_plan: Callable[[str], Path]) -> None:
    path = write_plan(PLAN.format(a=50))
    plain = github_lines(run, "--plan", str(path), "--as-of", "2020-02-20")
    strict = github_lines(run, "--plan", str(path), "--as-of", "2020-02-20", "--strict")
    assert plain[0].startswith("::warning file=")
    assert strict[0] == plain[0].replace("::warning ", "::error ", 1)
    assert strict[-1].startswith("check failed: 0 failed, 1 warning (failing: strict)")


def test_github_annotation_of_a_revised_figure_points_at_the_revision(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    revised = PLAN.format(a=50) + '\n[[results]]\nindicator = "a"\ndate = 2020-02-20\nvalue = 20\n'
    path = write_plan(revised)
    lines = github_lines(run, "--plan", str(path), "--as-of", "2020-02-20")
    last = revised.splitlines().index("[[results]]", RESULTS_B_LINE) + 1
    assert lines[0].startswith(f"::error file={path},line={last},title=offshore check%3A Alpha")


# A plan that does not validate: two problems, the first on line BROKEN_LINE.
BROKEN = PLAN.format(a=20).replace('target = 100', 'target = "many"', 1).replace(
    'gate = "off"', 'gate = "never"')
BROKEN_LINE = BROKEN.splitlines().index('target = "many"') + 1
GATE_LINE = BROKEN.splitlines().index('gate = "never"') + 1


def broken(run: Callable[..., Run], path: Path, format: str, *flags: str) -> Run:
    result = run("check", "--plan", str(path), "--as-of", "2020-02-20", "--format", format,
                 *flags)
    assert result.code == 2
    (line,) = result.err.splitlines()  # the one stderr line stays, in every format
    assert line.startswith("offshore: error: ")
    return result


def test_broken_plan_speaks_junit(run: Callable[..., Run], write_plan: Callable[[str], Path],
                                  schema: xmlschema.XMLSchema, tmp_path: Path,
                                  pinned_clock: None) -> None:
    path = write_plan(BROKEN)
    result = broken(run, path, "junit")
    assert_valid(schema, result.out)
    assert result.out == f"""\
<?xml version='1.0' encoding='utf-8'?>
<testsuites name="offshore check" tests="1" failures="0" errors="1" time="0.042">
  <testsuite name="offshore check: the plan could not be read" tests="1" failures="0" \
errors="1" skipped="0" time="0.042" timestamp="2024-05-02T14:03:07+02:00">
    <properties>
      <property name="plan_file" value="{path}" />
    </properties>
    <testcase name="plan" classname="offshore.check" time="0">
      <error message="{result.err.removeprefix("offshore: error: ").strip()}" type="PlanError">\
{path}: indicators.a.target (line {BROKEN_LINE}): must be a number, such as 60000 or 1.5e9
{path}: indicators.o.gate (line {GATE_LINE}): must be 'error', 'warn' or 'off', not 'never' \
(see docs/plan-format.md)</error>
    </testcase>
  </testsuite>
</testsuites>
"""
    suite = next(iter(read_junit(result.out, tmp_path)))
    (case,) = suite
    (error,) = case.result
    assert isinstance(error, Error)
    assert (suite.tests, suite.errors, suite.failures) == (1, 1, 0)


def test_broken_plan_speaks_github(run: Callable[..., Run],
                                   write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BROKEN)
    assert broken(run, path, "github").out.splitlines() == [
        f"::error file={path},line={BROKEN_LINE},title=offshore::indicators.a.target: must be "
        "a number, such as 60000 or 1.5e9",
        f"::error file={path},line={GATE_LINE},title=offshore::indicators.o.gate: must be "
        "'error', 'warn' or 'off', not 'never' (see docs/plan-format.md)",
    ]


def test_broken_plan_speaks_json(run: Callable[..., Run],
                                 write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BROKEN)
    assert json.loads(broken(run, path, "json").out) == {
        "schema": 4,
        "error": {"file": str(path), "line": BROKEN_LINE, "place": "indicators.a.target",
                  "message": "must be a number, such as 60000 or 1.5e9", "hint": None}}


def test_broken_plan_speaks_markdown(run: Callable[..., Run],
                                     write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BROKEN)
    out = broken(run, path, "markdown").out
    assert out.startswith("## offshore check: the plan could not be read\n\n"
                          "No target was checked: offshore check exits 2.\n\n"
                          f"- {md_text(str(path))}: indicators.a.target (line {BROKEN_LINE}): "
                          "must be a number, such as 60000 or 1.5e9\n")


def test_broken_plan_in_text_is_the_stderr_line_alone(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BROKEN)
    assert broken(run, path, "text").out == ""


def test_a_missing_plan_speaks_every_format(run: Callable[..., Run], tmp_path: Path,
                                            schema: xmlschema.XMLSchema) -> None:
    assert json.loads(broken(run, Path("missing.toml"), "json").out)["error"] == {
        "file": "missing.toml", "line": None, "place": None, "message": "no such file",
        "hint": "give an existing plan with --plan, or create one with `offshore init`"}
    assert broken(run, Path("missing.toml"), "github").out == (
        "::error file=missing.toml,title=offshore::no such file (give an existing plan with "
        "--plan, or create one with `offshore init`)\n")
    assert_valid(schema, broken(run, Path("missing.toml"), "junit").out)


@pytest.mark.parametrize(("flags", "message"), [
    (["--only", "zz"], "--only: unknown indicator 'zz' (known: a, b, o, t)"),
    (["--min-ratio", "x"], "--min-ratio x: 'x' is not a ratio"),
    (["--fail-on", "late"], "--fail-on: unknown status 'late'"),
    (["--min-ratio", "60"], "--min-ratio 60: 60 is 6000%25, not 60%25"),
    (["--only", "t,o"], "nothing to check: --only t,o selects no gated indicator"),
])
def test_a_usage_error_speaks_every_format(run: Callable[..., Run],
                                           write_plan: Callable[[str], Path],
                                           schema: xmlschema.XMLSchema, flags: list[str],
                                           message: str) -> None:
    """A mistake on the command line has no place in a file: no ``file`` or ``line``."""
    path = write_plan(PLAN.format(a=50))
    github = broken(run, path, "github", *flags).out
    assert github.startswith(f"::error title=offshore::{message}")
    assert github.count("\n") == 1
    error = json.loads(broken(run, path, "json", *flags).out)["error"]
    assert error["message"].startswith(message.replace("%25", "%"))
    assert (error["file"], error["line"], error["place"]) == (None, None, None)
    junit = broken(run, path, "junit", *flags).out
    assert_valid(schema, junit)
    assert 'name="offshore check: the check could not run"' in junit
    assert '<testcase name="options" classname="offshore.check"' in junit
    assert 'type="UsageError"' in junit
    assert broken(run, path, "markdown", *flags).out.startswith(
        "## offshore check: the check could not run\n")
