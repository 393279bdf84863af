"""Typer commands: parse options, call the core, pick a renderer.

Commands stay thin: loading, computing and writing live in the core modules;
formatting lives in ``render``. Errors are raised as ``OffshoreError`` and
turned into exit codes by ``__main__.main``.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from offshore_cli._version import __version__
from offshore_cli.errors import EXIT_OK, EXIT_USAGE, UsageError

app = typer.Typer(
    name="offshore",
    help="Track a plan's numeric targets against its deadline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


PlanOption = Annotated[
    Path | None,
    typer.Option("--plan", help="Plan file (default: $OFFSHORE_PLAN, ./data/plan.toml, "
                 "./plan.toml, then the embedded seed plan).", show_default=False),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate as of this date, YYYY-MM-DD (default: today).",
                 show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def parse_day(text: str | None, option: str) -> dt.date:
    """A YYYY-MM-DD option value; today when not given."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date (use YYYY-MM-DD, "
                         "e.g. 2019-04-23)") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"offshore {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Track a plan's numeric targets against its deadline.

    Example: offshore status --as-of 2019-04-23
    """


class OutputClosed(Exception):
    """The reader of our output went away (``offshore status | head -1``)."""


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed from None


@app.command(epilog="Example: offshore status --as-of 2019-04-23 --format json")
def status(plan: PlanOption = None, as_of: AsOfOption = None,
           format: FormatOption = Format.table) -> None:
    """Show where each target stands, its pace and the time left."""
    from offshore_cli.plan import discover, load_document
    from offshore_cli.progress import evaluate

    day = parse_day(as_of, "--as-of")
    document = load_document(discover(plan))
    report = evaluate(document.plan, day)
    if format is Format.table:
        from offshore_cli.render.table import make_console, render_status

        try:
            render_status(report, make_console())
        except BrokenPipeError:
            raise OutputClosed from None
        return
    from offshore_cli.render import export

    if format is Format.json:
        _write(export.to_json(export.report_document(report)))
    elif format is Format.csv:
        _write(export.report_csv(report))
    else:
        _write(export.report_markdown(report))


@app.command(epilog="Example: offshore validate --plan data/plan.toml")
def validate(plan: PlanOption = None) -> int:
    """Check the plan file and report every problem at once."""
    from offshore_cli.consistency import advisories
    from offshore_cli.errors import PlanError
    from offshore_cli.plan import LineLocator, discover, load_document

    try:
        document = load_document(discover(plan))
    except PlanError as exc:
        for problem in exc.problems:
            typer.echo(f"offshore: error: {problem}", err=True)
        typer.echo(f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} found",
                   err=True)
        return EXIT_USAGE
    for warning in advisories(document.plan, document.source, LineLocator(document.text)):
        typer.echo(f"offshore: warning: {warning}", err=True)
    p = document.plan
    typer.echo(f"{document.source}: valid: {len(p.indicators)} indicators, "
               f"{len(p.results)} results, {len(p.milestones)} milestones, "
               f"{len(p.pillars)} pillars")
    return EXIT_OK
