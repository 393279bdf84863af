"""Typer commands: parse options, call the core, pick a renderer.

Commands stay thin: loading, computing and writing live in the core modules;
formatting lives in ``render``. Errors are raised as ``OffshoreError`` and
turned into exit codes by ``__main__.main``.
"""

# No `from __future__ import annotations` here: typer would evaluate each
# command's annotation strings again (building its Option objects anew) every
# time it builds a command.

import contextlib
import datetime as dt
import re
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_name
from typer.models import CommandInfo

from offshore_cli._version import __version__
from offshore_cli.errors import EXIT_OK, EXIT_USAGE, OffshoreError, OutputError, UsageError
from offshore_cli.i18n import DEFAULT, N_, _, language


def _spoken_help(command: Any, ctx: Any, draw: Any) -> None:
    """Draw a help (``draw``) in the run's language: typer's own drawing, with its
    words translated for the time it takes in a language other than English (see
    ``cli_words``). Output that cannot be written is said as a command's is (a reader
    gone is quiet; a full disk is exit 74), not taken for a bug."""
    try:
        if language() == DEFAULT:
            draw()
            return
        from offshore_cli.cli_words import spoken_help

        with spoken_help(command, ctx):
            draw()
    except BrokenPipeError:
        raise OutputClosed from None
    except OSError as exc:  # drawing a help writes only to stdout
        raise _lost_output(exc) from None


def _usage(command: Any, ctx: Any, formatter: Any) -> None:
    """The usage line, ``Usage:`` in the run's language."""
    prefix = "Usage: "
    if language() != DEFAULT:
        from offshore_cli.cli_words import usage_prefix

        prefix = usage_prefix()
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)),
                          prefix=prefix)


class _Command(TyperCommand):
    """A command whose help speaks the run's language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _spoken_help(self, ctx, lambda: super(_Command, self).format_help(ctx, formatter))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)


class _Group(TyperGroup):
    """The command line (``offshore --help``), its help in the run's language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _spoken_help(self, ctx, lambda: super(_Group, self).format_help(ctx, formatter))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)


_SETTINGS: dict[str, Any] = {
    "name": "offshore",
    "help": N_("Track a plan's numeric targets against its deadline."),
    "cls": _Group,
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_SETTINGS)


LOCK_TIMEOUT_ENV = "OFFSHORE_LOCK_TIMEOUT"


class Locale(StrEnum):
    en = "en"
    fr = "fr"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"
    markdown = "markdown"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ExportFormat(StrEnum):
    """``status`` and ``history``: the formats of every report, and a workbook."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


PlanOption = Annotated[
    Path | None,
    # readable=False: the loader says why a plan cannot be read, in every format.
    typer.Option("--plan", help=N_("Plan file (default: $OFFSHORE_PLAN, ./data/plan.toml, "
                                   "./plan.toml, then the embedded seed plan)."),
                 show_default=False, readable=False),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help=N_("Evaluate as of this date, YYYY-MM-DD (default: today)."),
                 show_default=False),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help=N_("Output format."))]
ExportFormatOption = Annotated[ExportFormat, typer.Option(
    "--format", "-f", help=N_("Output format (xlsx: a workbook, written with -o FILE)."))]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help=N_("The file to write the workbook to (with --format xlsx)."),
    show_default=False)]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help=N_("Show what would be written; "
                                                                 "write nothing."))]


def _output_for(format: str, output: Path | None) -> Path | None:
    """The workbook's path: required by xlsx, refused with any other format."""
    if format == "xlsx" and output is None:
        raise UsageError(_("--format xlsx: give the file to write with -o FILE"))
    if format != "xlsx" and output is not None:
        raise UsageError(_("--output: only with --format xlsx (other formats go to stdout)"))
    return output


def _save_workbook(sheets: Any, output: Path, plan: Path | None) -> None:
    """The workbook written at ``output``, whole or not at all, never over ``plan``."""
    from offshore_cli.render import xlsx
    from offshore_cli.store import write_replacing

    write_replacing(output, xlsx.workbook_bytes(sheets), plan)


def writable_plan(plan: Path | None) -> Path:
    """The plan a command that writes is to write: never the embedded seed plan."""
    from offshore_cli.errors import Problem, ResultError
    from offshore_cli.plan import discover

    path = discover(plan)
    if path is None:
        raise ResultError(Problem("", "", _("no plan file: the embedded seed plan is "
                                            "read-only"),
                                  _("run `offshore init` to create ./data/plan.toml, "
                                    "or give --plan PATH")))
    return path


