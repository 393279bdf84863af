"""Pydantic models of the plan file, format version 1: what a plan may contain.

These models own the shape of a plan: which keys exist, their types and the
rules that concern one value at a time. Unknown keys are errors
(``extra="forbid"``). Rules that relate several parts of the plan (a result
naming an unknown indicator, an indicator's deadline before its start) live in
``consistency.py``; ``validation.py`` applies both, part by part.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)

from offshore_cli.errors import quoted
from offshore_cli.i18n import LANGUAGES, _
from offshore_cli.rules import (
    IDENTIFIER,
    PARTIAL_DATE_FORMS,
    HintedError,
    minimum_problem,
    number_problem,
    partial_date_problem,
    share_problem,
    text_problem,
    year_problem,
)


def require_text(value: Any) -> Any:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise ValueError(problem)
    return value


def _require_number(value: Any) -> Any:
    problem = number_problem(value)
    if problem:
        raise ValueError(problem)
    return float(value)


def _require_share(value: Any) -> Any:
    problem = share_problem(value)
    if problem:
        raise ValueError(problem)
    return float(value)


def _require_minimum(value: Any) -> Any:
    problem = minimum_problem(value)
    if problem:
        raise HintedError(*problem)
    return float(value)


def _require_date(value: Any) -> Any:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError(_("must be a TOML date such as 2020-12-31 (no quotes, no time)"))
    problem = year_problem(value.year, value.isoformat())
    if problem:
        raise ValueError(problem)
    return value


def _require_partial_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _require_date(value)
    if not isinstance(value, str):
        raise ValueError(_(PARTIAL_DATE_FORMS))
    problem = partial_date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _require_identifier(value: str) -> str:
    if not IDENTIFIER.fullmatch(value):
        raise ValueError(_("{value} is not a valid id: use a letter then letters, digits, '_' "
                           "or '-'").format(value=quoted(value)))
    return value


Text = Annotated[str, BeforeValidator(require_text), Field(min_length=1)]
Number = Annotated[float, BeforeValidator(_require_number)]
Date = Annotated[dt.date, BeforeValidator(_require_date)]
PartialDate = Annotated[dt.date | str, BeforeValidator(_require_partial_date)]
Identifier = Annotated[str, AfterValidator(_require_identifier)]
Share = Annotated[float, BeforeValidator(_require_share)]
Minimum = Annotated[float, BeforeValidator(_require_minimum)]
Gate = Literal["error", "warn", "off"]
Trajectory = Literal["linear", "compound", "checkpoints"]


class Model(BaseModel):
    """Base: frozen, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# A plan's own text in another language: in a table named by the language's code
# (``[plan.fr]``, ``fr = { title = "..." }``), the item's text fields only. Each item
# that has text declares one such table per language of ``i18n.LANGUAGES``
# (``tests/test_plan.py`` checks that none is missing).


class PlanText(Model):
    title: Text | None = None


class IndicatorText(Model):
    label: Text | None = None
    unit: Text | None = None


class MilestoneText(Model):
    title: Text | None = None


class NameText(Model):
    """A pillar's or an axis's name."""

    name: Text | None = None


class Bands(Model):
    on_track: Share = 0.95
    at_risk: Share = 0.5


class PlanMeta(Model):
    title: Text
    start: Date
    deadline: Date
    id: Text | None = None
    currency: Text | None = None
    locale: Literal["en", "fr"] | None = None
    bands: Bands = Bands()
    gate: Gate = "error"
    min_ratio: Minimum | None = None
    min_pace: Minimum | None = None
    trajectory: Trajectory = "linear"
    en: PlanText | None = None
    fr: PlanText | None = None


class Checkpoint(Model):
    date: Date
    value: Number


class Indicator(Model):
    label: Text
    unit: Text
    target: Number | None = None
    baseline: Number = 0.0
    measure: Literal["level", "increment"] = "level"
    start: Date | None = None
    deadline: Date | None = None
    gate: Gate | None = None
    min_ratio: Minimum | None = None
    min_pace: Minimum | None = None
    ecosystem_targets: dict[Identifier, Number] = {}
    trajectory: Trajectory | None = None
    checkpoints: list[Checkpoint] = []
    en: IndicatorText | None = None
    fr: IndicatorText | None = None


class Milestone(Model):
    date: PartialDate
    title: Text
    done: bool | None = None
    indicators: list[Identifier] = []
    note: Text | None = None
    en: MilestoneText | None = None
    fr: MilestoneText | None = None


class Axis(Model):
    name: Text
    status: Literal["planned", "in-progress", "done", "dropped"] = "planned"
    owner: Text | None = None
    due: Date | None = None
    en: NameText | None = None
    fr: NameText | None = None


def _axes_kind(value: Any) -> str:
    return "axis-list" if isinstance(value, list) else "axis-count"


AxisCount = Annotated[int, Field(ge=0, strict=True)]
# A count or a list of axes: the input's shape picks the branch, so an error is
# reported against the form the user wrote, not against both.
Axes = Annotated[Annotated[AxisCount, Tag("axis-count")] | Annotated[list[Axis], Tag("axis-list")],
                 Discriminator(_axes_kind)]


class Pillar(Model):
    name: Text
    original_name: Text | None = None
    axes: Axes = 0
    axis_count: AxisCount | None = None
    en: NameText | None = None
    fr: NameText | None = None


TRANSLATABLE: dict[type[Model], type[Model]] = {
    PlanMeta: PlanText, Indicator: IndicatorText, Milestone: MilestoneText, Pillar: NameText,
    Axis: NameText}
"""Each model with text of its own, and the model of that text in another language."""


def translations(item: Model) -> dict[str, dict[str, str]]:
    """An item's text in other languages: ``{language: {field: text}}``, the tables
    it has that hold any text."""
    found: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        table = getattr(item, lang, None)
        if table is not None:
            text = table.model_dump(exclude_none=True)
            if text:
                found[lang] = text
    return found


class Result(Model):
    indicator: Identifier
    date: Date
    value: Number
    source: Text | None = None
    note: Text | None = None
    ecosystem: Identifier | None = None
    recorded: Annotated[dt.datetime, Field(strict=True)] | None = None


class Revision(Model):
    """A revised target and/or deadline of an indicator, decided on ``date``: the
    rules that relate it to the indicator live in ``consistency.py``."""

    indicator: Identifier
    date: Date
    reason: Text
    target: Number | None = None
    deadline: Date | None = None
    source: Text | None = None


class PlanFile(Model):
    """A whole plan file. Its results are checked apart, each plainly valid figure
    in bulk by ``rules.plain_figure`` and any other one by ``Result`` (see
    ``validation.py``), so that a large plan is quick to check."""

    plan: PlanMeta
    ecosystems: dict[Identifier, Text] = {}
    indicators: dict[Identifier, Indicator] = {}
    milestones: list[Milestone] = []
    pillars: list[Pillar] = []
    results: list[Any] = []
    revisions: list[Revision] = []

