"""Rules that relate several parts of a plan: pure functions, no I/O.

``cross_check`` returns the problems that make a plan unusable (a result for an
unknown indicator, a deadline before its start). It works on ``Parts``, what
passed its own checks, so that it can run on a plan with other problems: a key
with a problem of its own is left out of its table, and a rule that needs it
does not run, while every other rule does. ``advisories`` returns what
``offshore validate`` should warn about in a valid plan without refusing it;
the date it compares with (today) is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from offshore_cli.errors import Problem, dotted, quoted, shown
from offshore_cli.figures import column_digits, figure, is_money, message_locale, unit_after
from offshore_cli.i18n import LANGUAGES, _, ngettext
from offshore_cli.spec import Plan, Revision, trajectory_of, window


class Locator(Protocol):
    def line_of(self, loc: tuple[int | str, ...]) -> int | None: ...


class ResultRefs(Protocol):
    """What the rules read of a result: the names it refers to (``spec.Figure`` has them)."""

    @property
    def indicator(self) -> str | None: ...

    @property
    def ecosystem(self) -> str | None: ...


class PartialResult(NamedTuple):
    """The references of a result with a problem of its own; ``None`` where the key
    itself has a problem (or, for ``ecosystem``, is absent)."""

    indicator: str | None
    ecosystem: str | None


class Parts(NamedTuple):
    """What passed its own checks, as plain data. Each table (the plan's, an
    indicator's, a milestone's, a pillar's) maps its valid keys to their values,
    defaults included; a key with a problem is absent, a sub-table keeps its valid
    keys, and a list or table of entries keeps those without a problem (in a
    list, ``None`` stands for the others).
    ``ecosystems`` and ``indicators`` are ``None`` when their section is not even
    a table: nothing is known to be declared, so no reference to them is checked."""

    plan: Mapping[str, Any]
    ecosystems: Collection[str] | None
    indicators: Mapping[str, Mapping[str, Any]] | None
    milestones: Sequence[Mapping[str, Any]] = ()
    pillars: Sequence[Mapping[str, Any]] = ()
    results: Sequence[ResultRefs | None] = ()
    revisions: Sequence[Mapping[str, Any]] = ()


def parts_of(plan: Plan) -> Parts:
    """A plan already built (one read back from a cache entry) as ``Parts``, so that
    the same rules can check it again."""
    return Parts(plan={**plan.plan._asdict(), "bands": plan.plan.bands._asdict()},
                 ecosystems=set(plan.ecosystems),
                 indicators={ident: {**ind._asdict(), **ind.translations, "checkpoints": [
                     point._asdict() for point in ind.checkpoints]}
                     for ident, ind in plan.indicators.items()},
                 milestones=[milestone._asdict() for milestone in plan.milestones],
                 pillars=[pillar._asdict() for pillar in plan.pillars],
                 results=plan.results,
                 revisions=[revision._asdict() for revision in plan.revisions])


def cross_check(parts: Parts, source: str, locator: Locator) -> list[Problem]:
    """Every problem that spans more than one value, in the plan format's order."""
    problems: list[Problem] = []

    def add(loc: tuple[int | str, ...], message: str, hint: str) -> None:
        problems.append(Problem(source, dotted(loc), message, hint, locator.line_of(loc)))

    meta = parts.plan
    start, deadline = meta.get("start"), meta.get("deadline")
    if start is not None and deadline is not None and deadline <= start:
        add(("plan", "deadline"), _("{deadline} is not after the start {start}").format(
            deadline=deadline, start=start), _("the deadline must come after plan.start"))
    bands = meta.get("bands") or {}
    at_risk, on_track = bands.get("at_risk"), bands.get("on_track")
    if at_risk is not None and on_track is not None and at_risk > on_track:
        add(("plan", "bands", "at_risk"), _("{at_risk} is above on_track {on_track}").format(
            at_risk=at_risk, on_track=on_track), _("at_risk must be at most on_track"))
    ecosystems = parts.ecosystems
    for ident, indicator in (parts.indicators or {}).items():
        _check_indicator(("indicators", ident), indicator, meta, ecosystems, add)
    indicators = parts.indicators
    for index, milestone in enumerate(parts.milestones):
        for ref in milestone.get("indicators", ()):
            if indicators is not None and ref is not None and ref not in indicators:
                add(("milestones", index, "indicators"),
                    _("unknown indicator {name}").format(name=quoted(ref)),
                    _one_of(indicators, "indicators"))
    for index, pillar in enumerate(parts.pillars):
        axes, axis_count = pillar.get("axes"), pillar.get("axis_count")
        count = axes if isinstance(axes, int) else len(axes) if axes is not None else None
        if axis_count is not None and count is not None and axis_count != count:
            # Translators: the end of "says 3 axes but {listed}".
            listed = ngettext("{count} is listed", "{count} are listed", count).format(
                count=count)
            add(("pillars", index, "axis_count"),
                ngettext("says {declared} axis but {listed}", "says {declared} axes but {listed}",
                         axis_count).format(declared=axis_count, listed=listed),
                _("make axis_count match the [[pillars.axes]] entries, or remove it"))
    for index, result in enumerate(parts.results):
        if result is None:
            continue
        if (indicators is not None and result.indicator is not None
                and result.indicator not in indicators):
            add(("results", index, "indicator"),
                _("unknown indicator {name}").format(name=quoted(result.indicator)),
                _one_of(indicators, "indicators"))
        if (ecosystems is not None and result.ecosystem is not None
                and result.ecosystem not in ecosystems):
            add(("results", index, "ecosystem"),
                _("unknown ecosystem {name}").format(name=quoted(result.ecosystem)),
                _one_of(ecosystems, "ecosystems"))
    _check_revisions(parts, add)
    return problems


def revision_problems(plan: Plan, revision: Revision) -> list[tuple[str, str, str]]:
    """What the plan-wide rules say of ``revision`` appended to ``plan``: (the key of
    the revision at fault, or "" for the whole, message, hint)."""
    found: list[tuple[str, str, str]] = []
    new = len(plan.revisions)

    def add(loc: tuple[int | str, ...], message: str, hint: str) -> None:
        if loc[:2] == ("revisions", new):
            found.append((str(loc[2]) if len(loc) > 2 else "", message, hint))

    parts = parts_of(plan._replace(revisions=(*plan.revisions, revision)))
    _check_revisions(parts, add)
    return found


def _check_revisions(parts: Parts,
                     add: Callable[[tuple[int | str, ...], str, str], None]) -> None:
    """Each revision names an indicator with a target, changes its target, its
    deadline or both, is decided inside the indicator's window, before the
    deadline in force after it, and leaves a path that exists: a target apart from
    the baseline and, for a rate of growth, of the baseline's sign (the path on the
    revision date has that sign, so a rate can only lead to a target of it)."""
    indicators = parts.indicators
    meta = parts.plan
    # The deadline in force after each revision of an indicator, in date then file order.
    deadlines: dict[str, Any] = {}
    order = sorted((entry for entry in enumerate(parts.revisions) if entry[1]),
                   key=lambda entry: (entry[1].get("date") or dt.date.min, entry[0]))
    for index, revision in order:
        loc: tuple[int | str, ...] = ("revisions", index)
        ident = revision.get("indicator")
        if "target" in revision and "deadline" in revision and (
                revision["target"] is None and revision["deadline"] is None):
            add(loc, _("revises neither the target nor the deadline"),
                _("give the revised target, the revised deadline, or both"))
        if indicators is None or ident is None:
            continue
        indicator = indicators.get(ident)
        if indicator is None:
            add((*loc, "indicator"), _("unknown indicator {name}").format(name=quoted(ident)),
                _one_of(indicators, "indicators"))
            continue
        if indicator.get("target", 0.0) is None:
            add((*loc, "indicator"), _("{name} has no target to revise").format(
                name=quoted(ident)), _("give the indicator a target first; an indicator "
                                       "without one is only tracked"))
            continue
        if "start" not in indicator or "deadline" not in indicator:
            continue  # an own date with a problem: the window is unknown
        start = indicator["start"] or meta.get("start")
        deadline = deadlines.get(ident, indicator["deadline"] or meta.get("deadline"))
        when, new_deadline = revision.get("date"), revision.get("deadline")
        if new_deadline is not None:
            deadline = deadlines[ident] = new_deadline
        if when is not None and start is not None and when < start:
            add((*loc, "date"), _("{date} is before the indicator's start {start}").format(
                date=when, start=start), _("a revision is decided inside the indicator's window"))
        elif when is not None and deadline is not None and when >= deadline:
            add((*loc, "deadline" if new_deadline is not None else "date"),
                _("the deadline {deadline} is not after the revision date {date}").format(
                    deadline=deadline, date=when),
                _("a revised deadline comes after the date the revision was decided"))
        target, baseline = revision.get("target"), indicator.get("baseline")
        if target is None or baseline is None:
            continue
        if target == baseline:
            add((*loc, "target"), _("equals the baseline ({baseline})").format(
                baseline=_figures(meta, indicator, baseline)[0]),
                _("a revised target must differ from the baseline"))
        elif (indicator.get("trajectory") or meta.get("trajectory")) == "compound" and not (
                baseline * target > 0):
            shown_b, shown_t = _figures(meta, indicator, baseline, target)
            add((*loc, "target"), _("a compound path (baseline {baseline}) cannot reach "
                                    "{target} by a rate of growth").format(
                baseline=shown_b, target=shown_t),
                _("a compound path keeps the baseline's sign and never reaches 0: revise to a "
                  "target of that sign, or use trajectory = \"linear\""))


def _check_indicator(loc: tuple[int | str, ...], indicator: Mapping[str, Any],
                     meta: Mapping[str, Any], ecosystems: Collection[str] | None,
                     add: Callable[[tuple[int | str, ...], str, str], None]) -> None:
    # The indicator's own dates, else the plan's; only when both are known.
    if "start" in indicator and "deadline" in indicator and (
            indicator["start"] or indicator["deadline"]):
        start = indicator["start"] or meta.get("start")
        deadline = indicator["deadline"] or meta.get("deadline")
        if start is not None and deadline is not None and deadline <= start:
            add((*loc, "deadline" if indicator["deadline"] else "start"),
                _("deadline {deadline} is not after start {start}").format(
                    deadline=deadline, start=start),
                _("an indicator's deadline must come after its start"))
    target, baseline = indicator.get("target"), indicator.get("baseline")
    if target is not None and baseline is not None and target == baseline:
        add((*loc, "target"), _("equals the baseline ({baseline})").format(
            baseline=_figures(meta, indicator, baseline)[0]),
            _("a target must differ from the baseline; omit it to track only"))
    _check_trajectory(loc, indicator, meta, add)
    unit = indicator.get("unit")
    for lang in LANGUAGES:
        text = indicator.get(lang)
        if (unit is not None and isinstance(text, Mapping) and text.get("unit") is not None
                and is_money(unit, meta.get("currency"))):
            add((*loc, lang, "unit"), _("a money indicator's unit is its currency {unit}, "
                                        "which is not translated").format(unit=quoted(unit)),
                _("remove it: an amount is written in each language's way with the same "
                  "currency"))
    for eco, eco_target in indicator.get("ecosystem_targets", {}).items():
        if ecosystems is not None and eco not in ecosystems:
            add((*loc, "ecosystem_targets", eco), _("unknown ecosystem"),
                _one_of(ecosystems, "ecosystems"))
        elif eco_target == 0:
            add((*loc, "ecosystem_targets", eco), _("is 0"),
                _("an ecosystem's target is measured from zero and must not be 0; omit it "
                  "to track that ecosystem only"))


def _check_trajectory(loc: tuple[int | str, ...], indicator: Mapping[str, Any],
                      meta: Mapping[str, Any],
                      add: Callable[[tuple[int | str, ...], str, str], None]) -> None:
    """The path an indicator's trajectory draws must exist: a rate of growth needs a
    baseline and a target of one sign, neither 0; checkpoints lie strictly inside
    the window, one per date, and only a trajectory of checkpoints has any."""
    if "trajectory" not in indicator or "checkpoints" not in indicator:
        return  # one of them has a problem of its own
    own = indicator["trajectory"]
    kind = own or meta.get("trajectory")
    if kind is None:
        return
    # Where to point: the indicator's own `trajectory`, else its table.
    said = (*loc, "trajectory") if own else loc

    def named(name: str) -> str:
        return f'"{name}"' if own else _('the plan\'s trajectory "{name}"').format(name=name)

    target, baseline = indicator.get("target"), indicator.get("baseline")
    points = indicator["checkpoints"]
    if kind == "compound" and target is not None and baseline is not None and not (
            baseline * target > 0):
        shown_b, shown_t = _figures(meta, indicator, baseline, target)
        if baseline == 0:
            why = _("a baseline of 0 cannot grow by a rate")
        elif target == 0:
            why = _("no rate of growth reaches 0")
        else:
            why = _("a rate of growth cannot cross 0")
        add(said, _("{trajectory} needs a baseline and a target of the same sign, neither 0 "
                    "(baseline {baseline}, target {target})").format(
            trajectory=named("compound"), baseline=shown_b, target=shown_t),
            _("{why}: give the value at the start as the baseline, or use "
              "trajectory = \"linear\"").format(why=why))
    if points and kind != "checkpoints":
        add((*loc, "checkpoints"), _("are used only by trajectory = \"checkpoints\", and this "
                                     "indicator's is {trajectory}").format(trajectory=named(kind)),
            _("set trajectory = \"checkpoints\" on the indicator, or remove the checkpoints"))
        return
    if kind != "checkpoints" or "target" not in indicator:
        return
    if target is None:
        if points:
            add((*loc, "checkpoints"), _("lead to a target, and this indicator has none"),
                _("give it a target, or remove the checkpoints"))
        return
    if not points:
        add(said, _("{trajectory} needs at least one checkpoint").format(
            trajectory=named("checkpoints")),
            # Translators: the braces are TOML's, written as they are (no placeholder).
            _("list the interim commitments: checkpoints = [{date = 2016-12-31, value = "
              "10000}], or use trajectory = \"linear\""))
        return
    start = indicator.get("start", None) or meta.get("start")
    deadline = indicator.get("deadline", None) or meta.get("deadline")
    if "start" not in indicator or "deadline" not in indicator:
        start = deadline = None  # an own date with a problem: the window is unknown
    seen: dict[dt.date, int] = {}
    for index, point in enumerate(points):
        when = point.get("date") if point is not None else None
        if when is None:
            continue
        if start is not None and deadline is not None and not start < when < deadline:
            add((*loc, "checkpoints", index, "date"),
                _("{date} is not strictly between the start {start} and the deadline "
                  "{deadline}").format(date=when, start=start, deadline=deadline),
                _("a checkpoint is an interim commitment: the baseline is the value at the "
                  "start and the target the value at the deadline"))
        elif when in seen:
            add((*loc, "checkpoints", index, "date"),
                _("{date} is also the date of checkpoints[{index}]").format(
                    date=when, index=seen[when]),
                _("give each checkpoint a date of its own"))
        seen.setdefault(when, index)


def advisories(plan: Plan, source: str, locator: Locator, today: dt.date) -> list[Problem]:
    """Warnings about a valid plan: legal but probably unintended, as of ``today``."""
    warnings: list[Problem] = []

    def warn(loc: tuple[int | str, ...], message: str, hint: str = "") -> None:
        warnings.append(Problem(source, dotted(loc), message, hint, locator.line_of(loc)))

    for ident, ind in plan.indicators.items():
        if ind.ecosystem_targets and ind.target is not None:
            total = sum(ind.ecosystem_targets.values())
            if abs(total - ind.target) > 1e-9 * max(1.0, abs(ind.target)):
                total_shown, target_shown = _figures(plan.plan._asdict(), ind._asdict(), total,
                                                     ind.target)
                warn(("indicators", ident, "ecosystem_targets"),
                     _("add up to {total}, not the target {target}").format(
                         total=total_shown, target=target_shown),
                     _("per-ecosystem targets usually share out the indicator's target"))
        if ind.target is not None and trajectory_of(plan.plan, ind) == "checkpoints":
            for index, point in enumerate(ind.checkpoints):
                if (point.value - ind.baseline) * (ind.target - ind.baseline) < 0:
                    value, baseline = _figures(plan.plan._asdict(), ind._asdict(), point.value,
                                               ind.baseline)
                    warn(("indicators", ident, "checkpoints", index, "value"),
                         _("{value} is short of the baseline {baseline}: where the path runs "
                           "short of the baseline, the expected ratio is negative and the pace "
                           "means nothing").format(value=value, baseline=baseline),
                         _("keep the checkpoints on the target's side of the baseline"))
    first_revision: dict[str, tuple[dt.date, int]] = {}
    for index, revision in enumerate(plan.revisions):
        if revision.indicator not in first_revision or (
                revision.date < first_revision[revision.indicator][0]):
            first_revision[revision.indicator] = (revision.date, index)
    for ident, (revised_on, _first) in first_revision.items():
        ind = plan.indicators[ident]
        if trajectory_of(plan.plan, ind) != "checkpoints":
            continue
        for index, point in enumerate(ind.checkpoints):
            if point.date > revised_on:
                warn(("indicators", ident, "checkpoints", index, "date"),
                     _("{date} is after the revision of {revised_on}: this checkpoint no "
                       "longer applies").format(date=point.date, revised_on=revised_on),
                     _("after a revision the path runs straight to the revised target; "
                       "remove the checkpoint, or keep it as a record"))
    starts = {ident: window(plan.plan, ind)[0] for ident, ind in plan.indicators.items()}
    for index, result in enumerate(plan.results):
        start = starts[result.indicator]
        if result.date < start:
            warn(("results", index, "date"),
                 _("dated before the indicator's start {start}: progress is measured from "
                   "the start; put the starting value in `baseline`").format(start=start))
        if result.date > today:
            warn(("results", index, "date"),
                 _("dated in the future (today is {today}): status ignores it until "
                   "then").format(today=today))
    return warnings


def _figures(meta: Mapping[str, Any], indicator: Mapping[str, Any], *values: float
             ) -> list[str]:
    """An indicator's figures as a message shows them: in the locale of messages
    (``figures.message_locale``: the run's language, or the plan's locale) and the
    indicator's unit, with the digits that keep different figures apart. A locale
    or unit with a problem of its own is left out (English, no unit)."""
    plan_locale = meta.get("locale")
    locale = message_locale(plan_locale if isinstance(plan_locale, str) else None)
    unit = indicator.get("unit")
    unit = unit if isinstance(unit, str) else None
    money = unit is not None and is_money(unit, meta.get("currency"))
    digits = column_digits(values, money, locale)
    written = [figure(value, money, locale, digits) for value in values]
    return [text + (f" {unit_after(text, unit, money)}" if unit else "") for text in written]


def _one_of(names: Collection[str], table: str) -> str:
    """The hint for an unknown indicator or ecosystem: the known ones (``table`` is
    ``indicators`` or ``ecosystems``)."""
    if not names:
        return _("declare it under [{table}] first").format(table=table)
    listed = ", ".join(shown(name) for name in sorted(names)[:12])
    known = _("known indicators: {names}") if table == "indicators" else _(
        "known ecosystems: {names}")
    return known.format(names=listed)
