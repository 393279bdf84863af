"""Input as people type it (issue 14, section 5), through the command line: the
press's forms and percents, negative values, options on either side of the value,
ids in another case, plans saved on Windows (CRLF, a byte-order mark), dates,
``--plan`` everywhere, and ``--debug`` that never takes an option's value."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main

from offshore_cli.cli import app, global_options
from offshore_cli.rules import known_id

from .conftest import SEED, Run

PLAN = """\
[plan]
title = "Press"
start = 2020-01-01
deadline = 2030-12-31
currency = "MAD"
locale = "en"

[ecosystems]
ITO = "Information technology outsourcing"
CRM = "Customer relationship management"

[indicators.investment]
label = "Investment"
unit = "MAD"
target = 2_000_000_000

[indicators.abroad]
label = "Investment abroad"
unit = "EUR"
target = 2_000_000

[indicators.startups]
label = "Startups"
unit = "startups"
target = 10

[indicators.share]
label = "Share exported"
unit = "%"
target = 90

[indicators.rate]
label = "Rate"
unit = "percent"
target = 50
"""
DAY = "2021-06-30"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "press.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def add(run: Callable[..., Run], plan: Path, *args: str) -> Run:
    return run("add-result", *args, "--date", DAY, "--plan", str(plan))


def last_result(plan: Path) -> dict[str, object]:
    results: list[dict[str, object]] = tomllib.loads(plan.read_text("utf-8"))["results"]
    return results[-1]


# --- 1. The press's forms and percents ------------------------------------------------

@pytest.mark.parametrize(("text", "value", "shown"), [
    ("500 millions de dirhams", 500_000_000, "500\u00a0M MAD"),
    ("1,5 Mds de DH", 1_500_000_000, "1.50\u00a0bn MAD"),
    ("1,5 milliard de dirhams", 1_500_000_000, "1.50\u00a0bn MAD"),
    ("1,5 milliards de dirhams", 1_500_000_000, "1.50\u00a0bn MAD"),
    ("2 milliards DH", 2_000_000_000, "2.00\u00a0bn MAD"),
    ("500 millions DH", 500_000_000, "500\u00a0M MAD"),
    ("3 millions", 3_000_000, "3.00\u00a0M MAD"),
])
def test_add_result_reads_the_press_forms_under_fr(run: Callable[..., Run], plan: Path,
                                                   text: str, value: int, shown: str) -> None:
    result = add(run, plan, "investment", text, "--locale", "fr")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Recorded investment = {shown} on {DAY}: ")
    assert last_result(plan)["value"] == value


def test_dirham_words_are_refused_for_money_in_another_currency(run: Callable[..., Run],
                                                               plan: Path) -> None:
    before = plan.read_bytes()
    result = add(run, plan, "abroad", "1,5 Mds de DH", "--locale", "fr")
    assert result.code == 2
    assert result.err == ("offshore: error: value '1,5 Mds de DH': 'DH' means dirhams but this "
                          "indicator counts money in EUR (write the amount in EUR, e.g. "
                          '"1,5 Md EUR")\n')
    assert plan.read_bytes() == before
    assert add(run, plan, "abroad", "1,5 M EUR", "--locale", "fr").code == 0


def test_dirham_words_are_refused_for_a_count(run: Callable[..., Run], plan: Path) -> None:
    result = add(run, plan, "startups", "3 millions de dirhams", "--locale", "fr")
    assert result.code == 2
    assert result.err == ("offshore: error: value '3 millions de dirhams': 'dirhams' is a "
                          "money unit but this indicator is not an amount of money (write the "
                          'figure without it, e.g. "3 M")\n')


@pytest.mark.parametrize("indicator", ["share", "rate"])
@pytest.mark.parametrize(("text", "locale"), [("80 %", "fr"), ("80%", "fr"), ("80 %", "en"),
                                              ("80%", "en"), ("80", "en")])
def test_a_percent_is_stored_as_written(run: Callable[..., Run], plan: Path, indicator: str,
                                        text: str, locale: str) -> None:
    result = add(run, plan, indicator, text, "--locale", locale)
    assert result.code == 0, result.err
    unit = "%" if indicator == "share" else "percent"
    assert result.out.startswith(f"Recorded {indicator} = 80 {unit} on {DAY}: ")
    assert last_result(plan)["value"] == 80


def test_a_percent_is_refused_with_a_hint_for_another_unit(run: Callable[..., Run],
                                                          plan: Path) -> None:
    result = add(run, plan, "startups", "80 %")
    assert result.code == 2
    assert result.err == ("offshore: error: value '80 %': a percentage, but this indicator's "
                          "unit is not % (or percent) (write the figure in the indicator's "
                          'unit, e.g. "80")\n')


# --- 2. Negative values, and options on either side of the value ----------------------

def test_a_negative_value_gets_the_hint_to_write_it_after_dashes(run: Callable[..., Run],
                                                                 plan: Path) -> None:
    result = run("add-result", "startups", "-5", "--date", DAY, "--plan", str(plan))
    assert result.code == 2
    assert result.err == (
        "offshore: error: '-5' is read as an option (write a negative value after --: "
        f"offshore add-result startups --date {DAY} --plan {plan} -- -5)\n")
    suggested = result.err.split("after --: offshore ")[1].rstrip(")\n").split(" ")
    followed = run(*suggested)
    assert followed.code == 0, followed.err
    assert last_result(plan)["value"] == -5


@pytest.mark.parametrize(("args", "shown"), [
    (["add-result", "-5"], "offshore add-result IND -- -5"),
    (["add-result", "jobs", "-1,5 k", "--note", "a b"],
     "offshore add-result jobs --note 'a b' -- '-1,5 k'"),
    (["add-result", "--note", "x", "jobs", "-5"], "offshore add-result --note x jobs -- -5"),
])
def test_the_negative_value_hint_names_the_command_to_run(run: Callable[..., Run],
                                                          args: list[str], shown: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.err.endswith(f"(write a negative value after --: {shown})\n")
    assert result.err.count("\n") == 1


def test_an_unknown_option_is_still_an_unknown_option(run: Callable[..., Run]) -> None:
    result = run("add-result", "jobs", "5", "--bogus")
    assert result.err == ("offshore: error: No such option: --bogus "
                          "(see `offshore add-result --help`)\n")


@pytest.mark.parametrize("order", [
    ["startups", "3", "--date", DAY, "--note", "n", "--plan", "{plan}"],
    ["--date", DAY, "--note", "n", "--plan", "{plan}", "startups", "3"],
    ["startups", "--date", DAY, "3", "--note", "n", "--plan", "{plan}"],
    ["--plan", "{plan}", "startups", "--note", "n", "--date", DAY, "--", "3"],
])
def test_options_go_before_or_after_the_value(run: Callable[..., Run], plan: Path,
                                              order: list[str]) -> None:
    result = run("add-result", *(arg.format(plan=plan) for arg in order))
    assert result.code == 0, result.err
    assert result.out.startswith(f"Recorded startups = 3 startups on {DAY}: ")
    assert last_result(plan) | {"recorded": None} == {
        "indicator": "startups", "date": __import__("datetime").date(2021, 6, 30), "value": 3,
        "note": "n", "recorded": None}


# --- 3. Ids without regard to case --------------------------------------------------

def test_known_id() -> None:
    assert known_id("ITO", ["ITO", "CRM"]) == "ITO"
    assert known_id("ito", ["ITO", "CRM"]) == "ITO"
    assert known_id("Ito", ["ITO", "CRM"]) == "ITO"
    assert known_id("itx", ["ITO", "CRM"]) is None
    assert known_id("ito", ["ITO", "Ito"]) is None  # ambiguous: exact ids only
    assert known_id("Ito", ["ITO", "Ito"]) == "Ito"


def test_an_ecosystem_and_an_indicator_in_another_case_are_the_plans_ids(
        run: Callable[..., Run], plan: Path) -> None:
    result = add(run, plan, "Startups", "2", "--ecosystem", "ito")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Recorded startups for ITO = 2 startups on {DAY}: ")
    assert last_result(plan)["indicator"] == "startups"
    assert last_result(plan)["ecosystem"] == "ITO"
    assert run("validate", "--plan", str(plan)).code == 0
    status = run("status", "--plan", str(plan), "--ecosystem", "ito", "--as-of", DAY)
    assert status.code == 0, status.err
    assert "Ecosystem ITO" in status.out
    history = run("history", "STARTUPS", "--plan", str(plan), "--ecosystem", "Ito")
    assert history.code == 0, history.err
    assert history.out.startswith("Startups [startups]\nEcosystem ITO: ")


def test_ids_that_differ_only_in_case_must_be_written_exactly(
        run: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "twins.toml"
    path.write_text(PLAN.replace('CRM = "Customer', 'Ito = "Other IT'), encoding="utf-8")
    result = add(run, path, "startups", "2", "--ecosystem", "ito")
    assert result.code == 2
    assert result.err == ("offshore: error: --ecosystem: unknown ecosystem 'ito' "
                          "(did you mean 'ITO' or 'Ito'?)\n")
    status = run("status", "--plan", str(path), "--ecosystem", "ito")
    assert status.err == ("offshore: error: --ecosystem: unknown ecosystem 'ito' "
                          "(did you mean 'ITO' or 'Ito'?)\n")
    assert add(run, path, "startups", "2", "--ecosystem", "Ito").code == 0


# --- 4. A count of one, in the singular ------------------------------------------------

def test_one_startup_two_startups(run: Callable[..., Run], plan: Path) -> None:
    first = run("add-result", "startups", "1", "--date", "2021-01-01", "--plan", str(plan))
    assert first.out.startswith("Recorded startups = 1 startup on 2021-01-01: ")
    second = run("add-result", "startups", "2", "--date", "2021-02-01", "--plan", str(plan))
    assert second.out.startswith("Recorded startups = 2 startups on 2021-02-01: ")
    history = run("history", "startups", "--plan", str(plan), "-f", "markdown").out
    assert "| 2021-01-01 | 1 startup |" in history
    assert "| 2021-02-01 | 2 startups |" in history
    revised = run("add-result", "startups", "1", "--date", "2021-02-01", "--revise",
                  "--plan", str(plan))
    assert revised.out.startswith(
        "Recorded revised startups = 1 startup (was 2 startups) on 2021-02-01: ")


# --- 5. Each hint said once -----------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["startups", "3 x"], ["investment", "3 x", "--locale", "fr"], ["abroad", "3 x"],
    ["investment", "3 MMAD"], ["abroad", "3 DH"], ["startups", "3 DH"], ["startups", "80 %"],
    ["share", "80 %%"], ["startups", "1.500"], ["startups", "1,50"], ["startups", ""],
    ["startupz", "3"], ["startups", "3", "--ecosystem", "itx"], ["startups", "nan"],
    ["startups", "3", "--date", "2019-12-31"], ["startups", "3", "--date", "2999-01-01"],
    ["startups", "3", "--date", DAY, "--revise"], ["startups", "3", "--note", "a\x1bb"],
    ["startups", "1.000,5"], ["startups", "1.000.000"], ["startups", "-5"],
])
def test_no_add_result_refusal_repeats_its_hint(run: Callable[..., Run], plan: Path,
                                                args: list[str]) -> None:
    result = run("add-result", *args, "--plan", str(plan))
    assert result.code == 2
    [line] = result.err.splitlines()
    hints = re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", line)
    assert hints or "; use plain printable text" in line, line  # what is right, said once
    for hint in hints:
        assert line.count(hint) == 1, line
    if "accepted words:" in line:
        listed = line.split("accepted words: ")[1].rstrip(")").replace(";", ",").split(",")
        words = [word.strip().removeprefix("money: ").casefold() for word in listed]
        assert len(words) == len(set(words)), line


# --- 6. Plans saved on Windows ---------------------------------------------------------

def test_a_crlf_plan_keeps_crlf_after_an_append(run: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    before = PLAN.replace("\n", "\r\n").encode()
    path.write_bytes(before)
    assert run("validate", "--plan", str(path)).code == 0
    assert run("status", "--plan", str(path), "--as-of", DAY).code == 0
    for value, day in (("1", "2021-01-01"), ("2", "2021-02-01")):
        result = run("add-result", "startups", value, "--date", day, "--note", "n",
                     "--plan", str(path))
        assert result.code == 0, result.err
    after = path.read_bytes()
    assert after.startswith(before)
    assert after.count(b"\n") == after.count(b"\r\n")  # no bare LF: no mixed endings
    assert b"\r\n\r\n[[results]]\r\nindicator = \"startups\"\r\n" in after
    assert after.endswith(b"\r\n")
    assert len(tomllib.loads(after.decode())["results"]) == 2
    assert run("validate", "--plan", str(path)).code == 0
    status = run("status", "--plan", str(path), "--as-of", "2021-03-01", "-f", "json")
    assert '"actual": 2' in status.out


def test_a_crlf_plan_without_a_final_newline(run: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(PLAN.rstrip("\n").replace("\n", "\r\n").encode())
    assert add(run, path, "startups", "1").code == 0
    after = path.read_bytes()
    assert b"target = 50\r\n\r\n[[results]]\r\n" in after
    assert after.count(b"\n") == after.count(b"\r\n")


def test_a_plan_with_a_byte_order_mark_is_read_and_keeps_it(run: Callable[..., Run],
                                                            tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    before = b"\xef\xbb\xbf" + PLAN.encode()
    path.write_bytes(before)
    valid = run("validate", "--plan", str(path))
    assert (valid.code, valid.err) == (0, "")
    assert valid.out == f"{path}: valid: 5 indicators, 0 results, 0 milestones, 0 pillars\n"
    assert run("status", "--plan", str(path), "--as-of", DAY).code == 0
    result = add(run, path, "startups", "1")
    assert result.code == 0, result.err
    after = path.read_bytes()
    assert after.startswith(before)
    assert after.count(b"\xef\xbb\xbf") == 1
    assert run("validate", "--plan", str(path)).code == 0
    history = run("history", "startups", "--plan", str(path), "-f", "json")
    assert '"value": 1' in history.out


def test_a_windows_plan_with_both_keeps_both(run: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "both.toml"
    before = b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode()
    path.write_bytes(before)
    assert add(run, path, "investment", "500 millions de dirhams", "--locale", "fr").code == 0
    after = path.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == after.count(b"\r\n")
    assert run("validate", "--plan", str(path)).code == 0


def test_a_byte_order_mark_does_not_move_error_lines(run: Callable[..., Run],
                                                     tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN.replace("target = 10", "target = 'x'").encode())
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    assert f"{path}: indicators.startups.target (line 25): " in result.err


# --- 7. Dates as YYYY-MM-DD only -------------------------------------------------------

@pytest.mark.parametrize("text", ["20190423", "2019-W17-2", "2019-W17", "2019-113",
                                  "2019-04-23T00:00", "2019-4-23", " 2019-04-23",
                                  "2019-02-30", "\u0662019-04-23", "2019/04/23", ""])
@pytest.mark.parametrize(("command", "option"), [
    (["status"], "--as-of"), (["check"], "--as-of"), (["pillars"], "--as-of"),
    (["milestones"], "--as-of"), (["history", "jobs"], "--since"),
    (["add-result", "jobs", "5", "--dry-run"], "--date"),
])
def test_dates_are_yyyy_mm_dd_only(run: Callable[..., Run], seed_copy: Path, text: str,
                                   command: list[str], option: str) -> None:
    result = run(*command, option, text, "--plan", str(seed_copy))
    assert result.code == 2
    assert result.err == (f"offshore: error: {option}: {text!r} is not a date "
                          "(use YYYY-MM-DD, e.g. 2019-04-23)\n")
    assert result.out == ""


def test_a_date_as_written_is_read(run: Callable[..., Run]) -> None:
    assert "as of 2019-04-23" in run("status", "--as-of", "2019-04-23").out


# --- 8. --plan wherever a plan is read or written ---------------------------------------

def test_every_command_takes_plan() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options = {opt for param in command.params for opt in param.opts}
        assert "--plan" in options, name


def test_init_takes_a_path_or_plan_and_says_so(run: Callable[..., Run], tmp_path: Path) -> None:
    help_text = run("init", "--help").out
    assert "Usage: offshore init [OPTIONS] [PATH]" in help_text
    assert "Write a plan to start from at PATH (or --plan PATH)" in help_text
    assert "Where to write the new plan (default: data/plan.toml)." in help_text
    by_plan = run("init", "--plan", str(tmp_path / "a.toml"))
    assert by_plan.code == 0, by_plan.err
    assert (tmp_path / "a.toml").read_bytes() == SEED.read_bytes()
    both = run("init", str(tmp_path / "b.toml"), "--plan", str(tmp_path / "b.toml"), "--blank")
    assert both.code == 0, both.err
    clash = run("init", str(tmp_path / "c.toml"), "--plan", str(tmp_path / "d.toml"))
    assert (clash.code, clash.err) == (2, "offshore: error: --plan: give the new plan's path "
                                          "once (PATH or --plan PATH)\n")
    assert not (tmp_path / "c.toml").exists() and not (tmp_path / "d.toml").exists()
    assert run("init").code == 0
    assert (tmp_path / "data" / "plan.toml").exists()


# --- 9. --debug never takes an option's value -------------------------------------------

@pytest.mark.parametrize(("args", "kept", "debug"), [
    (["add-result", "jobs", "5", "--note", "--debug"], ["add-result", "jobs", "5", "--note",
                                                         "--debug"], False),
    (["add-result", "jobs", "5", "--debug", "--note", "x"],
     ["add-result", "jobs", "5", "--note", "x"], True),
    (["--debug", "add-result", "--source", "--debug", "jobs", "5", "--debug"],
     ["add-result", "--source", "--debug", "jobs", "5"], True),
    (["add-result", "jobs", "5", "--note=--debug"], ["add-result", "jobs", "5", "--note=--debug"],
     False),
    (["add-result", "jobs", "--", "--debug"], ["add-result", "jobs", "--", "--debug"], False),
    (["add-result", "jobs", "--note", "--", "--debug", "5"],
     ["add-result", "jobs", "--note", "--", "5"], True),
    (["status", "-f", "--debug"], ["status", "-f", "--debug"], False),
    (["status", "--by-ecosystem", "--debug"], ["status", "--by-ecosystem"], True),
    (["check", "--min-ratio", "--debug", "--strict", "--debug"],
     ["check", "--min-ratio", "--debug", "--strict"], True),
    (["--debug", "--version"], ["--version"], True),
])
def test_without_debug(args: list[str], kept: list[str], debug: bool) -> None:
    assert global_options(args) == (kept, debug, None)


def test_debug_as_a_notes_value_stays_the_note(run: Callable[..., Run], plan: Path) -> None:
    result = run("add-result", "startups", "5", "--note", "--debug", "--date", DAY,
                 "--plan", str(plan))
    assert result.code == 0, result.err
    assert last_result(plan)["note"] == "--debug"
    flagged = run("add-result", "startups", "6", "--debug", "--note", "n", "--date",
                  "2021-07-01", "--plan", str(plan))
    assert flagged.code == 0, flagged.err
    assert last_result(plan)["note"] == "n"


def test_debug_still_shows_a_bugs_traceback(run: Callable[..., Run],
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from offshore_cli import progress
    from offshore_cli.__main__ import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(progress, "evaluate", broken)
    assert main(["status", "--as-of", "--debug"]) == 2  # the date's value, not the flag
    assert "'--debug' is not a date" in capsys.readouterr().err
    assert main(["--debug", "status", "--as-of", "2019-04-23"]) == 70
    assert "Traceback" in capsys.readouterr().err
