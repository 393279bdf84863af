"""Find the line of a place in a plan's TOML text, for error and warning messages.

``LineLocator`` scans the text once and records the first line of every table
header, every ``key = value`` line and every prefix of their dotted paths, so
that ``line_of(("indicator", "typo"))`` finds ``[indicator.typo]`` and
``line_of(("indicator",))`` finds it too. The scan uses string methods only (no
regular expression that could backtrack), and looks at no more than
``MAX_LINE_EXAMINED`` characters of a line: its time grows with the size of the
text and nothing else. A place it cannot find falls back to the nearest
enclosing place that it found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from offshore_cli.errors import Problem

# Only the start of a line can hold a header or a key; a key longer than this is
# located by its table. Documented in docs/plan-format.md.
MAX_LINE_EXAMINED = 4096
_BLANK = " \t\r"

Path = tuple[int | str, ...]


class LineLocator:
    """Finds the line of a dotted place in TOML text by scanning headers and keys.

    It understands tables, arrays of tables, dotted and quoted keys and
    ``key = value`` lines; for anything cleverer it falls back to the nearest
    enclosing place. A line inside a multi-line string that looks like a key may
    be taken for one: it can only give a wrong line for a place that has none.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._scan(text.split("\n"))  # TOML counts lines by "\n" alone

    def _record(self, path: Path, start: int, number: int) -> None:
        # The place itself and each enclosing place from ``start`` on.
        for end in range(start, len(path) + 1):
            self._lines.setdefault(path[:end], number)

    def _scan(self, lines: Sequence[str]) -> None:
        header: Path | None = ()  # None: in a table whose header was too long to read
        array_counts: dict[Path, int] = {}
        for number, line in enumerate(lines, start=1):
            head = line[:MAX_LINE_EXAMINED].lstrip(_BLANK)
            if not head or head[0] == "#":
                continue
            if head[0] == "[":
                found = _header(head)
                if found is not None:
                    is_array, parts = found
                    header = _resolve(parts, is_array, array_counts)
                    self._record(header, 1, number)
                elif len(line) > MAX_LINE_EXAMINED:
                    # Perhaps a header cut short: the keys that follow may not be
                    # the previous table's, so they are not recorded as such.
                    header = None
                continue
            if header is None:
                continue
            key = _key_before_equals(head)
            if key is not None and len(key) == 1:
                self._lines.setdefault((*header, key[0]), number)
            elif key is not None:
                self._record((*header, *key), len(header) + 1, number)

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """The line of ``loc`` or of its nearest enclosing place that was found."""
        path = tuple(loc)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None


class LazyLocator:
    """A ``LineLocator`` built on the first question: a valid plan never pays the scan."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._locator: LineLocator | None = None

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        if self._locator is None:
            self._locator = LineLocator(self._text)
        return self._locator.line_of(loc)


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems by line, those about the whole file (no line) first; problems on
    the same line keep their order."""
    return sorted(problems, key=lambda problem: problem.line or 0)


def _resolve(parts: tuple[str, ...], is_array: bool, array_counts: dict[Path, int]) -> Path:
    """A header's path with the index of each array of tables it goes through:
    ``[[pillars.axes]]`` after two ``[[pillars]]`` is ``("pillars", 1, "axes", n)``."""
    resolved: Path = ()
    last = len(parts) - 1
    for position, part in enumerate(parts):
        resolved = (*resolved, part)
        if resolved in array_counts and (position < last or not is_array):
            resolved = (*resolved, array_counts[resolved] - 1)
    if is_array:
        index = array_counts.get(resolved, 0)
        array_counts[resolved] = index + 1
        resolved = (*resolved, index)
    return resolved


def _header(head: str) -> tuple[bool, tuple[str, ...]] | None:
    """``(is an array of tables, the dotted path)`` of a ``[a.b]`` or ``[[a.b]]``
    line, or ``None`` when the line is not a header (``[1, 2],`` in an array)."""
    is_array = head.startswith("[[")
    close = "]]" if is_array else "]"
    body = head[2:] if is_array else head[1:]
    if '"' in body or "'" in body:
        read = _quoted_key(body, close[0])
        if read is None:
            return None
        parts, rest = read
        if is_array:
            if not rest.startswith("]"):
                return None
            rest = rest[1:]
    else:
        name, found, rest = body.partition(close)
        if not found:
            return None
        bare = _bare_key(name)
        if bare is None:
            return None
        parts = bare
    rest = rest.strip(_BLANK)
    if rest and rest[0] != "#":
        return None
    return is_array, parts


