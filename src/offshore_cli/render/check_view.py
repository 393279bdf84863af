"""Renderings of ``offshore check`` for the places CI shows them: a terminal or
log (text), GitHub Actions workflow commands, JUnit XML, a Markdown job summary
and JSON. None of them decides an outcome; they print ``gate.CheckReport``.

What the report cannot know comes from the command layer: when the run started
and how long it took (``Run``, for JUnit), and the plan file with its text
(``PlanSource``), so that an annotation points at the line of the plan where
an indicator's problem shows.

What a person reads (the text, the annotations' messages, JUnit's messages, the
Markdown) is in the run's language; the JSON and CSV keep their reasons in
English, as the status JSON keeps its fields, and the XML's element names and
the workflow commands' syntax never change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from offshore_cli import gate
from offshore_cli.gate import FAIL, PASS, SKIP, WARN, CheckReport, Reason, Verdict
from offshore_cli.i18n import N_, _, ngettext
from offshore_cli.render import fmt
from offshore_cli.render.status_view import NAME, report_document
from offshore_cli.render.view import Records, ReportView, Summary
from offshore_cli.render.wording import reason_words, status_word

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from rich.console import Console

    from offshore_cli.locator import LazyLocator
    from offshore_cli.plan import PlanDocument
    from offshore_cli.progress import IndicatorProgress
    from offshore_cli.spec import Figure

_WORD = {FAIL: N_("FAIL"), WARN: N_("WARN")}
CHECK_SCHEMA = 4
"""The ``check`` JSON document's schema (docs/check.md); 3 since it carries status
documents of schema 3."""


def summary_line(check: CheckReport) -> str:
    """``check failed: 1 failed, 2 warnings, 1 passed (4 gated, as of 2019-04-23)``;
    under ``--strict`` the warnings are said to fail too."""
    gated = len(check.verdicts) - check.tally(SKIP)
    failed, warnings, passed = check.tally(FAIL), check.tally(WARN), check.tally(PASS)
    if not check.strict:
        line = _("{verdict}: {failed}, {warnings}, {passed} ({gated}, as of {as_of})")
    elif warnings:
        line = _("{verdict}: {failed}, {warnings} (failing: strict), {passed} ({gated}, "
                 "as of {as_of}, strict)")
    else:
        line = _("{verdict}: {failed}, {warnings}, {passed} ({gated}, as of {as_of}, strict)")
    return line.format(
        verdict=_("check failed") if check.failed else _("check passed"),
        failed=ngettext("{n} failed", "{n} failed", failed).format(n=failed),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        passed=ngettext("{n} passed", "{n} passed", passed).format(n=passed),
        gated=ngettext("{n} gated", "{n} gated", gated).format(n=gated),
        as_of=fmt.prose_date(check.report.as_of))


# A reason's sentence by its kind and whether the engine gave a reason for the
# status (``Reason.detail``); a ratio or pace below its minimum says no more.
REASON_LINES = {
    ("status", False): N_("status {status} (ratio {ratio}, pace {pace})"),
    ("status", True): N_("status {status}: {reason} (ratio {ratio}, pace {pace})"),
    ("ratio-undefined", False): N_("ratio undefined (min {minimum})"),
    ("ratio-undefined", True): N_("ratio undefined: {reason} (min {minimum})"),
    ("pace-undefined", False): N_("pace undefined (min {minimum})"),
    ("pace-undefined", True): N_("pace undefined: {reason} (min {minimum})"),
    ("ratio", False): N_("ratio {value} < min {minimum} ({status})"),
    ("pace", False): N_("pace {value} < min {minimum} ({status})"),
}
REASONS_SEPARATOR = N_("; ")


def digits_below(value: float, bound: float, locale: str) -> str:
    """``value`` with the fewest decimals that still show it below ``bound``
    (0.59996 against 0.6, not 0.6), in the locale's decimal mark; at least one
    decimal more than the percent shows, so that it is never cut short (0.9 is
    below 0.95 too, but 0.949992 is not 0.9)."""
    text = repr(value)
    for decimals in range(gate.PERCENT_DECIMALS + 3, 18):
        candidate = f"{value:.{decimals}f}"
        if float(candidate) < bound:
            text = candidate.rstrip("0").removesuffix(".")
            break
    return text.replace(".", ",") if locale == "fr" else text


def hidden_by_rounding(value: float | None, bound: float | None, locale: str) -> bool:
    """Whether ``value`` is below ``bound`` though both read the same as percents:
    a pace of 0.49998 and a band of 0.5 both read 50.0%."""
    return (value is not None and bound is not None and value < bound
            and fmt.percent(value, locale) == fmt.percent(bound, locale))


def reason_text(reason: Reason, locale: str, english: bool = False) -> str:
    """``ratio 55.6% < min 60.0% (at-risk)``; ``status at-risk (ratio 55.6%, pace
    77.8%)``; ``status no-data: no figure since the start (...)``; ``pace undefined:
    no figure since the start``: percents at the precision the gate compares at.
    Where that precision would hide why it failed, the value is also written in
    full: ``ratio 60.0% (0.59996) < min 60.0%``; ``status off-track (ratio 25.0%,
    pace 50.0% (0.49998 < 0.5))``, 0.5 being the band the pace fell below. In the
    run's language, or in English (``english``, for the JSON and CSV)."""
    def pct(value: float | None) -> str:
        return fmt.percent(value, locale)

    status = reason.status if english else status_word(reason.status)
    detail = reason.detail if english or not reason.detail else reason_words(reason.detail)
    shown = {"ratio": pct(reason.ratio), "pace": pct(reason.pace)}
    value = reason.ratio if reason.kind == "ratio" else reason.pace
    if reason.kind == "status" and reason.bound is not None:
        measured, bound = reason.bound
        fell = reason.ratio if measured == "ratio" else reason.pace
        if fell is not None and hidden_by_rounding(fell, bound, locale):
            exact = repr(bound).removesuffix(".0")
            exact = exact.replace(".", ",") if locale == "fr" else exact
            shown[measured] += f" ({digits_below(fell, bound, locale)} < {exact})"
    elif (reason.kind in ("ratio", "pace") and value is not None
          and reason.minimum is not None and hidden_by_rounding(value, reason.minimum, locale)):
        shown[reason.kind] += f" ({digits_below(value, reason.minimum, locale)})"
    line = REASON_LINES[reason.kind, bool(detail) and reason.kind not in ("ratio", "pace")]
    return (line if english else _(line)).format(
        status=status, reason=detail, ratio=shown["ratio"], pace=shown["pace"],
        value=shown.get(reason.kind), minimum=pct(reason.minimum))


