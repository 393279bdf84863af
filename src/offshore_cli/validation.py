"""Validate parsed TOML into a ``spec.Plan``, or explain every problem at once.

The pydantic models in ``models.py`` define what a plan may contain. Each part
of a plan is checked on its own: the plan table, the ecosystems, each
indicator, milestone, pillar and result. A part with a problem hides nothing:
its valid keys, and the other parts, still go through the rules that relate
several parts (``consistency.py``), so one run lists every problem, in file
order, each with its line (``locator.py``) in plain words (``explain.py``).

Results, which are most of a large plan, take a fast path: a figure whose every
value is plainly of the right kind (``rules.plain_figure``) is accepted as it
is, and the pydantic model sees only a figure that is not, so the rules and the
messages stay the models'.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, TypeVar, cast, get_origin

from pydantic import TypeAdapter, ValidationError

from offshore_cli import models, spec
from offshore_cli.consistency import PartialResult, Parts, ResultRefs, cross_check
from offshore_cli.errors import PlanError
from offshore_cli.explain import is_union_tag, problem_from_pydantic
from offshore_cli.i18n import _
from offshore_cli.locator import LazyLocator, LineLocator, in_file_order
from offshore_cli.rules import plain_figure

__all__ = ["LazyLocator", "LineLocator", "build", "plan_from_data"]

Model = TypeVar("Model", bound=models.Model)
Error = Mapping[str, Any]  # a pydantic error, its ``loc`` counted from the top of the plan

ECOSYSTEMS: TypeAdapter[dict[str, str]] = TypeAdapter(dict[models.Identifier, models.Text])
IDENTIFIER: TypeAdapter[str] = TypeAdapter(models.Identifier)


def build(data: dict[str, Any], text: str, source: str) -> spec.Plan:
    """Validate parsed TOML into a plan, or raise ``PlanError`` with every problem."""
    errors: list[Error] = [_error("extra_forbidden", (key,)) for key in data
                           if key not in models.PlanFile.model_fields]
    if "plan" in data:
        meta, meta_values = _table(models.PlanMeta, data["plan"], ("plan",), errors)
    else:
        errors.append(_error("missing", ("plan",)))
        meta, meta_values = None, {}
    ecosystems, declared_ecosystems = _ecosystems(data.get("ecosystems", {}), errors)
    indicators, indicator_values = _indicators(data.get("indicators", {}), errors)
    milestones, milestone_values = _items(models.Milestone, data.get("milestones", []),
                                          "milestones", errors)
    pillars, pillar_values = _items(models.Pillar, data.get("pillars", []), "pillars", errors)
    results = _results(data.get("results", []), errors)
    revisions, revision_values = _items(models.Revision, data.get("revisions", []),
                                        "revisions", errors)
    parts = Parts(plan=meta_values, ecosystems=declared_ecosystems,
                  indicators=indicator_values, milestones=milestone_values,
                  pillars=pillar_values, results=results, revisions=revision_values)
    locator = LazyLocator(text)
    problems = [problem_from_pydantic(err, source, locator) for err in errors]
    problems += cross_check(parts, source, locator)
    if problems:
        raise PlanError(in_file_order(problems))
    # With no problem, every part validated whole.
    assert meta is not None and ecosystems is not None and indicators is not None
    return to_spec(meta, ecosystems, indicators, milestones, pillars,
                   cast("list[spec.Figure]", results), revisions)


def _error(kind: str, loc: tuple[int | str, ...], **context: Any) -> Error:
    return {"type": kind, "loc": loc, "ctx": context}


def _not_tables(section: str) -> Error:
    return _error("value_error", (section,),
                  error=_("must be [[{section}]] tables").format(section=section))


def _table(model: type[Model], raw: Any, loc: tuple[int | str, ...],
           errors: list[Error]) -> tuple[Model | None, dict[str, Any]]:
    """One table checked by ``model``: the model when it is valid, and the values
    of its valid keys as plain data (see ``consistency.Parts``)."""
    try:
        whole = model.model_validate(raw)
    except ValidationError as exc:
        found = exc.errors()
        errors.extend({**err, "loc": (*loc, *err["loc"])} for err in found)
        if not isinstance(raw, dict):
            return None, {}
        inside = [tuple(part for part in err["loc"] if not is_union_tag(part)) for err in found]
        return None, _valid_keys(model, raw, inside)
    return whole, whole.model_dump()


_WRONG = object()  # a value with a problem of its own, left out


def _valid_keys(model: type[models.Model], raw: dict[str, Any],
                problems: Sequence[tuple[int | str, ...]]) -> dict[str, Any]:
    """The keys of ``raw`` without a problem, defaults included, as plain data.
    ``problems`` are the places of the problems, from ``raw``'s level down."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        inside = [loc[1:] for loc in problems if loc and loc[0] == name]
        if name in raw:
            value = _valid_part(model, name, raw[name], inside)
        elif inside or field.is_required():
            value = _WRONG
        else:
            value = _field_adapter(model, name).dump_python(
                field.get_default(call_default_factory=True))
        if value is not _WRONG:
            values[name] = value
    return values


