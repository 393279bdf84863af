"""What ``offshore check`` writes in a CI format when it cannot run at all: a
plan that cannot be read or does not validate, an option naming an unknown
indicator, nothing to check. A CI job that reads the report (a JUnit file, the
annotations, a JSON document, a job summary) then finds the error there too,
instead of an empty file; the one line on stderr and exit 2 stay as they are
(the command layer re-raises the error after this view is written).

Each format says it its own way: JUnit, one test case in ``<error>``; GitHub,
one ``::error`` per problem, on its file and line where known; JSON, the
``check`` document's schema with ``error`` in place of the verdicts; Markdown,
a short section saying why nothing was checked. Its own words are in the run's
language; the problems are worded where they are made."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from offshore_cli.errors import OffshoreError, PlanError, Problem
from offshore_cli.i18n import N_, _
from offshore_cli.plan import SEED_LABEL
from offshore_cli.render.check_view import (
    CHECK_SCHEMA,
    Run,
    escape_data,
    junit_root,
    junit_text,
    location,
)
from offshore_cli.render.validate_view import problem_record
from offshore_cli.render.view import Records, ReportView, Summary

if TYPE_CHECKING:
    from rich.console import Console

ERROR_FIELDS = ("file", "line", "place", "message", "hint")
NOTHING_CHECKED = N_("No target was checked: offshore check exits 2.")


def error_record(problem: Problem) -> dict[str, Any]:
    """``{"file", "line", "place", "message", "hint"}``, as ``validate`` writes a
    problem (``null`` for what is not known)."""
    record = problem_record(problem, "error")
    return {name: record[name] for name in ERROR_FIELDS}


def file_of(problem: Problem) -> str | None:
    """The file a problem is in, as given; ``None`` for a problem of the command
    line, or of the embedded seed plan (no file to point at)."""
    return problem.source if problem.source and problem.source != SEED_LABEL else None


def without_place(problem: Problem) -> str:
    """A problem's words without its file and line (an annotation carries those as
    properties): ``indicators.a.target: must be a number (see ...)``."""
    return str(problem._replace(source="", line=None))


class CheckErrorView(ReportView):
    """``check`` that could not run: the error in each of check's formats."""

    def __init__(self, error: OffshoreError, run: Run | None = None) -> None:
        self.error = error
        self.run = run
        self.problems = error.problems
        self.what = (_("the plan could not be read") if isinstance(error, PlanError)
                     else _("the check could not run"))

    def document(self) -> dict[str, Any]:
        """``{"schema": 2, "error": {"file", "line", "place", "message", "hint"}}``:
        the first problem, the one the stderr line names."""
        return {"schema": CHECK_SCHEMA, "error": error_record(self.problems[0])}

    def records(self) -> Records:
        return Records(ERROR_FIELDS, [error_record(problem) for problem in self.problems])

    def summary(self) -> Summary:
        return Summary(title=_("offshore check: {title}").format(title=self.what), lines=[],
                       fields=(), rows=[], empty=_(NOTHING_CHECKED),
                       notes=[str(problem) for problem in self.problems])

    def show(self, console: Console) -> None:
        console.file.write(self.error.one_line() + "\n")

    def github(self) -> str:
        """``::error file=PLAN,line=N,title=offshore::message`` per problem; ``file``
        and ``line`` where known, every value escaped."""
        return "".join(
            f"::error {location(file_of(problem), problem.line)}title=offshore::"
            f"{escape_data(without_place(problem))}\n" for problem in self.problems)

    def junit(self) -> str:
        """One test case in ``<error>``: the stderr line as its message, every
        problem in its text, one a line."""
        import xml.etree.ElementTree as ET

        first = self.problems[0]
        plan = file_of(first)
        suites, suite = junit_root(_("offshore check: {title}").format(title=self.what),
                                   tests=1, failures=0, errors=1, skipped=0, run=self.run,
                                   properties={"plan_file": plan} if plan else {})
        case = ET.SubElement(suite, "testcase", name="plan" if isinstance(
            self.error, PlanError) else "options", classname="offshore.check", time="0")
        error = ET.SubElement(case, "error", message=self.error.one_line(),
                              type=type(self.error).__name__)
        error.text = "\n".join(str(problem) for problem in self.problems)
        return junit_text(suites)

    def own_formats(self) -> Mapping[str, Callable[[], str]]:
        return {"junit": self.junit, "github": self.github,
                "text": lambda: self.error.one_line() + "\n"}
