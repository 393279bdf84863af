"""The bytes of a cache entry: a validated plan, its series and its figures, as data.

An entry is read back with ``json`` and ``array`` only: whatever its bytes, reading
it can build strings, numbers, lists and dates, never run code (no ``pickle``, no
``marshal``). It is checked as strictly as it is read: every field must have the
type and range the plan format allows, the series must be dated within the
calendar and in ascending order, and the plan must pass the plan-wide rules the
engine relies on (``consistency.cross_check``); anything else is ``BadEntry``,
which the cache treats as a miss. Layout, little-endian::

    MAGIC
    8 bytes     length of the header
    header      JSON: format, key, plan, series (indicator, ecosystem, count), chunks
    4 * N       the N date ordinals of every series, in the header's order (int32)
    8 * N       their values (float64)
    chunks      the figures, each chunk a JSON list of seven columns

The figures are kept as chunks, unpacked (and checked) only when a command needs
them one by one (``history``, the library): ``status`` and ``check`` need only the
series. Recording a figure adds a chunk without unpacking the others.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import operator
import sys
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from offshore_cli.consistency import cross_check, parts_of
from offshore_cli.i18n import LANGUAGES
from offshore_cli.rules import (
    IDENTIFIER,
    MAX_MAGNITUDE,
    minimum_problem,
    number_problem,
    partial_date_problem,
    share_problem,
    text_problem,
)
from offshore_cli.series import SeriesMap
from offshore_cli.spec import (
    TRAJECTORIES,
    Axis,
    Bands,
    Checkpoint,
    Figure,
    Indicator,
    Milestone,
    Pillar,
    Plan,
    PlanMeta,
    Revision,
    Translations,
)

MAGIC = b"offshore cache entry\n"
FORMAT = 6
# The calendar a plan's dates may use (see docs/plan-format.md).
_FIRST_DAY = dt.date(1, 1, 1).toordinal()
_LAST_DAY = dt.date(9998, 12, 31).toordinal()
_LITTLE = sys.byteorder == "little"
assert array("i").itemsize == 4 and array("d").itemsize == 8


class BadEntry(Exception):
    """An entry that is not exactly what this version writes."""


# --------------------------------------------------------------------------- writing


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan without its figures, as JSON data."""
    meta = plan.plan
    return {
        "plan": {**meta._asdict(), "start": _date(meta.start), "deadline": _date(meta.deadline),
                 "bands": list(meta.bands), "translations": _texts(meta.translations)},
        "ecosystems": dict(plan.ecosystems),
        "indicators": {ident: {**ind._asdict(), "start": _date(ind.start),
                               "deadline": _date(ind.deadline),
                               "ecosystem_targets": dict(ind.ecosystem_targets),
                               "checkpoints": [[point.date.isoformat(), point.value]
                                               for point in ind.checkpoints],
                               "translations": _texts(ind.translations)}
                       for ident, ind in plan.indicators.items()},
        "milestones": [{**m._asdict(), "date": [m.date.isoformat(), "day"]
                        if isinstance(m.date, dt.date) else [m.date, "text"],
                        "indicators": list(m.indicators),
                        "translations": _texts(m.translations)} for m in plan.milestones],
        "pillars": [{**p._asdict(), "axes": p.axes if isinstance(p.axes, int) else
                     [{**a._asdict(), "due": _date(a.due), "translations": _texts(a.translations)}
                      for a in p.axes], "translations": _texts(p.translations)}
                    for p in plan.pillars],
        "revisions": [{**r._asdict(), "date": r.date.isoformat(),
                       "deadline": _date(r.deadline)} for r in plan.revisions],
    }


def _texts(translations: Translations) -> dict[str, dict[str, str]]:
    return {lang: dict(text) for lang, text in translations.items()}


def _interned(values: Sequence[str | None]) -> list[Any]:
    """A text column as its distinct values and, per row, an index into them (-1:
    none): sources, ecosystems and indicators repeat from row to row."""
    table: dict[str, int] = {}
    indices = [-1 if value is None else table.setdefault(value, len(table)) for value in values]
    return [list(table), indices]


