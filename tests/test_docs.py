"""The docs keep up with the code: every command and option is documented, the
README's sample output is the real output, and every formula and worked example
of docs/progress.md is what the engine computes."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import shlex
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import typer.main

from offshore_cli.__main__ import main
from offshore_cli.cli import app
from offshore_cli.plan import load_plan
from offshore_cli.progress import (
    REASONS,
    SDG_CLASSES,
    SHARE_UNDEFINED,
    STATUSES,
    TOTAL_FROM,
    IndicatorProgress,
    evaluate,
    no_total_on,
    zero_total_on,
)
from offshore_cli.render.status_view import BREAKDOWN_FIELDS, INDICATOR_FIELDS

from .conftest import GOLDEN, ROOT, SEED

DOCS = "\n".join(path.read_text(encoding="utf-8")
                 for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    found = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options = [opt for param in command.params for opt in param.opts
                   if opt.startswith("--") and opt != "--help"]
        found[name] = options
    return found


def reference_sections() -> dict[str, str]:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    sections = {}
    for chunk in text.split("\n## offshore ")[1:]:
        name, _, body = chunk.partition("\n")
        sections[name.strip()] = body
    return sections


def test_every_command_and_option_is_in_its_own_reference_section() -> None:
    sections = reference_sections()
    missing = []
    for name, options in commands().items():
        if name not in sections:
            missing.append(f"## offshore {name}")
            continue
        missing.extend(f"{name} {option}" for option in options
                       if f"`{option}" not in sections[name])
    assert not missing, missing


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in commands() if f"`offshore {name}" not in readme] == []


def test_readme_sample_is_the_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = (GOLDEN / "status-seed.txt").read_text(encoding="utf-8")
    assert "$ offshore status --as-of 2019-04-23\n" + sample in readme
    french = (GOLDEN / "fr" / "status.txt").read_text(encoding="utf-8")
    assert "$ offshore --lang fr status --as-of 2019-04-23\n" + french in readme


# docs/progress.md: the formulas and the worked examples, checked against each other
# and against the engine.

PROGRESS = ROOT / "docs" / "progress.md"
INPUTS = ("s", "d", "A", "b", "t", "actual", "a")
SETTINGS = ("name", "plan", "indicator", "unit", "min_pace", "trajectory", "checkpoints")
NOT_FORMULAS = ("status", "reason", "trajectory", "sdg_class")
DATES = ("eta", "reached_on")
# The steps of a formula, named in the doc for clarity; the examples need not print them.
STEPS = ("ye", "yt", "direction", "cagr_o", "cagr_r")
TRAJECTORY_KINDS = ("linear", "compound", "checkpoints")


def _round_half_away(value: float) -> int:
    # Written apart from the engine's, so that the doc is checked against the
    # rule it states, not against the engine's reading of it.
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


HELPERS: dict[str, Any] = {
    "clamp": lambda value, low, high: min(max(value, low), high),
    "round_half_away": _round_half_away, "max": max, "min": min, "abs": abs, "ln": math.log,
}


class Trajectory(NamedTuple):
    """The path of docs/progress.md, written apart from the engine's (in values, where
    the engine works in ratios), from an example's inputs: ``path(x)`` and
    ``reach(level)``, dates as day numbers."""

    kind: str
    s: float
    d: float
    b: float
    t: float
    points: list[tuple[float, float]]  # the checkpoints, in date order

    def breakpoints(self) -> list[tuple[float, float]]:
        return [(self.s, self.b), *self.points, (self.d, self.t)]

    def path(self, x: float) -> float:
        share = min(max((x - self.s) / (self.d - self.s), 0), 1)
        if self.kind == "linear":
            return self.b + (self.t - self.b) * share
        if self.kind == "compound":
            return float(self.b * (self.t / self.b) ** share)
        dots = self.breakpoints()
        if x <= self.s:
            return self.b
        if x >= self.d:
            return self.t
        for (x0, y0), (x1, y1) in itertools.pairwise(dots):
            if x0 <= x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        raise AssertionError(x)

    def reach(self, level: float) -> float | None:
        """The earliest date the path reaches ``level``, extended past its ends."""
        if self.kind == "compound":
            if level / self.b <= 0:
                return None
            return self.s + math.log(level / self.b) / math.log(self.t / self.b) * (
                self.d - self.s)
        dots = self.breakpoints()
        for (x0, y0), (x1, y1) in itertools.pairwise(dots):
            if min(y0, y1) <= level <= max(y0, y1):
                return x0 if y0 == y1 else x0 + (level - y0) * (x1 - x0) / (y1 - y0)
        # Past the target: the last segment's line; short of the baseline: the first's.
        past = (level - self.t) * (self.t - self.b) > 0
        (x0, y0), (x1, y1) = dots[-2:] if past else dots[:2]
        towards = (y1 - y0) * (self.t - self.b) > 0  # the segment rises towards the target
        return x0 + (level - y0) * (x1 - x0) / (y1 - y0) if towards else None


def _checkpoints(text: str | None) -> list[tuple[dt.date, float]]:
    """``2018-12-31: 6_000, 2019-12-31: 4_000`` as (date, value) pairs."""
    if not text:
        return []
    pairs = [item.split(": ") for item in text.split(", ")]
    return [(dt.date.fromisoformat(day), float(value)) for day, value in pairs]


def fenced(text: str, info: str) -> list[str]:
    """The bodies of the ```INFO blocks of ``text``, in order."""
    return re.findall(rf"^```{info}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


