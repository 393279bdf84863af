"""The command-line parser's own words in the run's language: the frame of the help
(``Usage:``, the panels' titles, ``[default: ...]``, ``[required]``, the help
option's help, the placeholders of values), the help texts written in ``cli.py``
(marked there with ``N_``), and the parser's errors (``No such option``, ``Missing
argument``, ``Invalid value`` ...).

typer (0.28) draws a help with rich from constants of ``typer.rich_utils`` and from
the texts its commands and parameters hold; its vendored click writes its errors in
English, without a catalogue. So the words are translated where they are shown:
``spoken_help`` puts the translations in place for the drawing of one help and puts
the English back after it; ``parser_message`` rewords a parser error from its parts.
The command classes of ``cli.py`` call them only when the run's language is not
English: an English run never imports this module, and its help is typer's own.
A typer upgrade that changes these words is caught by ``tests/test_cli_fr.py``.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Iterator
from typing import Any

from offshore_cli.i18n import N_, _, ngettext

# The constants of typer.rich_utils that hold words of the help's frame.
FRAME = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
}
USAGE = N_("Usage: ")
OPTIONS_METAVAR = N_("[OPTIONS]")
COMMAND_METAVAR = N_("COMMAND [ARGS]...")
HELP_OPTION = N_("Show this message and exit.")
# The placeholders of values, as typer writes them from a value's type...
TYPES = {"<str>": N_("<str>"), "<path>": N_("<path>"), "<int>": N_("<int>")}
# ... and the names of the commands' arguments (a usage line, the Arguments panel).
ARGUMENTS = {"indicator": N_("indicator"), "value": N_("value"), "file": N_("file"),
             "[PATH]": N_("[PATH]")}


def _translated(text: str | None) -> str | None:
    # gettext("") is the catalogue's header, never a translation.
    return _(text) if text else text


@contextlib.contextmanager
def spoken_help(command: Any, ctx: Any) -> Iterator[None]:
    """While the help of ``command`` is drawn, every word of it in the run's
    language: the frame, the command's help and epilog (and its subcommands' help,
    for a group), each parameter's help and placeholder. Everything is put back
    when the help is drawn."""
    from typer import rich_utils

    saved: list[tuple[object, str, object]] = []

    def put(owner: object, name: str, value: object) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    try:
        for constant, message in FRAME.items():
            put(rich_utils, constant, _(message))
        subcommands = getattr(command, "commands", {})
        for item in (command, *subcommands.values()):
            for name in ("help", "short_help", "epilog"):
                put(item, name, _translated(getattr(item, name)))
        if command.options_metavar == OPTIONS_METAVAR:
            put(command, "options_metavar", _(OPTIONS_METAVAR))
        if getattr(command, "subcommand_metavar", None) == COMMAND_METAVAR:
            put(command, "subcommand_metavar", _(COMMAND_METAVAR))
        for param in command.get_params(ctx):
            _speak_param(param, ctx, put)
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


def _speak_param(param: Any, ctx: Any, put: Any) -> None:
    """Put a parameter's help and placeholders in the run's language."""
    put(param, "help", _translated(param.help))
    if param.param_type_name == "argument":
        name = param.metavar or param.name
        if name in ARGUMENTS:
            put(param, "metavar", _(ARGUMENTS[name]))
        kind = param.type.get_metavar(param=param, ctx=ctx) or f"<{param.type.name}>"
        if kind in TYPES:
            spoken = copy.copy(param.type)
            spoken.name = _(TYPES[kind]).strip("<>")
            put(param, "type", spoken)
    else:
        kind = param.make_metavar(ctx)
        if kind in TYPES:
            put(param, "metavar", _(TYPES[kind]))


def usage_prefix() -> str:
    """What a usage line starts with."""
    return _(USAGE)


# --- The parser's errors -----------------------------------------------------

_NO_SUCH_OPTION = re.compile(r"No such option: (?P<name>.*)", re.S)
_NO_SUCH_COMMAND = re.compile(r"No such command (?P<name>.*?)\.(?: Did you mean (?P<close>.*)\?)?",
                              re.S)
_EXTRA = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", re.S)
_NEEDS_VALUE = re.compile(r"Option (?P<name>.*) requires an argument\.", re.S)
_TAKES_NO_VALUE = re.compile(r"Option (?P<name>.*) does not take a value\.", re.S)
_NOT_ONE_OF = re.compile(r"(?P<value>.*) is not one of (?P<choices>.*)\.", re.S)
_NOT_A_NUMBER = re.compile(r"(?P<value>.*) is not a valid (?P<kind>int|float)\.", re.S)


def parser_message(error: Any) -> str:
    """The message of one of the parser's usage errors in the run's language; one
    the parser words in a way not known here stays as the parser wrote it."""
    english: str = error.format_message()
    kind = type(error).__name__
    message: str = getattr(error, "message", "") or ""
    if kind == "NoSuchOption":
        found = _NO_SUCH_OPTION.fullmatch(message)
        if found:
            if error.possibilities:
                return _("No such option: {name} (Possible options: {options})").format(
                    name=found["name"], options=", ".join(sorted(error.possibilities)))
            return _("No such option: {name}").format(name=found["name"])
    elif kind == "MissingParameter":
        return _missing(error, english)
    elif kind == "BadParameter":
        return _bad_value(error, english)
    elif kind == "BadOptionUsage":
        if found := _NEEDS_VALUE.fullmatch(message):
            return _("Option {name} requires an argument.").format(name=found["name"])
        if found := _TAKES_NO_VALUE.fullmatch(message):
            return _("Option {name} does not take a value.").format(name=found["name"])
    elif kind == "UsageError":
        if found := _NO_SUCH_COMMAND.fullmatch(message):
            if found["close"]:
                return _("No such command {name}. Did you mean {names}?").format(
                    name=found["name"], names=found["close"])
            return _("No such command {name}.").format(name=found["name"])
        if found := _EXTRA.fullmatch(message):
            count = len(found["args"].split(" "))
            return ngettext("Got unexpected extra argument(s) ({args})",
                            "Got unexpected extra argument(s) ({args})", count).format(
                                args=found["args"])
        if message == "Missing command.":
            return _("Missing command.")
    return english


def _hint(error: Any) -> str | None:
    """The parameter an error is about, as the parser quotes it (an argument by its
    name in the run's language)."""
    param = error.param
    if error.param_hint is not None or param is None:
        return None
    if param.param_type_name == "argument":
        name = param.metavar or param.name
        return f"'{_(ARGUMENTS[name])}'" if name in ARGUMENTS else None
    return str(param.get_error_hint(error.ctx))


def _missing(error: Any, english: str) -> str:
    hint = _hint(error)
    kind = getattr(error.param, "param_type_name", None)
    if hint is None or english != f"Missing {kind} {error.param.get_error_hint(error.ctx)}.":
        return english  # with more said than the parameter missing
    if kind == "argument":
        return _("Missing argument {name}.").format(name=hint)
    return _("Missing option {name}.").format(name=hint)


def _bad_value(error: Any, english: str) -> str:
    hint = _hint(error)
    if hint is None:
        return english
    message: str = error.message
    if found := _NOT_ONE_OF.fullmatch(message):
        reason = _("{value} is not one of {choices}.").format(value=found["value"],
                                                             choices=found["choices"])
    elif found := _NOT_A_NUMBER.fullmatch(message):
        reason = (_("{value} is not a whole number.") if found["kind"] == "int"
                  else _("{value} is not a number.")).format(value=found["value"])
    else:
        return english
    return _("Invalid value for {name}: {reason}").format(name=hint, reason=reason)
