"""``offshore report``: the stocktake pack as one self-contained HTML file.

Builds what the template (``templates/report.html.j2``) shows from the engine's
report objects (``progress.evaluate``, ``history``, ``burnup``, ``timeline``),
places the charts with ``render/chart.py`` and writes the page through Jinja2
with autoescaping: every label, note and source is the plan's text and only
ever becomes text, in the HTML and inside the SVG. The page needs nothing but
itself: no script, no external style, font or image. Jinja2 is imported here
only, when a report is written (see "Lazy imports" in docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any, NamedTuple

from offshore_cli import i18n
from offshore_cli.burnup import Burnup, burnup
from offshore_cli.errors import shown_source
from offshore_cli.figures import unit_after
from offshore_cli.history import HistoryRow, indicator_history
from offshore_cli.i18n import N_, _, ngettext
from offshore_cli.plan import PlanDocument
from offshore_cli.progress import IndicatorProgress, PlanReport, evaluate
from offshore_cli.render import chart, fmt
from offshore_cli.render.milestones_view import state_word
from offshore_cli.timeline import MilestonesReport, PillarsReport, milestones_report, pillars

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "report.html.j2"

# The plot area of a burn-up chart, in SVG units, and the margins for its axes.
PLOT_WIDTH, PLOT_HEIGHT = 600.0, 220.0
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 78.0, 24.0, 14.0, 30.0
TIMELINE_WIDTH = 660.0
BAR_WIDTH = 100.0

# Each status's colour: every one has a contrast of at least 4.5:1 on white (WCAG
# AA for text; tests/test_report.py checks), and the status is always written too.
STATUS_COLOURS = {
    "achieved": "#1a7f37", "achieved-late": "#8250df", "on-track": "#1a7f37",
    "at-risk": "#9a6700", "off-track": "#cf222e", "missed": "#cf222e",
    "overdue": "#cf222e", "no-data": "#57606a", "tracked": "#0969da",
}
# The chart's marks: as dark as the text colours above. The deadline has a colour of
# its own, apart from the axes' grey, as it often lies on the plot's right edge; an
# original target or deadline, revised since, is grey.
MARK_COLOURS = {"figure": "#0550ae", "planned": "#57606a", "projection": "#0550ae",
                "revision": "#8250df", "as_of": "#9a6700", "target": "#1a7f37",
                "deadline": "#cf222e", "original": "#57606a"}
# The labels above a chart ("as of", "deadline"): the width of a character of their
# 11-unit font, a little over the average, and the height of a row of them.
LABEL_CHAR, LABEL_ROW = 6.6, 12.0
STATUS_WORDS = {
    "achieved": N_("achieved"), "achieved-late": N_("achieved late"),
    "on-track": N_("on track"), "at-risk": N_("at risk"), "off-track": N_("off track"),
    "missed": N_("missed"), "overdue": N_("overdue"), "no-data": N_("no data"),
    "tracked": N_("tracked"),
}
# A symbol beside the word, so that no status is told by colour alone.
STATUS_SYMBOLS = {"achieved": "✓", "achieved-late": "✓", "on-track": "●", "at-risk": "▲",
                  "off-track": "✗", "missed": "✗", "overdue": "✗", "no-data": "○",
                  "tracked": "◇"}
PATH_WORDS = {"linear": N_("a straight line from the baseline to the target"),
              "compound": N_("a constant rate of growth from the baseline to the target"),
              "checkpoints": N_("straight lines through the plan's checkpoints")}
# What the browser may not show: C0 and C1 controls (a TOML string may hold them as
# escapes); tab and newline are plain white space.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Inputs(NamedTuple):
    """What a report is made of: the engine's objects on the as-of date."""

    report: PlanReport
    milestones: MilestonesReport
    pillars: PillarsReport
    charts: tuple[tuple[IndicatorProgress, Burnup, tuple[HistoryRow, ...]], ...]
    digest: str
    source: str


