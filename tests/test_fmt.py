"""Formatting of figures, percents and durations, by locale."""

from __future__ import annotations

import datetime as dt

import pytest

from offshore_cli.render import fmt

D = dt.date


@pytest.mark.parametrize(
    ("value", "unit", "money", "locale", "shown"),
    [
        (1e9, "MAD", True, "en", "1.0 bn MAD"),
        (1e9, "MAD", True, "fr", "1,0 Md MAD"),
        (1.5e9, "MAD", True, "fr", "1,5 Md MAD"),
        (5e8, "MAD", True, "en", "500.0 M MAD"),
        (250_000, "MAD", True, "en", "250,000 MAD"),
        (69900, "jobs", False, "en", "69,900 jobs"),
        (69900, "jobs", False, "fr", "69 900 jobs"),
        (2.5, "t", False, "en", "2.5 t"),
        (1234.25, "t", False, "fr", "1 234,25 t"),
        (-405, "d", False, "en", "-405 d"),
        (None, "x", False, "en", "-"),
    ],
)
def test_amount(value: float | None, unit: str, money: bool, locale: str, shown: str) -> None:
    assert fmt.amount(value, unit, money, locale) == shown


def test_percent() -> None:
    assert fmt.percent(2 / 3, "en") == "66.7 %"
    assert fmt.percent(2 / 3, "fr") == "66,7 %"
    assert fmt.percent(1.165, "en") == "116.5 %"
    assert fmt.percent(None, "en") == "-"


@pytest.mark.parametrize(
    ("as_of", "deadline", "phrase"),
    [
        (D(2019, 4, 23), D(2020, 12, 31), "618 days left (1 year 8 months)"),
        (D(2020, 12, 30), D(2020, 12, 31), "1 day left (1 day)"),
        (D(2020, 12, 31), D(2020, 12, 31), "deadline today"),
        (D(2026, 11, 27), D(2020, 12, 31), "ended 5 years ago"),
        (D(2021, 1, 31), D(2020, 12, 31), "ended 1 month ago"),
        (D(2020, 1, 31), D(2020, 2, 29), "29 days left (29 days)"),
        (D(2020, 1, 31), D(2020, 3, 1), "30 days left (1 month 1 day)"),
    ],
)
def test_countdown(as_of: dt.date, deadline: dt.date, phrase: str) -> None:
    assert fmt.countdown(as_of, deadline) == phrase


def test_age() -> None:
    assert fmt.age(D(2019, 4, 23), D(2018, 12, 31)) == "3 months old"
    assert fmt.age(D(2019, 4, 23), D(2019, 4, 23)) == "today"
    assert fmt.age(D(2019, 4, 23), D(2019, 4, 20)) == "3 days old"