def reasons_text(verdict: Verdict, locale: str, english: bool = False) -> str:
    """Why an indicator did not pass, or was not gated; in English with ``english``."""
    if verdict.skipped_because is not None:
        return (verdict.skipped_because if english
                else gate.skip_words(verdict.skipped_because))
    separator = REASONS_SEPARATOR if english else _(REASONS_SEPARATOR)
    return separator.join(reason_text(reason, locale, english) for reason in verdict.reasons)


def _line(verdict: Verdict, locale: str) -> str:
    # The words are the gate's own; only the id comes from the plan.
    return _("{id}: {reasons}").format(id=verdict.id, reasons=reasons_text(verdict, locale))


def text(check: CheckReport, quiet: bool = False) -> str:
    """One line per failing or warning indicator, then a summary line."""
    if quiet and not check.failed:
        return ""
    lines = [f"{_(_WORD[v.outcome])} {_line(v, check.report.locale)}" for v in check.verdicts
             if v.outcome in (FAIL, WARN)]
    lines.append(summary_line(check))
    return "\n".join(lines) + "\n"


def escape_data(value: str) -> str:
    """GitHub's rule for a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """GitHub's rule for a workflow command's property values."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class Run(NamedTuple):
    """When a check ran, as the command layer measured it: the moment it started
    (an aware datetime: local time with its UTC offset) and how long it took."""

    started: dt.datetime
    seconds: float

    @property
    def timestamp(self) -> str:
        """ISO 8601 to the second, with the offset: ``2024-05-02T14:03:07+02:00``."""
        return self.started.isoformat(timespec="seconds")

    @property
    def time(self) -> str:
        """The duration as JUnit's schema writes it: digits and at most three
        decimals (``0.042``)."""
        return f"{max(0.0, self.seconds):.3f}"


