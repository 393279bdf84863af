"""The validated plan as plain, immutable named tuples: what the engine, the renderers
and the cache work with.

``models.py`` (pydantic) checks a plan file; ``plan.py`` turns what it accepts into
these types. Keeping the working types free of pydantic keeps a cached plan quick
to load: a command that finds its plan in the cache never imports the validator.
Field names are the plan format's keys, but for ``translations`` (an item's text in
other languages, from its tables named by a language's code).
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

# An item's text in other languages, ``{language: {field: text}}`` (the plan's
# ``[plan.fr]``, ``[indicators.ID.fr]``, a milestone's, pillar's or axis's ``fr``
# table): only its text fields, and only those the table gives (``in_language``).
Translations = Mapping[str, Mapping[str, str]]
NO_TRANSLATIONS: Translations = MappingProxyType({})


class Bands(NamedTuple):
    on_track: float = 0.95
    at_risk: float = 0.5


TRAJECTORIES = ("linear", "compound", "checkpoints")


class PlanMeta(NamedTuple):
    title: str
    start: dt.date
    deadline: dt.date
    id: str | None = None
    currency: str | None = None
    locale: str | None = None  # None: the plan does not say (see i18n.resolve)
    bands: Bands = Bands()
    gate: str = "error"
    min_ratio: float | None = None
    min_pace: float | None = None
    trajectory: str = "linear"
    translations: Translations = NO_TRANSLATIONS


class Checkpoint(NamedTuple):
    """An interim commitment on an indicator's path: the value due by a date."""

    date: dt.date
    value: float


class Indicator(NamedTuple):
    label: str
    unit: str
    target: float | None = None
    baseline: float = 0.0
    measure: str = "level"
    start: dt.date | None = None
    deadline: dt.date | None = None
    gate: str | None = None
    min_ratio: float | None = None
    min_pace: float | None = None
    ecosystem_targets: Mapping[str, float] = MappingProxyType({})
    trajectory: str | None = None  # None: the plan's
    checkpoints: tuple[Checkpoint, ...] = ()
    translations: Translations = NO_TRANSLATIONS


class Milestone(NamedTuple):
    date: dt.date | str
    title: str
    done: bool | None = None
    indicators: tuple[str, ...] = ()
    note: str | None = None
    translations: Translations = NO_TRANSLATIONS


class Axis(NamedTuple):
    name: str
    status: str = "planned"
    owner: str | None = None
    due: dt.date | None = None
    translations: Translations = NO_TRANSLATIONS


class Pillar(NamedTuple):
    name: str
    original_name: str | None = None
    axes: int | tuple[Axis, ...] = 0
    axis_count: int | None = None
    translations: Translations = NO_TRANSLATIONS


class Figure(NamedTuple):
    """One ``[[results]]`` entry."""

    indicator: str
    date: dt.date
    value: float
    ecosystem: str | None = None
    source: str | None = None
    note: str | None = None
    recorded: dt.datetime | None = None


class Revision(NamedTuple):
    """One ``[[revisions]]`` entry: the target and/or deadline of an indicator as
    revised on ``date`` (``None``: unchanged by this revision)."""

    indicator: str
    date: dt.date
    reason: str
    target: float | None = None
    deadline: dt.date | None = None
    source: str | None = None


class Plan(NamedTuple):
    """A whole validated plan; ``results`` and ``revisions`` in file order."""

    plan: PlanMeta
    ecosystems: Mapping[str, str] = MappingProxyType({})
    indicators: Mapping[str, Indicator] = MappingProxyType({})
    milestones: tuple[Milestone, ...] = ()
    pillars: tuple[Pillar, ...] = ()
    results: Sequence[Figure] = ()
    revisions: tuple[Revision, ...] = ()


def window(meta: PlanMeta, indicator: Indicator) -> tuple[dt.date, dt.date]:
    """An indicator's start and deadline: its own, else the plan's."""
    return indicator.start or meta.start, indicator.deadline or meta.deadline


def trajectory_of(meta: PlanMeta, indicator: Indicator) -> str:
    """An indicator's trajectory: its own, else the plan's."""
    return indicator.trajectory or meta.trajectory


_Item = TypeVar("_Item", PlanMeta, Indicator, Milestone, Pillar, Axis)


def in_language(plan: Plan, lang: str) -> Plan:
    """``plan`` with its own text (title, labels, units, milestone titles, pillar and
    axis names) in ``lang`` where the plan gives it; any other text as written."""
    if not _translated(plan, lang):
        return plan
    return plan._replace(
        plan=_said(plan.plan, lang),
        indicators={ident: _said(indicator, lang) for ident, indicator in plan.indicators.items()},
        milestones=tuple(_said(milestone, lang) for milestone in plan.milestones),
        pillars=tuple(_said(pillar, lang)._replace(
            axes=pillar.axes if isinstance(pillar.axes, int) else tuple(
                _said(axis, lang) for axis in pillar.axes)) for pillar in plan.pillars))


def _said(item: _Item, lang: str) -> _Item:
    text: Mapping[str, Any] | None = item.translations.get(lang)
    return item._replace(**text) if text else item


def _translated(plan: Plan, lang: str) -> bool:
    """Whether any item of ``plan`` has text in ``lang``."""
    return bool(lang in plan.plan.translations
                or any(lang in indicator.translations for indicator in plan.indicators.values())
                or any(lang in milestone.translations for milestone in plan.milestones)
                or any(lang in pillar.translations or (not isinstance(pillar.axes, int) and any(
                    lang in axis.translations for axis in pillar.axes))
                    for pillar in plan.pillars))
