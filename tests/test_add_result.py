"""``offshore add-result``, ``history`` and ``init`` through the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offshore_cli.history import indicator_history
from offshore_cli.progress import evaluate
from offshore_cli.validation import plan_from_data

from .conftest import SEED, Run

PLAN = """\
# A plan with comments that must survive.
[plan]
title = "Test"   # trailing comment
start = 2014-01-01
deadline = 2020-12-31
currency = "MAD"
locale = "fr"

[ecosystems]
CRM = "Customer relationship"

[indicators.investment]
label = "Investment"
unit = "MAD"
target = 1_500_000_000

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 60000
start = 2016-01-01

[[results]]
indicator = "jobs"
date = 2018-12-31
value = 69_900   # as reported
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_round_trip_keeps_every_old_byte(run: Callable[..., Run], plan_file: Path) -> None:
    before = plan_file.read_bytes()
    result = run("add-result", "investment", "1,5 MMDH", "--date", "2019-12-31",
                 "--source", "Rapport annuel", "--plan", str(plan_file))
    assert result.code == 0, result.err
    # The plan's locale is fr: the run speaks French.
    assert result.out == ("Enregistré\u00a0: investment = 1,50\u00a0Md MAD au 2019-12-31\u00a0: "
                          "avancement désormais 100,0\u202f%, atteint\n")
    after = plan_file.read_bytes()
    assert after.startswith(before)
    block = after[len(before):].decode()
    assert block.startswith("\n[[results]]\nindicator = \"investment\"\ndate = 2019-12-31\n"
                            "value = 1500000000\nsource = \"Rapport annuel\"\nrecorded = ")
    last = tomllib.loads(after.decode())["results"][-1]
    assert last["value"] == 1_500_000_000
    status = json.loads(run("status", "--plan", str(plan_file), "--as-of", "2020-01-01",
                            "--format", "json").out)
    invest = next(i for i in status["indicators"] if i["id"] == "investment")
    assert invest["actual"] == 1_500_000_000
    assert invest["status"] == "achieved"


def test_dry_run_writes_nothing(run: Callable[..., Run], plan_file: Path) -> None:
    before = plan_file.read_bytes()
    result = run("add-result", "jobs", "70 000", "--date", "2019-06-30", "--dry-run",
                 "--plan", str(plan_file))
    assert result.code == 0
    assert "Simulation\u00a0: ajouterait à" in result.out
    assert "value = 70000" in result.out
    assert result.out.rstrip().endswith(
        "Simulation, enregistrerait\u00a0: jobs = 70\u202f000 jobs au 2019-06-30\u00a0: "
        "avancement alors 116,7\u202f%, atteint")
    assert plan_file.read_bytes() == before


def test_revise_keeps_the_original_and_wins(run: Callable[..., Run], plan_file: Path) -> None:
    assert run("add-result", "jobs", "71.000", "--date", "2018-12-31", "--revise",
               "--note", "revised", "--plan", str(plan_file)).code == 0
    values = [r["value"] for r in tomllib.loads(plan_file.read_text())["results"]]
    assert values == [69900, 71000]
    status = json.loads(run("status", "--plan", str(plan_file), "--as-of", "2019-01-01",
                            "--format", "json").out)
    assert next(i for i in status["indicators"] if i["id"] == "jobs")["actual"] == 71000
    history = json.loads(run("history", "jobs", "--plan", str(plan_file), "--format",
                             "json").out)
    figures = history["figures"]
    assert [(f["value"], f["superseded"]) for f in figures] == [(69900, True), (71000, False)]
    assert figures[1]["note"] == "revised"
    # The plan's locale is fr: its history speaks French, unless --lang says otherwise.
    table = run("history", "jobs", "--plan", str(plan_file)).out
    assert "2018-12-31 (remplacé)" in table
    assert "chiffre en vigueur" in table  # the chart's legend
    table = run("--lang", "en", "history", "jobs", "--plan", str(plan_file)).out
    assert "2018-12-31 (superseded)" in table
    assert "figure in force" in table


