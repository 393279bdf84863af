"""Which figure counts: the last in the file for its indicator, ecosystem and date,
whether the series are built at once or a figure at a time."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from offshore_cli.series import Cut, build_series, in_force, value_on, with_figure
from offshore_cli.spec import Figure

D = dt.date

figures = st.lists(st.builds(
    Figure, indicator=st.sampled_from(["a", "b"]),
    date=st.dates(min_value=D(2019, 1, 1), max_value=D(2019, 1, 10)),
    value=st.floats(-1e6, 1e6), ecosystem=st.sampled_from([None, "CRM"])), max_size=30)


def test_the_last_figure_in_the_file_counts_for_its_date() -> None:
    rows = [Figure("a", D(2019, 1, 2), 1.0), Figure("a", D(2019, 1, 1), 5.0),
            Figure("a", D(2019, 1, 2), 2.0), Figure("a", D(2019, 1, 2), 3.0, "CRM")]
    assert in_force(rows) == {("a", None): {D(2019, 1, 2).toordinal(): 2,
                                            D(2019, 1, 1).toordinal(): 1},
                              ("a", "CRM"): {D(2019, 1, 2).toordinal(): 3}}
    series = build_series(rows)
    assert series[("a", None)] == ([D(2019, 1, 1).toordinal(), D(2019, 1, 2).toordinal()],
                                   [5.0, 2.0])
    assert value_on(series, "a", None, D(2019, 1, 2)) == 2.0
    assert value_on(series, "a", "CRM", D(2019, 1, 2)) == 3.0
    assert value_on(series, "a", None, D(2019, 1, 3)) is None


@given(figures, figures)
def test_appending_figures_one_by_one_gives_the_same_series(first: list[Figure],
                                                            then: list[Figure]) -> None:
    series = build_series(first)
    for figure in then:
        series = with_figure(series, figure)
    expected = build_series(first + then)
    assert {key: (list(d), list(v)) for key, (d, v) in series.items()} == \
        {key: (list(d), list(v)) for key, (d, v) in expected.items()}


def test_a_cut_keeps_the_figures_up_to_a_date() -> None:
    entry = ([D(2019, 1, 1).toordinal(), D(2019, 1, 5).toordinal()], [1.0, 2.0])
    cut = Cut.of(entry, D(2019, 1, 4))
    assert cut.size == 1 and cut.last_value == 1.0 and cut.last_date == D(2019, 1, 1)
    full = Cut.of(entry, D(2019, 2, 1))
    assert full.total() == 3.0 and full.total(D(2019, 1, 2)) == 1.0
    assert full.until(D(2018, 1, 1)).size == 0 and not Cut.of(None, D(2019, 1, 1))
