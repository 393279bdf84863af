"""Loading plans: discovery, validation, and errors that name file, place and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from offshore_cli.errors import PlanError
from offshore_cli.plan import (
    SEED_LABEL,
    discover,
    load_document,
    load_plan,
    seed_text,
)
from offshore_cli.validation import LineLocator

from .conftest import MINIMAL, SEED


def test_embedded_seed_is_the_shipped_plan() -> None:
    assert seed_text() == SEED.read_text(encoding="utf-8")
    assert load_document(None).source == SEED_LABEL


def test_seed_plan_encodes_the_article() -> None:
    plan = load_plan(SEED)
    assert set(plan.ecosystems) == {"CRM", "BPO", "ITO", "ESO", "KPO"}
    targets = {k: v.target for k, v in plan.indicators.items()}
    assert targets == {"jobs": 60000, "exports": 18e9, "investment": 1.5e9,
                       "contract_jobs": None}
    values = {(r.indicator, r.date.isoformat()): r.value for r in plan.results}
    assert values == {("jobs", "2018-12-31"): 69900, ("exports", "2018-12-31"): 1e10,
                      ("investment", "2018-12-31"): 1e9, ("contract_jobs", "2018-12-31"): 51000}
    counts = [p.axes for p in plan.pillars]
    assert counts == [3, 4, 4, 8, 7, 7, 4]
    assert sum(counts) == 37  # type: ignore[arg-type]
    assert (plan.plan.start.isoformat(), plan.plan.deadline.isoformat()) == (
        "2014-01-01", "2020-12-31")


def test_discovery_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert discover(None, tmp_path) is None
    (tmp_path / "plan.toml").write_text(MINIMAL)
    assert discover(None, tmp_path) == tmp_path / "plan.toml"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plan.toml").write_text(MINIMAL)
    assert discover(None, tmp_path) == tmp_path / "data" / "plan.toml"
    monkeypatch.setenv("OFFSHORE_PLAN", "/from/env.toml")
    assert discover(None, tmp_path) == Path("/from/env.toml")
    assert discover("given.toml", tmp_path) == Path("given.toml")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_document(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\ntarget = 5\ntarget_ = 1\n",
         "indicators.x.target_ (line 10): unknown key (did you mean 'target'?)"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\ntarget = 0\n",
         "indicators.x.target (line 9): equals the baseline (0 u)"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\ntarget = 'many'\n",
         "indicators.x.target (line 9): must be a number"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\ntarget = nan\n",
         "indicators.x.target (line 9): must be a finite number"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\nmeasure = 'total'\n",
         "indicators.x.measure (line 9): must be 'level' or 'increment', not 'total' "
         "(see docs/plan-format.md)"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\ndeadline = 2019-01-01\n",
         "indicators.x.deadline (line 9): deadline 2019-01-01 is not after start 2020-01-01"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\n\n[[results]]\nindicator = 'y'\n"
         "date = 2020-02-01\nvalue = 1\n",
         "results[0].indicator (line 11): unknown indicator 'y' (known indicators: x)"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\n\n[[results]]\nindicator = 'x'\n"
         "date = 2020-02-01\nvalue = 1\n\n[[results]]\nindicator = 'x'\ndate = '2020-03-01'\n"
         "value = 2\n",
         "results[1].date (line 17): must be a TOML date"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\n\n[[results]]\nindicator = 'x'\n"
         "date = 2020-02-01\nvalue = 1\necosystem = 'CRM'\n",
         "results[0].ecosystem (line 14): unknown ecosystem 'CRM' "
         "(declare it under [ecosystems] first)"),
        ("[indicators.x]\nlabel = 'X'\nunit = 'u'\n\n[[results]]\nindicator = 'x'\n"
         "date = 2020-02-01\n",
         "results[0].value (line 10): is required"),
    ],
)
def test_errors_name_place_line_and_remedy(write_plan: Callable[[str], Path], snippet: str,
                                           expected: str) -> None:
    base = "[plan]\ntitle = 'T'\nstart = 2020-01-01\ndeadline = 2021-01-01\n\n"
    path = write_plan(base + snippet)
    found = problems_of(path)
    assert any(line == f"{path}: {expected}" or line.startswith(f"{path}: {expected}")
               for line in found), found


def test_every_problem_is_reported_at_once(write_plan: Callable[[str], Path]) -> None:
    path = write_plan("[plan]\ntitle = 'T'\nstart = 2021-01-01\ndeadline = 2020-01-01\n"
                      "colour = 'red'\n[indicators.a]\nlabel = 'A'\nunit = 'u'\ntarget = 0\n")
    with pytest.raises(PlanError) as caught:
        load_document(path)
    # A wrong key does not hide the rules that relate the parts: all three, by line.
    assert [(p.place, p.line) for p in caught.value.problems] == [
        ("plan.deadline", 4), ("plan.colour", 5), ("indicators.a.target", 9)]
    path = write_plan("[plan]\ntitle = 'T'\nstart = 2021-01-01\ndeadline = 2020-01-01\n"
                      "[indicators.a]\nlabel = 'A'\nunit = 'u'\ntarget = 0\n")
    found = problems_of(path)
    # The indicator inherits the plan's dates: the inverted period is reported once.
    assert len(found) == 2, found
    assert one_line_of(path).endswith("(and 1 more problem: run `offshore validate`)")


def one_line_of(path: Path) -> str:
    with pytest.raises(PlanError) as caught:
        load_document(path)
    return caught.value.one_line()


def test_invalid_toml_names_the_line(write_plan: Callable[[str], Path]) -> None:
    path = write_plan("[plan]\ntitle = 'T'\nstart = 2020-01-01\ndeadline = \n")
    (line,) = problems_of(path)
    assert line.startswith(f"{path}: line 4: invalid TOML: ")


def test_missing_plan_table(write_plan: Callable[[str], Path]) -> None:
    path = write_plan("")
    assert problems_of(path) == [f"{path}: plan: is required (see docs/plan-format.md)"]


def test_line_locator_understands_arrays_of_tables() -> None:
    text = ("[plan]\ntitle = 'x'\n\n[[pillars]]\nname = 'a'\n[[pillars.axes]]\nname = 'b'\n"
            "[[pillars]]\nname = 'c'\n[[pillars.axes]]\nname = 'd'\n[[pillars.axes]]\nname = 'e'\n")
    locate = LineLocator(text).line_of
    assert locate(("plan", "title")) == 2
    assert locate(("pillars", 0, "name")) == 5
    assert locate(("pillars", 0, "axes", 0, "name")) == 7
    assert locate(("pillars", 1, "name")) == 9
    assert locate(("pillars", 1, "axes", 1, "name")) == 13
    assert locate(("pillars", 1, "axes", 1, "owner")) == 12
    assert locate(("nothing",)) is None


def test_recorded_must_be_a_date_and_time(write_plan: Callable[[str], Path]) -> None:
    base = ("[plan]\ntitle = 'T'\nstart = 2020-01-01\ndeadline = 2021-01-01\n"
            "[indicators.x]\nlabel = 'X'\nunit = 'u'\n[[results]]\nindicator = 'x'\n"
            "date = 2020-02-01\nvalue = 1\n")
    for recorded in ("2020-02-01", "0", "'2020-02-01T10:00:00'"):
        found = problems_of(write_plan(base + f"recorded = {recorded}\n"))
        assert any("results[0].recorded" in line for line in found), found


def test_the_plain_types_carry_every_key_of_the_format() -> None:
    """spec.py mirrors models.py field for field, so nothing validated is dropped; an
    item's tables of text in other languages are its ``translations``."""
    from offshore_cli import models, spec
    from offshore_cli.i18n import LANGUAGES

    pairs = [(models.PlanMeta, spec.PlanMeta), (models.Bands, spec.Bands),
             (models.Indicator, spec.Indicator), (models.Milestone, spec.Milestone),
             (models.Axis, spec.Axis), (models.Pillar, spec.Pillar),
             (models.Result, spec.Figure), (models.PlanFile, spec.Plan)]
    for model, plain in pairs:
        fields = set(model.model_fields)
        if model in models.TRANSLATABLE:
            fields = fields - set(LANGUAGES) | {"translations"}
        assert fields == set(plain._fields), (model, plain)


def test_every_item_with_text_takes_it_in_every_language() -> None:
    from offshore_cli import models
    from offshore_cli.i18n import LANGUAGES

    for model, text in models.TRANSLATABLE.items():
        for lang in LANGUAGES:
            field = model.model_fields[lang]
            assert field.annotation == text | None and field.default is None, (model, lang)
        assert set(text.model_fields) <= set(model.model_fields)