def test_ecosystem_figure(run: Callable[..., Run], plan_file: Path) -> None:
    result = run("add-result", "jobs", "20k", "--date", "2018-12-31", "--ecosystem", "CRM",
                 "--plan", str(plan_file))
    assert result.code == 0, result.err
    assert "jobs pour CRM = 20\u202f000 jobs" in result.out
    assert tomllib.loads(plan_file.read_text())["results"][-1]["ecosystem"] == "CRM"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["invest", "5"], "unknown indicator 'invest' (did you mean 'investment'?)"),
        (["jobs", "5", "--ecosystem", "CMR"], "unknown ecosystem 'CMR' (did you mean 'CRM'?)"),
        (["jobs", "5", "--date", "2015-12-31"], "2015-12-31 is before jobs's start 2016-01-01"),
        (["jobs", "5", "--date", "2999-01-01"], "2999-01-01 is in the future"),
        (["jobs", "5", "--date", "31/12/2018"], "--date: '31/12/2018' is not a date"),
        (["jobs", "inf", "--date", "2018-06-30"], "inf"),
        (["jobs", "nan", "--date", "2018-06-30"], "nan"),
        (["jobs", "1e400", "--date", "2018-06-30"], "1e400"),
        (["jobs", "1.500", "--locale", "en", "--date", "2018-06-30"], "ambiguous"),
        (["jobs", "5 MDH", "--date", "2018-06-30"], "MDH"),
        (["jobs", "", "--date", "2018-06-30"], "value"),
        (["jobs", "70000", "--date", "2018-12-31"],
         "jobs on 2018-12-31 already has a figure (69,900 jobs) (add --revise"),
        (["jobs", "70000", "--date", "2018-06-30", "--revise"],
         "jobs on 2018-06-30 has no figure to revise"),
        (["jobs", "5", "--locale", "de"], "'de' is not one of"),
    ],
)
def test_refused_inputs_leave_the_plan_untouched(run: Callable[..., Run], plan_file: Path,
                                                 args: list[str], message: str) -> None:
    before = plan_file.read_bytes()
    result = run("--lang", "en", "add-result", *args, "--plan", str(plan_file))
    assert result.code == 2
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("offshore: error: ")
    assert message in result.err
    assert plan_file.read_bytes() == before
    assert not list(plan_file.parent.glob("*.offshore-tmp"))


def test_embedded_seed_plan_is_read_only(run: Callable[..., Run]) -> None:
    result = run("add-result", "jobs", "5")
    assert result.code == 2
    assert "embedded seed plan is read-only" in result.err
    assert "offshore init" in result.err


def test_inline_results_are_refused_not_rewritten(run: Callable[..., Run],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "inline.toml"
    path.write_text('results = [\n  { indicator = "jobs", date = 2018-12-31, value = 1 },\n]\n'
                    + PLAN.split("[[results]]")[0], encoding="utf-8")
    before = path.read_bytes()
    result = run("--lang", "en", "add-result", "jobs", "5", "--date", "2018-06-30", "--plan",
                 str(path))
    assert result.code == 2
    assert "written inline as `results = [...]`" in result.err
    assert path.read_bytes() == before


def test_a_trailing_table_cannot_capture_the_block(run: Callable[..., Run],
                                                    tmp_path: Path) -> None:
    # With no newline at the end and a table last, the block must still land in results.
    path = tmp_path / "tail.toml"
    path.write_text(PLAN + "\n[indicators.extra]\nlabel = 'E'\nunit = 'u'", encoding="utf-8")
    assert run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan",
               str(path)).code == 0
    data = tomllib.loads(path.read_text())
    assert data["results"][-1]["value"] == 5
    assert "results" not in data["indicators"]["extra"]


