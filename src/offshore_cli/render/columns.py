"""The columns of a table that stays readable at any width, described without
drawing anything: a view names its columns here, and the terminal table
(``console.fitting``) decides which of them fit.

A column's ``name`` is its key in a row's cells, in English (marked for the
catalogue with ``N_`` where it is defined); its ``title``, the header a person
reads, is that name in the run's language."""

from __future__ import annotations

from typing import NamedTuple

from offshore_cli.i18n import _


class Column(NamedTuple):
    """A column of a table that gives way: text that wraps at spaces (a name, a
    note) or cells that never wrap (figures, dates, statuses)."""

    name: str
    justify: str = "left"
    wraps: bool = False
    min_width: int = 0

    @property
    def title(self) -> str:
        """The header as a person reads it: the name in the run's language."""
        return _(self.name) if self.name else self.name