def parse_day(text: str | None, option: str) -> dt.date:
    """A YYYY-MM-DD option value; today when not given. Only that form: Python's
    ``date.fromisoformat`` also reads ``20190423`` and ``2019-W17-2``."""
    if text is None:
        return dt.date.today()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(text)
    from offshore_cli.errors import quoted

    raise UsageError(_("{option}: {value} is not a date (use YYYY-MM-DD, e.g. 2019-04-23)")
                     .format(option=option, value=quoted(text)))


def _version(value: bool) -> None:
    if value:
        _write(f"offshore {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=N_("Show the version and exit."))] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="en|fr", show_default=False,
        help=N_("Language of the words (before or after the command; default: "
                "$OFFSHORE_LANG, the plan's locale, then LC_ALL/LC_MESSAGES/LANG, then en)."))
    ] = None,
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
    except OSError as exc:
        raise _lost_output(exc) from None


def _lost_output(exc: OSError) -> OutputError:
    """The error for output that could not be written (a full disk, a closed stdout):
    not a bug, exit 74. What is still buffered for stdout is sent to /dev/null, so
    that the flush at exit does not fail, and report, a second time."""
    import os

    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):
        fd = None  # not a real descriptor (a test's capture): nothing is flushed at exit
    if fd is not None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    return OutputError(exc.strerror or str(exc))


def _tell(line: str) -> None:
    """A line on stderr. When stderr itself cannot be written (`2>/dev/full`) the
    line is lost, but the exit code must still be the one the command chose."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _known_ecosystem(known: Mapping[str, str], ecosystem: str) -> str:
    """The plan's id for ``--ecosystem`` (``ito`` is ``ITO``, see ``rules.known_id``);
    refuse one the plan does not declare, naming the closest one."""
    from offshore_cli.rules import known_id

    found = known_id(ecosystem, known)
    if found is None:
        from offshore_cli.errors import closest, quoted

        raise UsageError(_("--ecosystem: unknown ecosystem {name} ({closest})").format(
            name=quoted(ecosystem), closest=closest(ecosystem, list(known))))
    return found


@app.command(cls=_Command, help=N_("Show where each target stands, its pace and the time left."),
             epilog=N_("Example: offshore status --as-of 2019-04-23 --format json"))
def status(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    format: ExportFormatOption = ExportFormat.table,
    output: OutputOption = None,
    by_ecosystem: Annotated[bool, typer.Option(
        "--by-ecosystem", help=N_("Under each indicator, one row per ecosystem."))] = False,
    ecosystem: Annotated[str | None, typer.Option(
        "--ecosystem", help=N_("One ecosystem's view: its figures, its targets."),
        show_default=False)] = None,
    sdg: Annotated[bool, typer.Option(
        "--sdg", help=N_("A column with the SDG progress class (Open SDG's method)."))] = False,
) -> None:
    """``offshore status``: where each target stands, its pace and the time left."""
    from offshore_cli.plan import discover, load_document
    from offshore_cli.progress import evaluate
    from offshore_cli.render.status_view import StatusView

    if by_ecosystem and ecosystem is not None:
        raise UsageError(_("--by-ecosystem: not with --ecosystem (--ecosystem shows one "
                           "ecosystem's own figures; --by-ecosystem breaks every indicator "
                           "down by ecosystem)"))
    day = parse_day(as_of, "--as-of")
    target = _output_for(format, output)
    document = spoken(load_document(discover(plan), figures=target is not None))
    if ecosystem is not None:
        ecosystem = _known_ecosystem(document.plan.ecosystems, ecosystem)
    report = evaluate(document.plan, day, ecosystem, document.series)
    if target is not None:
        from offshore_cli.render.xlsx import status_sheets

        _save_workbook(status_sheets(report, document.plan), target, document.path)
        return
    from offshore_cli import timeline

    name = document.plan.ecosystems.get(ecosystem) if ecosystem else None
    _emit(StatusView(report, timeline.milestones(document.plan, day),
                     timeline.pillars(document.plan, day), by_ecosystem, name, sdg), format)


@app.command(cls=_Command, help=N_("Check the plan file and report every problem at once."),
             epilog=N_("Example: offshore validate --plan data/plan.toml"))
def validate(plan: PlanOption = None,
             format: Annotated[ValidateFormat, typer.Option("--format", "-f",
                                                            help=N_("Output format."))
                               ] = ValidateFormat.text) -> int:
    """``offshore validate``: every problem of the plan file at once."""
    from offshore_cli.plan import discover, validate_plan
    from offshore_cli.render.validate_view import ValidateView, messages

    path = discover(plan)
    settle(_plan_locale(["--plan", str(path)] if path is not None else []))
    found = validate_plan(path, dt.date.today())
    from offshore_cli.i18n import language

    found = found._replace(locale=language())
    if format is ValidateFormat.text:
        for line in messages(found):
            _tell(line)
    _emit(ValidateView(found), format)
    return EXIT_OK if found.valid else EXIT_USAGE


def _emit(view: Any, format: str) -> None:
    """Print a report's view in ``format`` (see ``render.view.emit``)."""
    from offshore_cli.render.view import emit

    try:
        emit(view, format)
    except BrokenPipeError:
        raise OutputClosed from None
    except OSError as exc:  # rendering writes only to stdout
        raise _lost_output(exc) from None


