"""An indicator's planned path, and where a figure stands against it.

The trajectory of an indicator (``linear``, ``compound`` or ``checkpoints``; see
"The path" in docs/progress.md) draws a ``Path`` through breakpoints from the
baseline at the start to the target at the deadline. ``expected_ratio`` says
where the path stood on a date, ``reach_of`` when it first stood at a level;
``revised`` adds a revision to a path as one more breakpoint; ``terms_on`` says
which target and deadline are in force on a date (``[[revisions]]``), and
``planned_path`` draws the path with the revisions in force. Pure, like the
rest of the engine (``progress.py`` uses these): no I/O, no terminal.
"""

# No `from __future__ import annotations`: ``Path`` is built for every indicator on
# every run of status and check (see progress.py).

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from typing import NamedTuple

from offshore_cli.spec import Checkpoint, Indicator, Revision


def finite(value: float | None) -> float | None:
    """A computed figure, or ``None`` where the arithmetic left the real numbers
    (a ratio to a target a hair's breadth from the baseline)."""
    return value if value is not None and math.isfinite(value) else None


def ratio_of(actual: float, baseline: float, target: float | None) -> float | None:
    """``(actual - b) / (t - b)``: the share of the way from baseline to target."""
    if target is None or target == baseline:
        return None
    return finite((actual - baseline) / (target - baseline))


def grown(base: float, factor: float, exponent: float) -> float | None:
    """``base * factor ** exponent``, or ``None`` where it leaves the floats (the
    power of a negative factor is not a real number)."""
    if factor < 0:
        return None
    try:
        return finite(base * factor ** exponent)
    except (OverflowError, ZeroDivisionError):
        return None


class Path(NamedTuple):
    """An indicator's planned path, as the breakpoints it runs through: ``days``
    from the start (the first 0, the last the window's length ``d - s``), the
    planned ``values`` there (the first the baseline ``b``, the last the target
    ``t``), each breakpoint's ``ratios`` (``(value - b) / (t - b)``: 0 first, 1
    last; ``None`` where not a finite number) and each segment's ``shapes``:
    ``linear`` (a straight line) or ``compound`` (a constant rate of growth). The
    path is its first value before the first breakpoint and its last after the
    last. ``kind`` is the trajectory it was drawn from (``linear``, ``compound``
    or ``checkpoints``), which also picks the trend ``projected`` and ``eta``
    follow. A revised target or deadline is one more breakpoint (``revised``)."""

    kind: str
    days: tuple[int, ...]
    values: tuple[float, ...]
    ratios: tuple[float | None, ...]
    shapes: tuple[str, ...]


def path_of(kind: str, span: int, baseline: float, target: float,
            checkpoints: Sequence[tuple[int, float]] = ()) -> Path:
    """The path of a trajectory over a window of ``span`` days: from ``(0, b)`` to
    ``(span, t)``, through ``checkpoints`` (days from the start, value) in date
    order for ``checkpoints``; every segment linear, or for ``compound`` one segment
    of constant growth."""
    inner: list[tuple[int, float]] = []
    if kind == "checkpoints":
        # validate keeps checkpoints strictly inside the window, one per date; for a
        # plan built without it, the first of each date inside the window counts.
        first: dict[int, float] = {}
        for day, value in checkpoints:
            if 0 < day < span:
                first.setdefault(day, value)
        inner = sorted(first.items())
    days = (0, *(day for day, _ in inner), span)
    values = (baseline, *(value for _, value in inner), target)
    shape = "compound" if kind == "compound" else "linear"
    return Path(kind, days, values, tuple(ratio_of(value, baseline, target) for value in values),
                (shape,) * (len(days) - 1))


def checkpoint_days(checkpoints: Sequence[Checkpoint], start: dt.date) -> list[tuple[int, float]]:
    """Checkpoints as (days from ``start``, value)."""
    return [((point.date - start).days, point.value) for point in checkpoints]


def revised(path: Path, day: int, span: int, target: float) -> Path | None:
    """``path`` revised ``day`` days after the start to reach ``target`` ``span`` days
    after it: the path up to ``day`` as it was (its breakpoints before ``day``, and
    ``(day, path(day))``), then one segment in the trajectory's shape (straight,
    or constant growth for ``compound``) to ``(span, target)``. Breakpoints after
    ``day`` (checkpoints, the former deadline) no longer apply. ``None`` where the
    path has no value on ``day``, or ``day`` is not before the new deadline. Each
    revision in force is one such call on the path, in date order."""
    here = value_at(path, day)
    if here is None or not 0 <= day < span:
        return None
    kept = [at for at, when in enumerate(path.days) if when < day]
    days = (*(path.days[at] for at in kept), day, span)
    values = (*(path.values[at] for at in kept), here, target)
    # A kept segment keeps its shape; past the former deadline the path was flat.
    shapes = tuple(path.shapes[at] if at < len(path.shapes) else "linear" for at in kept)
    last = "compound" if path.kind == "compound" else "linear"
    base = path.values[0]
    return Path(path.kind, days, values, tuple(ratio_of(value, base, target) for value in values),
                (*shapes, last))


class Terms(NamedTuple):
    """The target and deadline of an indicator in force on a date, and the date of
    the latest revision that changed either (``None``: never revised by then);
    ``revisions`` are the revisions in force, in date order."""

    target: float | None
    deadline: dt.date
    revised_on: dt.date | None
    revisions: tuple[Revision, ...] = ()