def latest_figure(figures: Sequence[Figure], item: IndicatorProgress) -> int | None:
    """The position in the file of the figure ``item`` was judged on: the last one
    of its indicator dated ``actual_date`` (the one that counts, see ``series``), a
    sector-wide one when the total is the sector's; ``None`` without a figure."""
    if item.actual_date is None:
        return None
    sector_only = item.total_from == "sector"
    for index in range(len(figures) - 1, -1, -1):
        figure = figures[index]
        if (figure.indicator == item.id and figure.date == item.actual_date
                and not (sector_only and figure.ecosystem is not None)):
            return index
    return None


class PlanSource:
    """The plan file a check read, for annotations: its path as given (``None``
    for the embedded seed plan, which has no file to point at) and, found only
    when asked, the line of an indicator's latest figure (its ``[[results]]``
    block) or, without one, of its ``[indicators.ID]`` table."""

    def __init__(self, document: PlanDocument) -> None:
        self.document = document
        self.name = document.source  # the seed plan's is a label: <embedded seed plan>
        self.file = None if document.is_embedded else document.source
        self._lines: LazyLocator | None = None

    def line_of(self, item: IndicatorProgress) -> int | None:
        if self.file is None:
            return None
        if self._lines is None:
            from offshore_cli.locator import LazyLocator  # only annotations need it

            self._lines = LazyLocator(self.document.text)
        index = latest_figure(self.document.plan.results, item)
        place = ("results", index) if index is not None else ("indicators", item.id)
        return self._lines.line_of(place)


def location(file: str | None, line: int | None) -> str:
    """The ``file=...,line=N,`` properties of a workflow command, escaped; empty
    where the file is unknown (a line means nothing without its file)."""
    if file is None:
        return ""
    return f"file={escape_property(file)}," + (f"line={line}," if line is not None else "")


def github(check: CheckReport, source: PlanSource | None = None) -> str:
    """``::error file=...,line=...,title=...::message`` per failure (a warning that
    fails under ``--strict`` too), ``::warning`` per other warning; every value
    escaped, so no plan text can start a command of its own."""
    lines = []
    for verdict in check.verdicts:
        if verdict.outcome not in (FAIL, WARN):
            continue
        command = "error" if check.fails(verdict) else "warning"
        where = (location(source.file, source.line_of(verdict.progress))
                 if source is not None else "")
        title = escape_property(_("offshore check: {label} [{id}]").format(
            label=verdict.label, id=verdict.id))
        message = _line(verdict, check.report.locale)
        lines.append(f"::{command} {where}title={title}::{escape_data(message)}")
    lines.append(escape_data(summary_line(check)))
    return "\n".join(lines) + "\n"


def junit_root(name: str, tests: int, failures: int, errors: int, skipped: int,
               run: Run | None, properties: Mapping[str, str]
               ) -> tuple[ET.Element, ET.Element]:
    """``<testsuites>`` and its one ``<testsuite>``, valid against Jenkins'
    ``junit-10.xsd``: counts on both, the run's duration (``time``) on both, its
    start (``timestamp``) and the skipped count on the suite only (the schema has
    neither on ``<testsuites>``), and ``properties`` on the suite (the schema
    allows none on a test case)."""
    import xml.etree.ElementTree as ET  # only this format needs it

    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors)}
    timing = {"time": run.time} if run is not None else {}
    suites = ET.Element("testsuites", {"name": "offshore check", **counts, **timing})
    suite = ET.SubElement(suites, "testsuite", {
        "name": name, **counts, "skipped": str(skipped), **timing,
        **({"timestamp": run.timestamp} if run is not None else {})})
    if properties:
        props = ET.SubElement(suite, "properties")
        for key, value in properties.items():
            ET.SubElement(props, "property", name=key, value=value)
    return suites, suite