def _valid_part(model: type[models.Model], name: str, value: Any,
                inside: Sequence[tuple[int | str, ...]]) -> Any:
    """A key's value as plain data, or what is valid of it: a sub-table keeps its
    valid keys, a list or table of entries those without a problem (a list keeps
    its length, ``None`` standing for each entry with one), so that a rule that
    reads the rest, or counts, still runs. ``_WRONG`` when nothing is usable."""
    adapter = _field_adapter(model, name)
    if not inside:
        # The model accepted this value: alone, it validates the same.
        return adapter.dump_python(adapter.validate_python(value))
    if any(not loc for loc in inside):
        return _WRONG  # the value as a whole is wrong
    annotation = model.model_fields[name].annotation
    if isinstance(value, dict) and isinstance(annotation, type) and issubclass(
            annotation, models.Model):
        return _valid_keys(annotation, value, inside)
    bad = {loc[0] for loc in inside}
    try:
        if isinstance(value, list):
            kept = iter(adapter.dump_python(adapter.validate_python(
                [item for index, item in enumerate(value) if index not in bad])))
            return [None if index in bad else next(kept) for index in range(len(value))]
        if isinstance(value, dict) and get_origin(annotation) is dict:
            return adapter.dump_python(adapter.validate_python(
                {key: item for key, item in value.items() if key not in bad}))
    except ValidationError:
        pass  # a rule on the whole (a length, say) that the rest breaks too
    return _WRONG


