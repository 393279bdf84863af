"""The project's exceptions and exit codes, defined in one place.

Every error a user can cause is an ``OffshoreError``: the command layer prints
it as one line and exits with the error's ``exit_code`` (``EXIT_USAGE``, or
``EXIT_OUTPUT`` when the output cannot be written). Anything else is a bug and
exits with ``EXIT_INTERNAL``.

Text that comes from outside (a key, a value, a file name) is shown in a message
through ``shown``: terminal control characters are escaped and long text is cut,
so that an error is one line of bounded size whatever the input.

Messages are written in the run's language (``i18n``) when a problem is made; a
problem's own words (its separators, "line 12", the count of the others) when it
is shown. This module imports ``i18n`` where it is used: ``offshore --version``
imports this module and needs no language.
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_OUTPUT = 74  # sysexits' EX_IOERR: the output could not be written
EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C

# Keys and values echoed in a message are cut to this many characters; each part of a
# problem (file, place, message, hint) to PART_LIMIT. See docs/reliability.md.
ECHO_LIMIT = 60
PART_LIMIT = 240
# The name a problem of the plan shipped in the package gives as its file: a label,
# not a path (``plan.SEED_LABEL``), shown in the run's language (``shown_source``).
SEED_LABEL = "<embedded seed plan>"
# Control, format, private-use, surrogate and unassigned characters, and line and
# paragraph separators: anything that could move the cursor, set a terminal's title,
# reorder text or start a new line. Spaces (a French "69 900") are shown as they are.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def escaped(text: str) -> str:
    """``text`` with every control or format character written as an escape
    (``\\x1b``, ``\\u202e``), so that it shows as what it is and does nothing."""
    if text.isprintable():
        return text
    parts = []
    for char in text:
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            code = ord(char)
            char = (f"\\x{code:02x}" if code < 0x100 else
                    f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        parts.append(char)
    return "".join(parts)


def shortened(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, the cut shown by an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(text: str, limit: int = ECHO_LIMIT) -> str:
    """Outside text as a message shows it: cut to ``limit``, then escaped."""
    return escaped(shortened(text, limit))


def quoted(text: str, limit: int = ECHO_LIMIT) -> str:
    """``shown`` text in quotes, as a name is echoed: ``'jobz'``."""
    return f"'{shown(text, limit)}'"


def shown_source(source: str) -> str:
    """A problem's file as a message names it: the seed plan's label in the run's
    language, any other as it is."""
    if source == SEED_LABEL:
        from offshore_cli.i18n import _

        return _("<embedded seed plan>")
    return source


class Problem(NamedTuple):
    """One thing wrong with an input: where it is, what is wrong, what would be right."""

    source: str
    place: str
    message: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        from offshore_cli.i18n import _

        place = shown(self.place, PART_LIMIT)
        if self.line is not None:
            place = (_("{place} (line {line})").format(place=place, line=self.line) if place
                     else _("line {line}").format(line=self.line))
        parts = (shown(shown_source(self.source), PART_LIMIT), place,
                 shown(self.message, PART_LIMIT))
        # Translators: the separator of a one-line error's parts (file, place, what is
        # wrong); French puts a no-break space before the colon.
        text = _(": ").join(part for part in parts if part)
        if self.hint:
            # Translators: a one-line error followed by the hint of what would be right.
            text = _("{problem} ({hint})").format(problem=text,
                                                 hint=shown(self.hint, PART_LIMIT))
        return text


def dotted(loc: Sequence[int | str]) -> str:
    """A place in a plan: ``("results", 3, "value")`` -> ``results[3].value``, each
    key cut to ``ECHO_LIMIT`` (a key is text from the plan)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = shortened(str(part))
            text += f".{key}" if text else key
    return text


def closest(name: str, known: Sequence[str]) -> str:
    """A hint naming the known name closest to ``name``, or listing the known ones."""
    import difflib  # only when there is a mistake to explain

    from offshore_cli.i18n import _

    folded = name.casefold()
    alike = [other for other in known if other.casefold() == folded]
    if alike:  # ids that differ only in case (``ITO`` and ``Ito``): each must be written exactly
        # Translators: between the names of "did you mean 'ITO' or 'Ito'?".
        names = _(" or ").join(quoted(other) for other in alike[:3])
        return _("did you mean {names}?").format(names=names)
    # A name far longer than any known one cannot be a typo of it (and would make
    # the comparison slow): only a bounded prefix is compared.
    match = difflib.get_close_matches(name[:200], list(known), n=1, cutoff=0.5)
    if match:
        return _("did you mean {names}?").format(names=quoted(match[0]))
    listed = ", ".join(shown(name) for name in list(known)[:12]) or _("none declared")
    return _("known: {names}").format(names=listed)


class OffshoreError(Exception):
    """Base of every error caused by input rather than by a bug."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(source="", place="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The first problem, with a count of the others."""
        first = str(self.problems[0])
        more = len(self.problems) - 1
        if more:
            from offshore_cli.i18n import ngettext

            first = ngettext("{problem} (and {n} more problem: run `offshore validate`)",
                             "{problem} (and {n} more problems: run `offshore validate`)",
                             more).format(problem=first, n=more)
        return first


class PlanError(OffshoreError):
    """The plan file cannot be read or does not follow the plan format."""


class ResultError(OffshoreError):
    """A figure given on the command line cannot be recorded."""


class NumberError(ResultError):
    """A number as written by a person could not be read unambiguously."""


class StoreError(OffshoreError):
    """The plan file cannot be written safely (lock, permissions, disk, layout)."""


class UsageError(OffshoreError):
    """Options that do not make sense together or name unknown things."""


class OutputError(OffshoreError):
    """The command's output cannot be written (a full disk, a closed descriptor)."""

    exit_code = EXIT_OUTPUT

    def __init__(self, reason: str) -> None:
        from offshore_cli.i18n import _

        self.reason = reason  # the system's words: "No space left on device"
        super().__init__(_("cannot write the output: {reason}").format(reason=reason))
