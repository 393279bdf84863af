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
from offshore_cli.render.status_view import StatusView
from offshore_cli.render.view import WRITERS
from tests.strategies import dates, plan_data


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
    document = StatusView(report).document()
    json.dumps(document, allow_nan=False)
    for item in document["indicators"]:
        for value in item.values():
            assert not isinstance(value, float) or math.isfinite(value)
    StatusView(report).show(Console(file=io.StringIO(), width=100))
    WRITERS["csv"](StatusView(report))
    WRITERS["markdown"](StatusView(report))


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