def gather(document: PlanDocument, as_of: dt.date) -> Inputs:
    """Every engine object the report draws, for ``document`` on ``as_of``."""
    plan = document.plan
    report = evaluate(plan, as_of, series=document.series)
    charts = []
    for item in report.indicators:
        history = indicator_history(plan, item.id, sector_only=True)
        rows = tuple(row for row in history.rows
                     if not row.superseded and row.ecosystem is None and row.date <= as_of)
        charts.append((item, burnup(plan, item, history, as_of), rows))
    return Inputs(report=report, milestones=milestones_report(plan, as_of),
                  pillars=pillars(plan, as_of), charts=tuple(charts),
                  digest=hashlib.sha256(document.raw).hexdigest(),
                  source=shown_source(document.source))


def _locale(report: PlanReport) -> str:
    """Numbers in French in a French report, else as the plan writes them."""
    return "fr" if i18n.language() == "fr" else report.locale


def _amount(value: float | None, item: IndicatorProgress | Burnup, locale: str) -> str:
    return fmt.amount(value, item.unit, item.is_money, locale)


def _rounded(value: float, item: IndicatorProgress | Burnup, locale: str) -> str:
    """A computed value (the trend at the deadline) in its unit, as a narrow column
    writes it: a count of a hundred or more without decimals."""
    written = fmt.short_amount(value, item.is_money, locale)
    return f"{written} {unit_after(written, item.unit, item.is_money)}"


def _status(status: str) -> dict[str, str]:
    return {"key": status, "word": _(STATUS_WORDS[status]), "symbol": STATUS_SYMBOLS[status],
            "colour": STATUS_COLOURS[status]}


def _card(item: IndicatorProgress, locale: str) -> dict[str, Any]:
    return {
        "id": item.id, "label": item.label, "status": _status(item.status),
        "actual": _amount(item.actual, item, locale),
        "target": _amount(item.target, item, locale) if item.target is not None else None,
        "ratio": fmt.percent(item.ratio, locale) if item.target is not None else None,
        "bar": chart.bar_length(item.ratio, BAR_WIDTH),
        "expected": (fmt.percent(item.expected_ratio, locale)
                     if item.expected_ratio is not None else None),
        "expected_at": chart.bar_length(item.expected_ratio, BAR_WIDTH),
        "date": fmt.prose_date(item.actual_date) if item.actual_date else None,
        "reason": item.reason,
    }


def _describe(item: IndicatorProgress, drawn: Burnup, locale: str) -> str:
    """The chart in one sentence, for a screen reader (its ``<desc>``)."""
    count = len(drawn.figures)
    figures = ngettext("{n} figure", "{n} figures", count).format(n=fmt.group(count, locale))
    if not drawn.figures:
        return _("{label}: no figure up to the as-of date.").format(label=drawn.label)
    last = drawn.figures[-1]
    if drawn.target is None:
        return _("{label}: {figures}, the latest {actual} on {date}; no target.").format(
            label=drawn.label, figures=figures, actual=_amount(last.actual, drawn, locale),
            date=fmt.long_date(last.date))
    return _("{label}: {figures}, the latest {actual} on {date}, against a target of "
             "{target} by {deadline} on {path}; status: {status}.").format(
        label=drawn.label, figures=figures, actual=_amount(last.actual, drawn, locale),
        date=fmt.long_date(last.date), target=_amount(drawn.target, drawn, locale),
        deadline=fmt.long_date(drawn.deadline), path=_(PATH_WORDS[drawn.trajectory]),
        status=_(STATUS_WORDS[item.status]))