class _ValueCommand(_Command):
    """A command whose value may be negative: ``-5`` on its own reads as an option
    (the parser's rule), so the error says how to write it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes ``args``
        try:
            return super().parse_args(ctx, args)
        except Exception as exc:
            args = given
            name = getattr(exc, "option_name", None)
            if type(exc).__name__ != "NoSuchOption" or not isinstance(name, str):
                raise
            negative = next((arg for arg in args if arg.startswith(name)
                             and _NEGATIVE.match(arg)), None)
            if negative is None or "--" in args:
                raise
            from offshore_cli.errors import quoted

            raise UsageError(_("{value} is read as an option (write a negative value after "
                               "--: {command})").format(
                value=quoted(negative),
                command=_with_value_last(self, args, negative))) from None


_NEGATIVE = re.compile(r"-[0-9.,]")


def _with_value_last(command: Any, args: list[str], negative: str) -> str:
    """The command line ``args`` make, the negative value moved after ``--``, where
    nothing is read as an option: ``offshore add-result jobs --date D -- -5``."""
    import shlex

    takes_value = {name for param in command.params if param.param_type_name == "option"
                   and not param.is_flag for name in param.opts}
    others = [arg for arg in args if arg is not negative]
    words, skip = [], False
    for arg in others:
        if not skip and not arg.startswith("-"):
            words.append(arg)
        skip = not skip and arg in takes_value
    if not words:  # no indicator given
        others.insert(0, "IND")
    return shlex.join(["offshore", command.name, *others, "--", negative])


@app.command("add-result", cls=_ValueCommand,
             help=N_("Record a figure: appended to the plan, atomically, under a lock."),
             epilog=N_("Example: offshore add-result investment '1,5 MMDH' "
                       "--date 2019-12-31 --source 'Annual report'"))
def add_result(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id, e.g. jobs."))],
    value: Annotated[str, typer.Argument(help=N_("The figure as written: 69900, '69 900', "
                                                 "'1,5 MMDH', '500 MDH', 2.5bn."))],
    date: Annotated[str | None, typer.Option("--date", help=N_("Date the figure describes, "
                                                               "YYYY-MM-DD (default: today)."),
                                             show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source",
                                               help=N_("Where it comes from."))] = None,
    note: Annotated[str | None, typer.Option("--note", help=N_("Free text."))] = None,
    ecosystem: Annotated[str | None, typer.Option(
        "--ecosystem", help=N_("A breakdown figure for one ecosystem."))] = None,
    revise: Annotated[bool, typer.Option("--revise", help=N_(
        "Record a revised figure for a date that has one; the original stays in the file."))
                      ] = False,
    dry_run: DryRunOption = False,
    locale: Annotated[Locale | None, typer.Option("--locale", help=N_(
        "Read the number as en (1,500.5) or fr (1 500,5); default: the plan's."))] = None,
    plan: PlanOption = None,
) -> None:
    """``offshore add-result``: a figure appended to the plan, atomically, under a lock."""
    import os

    from offshore_cli.recording import (
        Request,
        build_entry,
        replaced_figure,
        resolved,
        standing,
    )
    from offshore_cli.render import writes_view
    from offshore_cli.store import append_result, lock_timeout_from, now_recorded

    path = writable_plan(plan)
    today = dt.date.today()
    request = Request(indicator=indicator, value_text=value, day=parse_day(date, "--date"),
                      today=today, recorded=now_recorded(), source=source, note=note,
                      ecosystem=ecosystem, revise=revise,
                      locale=locale.value if locale else None)
    timeout = lock_timeout_from(os.environ.get(LOCK_TIMEOUT_ENV))
    replaced: list[float | None] = [None]

    def entry_for(doc: Any) -> dict[str, Any]:
        settle(doc.plan.plan.locale)  # the plan is read: its language speaks from here on
        replaced[0] = replaced_figure(doc.series, resolved(doc.plan, request))
        return build_entry(doc.plan, doc.series, request)

    done = append_result(path, entry_for, dry_run=dry_run, lock_timeout=timeout)
    for note in done.notes:
        _tell(_("offshore: note: {note}").format(note=note))
    if dry_run:
        _write(writes_view.dry_run_head(str(path), done.block))
    request = resolved(done.plan, request)  # the ids as the plan writes them (ito -> ITO)
    ecosystem = request.ecosystem
    from offshore_cli.spec import in_language

    loc = settle(done.plan.plan.locale)
    item = standing(in_language(done.plan, loc), done.series, request)
    figure = float(done.entry["value"])
    try:
        _write(writes_view.recorded(item, figure, request.day, ecosystem, loc, dry_run,
                                    replaced[0]))
    except OutputError as exc:
        if dry_run:
            raise
        # The figure is in the plan: a script that retried on a failure would record
        # it twice, so this run succeeds and says on stderr what was recorded.
        _tell(writes_view.recorded_unseen(item, figure, request.day, ecosystem, loc,
                                          replaced[0], exc.reason))


@app.command("revise-target", cls=_Command,
             help=N_("Record a revised target and/or deadline: appended to the plan as a\n"
                     "\\[\\[revisions]] entry, atomically, under a lock; the original stays in "
                     "force\n"
                     "before the revision's date."),
             epilog=N_("Example: offshore revise-target investment --target '25 MMDH' "
                       "--date 2017-06-30 --reason 'Mid-term review'"))
def revise_target(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id, e.g. jobs."))],
    date: Annotated[str, typer.Option("--date", help=N_("Date the revision was decided, "
                                                        "YYYY-MM-DD."), show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help=N_("Why the target or deadline "
                                                            "changed (plain text)."),
                                        show_default=False)],
    target: Annotated[str | None, typer.Option("--target", help=N_(
        "The revised target, written as add-result reads a figure."),
                                               show_default=False)] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help=N_(
        "The revised deadline, YYYY-MM-DD."), show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", help=N_(
        "Where the decision is written down."))] = None,
    dry_run: DryRunOption = False,
    locale: Annotated[Locale | None, typer.Option("--locale", help=N_(
        "Read the target as en (1,500.5) or fr (1 500,5); default: the plan's."))] = None,
    plan: PlanOption = None,
) -> None:
    """``offshore revise-target``: a revised target and/or deadline appended to the plan
    as a [[revisions]] entry, atomically, under a lock; the original stays in force
    before the revision's date."""
    import os

    from offshore_cli.recording import RevisionRequest, build_revision, revised_standing
    from offshore_cli.render import writes_view
    from offshore_cli.store import append_result, lock_timeout_from

    path = writable_plan(plan)
    today = dt.date.today()
    request = RevisionRequest(
        indicator=indicator, day=parse_day(date, "--date"), today=today, reason=reason,
        target_text=target,
        deadline=parse_day(deadline, "--deadline") if deadline is not None else None,
        source=source, locale=locale.value if locale else None)
    timeout = lock_timeout_from(os.environ.get(LOCK_TIMEOUT_ENV))

    def revision_for(doc: Any) -> dict[str, Any]:
        settle(doc.plan.plan.locale)  # the plan is read: its language speaks from here on
        return build_revision(doc.plan, request)

    done = append_result(path, revision_for, dry_run=dry_run, lock_timeout=timeout,
                         table="revisions")
    for note in done.notes:
        _tell(_("offshore: note: {note}").format(note=note))
    if dry_run:
        _write(writes_view.dry_run_head(str(path), done.block))
    ident = done.entry["indicator"]
    from offshore_cli.spec import in_language

    loc = settle(done.plan.plan.locale)
    item = revised_standing(in_language(done.plan, loc), done.series, ident, request.day, today)
    line = writes_view.revised(item, done.entry, loc, dry_run)
    try:
        _write(line)
    except OutputError as exc:
        if dry_run:
            raise
        # The revision is in the plan: say so on stderr, and succeed (see add-result).
        _tell(_("offshore: {done}, but the output could not be written: {reason}").format(
            done=line.strip(), reason=exc.reason))


