"""Revised targets and deadlines (``[[revisions]]``): how a plan declares them, the
rules that relate them to their indicator, and the cache entry that keeps them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli

from offshore_cli import cache, entry
from offshore_cli.errors import PlanError
from offshore_cli.series import build_series
from offshore_cli.spec import Revision
from offshore_cli.validation import plan_from_data
from tests.conftest import Run

D = dt.date

PLAN = """\
[plan]
title = "Revisions"
start = 2020-01-01
deadline = 2030-01-01
trajectory = "{trajectory}"

[indicators.jobs]
label = "Jobs"
unit = "jobs"
baseline = 100
target = 1100
{checkpoints}
"""


def plan_text(revisions: str = "", trajectory: str = "linear", checkpoints: str = "") -> str:
    return PLAN.format(trajectory=trajectory, checkpoints=checkpoints) + revisions


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(PlanError) as caught:
        plan_from_data(tomli.loads(text))
    return [(problem.place, problem.message) for problem in caught.value.problems]


def test_a_revision_reads_into_the_plan() -> None:
    plan = plan_from_data(tomli.loads(plan_text("""
[[revisions]]
indicator = "jobs"
date = 2024-01-01
target = 2100
reason = "Doubled in the mid-term review"
source = "Mid-term review, p. 3"

[[revisions]]
indicator = "jobs"
date = 2025-01-01
deadline = 2032-01-01
reason = "Two more years"
""")))
    assert plan.revisions == (
        Revision("jobs", D(2024, 1, 1), "Doubled in the mid-term review", 2100.0, None,
                 "Mid-term review, p. 3"),
        Revision("jobs", D(2025, 1, 1), "Two more years", None, D(2032, 1, 1), None))


@pytest.mark.parametrize(("revision", "found"), [
    ('indicator = "jobs"\ndate = 2024-01-01\nreason = "x"',
     [("revisions[0]", "revises neither the target nor the deadline")]),
    ('indicator = "work"\ndate = 2024-01-01\ntarget = 5\nreason = "x"',
     [("revisions[0].indicator", "unknown indicator 'work'")]),
    ('indicator = "jobs"\ndate = 2019-01-01\ntarget = 5\nreason = "x"',
     [("revisions[0].date", "2019-01-01 is before the indicator's start 2020-01-01")]),
    ('indicator = "jobs"\ndate = 2024-01-01\ndeadline = 2023-01-01\nreason = "x"',
     [("revisions[0].deadline",
       "the deadline 2023-01-01 is not after the revision date 2024-01-01")]),
    ('indicator = "jobs"\ndate = 2031-01-01\ntarget = 5\nreason = "x"',
     [("revisions[0].date", "the deadline 2030-01-01 is not after the revision date 2031-01-01")]),
    ('indicator = "jobs"\ndate = 2024-01-01\ntarget = 100\nreason = "x"',
     [("revisions[0].target", "equals the baseline (100 jobs)")]),
])
def test_a_revision_the_rules_refuse(revision: str, found: list[tuple[str, str]]) -> None:
    assert problems(plan_text(f"\n[[revisions]]\n{revision}\n")) == found


def test_a_revision_needs_a_reason() -> None:
    places = problems(plan_text('\n[[revisions]]\nindicator = "jobs"\ndate = 2024-01-01\n'
                                "target = 5\n"))
    assert places[0][0] == "revisions[0].reason"


def test_a_compound_revision_keeps_the_baselines_sign() -> None:
    text = plan_text('\n[[revisions]]\nindicator = "jobs"\ndate = 2024-01-01\n'
                     'target = -5\nreason = "x"\n', trajectory="compound")
    [(place, message)] = problems(text)
    assert place == "revisions[0].target"
    assert "cannot reach -5 jobs by a rate of growth" in message


def test_a_later_revision_is_checked_against_the_deadline_in_force() -> None:
    # The first revision moves the deadline to 2032, so a revision in 2031 is inside it.
    plan_from_data(tomli.loads(plan_text("""
[[revisions]]
indicator = "jobs"
date = 2025-01-01
deadline = 2032-01-01
reason = "Two more years"

[[revisions]]
indicator = "jobs"
date = 2031-01-01
target = 900
reason = "Lowered"
""")))


def test_validate_warns_about_checkpoints_after_a_revision(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(plan_text(
        '\n[[revisions]]\nindicator = "jobs"\ndate = 2024-01-01\ntarget = 2100\n'
        'reason = "Doubled"\n', trajectory="checkpoints",
        checkpoints="checkpoints = [{date = 2022-01-01, value = 300}, "
                    "{date = 2026-01-01, value = 700}]"))
    result = run("validate", "--plan", str(path))
    assert result.code == 0
    assert "indicators.jobs.checkpoints[1].date" in result.err
    assert "2026-01-01 is after the revision of 2024-01-01" in result.err
    assert "checkpoints[0]" not in result.err


def test_revisions_round_trip_through_a_cache_entry() -> None:
    plan = plan_from_data(tomli.loads(plan_text("""
[[revisions]]
indicator = "jobs"
date = 2024-01-01
target = 2100
deadline = 2031-06-30
reason = "Doubled, « et plus »"
source = "Review"
""")))
    made_from = cache.digest(b"x")
    raw = b"".join(entry.encode(cache.key(), made_from, plan, build_series(plan.results),
                                [entry.pack(plan.results)]))
    back, _, _ = entry.decode(raw, cache.key(), made_from)
    assert back == plan._replace(results=())
    assert back.revisions[0].deadline == D(2031, 6, 30)