def test_symlinked_plan_is_written_through(run: Callable[..., Run], plan_file: Path,
                                           tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(plan_file)
    plan_file.chmod(0o640)
    assert run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan", str(link)).code == 0
    assert link.is_symlink()
    assert "value = 5" in plan_file.read_text()
    assert oct(plan_file.stat().st_mode & 0o777) == oct(0o640)


def test_lock_held_elsewhere_times_out_naming_the_holder(
        run: Callable[..., Run], plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setenv("OFFSHORE_LOCK_TIMEOUT", "0.2")
    before = plan_file.read_bytes()
    lock = plan_file.with_name("plan.toml.lock")
    # flock locks belong to the open file, so a second open in this process waits too;
    # a shared lock is all a reader of the lock file can take, and it blocks writers.
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        result = run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan",
                     str(plan_file))
    assert result.code == 2
    assert (f"the lock file plan.toml.lock has been locked for 0.2 s by process {os.getpid()} ("
            in result.err)
    assert plan_file.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_read_only_plan_is_refused(run: Callable[..., Run], plan_file: Path) -> None:
    plan_file.chmod(0o444)
    result = run("--lang", "en", "add-result", "jobs", "5", "--date", "2018-06-30", "--plan",
                 str(plan_file))
    assert result.code == 2
    assert "read-only" in result.err


def test_init_writes_seed_and_blank_and_never_overwrites(run: Callable[..., Run],
                                                         tmp_path: Path) -> None:
    result = run("init")
    assert result.code == 0
    assert (tmp_path / "data" / "plan.toml").read_bytes() == SEED.read_bytes()
    again = run("init")
    assert again.code == 2
    assert "already exists and is never overwritten" in again.err
    blank = tmp_path / "blank.toml"
    assert run("init", str(blank), "--blank").code == 0
    assert "# " in blank.read_text()
    assert run("validate", "--plan", str(blank)).code == 0
    assert run("add-result", "example", "250", "--date", "2025-06-30", "--plan",
               str(blank)).code == 0


@pytest.mark.parametrize("denied", ["plan", "folder"])
def test_read_only_refusal_without_needing_a_non_root_user(
        run: Callable[..., Run], plan_file: Path, monkeypatch: pytest.MonkeyPatch,
        denied: str) -> None:
    """The permission check itself, with ``os.access`` answering as for a non-root user
    (as root, real permissions never refuse a write)."""
    import offshore_cli.store

    real_access = os.access

    def access(path: str, mode: int, **where: object) -> bool:
        target = plan_file.name if denied == "plan" else "."
        if mode & os.W_OK and path == target:
            return False
        return real_access(path, mode, **where)  # type: ignore[arg-type]

    monkeypatch.setattr(offshore_cli.store.os, "access", access)
    before = plan_file.read_bytes()
    result = run("--lang", "en", "add-result", "jobs", "5", "--date", "2018-06-30", "--plan",
                 str(plan_file))
    assert result.code == 2
    assert "read-only" in result.err
    assert plan_file.read_bytes() == before
    assert not list(plan_file.parent.glob("*.offshore-tmp"))


@pytest.mark.parametrize("value", ["soon", "nan", "-1"])
def test_a_bad_lock_timeout_is_a_usage_error(run: Callable[..., Run], plan_file: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             value: str) -> None:
    monkeypatch.setenv("OFFSHORE_LOCK_TIMEOUT", value)
    result = run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan", str(plan_file))
    assert result.code == 2
    assert "OFFSHORE_LOCK_TIMEOUT" in result.err


def test_no_lock_file_for_a_dry_run_or_a_missing_plan(run: Callable[..., Run],
                                                      plan_file: Path, tmp_path: Path) -> None:
    assert run("add-result", "jobs", "5", "--date", "2018-06-30", "--dry-run", "--plan",
               str(plan_file)).code == 0
    missing = tmp_path / "missing.toml"
    assert run("add-result", "jobs", "5", "--plan", str(missing)).code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


def test_the_figure_already_recorded_is_written_in_the_runs_language_and_unit(
        run: Callable[..., Run], plan_file: Path) -> None:
    first = run("add-result", "investment", "1,2e9", "--date", "2019-06-30",
                "--plan", str(plan_file))
    assert first.code == 0, first.err
    again = ["add-result", "investment", "1.3 bn", "--locale", "en", "--date", "2019-06-30",
             "--plan", str(plan_file)]
    french = run(*again)  # the plan's locale is fr: words and numbers are French
    assert french.code == 2
    assert "investment au 2019-06-30 a déjà un chiffre (1,20\u00a0Md MAD)" in french.err
    english = run("--lang", "en", *again)  # English words, English numbers
    assert english.code == 2
    assert "investment on 2019-06-30 already has a figure (1.20\u00a0bn MAD)" in english.err


def test_an_ecosystem_figure_reports_the_ecosystems_ratio(run: Callable[..., Run],
                                                          plan_file: Path) -> None:
    plan_file.write_text(plan_file.read_text().replace(
        "target = 60000\n", "target = 60000\necosystem_targets = { CRM = 40000 }\n"))
    result = run("add-result", "jobs", "20000", "--date", "2018-12-31", "--ecosystem", "CRM",
                 "--plan", str(plan_file))
    # CRM's 20,000 of 40,000
    assert result.out.endswith("avancement désormais 50,0\u202f%, échéance dépassée\n")


def test_a_writer_sweeps_only_its_plans_leftover_temporaries(
        seed_copy: Path, run: Callable[..., Run]) -> None:
    import subprocess
    import sys

    from offshore_cli.store import TEMP_SUFFIX

    folder = seed_copy.parent
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # A killed writer's file (its pid is gone) and one left by an earlier version.
    mine = [folder / f".{seed_copy.name}.{gone}.0a1b2c3d4e5f{TEMP_SUFFIX}",
            folder / f".{seed_copy.name}.0a1b2c3d4e5f{TEMP_SUFFIX}"]
    # Another plan's, other names, and a writer still running (this process).
    others = [folder / f".other.toml.{gone}.0a1b2c3d4e5f{TEMP_SUFFIX}",
              folder / f".{seed_copy.name}.0a1b2c.tmp", folder / f"{seed_copy.name}{TEMP_SUFFIX}",
              folder / f".{seed_copy.name}.0a1b2c{TEMP_SUFFIX}",
              folder / f".{seed_copy.name}.{os.getpid()}.0a1b2c3d4e5f{TEMP_SUFFIX}",
              # A pid no system gives (os.kill would overflow): not a name offshore makes.
              folder / f".{seed_copy.name}.9999999999.0a1b2c3d4e5f{TEMP_SUFFIX}"]
    for path in (*mine, *others):
        path.write_text("left by a writer")
    result = run("add-result", "investment", "1.2bn", "--date", "2019-06-30",
                 "--plan", str(seed_copy))
    assert result.code == 0, result.err
    assert not any(path.exists() for path in mine)
    assert all(path.exists() for path in others)


TINY_TARGET = """\
[plan]
title = "Tiny target"
start = 2020-01-01
deadline = 2020-12-31

[indicators.x]
label = "X"
unit = "u"
target = 1e-300

[[results]]
indicator = "x"
date = 2020-06-30
value = 1e10
"""


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_history_of_a_ratio_beyond_the_floats_is_null(
        run: Callable[..., Run], write_plan: Callable[[str], Path], fmt: str) -> None:
    """The ratio 1e10 / 1e-300 is not a number: null in every format, as in status."""
    path = write_plan(TINY_TARGET)
    status = json.loads(run("status", "--plan", str(path), "--as-of", "2020-08-01",
                            "--format", "json").out)
    assert status["indicators"][0]["ratio"] is None
    result = run("history", "x", "--plan", str(path), "--format", fmt)
    assert result.code == 0, result.err
    if fmt == "json":
        (figure,) = json.loads(result.out)["figures"]
        assert figure["ratio"] is None
        assert figure["expected_ratio"] == 181 / 365
    elif fmt == "csv":
        (figure,) = csv.DictReader(io.StringIO(result.out))
        assert figure["ratio"] == ""
    elif fmt == "markdown":  # for people: as on screen
        rows = [[cell.strip() for cell in line.strip("|").split("|")]
                for line in result.out.splitlines() if line.startswith("|")]
        header, row = rows[0], rows[2]
        assert row[header.index("Ratio")] == "-"
    else:
        (row,) = [line for line in result.out.splitlines() if "2020-06-30" in line]
        cells = [cell.strip() for cell in row.split("|")]
        assert cells[4] == "-"  # the Ratio column


figure_rows = st.lists(st.tuples(
    st.integers(-30, 400), st.one_of(st.integers(-50, 100).map(float),
                                     st.floats(-1e6, 1e6, allow_nan=False)),
    st.sampled_from([None, None, "CRM"])), max_size=10)


@given(st.sampled_from(["level", "increment"]), figure_rows)
def test_history_shows_what_status_shows_on_each_figures_date(
        measure: str, rows: list[tuple[int, float, str | None]]) -> None:
    start = dt.date(2020, 1, 1)
    plan = plan_from_data({
        "plan": {"title": "T", "start": start, "deadline": dt.date(2020, 12, 31)},
        "ecosystems": {"CRM": "C"},
        "indicators": {"x": {"label": "X", "unit": "u", "baseline": 7, "target": 107,
                             "measure": measure, "ecosystem_targets": {"CRM": 40}}},
        "results": [{"indicator": "x", "date": start + dt.timedelta(days=n), "value": value,
                     **({"ecosystem": eco} if eco else {})} for n, value, eco in rows],
    })
    record = indicator_history(plan, "x")
    assert len(record.rows) == len(rows)  # sector-wide and CRM's figures alike
    assert len(indicator_history(plan, "x", sector_only=True).rows) == sum(
        1 for _, _, eco in rows if eco is None)
    for row in record.rows:
        if row.superseded:
            continue
        # A sector-wide figure shows what status shows; CRM's, what status --ecosystem CRM.
        item = evaluate(plan, row.date, ecosystem=row.ecosystem).indicators[0]
        assert (item.actual, item.ratio, item.expected_ratio) == (
            row.actual, row.ratio, row.expected_ratio)
