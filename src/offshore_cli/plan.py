"""Find, read and load a plan file.

This module turns a path into a validated ``spec.Plan`` (``PlanDocument``), or
into ``PlanError`` problems that name the file and what would be right. A plan
whose exact bytes were validated before comes from the cache (``cache.py``);
any other is parsed and validated (``validation.py``) and then cached. It
reads; it never writes the plan (see ``store.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from offshore_cli import cache
from offshore_cli.errors import SEED_LABEL as SEED_LABEL  # its home: errors.shown_source
from offshore_cli.errors import PlanError, Problem
from offshore_cli.i18n import N_, _
from offshore_cli.series import SeriesMap
from offshore_cli.spec import Plan

MAX_PLAN_BYTES = 64 * 1024 * 1024
PLAN_ENV = "OFFSHORE_PLAN"
# Patterns are compiled on first use (by ``re``), not at import: most runs need none.
_TOML_POSITION = r"\(at line (\d+), column (\d+)\)"
# The TOML reader's messages (tomli 2, and the standard library's tomllib), said in
# the run's language; a message not listed here is shown as the reader wrote it.
_TOML_MESSAGES = frozenset({
    N_("Invalid statement"), N_("Expected newline or end of document after a statement"),
    N_("Cannot overwrite a value"), N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Invalid initial character for a key part"), N_("Unclosed array"),
    N_("Unclosed inline table"), N_("Unescaped '\\' in a string"), N_("Invalid hex value"),
    N_("Escaped character is not a Unicode scalar value"), N_("Unterminated string"),
    N_("Invalid date or datetime"), N_("Invalid value"),
})
# Those that name what they found: each placeholder stands for the rest of its line.
_TOML_TEMPLATES = (
    N_("Expected {found}"), N_("Found invalid character {found}"),
    N_("Cannot declare {found} twice"), N_("Cannot mutate immutable namespace {found}"),
    N_("Cannot redefine namespace {found}"), N_("Duplicate inline table key {found}"),
    N_("Illegal character {found}"),
)


class PlanDocument(NamedTuple):
    """A plan as read from one file: where it came from, its bytes and its plan."""

    source: str
    path: Path | None
    raw: bytes
    plan: Plan
    series: SeriesMap
    hashed: Any  # the running hash of ``raw`` (see ``cache.hasher``)

    @property
    def is_embedded(self) -> bool:
        return self.path is None

    @property
    def text(self) -> str:
        """The plan's text, without the byte-order mark it may start with."""
        return self.raw.decode("utf-8-sig")


SEED_FILE = Path(__file__).with_name("seed_plan.toml")


def seed_bytes() -> bytes:
    """The seed plan shipped inside the package."""
    return SEED_FILE.read_bytes()


def seed_text() -> str:
    return seed_bytes().decode("utf-8")