class Rule(NamedTuple):
    name: str
    expression: str
    kinds: tuple[str, ...]  # the trajectories it holds for


def formulas(text: str) -> list[Rule]:
    """The documented formulas: the first ```python block, ``name = expression`` lines,
    or ``name [kind, kind] = expression`` for a formula of some trajectories only."""
    body = fenced(text, "python")[0]
    rules = []
    for line in body.splitlines():
        if not line.strip():
            continue
        name, expression = line.split(" = ", 1)
        found = re.fullmatch(r"(\w+) \[([\w, ]+)\]", name.strip())
        if found:
            rules.append(Rule(found[1], expression.strip(), tuple(found[2].split(", "))))
        else:
            rules.append(Rule(name.strip(), expression.strip(), TRAJECTORY_KINDS))
    return rules


def rule_names(rules: list[Rule]) -> list[str]:
    """Each formula's name once, in the doc's order."""
    return list(dict.fromkeys(rule.name for rule in rules))


class Example(NamedTuple):
    name: str
    settings: dict[str, str]
    inputs: dict[str, str]
    results: dict[str, str]
    check: str | None  # the `offshore check` block that follows it, if any


def examples(text: str) -> list[Example]:
    found = []
    parts = re.split(r"^```example\n", text, flags=re.MULTILINE)[1:]
    for part in parts:
        body, _, after = part.partition("\n```\n")
        fields = dict(line.split(" = ", 1) for line in body.splitlines() if line.strip())
        following = after.split("```example")[0].split("\n## ")[0].split("\n### ")[0]
        checks = re.findall(r"^```\n(\$ offshore check.*?)^```$", following,
                            flags=re.MULTILINE | re.DOTALL)
        found.append(Example(
            fields["name"], {k: v for k, v in fields.items() if k in SETTINGS},
            {k: v for k, v in fields.items() if k in INPUTS},
            {k: v for k, v in fields.items() if k not in SETTINGS and k not in INPUTS},
            checks[0] if checks else None))
    return found


def _ordinal(text: str) -> float | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return float(dt.date.fromisoformat(text).toordinal())
    return None


def _input(text: str) -> float:
    day = _ordinal(text)
    return day if day is not None else float(text)


def matches(printed: str, value: Any) -> bool:
    """``value`` is what ``printed`` shows: null; a date (a day number in the doc's
    formulas, a date from the engine); exact without a decimal point; else rounded
    to the printed decimals."""
    if printed == "null":
        return value is None
    if isinstance(value, dt.date):
        return value.isoformat() == printed
    if value is None or isinstance(value, str):
        return False
    day = _ordinal(printed)
    if day is not None:
        return bool(value == day)
    number = float(printed)
    if "." not in printed:
        return bool(value == number)
    step = 10.0 ** -len(printed.split(".")[1])
    return abs(value - number) <= step / 2 * (1 + 1e-9)


