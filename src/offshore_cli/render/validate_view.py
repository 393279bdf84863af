"""The view of ``offshore validate``: every problem of a plan at once, then either
what the plan holds or how many problems were found.

In text, problems and warnings go to stderr (one line each, in file order) and
the verdict about a valid plan to stdout; the JSON document holds all of it. The
words are in the run's language; the JSON's and CSV's fields and severities stay
English."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from offshore_cli.errors import Problem, escaped
from offshore_cli.i18n import N_, _, ngettext
from offshore_cli.plan import Validation
from offshore_cli.render import fmt
from offshore_cli.render.view import Records, ReportView, Summary
from offshore_cli.render.wording import counted

if TYPE_CHECKING:
    from rich.console import Console

VALIDATE_SCHEMA = 1
PROBLEM_FIELDS = ("severity", "file", "line", "place", "message", "hint")
# The Markdown table's headers, and its severities in words.
SUMMARY_FIELDS = (N_("Severity"), N_("Line"), N_("Place"), N_("Message"), N_("Hint"))
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}
NO_PROBLEM = N_("No problem found.")


def problem_record(problem: Problem, severity: str) -> dict[str, Any]:
    return {"severity": severity, "file": problem.source or None, "line": problem.line,
            "place": problem.place or None, "message": problem.message,
            "hint": problem.hint or None}


def verdict(found: Validation) -> str:
    """``data/plan.toml: valid: 4 indicators, 9 results, 5 milestones, 7 pillars``, or
    ``3 problems found``."""
    if not found.valid:
        count = len(found.problems)
        return ngettext("{n} problem found", "{n} problems found", count).format(
            n=fmt.group(count, "en"))
    parts = ", ".join(counted(noun, count, found.locale)
                      for noun, count in found.counts.items())
    return _("{file}: valid: {counts}").format(file=escaped(found.source), counts=parts)


def messages(found: Validation) -> list[str]:
    """The lines for stderr: each problem, each warning, and a count of problems."""
    lines = [_("offshore: error: {problem}").format(problem=problem)
             for problem in found.problems]
    lines += [_("offshore: warning: {warning}").format(warning=warning)
              for warning in found.warnings]
    if not found.valid:
        lines.append(verdict(found))
    return lines


class ValidateView(ReportView):
    """``validate``: its own text (problems on stderr, the verdict on stdout), and
    the JSON, CSV and Markdown of the problems."""

    def __init__(self, found: Validation) -> None:
        self.found = found
        self.locale = found.locale

    def rows(self) -> list[dict[str, Any]]:
        return [*(problem_record(p, "error") for p in self.found.problems),
                *(problem_record(w, "warning") for w in self.found.warnings)]

    def document(self) -> dict[str, Any]:
        found = self.found
        return {"schema": VALIDATE_SCHEMA, "file": found.source, "valid": found.valid,
                "counts": dict(found.counts) if found.valid else None,
                "problems": self.rows()}

    def records(self) -> Records:
        return Records(PROBLEM_FIELDS, self.rows())

    def summary(self) -> Summary:
        return Summary(title=_("offshore validate: {file}").format(
                           file=escaped(self.found.source)),
                       lines=[verdict(self.found)],
                       fields=[_(field) for field in SUMMARY_FIELDS],
                       rows=[[_(SEVERITY_WORDS[row["severity"]]), str(row["line"] or ""),
                              row["place"] or "", row["message"], row["hint"] or ""]
                             for row in self.rows()],
                       empty=_(NO_PROBLEM))

    def show(self, console: Console) -> None:
        console.file.write(self.text())

    def text(self) -> str:
        """The stdout part of the text format (problems are said on stderr)."""
        return f"{verdict(self.found)}\n" if self.found.valid else ""

    def own_formats(self) -> Mapping[str, Callable[[], str]]:
        return {"text": self.text}
