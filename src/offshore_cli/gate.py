"""The CI gate: per-indicator verdicts on thresholds, pure like the engine.

An indicator is gated unless it has no target, its gate is ``off`` or it is not
among ``only``. A gated indicator fails on a status listed in ``fail_on`` or a
ratio or pace below its minimum, and warns on a status listed in ``warn_on``;
a gate set to ``warn`` turns its failures into warnings. A minimum on a ratio or
pace that is undefined warns: it cannot pass silently. Minimums are compared at
the precision shown on screen (``PERCENT_DECIMALS`` decimals of a percent, which
``render.fmt.percent`` uses too), so a ratio shown as 90.0% never fails a
minimum of 0.9. A minimum above ``rules.MAX_MINIMUM`` is refused: it is a
percent typed where a fraction is meant.

``check`` with ``only`` that selects no gated indicator is a usage error
("nothing to check"); without ``only``, ``nothing_to_check`` says why a plan
gates nothing, for the command layer's warning.

The verdicts are language-free: outcomes, statuses and numbers, and for an
indicator not gated an English reason (``SKIP_REASONS``) that the renderers word
in the run's language. The errors this module raises are messages for a person
and are translated where they are made (``offshore_cli.i18n``).
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from offshore_cli.errors import Problem, UsageError
from offshore_cli.i18n import N_, _, ngettext
from offshore_cli.progress import (
    NOTHING_EXPECTED,
    STATUSES,
    IndicatorProgress,
    PlanReport,
    evaluate,
)
from offshore_cli.rules import minimum_problem
from offshore_cli.series import SeriesMap
from offshore_cli.spec import Bands, Plan

DEFAULT_FAIL_ON = frozenset({"off-track", "missed", "overdue"})
DEFAULT_WARN_ON = frozenset({"at-risk", "no-data", "achieved-late"})
PASS, WARN, FAIL, SKIP = "pass", "warn", "fail", "skip"
# Why an indicator is not gated (``Verdict.skipped_because``), in the JSON as they are.
NO_TARGET = N_("no target: tracked only")
GATE_OFF = N_("gate is off")
NOT_IN_ONLY = N_("not in --only")
SKIP_REASONS = (NO_TARGET, GATE_OFF, NOT_IN_ONLY)
DEFAULT_BANDS = Bands()
PERCENT_DECIMALS = 1
"""Decimals of a percent, on screen and in the gate's comparisons alike."""


def shown_percent(ratio: float) -> float:
    """A ratio as displayed: a percent rounded to ``PERCENT_DECIMALS`` decimals
    (0.89996 -> 90.0)."""
    return round(ratio * 100, PERCENT_DECIMALS)


class CheckOptions(NamedTuple):
    """Thresholds given on the command line; ``None`` keys apply to every indicator."""

    min_ratio: Mapping[str | None, float] = MappingProxyType({})
    min_pace: Mapping[str | None, float] = MappingProxyType({})
    fail_on: frozenset[str] = DEFAULT_FAIL_ON
    warn_on: frozenset[str] = DEFAULT_WARN_ON
    only: frozenset[str] | None = None
    strict: bool = False


class Reason(NamedTuple):
    """Why a verdict is what it is: a status listed in --fail-on/--warn-on
    (``kind="status"``), a ratio or pace below its minimum (``"ratio"``, ``"pace"``),
    or a minimum on a ratio or pace that is undefined (``"ratio-undefined"``,
    ``"pace-undefined"``, a warning). ``detail`` is the indicator's ``reason``.
    ``bound``, for a status, is what the status fell below (``("pace", 0.5)``: the
    pace, below the at-risk band), so that a renderer can show a pace of 0.49998,
    which reads 50.0%, for what it is. Renderers put it in words."""

    kind: str
    status: str
    ratio: float | None
    pace: float | None
    minimum: float | None = None
    detail: str | None = None
    bound: tuple[str, float] | None = None


class Verdict(NamedTuple):
    id: str
    label: str
    outcome: str
    gate: str
    min_ratio: float | None
    min_pace: float | None
    reasons: tuple[Reason, ...]
    skipped_because: str | None
    progress: IndicatorProgress