def trajectory_of(case: Example) -> Trajectory:
    i = case.inputs
    points = [(float(day.toordinal()), value)
              for day, value in sorted(_checkpoints(case.settings.get("checkpoints")))]
    return Trajectory(case.settings.get("trajectory", "linear"), _input(i["s"]), _input(i["d"]),
                      _input(i["b"]), _input(i["t"]), points)


def _evaluate(expression: str, names: dict[str, Any], helpers: dict[str, Any]) -> Any:
    """An expression of the doc; a quantity computed from a null one (or that is not a
    real number) is null."""
    try:
        value = eval(expression, {"__builtins__": {}, **HELPERS, **helpers}, names)
    except (TypeError, ZeroDivisionError, ValueError, OverflowError):
        return None
    return None if isinstance(value, complex) else value


def doc_mismatches(rules: list[Rule], cases: list[Example]) -> list[str]:
    """Where the formulas, evaluated on each example's inputs, disagree with the
    results the example prints."""
    wrong = []
    for case in cases:
        names: dict[str, Any] = {k: _input(v) for k, v in case.inputs.items()}
        path = trajectory_of(case)
        helpers = {"path": path.path, "reach": path.reach}
        for name in rule_names(rules):
            mine = [rule for rule in rules if rule.name == name and path.kind in rule.kinds]
            names[name] = _evaluate(mine[0].expression, names, helpers) if mine else None
            if name in STEPS:
                continue
            if name not in case.results:
                wrong.append(f"{case.name}: {name} is not printed")
            elif not matches(case.results[name], names[name]):
                wrong.append(f"{case.name}: {name} = {names[name]!r}, the doc prints "
                             f"{case.results[name]}")
    return wrong


def example_plan(case: Example) -> str:
    """The one-indicator plan of an example, as TOML."""
    extra = f"min_pace = {case.settings['min_pace']}\n" if "min_pace" in case.settings else ""
    if "trajectory" in case.settings:
        extra += f'trajectory = "{case.settings["trajectory"]}"\n'
    points = _checkpoints(case.settings.get("checkpoints"))
    if points:
        extra += "checkpoints = [" + ", ".join(
            f"{{date = {day.isoformat()}, value = {value!r}}}" for day, value in points) + "]\n"
    ident = case.settings.get("indicator", "exports")
    unit = case.settings.get("unit", "MAD")
    i = case.inputs
    return (f'[plan]\ntitle = "Example"\nstart = {i["s"]}\ndeadline = {i["d"]}\n'
            f'currency = "MAD"\n\n[indicators.{ident}]\nlabel = "Example"\nunit = "{unit}"\n'
            f'baseline = {i["b"]}\ntarget = {i["t"]}\n{extra}\n[[results]]\n'
            f'indicator = "{ident}"\ndate = {i["a"]}\nvalue = {i["actual"]}\n')


def engine_result(case: Example, path: Path) -> IndicatorProgress:
    plan = load_plan(SEED if case.settings.get("plan") == "seed" else path)
    report = evaluate(plan, dt.date.fromisoformat(case.inputs["A"]))
    return next(item for item in report.indicators
                if item.id == case.settings.get("indicator", "exports"))


TEXT = PROGRESS.read_text(encoding="utf-8")
RULES = formulas(TEXT)
CASES = examples(TEXT)


def test_the_doc_states_every_formula_and_the_examples_cover_each_one() -> None:
    assert rule_names(RULES) == [
        "ratio", "expected_ratio", "pace", "projected", "projected_ratio", "days_ahead", "eta",
        "remaining", "achieved_per_year", "required_per_year", "growth_per_year",
        "required_growth_per_year", *STEPS, "sdg_ratio", "days_left"]
    assert {c.name for c in CASES} >= {"achieved late", "no figure since the start",
                                       "seed plan, investment, as of 2019-04-23"}
    assert len(CASES) >= 6
    for kind in TRAJECTORY_KINDS:
        assert any(trajectory_of(c).kind == kind for c in CASES), kind
    for rule in RULES:  # each formula is defined in some example, so it is checked
        if rule.name not in STEPS:
            assert any(c.results.get(rule.name, "null") != "null"
                       and trajectory_of(c).kind in rule.kinds for c in CASES), rule