def pack(figures: Sequence[Figure]) -> bytes:
    """Figures as one chunk: a JSON list per field, dates as ordinals, text columns
    interned (``_interned``)."""
    columns = [
        _interned([f.indicator for f in figures]),
        [f.date.toordinal() for f in figures],
        [f.value for f in figures],
        _interned([f.ecosystem for f in figures]),
        _interned([f.source for f in figures]),
        _interned([f.note for f in figures]),
        _interned([f.recorded.isoformat() if f.recorded else None for f in figures]),
    ]
    return json.dumps(columns, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")


def _array(kind: str, values: Sequence[float]) -> bytes:
    packed = array(kind, values)
    if not _LITTLE:  # pragma: no cover - big-endian machines
        packed.byteswap()
    return packed.tobytes()


def encode(key: Sequence[str], made_from: bytes, plan: Plan, series: SeriesMap,
           chunks: Sequence[bytes]) -> list[bytes]:
    """The parts of an entry, to be written one after the other."""
    keys = list(series)
    dates = [day for name in keys for day in series[name][0]]
    values = [value for name in keys for value in series[name][1]]
    header = json.dumps({
        "format": FORMAT, "key": list(key), "made_from": made_from.hex(),
        "plan": plan_data(plan),
        "series": [[indicator, ecosystem, len(series[(indicator, ecosystem)][0])]
                   for indicator, ecosystem in keys],
        "chunks": [len(chunk) for chunk in chunks],
    }, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return [MAGIC, len(header).to_bytes(8, "little"), header, _array("i", dates),
            _array("d", values), *chunks]


# --------------------------------------------------------------------------- reading


def _need(condition: bool) -> None:
    if not condition:
        raise BadEntry


def _text(value: Any, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    _need(type(value) is str and value != "" and text_problem(value) is None)
    return value


def _ident(value: Any, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    _need(type(value) is str and IDENTIFIER.fullmatch(value) is not None)
    return value


def _number(value: Any, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    _need(type(value) in (int, float) and number_problem(value) is None)
    return float(value)


def _share(value: Any, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    _need(type(value) in (int, float) and share_problem(value) is None)
    return float(value)


def _minimum(value: Any) -> Any:
    if value is None:
        return None
    _need(type(value) in (int, float) and minimum_problem(value) is None)
    return float(value)


def _day(value: Any, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    _need(type(value) is str and len(value) == 10)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise BadEntry from None
    _need(day.toordinal() <= _LAST_DAY)
    return day


def _choice(value: Any, allowed: Sequence[Any]) -> Any:
    _need(value in allowed and type(value) in (str, type(None)))
    return value


def _fields(data: Any, names: Sequence[str]) -> dict[str, Any]:
    _need(type(data) is dict and set(data) == set(names))
    return data  # type: ignore[no-any-return]


def _translations(data: Any, fields: Sequence[str]) -> dict[str, dict[str, str]]:
    """An item's text in other languages: a table per language of ours, each with
    some of ``fields`` (the plan format's text fields of that item)."""
    _need(type(data) is dict)
    found: dict[str, dict[str, str]] = {}
    for lang, text in data.items():
        _need(lang in LANGUAGES and type(text) is dict and bool(text)
              and all(field in fields for field in text))
        found[lang] = {field: _text(value) for field, value in text.items()}
    return found


def _meta(data: Any) -> PlanMeta:
    raw = _fields(data, PlanMeta._fields)
    bands = raw["bands"]
    _need(type(bands) is list and len(bands) == 2)
    return PlanMeta(
        title=_text(raw["title"]), start=_day(raw["start"]), deadline=_day(raw["deadline"]),
        id=_text(raw["id"], True), currency=_text(raw["currency"], True),
        locale=_choice(raw["locale"], ("en", "fr", None)),
        bands=Bands(_share(bands[0]), _share(bands[1])),
        gate=_choice(raw["gate"], ("error", "warn", "off")),
        min_ratio=_minimum(raw["min_ratio"]), min_pace=_minimum(raw["min_pace"]),
        trajectory=_choice(raw["trajectory"], TRAJECTORIES),
        translations=_translations(raw["translations"], ("title",)))


def _checkpoint(data: Any) -> Checkpoint:
    _need(type(data) is list and len(data) == 2)
    return Checkpoint(_day(data[0]), _number(data[1]))


def _indicator(data: Any) -> Indicator:
    raw = _fields(data, Indicator._fields)
    targets, points = raw["ecosystem_targets"], raw["checkpoints"]
    _need(type(targets) is dict and type(points) is list)
    return Indicator(
        label=_text(raw["label"]), unit=_text(raw["unit"]), target=_number(raw["target"], True),
        baseline=_number(raw["baseline"]), measure=_choice(raw["measure"], ("level", "increment")),
        start=_day(raw["start"], True), deadline=_day(raw["deadline"], True),
        gate=_choice(raw["gate"], ("error", "warn", "off", None)),
        min_ratio=_minimum(raw["min_ratio"]), min_pace=_minimum(raw["min_pace"]),
        ecosystem_targets={_ident(eco): _number(value) for eco, value in targets.items()},
        trajectory=_choice(raw["trajectory"], (*TRAJECTORIES, None)),
        checkpoints=tuple(_checkpoint(point) for point in points),
        translations=_translations(raw["translations"], ("label", "unit")))


def _milestone(data: Any) -> Milestone:
    raw = _fields(data, Milestone._fields)
    when = raw["date"]
    _need(type(when) is list and len(when) == 2 and when[1] in ("day", "text"))
    if when[1] == "day":
        day: dt.date | str = _day(when[0])
    else:
        _need(type(when[0]) is str and partial_date_problem(when[0]) is None)
        day = when[0]
    done = raw["done"]
    _need(done is None or type(done) is bool)
    refs = raw["indicators"]
    _need(type(refs) is list)
    return Milestone(date=day, title=_text(raw["title"]), done=done,
                     indicators=tuple(_ident(ref) for ref in refs),
                     note=_text(raw["note"], True),
                     translations=_translations(raw["translations"], ("title",)))


def _pillar(data: Any) -> Pillar:
    raw = _fields(data, Pillar._fields)
    axes = raw["axes"]
    count = raw["axis_count"]
    _need(count is None or (type(count) is int and count >= 0))
    if type(axes) is int:
        _need(axes >= 0)
        listed: int | tuple[Axis, ...] = axes
    else:
        _need(type(axes) is list)
        listed = tuple(_axis(axis) for axis in axes)
    return Pillar(name=_text(raw["name"]), original_name=_text(raw["original_name"], True),
                  axes=listed, axis_count=count,
                  translations=_translations(raw["translations"], ("name",)))


def _axis(data: Any) -> Axis:
    raw = _fields(data, Axis._fields)
    return Axis(name=_text(raw["name"]),
                status=_choice(raw["status"], ("planned", "in-progress", "done", "dropped")),
                owner=_text(raw["owner"], True), due=_day(raw["due"], True),
                translations=_translations(raw["translations"], ("name",)))


def _revision(data: Any) -> Revision:
    raw = _fields(data, Revision._fields)
    return Revision(indicator=_ident(raw["indicator"]), date=_day(raw["date"]),
                    reason=_text(raw["reason"]), target=_number(raw["target"], True),
                    deadline=_day(raw["deadline"], True), source=_text(raw["source"], True))


def read_plan(data: Any) -> Plan:
    """The plan (without figures) from its JSON data, checked field by field and
    against the plan-wide rules; ``BadEntry`` otherwise."""
    raw = _fields(data, ("plan", "ecosystems", "indicators", "milestones", "pillars",
                         "revisions"))
    _need(type(raw["ecosystems"]) is dict and type(raw["indicators"]) is dict
          and type(raw["milestones"]) is list and type(raw["pillars"]) is list
          and type(raw["revisions"]) is list)
    plan = Plan(
        plan=_meta(raw["plan"]),
        ecosystems={_ident(eco): _text(name) for eco, name in raw["ecosystems"].items()},
        indicators={_ident(ident): _indicator(ind) for ident, ind in raw["indicators"].items()},
        milestones=tuple(_milestone(m) for m in raw["milestones"]),
        pillars=tuple(_pillar(p) for p in raw["pillars"]),
        revisions=tuple(_revision(r) for r in raw["revisions"]))
    _need(not cross_check(parts_of(plan), "", _NoLines()))
    return plan


class _NoLines:
    def line_of(self, loc: tuple[int | str, ...]) -> int | None:
        return None


def _numbers(kind: str, raw: memoryview) -> array[Any]:
    numbers = array(kind)
    numbers.frombytes(raw)
    if not _LITTLE:  # pragma: no cover - big-endian machines
        numbers.byteswap()
    return numbers


def read_series(layout: Any, dates_raw: memoryview, values_raw: memoryview) -> SeriesMap:
    """The series from the header's layout and the two arrays."""
    _need(type(layout) is list)
    dates = _numbers("i", dates_raw).tolist()
    values = _numbers("d", values_raw).tolist()
    if dates:
        _need(min(dates) >= _FIRST_DAY and max(dates) <= _LAST_DAY)
        # A sum is finite only if every value is (no nan, no inf); then the bounds.
        _need(math.isfinite(math.fsum(values))
              and min(values) >= -MAX_MAGNITUDE and max(values) <= MAX_MAGNITUDE)
    series: SeriesMap = {}
    at = 0
    for item in layout:
        _need(type(item) is list and len(item) == 3 and type(item[2]) is int and item[2] > 0)
        indicator, ecosystem, count = _ident(item[0]), _ident(item[1], True), item[2]
        _need((indicator, ecosystem) not in series and at + count <= len(dates))
        own = dates[at: at + count]
        _need(all(map(operator.lt, own, own[1:])))  # strictly ascending
        series[(indicator, ecosystem)] = (own, values[at: at + count])
        at += count
    _need(at == len(dates) == len(values))
    return series


def _column(data: Any, size: int, read: Callable[[Any], Any]) -> list[Any]:
    """An interned text column (``_interned``) of ``size`` rows, each distinct value
    checked once by ``read``."""
    _need(type(data) is list and len(data) == 2 and type(data[0]) is list
          and type(data[1]) is list and len(data[1]) == size)
    table = [read(value) for value in data[0]]
    _need(all(type(at) is int and -1 <= at < len(table) for at in data[1]))
    return [None if at == -1 else table[at] for at in data[1]]


def _stamp(value: Any) -> dt.datetime:
    _need(type(value) is str and len(value) <= 40)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadEntry from None


def unpack(chunk: bytes) -> list[Figure]:
    """The figures of one chunk, checked; ``BadEntry`` if anything is off."""
    try:
        columns = json.loads(chunk)
    except ValueError:
        raise BadEntry from None
    _need(type(columns) is list and len(columns) == 7)
    days, values = columns[1], columns[2]
    _need(type(days) is list and type(values) is list and len(days) == len(values))
    size = len(days)
    _need(all(type(day) is int for day in days)
          and (not days or (min(days) >= _FIRST_DAY and max(days) <= _LAST_DAY)))
    indicators = _column(columns[0], size, _ident)
    ecosystems = _column(columns[3], size, _ident)
    sources = _column(columns[4], size, _text)
    notes = _column(columns[5], size, _text)
    stamps = _column(columns[6], size, _stamp)
    _need(None not in indicators and len(indicators) == len(ecosystems) == len(sources)
          == len(notes) == len(stamps) == size)
    return list(map(Figure, indicators, map(dt.date.fromordinal, days), map(_number, values),
                    ecosystems, sources, notes, stamps))


class LazyFigures(Sequence[Figure]):
    """The plan's figures, unpacked from their chunks on first use. Recording a
    figure adds a chunk (``extended``) without unpacking the others."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        self.chunks = tuple(chunks)
        self._figures: tuple[Figure, ...] | None = None

    def extended(self, figures: Sequence[Figure]) -> LazyFigures:
        return LazyFigures((*self.chunks, pack(figures)))

    def unpacked(self) -> tuple[Figure, ...]:
        """Every figure; ``BadEntry`` if a chunk is not what this version writes."""
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
        return self.unpacked()[index]

    def __len__(self) -> int:
        return len(self.unpacked())

    def __iter__(self) -> Iterator[Figure]:
        return iter(self.unpacked())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def decode(raw: bytes, key: Sequence[str], made_from: bytes
           ) -> tuple[Plan, SeriesMap, LazyFigures]:
    """The plan, series and figures of an entry made under ``key`` from the bytes
    whose digest is ``made_from``; ``BadEntry`` for anything else."""
    _need(raw.startswith(MAGIC) and len(raw) >= len(MAGIC) + 8)
    view = memoryview(raw)
    at = len(MAGIC)
    size = int.from_bytes(view[at: at + 8], "little")
    at += 8
    _need(at + size <= len(raw))
    try:
        header = json.loads(view[at: at + size].tobytes())
    except ValueError:
        raise BadEntry from None
    at += size
    _need(type(header) is dict
          and set(header) == {"format", "key", "made_from", "plan", "series", "chunks"})
    _need(header["format"] == FORMAT and header["key"] == list(key)
          and header["made_from"] == made_from.hex())
    layout, sizes = header["series"], header["chunks"]
    _need(type(layout) is list and type(sizes) is list
          and all(type(item) is list and len(item) == 3 and type(item[2]) is int
                  and item[2] > 0 for item in layout)
          and all(type(size) is int and size >= 0 for size in sizes))
    count = sum(item[2] for item in layout)
    dates_end = at + 4 * count
    values_end = dates_end + 8 * count
    _need(values_end + sum(sizes) == len(raw))
    series = read_series(layout, view[at:dates_end], view[dates_end:values_end])
    plan = read_plan(header["plan"])
    chunks = []
    at = values_end
    for size in sizes:
        chunks.append(raw[at: at + size])
        at += size
    return plan, series, LazyFigures(chunks)
