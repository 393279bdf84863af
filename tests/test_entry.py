"""The cache entry's format: what is written is read back exactly, and an entry
changed in any field is either refused (a miss) or read as something every command
handles: never an internal error."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from offshore_cli import cache, entry
from offshore_cli.__main__ import main
from offshore_cli.plan import seed_bytes
from offshore_cli.series import build_series
from offshore_cli.spec import Figure
from offshore_cli.validation import plan_from_data

SEED_PLAN = plan_from_data(tomli.loads(seed_bytes().decode()))
MADE_FROM = cache.digest(seed_bytes())


def seed_entry() -> bytes:
    return b"".join(entry.encode(cache.key(), MADE_FROM, SEED_PLAN,
                                 build_series(SEED_PLAN.results),
                                 [entry.pack(SEED_PLAN.results)]))


def split(raw: bytes) -> tuple[dict[str, Any], bytes]:
    at = len(entry.MAGIC) + 8
    size = int.from_bytes(raw[len(entry.MAGIC): at], "little")
    return json.loads(raw[at: at + size]), raw[at + size:]


def join(header: dict[str, Any], rest: bytes) -> bytes:
    text = json.dumps(header).encode()
    return entry.MAGIC + len(text).to_bytes(8, "little") + text + rest


def test_an_entry_reads_back_what_was_written() -> None:
    plan, series, figures = entry.decode(seed_entry(), cache.key(), MADE_FROM)
    assert plan == SEED_PLAN._replace(results=())
    assert series == build_series(SEED_PLAN.results)
    assert tuple(figures) == SEED_PLAN.results


def test_figures_round_trip_through_a_chunk() -> None:
    figures = [Figure("jobs", dt.date(2019, 1, 1), 1.5, "CRM", 'a "source"', "é note",
                      dt.datetime(2019, 1, 2, 3, 4, 5, tzinfo=dt.UTC)),
               Figure("jobs", dt.date(2019, 1, 2), 2.0, "CRM", 'a "source"'),
               Figure("x", dt.date(1, 1, 1), -1e18)]
    chunk = entry.pack(figures)
    assert entry.unpack(chunk) == figures
    assert chunk.count(b"a \\\"source\\\"") == 1  # repeated text is stored once


@pytest.mark.parametrize("key", [("another version",), ()])
def test_an_entry_made_under_another_key_or_from_other_bytes_is_refused(
        key: tuple[str, ...]) -> None:
    with pytest.raises(entry.BadEntry):
        entry.decode(seed_entry(), key, MADE_FROM)
    with pytest.raises(entry.BadEntry):
        entry.decode(seed_entry(), cache.key(), bytes(32))


def json_values() -> st.SearchStrategy[Any]:
    """Values JSON can carry, with the odd ones a forger would try."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-(2**70), 2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(["", "2020-0x", "2020-1/", "1²³⁴", "0000", "9999-12", "2020-13",
                         "2019-02-30", "x" * 2000, "\x1b]0;t\x07", "jobs", "CRM", "text",
                         "day", "level", "increment", "error", "en", "fr"]),
        st.text(max_size=12))
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


def leaf_paths(node: Any, way: tuple[Any, ...] = ()) -> Any:
    """The path to every value in ``node`` that is not a non-empty list or table."""
    places = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
    for place, inner in places:
        if isinstance(inner, dict | list) and inner:
            yield from leaf_paths(inner, (*way, place))
        yield (*way, place)


def odd_values(value: Any) -> list[Any]:
    """Values of the kind ``value`` is, with odd contents: what passes a type check
    and may still trip a command up."""
    if isinstance(value, bool) or value is None:
        return [None, True, False]
    if isinstance(value, int | float):
        return [0, -1, 1, 0.0, -0.0, 1e-300, -1e18, 1e18, 1e300, 2**53, -value, value + 1e-9]
    if isinstance(value, str):
        return ["0001-01-01", "9998-12-31", "2020-01-01", "2016", "2016-07", "9998", "0001",
                "2020-0x", "2020-1/", "1²³⁴", "x", "X" * 64, "a-b_c", "increment", "warn",
                "off", "fr", ""]
    if isinstance(value, list):
        return [[], value[:1], value * 2, value[::-1]]
    return []


