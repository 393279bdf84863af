"""Find, read and validate a plan file.

This module turns bytes on disk into a validated ``Plan`` model, or into
``PlanError`` problems that name the file, the place (``indicators.jobs.target``
and its line) and what would be right. It reads; it never writes (see
``store.py``).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from offshore_cli.consistency import cross_check
from offshore_cli.errors import PlanError, Problem, dotted
from offshore_cli.models import Plan

MAX_PLAN_BYTES = 64 * 1024 * 1024
PLAN_ENV = "OFFSHORE_PLAN"
SEED_LABEL = "<embedded seed plan>"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class PlanDocument:
    """A plan as read from one file: where it came from, its text and its model."""

    source: str
    path: Path | None
    text: str
    data: dict[str, Any]
    plan: Plan

    @property
    def is_embedded(self) -> bool:
        return self.path is None


def seed_text() -> str:
    """The text of the seed plan shipped inside the package."""
    return resources.files("offshore_cli").joinpath("seed_plan.toml").read_text("utf-8")


def discover(explicit: str | os.PathLike[str] | None, cwd: Path | None = None) -> Path | None:
    """The plan file to use, in order: ``--plan``, ``$OFFSHORE_PLAN``,
    ``./data/plan.toml``, ``./plan.toml``; ``None`` means the embedded seed plan."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = os.environ.get(PLAN_ENV)
    if from_env:
        return Path(from_env)
    here = cwd or Path.cwd()
    for candidate in (here / "data" / "plan.toml", here / "plan.toml"):
        if candidate.is_file():
            return candidate
    return None