def _labels(geometry: chart.Geometry) -> tuple[list[dict[str, Any]], float]:
    """The labels above a chart ("as of", "deadline", in their rules' colours), and
    the top margin that holds them: a second row where they would meet."""
    marks = [(key, word, x) for key, word, x in (("as_of", _("as of"), geometry.as_of),
                                                  ("deadline", _("deadline"), geometry.deadline))
             if x is not None]
    placed = chart.place_labels([(x, len(word) * LABEL_CHAR + 4) for _key, word, x in marks],
                                -MARGIN_LEFT, PLOT_WIDTH + MARGIN_RIGHT)
    labels = [{"x": label.x, "anchor": label.anchor, "y": -3 - label.row * LABEL_ROW,
               "text": word, "colour": MARK_COLOURS[key]}
              for label, (key, word, _x) in zip(placed, marks, strict=True)]
    rows = max((label.row for label in placed), default=0)
    return labels, MARGIN_TOP + rows * LABEL_ROW


def _chart(item: IndicatorProgress, drawn: Burnup, rows: tuple[HistoryRow, ...],
           numbers: list[int], locale: str) -> dict[str, Any]:
    geometry = chart.layout(drawn, PLOT_WIDTH, PLOT_HEIGHT)
    label_points = len(drawn.figures) <= 15
    points = []
    for (x, y), figure, number in zip(geometry.figures, drawn.figures, numbers, strict=True):
        title = _("{date}: {value}").format(date=figure.date.isoformat(),
                                            value=_amount(figure.actual, drawn, locale))
        points.append({"x": x, "y": y, "title": f"{title} [{number}]" if number else title,
                       "number": number if label_points else 0})
    revisions = [{"x": x, "y": y, "title": _("revised on {date}: {reason}").format(
                      date=mark.date.isoformat(), reason=mark.reason)}
                 for (x, y), mark in zip(geometry.revisions, drawn.revisions, strict=True)]
    table = [{"date": row.date.isoformat(), "value": _amount(row.actual, drawn, locale),
              "ratio": fmt.percent(row.ratio, locale) if drawn.target is not None else "",
              "line": (fmt.percent(row.expected_ratio, locale)
                       if drawn.target is not None else ""),
              "number": number}
             for row, number in zip(rows, numbers, strict=False)]
    projected = (_rounded(item.projected, item, locale)
                 if drawn.projection and item.projected is not None else None)
    labels, top = _labels(geometry)
    return {
        "id": item.id, "geometry": geometry, "points": points, "revisions": revisions,
        "planned": chart.polyline(geometry.planned),
        "line": chart.polyline(geometry.figures),
        "projection": chart.polyline(geometry.projection),
        "y_labels": [(y, fmt.short_amount(value, drawn.is_money, locale))
                     for y, value in geometry.y_ticks],
        "x_labels": [(x, str(day.year) if day.month == 1 else day.strftime("%Y-%m"))
                     for x, day in geometry.x_ticks],
        "desc": _describe(item, drawn, locale), "table": table, "projected": projected,
        "target_text": _amount(drawn.target, drawn, locale) if drawn.target is not None else "",
        "original_target": (_amount(drawn.original_target, drawn, locale)
                            if drawn.original_target is not None else ""),
        "deadline": fmt.prose_date(drawn.deadline),
        "original_deadline": (fmt.prose_date(drawn.original_deadline)
                              if drawn.original_deadline is not None else ""),
        "labels": labels, "top": top,
        "numbered": any(point["number"] for point in points),
    }


def _ecosystems(item: IndicatorProgress, locale: str) -> dict[str, Any] | None:
    if not item.breakdown:
        return None
    bars = [{"id": part.ecosystem, "name": part.name,
             "actual": _amount(part.actual, item, locale), "date": part.actual_date.isoformat(),
             "share": fmt.percent(part.share, locale) if part.share is not None else "-",
             "share_bar": chart.bar_length(part.share, 240.0),
             "ratio": fmt.percent(part.ratio, locale) if part.ratio is not None else "-",
             "ratio_bar": chart.bar_length(part.ratio, 240.0),
             "has_ratio": part.ratio is not None}
            for part in item.breakdown]
    return {"id": item.id, "label": item.label, "bars": bars,
            "desc": _("{label} by ecosystem: each ecosystem's share of the total and its "
                      "progress towards its own target.").format(label=item.label)}