class Layout(StrEnum):
    long = "long"
    wide = "wide"


class _SheetRefused(Exception):
    """A sheet with problems: nothing is appended (raised inside the store's
    append, which then writes nothing)."""

    def __init__(self, outcome: Any) -> None:
        super().__init__()
        self.outcome = outcome


@app.command("import", cls=_Command,
             help=N_("Import figures from a spreadsheet: every row checked first, then all "
                     "of them\nappended in one atomic write, or none."),
             epilog=N_("Example: offshore import exports.xlsx --sheet Feuil1 --dry-run"))
def import_(
    file: Annotated[Path, typer.Argument(help=N_("A .xlsx, .xls, .ods, .csv or .tsv file of "
                                                 "figures."), show_default=False)],
    sheet: Annotated[str | None, typer.Option("--sheet", help=N_(
        "The sheet to read (default: the first visible one that reads as figures)."),
        show_default=False)] = None,
    layout: Annotated[Layout | None, typer.Option(
        "--layout", help=N_("long: a figure per row; wide: dates down, an indicator per "
                            "column (default: what the headers show)."),
        show_default=False)] = None,
    column: Annotated[list[str] | None, typer.Option(
        "--column", help=N_("FIELD=HEADER: the column holding a field (indicator, date, "
                            "value, source, note, ecosystem); repeatable."),
        show_default=False)] = None,
    ecosystem: Annotated[str | None, typer.Option(
        "--ecosystem", help=N_("Wide layout: the ecosystem every column's figures are for."),
        show_default=False)] = None,
    locale: Annotated[Locale | None, typer.Option("--locale", help=N_(
        "Read numbers written as text as en (1,500.5) or fr (1 500,5); default: the "
        "plan's."))] = None,
    source: Annotated[str | None, typer.Option("--source", help=N_(
        "The source of every figure (default: the file's name and sheet)."),
                                               show_default=False)] = None,
    revise: Annotated[bool, typer.Option("--revise", help=N_(
        "Record a figure that differs from the plan's for its date as a revision."))
                      ] = False,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
) -> int:
    """``offshore import``: figures from a spreadsheet, every row checked first, then
    all of them appended in one atomic write, or none."""
    import os

    from offshore_cli import importing
    from offshore_cli.render import import_view
    from offshore_cli.sheets import read_sheet
    from offshore_cli.store import append_results, lock_timeout_from, now_recorded

    path = writable_plan(plan)
    try:
        columns = importing.parse_columns(column or [])
    except ValueError as exc:
        raise UsageError(_("--column: {value} is not FIELD=HEADER (FIELD: indicator, date, "
                           "value, source, note or ecosystem)").format(value=exc)) from None
    if source is not None:
        from offshore_cli.rules import text_problem

        problem = text_problem(source) if source.strip() else _("is empty")
        if problem:
            raise UsageError(_("--source: {problem}").format(problem=problem))
    options = importing.Options(
        today=dt.date.today(), recorded=now_recorded(),
        layout=layout.value if layout else None, columns=columns,
        locale=locale.value if locale else None, source=source, ecosystem=ecosystem,
        revise=revise)
    read = read_sheet(file, sheet, choose=lambda found: importing.holds_figures(found, options))
    timeout = lock_timeout_from(os.environ.get(LOCK_TIMEOUT_ENV))
    found: list[Any] = []

    def entries_for(doc: Any) -> list[dict[str, Any]]:
        settle(doc.plan.plan.locale)  # the plan is read: its language speaks from here on
        outcome = importing.read_figures(doc.plan, doc.series, read, str(file), options)
        found[:] = [outcome]
        if outcome.problems:
            raise _SheetRefused(outcome)
        return outcome.entries

    try:
        done = append_results(path, entries_for, dry_run=dry_run, lock_timeout=timeout)
    except _SheetRefused as refusal:
        outcome = refusal.outcome
        for note in outcome.notes:
            _tell(_("offshore: note: {note}").format(note=note))
        _write(import_view.read_line(str(file), read.name, outcome))
        if dry_run:
            from offshore_cli.i18n import language

            _write(import_view.summary(outcome, {}, language(), True)
                   + import_view.refused_table(outcome.problems))
        for problem in outcome.problems:
            _tell(_("offshore: error: {message}").format(message=problem))
        _tell(import_view.refused(len(outcome.problems)))
        return EXIT_USAGE
    outcome = found[0]
    for note in (*outcome.notes, *done.notes):
        _tell(_("offshore: note: {note}").format(note=note))
    from offshore_cli.spec import in_language

    loc = settle(done.plan.plan.locale)
    standing = importing.standings(in_language(done.plan, loc), done.series, options.today,
                                   outcome.planned)
    _write(import_view.read_line(str(file), read.name, outcome)
           + import_view.summary(outcome, standing, loc, dry_run))
    return EXIT_OK


