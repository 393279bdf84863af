"""Revised targets and deadlines (``[[revisions]]``): how a plan declares them, the
rules that relate them to their indicator, and the cache entry that keeps them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st

from offshore_cli import cache, entry
from offshore_cli.errors import PlanError
from offshore_cli.progress import IndicatorProgress, evaluate, round_half_away
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


# ---------------------------------------------------------------- the engine


# Start 2020-01-01, deadline 2030-01-01: 3653 days; baseline 0, target 1000.
SPAN = 3653
R = 1827  # 2025-01-01, days from the start
P_R = 1000 * R / SPAN  # the path on the revision date


def engine_plan(revisions: str, figures: str) -> str:
    return """\
[plan]
title = "Engine"
start = 2020-01-01
deadline = 2030-01-01

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 1000
""" + revisions + figures


def jobs_on(text: str, as_of: dt.date) -> IndicatorProgress:
    return evaluate(plan_from_data(tomli.loads(text)), as_of).indicators[0]


def figure(day: str, value: float) -> str:
    return f'\n[[results]]\nindicator = "jobs"\ndate = {day}\nvalue = {value}\n'


ONLY_DEADLINE = ('\n[[revisions]]\nindicator = "jobs"\ndate = 2025-01-01\n'
                 'deadline = 2035-01-01\nreason = "Five more years"\n')
ONLY_TARGET = ('\n[[revisions]]\nindicator = "jobs"\ndate = 2025-01-01\n'
               'target = 2000\nreason = "Doubled"\n')


def test_a_revision_of_the_deadline_only() -> None:
    # 2026-01-01 is day 2192; the new deadline 2035-01-01 is day 5479.
    p = jobs_on(engine_plan(ONLY_DEADLINE, figure("2026-01-01", 500)), D(2026, 1, 1))
    expected = (P_R + (1000 - P_R) * (2192 - R) / (5479 - R)) / 1000
    assert (p.target, p.deadline) == (1000, D(2035, 1, 1))
    assert (p.original_target, p.original_deadline, p.revised_on) == (
        1000, D(2030, 1, 1), D(2025, 1, 1))
    assert p.ratio == 0.5
    assert p.expected_ratio == pytest.approx(expected, rel=1e-12)
    assert p.pace == pytest.approx(0.5 / expected, rel=1e-12)
    assert p.projected == pytest.approx(500 * 5479 / 2192, rel=1e-12)
    assert p.days_left == 3287
    assert p.required_per_year == pytest.approx(500 / (3287 / 365.25), rel=1e-12)
    assert p.eta == D(2020, 1, 1) + dt.timedelta(days=2192 * 2)
    # The path reached 500 on the new line: P_R + (1000 - P_R) * (x - R) / (5479 - R) = 500.
    reach = R + (500 - P_R) * (5479 - R) / (1000 - P_R)
    assert p.days_ahead == round_half_away(reach - 2192)
    assert p.status == "at-risk"  # pace 0.5 / 0.5501 = 0.909 < 0.95


def test_a_revision_of_the_target_only() -> None:
    p = jobs_on(engine_plan(ONLY_TARGET, figure("2026-01-01", 800)), D(2026, 1, 1))
    expected = (P_R + (2000 - P_R) * (2192 - R) / (SPAN - R)) / 2000
    assert (p.target, p.deadline) == (2000, D(2030, 1, 1))
    assert (p.original_target, p.original_deadline, p.revised_on) == (
        1000, D(2030, 1, 1), D(2025, 1, 1))
    assert p.ratio == 0.4
    assert p.expected_ratio == pytest.approx(expected, rel=1e-12)
    assert p.pace == pytest.approx(0.4 / expected, rel=1e-12)
    assert p.remaining == 1200
    assert p.projected_ratio == pytest.approx(800 * SPAN / 2192 / 2000, rel=1e-12)
    assert p.days_left == (D(2030, 1, 1) - D(2026, 1, 1)).days


def test_a_figure_dated_before_a_revision_is_measured_on_the_path_as_it_was() -> None:
    # 2024-01-01 is day 1461: the path then was the original line, 1000 * 1461 / 3653,
    # and its ratio is of the target in force on the as-of date.
    p = jobs_on(engine_plan(ONLY_TARGET, figure("2024-01-01", 400)), D(2026, 1, 1))
    expected = 1000 * 1461 / SPAN / 2000
    assert p.ratio == 0.2
    assert p.expected_ratio == pytest.approx(expected, rel=1e-12)
    assert p.pace == pytest.approx(0.2 / expected, rel=1e-12)
    assert p.revised_on == D(2025, 1, 1)


def test_before_its_date_a_revision_is_not_in_force() -> None:
    p = jobs_on(engine_plan(ONLY_TARGET, figure("2024-01-01", 400)), D(2024, 12, 31))
    assert (p.target, p.revised_on, p.original_target, p.original_deadline) == (
        1000, None, None, None)
    assert p.ratio == 0.4


def test_each_of_target_and_deadline_comes_from_its_latest_revision() -> None:
    text = engine_plan(ONLY_DEADLINE + ONLY_TARGET.replace("2025-01-01", "2026-06-01"),
                       figure("2027-01-01", 900))
    p = jobs_on(text, D(2027, 1, 1))
    assert (p.target, p.deadline, p.revised_on) == (2000, D(2035, 1, 1), D(2026, 6, 1))
    assert (p.original_target, p.original_deadline) == (1000, D(2030, 1, 1))


def test_a_target_reached_after_a_revision_counts_against_the_revised_target() -> None:
    p = jobs_on(engine_plan(ONLY_TARGET, figure("2026-01-01", 1500)), D(2026, 1, 1))
    assert p.status == "on-track" and p.reached_on is None
    p = jobs_on(engine_plan(ONLY_TARGET, figure("2026-01-01", 2000)), D(2026, 1, 1))
    assert p.status == "achieved" and p.reached_on == D(2026, 1, 1)


@given(st.sampled_from(["linear", "compound"]), st.integers(1, 10**6),
       st.integers(1, 10**6), st.integers(1, 10**6), st.integers(-400, 4000),
       st.integers(-400, 4000))
def test_a_plan_without_a_revision_in_force_gives_the_figures_it_gave_before(
        kind: str, base: int, target: int, actual: int, figure_day: int, as_of_day: int) -> None:
    """A revision of another indicator, or one dated after the as-of date, changes
    nothing: every figure is that of the plan without revisions, to the last digit."""
    if target == base:
        target += 1
    start = D(2020, 1, 1)
    when, as_of = start + dt.timedelta(days=figure_day), start + dt.timedelta(days=as_of_day)
    data = {
        "plan": {"title": "T", "start": start, "deadline": D(2030, 1, 1), "trajectory": kind},
        "indicators": {name: {"label": name, "unit": "u", "baseline": base, "target": target}
                       for name in ("a", "b")},
        "results": [{"indicator": "a", "date": when, "value": actual}],
    }
    plain = evaluate(plan_from_data(data), as_of).indicators[0]
    data["revisions"] = [
        {"indicator": "b", "date": start, "target": target * 2, "reason": "other"},
        {"indicator": "a", "date": as_of + dt.timedelta(days=1), "target": target * 3,
         "deadline": D(2031, 1, 1), "reason": "later"}]
    if as_of + dt.timedelta(days=1) < start or as_of + dt.timedelta(days=1) >= D(2030, 1, 1):
        del data["revisions"][1]
    assert evaluate(plan_from_data(data), as_of).indicators[0] == plain


def test_history_measures_each_figure_against_the_target_of_its_date() -> None:
    from offshore_cli.history import indicator_history

    text = engine_plan(ONLY_TARGET, figure("2024-01-01", 400) + figure("2026-01-01", 800))
    history = indicator_history(plan_from_data(tomli.loads(text)), "jobs")
    before, after = history.rows
    assert before.ratio == 0.4 and after.ratio == 0.4  # 400 of 1000, then 800 of 2000
    assert before.expected_ratio == pytest.approx(1461 / SPAN, rel=1e-12)
    assert after.expected_ratio == pytest.approx(
        (P_R + (2000 - P_R) * (2192 - R) / (SPAN - R)) / 2000, rel=1e-12)
    assert [rev.date for rev in history.revisions] == [D(2025, 1, 1)]
    status = jobs_on(text, D(2026, 1, 1))
    assert (status.ratio, status.expected_ratio) == (after.ratio, after.expected_ratio)


# ---------------------------------------------------------------- the outputs

REVISED_PLAN = engine_plan(ONLY_TARGET, figure("2024-01-01", 400) + figure("2026-01-01", 800))


def test_status_json_and_csv_carry_the_original_terms(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    import csv
    import io
    import json

    path = write_plan(REVISED_PLAN)
    document = json.loads(run("status", "--plan", str(path), "--as-of", "2026-01-01",
                              "-f", "json").out)
    (jobs,) = document["indicators"]
    assert document["schema"] == 4
    assert (jobs["target"], jobs["original_target"], jobs["original_deadline"],
            jobs["revised_on"], jobs["ratio"]) == (2000, 1000, "2030-01-01", "2025-01-01", 0.4)
    before = json.loads(run("status", "--plan", str(path), "--as-of", "2024-06-01",
                            "-f", "json").out)["indicators"][0]
    assert (before["target"], before["original_target"], before["revised_on"]) == (
        1000, None, None)
    (row,) = csv.DictReader(io.StringIO(run("status", "--plan", str(path), "--as-of",
                                            "2026-01-01", "-f", "csv").out))
    assert (row["original_target"], row["original_deadline"], row["revised_on"]) == (
        "1000", "2030-01-01", "2025-01-01")


def test_the_table_marks_a_revised_target_and_says_why_under_it(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(REVISED_PLAN)
    out = run("status", "--plan", str(path), "--as-of", "2026-01-01").out
    assert "2,000 jobs*" in out
    assert ("* jobs: revised on 2025-01-01 to 2,000 jobs by 2030-01-01 (was 1,000 jobs by "
            "2030-01-01): Doubled") in out
    before = run("status", "--plan", str(path), "--as-of", "2024-06-01").out
    assert "*" not in before


def test_history_lists_the_revisions(run: Callable[..., Run],
                                     write_plan: Callable[[str], Path]) -> None:
    import json

    path = write_plan(REVISED_PLAN)
    out = run("history", "jobs", "--plan", str(path)).out
    lines = [line for line in out.splitlines() if line.startswith("| 20")]
    assert [line.split("|")[1].strip() for line in lines] == [
        "2024-01-01", "2025-01-01 (revision)", "2026-01-01"]
    assert "target 2,000 jobs" in lines[1] and "target revised to 2,000 jobs: Doubled" in lines[1]
    markdown = run("history", "jobs", "--plan", str(path), "-f", "markdown").out
    assert ("| 2025-01-01 (revision) | target 2,000 jobs |  |  |  | target revised to "
            "2,000 jobs: Doubled |") in markdown
    narrow = run("history", "jobs", "--plan", str(path), "--since", "2025-06-01").out
    assert "(revision)" not in narrow  # before the first figure shown
    document = json.loads(run("history", "jobs", "--plan", str(path), "-f", "json").out)
    assert document["schema"] == 4
    assert document["revisions"] == [{"date": "2025-01-01", "target": 2000, "deadline": None,
                                      "reason": "Doubled", "source": None}]
    assert [row["ratio"] for row in document["figures"]] == [0.4, 0.4]


def test_the_plan_formats_revision_example_is_the_real_output(
        run: Callable[..., Run], write_plan: Callable[[str], Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    text = (Path(__file__).parent.parent / "docs" / "plan-format.md").read_text(encoding="utf-8")
    section = text.split("\n## Revised targets\n")[1].split("\n## ")[0]
    [(plan, command, output)] = re.findall(
        r"^```toml\n(.*?)^```\n\n```\n\$ (offshore .*?)\n(.*?)^```$", section,
        flags=re.MULTILINE | re.DOTALL)
    assert "[[revisions]]" in plan
    monkeypatch.setenv("COLUMNS", "140")
    path = write_plan(plan)
    result = run(*command.split()[1:], "--plan", str(path))
    assert result.code == 0
    assert result.out == output


def test_a_compound_path_after_a_revision_keeps_growing_at_a_constant_rate() -> None:
    # From 100 to 400 over 3653 days at a constant rate, revised to 1600 on day R.
    text = (engine_plan("", "").replace("target = 1000", "baseline = 100\ntarget = 400\n"
                                        "trajectory = \"compound\"")
            + ONLY_TARGET.replace("2000", "1600") + figure("2026-01-01", 500))
    p = jobs_on(text, D(2026, 1, 1))
    at_revision = 100 * 4 ** (R / SPAN)
    path_a = at_revision * (1600 / at_revision) ** ((2192 - R) / (SPAN - R))
    assert p.target == 1600 and p.trajectory == "compound"
    assert p.expected_ratio == pytest.approx((path_a - 100) / 1500, rel=1e-12)
    assert p.ratio == pytest.approx(400 / 1500, rel=1e-15)


def test_a_status_read_from_the_cache_gives_the_same_revised_figures(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(REVISED_PLAN)
    args = ("status", "--plan", str(path), "--as-of", "2026-01-01", "-f", "json")
    cold, warm = run(*args).out, run(*args).out
    assert cold == warm and '"revised_on": "2025-01-01"' in warm
