"""Renderings of ``offshore check`` for the places CI shows them: a terminal or
log (text), GitHub Actions workflow commands, JUnit XML, a Markdown job summary
and JSON. None of them decides an outcome; they print ``gate.CheckReport``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from offshore_cli.gate import FAIL, PASS, SKIP, WARN, CheckReport, Reason, Verdict
from offshore_cli.render import fmt
from offshore_cli.render.status_view import report_document
from offshore_cli.render.view import Records, ReportView, Summary

if TYPE_CHECKING:
    from rich.console import Console

_WORD = {FAIL: "FAIL", WARN: "WARN", PASS: "ok", SKIP: "skip"}
CHECK_SCHEMA = 3
"""The ``check`` JSON document's schema (docs/check.md); 3 since it carries status
documents of schema 3."""


def summary_line(check: CheckReport) -> str:
    """``check failed: 1 failed, 2 warnings, 1 passed (4 gated, as of 2019-04-23)``;
    under ``--strict`` the warnings are said to fail too."""
    gated = len(check.verdicts) - check.tally(SKIP)
    verdict = "failed" if check.failed else "passed"
    warnings = check.tally(WARN)
    failing = " (failing: strict)" if check.strict and warnings else ""
    strict = ", strict" if check.strict else ""
    return (f"check {verdict}: {check.tally(FAIL)} failed, {warnings} "
            f"warning{'s' if warnings != 1 else ''}{failing}, {check.tally(PASS)} passed "
            f"({gated} gated, as of {check.report.as_of.isoformat()}{strict})")


UNDEFINED = {"ratio-undefined": "ratio undefined", "pace-undefined": "pace undefined"}


def reason_text(reason: Reason, locale: str) -> str:
    """``ratio 55.6 % < min 60.0 % (at-risk)``; ``status at-risk (ratio 55.6 %, pace
    77.8 %)``; ``status no-data: no figure since the start (...)``; ``pace undefined:
    no figure since the start``: percents at the precision the gate compares at."""
    def pct(value: float | None) -> str:
        return fmt.percent(value, locale)

    why = f": {reason.detail}" if reason.detail else ""
    if reason.kind == "status":
        return (f"status {reason.status}{why} (ratio {pct(reason.ratio)}, "
                f"pace {pct(reason.pace)})")
    if reason.kind in UNDEFINED:
        return f"{UNDEFINED[reason.kind]}{why} (min {pct(reason.minimum)})"
    value = reason.ratio if reason.kind == "ratio" else reason.pace
    return f"{reason.kind} {pct(value)} < min {pct(reason.minimum)} ({reason.status})"


def reasons_text(verdict: Verdict, locale: str) -> str:
    if verdict.skipped_because is not None:
        return verdict.skipped_because
    return "; ".join(reason_text(reason, locale) for reason in verdict.reasons)


def _line(verdict: Verdict, locale: str) -> str:
    # The words are the gate's own; only the id comes from the plan.
    return f"{verdict.id}: {reasons_text(verdict, locale)}"


def text(check: CheckReport, quiet: bool = False) -> str:
    """One line per failing or warning indicator, then a summary line."""
    if quiet and not check.failed:
        return ""
    lines = [f"{_WORD[v.outcome]} {_line(v, check.report.locale)}" for v in check.verdicts
             if v.outcome in (FAIL, WARN)]
    lines.append(summary_line(check))
    return "\n".join(lines) + "\n"


def escape_data(value: str) -> str:
    """GitHub's rule for a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """GitHub's rule for a workflow command's property values."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(check: CheckReport) -> str:
    """``::error title=...::message`` per failure, ``::warning`` per warning; every
    value escaped, so no plan text can start a command of its own."""
    lines = []
    for verdict in check.verdicts:
        if verdict.outcome not in (FAIL, WARN):
            continue
        command = "error" if verdict.outcome == FAIL else "warning"
        title = escape_property(f"offshore check: {verdict.label} [{verdict.id}]")
        message = _line(verdict, check.report.locale)
        lines.append(f"::{command} title={title}::{escape_data(message)}")
    lines.append(escape_data(summary_line(check)))
    return "\n".join(lines) + "\n"