def discover(explicit: str | os.PathLike[str] | None, cwd: Path | None = None) -> Path | None:
    """The plan file to use, in order: ``--plan``, ``$OFFSHORE_PLAN``,
    ``./data/plan.toml``, ``./plan.toml``; ``None`` means the embedded seed plan.
    A plan found in the working folder is named as a user would give it
    (``data/plan.toml``), so messages and CI annotations name it so too."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    from_env = os.environ.get(PLAN_ENV)
    if from_env:
        return Path(from_env)
    here = cwd or Path()
    for candidate in (here / "data" / "plan.toml", here / "plan.toml"):
        if candidate.is_file():
            return candidate
    return None


class Identity(NamedTuple):
    """A file as it was read: which file (device, inode) and which version of it
    (size, modification and change times in nanoseconds). A file saved in place
    changes its times and usually its size; a file replaced changes its inode."""

    device: int
    inode: int
    size: int
    mtime: int
    ctime: int

    @classmethod
    def of(cls, info: os.stat_result) -> Identity:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def same_file(self, info: os.stat_result) -> bool:
        return (self.device, self.inode) == (info.st_dev, info.st_ino)


def open_plan(path: Path) -> int:
    """A descriptor of the plan file at ``path`` (a link is followed), opened for
    reading without blocking, so that a FIFO given as a plan cannot hang."""
    source = str(path)
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise PlanError(no_such_file(source)) from None
    except IsADirectoryError:
        raise PlanError(Problem(source, "", _("is a folder, not a plan file"),
                                _("give the path of a .toml file"))) from None
    except OSError as exc:
        raise PlanError(cannot_be_opened(source, exc)) from None


def no_such_file(source: str) -> Problem:
    return Problem(source, "", _("no such file"), _("give an existing plan with --plan, or "
                                                   "create one with `offshore init`"))


def cannot_be_opened(source: str, exc: OSError) -> Problem:
    return Problem(source, "", _("cannot be opened: {reason}").format(reason=exc.strerror),
                   _("check the path and its permissions"))


def check_plan_file(info: os.stat_result, source: str) -> os.stat_result:
    """Refuse what is not a regular file of sane size."""
    if stat.S_ISDIR(info.st_mode):
        raise PlanError(Problem(source, "", _("is a folder, not a plan file"),
                                _("give the path of a .toml file")))
    if not stat.S_ISREG(info.st_mode):
        raise PlanError(Problem(source, "", _("is not a regular file"),
                                _("give the path of a .toml file")))
    if info.st_size > MAX_PLAN_BYTES:
        raise PlanError(Problem(source, "", _("is {size} bytes, over the {limit} MiB limit for "
                                              "a plan").format(size=info.st_size,
                                                               limit=MAX_PLAN_BYTES // 2**20),
                                _("split the plan or archive old results")))
    return info


def read_descriptor(fd: int, source: str) -> tuple[bytes, os.stat_result]:
    """The bytes of the open plan file ``fd`` and its state when they were read,
    refusing what is not a regular file of sane size or changed while it was read."""
    info = check_plan_file(os.fstat(fd), source)
    with os.fdopen(fd, "rb", closefd=False) as handle:
        raw = handle.read(MAX_PLAN_BYTES + 1)
    after = os.fstat(fd)
    # The content's version: an edit in place changes the modification time. (The
    # change time also moves when a writer renames a new plan over this one, which
    # leaves these bytes as they were.)
    if len(raw) != info.st_size or (after.st_size, after.st_mtime_ns) != (
            info.st_size, info.st_mtime_ns):
        raise PlanError(Problem(source, "", _("changed while it was being read"),
                                _("try again once it is saved")))
    return raw, info


def read_bytes(path: Path) -> bytes:
    """Read a plan file, refusing what is not a regular file of sane size."""
    fd = open_plan(path)
    try:
        return read_descriptor(fd, str(path))[0]
    finally:
        os.close(fd)


def decode(raw: bytes, source: str) -> str:
    """Bytes to text, with a clear word on the usual encoding mistake. A UTF-8
    byte-order mark at the start (Notepad writes one) is not part of the text; it
    stays in the file, since a figure is appended after its bytes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        read = bytes(exc.object)  # the bytes after the byte-order mark, if any
        line = read[: exc.start].count(b"\n") + 1
        raise PlanError(Problem(source, "", _("byte 0x{byte} is not UTF-8").format(
            byte=f"{read[exc.start]:02x}"), _("save the file as UTF-8; later checks need a plan "
                                              "that parses"), line=line)) from None