class CheckReport(NamedTuple):
    report: PlanReport
    verdicts: tuple[Verdict, ...]
    strict: bool

    def tally(self, outcome: str) -> int:
        return sum(1 for v in self.verdicts if v.outcome == outcome)

    @property
    def gated(self) -> int:
        return len(self.verdicts) - self.tally(SKIP)

    def fails(self, verdict: Verdict) -> bool:
        """Whether this verdict fails the check (a warning does under ``--strict``)."""
        return verdict.outcome == FAIL or (self.strict and verdict.outcome == WARN)

    @property
    def failed(self) -> bool:
        return any(self.fails(verdict) for verdict in self.verdicts)


def _pick(cli: Mapping[str | None, float], ident: str, *fallbacks: float | None) -> float | None:
    if ident in cli:
        return cli[ident]
    if None in cli:
        return cli[None]
    return next((value for value in fallbacks if value is not None), None)


def status_bound(item: IndicatorProgress, bands: Bands) -> tuple[str, float] | None:
    """What an indicator's status fell below (see ``progress.status_of``): its pace,
    below a band, for ``at-risk`` and ``off-track``; its ratio, below 1, for
    ``missed`` and ``overdue``, and below 0 for ``off-track`` before the start;
    ``None`` for a status that no number fell short of."""
    if item.status in ("missed", "overdue"):
        return "ratio", 1.0
    if item.status == "off-track":
        return ("ratio", 0.0) if item.reason == NOTHING_EXPECTED else ("pace", bands.at_risk)
    if item.status == "at-risk":
        return "pace", bands.on_track
    return None


def judge(item: IndicatorProgress, gate: str, min_ratio: float | None,
          min_pace: float | None, options: CheckOptions,
          bands: Bands = DEFAULT_BANDS) -> tuple[str, tuple[Reason, ...]]:
    """The outcome for one gated indicator, and the reasons for it."""
    failures: list[Reason] = []
    warnings: list[Reason] = []
    status = Reason("status", item.status, item.ratio, item.pace, detail=item.reason,
                    bound=status_bound(item, bands))
    if item.status in options.fail_on:
        failures.append(status)
    elif item.status in options.warn_on:
        warnings.append(status)
    for kind, value, minimum in (("ratio", item.ratio, min_ratio), ("pace", item.pace, min_pace)):
        if minimum is None:
            continue
        if value is None:
            # Not comparable, and not a pass either: say so.
            warnings.append(Reason(f"{kind}-undefined", item.status, item.ratio, item.pace,
                                   minimum, item.reason))
        elif shown_percent(value) < shown_percent(minimum):
            failures.append(Reason(kind, item.status, item.ratio, item.pace, minimum))
    if gate == "warn":
        warnings, failures = failures + warnings, []
    if failures:
        return FAIL, tuple(failures + warnings)
    if warnings:
        return WARN, tuple(warnings)
    return PASS, ()


def check(plan: Plan, as_of: dt.date, options: CheckOptions,
          series: SeriesMap | None = None) -> CheckReport:
    """Evaluate the plan and gate every indicator."""
    report = evaluate(plan, as_of, series=series)
    meta = plan.plan
    verdicts = []
    for item in report.indicators:
        ind = plan.indicators[item.id]
        gate = ind.gate or meta.gate
        min_ratio = _pick(options.min_ratio, item.id, ind.min_ratio, meta.min_ratio)
        min_pace = _pick(options.min_pace, item.id, ind.min_pace, meta.min_pace)
        reasons: tuple[Reason, ...] = ()
        skipped = None
        # What the plan says first: "not in --only" is left for an indicator that
        # would be gated, so that it names those --only could have chosen.
        if item.target is None:
            skipped = NO_TARGET
        elif gate == "off":
            skipped = GATE_OFF
        elif options.only is not None and item.id not in options.only:
            skipped = NOT_IN_ONLY
        if skipped is not None:
            outcome = SKIP
        else:
            outcome, reasons = judge(item, gate, min_ratio, min_pace, options, meta.bands)
        verdicts.append(Verdict(id=item.id, label=item.label, outcome=outcome, gate=gate,
                                min_ratio=min_ratio, min_pace=min_pace, reasons=reasons,
                                skipped_because=skipped, progress=item))
    result = CheckReport(report=report, verdicts=tuple(verdicts), strict=options.strict)
    if options.only is not None and not result.gated:
        raise UsageError(_nothing_selected(result, options.only))
    return result