def same_kind(value: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(odd_values(value) or [value])


def handled_by_every_command(changed: bytes, commands: Any = None) -> None:
    """Plant ``changed`` as the seed plan's entry and run each command on it: exit 0,
    1 or 2, never an internal error."""
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "offshore"
        folder.mkdir(mode=0o700)
        (folder / f"{MADE_FROM.hex()}.entry").write_bytes(changed)
        saved = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = home
        try:
            for args in commands or COMMANDS:
                with contextlib.redirect_stdout(io.StringIO()), \
                        contextlib.redirect_stderr(io.StringIO()) as err:
                    code = main(args)
                assert code in (0, 1, 2), (args, err.getvalue())
        finally:
            os.environ["XDG_CACHE_HOME"] = saved or ""


def test_every_value_changed_to_an_odd_one_is_refused_or_handled() -> None:
    good = seed_entry()
    header, rest = split(good)
    read = 0
    for *way, last in leaf_paths(header["plan"]):
        for value in odd_values(_at(header["plan"], way)[last]):
            changed_header, _ = split(good)
            _at(changed_header["plan"], way)[last] = value
            changed = join(changed_header, rest)
            try:
                entry.decode(changed, cache.key(), MADE_FROM)
            except entry.BadEntry:
                continue
            read += 1
            handled_by_every_command(changed, QUICK)
    assert read > 100  # many changes are still valid plans: each was run


def _at(node: Any, way: list[Any]) -> Any:
    for step in way:
        node = node[step]
    return node


QUICK = (["status", "-f", "json", "--as-of", "2019-04-23"], ["milestones", "-f", "json"],
         ["history", "jobs", "-f", "json"], ["check", "--as-of", "2019-04-23"])
COMMANDS = (["status", "--as-of", "2019-04-23"], ["status", "-f", "json"],
            ["status", "--by-ecosystem", "--as-of", "2019-04-23"], ["milestones"],
            ["pillars", "-f", "json"], ["history", "jobs"], ["check", "-f", "junit"])


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_changed_entry_is_refused_or_handled_by_every_command(data: st.DataObject) -> None:
    header, rest = split(seed_entry())
    # Replace one value anywhere in the plan's data, as a forger would.
    leaves = list(leaf_paths(header["plan"]))
    *way, last = data.draw(st.sampled_from(leaves))
    node: Any = header["plan"]
    for step in way:
        node = node[step]
    node[last] = data.draw(st.one_of(json_values(), same_kind(node[last])))
    changed = join(header, rest)
    try:
        entry.decode(changed, cache.key(), MADE_FROM)
    except entry.BadEntry:
        event("refused")
        return
    event("read")
    handled_by_every_command(changed)


TRAJECTORIES = Path(__file__).parent / "plans" / "trajectories.toml"


def test_trajectories_and_checkpoints_round_trip_through_an_entry() -> None:
    plan = plan_from_data(tomli.loads(TRAJECTORIES.read_text(encoding="utf-8")))
    raw = b"".join(entry.encode(cache.key(), MADE_FROM, plan, build_series(plan.results),
                                [entry.pack(plan.results)]))
    back, _, _ = entry.decode(raw, cache.key(), MADE_FROM)
    assert back == plan._replace(results=())
    assert back.plan.trajectory == "compound"
    jobs = back.indicators["jobs"]
    assert jobs.trajectory == "checkpoints"
    assert [(point.date.isoformat(), point.value) for point in jobs.checkpoints] == [
        ("2019-12-31", 4000.0), ("2018-12-31", 6000.0)]  # as written; the path sorts them
    assert back.indicators["co2"].trajectory is None  # the plan's


def test_an_entry_with_a_path_the_rules_refuse_is_refused() -> None:
    plan = plan_from_data(tomli.loads(TRAJECTORIES.read_text(encoding="utf-8")))
    header, rest = split(b"".join(entry.encode(cache.key(), MADE_FROM, plan,
                                               build_series(plan.results),
                                               [entry.pack(plan.results)])))
    for change in ({"trajectory": "spiral"},
                   {"checkpoints": [["2019-12-31", 4000], ["2019-12-31", 5000]]},
                   {"checkpoints": [["2017-12-31", 4000]]},
                   {"checkpoints": [["2019-12-31"]]},
                   {"checkpoints": [{"date": "2019-12-31", "value": 1}]},
                   {"baseline": 0, "trajectory": "compound"}):
        changed = json.loads(json.dumps(header))
        changed["plan"]["indicators"]["jobs"].update(change)
        with pytest.raises(entry.BadEntry):
            entry.decode(join(changed, rest), cache.key(), MADE_FROM)


def test_every_value_of_a_revision_changed_to_an_odd_one_is_refused_or_handled() -> None:
    from offshore_cli.spec import Revision

    revised = SEED_PLAN._replace(revisions=(Revision(
        "jobs", dt.date(2017, 6, 30), "Mid-term review", 70000.0, dt.date(2021, 12, 31),
        "Minutes"),))
    good = b"".join(entry.encode(cache.key(), MADE_FROM, revised,
                                 build_series(revised.results), [entry.pack(revised.results)]))
    assert entry.decode(good, cache.key(), MADE_FROM)[0] == revised._replace(results=())
    header, rest = split(good)
    for *way, last in leaf_paths(header["plan"]["revisions"]):
        for value in odd_values(_at(header["plan"]["revisions"], way)[last]):
            changed_header, _ = split(good)
            _at(changed_header["plan"]["revisions"], way)[last] = value
            changed = join(changed_header, rest)
            try:
                entry.decode(changed, cache.key(), MADE_FROM)
            except entry.BadEntry:
                continue
            handled_by_every_command(changed, QUICK)
    # A revision the plan-wide rules refuse (a deadline before its date) is refused too.
    changed_header, _ = split(good)
    changed_header["plan"]["revisions"][0]["deadline"] = "2016-01-01"
    with pytest.raises(entry.BadEntry):
        entry.decode(join(changed_header, rest), cache.key(), MADE_FROM)