def junit(check: CheckReport) -> str:
    """JUnit XML: one test case per gated indicator. Failures are ``<failure>``;
    warnings pass, with the warning in ``<system-out>`` and a property."""
    import xml.etree.ElementTree as ET  # only this format needs it
    gated = [v for v in check.verdicts if v.outcome != SKIP]
    failures = sum(1 for v in gated if check.fails(v))
    suites = ET.Element("testsuites", name="offshore check", tests=str(len(gated)),
                        failures=str(failures), errors="0")
    suite = ET.SubElement(suites, "testsuite", name=f"offshore check: {check.report.title}",
                          tests=str(len(gated)), failures=str(failures), errors="0",
                          skipped="0", timestamp=check.report.as_of.isoformat() + "T00:00:00")
    for verdict in gated:
        case = ET.SubElement(suite, "testcase", name=verdict.id,
                             classname=f"offshore.{check.report.plan_id or 'plan'}", time="0")
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="outcome", value=verdict.outcome)
        ET.SubElement(props, "property", name="status", value=verdict.progress.status)
        message = _line(verdict, check.report.locale)
        if check.fails(verdict):
            failure = ET.SubElement(case, "failure", message=message, type=verdict.outcome)
            failure.text = message
        elif verdict.outcome == WARN:
            out = ET.SubElement(case, "system-out")
            out.text = f"WARNING: {message}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


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
                      "reasons": [reason_text(r, "en") for r in v.reasons]
                      or ([v.skipped_because] if v.skipped_because else []),
                      "status": by_id[v.id]}
                     for v in check.verdicts],
        "plan": status["plan"],
        "days_left": status["days_left"],
    }


VERDICT_FIELDS = ("id", "label", "outcome", "gate", "status", "ratio", "pace", "min_ratio",
                  "min_pace", "reasons")
_ICON = {FAIL: "❌ fail", WARN: "⚠️ warn", PASS: "✅ pass", SKIP: "skip"}


class CheckView(ReportView):
    """``check``: its text for a log, GitHub workflow commands and JUnit XML of its
    own, and the JSON, CSV and Markdown every report has."""

    def __init__(self, check: CheckReport, quiet: bool = False) -> None:
        self.check = check
        self.quiet = quiet
        self.locale = check.report.locale

    def document(self) -> dict[str, Any]:
        return json_document(self.check)

    def records(self) -> Records:
        return Records(VERDICT_FIELDS, [
            {"id": v.id, "label": v.label, "outcome": v.outcome, "gate": v.gate,
             "status": v.progress.status, "ratio": v.progress.ratio, "pace": v.progress.pace,
             "min_ratio": v.min_ratio, "min_pace": v.min_pace,
             "reasons": reasons_text(v, "en")} for v in self.check.verdicts])

    def summary(self) -> Summary:
        """A summary table for a CI job summary page."""
        check, loc = self.check, self.locale
        return Summary(
            title=f"offshore check: {check.report.title}", lines=[summary_line(check)],
            fields=["Indicator", "Outcome", "Status", "Ratio", "Pace", "Reason"],
            rows=[[f"{v.label} ({v.id})", _ICON[v.outcome], v.progress.status,
                   fmt.percent(v.progress.ratio, loc), fmt.percent(v.progress.pace, loc),
                   reasons_text(v, loc)] for v in check.verdicts],
            right=[False, False, False, True, True, False])

    def show(self, console: Console) -> None:
        console.file.write(text(self.check, self.quiet))

    def own_formats(self) -> Mapping[str, Callable[[], str]]:
        return {"text": lambda: text(self.check, self.quiet),
                "junit": lambda: junit(self.check), "github": lambda: github(self.check)}
