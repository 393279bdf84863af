"""Hypothesis strategies for plans: mostly sane values so that many plans load,
sometimes extreme or wrong ones so that the refusals are exercised too. Shared by
the fuzz tests and the cache's consistency tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
sane = st.one_of(st.integers(-10**6, 10**9), st.floats(min_value=-1e9, max_value=1e9))
extreme = st.one_of(
    st.integers(-(2**64), 2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1e-300, 1e300, 1e18, -1e18, 2**63 - 1, -(2**63)]),
)
printable = st.characters(blacklist_categories=("Cc", "Cf", "Co", "Cs"))
texts = st.text(printable, max_size=30)
names = st.text(printable, min_size=1, max_size=20)
ids = st.sampled_from(["jobs", "exports", "x", "CRM", "BPO"])
junk = st.one_of(st.text(max_size=30), extreme, st.booleans(), dates,
                 st.lists(st.integers(), max_size=3))


@st.composite
def numbers(draw: st.DrawFn) -> Any:
    """Mostly sane values, so that many plans load; sometimes extreme ones."""
    return draw(extreme) if draw(st.integers(0, 9)) == 0 else draw(sane)


@st.composite
def period(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    start = draw(dates)
    if draw(st.integers(0, 9)) == 0:
        return start, draw(dates)  # sometimes inverted or empty
    return start, start + dt.timedelta(days=draw(st.integers(1, 20_000)))


@st.composite
def indicator(draw: st.DrawFn) -> dict[str, Any]:
    table: dict[str, Any] = {"label": draw(names),
                             "unit": draw(st.sampled_from(["jobs", "MAD", "EUR", "u"]))}
    if draw(st.booleans()):
        table["target"] = draw(numbers())
    if draw(st.booleans()):
        table["baseline"] = draw(numbers())
    if draw(st.booleans()):
        table["measure"] = draw(st.sampled_from(["level", "increment"]))
    if draw(st.integers(0, 4)) == 0:
        table["start"], table["deadline"] = draw(period())
    if draw(st.integers(0, 4)) == 0:
        table["ecosystem_targets"] = draw(st.dictionaries(
            st.sampled_from(["CRM", "BPO"]), numbers(), max_size=2))
    if draw(st.integers(0, 3)) == 0:
        table["trajectory"] = draw(st.sampled_from(["linear", "compound", "checkpoints"]))
    if draw(st.integers(0, 3)) == 0:
        table["checkpoints"] = draw(st.lists(st.fixed_dictionaries(
            {"date": dates, "value": numbers()}), max_size=3))
    if draw(st.integers(0, 19)) == 0:
        table[draw(st.sampled_from(["gate", "min_ratio", "extra", "label", "trajectory",
                                    "checkpoints"]))] = draw(junk)
    return table


@st.composite
def plan_data(draw: st.DrawFn) -> dict[str, Any]:
    start, deadline = draw(period())
    meta: dict[str, Any] = {"title": draw(names), "start": start,
                            "deadline": deadline}
    if draw(st.booleans()):
        meta["locale"] = draw(st.sampled_from(["en", "fr"]))
    if draw(st.integers(0, 4)) == 0:
        meta["bands"] = {"on_track": draw(numbers()), "at_risk": draw(numbers())}
    if draw(st.integers(0, 4)) == 0:
        meta["trajectory"] = draw(st.sampled_from(["linear", "compound", "checkpoints", "x"]))
    indicators = draw(st.dictionaries(ids, indicator(), min_size=1, max_size=3))
    known = list(indicators) + (["ghost"] if draw(st.integers(0, 9)) == 0 else [])
    near = st.dates(min_value=start - dt.timedelta(days=400),
                    max_value=min(max(start, deadline), dt.date(2100, 1, 1))
                    + dt.timedelta(days=400))
    results = draw(st.lists(st.fixed_dictionaries(
        {"indicator": st.sampled_from(known), "date": near, "value": numbers()},
        optional={"ecosystem": st.sampled_from(["CRM", "BPO"]), "note": texts}), max_size=8))
    data: dict[str, Any] = {"plan": meta, "ecosystems": {"CRM": "C", "BPO": "B"},
                            "indicators": indicators, "results": results}
    if draw(st.booleans()):
        data["milestones"] = [{"date": draw(st.one_of(dates, st.sampled_from(
            ["2016", "2016-07", "2016-13", "x"]))), "title": draw(names)}]
    if draw(st.booleans()):
        data["pillars"] = [{"name": "P", "axes": draw(st.one_of(
            st.integers(-2, 40), st.lists(st.fixed_dictionaries({"name": st.just("a")}),
                                          max_size=3)))}]
    return data
