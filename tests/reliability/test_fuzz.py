"""Property-based fuzzing: random plans and random number strings either work or
raise the project's own error; nothing else escapes, and every command renders every
format of a random plan without an internal error (exit 70). The budget is fixed and
small in CI; `HYPOTHESIS_PROFILE=long python -m pytest tests/reliability/test_fuzz.py`
runs 5,000 examples per property by hand."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import event, given
from hypothesis import strategies as st
from rich.console import Console

from offshore_cli.__main__ import main
from offshore_cli.errors import NumberError, OffshoreError, PlanError
from offshore_cli.numbers import parse_number
from offshore_cli.plan import build, decode, parse_toml
from offshore_cli.progress import evaluate
from offshore_cli.render import export
from offshore_cli.render.table import render_status

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
sane = st.one_of(st.integers(-10**6, 10**9), st.floats(min_value=-1e9, max_value=1e9))
extreme = st.one_of(
    st.integers(-(2**64), 2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1e-300, 1e300, 1e18, -1e18, 2**63 - 1, -(2**63)]),
)
printable = st.characters(blacklist_categories=("Cc", "Cf", "Co", "Cs"))
texts = st.text(printable, max_size=30)
names = st.text(printable, min_size=1, max_size=20)
ids = st.sampled_from(["jobs", "exports", "x", "CRM", "BPO"])
junk = st.one_of(st.text(max_size=30), extreme, st.booleans(), dates,
                 st.lists(st.integers(), max_size=3))


@st.composite
def numbers(draw: st.DrawFn) -> Any:
    """Mostly sane values, so that many plans load; sometimes extreme ones."""
    return draw(extreme) if draw(st.integers(0, 9)) == 0 else draw(sane)


@st.composite
def period(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    start = draw(dates)
    if draw(st.integers(0, 9)) == 0:
        return start, draw(dates)  # sometimes inverted or empty
    return start, start + dt.timedelta(days=draw(st.integers(1, 20_000)))


@st.composite
def indicator(draw: st.DrawFn) -> dict[str, Any]:
    table: dict[str, Any] = {"label": draw(names),
                             "unit": draw(st.sampled_from(["jobs", "MAD", "EUR", "u"]))}
    if draw(st.booleans()):
        table["target"] = draw(numbers())
    if draw(st.booleans()):
        table["baseline"] = draw(numbers())
    if draw(st.booleans()):
        table["measure"] = draw(st.sampled_from(["level", "increment"]))
    if draw(st.integers(0, 4)) == 0:
        table["start"], table["deadline"] = draw(period())
    if draw(st.integers(0, 4)) == 0:
        table["ecosystem_targets"] = draw(st.dictionaries(
            st.sampled_from(["CRM", "BPO"]), numbers(), max_size=2))
    if draw(st.integers(0, 19)) == 0:
        table[draw(st.sampled_from(["gate", "min_ratio", "extra", "label"]))] = draw(junk)
    return table


@st.composite
def plan_data(draw: st.DrawFn) -> dict[str, Any]:
    start, deadline = draw(period())
    meta: dict[str, Any] = {"title": draw(names), "start": start,
                            "deadline": deadline}
    if draw(st.booleans()):
        meta["locale"] = draw(st.sampled_from(["en", "fr"]))
    if draw(st.integers(0, 4)) == 0:
        meta["bands"] = {"on_track": draw(numbers()), "at_risk": draw(numbers())}
    indicators = draw(st.dictionaries(ids, indicator(), min_size=1, max_size=3))
    known = list(indicators) + (["ghost"] if draw(st.integers(0, 9)) == 0 else [])
    near = st.dates(min_value=start - dt.timedelta(days=400),
                    max_value=min(max(start, deadline), dt.date(2100, 1, 1))
                    + dt.timedelta(days=400))
    results = draw(st.lists(st.fixed_dictionaries(
        {"indicator": st.sampled_from(known), "date": near, "value": numbers()},
        optional={"ecosystem": st.sampled_from(["CRM", "BPO"]), "note": texts}), max_size=8))
    data: dict[str, Any] = {"plan": meta, "ecosystems": {"CRM": "C", "BPO": "B"},
                            "indicators": indicators, "results": results}
    if draw(st.booleans()):
        data["milestones"] = [{"date": draw(st.one_of(dates, st.sampled_from(
            ["2016", "2016-07", "2016-13", "x"]))), "title": draw(names)}]
    if draw(st.booleans()):
        data["pillars"] = [{"name": "P", "axes": draw(st.one_of(
            st.integers(-2, 40), st.lists(st.fixed_dictionaries({"name": st.just("a")}),
                                          max_size=3)))}]
    return data


def _toml(data: dict[str, Any]) -> str | None:
    try:
        return tomli_w.dumps(data)
    except (ValueError, TypeError):
        return None  # not representable in TOML (nan keys and the like): nothing to test


@given(plan_data(), dates, st.sampled_from([None, "CRM"]))
def test_random_plans_load_or_fail_cleanly_and_valid_ones_evaluate(
        data: dict[str, Any], as_of: dt.date, ecosystem: str | None) -> None:
    text = _toml(data)
    if text is None:
        return
    try:
        plan = build(parse_toml(text, "fuzz.toml"), text, "fuzz.toml")
    except PlanError as exc:
        assert all(p.source == "fuzz.toml" for p in exc.problems)
        event("refused")
        return
    event("loaded")
    report = evaluate(plan, as_of, ecosystem)
    # Every figure is finite or null: the JSON writer refuses nan and inf.
    document = export.report_document(report)
    json.dumps(document, allow_nan=False)
    for item in document["indicators"]:
        for value in item.values():
            assert not isinstance(value, float) or math.isfinite(value)
    render_status(report, Console(file=io.StringIO(), width=100))
    export.report_csv(report)
    export.report_markdown(report)


@given(st.binary(max_size=200))
def test_random_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    try:
        text = decode(raw, "fuzz.toml")
        build(parse_toml(text, "fuzz.toml"), text, "fuzz.toml")
    except PlanError:
        pass


@given(st.text(max_size=40), st.sampled_from(["en", "fr"]), st.booleans(),
       st.sampled_from([None, "MAD", "EUR"]))
def test_random_number_strings_read_or_fail_cleanly(text: str, locale: str, money: bool,
                                                    currency: str | None) -> None:
    try:
        value = parse_number(text, locale, money=money, currency=currency)
    except NumberError:
        return
    assert math.isfinite(value)


@given(st.from_regex(r"\A[+-]?[0-9 .,\u00a0\u202f]{1,15}(e[0-9]{1,3})? ?"
                     r"(k|M|bn|Md|MDH|MMDH|Mds DH|DH|MAD|million|milliards)?\Z"),
       st.sampled_from(["en", "fr"]))
def test_number_shaped_strings_read_or_fail_cleanly(text: str, locale: str) -> None:
    with contextlib.suppress(OffshoreError):
        assert math.isfinite(parse_number(text, locale, money=True, currency="MAD"))


FORMATS = ("table", "json", "csv", "markdown")
CHECK_FORMATS = ("text", "json", "junit", "github", "markdown")


def every_command(path: str, indicators: list[str], as_of: str) -> list[list[str]]:
    """Every command in every format on one plan: status (alone, by ecosystem, one
    ecosystem), history of every indicator (sector and one ecosystem), pillars,
    milestones, check and validate."""
    plan = ["--plan", path]
    dated = [*plan, "--as-of", as_of]
    commands = [["validate", *plan]]
    for fmt in FORMATS:
        for view in ([], ["--by-ecosystem"], ["--ecosystem", "CRM"]):
            commands.append(["status", *dated, "--format", fmt, *view])
        for ident in indicators:
            for view in ([], ["--ecosystem", "CRM"]):
                commands.append(["history", ident, *plan, "--format", fmt, *view])
        commands.append(["pillars", *dated, "--format", fmt])
        commands.append(["milestones", *dated, "--format", fmt])
    for fmt in CHECK_FORMATS:
        commands.append(["check", *dated, "--format", fmt, "--min-ratio", "0.5",
                         "--min-pace", "0.8"])
    return commands


def run_in_process(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--debug"])
    return code, out.getvalue(), err.getvalue()


@given(plan_data(), dates)
def test_every_command_and_format_on_random_plans_is_never_a_bug(
        data: dict[str, Any], as_of: dt.date) -> None:
    text = _toml(data)
    if text is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        path.write_text(text, encoding="utf-8")
        valid, _, err = run_in_process(["validate", "--plan", str(path)])
        assert valid in (0, 2), err
        event("valid" if valid == 0 else "refused")
        commands = every_command(str(path), sorted(data["indicators"]), as_of.isoformat())
        if valid == 2:
            commands = commands[:2]  # every command loads the plan the same way
        for args in commands:
            code, out, err = run_in_process(args)
            assert code != 70, f"{args}: {err}"
            # A valid plan renders (check may fail its gate); a refused one is exit 2.
            assert code in ((0, 1) if args[0] == "check" else (0,)) if valid == 0 else (2,), \
                (args, code, err)
            if code == 0 and "json" in args:
                json.loads(out)
