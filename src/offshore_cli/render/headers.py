"""Column headers in the run's language, for the tables whose columns are keyed by
name (``pillars``, ``milestones``).

A view keys its rows by the English names of its columns (``"Progress"``,
``"State"``), marked for the catalogue where they are defined; the layout of a
table (``console.fitting``, ``console.stacked``) takes a column's name as its
header. Just before a table is laid out, the columns and the rows are renamed here
to the headers of the run's language, so that widths are measured on the words
shown, and nothing but the screen depends on the language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from offshore_cli.i18n import _
from offshore_cli.render.columns import Column

T = TypeVar("T")


def headed(columns: Iterable[Column]) -> list[Column]:
    """``columns`` named by their headers in the run's language."""
    return [column._replace(name=_(column.name)) for column in columns]


def headed_cells(cells: Mapping[str, T]) -> dict[str, T]:
    """A row's cells keyed by their columns' headers in the run's language."""
    return {_(name): cell for name, cell in cells.items()}


def headed_names(names: Sequence[str]) -> list[str]:
    """Column names (such as those that give way) as headers in the run's language."""
    return [_(name) for name in names]