@functools.cache
def _field_adapter(model: type[models.Model], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    annotation: Any = (Annotated[(field.annotation, *field.metadata)]
                       if field.metadata else field.annotation)
    return TypeAdapter(annotation)


def _ecosystems(raw: Any, errors: list[Error]
                ) -> tuple[dict[str, str] | None, frozenset[str] | None]:
    """The ecosystems when valid, and the ids declared (even invalid ones, which
    are reported once, as such, and not again wherever they are named)."""
    try:
        return ECOSYSTEMS.validate_python(raw), frozenset(raw)
    except ValidationError as exc:
        errors.extend({**err, "loc": ("ecosystems", *err["loc"])} for err in exc.errors())
    return None, frozenset(raw) if isinstance(raw, dict) else None


def _indicators(raw: Any, errors: list[Error]
                ) -> tuple[dict[str, models.Indicator] | None, dict[str, dict[str, Any]] | None]:
    """Each indicator checked on its own: the valid ones (``None`` if any is not)
    and, for every id declared, the values of its valid keys."""
    if not isinstance(raw, dict):
        errors.append(_error("dict_type", ("indicators",)))
        return None, None
    valid: dict[str, models.Indicator] | None = {}
    values: dict[str, dict[str, Any]] = {}
    for ident, body in raw.items():
        try:
            IDENTIFIER.validate_python(ident)
        except ValidationError as exc:
            errors.extend({**err, "loc": ("indicators", ident)} for err in exc.errors())
            valid = None
        model, values[ident] = _table(models.Indicator, body, ("indicators", ident), errors)
        if model is None:
            valid = None
        elif valid is not None:
            valid[ident] = model
    return valid, values


def _items(model: type[Model], raw: Any, section: str, errors: list[Error]
           ) -> tuple[list[Model], list[dict[str, Any]]]:
    """Each table of an array of tables checked on its own."""
    if not isinstance(raw, list):
        errors.append(_not_tables(section))
        return [], []
    valid: list[Model] = []
    values: list[dict[str, Any]] = []
    for index, entry in enumerate(raw):
        item, item_values = _table(model, entry, (section, index), errors)
        if item is not None:
            valid.append(item)
        values.append(item_values)
    return valid, values


def _results(raw: Any, errors: list[Error]) -> list[ResultRefs | None]:
    """The figures; for a result with a problem, what it refers to (or ``None``)."""
    if not isinstance(raw, list):
        errors.append(_not_tables("results"))
        return []
    figures: list[ResultRefs | None] = []
    for entry in raw:
        figure: ResultRefs | None = plain_figure(entry) if type(entry) is dict else None
        if figure is None:
            result, values = _table(models.Result, entry, ("results", len(figures)), errors)
            figure = (figure_of(result) if result is not None else
                      PartialResult(values.get("indicator"), values.get("ecosystem"))
                      if values else None)
        figures.append(figure)
    return figures


def figure_of(result: models.Result) -> spec.Figure:
    return spec.Figure(result.indicator, result.date, result.value, result.ecosystem,
                       result.source, result.note, result.recorded)


def revision_of(revision: models.Revision) -> spec.Revision:
    return spec.Revision(revision.indicator, revision.date, revision.reason, revision.target,
                         revision.deadline, revision.source)


def to_spec(meta: models.PlanMeta, ecosystems: Mapping[str, str],
            indicators: Mapping[str, models.Indicator],
            milestones: Sequence[models.Milestone], pillars: Sequence[models.Pillar],
            figures: Sequence[spec.Figure],
            revisions: Sequence[models.Revision] = ()) -> spec.Plan:
    """The validated parts of a plan, as a spec."""
    return spec.Plan(
        plan=spec.PlanMeta(
            title=meta.title, start=meta.start, deadline=meta.deadline, id=meta.id,
            currency=meta.currency, locale=meta.locale,
            bands=spec.Bands(meta.bands.on_track, meta.bands.at_risk), gate=meta.gate,
            min_ratio=meta.min_ratio, min_pace=meta.min_pace, trajectory=meta.trajectory,
            translations=models.translations(meta)),
        ecosystems=dict(ecosystems),
        indicators={ident: spec.Indicator(
            label=ind.label, unit=ind.unit, target=ind.target, baseline=ind.baseline,
            measure=ind.measure, start=ind.start, deadline=ind.deadline, gate=ind.gate,
            min_ratio=ind.min_ratio, min_pace=ind.min_pace,
            ecosystem_targets=dict(ind.ecosystem_targets), trajectory=ind.trajectory,
            checkpoints=tuple(spec.Checkpoint(c.date, c.value) for c in ind.checkpoints),
            translations=models.translations(ind))
            for ident, ind in indicators.items()},
        milestones=tuple(spec.Milestone(date=m.date, title=m.title, done=m.done,
                                        indicators=tuple(m.indicators), note=m.note,
                                        translations=models.translations(m))
                         for m in milestones),
        pillars=tuple(spec.Pillar(
            name=p.name, original_name=p.original_name,
            axes=p.axes if isinstance(p.axes, int) else tuple(
                spec.Axis(a.name, a.status, a.owner, a.due, models.translations(a))
                for a in p.axes),
            axis_count=p.axis_count, translations=models.translations(p)) for p in pillars),
        results=tuple(figures),
        revisions=tuple(revision_of(r) for r in revisions),
    )


def plan_from_data(data: dict[str, Any], source: str = "<data>") -> spec.Plan:
    """A plan from a dict shaped like the TOML file (for library use and tests)."""
    return build(data, "", source)
