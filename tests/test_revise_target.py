"""``offshore revise-target``: a revised target or deadline appended to the plan
with add-result's guarantees (refusals leave the file as it was, a dry run writes
nothing, the block reads back)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from offshore_cli.validation import plan_from_data

from .conftest import Run

PLAN = """\
# A plan with comments that must survive.
[plan]
title = "Test"   # trailing comment
start = 2014-01-01
deadline = 2020-12-31
currency = "MAD"
locale = "fr"

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
value = 30_000   # as reported
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def revise(run: Callable[..., Run], plan_file: Path, *args: str) -> Run:
    return run("revise-target", *args, "--plan", str(plan_file))


@pytest.mark.parametrize(("args", "said"), [
    (["work", "--target", "5", "--date", "2017-01-01", "--reason", "x"],
     "unknown indicator 'work'"),
    (["jobs", "--date", "2017-01-01", "--reason", "x"], "give --target, --deadline or both"),
    (["jobs", "--target", "5", "--date", "2017-01-01"], "--reason"),
    (["jobs", "--target", "5", "--date", "2017-01-01", "--reason", ""], "--reason"),
    (["jobs", "--deadline", "2015-06-30", "--date", "2017-01-01", "--reason", "x"],
     "the deadline 2015-06-30 is not after the revision date 2017-01-01"),
    (["jobs", "--target", "5", "--date", "2015-01-01", "--reason", "x"],
     "2015-01-01 is before the indicator's start 2016-01-01"),
    (["jobs", "--target", "1.2.3", "--date", "2017-01-01", "--reason", "x"], "--target"),
    (["jobs", "--target", "5", "--date", "2017-13-01", "--reason", "x"], "--date"),
    (["jobs", "--target", "5", "--date", "2999-01-01", "--reason", "x"], "in the future"),
    (["jobs", "--target", "0", "--date", "2017-01-01", "--reason", "x"],
     "equals the baseline"),
])
def test_a_refusal_exits_2_with_one_line_and_leaves_the_plan_byte_identical(
        run: Callable[..., Run], plan_file: Path, args: list[str], said: str) -> None:
    before = plan_file.read_bytes()
    result = revise(run, plan_file, "--lang", "en", *args)
    assert result.code == 2, result.err
    assert said in result.err
    assert result.out == ""
    assert plan_file.read_bytes() == before


def test_the_embedded_seed_plan_is_read_only(run: Callable[..., Run]) -> None:
    result = run("revise-target", "jobs", "--target", "70000", "--date", "2017-01-01",
                 "--reason", "x")
    assert result.code == 2
    assert "embedded seed plan is read-only" in result.err


def test_a_dry_run_writes_nothing(run: Callable[..., Run], plan_file: Path) -> None:
    before = plan_file.read_bytes()
    result = revise(run, plan_file, "jobs", "--target", "80 000", "--date", "2017-01-01",
                    "--reason", "Raised", "--dry-run")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Simulation\u00a0: ajouterait à {plan_file}\u00a0:\n\n"
                                 "[[revisions]]\n")
    assert ("Simulation, réviserait\u00a0: jobs le 2017-01-01\u00a0: cible 80\u202f000 jobs "
            "(auparavant 60\u202f000 jobs)\u00a0: avancement alors 37,5\u202f%, "
            "échéance dépassée\n") in result.out
    assert plan_file.read_bytes() == before


def test_the_appended_block_reads_back(run: Callable[..., Run], plan_file: Path) -> None:
    result = revise(run, plan_file, "jobs", "--target", "1,2", "--date", "2017-01-01",
                    "--reason", "Raised « a lot »", "--source", "Review, p. 3",
                    "--deadline", "2022-12-31")
    assert result.code == 0, result.err
    assert result.out.startswith("Révisé\u00a0: jobs le 2017-01-01\u00a0: cible 1,2 jobs "
                                 "(auparavant 60\u202f000 jobs), échéance 2022-12-31 "
                                 "(auparavant 2020-12-31)\u00a0: ")
    text = plan_file.read_text(encoding="utf-8")
    assert text.startswith(PLAN)  # every byte already there stays
    data = tomllib.loads(text)
    assert data["revisions"] == [{
        "indicator": "jobs", "date": tomllib.loads("d = 2017-01-01")["d"], "target": 1.2,
        "deadline": tomllib.loads("d = 2022-12-31")["d"], "reason": "Raised « a lot »",
        "source": "Review, p. 3"}]
    plan = plan_from_data(data)
    assert plan.revisions[0].target == 1.2
    status = json.loads(run("status", "--plan", str(plan_file), "--as-of", "2019-01-01",
                            "-f", "json").out)
    jobs = status["indicators"][1]
    assert (jobs["target"], jobs["original_target"], jobs["deadline"], jobs["revised_on"]) == (
        1.2, 60000, "2022-12-31", "2017-01-01")
    assert run("validate", "--plan", str(plan_file)).code == 0


def test_a_second_revision_is_appended_after_the_first(run: Callable[..., Run],
                                                       plan_file: Path) -> None:
    assert revise(run, plan_file, "jobs", "--target", "80000", "--date", "2017-01-01",
                  "--reason", "Raised").code == 0
    assert revise(run, plan_file, "JOBS", "--deadline", "2021-06-30", "--date", "2018-01-01",
                  "--reason", "Later").code == 0
    data = tomllib.loads(plan_file.read_text(encoding="utf-8"))
    assert [entry["reason"] for entry in data["revisions"]] == ["Raised", "Later"]
    assert data["revisions"][1]["indicator"] == "jobs"  # the plan's own id


def test_an_inline_revisions_array_is_refused(run: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    text = PLAN.replace("[indicators.investment]", "[indicators.investment]", 1)
    text = text.replace('# A plan with comments that must survive.\n',
                        '# A plan with comments that must survive.\nrevisions = []\n')
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    result = revise(run, path, "jobs", "--target", "80000", "--date", "2017-01-01",
                    "--reason", "x")
    assert result.code == 2
    assert "[[revisions]]" in result.err
    assert path.read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_help_names_the_revisions_table(run: Callable[..., Run], lang: str) -> None:
    """The help's markup does not eat the table's name ([[revisions]] once showed as [])."""
    result = run("--lang", lang, "revise-target", "--help")
    assert result.code == 0
    assert "[[revisions]]" in result.out and "[]" not in result.out