@app.command(cls=_Command,
             help=N_("Every figure of an indicator, the sector's and each ecosystem's, by date."),
             epilog=N_("Example: offshore history investment --format csv"))
def history(
    indicator: Annotated[str, typer.Argument(help=N_("Indicator id, e.g. investment."))],
    ecosystem: Annotated[str | None, typer.Option("--ecosystem", help=N_(
        "One ecosystem's figures instead of every figure."))] = None,
    since: Annotated[str | None, typer.Option("--since", help=N_(
        "Only figures dated from this day on, YYYY-MM-DD."), show_default=False)] = None,
    last: Annotated[int | None, typer.Option("--last", help=N_("Only the last N figures."),
                                             show_default=False)] = None,
    plan: PlanOption = None,
    format: ExportFormatOption = ExportFormat.table,
    output: OutputOption = None,
) -> None:
    """``offshore history``: every figure of an indicator, by date."""
    from offshore_cli.history import indicator_history
    from offshore_cli.plan import discover, load_document

    document = spoken(load_document(discover(plan), figures=True))
    if ecosystem is not None:
        ecosystem = _known_ecosystem(document.plan.ecosystems, ecosystem)
    from offshore_cli.render.history_view import HistoryView

    first = parse_day(since, "--since") if since is not None else None
    target = _output_for(format, output)
    record = indicator_history(document.plan, indicator, ecosystem, since=first, last=last)
    if target is not None:
        from offshore_cli.render.xlsx import history_sheets

        _save_workbook(history_sheets(record), target, document.path)
        return
    name = document.plan.ecosystems.get(ecosystem) if ecosystem else None
    drawn = None
    if format is ExportFormat.table:
        from offshore_cli.burnup import history_burnup

        drawn = history_burnup(document.plan, record)
    _emit(HistoryView(record, name, drawn), format)


