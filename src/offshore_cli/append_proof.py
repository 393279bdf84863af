"""The proof that a figure appended to a plan's bytes is exactly one more figure
(and, the same way, that a revision is exactly one more ``[[revisions]]`` entry:
every function takes the array's name, ``results`` by default).

``add-result`` never rewrites a plan: it appends a ``[[results]]`` block. The
new bytes parse to exactly the old plan plus the one new figure when

1. the old bytes take an appended ``[[results]]`` block (``takes_appends``):
   ``results`` is absent or an array of tables, not an inline ``results = [...]``
   or a table, so that the block extends the list instead of breaking the file;
2. the appended bytes on their own (the block, in the plan's line endings) parse
   to exactly the new figure (``prove_block``);
3. the new bytes are the old bytes followed by those (``appended_tail``).

TOML is read front to back and a block that opens a new ``[[results]]`` table
cannot reach back, so the three give the whole without parsing the new file.
Step 1 is decided from the plan's text every time a figure is recorded, never
taken from a cache entry. A data-layer module: it knows TOML, not the engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import tomli_w

_FIRST_HEADER = re.compile(r"^[ \t]*+\[", re.MULTILINE)
# A header that may make ``results`` something other than an array of tables: a
# table header (``[...]``) whose first key is quoted or is ``results``, or an array
# header (``[[...]]``) whose first key is quoted or is ``results`` followed by more
# than ``]]``. Possessive quantifiers: no backtracking, whatever the line. The
# search looks for a newline first (a literal the regular expression engine finds
# fast), the start of the text apart.
_KEY_END = r"(?![A-Za-z0-9_-])"


def _unsettling(table: str) -> str:
    return (r"[ \t]*+\[(?:"
            r"(?!\[)[ \t]*+(?:['\"]|" + table + _KEY_END + r")"
            r"|\[[ \t]*+(?:['\"]|" + table + _KEY_END + r"[ \t]*+(?!\]\]))"
            r")")


@functools.cache
def _unsettling_patterns(table: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The unsettling header on the first line, and on any later line."""
    return re.compile(_unsettling(table)), re.compile(r"\n" + _unsettling(table))


_UNSETTLING_FIRST_LINE, _UNSETTLING_LINE = _unsettling_patterns("results")


def result_block(entry: dict[str, Any], table: str = "results") -> str:
    """The ``[[results]]`` (or ``[[table]]``) block for one entry, its keys written
    by tomli-w.

    The header is written by hand: tomli-w writes a short array of tables as an
    inline ``results = [...]``, which after a table would land inside it."""
    return f"[[{table}]]\n" + tomli_w.dumps(entry)


def line_ending(old: bytes) -> bytes:
    """The plan's own line ending: CRLF when its first line ends so (a plan saved
    on Windows), else LF."""
    first = old.find(b"\n")
    return b"\r\n" if first > 0 and old[first - 1] == ord("\r") else b"\n"


def appended_tail(old: bytes, block: str) -> bytes:
    """What follows the old bytes, untouched: a blank line, then the block, in the
    old bytes' line endings (no file ends up with both)."""
    newline = line_ending(old)
    separator = b"" if not old else newline if old.endswith(b"\n") else newline * 2
    return separator + block.encode("utf-8").replace(b"\n", newline)


def appended_bytes(old: bytes, block: str) -> bytes:
    return old + appended_tail(old, block)


class Probe(NamedTuple):
    """A figure appended, in thought only, to prove a plan's bytes take appends."""

    entry: dict[str, Any]

    @property
    def block(self) -> str:
        return result_block(self.entry)

    def block_of(self, table: str) -> str:
        return result_block(self.entry, table)


PROBE = Probe({"indicator": "probe", "date": dt.date(2000, 1, 1), "value": 0})


class BlockMismatch(Exception):
    """The block would not parse to exactly the entry it was made from."""


def prove_block(block: str, entry: dict[str, Any] | Sequence[dict[str, Any]],
                table: str = "results") -> None:
    """The block (or the tail that carries it) on its own must parse to exactly the
    new entry (or entries, in order) of ``table``."""
    entries = [entry] if isinstance(entry, dict) else list(entry)
    if toml_loads()(block) != {table: entries}:
        raise BlockMismatch(block)


def toml_loads() -> Callable[[str], dict[str, Any]]:
    """The TOML reader plans are read with (``plan.toml_reader``)."""
    from offshore_cli.plan import toml_reader

    return toml_reader()[0]


def takes_appends(text: str, table: str = "results") -> bool:
    """Whether a ``[[results]]`` (or ``[[table]]``) block appended to this valid TOML
    text extends that array (step 1 above).

    Decided from the text's table headers where they settle it (see
    ``_by_headers``); otherwise the whole text is parsed with a probe block
    appended, which settles it at the cost of a full parse."""
    verdict = _by_headers(text, table)
    return verdict if verdict is not None else _by_probe(text, table)


def _by_headers(text: str, table: str = "results") -> bool | None:
    """``False`` when the part before the first header defines ``results``;
    ``True`` when no header other than ``[[results]]`` itself can make
    ``results`` something other than an array of tables; ``None`` when the
    headers do not settle it.

    A top-level key can only be written before the first table header (as
    ``results = [...]`` or ``results.x = 1``): parsing that opening part alone
    settles it, unless it does not parse alone (a header-like line inside a
    multi-line string), and then nothing is settled. Every table header starts
    a line; the only header whose first key is ``results`` that keeps it an
    array of tables is ``[[results]]``, so any other (``[results]``,
    ``[results.x]``, a quoted first key) leaves the question open. Header-like
    lines inside strings can only leave it open too: the answer errs towards
    the full parse, never towards a wrong ``True``."""
    first = _FIRST_HEADER.search(text)
    opening = text if first is None else text[: first.start()]
    try:
        if table in toml_loads()(opening):
            return False
    except Exception:  # not a complete document on its own
        return None
    first_line, later_line = _unsettling_patterns(table)
    unsettled = first_line.match(text) or later_line.search(text)
    return True if unsettled is None else None


def _by_probe(text: str, table: str = "results") -> bool:
    loads = toml_loads()
    try:
        data = loads(text)
        results = data.get(table)
        if results is not None and not isinstance(results, list):
            return False
        probed = loads(appended_bytes(text.encode("utf-8"), PROBE.block_of(table))
                       .decode("utf-8"))
    except Exception:  # any parse failure means "no": the caller refuses to append
        return False
    return bool(probed == {**data, table: [*(results or []), PROBE.entry]})
