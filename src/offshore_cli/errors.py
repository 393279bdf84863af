"""The project's exceptions and exit codes, defined in one place.

Every error a user can cause is an ``OffshoreError``: the command layer prints
it as one line and exits with ``EXIT_USAGE``. Anything else is a bug and exits
with ``EXIT_INTERNAL``.
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

from collections.abc import Sequence
from typing import NamedTuple

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C


class Problem(NamedTuple):
    """One thing wrong with an input: where it is, what is wrong, what would be right."""

    source: str
    place: str
    message: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        place = self.place
        if self.line is not None:
            place = f"{place} (line {self.line})" if place else f"line {self.line}"
        text = ": ".join(part for part in (self.source, place, self.message) if part)
        if self.hint:
            text += f" ({self.hint})"
        return text


def dotted(loc: Sequence[int | str]) -> str:
    """A place in a plan: ``("results", 3, "value")`` -> ``results[3].value``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def closest(name: str, known: Sequence[str]) -> str:
    """A hint naming the known name closest to ``name``, or listing the known ones."""
    import difflib  # only when there is a mistake to explain

    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    listed = ", ".join(list(known)[:12]) or "none declared"
    return f"did you mean {match[0]!r}?" if match else f"known: {listed}"


class OffshoreError(Exception):
    """Base of every error caused by input rather than by a bug."""

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
            first += f" (and {more} more problem{'s' if more > 1 else ''}: run `offshore validate`)"
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