def terms_on(indicator: Indicator, deadline: dt.date, revisions: Sequence[Revision],
             day: dt.date) -> Terms:
    """The target and deadline in force on ``day``: each from the latest revision
    dated on or before ``day`` that gives it (on one date, the later in the file),
    else the indicator's own. ``revisions`` are the indicator's, in file order."""
    target = indicator.target
    if not revisions or target is None:
        return Terms(target, deadline, None)
    taken = tuple(sorted((rev for rev in revisions if rev.date <= day),
                         key=lambda rev: rev.date))  # stable: file order on one date
    for rev in taken:
        target = rev.target if rev.target is not None else target
        deadline = rev.deadline if rev.deadline is not None else deadline
    return Terms(target, deadline, taken[-1].date if taken else None, taken)


def revised_path(path: Path, start: dt.date, target: float, deadline: dt.date,
                 revisions: Sequence[Revision]) -> Path:
    """``path`` (drawn from ``start`` to ``target`` at ``deadline``) with each of
    ``revisions`` (those in force, in date order) applied by ``revised``; a revision
    ``revised`` cannot apply (which validate refuses) leaves the path as it was."""
    for rev in revisions:
        target = rev.target if rev.target is not None else target
        deadline = rev.deadline if rev.deadline is not None else deadline
        path = revised(path, (rev.date - start).days, (deadline - start).days,
                       target) or path
    return path


def planned_path(indicator: Indicator, kind: str, start: dt.date, deadline: dt.date,
                 terms: Terms) -> Path:
    """The path of an indicator with a target, drawn from ``start`` to its own target
    at its own ``deadline``, then revised by the revisions of ``terms``."""
    target = indicator.target
    assert target is not None
    path = path_of(kind, (deadline - start).days, indicator.baseline, target,
                   checkpoint_days(indicator.checkpoints, start))
    if terms.revisions:
        path = revised_path(path, start, target, deadline, terms.revisions)
    return path


def _segment(path: Path, elapsed: float) -> int:
    """The segment ``elapsed`` falls in (the days strictly inside the window)."""
    return bisect.bisect_right(path.days, elapsed) - 1


def value_at(path: Path, elapsed: int) -> float | None:
    """``path(a)``: the path's value ``elapsed`` days after the start."""
    days, values = path.days, path.values
    if elapsed <= 0:
        return values[0]
    if elapsed >= days[-1]:
        return values[-1]
    at = _segment(path, elapsed)
    share = (elapsed - days[at]) / (days[at + 1] - days[at])
    if path.shapes[at] == "compound":
        if values[at] == 0:  # no rate grows from 0 (validate refuses such a path)
            return None
        return grown(values[at], values[at + 1] / values[at], share)
    return finite(values[at] + (values[at + 1] - values[at]) * share)


def expected_ratio(path: Path, elapsed: int) -> float | None:
    """``(path(a) - b) / (t - b)``: where the path stood on the figure's date, as a
    share of the way from baseline to target (0 on or before the start, 1 on or
    after the deadline). On a straight segment it is worked out from the ratios of
    its ends, so that the straight line gives exactly ``(a - s) / (d - s)``."""
    days = path.days
    if elapsed <= 0:
        return 0.0
    if elapsed >= days[-1]:
        return 1.0
    at = _segment(path, elapsed)
    if path.shapes[at] == "compound":
        value = value_at(path, elapsed)
        return None if value is None else ratio_of(value, path.values[0], path.values[-1])
    low, high = path.ratios[at], path.ratios[at + 1]
    if low is None or high is None:
        return None
    return finite(low + (high - low) * ((elapsed - days[at]) / (days[at + 1] - days[at])))


def _along(path: Path, at: int, actual: float, ratio: float) -> float | None:
    """Where the line or curve of segment ``at`` (extended past its ends) is at the
    level of ``actual`` (whose ratio is ``ratio``): days from the start."""
    start, end = path.days[at], path.days[at + 1]
    if path.shapes[at] == "compound":
        low, high = path.values[at], path.values[at + 1]
        if low == 0 or actual / low <= 0 or high / low <= 0 or high == low:
            return None
        return start + math.log(actual / low) / math.log(high / low) * (end - start)
    low_ratio, high_ratio = path.ratios[at], path.ratios[at + 1]
    if low_ratio is None or high_ratio is None:
        return None
    if high_ratio == low_ratio:  # flat: at that level from its start, else never
        return start if ratio == low_ratio else None
    return start + (ratio - low_ratio) * (end - start) / (high_ratio - low_ratio)


def reach_of(path: Path, actual: float, ratio: float | None) -> float | None:
    """The days from the start to the earliest date at which the path reaches the
    level of ``actual`` (whose ratio is ``ratio``). A level past the path's ends
    (beyond the target, or short of the baseline) is reached on the extension of
    the last (or the first) segment, by its line or its curve; ``None`` where that
    extension is flat, leads away from the level or is undefined."""
    if ratio is None:
        return None
    ratios = path.ratios
    for at in range(len(path.days) - 1):
        low, high = ratios[at], ratios[at + 1]
        if low is None or high is None:
            return None
        if min(low, high) <= ratio <= max(low, high):
            return _along(path, at, actual, ratio)
    # The path reaches every level from 0 to 1 (it runs from b to t without a break).
    at = len(path.days) - 2 if ratio > 1 else 0
    low, high = ratios[at], ratios[at + 1]
    if low is None or high is None or not high > low:
        return None  # flat, or leading away from the level
    return _along(path, at, actual, ratio)