SHOWN_SKIPS = 5
NOT_GATED_HINT = N_('give an indicator a target, and a gate other than "off"')


def skip_words(reason: str) -> str:
    """Why an indicator is not gated, in the run's language."""
    return _(reason) if reason in SKIP_REASONS else reason


def _why_not_gated(verdicts: list[Verdict]) -> str:
    """``t: no target: tracked only; o: gate is off``, the first ``SHOWN_SKIPS``."""
    shown = _("; ").join(_("{id}: {reason}").format(id=v.id,
                                                     reason=skip_words(v.skipped_because or ""))
                         for v in verdicts[:SHOWN_SKIPS])
    more = len(verdicts) - SHOWN_SKIPS
    if more <= 0:
        return shown
    return ngettext("{reasons}; and {n} more", "{reasons}; and {n} more", more).format(
        reasons=shown, n=more)


def _nothing_selected(check: CheckReport, only: frozenset[str]) -> Problem:
    selected = [v for v in check.verdicts if v.id in only]
    gateable = [v.id for v in check.verdicts if v.skipped_because == NOT_IN_ONLY]
    hint = (_("gated indicators: {ids}").format(ids=", ".join(gateable[:12])) if gateable
            else _("no indicator of the plan is gated: {hint}").format(hint=_(NOT_GATED_HINT)))
    names = ",".join(v.id for v in selected)
    return Problem("", "", _("nothing to check: --only {ids} selects no gated indicator "
                             "({reasons})").format(ids=names, reasons=_why_not_gated(selected)),
                   hint)


def nothing_to_check(check: CheckReport) -> Problem | None:
    """Why the check gates no indicator at all (a plan without a target, or every
    gate off), or ``None`` when it gates one."""
    if check.gated:
        return None
    if not check.verdicts:
        return Problem("", "", _("nothing to check: the plan has no indicator"),
                       _("add [indicators.ID] tables with a target"))
    return Problem("", "", _("nothing to check: no indicator is gated ({reasons})").format(
        reasons=_why_not_gated(list(check.verdicts))), _(NOT_GATED_HINT))


def parse_thresholds(values: list[str], known: set[str], option: str
                     ) -> dict[str | None, float]:
    """``["0.6", "jobs=0.9"]`` -> ``{None: 0.6, "jobs": 0.9}``; unknown ids are errors."""
    thresholds: dict[str | None, float] = {}
    for raw in values:
        ident, _equals, number = raw.rpartition("=")
        key = ident.strip() or None
        if key is not None and key not in known:
            raise UsageError(_("{option} {value}: unknown indicator {id} (known: {known})")
                             .format(option=option, value=raw, id=repr(key),
                                     known=", ".join(sorted(known))))
        try:
            value = float(number)
        except ValueError:
            value = float("nan")
        if not 0 <= value < float("inf"):
            raise UsageError(_("{option} {value}: {number} is not a ratio (use a number such "
                               "as 0.9 for 90%, or ID=0.9)").format(
                option=option, value=raw, number=repr(number)))
        problem = minimum_problem(value)
        if problem is not None:
            raise UsageError(Problem("", "", _("{option} {value}: {problem}").format(
                option=option, value=raw, problem=problem[0]), problem[1]))
        thresholds[key] = value
    return thresholds


def parse_statuses(raw: str, option: str) -> frozenset[str]:
    """``"off-track,missed"`` -> the set; unknown names are errors."""
    names = frozenset(part.strip() for part in raw.split(",") if part.strip())
    unknown = sorted(names - set(STATUSES))
    if unknown:
        raise UsageError(_("{option}: unknown status {name} (statuses: {statuses})").format(
            option=option, name=repr(unknown[0]), statuses=", ".join(STATUSES)))
    return names


def parse_only(raw: str | None, known: set[str]) -> frozenset[str] | None:
    if raw is None:
        return None
    names = frozenset(part.strip() for part in raw.split(",") if part.strip())
    unknown = sorted(names - known)
    if unknown:
        raise UsageError(_("--only: unknown indicator {id} (known: {known})").format(
            id=repr(unknown[0]), known=", ".join(sorted(known))))
    return names