def read_text(path: Path) -> str:
    """Read a plan file as UTF-8, refusing what is not a regular file of sane size."""
    source = str(path)
    try:
        # O_NONBLOCK so that a FIFO given as a plan cannot hang the command.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise PlanError(Problem(source, "", "no such file", "give an existing plan with --plan, "
                                "or create one with `offshore init`")) from None
    except IsADirectoryError:
        raise PlanError(Problem(source, "", "is a folder, not a plan file",
                                "give the path of a .toml file")) from None
    except OSError as exc:
        raise PlanError(Problem(source, "", f"cannot be opened: {exc.strerror}",
                                "check the path and its permissions")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PlanError(Problem(source, "", "is a folder, not a plan file",
                                    "give the path of a .toml file"))
        if not stat.S_ISREG(info.st_mode):
            raise PlanError(Problem(source, "", "is not a regular file",
                                    "give the path of a .toml file"))
        if info.st_size > MAX_PLAN_BYTES:
            raise PlanError(Problem(source, "", f"is {info.st_size} bytes, over the "
                                    f"{MAX_PLAN_BYTES // (1024 * 1024)} MiB limit for a plan",
                                    "split the plan or archive old results"))
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            raw = handle.read(MAX_PLAN_BYTES + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    return decode(raw, source)


def decode(raw: bytes, source: str) -> str:
    """Bytes to text, with a clear word on the two usual encoding mistakes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PlanError(Problem(source, "", "starts with a byte-order mark", "save the file "
                                "as UTF-8 without BOM", line=1))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(Problem(source, "", f"byte 0x{raw[exc.start]:02x} is not UTF-8",
                                "save the file as UTF-8", line=line)) from None


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text, mapping decoder errors to one located problem."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else None
        what = _TOML_POSITION.sub("", message).strip()
        raise PlanError(Problem(source, "", f"invalid TOML: {what}",
                                "see docs/plan-format.md", line=line)) from None
    except RecursionError:
        raise PlanError(Problem(source, "", "invalid TOML: values nested too deeply",
                                "a plan needs at most a few levels of nesting")) from None


def build(data: dict[str, Any], text: str, source: str) -> Plan:
    """Validate parsed TOML into a plan, collecting every problem."""
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        locator = LineLocator(text)
        problems = [_problem_from_pydantic(err, source, locator) for err in exc.errors()]
        raise PlanError(problems) from None
    problems = cross_check(plan, source, LazyLocator(text))
    if problems:
        raise PlanError(problems)
    return plan


def load_document(path: Path | None) -> PlanDocument:
    """Read and validate the plan at ``path`` (``None``: the embedded seed plan)."""
    if path is None:
        text, source = seed_text(), SEED_LABEL
    else:
        text, source = read_text(path), str(path)
    data = parse_toml(text, source)
    return PlanDocument(source=source, path=path, text=text, data=data,
                        plan=build(data, text, source))


def load_plan(path: str | os.PathLike[str] | None = None) -> Plan:
    """Library entry point: the validated plan at ``path`` (default: the seed plan)."""
    return load_document(Path(path) if path is not None else None).plan


def _problem_from_pydantic(err: Mapping[str, Any], source: str, locator: LineLocator) -> Problem:
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
    kind = err["type"]
    if kind == "extra_forbidden":
        message, hint = "unknown key", _closest_key_hint(loc)
    elif kind == "missing":
        message, hint = "is required", "see docs/plan-format.md"
    else:
        message = str(err["msg"])
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        hint = ""
    return Problem(source, dotted(loc), message, hint, line=locator.line_of(loc))


def _is_union_tag(part: int | str) -> bool:
    # pydantic names the branch it tried inside a union ("int", "list[Axis]",
    # "constrained-int") in error locations; they are not places in the file.
    return isinstance(part, str) and (
        "[" in part or "(" in part or part in {"int", "constrained-int", "axis-count", "axis-list"}
    )


def _closest_key_hint(loc: tuple[int | str, ...]) -> str:
    import difflib

    from offshore_cli import models

    by_depth: dict[tuple[str, ...], type[models.Model]] = {
        (): models.Plan, ("plan",): models.PlanMeta, ("plan", "bands"): models.Bands,
        ("indicators", "*"): models.Indicator, ("milestones", "*"): models.Milestone,
        ("pillars", "*"): models.Pillar, ("pillars", "*", "axes", "*"): models.Axis,
        ("results", "*"): models.Result,
    }
    parent = tuple("*" if isinstance(p, int) or (i > 0 and loc[i - 1] == "indicators") else p
                   for i, p in enumerate(loc[:-1]))
    model = by_depth.get(tuple(str(p) for p in parent))
    if model is None:
        return "remove it or check its spelling"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "allowed here: " + ", ".join(allowed)


class LineLocator:
    """Finds the line of a dotted place in TOML text by scanning headers and keys.

    Used only when reporting an error, so the scan costs nothing on the happy
    path. It understands tables, arrays of tables and ``key = value`` lines;
    for anything cleverer it falls back to the nearest enclosing place.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[int | str, ...], int] = {}
        self._scan(text.splitlines())

    def _scan(self, lines: Iterable[str]) -> None:
        header: tuple[int | str, ...] = ()
        array_counts: dict[tuple[int | str, ...], int] = {}
        for number, line in enumerate(lines, start=1):
            found = self._HEADER.match(line)
            if found:
                parts = _split_key(found.group(2))
                resolved: tuple[int | str, ...] = ()
                for part in parts:
                    resolved = (*resolved, part)
                    if (resolved in array_counts and part != parts[-1]) or (
                        resolved in array_counts and found.group(1) == "[" and part == parts[-1]
                    ):
                        resolved = (*resolved, array_counts[resolved] - 1)
                if found.group(1) == "[[":
                    index = array_counts.get(resolved, 0)
                    array_counts[resolved] = index + 1
                    resolved = (*resolved, index)
                header = resolved
                self._lines.setdefault(header, number)
                continue
            key = self._KEY.match(line)
            if key:
                self._lines.setdefault((*header, *_split_key(key.group(1))), number)

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """The line of ``loc`` or of its nearest enclosing place that was found."""
        path = tuple(loc)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None


class LazyLocator:
    """A ``LineLocator`` built on the first question: a valid plan never pays the scan."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._locator: LineLocator | None = None

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        if self._locator is None:
            self._locator = LineLocator(self._text)
        return self._locator.line_of(loc)


def _split_key(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in raw.split("."))
