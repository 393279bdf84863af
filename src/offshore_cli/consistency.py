"""Rules that relate several parts of a validated plan.

``cross_check`` returns the problems that make a plan unusable (a result for an
unknown indicator, a deadline before its start); ``advisories`` returns what
``offshore validate`` should warn about without refusing the plan.
"""

from __future__ import annotations

from typing import Protocol

from offshore_cli.errors import Problem, dotted
from offshore_cli.spec import Plan, window


class Locator(Protocol):
    def line_of(self, loc: tuple[int | str, ...]) -> int | None: ...


def cross_check(plan: Plan, source: str, locator: Locator) -> list[Problem]:
    """Every problem that spans more than one value, in file order."""
    problems: list[Problem] = []

    def add(loc: tuple[int | str, ...], message: str, hint: str) -> None:
        problems.append(Problem(source, dotted(loc), message, hint, locator.line_of(loc)))

    meta = plan.plan
    if meta.deadline <= meta.start:
        add(("plan", "deadline"), f"{meta.deadline} is not after the start {meta.start}",
            "the deadline must come after plan.start")
    if meta.bands.at_risk > meta.bands.on_track:
        add(("plan", "bands", "at_risk"),
            f"{meta.bands.at_risk} is above on_track {meta.bands.on_track}",
            "at_risk must be at most on_track")
    ecosystems = set(plan.ecosystems)
    for ident, ind in plan.indicators.items():
        start, deadline = window(meta, ind)
        if (ind.start or ind.deadline) and deadline <= start:
            add(("indicators", ident, "deadline" if ind.deadline else "start"),
                f"deadline {deadline} is not after start {start}",
                "an indicator's deadline must come after its start")
        if ind.target is not None and ind.target == ind.baseline:
            add(("indicators", ident, "target"), f"equals the baseline ({_num(ind.baseline)})",
                "a target must differ from the baseline; omit it to track only")
        for eco, eco_target in ind.ecosystem_targets.items():
            if eco not in ecosystems:
                add(("indicators", ident, "ecosystem_targets", eco), "unknown ecosystem",
                    _one_of(ecosystems, "ecosystems"))
            elif eco_target == 0:
                add(("indicators", ident, "ecosystem_targets", eco), "is 0",
                    "an ecosystem's target is measured from zero and must not be 0; omit it "
                    "to track that ecosystem only")
    for index, milestone in enumerate(plan.milestones):
        for ref in milestone.indicators:
            if ref not in plan.indicators:
                add(("milestones", index, "indicators"), f"unknown indicator {ref!r}",
                    _one_of(set(plan.indicators), "indicators"))
    for index, pillar in enumerate(plan.pillars):
        count = pillar.axes if isinstance(pillar.axes, int) else len(pillar.axes)
        if pillar.axis_count is not None and pillar.axis_count != count:
            add(("pillars", index, "axis_count"),
                f"says {pillar.axis_count} axes but {count} are listed",
                "make axis_count match the [[pillars.axes]] entries, or remove it")
    for index, result in enumerate(plan.results):
        if result.indicator not in plan.indicators:
            add(("results", index, "indicator"), f"unknown indicator {result.indicator!r}",
                _one_of(set(plan.indicators), "indicators"))
        if result.ecosystem is not None and result.ecosystem not in ecosystems:
            add(("results", index, "ecosystem"), f"unknown ecosystem {result.ecosystem!r}",
                _one_of(ecosystems, "ecosystems"))
    return problems


def advisories(plan: Plan, source: str, locator: Locator) -> list[Problem]:
    """Warnings: legal but probably unintended."""
    warnings: list[Problem] = []
    for ident, ind in plan.indicators.items():
        if ind.ecosystem_targets and ind.target is not None:
            total = sum(ind.ecosystem_targets.values())
            if abs(total - ind.target) > 1e-9 * max(1.0, abs(ind.target)):
                loc: tuple[int | str, ...] = ("indicators", ident, "ecosystem_targets")
                warnings.append(Problem(
                    source, f"indicators.{ident}.ecosystem_targets",
                    f"add up to {_num(total)}, not the target {_num(ind.target)}",
                    "per-ecosystem targets usually share out the indicator's target",
                    locator.line_of(loc)))
    return warnings


def _num(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _one_of(names: set[str], table: str) -> str:
    if not names:
        return f"declare it under [{table}] first"
    listed = ", ".join(sorted(names)[:12])
    return f"known {table}: {listed}"
