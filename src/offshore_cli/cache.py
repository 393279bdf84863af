"""A cache of validated plans, keyed by the plan file's exact bytes.

Reading a large plan means parsing and validating every figure; the cache keeps
the result for the next command. An entry is named by the BLAKE2 digest of the
bytes it was made from, and is used only for bytes with that digest, so a stale
entry cannot be used whatever the file's name or time stamps say (and a copy of
a plan finds its entry). The newest ``KEEP`` entries are kept, in
``$XDG_CACHE_HOME/offshore`` (default ``~/.cache/offshore``);
``OFFSHORE_CACHE=off`` disables it. An entry that cannot be read, for any
reason, is ignored and rebuilt; failing to write one is never an error.

The figures themselves are stored as a separate blob, unpacked only when a
command needs them one by one (``history``, ``add-result``): ``status`` and
``check`` need only the per-indicator series.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, overload

from offshore_cli._version import __version__
from offshore_cli.series import SeriesMap
from offshore_cli.spec import Figure, Plan

FORMAT = 1
CACHE_ENV = "OFFSHORE_CACHE"
KEEP = 16


RULE_MODULES = ("rules.py", "models.py", "validation.py", "consistency.py", "spec.py")


def fingerprint(here: Path = Path(__file__).parent) -> tuple[str, ...]:
    """What an entry's validity depends on besides the plan's bytes: this package's
    version and rules (the source of the modules that decide what is valid) and the
    installed TOML reader (``toml_reader``). An entry made under anything else is
    not used."""
    rules = hasher(b"")
    for name in RULE_MODULES:
        with contextlib.suppress(OSError):
            rules.update((here / name).read_bytes())
    return (__version__, str(rules.hexdigest()), toml_reader())


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


def enabled() -> bool:
    return os.environ.get(CACHE_ENV, "").lower() not in {"off", "0", "no", "false"}


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "offshore"


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


def _entry_path(made_from: bytes) -> Path:
    return folder() / f"{made_from.hex()}.pickle"


def _prune() -> None:
    entries = sorted(folder().glob("*.pickle"), key=lambda path: path.stat().st_mtime,
                     reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def pack(figures: Sequence[Figure]) -> bytes:
    """Figures as one blob: a list per field, dates as ordinals and time stamps as
    ISO text, which pickle far smaller and faster than the objects."""
    if not figures:
        return pickle.dumps([])
    indicator, day, value, ecosystem, source, note, recorded = zip(*figures, strict=True)
    columns = [list(indicator), [d.toordinal() for d in day], list(value), list(ecosystem),
               list(source), list(note), [r.isoformat() if r else None for r in recorded]]
    return pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(blob: bytes) -> list[Figure]:
    columns = pickle.loads(blob)
    if not columns:
        return []
    indicator, day, value, ecosystem, source, note, recorded = columns
    days = map(dt.date.fromordinal, day)
    stamps = (dt.datetime.fromisoformat(r) if r else None for r in recorded)
    return list(map(Figure, indicator, days, value, ecosystem, source, note, stamps))


class LazyFigures(Sequence[Figure]):
    """The plan's figures, unpacked from their blobs on first use. Recording a
    figure adds a blob (``extended``) without unpacking the others."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        self.chunks = tuple(chunks)
        self._figures: tuple[Figure, ...] | None = None

    def extended(self, figures: Sequence[Figure]) -> LazyFigures:
        return LazyFigures((*self.chunks, pack(figures)))

    def _all(self) -> tuple[Figure, ...]:
        if self._figures is None:
            figures: list[Figure] = []
            for chunk in self.chunks:
                figures.extend(unpack(chunk))
            self._figures = tuple(figures)
        return self._figures

    @overload
    def __getitem__(self, index: int) -> Figure: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Figure]: ...
    def __getitem__(self, index: int | slice) -> Figure | Sequence[Figure]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Figure]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self._all(),))


class Hit(NamedTuple):
    plan: Plan
    series: SeriesMap


def load(expected: bytes) -> Hit | None:
    """The cached plan made from bytes with this digest, if there is one."""
    if not enabled():
        return None
    try:
        with _entry_path(expected).open("rb") as handle:
            stored = pickle.load(handle)
        fmt, version, made_from, plan, series, chunks = stored
        if fmt != FORMAT or version != fingerprint() or made_from != expected:
            return None
        if not isinstance(plan, Plan) or not isinstance(series, dict):
            return None
        return Hit(plan._replace(results=LazyFigures(chunks)), series)
    except Exception:  # a missing, truncated or foreign entry is a miss, never an error
        return None


def save(made_from: bytes, plan: Plan, series: SeriesMap) -> None:
    """Store an entry atomically; any failure is silently a cache that stays cold."""
    if not enabled():
        return
    with contextlib.suppress(Exception):
        results = plan.results
        chunks = results.chunks if isinstance(results, LazyFigures) else (pack(results),)
        stored = (FORMAT, fingerprint(), made_from, plan._replace(results=()), series,
                  tuple(chunks))
        target = _entry_path(made_from)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            with temp.open("wb") as handle:
                pickle.dump(stored, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temp.replace(target)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
        _prune()