def junit_text(suites: ET.Element) -> str:
    import xml.etree.ElementTree as ET

    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def junit(check: CheckReport, run: Run | None = None, source: PlanSource | None = None) -> str:
    """JUnit XML: one test case per indicator. Failures are ``<failure>``; warnings
    pass, with the warning in ``<system-out>``; indicators not gated are
    ``<skipped>`` with the reason. The as-of date is in the suite's name and its
    properties."""
    import xml.etree.ElementTree as ET

    report = check.report
    failures = sum(1 for v in check.verdicts if check.fails(v))
    properties = {"as_of": report.as_of.isoformat(), "plan_id": report.plan_id or "",
                  "plan_file": source.name if source is not None else "",
                  "strict": "true" if check.strict else "false"}
    suites, suite = junit_root(
        _("offshore check: {title} (as of {as_of})").format(title=report.title,
                                                            as_of=report.as_of.isoformat()),
        tests=len(check.verdicts), failures=failures, errors=0, skipped=check.tally(SKIP),
        run=run, properties={key: value for key, value in properties.items() if value})
    classname = f"offshore.{report.plan_id or 'plan'}"
    for verdict in check.verdicts:
        case = ET.SubElement(suite, "testcase", name=verdict.id, classname=classname,
                             time="0")
        message = _line(verdict, report.locale)
        if verdict.outcome == SKIP:
            ET.SubElement(case, "skipped", message=message)
        elif check.fails(verdict):
            failure = ET.SubElement(case, "failure", message=message, type=verdict.outcome)
            failure.text = message
        elif verdict.outcome == WARN:
            out = ET.SubElement(case, "system-out")
            out.text = _("WARNING: {message}").format(message=message)
    return junit_text(suites)


def json_document(check: CheckReport) -> dict[str, Any]:
    """The verdicts, and the full ``status`` document they were made from."""
    status = report_document(check.report)
    by_id = {record["id"]: record for record in status["indicators"]}
    return {
        "schema": CHECK_SCHEMA,
        "as_of": check.report.as_of.isoformat(),
        "passed": not check.failed,
        "strict": check.strict,
        "summary": {"failed": check.tally(FAIL), "warnings": check.tally(WARN),
                    "passed": check.tally(PASS), "skipped": check.tally(SKIP)},
        "verdicts": [{"id": v.id, "outcome": v.outcome, "gate": v.gate,
                      "min_ratio": v.min_ratio, "min_pace": v.min_pace,
                      "reasons": [reason_text(r, "en", english=True) for r in v.reasons]
                      or ([v.skipped_because] if v.skipped_because else []),
                      "status": by_id[v.id]}
                     for v in check.verdicts],
        "plan": status["plan"],
        "days_left": status["days_left"],
    }


VERDICT_FIELDS = ("id", "label", "outcome", "gate", "status", "ratio", "pace", "min_ratio",
                  "min_pace", "reasons")
_ICON = {FAIL: N_("❌ fail"), WARN: N_("⚠️ warn"), PASS: N_("✅ pass"), SKIP: N_("skip")}
SUMMARY_FIELDS = (NAME, N_("Outcome"), N_("Status"), N_("Ratio"), N_("Pace"), N_("Reason"))


class CheckView(ReportView):
    """``check``: its text for a log, GitHub workflow commands and JUnit XML of its
    own, and the JSON, CSV and Markdown every report has."""

    def __init__(self, check: CheckReport, quiet: bool = False, run: Run | None = None,
                 source: PlanSource | None = None) -> None:
        self.check = check
        self.quiet = quiet
        self.run = run
        self.source = source
        self.locale = check.report.locale

    def document(self) -> dict[str, Any]:
        return json_document(self.check)

    def records(self) -> Records:
        return Records(VERDICT_FIELDS, [
            {"id": v.id, "label": v.label, "outcome": v.outcome, "gate": v.gate,
             "status": v.progress.status, "ratio": v.progress.ratio, "pace": v.progress.pace,
             "min_ratio": v.min_ratio, "min_pace": v.min_pace,
             "reasons": reasons_text(v, "en", english=True)} for v in self.check.verdicts])

    def summary(self) -> Summary:
        """A summary table for a CI job summary page."""
        check, loc = self.check, self.locale
        return Summary(
            title=_("offshore check: {title}").format(title=check.report.title),
            lines=[summary_line(check)], fields=[_(field) for field in SUMMARY_FIELDS],
            rows=[[f"{v.label} ({v.id})", _(_ICON[v.outcome]), status_word(v.progress.status),
                   fmt.percent(v.progress.ratio, loc), fmt.percent(v.progress.pace, loc),
                   reasons_text(v, loc)] for v in check.verdicts],
            right=[False, False, False, True, True, False])

    def show(self, console: Console) -> None:
        console.file.write(text(self.check, self.quiet))

    def own_formats(self) -> Mapping[str, Callable[[], str]]:
        return {"text": lambda: text(self.check, self.quiet),
                "junit": lambda: junit(self.check, self.run, self.source),
                "github": lambda: github(self.check, self.source)}
