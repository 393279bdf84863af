"""The columns of a table that stays readable at any width, described without
drawing anything: a view names its columns here, and the terminal table
(``console.fitting``) decides which of them fit."""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """A column of a table that gives way: text that wraps at spaces (a name, a
    note) or cells that never wrap (figures, dates, statuses)."""

    name: str
    justify: str = "left"
    wraps: bool = False
    min_width: int = 0
