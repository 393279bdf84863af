"""Pydantic models of the plan file, format version 1.

These models own the shape of a plan: which keys exist, their types and the
rules that concern one value at a time. Unknown keys are errors
(``extra="forbid"``). Rules that relate several parts of the plan (a result
naming an unknown indicator, an indicator's deadline before its start) live in
``plan.py``, which reports them with the place they were found.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
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

MAX_TEXT = 1000
INT64_LIMIT = 2**63
# Far above any plan's figures, far enough below the float range that sums and
# ratios of them cannot overflow.
MAX_MAGNITUDE = 1e18
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
# Format characters that reorder or hide text on a terminal (bidi overrides,
# isolates, zero-width marks): a label must read the same everywhere.
_FORMAT_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}


def require_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    for char in value:
        if unicodedata.category(char) in _FORMAT_CATEGORIES:
            raise ValueError(
                f"contains the control or format character U+{ord(char):04X}; "
                "use plain printable text"
            )
    if len(value) > MAX_TEXT:
        raise ValueError(f"is {len(value)} characters long; at most {MAX_TEXT} are allowed")
    return value


def _require_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number, such as 60000 or 1.5e9")
    if isinstance(value, int) and abs(value) >= INT64_LIMIT:
        raise ValueError("is too large: integers must fit in 64 bits")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number, not nan or inf")
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError("is too large: figures are at most 1e18 in size")
    return float(value)


def _require_date(value: Any) -> Any:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError("must be a TOML date such as 2020-12-31 (no quotes, no time)")
    return value


def _require_partial_date(value: Any) -> Any:
    if isinstance(value, str):
        match = PARTIAL_DATE.match(value)
        month = match and match.group(2)
        if not match or (month and not 1 <= int(month) <= 12):
            raise ValueError(
                'must be a TOML date (2019-04-23), or a string "2016" or "2016-07" '
                "for a year or a month"
            )
        return value
    return _require_date(value)


def _require_identifier(value: str) -> str:
    if not IDENTIFIER.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use a letter then letters, digits, '_' or '-'"
        )
    return value


Text = Annotated[str, BeforeValidator(require_text), Field(min_length=1)]
Number = Annotated[float, BeforeValidator(_require_number)]
Date = Annotated[dt.date, BeforeValidator(_require_date)]
PartialDate = Annotated[dt.date | str, BeforeValidator(_require_partial_date)]
Identifier = Annotated[str, AfterValidator(_require_identifier)]
Share = Annotated[float, BeforeValidator(_require_number), Field(ge=0)]
Gate = Literal["error", "warn", "off"]


class Model(BaseModel):
    """Base: frozen, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Bands(Model):
    on_track: Share = 0.95
    at_risk: Share = 0.5


class PlanMeta(Model):
    title: Text
    start: Date
    deadline: Date
    id: Text | None = None
    currency: Text | None = None
    locale: Literal["en", "fr"] = "en"
    bands: Bands = Bands()
    gate: Gate = "error"
    min_ratio: Share | None = None
    min_pace: Share | None = None


class Indicator(Model):
    label: Text
    unit: Text
    target: Number | None = None
    baseline: Number = 0.0
    measure: Literal["level", "increment"] = "level"
    start: Date | None = None
    deadline: Date | None = None
    gate: Gate | None = None
    min_ratio: Share | None = None
    min_pace: Share | None = None
    ecosystem_targets: dict[Identifier, Number] = {}


class Milestone(Model):
    date: PartialDate
    title: Text
    done: bool | None = None
    indicators: list[Identifier] = []
    note: Text | None = None


class Axis(Model):
    name: Text
    status: Literal["planned", "in-progress", "done", "dropped"] = "planned"
    owner: Text | None = None
    due: Date | None = None


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


class Result(Model):
    indicator: Identifier
    date: Date
    value: Number
    source: Text | None = None
    note: Text | None = None
    ecosystem: Identifier | None = None
    recorded: dt.datetime | None = None


class Plan(Model):
    """A whole plan file."""

    plan: PlanMeta
    ecosystems: dict[Identifier, Text] = {}
    indicators: dict[Identifier, Indicator] = {}
    milestones: list[Milestone] = []
    pillars: list[Pillar] = []
    results: list[Result] = []