def toml_reader() -> tuple[Callable[[str], dict[str, Any]], type[Exception]]:
    """The TOML reader's ``loads`` and its error: tomli, else the standard library's."""
    # tomli's compiled wheels read TOML several times faster than the standard
    # library's pure-Python tomllib. Recent tomli reads TOML 1.1, of which the
    # TOML 1.0 that tomllib reads is a subset; cache entries name the tomli they
    # were made with (``cache.toml_reader``).
    try:
        import tomli

        return tomli.loads, tomli.TOMLDecodeError
    except ImportError:  # pragma: no cover - tomli is a dependency
        import tomllib

        return tomllib.loads, tomllib.TOMLDecodeError


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text, mapping decoder errors to one located problem."""
    loads, decode_error = toml_reader()
    try:
        return loads(text)
    except decode_error as exc:
        message = str(exc).splitlines()[0]
        found = re.search(_TOML_POSITION, message)
        line = int(found.group(1)) if found else None
        what = toml_words(re.sub(_TOML_POSITION, "", message).strip())
        raise PlanError(Problem(source, "", _("invalid TOML: {what}").format(what=what),
                                _("see docs/plan-format.md; later checks need a plan that "
                                  "parses"), line=line)) from None
    except RecursionError:
        raise PlanError(Problem(source, "", _("invalid TOML: values nested too deeply"),
                                _("a plan needs at most a few levels of nesting; later checks "
                                  "need a plan that parses"))) from None


def toml_words(message: str) -> str:
    """The TOML reader's ``message`` in the run's language, where it is one we know."""
    if message in _TOML_MESSAGES:
        return _(message)
    for template in _TOML_TEMPLATES:
        before, _placeholder, after = template.partition("{found}")
        if (message.startswith(before) and message.endswith(after)
                and len(message) > len(before) + len(after)):
            found = message[len(before): len(message) - len(after)]
            return _(template).format(found=found)
    return message


def build(data: dict[str, Any], text: str, source: str) -> Plan:
    """Validate parsed TOML (see ``validation.build``)."""
    from offshore_cli.validation import build as validate

    return validate(data, text, source)


def load_document(path: Path | None, use_cache: bool = True, *, deciding: bool = False,
                  figures: bool = False) -> PlanDocument:
    """Read and validate the plan at ``path`` (``None``: the embedded seed plan)."""
    if path is None:
        return document_from(seed_bytes(), SEED_LABEL, None, use_cache, deciding=deciding,
                             figures=figures)
    return document_from(read_bytes(path), str(path), path, use_cache, deciding=deciding,
                         figures=figures)


def document_from(raw: bytes, source: str, path: Path | None, use_cache: bool = True, *,
                  deciding: bool = False, figures: bool = False) -> PlanDocument:
    """Validate a plan's bytes, or take them from the cache entry made from the same
    bytes (see ``cache.load``; ``figures``: the caller reads every figure, so a
    cached entry's figures are checked before it is used)."""
    hashed = cache.hasher(raw)
    digest = hashed.digest()
    if use_cache:
        hit = cache.load(digest, deciding=deciding, figures=figures)
        if hit is not None:
            return PlanDocument(source=source, path=path, raw=raw, plan=hit.plan,
                                series=hit.series, hashed=hashed)
    text = decode(raw, source)
    data = parse_toml(text, source)
    plan = build(data, text, source)
    del text, data  # the largest objects of a cold load: free them before the cache entry
    from offshore_cli.series import build_series

    series = build_series(plan.results)
    if use_cache:
        cache.save(digest, plan, series, deciding=deciding)
    return PlanDocument(source=source, path=path, raw=raw, plan=plan, series=series,
                        hashed=hashed)


def load_plan(path: str | os.PathLike[str] | None = None) -> Plan:
    """Library entry point: the validated plan at ``path`` (default: the seed plan)."""
    return load_document(Path(path) if path is not None else None, figures=True).plan


class Validation(NamedTuple):
    """What ``validate`` finds in a plan: the problems that keep it from being read,
    or the warnings about a valid one and how many of each thing it holds."""

    source: str
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    counts: dict[str, int]
    locale: str = "en"

    @property
    def valid(self) -> bool:
        return not self.problems


def validate_plan(path: Path | None, today: dt.date) -> Validation:
    """Every problem of the plan at ``path`` (the seed plan for None) at once, read
    afresh (no cache); for a valid plan, its warnings in file order as of ``today``."""
    from offshore_cli.consistency import advisories
    from offshore_cli.locator import LazyLocator, in_file_order

    try:
        document = load_document(path, use_cache=False)
    except PlanError as exc:
        source = exc.problems[0].source if exc.problems else str(path or "")
        return Validation(source, tuple(exc.problems), (), {})
    plan = document.plan
    warnings = advisories(plan, document.source, LazyLocator(document.text), today)
    return Validation(document.source, (), tuple(in_file_order(warnings)), {
        "indicator": len(plan.indicators), "result": len(plan.results),
        "milestone": len(plan.milestones), "pillar": len(plan.pillars)}, plan.plan.locale or "en")