def test_each_documented_formula_gives_each_examples_printed_result() -> None:
    assert doc_mismatches(RULES, CASES) == []


@pytest.mark.parametrize("wrong", range(len(RULES)),
                         ids=[f"{rule.name}{list(rule.kinds)}" for rule in RULES])
def test_a_wrong_formula_in_the_doc_fails_the_check(wrong: int) -> None:
    """The check above can fail: every formula, edited, disagrees with some example."""
    edited = [rule._replace(expression=f"bump({rule.expression})") if index == wrong else rule
              for index, rule in enumerate(RULES)]
    HELPERS["bump"] = lambda value: 0 if value is None else value + 1
    try:
        assert doc_mismatches(edited, CASES) != []
    finally:
        del HELPERS["bump"]


def test_the_old_clamped_days_ahead_would_fail_the_check() -> None:
    clamped = [rule._replace(
        expression="round_half_away((actual - b) / (t - b) * (d - s) - clamp(a - s, 0, d - s))")
        if rule.name == "days_ahead" else rule for rule in RULES]
    assert any("days_ahead" in line for line in doc_mismatches(clamped, CASES))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_engine_gives_each_examples_printed_result(case: Example,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(example_plan(case), encoding="utf-8")
    item = engine_result(case, path)
    # The example's inputs are the plan's.
    assert (item.start.isoformat(), item.deadline.isoformat()) == (case.inputs["s"],
                                                                   case.inputs["d"])
    assert item.actual_date is not None and item.actual_date.isoformat() == case.inputs["a"]
    for name in ("b", "t", "actual"):
        value = {"b": item.baseline, "t": item.target, "actual": item.actual}[name]
        assert matches(case.inputs[name], value), name
    assert item.trajectory == case.settings.get("trajectory", "linear")
    for name, printed in case.results.items():
        value = getattr(item, name)
        if name in NOT_FORMULAS:
            assert value == (None if printed == "null" else printed), name
        else:
            assert matches(printed, value), f"{name}: engine {value!r}, doc {printed}"


@pytest.mark.parametrize("case", [c for c in CASES if c.check], ids=lambda c: c.name)
def test_the_check_output_shown_with_an_example_is_the_real_output(
        case: Example, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert case.check is not None
    command, *shown = case.check.splitlines()
    path = tmp_path / "plan.toml"
    path.write_text(example_plan(case), encoding="utf-8")
    capsys.readouterr()
    code = main([*command.split()[2:], "--plan", str(path)])
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    assert captured.out.splitlines() == shown


def test_every_status_and_reason_is_documented() -> None:
    json_doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for status in STATUSES:
        assert f"`{status}`" in TEXT and f"`{status}`" in json_doc and f"`{status}`" in readme
    for reason in REASONS:
        assert f"`{reason}`" in TEXT
    for progress_class in SDG_CLASSES:
        assert f"`{progress_class}`" in TEXT and f"`{progress_class}`" in json_doc


def test_the_json_doc_lists_the_status_fields_in_their_order() -> None:
    json_doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    section = json_doc.split("## `offshore status --format json`")[1].split("\n## ")[0]
    listed = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
    assert listed == [*INDICATOR_FIELDS, "breakdown", *BREAKDOWN_FIELDS]


def test_every_total_from_and_share_reason_is_documented() -> None:
    json_doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    (total_from,) = [line for line in json_doc.splitlines() if line.startswith("| `total_from`")]
    for value in TOTAL_FROM:
        assert f"\n  | `{value}` | " in TEXT, value  # a row of progress.md's table
        assert f"`{value}`" in total_from, value
    day = dt.date(2018, 6, 30)
    for reason in (no_total_on(day), zero_total_on(day), SHARE_UNDEFINED):
        documented = reason.replace("2018-06-30", "D")
        assert f"`{documented}`" in TEXT, reason
        assert f"`{reason.replace('2018-06-30', 'YYYY-MM-DD')}`" in json_doc, reason


def shown_commands(text: str) -> list[tuple[str, list[str], int | None]]:
    """Each ``$ offshore ...`` in the fenced blocks of ``text``: the command, the lines it
    prints and, after ``; echo $?``, its exit code."""
    found = []
    for block in re.findall(r"^```\n(\$ offshore .*?)^```$", text,
                            flags=re.MULTILINE | re.DOTALL):
        for chunk in block.split("\n\n"):
            command, *lines = chunk.strip("\n").splitlines()
            code = None
            if command.endswith("; echo $?"):
                command, code = command.removesuffix("; echo $?"), int(lines.pop())
            found.append((command.removeprefix("$ "), lines, code))
    return found


CHECK_DOC = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("command", "lines", "code"), shown_commands(CHECK_DOC),
                         ids=[c for c, _, _ in shown_commands(CHECK_DOC)])
def test_the_check_docs_examples_are_the_real_output(
        command: str, lines: list[str], code: int | None, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """On the seed plan, or on the worked example of progress.md with that as-of date."""
    args = shlex.split(command)[1:]
    as_of = args[args.index("--as-of") + 1]
    plans = [case for case in CASES if case.settings.get("plan") != "seed"
             and case.inputs["A"] == as_of]
    if plans:
        path = tmp_path / "plan.toml"
        path.write_text(example_plan(plans[0]), encoding="utf-8")
        args += ["--plan", str(path)]
    capsys.readouterr()
    got = main(args)
    assert capsys.readouterr().out.splitlines() == lines
    assert got == (0 if code is None else code)


# docs/plan-format.md: the worked example of each trajectory is the real output, and
# the refusals it quotes are the real messages.

PLAN_FORMAT = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
TRAJECTORIES = PLAN_FORMAT.split("\n## Trajectories\n")[1].split("\n## ")[0]


def trajectory_examples() -> list[tuple[str, str, list[str]]]:
    """Each example of the Trajectories section: its plan, its command, its output."""
    found = re.findall(r"^```toml\n(.*?)^```\n\n```\n\$ (offshore .*?)\n(.*?)^```$",
                       TRAJECTORIES, flags=re.MULTILINE | re.DOTALL)
    return [(plan, command, output.splitlines()) for plan, command, output in found]


def test_each_trajectory_kind_has_a_worked_example_in_the_plan_format() -> None:
    plans = [plan for plan, _, _ in trajectory_examples()]
    assert len(plans) == 3
    assert "trajectory" not in plans[0]
    assert 'trajectory = "compound"' in plans[1]
    assert 'trajectory = "checkpoints"' in plans[2]
    assert "[[indicators.jobs.checkpoints]]" in plans[2]


@pytest.mark.parametrize(("plan", "command", "lines"), trajectory_examples(),
                         ids=["linear", "compound", "checkpoints"])
def test_the_plan_formats_trajectory_examples_are_the_real_output(
        plan: str, command: str, lines: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "140")  # as the section says
    path = tmp_path / "plan.toml"
    path.write_text(plan, encoding="utf-8")
    capsys.readouterr()
    assert main([*shlex.split(command)[1:], "--plan", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == lines


def _refusal(plan: str, old: str, new: str, tmp_path: Path,
             capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "plan.toml"
    assert old in plan
    path.write_text(plan.replace(old, new, 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--plan", str(path)]) == 2
    (line, count) = capsys.readouterr().err.splitlines()
    assert count == "1 problem found"
    return line.removeprefix(f"offshore: error: {path}: ")


def test_the_refusals_the_plan_format_quotes_are_the_real_messages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (_, compound, checkpoints) = [plan for plan, _, _ in trajectory_examples()]
    flat = " ".join(TRAJECTORIES.split())
    for message in (
            _refusal(compound, "baseline = 1_000_000_000", "baseline = 0", tmp_path, capsys),
            _refusal(checkpoints, "date = 2018-12-31", "date = 2017-12-31", tmp_path, capsys),
            _refusal(checkpoints, "date = 2018-12-31", "date = 2019-12-31", tmp_path, capsys)):
        # The doc writes the no-break space inside a figure as a plain one.
        assert f"`{message.replace(chr(0xA0), ' ')}`" in flat, message