@app.command(cls=_Command,
             help=N_("Write the stocktake pack: one self-contained HTML page with charts."),
             epilog=N_("Example: offshore report --as-of 2019-04-23 -o pack.html"))
def report(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help=N_("The HTML file to write, '-' for stdout (default: "
                                  "offshore-report-<plan id>-<as-of>.html here)."),
        show_default=False)] = None,
) -> None:
    """``offshore report``: the stocktake pack, one self-contained HTML page."""
    from offshore_cli.plan import discover, load_document
    from offshore_cli.render.report_html import report_page

    day = parse_day(as_of, "--as-of")
    document = spoken(load_document(discover(plan), figures=True))
    generated = dt.datetime.now().astimezone().replace(microsecond=0)
    page = report_page(document, day, generated, __version__)
    if output == "-":
        _write(page)
        return
    from offshore_cli.store import write_replacing

    path = Path(output or f"offshore-report-{document.plan.plan.id or 'plan'}-"
                f"{day.isoformat()}.html")
    write_replacing(path, page.encode("utf-8"), document.path)
    _tell(_("offshore: wrote {path}").format(path=path))


@app.command(cls=_Command, help=N_("Write a plan to start from at PATH (or --plan PATH); "
                                   "never overwrites a file."),
             epilog=N_("Example: offshore init data/plan.toml --blank"))
def init(
    path: Annotated[Path | None, typer.Argument(
        metavar="[PATH]", help=N_("Where to write the new plan (default: data/plan.toml)."),
        show_default=False)] = None,
    blank: Annotated[bool, typer.Option("--blank", help=N_(
        "A commented template with one indicator instead of the seed plan."))] = False,
    plan: Annotated[Path | None, typer.Option(
        "--plan", help=N_("Where to write the new plan (the same as PATH)."),
        show_default=False)] = None,
) -> None:
    """``offshore init``: a plan to start from, never over an existing file."""
    from importlib import resources

    from offshore_cli.plan import seed_text
    from offshore_cli.store import create_new

    if path is not None and plan is not None and path != plan:
        raise UsageError(_("--plan: give the new plan's path once (PATH or --plan PATH)"))
    path = path or plan or Path("data/plan.toml")

    if blank:
        text = resources.files("offshore_cli").joinpath("blank_plan.toml").read_text("utf-8")
    else:
        text = seed_text()
    create_new(path, text)
    from offshore_cli.render.writes_view import created

    _write(created(str(path), blank))


@app.command(cls=_Command, help=N_("Gate the plan's thresholds for CI: exit 0 pass, 1 fail, "
                                   "2 usage or data error."),
             epilog=N_("Example: offshore check --as-of 2019-04-23 --min-ratio 0.6 "
                       "--format junit"))
