"""Validate parsed TOML into a ``spec.Plan``, or explain every problem.

The pydantic models in ``models.py`` define what a plan may contain. Results,
which are most of a large plan, take a fast path: a figure whose every value is
plainly of the right kind is accepted as it is, and the pydantic model sees the
figures only when one is not (so the rules and the messages stay the models').
Problems name the file, the place, its line and what would be right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from offshore_cli import models, spec
from offshore_cli.consistency import cross_check
from offshore_cli.errors import PlanError, Problem, dotted
from offshore_cli.locator import LazyLocator, LineLocator
from offshore_cli.rules import plain_figure

__all__ = ["LazyLocator", "LineLocator", "build", "plan_from_data"]


def build(data: dict[str, Any], text: str, source: str) -> spec.Plan:
    """Validate parsed TOML into a plan, collecting every problem."""
    raw_results = data.get("results", [])
    rest = {key: value for key, value in data.items() if key != "results"}
    errors: list[Mapping[str, Any]] = []
    meta: Any = None
    try:
        meta = models.PlanFile.model_validate(rest)
    except ValidationError as exc:
        errors.extend(exc.errors())
    figures = fast_figures(raw_results)
    if figures is None:
        try:
            checked = models.RESULTS.validate_python(raw_results)
            figures = [figure_of(result) for result in checked]
        except ValidationError as exc:
            errors.extend({**err, "loc": ("results", *err["loc"])} for err in exc.errors())
    if errors or meta is None or figures is None:
        locator = LineLocator(text)
        errors.sort(key=lambda err: _file_order(err["loc"]))
        raise PlanError([_problem_from_pydantic(err, source, locator) for err in errors])
    plan = to_spec(meta, figures)
    problems = cross_check(plan, source, LazyLocator(text))
    if problems:
        raise PlanError(problems)
    return plan


def _file_order(loc: Sequence[int | str]) -> int:
    # Report problems in the order of the plan format's sections.
    order = ("plan", "ecosystems", "indicators", "milestones", "pillars", "results")
    head = loc[0] if loc else ""
    return order.index(head) if head in order else len(order)


def fast_figures(raw: Any) -> list[spec.Figure] | None:
    """The figures, when each is plainly valid; ``None`` sends them to pydantic."""
    if not isinstance(raw, list):
        return None
    figures = []
    for entry in raw:
        figure = plain_figure(entry) if isinstance(entry, dict) else None
        if figure is None:
            return None
        figures.append(figure)
    return figures


def figure_of(result: Any) -> spec.Figure:
    return spec.Figure(result.indicator, result.date, result.value, result.ecosystem,
                       result.source, result.note, result.recorded)


def to_spec(model: Any, figures: Sequence[spec.Figure]) -> spec.Plan:
    """The validated pydantic plan (without its results) and the figures, as a spec."""
    meta = model.plan
    return spec.Plan(
        plan=spec.PlanMeta(
            title=meta.title, start=meta.start, deadline=meta.deadline, id=meta.id,
            currency=meta.currency, locale=meta.locale,
            bands=spec.Bands(meta.bands.on_track, meta.bands.at_risk), gate=meta.gate,
            min_ratio=meta.min_ratio, min_pace=meta.min_pace),
        ecosystems=dict(model.ecosystems),
        indicators={ident: spec.Indicator(
            label=ind.label, unit=ind.unit, target=ind.target, baseline=ind.baseline,
            measure=ind.measure, start=ind.start, deadline=ind.deadline, gate=ind.gate,
            min_ratio=ind.min_ratio, min_pace=ind.min_pace,
            ecosystem_targets=dict(ind.ecosystem_targets))
            for ident, ind in model.indicators.items()},
        milestones=tuple(spec.Milestone(date=m.date, title=m.title, done=m.done,
                                        indicators=tuple(m.indicators), note=m.note)
                         for m in model.milestones),
        pillars=tuple(spec.Pillar(
            name=p.name, original_name=p.original_name,
            axes=p.axes if isinstance(p.axes, int) else tuple(
                spec.Axis(a.name, a.status, a.owner, a.due) for a in p.axes),
            axis_count=p.axis_count) for p in model.pillars),
        results=tuple(figures),
    )


def plan_from_data(data: dict[str, Any], source: str = "<data>") -> spec.Plan:
    """A plan from a dict shaped like the TOML file (for library use and tests)."""
    return build(data, "", source)


def _problem_from_pydantic(err: Mapping[str, Any], source: str, locator: LineLocator) -> Problem:
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
    kind = err["type"]
    if kind == "extra_forbidden":
        message, hint = "unknown key", _closest_key_hint(loc)
    elif kind == "missing":
        message, hint = "is required", "see docs/plan-format.md"
    else:
        message = str(err["msg"])
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        hint = ""
    return Problem(source, dotted(loc), message, hint, line=locator.line_of(loc))


def _is_union_tag(part: int | str) -> bool:
    # pydantic names the branch it tried inside a union ("int", "list[Axis]",
    # "constrained-int") in error locations; they are not places in the file.
    return isinstance(part, str) and (
        "[" in part or "(" in part or part in {"int", "constrained-int", "axis-count", "axis-list"}
    )


def _closest_key_hint(loc: tuple[int | str, ...]) -> str:
    import difflib

    by_depth: dict[tuple[str, ...], type[models.Model]] = {
        (): models.PlanFile, ("plan",): models.PlanMeta, ("plan", "bands"): models.Bands,
        ("indicators", "*"): models.Indicator, ("milestones", "*"): models.Milestone,
        ("pillars", "*"): models.Pillar, ("pillars", "*", "axes", "*"): models.Axis,
        ("results", "*"): models.Result,
    }
    parent = tuple("*" if isinstance(p, int) or (i > 0 and loc[i - 1] == "indicators") else p
                   for i, p in enumerate(loc[:-1]))
    model = by_depth.get(tuple(str(p) for p in parent))
    if model is None:
        return "remove it or check its spelling"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "allowed here: " + ", ".join(allowed)
