"""Find, read and load a plan file.

This module turns a path into a validated ``spec.Plan`` (``PlanDocument``), or
into ``PlanError`` problems that name the file and what would be right. A plan
whose exact bytes were validated before comes from the cache (``cache.py``);
any other is parsed and validated (``validation.py``) and then cached. It
reads; it never writes the plan (see ``store.py``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from offshore_cli import cache
from offshore_cli.errors import PlanError, Problem
from offshore_cli.series import SeriesMap
from offshore_cli.spec import Plan

MAX_PLAN_BYTES = 64 * 1024 * 1024
PLAN_ENV = "OFFSHORE_PLAN"
SEED_LABEL = "<embedded seed plan>"
# Patterns are compiled on first use (by ``re``), not at import: most runs need none.
_TOML_POSITION = r"\(at line (\d+), column (\d+)\)"
# A file that does not decode or parse stops the checks: said in its one problem.
LATER_CHECKS = "later checks need a plan that parses"


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
        return self.raw.decode("utf-8")


SEED_FILE = Path(__file__).with_name("seed_plan.toml")


def seed_bytes() -> bytes:
    """The seed plan shipped inside the package."""
    return SEED_FILE.read_bytes()


def seed_text() -> str:
    return seed_bytes().decode("utf-8")


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


def read_bytes(path: Path) -> bytes:
    """Read a plan file, refusing what is not a regular file of sane size."""
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
        if len(raw) != info.st_size or len(raw) > MAX_PLAN_BYTES:
            raise PlanError(Problem(source, "", "changed while it was being read",
                                    "try again once it is saved"))
        return raw
    finally:
        if fd >= 0:
            os.close(fd)


def decode(raw: bytes, source: str) -> str:
    """Bytes to text, with a clear word on the two usual encoding mistakes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PlanError(Problem(source, "", "starts with a byte-order mark", "save the file "
                                f"as UTF-8 without BOM; {LATER_CHECKS}", line=1))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(Problem(source, "", f"byte 0x{raw[exc.start]:02x} is not UTF-8",
                                f"save the file as UTF-8; {LATER_CHECKS}", line=line)) from None


def _toml_reader() -> tuple[Callable[[str], dict[str, Any]], type[Exception]]:
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
    loads, decode_error = _toml_reader()
    try:
        return loads(text)
    except decode_error as exc:
        message = str(exc).splitlines()[0]
        found = re.search(_TOML_POSITION, message)
        line = int(found.group(1)) if found else None
        what = re.sub(_TOML_POSITION, "", message).strip()
        raise PlanError(Problem(source, "", f"invalid TOML: {what}",
                                f"see docs/plan-format.md; {LATER_CHECKS}", line=line)) from None
    except RecursionError:
        raise PlanError(Problem(source, "", "invalid TOML: values nested too deeply",
                                f"a plan needs at most a few levels of nesting; {LATER_CHECKS}")
                       ) from None


def build(data: dict[str, Any], text: str, source: str) -> Plan:
    """Validate parsed TOML (see ``validation.build``)."""
    from offshore_cli.validation import build as validate

    return validate(data, text, source)


def load_document(path: Path | None, use_cache: bool = True) -> PlanDocument:
    """Read and validate the plan at ``path`` (``None``: the embedded seed plan)."""
    if path is None:
        raw, source = seed_bytes(), SEED_LABEL
    else:
        raw, source = read_bytes(path), str(path)
    hashed = cache.hasher(raw)
    digest = hashed.digest()
    if use_cache:
        hit = cache.load(digest)
        if hit is not None:
            return PlanDocument(source=source, path=path, raw=raw, plan=hit.plan,
                                series=hit.series, hashed=hashed)
    text = decode(raw, source)
    data = parse_toml(text, source)
    plan = build(data, text, source)
    from offshore_cli.series import build_series

    series = build_series(plan.results)
    if use_cache:
        cache.save(digest, plan, series)
    return PlanDocument(source=source, path=path, raw=raw, plan=plan, series=series,
                        hashed=hashed)


def load_plan(path: str | os.PathLike[str] | None = None) -> Plan:
    """Library entry point: the validated plan at ``path`` (default: the seed plan)."""
    return load_document(Path(path) if path is not None else None).plan