def check(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    min_ratio: Annotated[list[str] | None, typer.Option(
        "--min-ratio", help=N_("Minimum ratio, R or ID=R (repeatable); overrides the plan."),
        show_default=False)] = None,
    min_pace: Annotated[list[str] | None, typer.Option(
        "--min-pace", help=N_("Minimum pace, R or ID=R (repeatable); overrides the plan."),
        show_default=False)] = None,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", help=N_("Statuses that fail."))] = "off-track,missed,overdue",
    warn_on: Annotated[str, typer.Option(
        "--warn-on", help=N_("Statuses that warn."))] = "at-risk,no-data,achieved-late",
    only: Annotated[str | None, typer.Option(
        "--only", help=N_("Gate only these indicator ids (comma-separated)."),
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Warnings fail too."))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_(
        "Print nothing on success (text format)."))] = False,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help=N_("Output format."))
                      ] = CheckFormat.text,
) -> int:
    """``offshore check``: the plan's thresholds gated for CI (exit 0 pass, 1 fail, 2
    usage or data error)."""
    from offshore_cli import gate
    from offshore_cli.errors import EXIT_CHECK_FAILED
    from offshore_cli.plan import discover, load_document
    from offshore_cli.render import check_view

    started, counter = run_started()
    try:
        day = parse_day(as_of, "--as-of")
        document = spoken(load_document(discover(plan), deciding=True))
        known = set(document.plan.indicators)
        options = gate.CheckOptions(
            min_ratio=gate.parse_thresholds(min_ratio or [], known, "--min-ratio"),
            min_pace=gate.parse_thresholds(min_pace or [], known, "--min-pace"),
            fail_on=gate.parse_statuses(fail_on, "--fail-on"),
            warn_on=gate.parse_statuses(warn_on, "--warn-on"),
            only=gate.parse_only(only, known), strict=strict)
        result = gate.check(document.plan, day, options, document.series)
    except OffshoreError as error:
        if format is not CheckFormat.text:
            _report_error(error, check_view.Run(started, seconds_since(counter)), format)
        raise  # the one stderr line and exit 2, as in every format
    unchecked = gate.nothing_to_check(result)
    if unchecked is not None:
        _tell(_("offshore: warning: {message}").format(message=unchecked))
    run = check_view.Run(started, seconds_since(counter))
    _emit(check_view.CheckView(result, quiet, run, check_view.PlanSource(document)), format)
    return EXIT_CHECK_FAILED if result.failed else EXIT_OK


def _report_error(error: OffshoreError, run: Any, format: str) -> None:
    """A check that could not run, in its CI format on stdout (a JUnit file, an
    annotation, a JSON document), so that the job's report says why. Should that
    output fail too, the error itself still decides the exit code."""
    from offshore_cli.render.check_error_view import CheckErrorView

    with contextlib.suppress(OutputClosed, OutputError):
        _emit(CheckErrorView(error, run), format)


def run_started() -> tuple[dt.datetime, float]:
    """The moment a check starts, in local time with its UTC offset, and a reading
    of the monotonic clock to time it from (JUnit's ``timestamp`` and ``time``)."""
    import time

    return dt.datetime.now().astimezone(), time.perf_counter()


def seconds_since(counter: float) -> float:
    import time

    return time.perf_counter() - counter


@app.command(cls=_Command,
             help=N_("The strategic pillars: axes done, in progress, planned and overdue."),
             epilog=N_("Example: offshore pillars --format markdown"))
def pillars(plan: PlanOption = None, as_of: AsOfOption = None,
            format: FormatOption = Format.table) -> None:
    """``offshore pillars``: the strategic pillars and their axes by state."""
    from offshore_cli import timeline
    from offshore_cli.plan import discover, load_document
    from offshore_cli.render.pillars_view import PillarsView

    day = parse_day(as_of, "--as-of")
    _emit(PillarsView(timeline.pillars(spoken(load_document(discover(plan))).plan, day)),
          format)


@app.command(cls=_Command, help=N_("The milestones: past, today and upcoming, with "
                                   "countdowns; overdue ones flagged."),
             epilog=N_("Example: offshore milestones --as-of 2019-04-23"))
def milestones(plan: PlanOption = None, as_of: AsOfOption = None,
               format: FormatOption = Format.table) -> None:
    """``offshore milestones``: the timeline of the plan's milestones."""
    from offshore_cli import timeline
    from offshore_cli.plan import discover, load_document
    from offshore_cli.render.milestones_view import MilestonesView

    day = parse_day(as_of, "--as-of")
    document = spoken(load_document(discover(plan)))
    _emit(MilestonesView(timeline.milestones_report(document.plan, day)), format)


def _command_name(info: CommandInfo) -> str:
    assert info.callback is not None  # every command here is a decorated function
    return info.name or get_command_name(info.callback.__name__)


def global_options(args: Sequence[str]) -> tuple[list[str], bool, str | None]:
    """``args`` without the global options ``--debug`` and ``--lang LANG``
    (``--lang=LANG``), whether there was a ``--debug``, and the language asked for.
    They may stand anywhere, before or after the command's name, except where they are
    text: the value of an option that takes one (``--note --debug``), or anything
    after ``--``."""
    from typer.models import OptionInfo
    from typer.utils import get_params_from_function

    name, index = None, 0
    while index < len(args) and name is None:  # the command: the first other word
        arg = args[index]
        index += 2 if arg == "--lang" else 1
        if arg != "--debug" and arg != "--lang" and not arg.startswith("--lang="):
            name = arg
    takes_value: set[str] = set()
    for info in app.registered_commands:
        if _command_name(info) != name or info.callback is None:
            continue
        # Read as typer reads a command's options (their names, their types).
        for meta in get_params_from_function(info.callback).values():
            option = meta.default
            if isinstance(option, OptionInfo) and meta.annotation is not bool:
                takes_value.update(option.param_decls or
                                   (f"--{meta.name.replace('_', '-')}",))
    kept: list[str] = []
    debug = value_next = False
    lang: str | None = None
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if not value_next:
            if arg == "--":
                kept.extend(args[index - 1:])
                break
            if arg == "--debug":
                debug = True
                continue
            if arg == "--lang" or arg.startswith("--lang="):
                if arg == "--lang":
                    if index >= len(args):
                        speak(None)  # the refusal speaks the language found without it
                        raise UsageError(_(_LANG_NEEDED))
                    arg, index = "--lang=" + args[index], index + 1
                lang = _language_option(arg.removeprefix("--lang="))
                continue
        kept.append(arg)
        value_next = not value_next and arg in takes_value
    return kept, debug, lang


