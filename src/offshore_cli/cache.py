"""A cache of validated plans, keyed by the plan file's exact bytes.

Reading a large plan means parsing and validating every figure; the cache keeps
the result for the next command. An entry is named by the BLAKE2 digest of the
bytes it was made from and used only for bytes with that digest, so a stale
entry cannot be used whatever the file's name or time stamps say (and a copy of
a plan finds its entry). The newest ``KEEP`` entries are kept, in
``$XDG_CACHE_HOME/offshore`` (an absolute ``XDG_CACHE_HOME`` only, else
``~/.cache/offshore``); ``OFFSHORE_CACHE=off`` disables it.

An entry is data, never code (``entry.py``), and the cache trusts no file it did
not make: the folder is used only if it is the user's own, not a symbolic link,
and not writable by group or others; every file in it is opened relative to the
folder's descriptor without following links and without blocking, and read
only if it is a regular file owned by the user; entries are created 0600. An
entry that cannot be read or checked, for any reason, is a miss and is
replaced; failing to write one is never an error. A cache entry never decides a
write's layout (``append_proof`` reads the plan's text), and under CI neither
``offshore check`` nor ``add-result`` reads one (``deciding``). See
docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from offshore_cli._version import __version__
from offshore_cli.files import abandoned, open_in, write_all
from offshore_cli.series import SeriesMap
from offshore_cli.spec import Plan

CACHE_ENV = "OFFSHORE_CACHE"
CI_ENV = "CI"
KEEP = 16
FOLDER = "offshore"
ENTRY_SUFFIX = ".entry"
# Names this module made: entries, temporary files (with the pid of the process
# writing them) and the entries of earlier versions. Nothing else is ever deleted.
_ENTRY = re.compile(r"[0-9a-f]{64}\.entry")
_TEMPORARY = re.compile(r"\.[0-9a-f]{64}\.([0-9]{1,7})\.[0-9a-f]{12}\.tmp")
_RETIRED = re.compile(r"[0-9a-f]{64}\.pickle")
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # an entry of a 64 MiB plan is far smaller

# Every module whose code decides what an entry holds: reading the plan (plan.py),
# validating it (and every module that imports), building the series, and the
# entry's own format. Editing any of them, as in an editable install, retires
# every entry made before. A test derives this list from the imports.
KEY_MODULES = ("plan.py", "validation.py", "explain.py", "locator.py", "models.py", "rules.py",
               "consistency.py", "errors.py", "spec.py", "series.py", "entry.py", "cache.py",
               "files.py", "figures.py", "_version.py")


def key(here: Path = Path(__file__).parent) -> tuple[str, ...]:
    """What an entry's validity depends on besides the plan's bytes: this package's
    version, the source of ``KEY_MODULES`` and the installed TOML reader
    (``toml_reader``). An entry made under any other key is not used."""
    sources = hasher(b"")
    for name in KEY_MODULES:
        try:
            sources.update((here / name).read_bytes())
        except OSError:
            sources.update(f"missing {name}".encode())
    return (__version__, str(sources.hexdigest()), toml_reader())


def toml_reader() -> str:
    """The installed tomli, named without importing it (which would cost more than
    the rest of a warm ``check``): the digest of its ``__init__.py``, which carries
    its version line. Where that file cannot be read, tomli's own ``__version__``."""
    from importlib.machinery import PathFinder

    with contextlib.suppress(Exception):
        spec = PathFinder.find_spec("tomli")
        for folder in (spec.submodule_search_locations or []) if spec else []:
            with contextlib.suppress(OSError):
                text = (Path(folder) / "__init__.py").read_bytes()
                return f"tomli {hasher(text).hexdigest()}"
    try:
        import tomli
    except ImportError:  # pragma: no cover - a dependency; plan.py would use tomllib
        import sys

        return f"tomllib {sys.version}"
    return f"tomli {getattr(tomli, '__version__', '?')}"


def enabled(deciding: bool = False) -> bool:
    """Whether to use the cache. ``OFFSHORE_CACHE=off`` (or 0, no, false) disables
    it. For a command whose outcome another program acts on (``deciding``: the
    gate's verdict, a figure recorded) it is also off when ``CI`` is set, so that
    what CI decides never depends on a file a change could plant, unless
    ``OFFSHORE_CACHE=on``."""
    setting = os.environ.get(CACHE_ENV, "").strip().lower()
    if setting in {"off", "0", "no", "false"}:
        return False
    return not (deciding and os.environ.get(CI_ENV) and setting != "on")