def context(inputs: Inputs, generated: dt.datetime, version: str) -> dict[str, Any]:
    """Everything the template writes, as text and numbers."""
    report = inputs.report
    locale = _locale(report)
    number = 0
    sources: list[dict[str, Any]] = []
    charts, cards, ecosystems = [], [], []
    for item, drawn, rows in inputs.charts:
        numbers = []
        for figure in drawn.figures:
            if figure.source or figure.note:
                number += 1
                sources.append({"number": number, "label": item.label,
                                "date": figure.date.isoformat(), "source": figure.source,
                                "note": figure.note})
                numbers.append(number)
            else:
                numbers.append(0)
        cards.append(_card(item, locale))
        charts.append({**_chart(item, drawn, rows, numbers, locale), "card": cards[-1]})
        if (eco := _ecosystems(item, locale)) is not None:
            ecosystems.append(eco)
    views = inputs.milestones.milestones
    line = chart.timeline(report.start, report.deadline, report.as_of,
                          [(view.due, view.state) for view in views], TIMELINE_WIDTH)
    milestones = [{"x": mark.x, "state": view.state, "word": state_word(view.state),
                   "date": view.date_text, "title": view.title, "note": view.note,
                   "number": index + 1, "days": view.days_left}
                  for index, (mark, view) in enumerate(zip(line.marks, views, strict=True))]
    pillar_rows = [{"name": view.name, "original": view.other_name,
                    "axes": view.counts.axes, "done": view.counts.done,
                    "itemised": view.counts.itemised,
                    "progress": (fmt.percent(view.counts.progress, locale)
                                 if view.counts.progress is not None else None),
                    "bar": chart.bar_length(view.counts.progress, BAR_WIDTH)}
                   for view in inputs.pillars.pillars]
    return {
        "lang": i18n.language(), "title": report.title, "plan_id": report.plan_id,
        "start": fmt.long_date(report.start), "deadline": fmt.long_date(report.deadline),
        "as_of": fmt.long_date(report.as_of), "as_of_iso": report.as_of.isoformat(),
        "countdown": fmt.countdown(report.as_of, report.deadline, locale),
        "generated": generated.isoformat(timespec="seconds"), "version": version,
        "digest": inputs.digest, "source": inputs.source,
        "cards": cards, "charts": charts, "ecosystems": ecosystems,
        "timeline": line, "milestones": milestones, "pillars": pillar_rows,
        "sources": sources, "colours": MARK_COLOURS, "status_colours": STATUS_COLOURS,
        "plot": {"width": PLOT_WIDTH, "height": PLOT_HEIGHT, "left": MARGIN_LEFT,
                 "right": MARGIN_RIGHT, "top": MARGIN_TOP, "bottom": MARGIN_BOTTOM},
        "bar_width": BAR_WIDTH, "_": _, "ngettext": ngettext,
    }


def _clean(value: Any) -> Any:
    """Every value the template writes, controls replaced by U+FFFD (before escaping)."""
    if isinstance(value, str) and not hasattr(value, "__html__"):  # not the page's own markup
        return _CONTROLS.sub("\ufffd", value)
    return value


def render(values: dict[str, Any]) -> str:
    """The page: the template filled with ``values``, every value escaped."""
    import jinja2  # only `report` draws a page (see "Lazy imports" in docs/performance.md)

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=_clean,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    environment.filters["n"] = lambda value: f"{value:.1f}"
    return environment.get_template(TEMPLATE).render(values)


def report_page(document: PlanDocument, as_of: dt.date, generated: dt.datetime,
                version: str) -> str:
    """The report of ``document`` on ``as_of`` as one HTML page."""
    return render(context(gather(document, as_of), generated, version))