_LANG_NEEDED = N_("--lang: a language is needed (en or fr)")


def _language_option(text: str) -> str:
    from offshore_cli.i18n import LANGUAGES

    if text.strip().lower() in LANGUAGES:
        return text.strip().lower()
    from offshore_cli.errors import quoted

    speak(None)  # the refusal speaks the language found without --lang
    raise UsageError(_("--lang: unknown language {name} (languages: {languages})").format(
        name=quoted(text), languages=", ".join(LANGUAGES)))


_asked_language: str | None = None


def speak(asked: str | None, args: Sequence[str] = ()) -> None:
    """Set the run's language before the command runs, from ``--lang`` (``asked``),
    ``$OFFSHORE_LANG`` or the POSIX locale; a command that reads a plan settles it
    with the plan's ``locale`` (``spoken``). A request for help has no plan to read
    later: the plan's locale is read now (see ``i18n.resolve`` for the order)."""
    import os

    from offshore_cli import i18n

    global _asked_language
    _asked_language = asked
    plan_locale = _plan_locale(args) if _wants_help(args) else None
    i18n.use(i18n.resolve(asked, os.environ, plan_locale))


def _wants_help(args: Sequence[str]) -> bool:
    words = list(args[: args.index("--")] if "--" in args else args)
    return not words or "--help" in words or "-h" in words


def _plan_locale(args: Sequence[str]) -> str | None:
    """The ``locale`` of the plan ``args`` name (or the one found), for the help's
    language; ``None`` when it cannot be read (the help is still shown)."""
    words = list(args)
    given = next((words[i + 1] for i, arg in enumerate(words[:-1]) if arg == "--plan"),
                 next((arg.removeprefix("--plan=") for arg in words
                       if arg.startswith("--plan=")), None))
    from offshore_cli.plan import discover, parse_toml, read_bytes, seed_bytes

    try:
        path = discover(given)
        raw = seed_bytes() if path is None else read_bytes(path)
        data = parse_toml(raw.decode("utf-8-sig"), str(path))
    except (OffshoreError, UnicodeError):
        return None
    meta = data.get("plan")
    locale = meta.get("locale") if isinstance(meta, dict) else None
    return locale if isinstance(locale, str) else None


def settle(plan_locale: str | None) -> str:
    """Settle the run's language with a plan's ``locale`` (see ``i18n.resolve``) and
    return it: the language the command's words and numbers then follow."""
    import os

    from offshore_cli import i18n

    lang = i18n.resolve(_asked_language, os.environ, plan_locale)
    i18n.use(lang)
    return lang


def spoken(document: Any) -> Any:
    """``document`` (a ``PlanDocument``) with the run's language settled by its
    plan's ``locale`` (see ``i18n.resolve``); its reports speak that language and
    write numbers its way, so the plan's ``locale`` is replaced by it; and the plan's
    own text (title, labels, units, milestones, pillars) is in that language where
    the plan gives it (``spec.in_language``)."""
    from offshore_cli.spec import in_language

    lang = settle(document.plan.plan.locale)
    plan = in_language(document.plan, lang)
    if lang != plan.plan.locale:
        plan = plan._replace(plan=plan.plan._replace(locale=lang))
    return document if plan is document.plan else document._replace(plan=plan)


def command_line(args: Sequence[str]) -> typer.Typer:
    """The command line that runs ``args``.

    Typer inspects the signature of every registered command before running any
    of them. When ``args`` start with a command's name, the command line holds
    that command alone, with the same options, help and errors; anything else
    (``--help``, no arguments, an unknown command) gets the whole ``app``.
    """
    chosen = [info for info in app.registered_commands
              if args and _command_name(info) == args[0]]
    if not chosen:
        return app
    lean = typer.Typer(**_SETTINGS)
    # The root callback keeps it a group ("offshore check ..."): without one, typer
    # would make a lone command the program itself and refuse "check" as an argument.
    lean.registered_callback = app.registered_callback
    lean.registered_commands = chosen
    return lean