def location() -> Path:
    """The cache folder's path (it may not exist, or not be usable)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not Path(base).is_absolute():
        # The XDG specification: a relative path is invalid and must be ignored.
        base = str(Path.home() / ".cache")
    return Path(base) / FOLDER


def hasher(raw: bytes) -> Any:
    """A running BLAKE2 hash of ``raw``: ``.digest()`` is the cache key, and a copy
    extended with appended bytes gives the key of the longer file without
    reading it again."""
    try:
        # hashlib's own blake2b, without the OpenSSL bindings hashlib loads first.
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    return blake2b(raw, digest_size=32)


def digest(raw: bytes) -> bytes:
    return bytes(hasher(raw).digest())


@contextlib.contextmanager
def _folder(create: bool) -> Iterator[int | None]:
    """The cache folder's descriptor, if the folder is one the cache may trust."""
    fd = -1
    try:
        path = location()
        if create:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                path.mkdir(mode=0o700)
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        info = os.fstat(fd)
    except (OSError, RuntimeError):  # no home, no folder, a link, not ours to open
        yield None
    else:
        trusted = info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        yield fd if trusted else None
    finally:
        if fd >= 0:
            os.close(fd)


def _entry_name(made_from: bytes) -> str:
    return made_from.hex() + ENTRY_SUFFIX


def _read_entry(folder: int, name: str) -> bytes | None:
    """An entry's bytes, if it is a regular file of the user's: never through a
    link, never blocking on a FIFO."""
    try:
        fd = open_in(folder, name)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid()
                or info.st_size > MAX_ENTRY_BYTES):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
        return raw if len(raw) == info.st_size else None
    finally:
        os.close(fd)


class Hit(NamedTuple):
    plan: Plan
    series: SeriesMap


def load(made_from: bytes, deciding: bool = False, figures: bool = False) -> Hit | None:
    """The cached plan made from bytes with this digest, if there is one that
    checks out. With ``figures``, the figures are unpacked and checked too (else
    they are unpacked on first use)."""
    if not enabled(deciding):
        return None
    from offshore_cli import entry

    with _folder(create=False) as folder:
        if folder is None:
            return None
        raw = _read_entry(folder, _entry_name(made_from))
    if raw is None:
        return None
    try:
        plan, series, results = entry.decode(raw, key(), made_from)
        if figures:
            results.unpacked()
    except Exception:  # entry.BadEntry, or anything a crafted entry could provoke
        return None  # a corrupt, truncated, foreign or wrong entry is a miss
    return Hit(plan._replace(results=results), series)


def save(made_from: bytes, plan: Plan, series: SeriesMap, deciding: bool = False) -> None:
    """Store an entry atomically (a temporary file renamed into place); any failure
    leaves the cache as it was."""
    if not enabled(deciding):
        return
    from offshore_cli import entry

    with contextlib.suppress(Exception), _folder(create=True) as folder:
        if folder is None:
            return
        results = plan.results
        chunks = (results.chunks if isinstance(results, entry.LazyFigures)
                  else (entry.pack(results),))
        parts = entry.encode(key(), made_from, plan, series, chunks)
        name = _entry_name(made_from)
        temp = f".{made_from.hex()}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600, dir_fd=folder)
        try:
            try:
                for part in parts:
                    write_all(fd, part)
            finally:
                os.close(fd)
            os.rename(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=folder)
        prune(folder)


def prune(folder: int, keep: int | None = None) -> None:
    """Keep the newest ``keep`` entries; sweep the temporary files of saves that
    were killed and the entries of earlier versions. Only names this module makes
    are touched, only regular files, and only inside the trusted folder."""
    keep = KEEP if keep is None else keep
    entries: list[tuple[float, str]] = []
    now = time.time()
    with os.scandir(folder) as listing:
        for item in listing:
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            if _ENTRY.fullmatch(item.name):
                entries.append((info.st_mtime, item.name))
            elif _RETIRED.fullmatch(item.name) or _abandoned(item.name, info, now):
                _remove(folder, item.name)
    entries.sort(reverse=True)
    for _, name in entries[keep:]:
        _remove(folder, name)


def _abandoned(name: str, info: os.stat_result, now: float) -> bool:
    """A temporary file of a save whose process is gone, or older than any save."""
    found = _TEMPORARY.fullmatch(name)
    return found is not None and abandoned(int(found.group(1)), now - info.st_mtime)


def _remove(folder: int, name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=folder)


def entry_names() -> Sequence[str]:
    """The names of the entries in the cache folder (for tests and diagnostics)."""
    with _folder(create=False) as folder:
        if folder is None:
            return []
        with os.scandir(folder) as listing:
            return sorted(item.name for item in listing if _ENTRY.fullmatch(item.name))