def _key_before_equals(head: str) -> tuple[str, ...] | None:
    """The dotted key of a ``key = value`` line, or ``None``."""
    name, found, _ = head.partition("=")
    if not found:
        return None
    if '"' in name or "'" in name:
        read = _quoted_key(head, "=")
        return read[0] if read is not None else None
    return _bare_key(name)


def _bare_key(text: str) -> tuple[str, ...] | None:
    """The parts of a dotted key of bare words (``a . b``), or ``None``."""
    if "." not in text:  # the usual key, read without building a list
        part = text.strip(_BLANK)
        return (part,) if _is_bare(part) else None
    parts = tuple(part.strip(_BLANK) for part in text.split("."))
    return parts if all(_is_bare(part) for part in parts) else None


def _is_bare(part: str) -> bool:
    # TOML's bare keys: ASCII letters, digits, "_" and "-".
    if part.isalnum() and part.isascii():
        return True
    rest = part.replace("_", "").replace("-", "")
    return part != "" and part.isascii() and (rest == "" or rest.isalnum())


def _quoted_key(text: str, stop: str) -> tuple[tuple[str, ...], str] | None:
    """Read a dotted key with quoted parts (``a."b.c".'d'``) up to ``stop``
    outside quotes: ``(its parts, the text after stop)``, or ``None``.

    Each step moves forward with ``str.find`` and no position is searched from
    twice for the same character, so the time is linear in the length of ``text``."""
    parts: list[str] = []
    size = len(text)
    upcoming = _Upcoming(text, (".", stop, '"', "'"))
    pos = _skip_blank(text, 0)
    while True:
        if pos < size and text[pos] in "\"'":
            end = _string_end(text, pos)
            if end < 0:
                return None
            parts.append(_unquote(text[pos:end + 1]))
            pos = end + 1
        else:
            end = upcoming.first(pos)
            part = text[pos:end].strip(_BLANK)
            if not _is_bare(part):
                return None
            parts.append(part)
            pos = end
        pos = _skip_blank(text, pos)
        if pos < size and text[pos] == ".":
            pos = _skip_blank(text, pos + 1)
            continue
        if pos < size and text[pos] == stop:
            return tuple(parts), text[pos + 1:]
        return None


class _Upcoming:
    """The next position of any of a few characters, each found once by ``str.find``."""

    def __init__(self, text: str, characters: Sequence[str]) -> None:
        self._text = text
        self._at = {char: text.find(char) for char in characters}

    def first(self, pos: int) -> int:
        nearest = len(self._text)
        for char, at in self._at.items():
            if 0 <= at < pos:
                at = self._text.find(char, pos)
                self._at[char] = at
            if 0 <= at < nearest:
                nearest = at
        return nearest


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _BLANK:
        pos += 1
    return pos


def _string_end(text: str, start: int) -> int:
    """The index of the quote closing the string opened at ``start``, or -1."""
    quote = text[start]
    if quote == "'":  # a literal string has no escapes
        return text.find("'", start + 1)
    pos = start + 1
    closing = text.find('"', pos)
    while closing >= 0:
        slash = text.find("\\", pos, closing)
        if slash < 0:
            return closing
        pos = slash + 2  # skip the escaped character
        if closing < pos:
            closing = text.find('"', pos)
    return -1


def _unquote(quoted: str) -> str:
    """A quoted key's text as TOML reads it (escapes such as ``\\u001b`` decoded)."""
    inner = quoted[1:-1]
    if quoted[0] == "'" or "\\" not in inner:
        return inner
    import tomli  # only for a key with escapes, which is rare

    try:
        decoded = tomli.loads(f"{quoted} = 0")
    except tomli.TOMLDecodeError:
        return inner
    return next(iter(decoded), inner)
