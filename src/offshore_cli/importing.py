"""Deciding what a sheet of figures adds to a plan, for ``offshore import``.

Pure: given the plan, its series and the rows of a sheet (``sheets.py``), return
the ``[[results]]`` entries to append, the rows skipped (already in the plan,
or repeated in the sheet) and every problem, one per bad cell, each naming its
sheet, row and column. The command appends the entries in one write only when
there is no problem at all (``store.append_results``).

Two layouts:

- **long**: one figure per row, columns ``indicator``, ``date``, ``value`` and
  optionally ``source``, ``note``, ``ecosystem`` (in English or French, without
  regard to case and accents; ``--column FIELD=HEADER`` names any other header).
  Two headers that name the same field are refused, never one of them chosen;
- **wide**: the first column holds the dates (or years), every other column an
  indicator, by id or by label, ``ID/ECOSYSTEM`` for an ecosystem's figures. A
  row of dates with no figure (next years, left empty) is passed over.

An indicator is named by its id or by its label in any language the plan gives
it (``[indicators.ID.fr]``); a label two indicators share names neither. The
header row is the first row with two cells or more; rows above it (a title,
merged across the columns) are passed over, and so are blank rows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from offshore_cli.errors import NumberError, Problem, quoted, shown
from offshore_cli.figures import is_money, is_percent
from offshore_cli.i18n import N_, _
from offshore_cli.numbers import parse_number
from offshore_cli.progress import IndicatorProgress, evaluate
from offshore_cli.recording import toml_number
from offshore_cli.rules import known_id, number_problem, text_problem, year_problem
from offshore_cli.series import SeriesMap, value_on
from offshore_cli.sheets import Cell, Row, Sheet, day_of
from offshore_cli.spec import Plan, window

# The headers each field is known by, folded (``folded``): English and French.
HEADERS: dict[str, frozenset[str]] = {
    "indicator": frozenset({"indicator", "indicateur", "id"}),
    "date": frozenset({"date", "year", "annee", "jour", "day"}),
    "value": frozenset({"value", "valeur", "figure", "chiffre"}),
    "source": frozenset({"source"}),
    "note": frozenset({"note", "notes", "comment", "commentaire"}),
    "ecosystem": frozenset({"ecosystem", "ecosysteme"}),
}
REQUIRED = ("indicator", "date", "value")
# A field as a problem names it: "columns 'year' and 'date' both name the date".
FIELD_NAMES = {"indicator": N_("the indicator"), "date": N_("the date"),
               "value": N_("the value"), "source": N_("the source"), "note": N_("the note"),
               "ecosystem": N_("the ecosystem")}
_YEAR = re.compile(r"[0-9]{4}")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})")
DATE_HINT = N_("write YYYY-MM-DD, DD/MM/YYYY (day first) or a year")


def folded(text: str) -> str:
    """A header or a name as compared: without accents, case and extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().replace("_", " ").split())


class Options(NamedTuple):
    """What the command line says about the sheet and the figures."""

    today: dt.date
    recorded: dt.datetime
    layout: str | None = None
    columns: Mapping[str, str] = {}
    locale: str | None = None
    source: str | None = None
    ecosystem: str | None = None
    revise: bool = False


class Planned(NamedTuple):
    """A figure of the sheet and what becomes of it: ``add`` (a new figure),
    ``revise`` (a new value for a date that has one: ``replaced``), ``skip``
    (already in the plan, or repeated in the sheet)."""

    row: int
    indicator: str
    ecosystem: str | None
    day: dt.date
    value: float
    outcome: str
    replaced: float | None = None


class Outcome(NamedTuple):
    """What the sheet adds: the entries to append in sheet order, every figure's
    fate, the problems (the import is refused if there is one), the layout read
    and the headers of its columns, and notes on how it was read."""

    layout: str
    headers: tuple[str, ...]
    entries: list[dict[str, Any]]
    planned: list[Planned]
    problems: list[Problem]
    notes: tuple[str, ...]
    locale: str


class _Reader:
    """The state of one pass over a sheet: the plan, the options, where to
    report, the figures seen so far."""

    def __init__(self, plan: Plan, series: SeriesMap, sheet: Sheet, source: str,
                 options: Options) -> None:
        self.plan = plan
        self.series = series
        self.sheet = sheet
        self.file = source
        self.options = options
        self.locale = options.locale or (
            "fr" if sheet.delimiter == ";" else plan.plan.locale or "en")
        self.problems: list[Problem] = []
        self.planned: list[Planned] = []
        self.entries: list[dict[str, Any]] = []
        self.seen: dict[tuple[str, str | None, dt.date], tuple[int, float]] = {}
        self.labels: dict[str, list[str]] = {}
        for ident, indicator in plan.indicators.items():
            # The label as written and in every language the plan gives it: a sheet
            # is written in whichever language its author works in.
            said = {folded(indicator.label)} | {
                folded(text["label"]) for text in indicator.translations.values()
                if "label" in text}
            for name in sorted(said):
                self.labels.setdefault(name, []).append(ident)
        self.ecosystem_names: dict[str, list[str]] = {}
        for ident, name in plan.ecosystems.items():
            self.ecosystem_names.setdefault(folded(name), []).append(ident)
        default = options.source or self.default_source()
        self.default = default

    def default_source(self) -> str:
        name = self.file.rsplit("/", 1)[-1]
        return f"{name} [{self.sheet.name}]" if self.sheet.name is not None else name

    # ----------------------------------------------------------------- reporting

    def place(self, row: int, column: str | None = None) -> str:
        sheet = self.sheet.name
        if sheet is not None and column is not None:
            return _("sheet {sheet}, row {row}, column {column}").format(
                sheet=quoted(sheet), row=row, column=quoted(column))
        if sheet is not None:
            return _("sheet {sheet}, row {row}").format(sheet=quoted(sheet), row=row)
        if column is not None:
            return _("row {row}, column {column}").format(row=row, column=quoted(column))
        return _("row {row}").format(row=row)

    def refuse(self, row: int, column: str | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, self.place(row, column), message, hint))

    # ----------------------------------------------------------------- cells

    def indicator_of(self, name: str) -> str | None:
        ident = known_id(name, self.plan.indicators)
        if ident is not None:
            return ident
        by_label = self.labels.get(folded(name), [])
        return by_label[0] if len(by_label) == 1 else None

    def ecosystem_of(self, name: str) -> str | None:
        ident = known_id(name, self.plan.ecosystems)
        if ident is not None:
            return ident
        by_name = self.ecosystem_names.get(folded(name), [])
        return by_name[0] if len(by_name) == 1 else None

    def unknown_indicator(self, row: int, column: str | None, name: str) -> None:
        from offshore_cli.errors import closest

        shared = self.labels.get(folded(name), [])
        if len(shared) > 1:
            self.refuse(row, column, _("the label {name} names more than one indicator "
                                       "({ids})").format(
                name=quoted(name), ids=", ".join(quoted(ident) for ident in shared)),
                _("give the indicator's id"))
            return
        self.refuse(row, column, _("unknown indicator {name}").format(name=quoted(name)),
                    closest(name, list(self.plan.indicators)))

    def unknown_ecosystem(self, row: int, column: str | None, name: str) -> None:
        from offshore_cli.errors import closest

        self.refuse(row, column, _("unknown ecosystem {name}").format(name=quoted(name)),
                    closest(name, list(self.plan.ecosystems)))

    def day(self, row: int, column: str, cell: Cell) -> dt.date | None:
        """The date a cell gives, if it is not in the future: see ``written_day``."""
        day = self.written_day(row, column, cell)
        if day is not None and day > self.options.today:
            self.refuse(row, column, _("{day} is in the future (today is {today})")
                        .format(day=day, today=self.options.today),
                        _("record a figure once it is known"))
            return None
        return day

    def written_day(self, row: int, column: str, cell: Cell) -> dt.date | None:
        """The date a cell gives: a date cell, a year (a number or text: the 31st
        of December, as milestones read a year), ISO text or day-first text."""
        found = day_of(cell)
        if found is not None:
            return self.in_range(row, column, found)
        if isinstance(cell, float | int) and not isinstance(cell, bool):
            if float(cell).is_integer() and 1000 <= cell <= 9999:
                return self.year_end(row, column, int(cell))
        elif isinstance(cell, str):
            text = cell.strip()
            if _YEAR.fullmatch(text):
                return self.year_end(row, column, int(text))
            iso, first = _ISO.fullmatch(text), _DAY_FIRST.fullmatch(text)
            parts = (iso.group(1, 2, 3) if iso else
                     first.group(3, 2, 1) if first else None)
            if parts is not None:
                year, month, day = map(int, parts)
                problem = year_problem(year, text)
                if problem:
                    self.refuse(row, column, problem, _(DATE_HINT))
                    return None
                try:
                    return dt.date(year, month, day)
                except ValueError:
                    self.refuse(row, column, _("{text} is not a day of the calendar").format(
                        text=quoted(text)), _(DATE_HINT))
                    return None
        self.refuse(row, column, _("{text} is not a date").format(text=quoted(str(cell))),
                    _(DATE_HINT))
        return None

    def year_end(self, row: int, column: str, year: int) -> dt.date | None:
        problem = year_problem(year, str(year))
        if problem:
            self.refuse(row, column, problem, _(DATE_HINT))
            return None
        return dt.date(year, 12, 31)

    def in_range(self, row: int, column: str, day: dt.date) -> dt.date | None:
        problem = year_problem(day.year, day.isoformat())
        if problem:
            self.refuse(row, column, problem, _(DATE_HINT))
            return None
        return day

    def value(self, row: int, column: str, cell: Cell, ident: str) -> float | None:
        """The figure a cell gives: a number cell as it is, text as ``add-result``
        reads it (the locale's marks, scale and money words)."""
        indicator = self.plan.indicators[ident]
        if isinstance(cell, bool):
            self.refuse(row, column, _("{text} is not a number").format(text=str(cell)))
            return None
        if isinstance(cell, float | int):
            value = float(cell)
        elif isinstance(cell, str):
            money = is_money(indicator.unit, self.plan.plan.currency)
            try:
                value = parse_number(cell, self.locale, money=money,
                                     currency=indicator.unit if money else
                                     self.plan.plan.currency,
                                     percent=is_percent(indicator.unit))
            except NumberError as exc:
                refusal = exc.problems[0]
                self.refuse(row, column, _("{text}: {problem}").format(
                    text=quoted(cell), problem=refusal.message), refusal.hint)
                return None
        else:
            self.refuse(row, column, _("{text} is not a number").format(
                text=quoted(str(cell))))
            return None
        problem = number_problem(value)
        if problem:
            self.refuse(row, column, problem)
            return None
        return value

    def text(self, row: int, column: str, cell: Cell) -> str | None:
        if cell is None:
            return None
        text = cell if isinstance(cell, str) else str(cell)
        text = text.strip()
        if not text:
            return None
        problem = text_problem(text)
        if problem:
            self.refuse(row, column, problem, _("give plain printable text"))
            return None
        return text

    # ----------------------------------------------------------------- figures

    def figure(self, row: int, column: str, date_column: str, ident: str,
               ecosystem: str | None, day: dt.date, value: float, source: str | None,
               note: str | None) -> None:
        """Check one figure against the plan and the sheet so far, and plan its fate."""
        start = window(self.plan.plan, self.plan.indicators[ident])[0]
        if day < start:
            self.refuse(row, date_column, _("{day} is before {indicator}'s start {start}")
                        .format(day=day, indicator=ident, start=start),
                        _("give a date from {start} on").format(start=start))
            return
        key = (ident, ecosystem, day)
        earlier = self.seen.get(key)
        if earlier is not None:
            if earlier[1] == value:
                self.planned.append(Planned(row, ident, ecosystem, day, value, "skip"))
                return
            self.refuse(row, column, _("another value for {indicator} on {day} than row {row}")
                        .format(indicator=self.named(ident, ecosystem), day=day, row=earlier[0]),
                        _("keep one row per indicator and date"))
            return
        self.seen[key] = (row, value)
        existing = value_on(self.series, ident, ecosystem, day)
        if existing is not None and existing == value:
            self.planned.append(Planned(row, ident, ecosystem, day, value, "skip"))
            return
        if existing is not None and not self.options.revise:
            self.refuse(row, column, _("{indicator} on {day} already has another figure in "
                                       "the plan ({value})").format(
                indicator=self.named(ident, ecosystem), day=day,
                value=_number(existing)),
                _("add --revise to record the sheet's figure as a revision; the original "
                  "stays in the file"))
            return
        entry: dict[str, Any] = {"indicator": ident, "date": day, "value": toml_number(value)}
        if ecosystem is not None:
            entry["ecosystem"] = ecosystem
        entry["source"] = source or self.default
        if note:
            entry["note"] = note
        entry["recorded"] = self.options.recorded
        self.entries.append(entry)
        self.planned.append(Planned(row, ident, ecosystem, day, value,
                                    "add" if existing is None else "revise", existing))

    @staticmethod
    def named(ident: str, ecosystem: str | None) -> str:
        return f"{ident}/{ecosystem}" if ecosystem else ident


def _number(value: float) -> str:
    return repr(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def header_row(sheet: Sheet) -> Row | None:
    """The first row with two cells or more (a title above it is passed over)."""
    for row in sheet.rows:
        if sum(1 for cell in row.cells if _header_text(cell)) >= 2:
            return row
    return None


class Matched(NamedTuple):
    """Each field's column, and the fields that more than one header names (their
    columns, in sheet order), which the long layout refuses to choose between."""

    fields: dict[str, int]
    doubled: dict[str, tuple[int, ...]]


def matched_fields(headers: Sequence[str], columns: Mapping[str, str]) -> Matched:
    """Each field's column: named by ``--column`` (FIELD=HEADER), else known by
    one of its English or French headers (the first such column, in sheet order)."""
    found: dict[str, int] = {}
    by_header = {folded(text): at for at, text in reversed(list(enumerate(headers))) if text}
    for field, header in columns.items():
        at = by_header.get(folded(header))
        if at is not None:
            found[field] = at
    doubled: dict[str, tuple[int, ...]] = {}
    for field, words in HEADERS.items():
        if field in found:
            continue
        taken = set(found.values())
        candidates = tuple(at for at, text in enumerate(headers)
                           if text and at not in taken and folded(text) in words)
        if candidates:
            found[field] = candidates[0]
        if len(candidates) > 1:
            doubled[field] = candidates
    return Matched(found, doubled)


def _reads_long(matched: Matched) -> bool:
    return "indicator" in matched.fields and "value" in matched.fields


def holds_figures(sheet: Sheet, options: Options) -> bool:
    """Whether ``sheet`` reads as a sheet of figures in the layout ``options`` give
    (else either): a header row of the long layout (an indicator and a value
    column), or the wide layout's dates down the first column below its header
    row. ``import`` without ``--sheet`` reads the first visible sheet that does."""
    head = header_row(sheet)
    if head is None:
        return False
    headers = [_header_text(cell) for cell in head.cells]
    if options.layout != "wide" and _reads_long(matched_fields(headers, options.columns)):
        return True
    return options.layout != "long" and any(
        _looks_like_day(_cell(row, 0)) for row in sheet.rows if row.number > head.number)


def _looks_like_day(cell: Cell) -> bool:
    """Whether a cell is written as ``written_day`` reads a date (a calendar day
    or not): a date cell, a year, ISO or day-first text."""
    if day_of(cell) is not None:
        return True
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        return float(cell).is_integer() and 1000 <= cell <= 9999
    if isinstance(cell, str):
        text = cell.strip()
        return any(pattern.fullmatch(text) for pattern in (_YEAR, _ISO, _DAY_FIRST))
    return False


def read_figures(plan: Plan, series: SeriesMap, sheet: Sheet, source: str,
                 options: Options) -> Outcome:
    """What ``sheet`` of the file ``source`` adds to the plan (module docstring)."""
    reader = _Reader(plan, series, sheet, source, options)
    notes = list(sheet.notes)
    if options.locale is None and sheet.delimiter == ";":
        notes.append(_("numbers in text are read as French ones (1 234,5): the file is "
                       "separated by semicolons, as French Excel writes it; --locale en "
                       "says otherwise"))
    head = header_row(sheet)
    if head is None:
        reader.refuse(1, None, _("no header row (a row with two cells or more)"),
                      _("put the column names on the first row"))
        return Outcome(options.layout or "long", (), [], [], reader.problems, tuple(notes),
                       reader.locale)
    headers = tuple(_header_text(cell) for cell in head.cells)
    matched = matched_fields(headers, options.columns)
    fields = matched.fields
    for field, header in options.columns.items():
        if field not in fields:
            reader.refuse(head.number, None, _("--column {field}: no column {header}").format(
                field=field, header=quoted(header)),
                _("its headers: {headers}").format(
                    headers=", ".join(quoted(text) for text in headers if text)))
    layout = options.layout or ("long" if _reads_long(matched) else "wide")
    if options.ecosystem is not None and layout == "long":
        reader.refuse(head.number, None, _("--ecosystem: for the wide layout only"),
                      _("in the long layout, give an ecosystem column"))
    rows = [row for row in sheet.rows if row.number > head.number
            and any(cell is not None for cell in row.cells)]
    if layout == "long":
        _read_long(reader, head, headers, matched, rows)
    else:
        _read_wide(reader, head, headers, rows)
    return Outcome(layout, headers, reader.entries if not reader.problems else [],
                   reader.planned, reader.problems, tuple(notes), reader.locale)


def _cell(row: Row, at: int | None) -> Cell:
    if at is None or at >= len(row.cells):
        return None
    return row.cells[at]


def _read_long(reader: _Reader, head: Row, headers: Sequence[str], matched: Matched,
               rows: Sequence[Row]) -> None:
    fields = matched.fields
    missing = [field for field in REQUIRED if field not in fields]
    for field in missing:
        reader.refuse(head.number, None, _("no column {field}").format(field=quoted(field)),
                      _("name a column {field} (or {french}), or map one with --column "
                        "{field}=HEADER").format(field=field, french=_FRENCH[field]))
    for field, columns in matched.doubled.items():
        # Which of them is meant is the author's to say: taking one would put a
        # year where a day was meant, or an id column's text where a label was.
        named = [quoted(headers[at]) for at in columns]
        if len(named) == 2:
            message = _("columns {first} and {second} both name {field}").format(
                first=named[0], second=named[1], field=_(FIELD_NAMES[field]))
        else:
            message = _("columns {columns} all name {field}").format(
                columns=", ".join(named), field=_(FIELD_NAMES[field]))
        reader.refuse(head.number, None, message,
                      _("keep one, or map it with --column {field}=HEADER").format(field=field))
    if missing or matched.doubled:
        return
    name = {field: headers[at] or field for field, at in fields.items()}
    for row in rows:
        number = row.number
        indicator_text = reader.text(number, name["indicator"], _cell(row, fields["indicator"]))
        ident = None
        if indicator_text is None:
            reader.refuse(number, name["indicator"], _("no indicator"),
                          _("give an indicator's id or label"))
        else:
            ident = reader.indicator_of(indicator_text)
            if ident is None:
                reader.unknown_indicator(number, name["indicator"], indicator_text)
        ecosystem = None
        if "ecosystem" in fields:
            typed = reader.text(number, name["ecosystem"], _cell(row, fields["ecosystem"]))
            if typed is not None:
                ecosystem = reader.ecosystem_of(typed)
                if ecosystem is None:
                    reader.unknown_ecosystem(number, name["ecosystem"], typed)
                    ident = None
        date_cell = _cell(row, fields["date"])
        day = None
        if date_cell is None:
            reader.refuse(number, name["date"], _("no date"), _(DATE_HINT))
        else:
            day = reader.day(number, name["date"], date_cell)
        value_cell = _cell(row, fields["value"])
        value = None
        if value_cell is None:
            reader.refuse(number, name["value"], _("no value"),
                          _("give the figure, or delete the row"))
        elif ident is not None:
            value = reader.value(number, name["value"], value_cell, ident)
        source = reader.text(number, name.get("source", "source"), _cell(row, fields.get(
            "source")))
        note = reader.text(number, name.get("note", "note"), _cell(row, fields.get("note")))
        if ident is not None and day is not None and value is not None:
            reader.figure(number, name["value"], name["date"], ident, ecosystem, day, value,
                          source, note)


_FRENCH = {"indicator": "indicateur", "date": "date", "value": "valeur"}


def _read_wide(reader: _Reader, head: Row, headers: Sequence[str],
               rows: Sequence[Row]) -> None:
    ecosystem = None
    if reader.options.ecosystem is not None:
        ecosystem = reader.ecosystem_of(reader.options.ecosystem)
        if ecosystem is None:
            reader.unknown_ecosystem(head.number, None, reader.options.ecosystem)
            return
    date_column = headers[0] if headers and headers[0] else "A"
    columns: dict[int, tuple[str, str | None]] = {}
    for at, header in enumerate(headers):
        if at == 0 or not header:
            continue
        name, _slash, eco_text = header.partition("/")
        ident = reader.indicator_of(name.strip()) if name.strip() else None
        if ident is None:
            ident = reader.indicator_of(header)  # a label may hold a slash
            eco_text = ""
        if ident is None:
            reader.unknown_indicator(head.number, header, name.strip() or header)
            continue
        column_ecosystem = ecosystem
        if eco_text.strip():
            column_ecosystem = reader.ecosystem_of(eco_text.strip())
            if column_ecosystem is None:
                reader.unknown_ecosystem(head.number, header, eco_text.strip())
                continue
        columns[at] = (ident, column_ecosystem)
    for at in range(1, max((len(row.cells) for row in rows), default=0)):
        if (at >= len(headers) or not headers[at]) and any(
                _cell(row, at) is not None for row in rows):
            letter = _letter(at)
            first = next(row.number for row in rows if _cell(row, at) is not None)
            reader.refuse(first, letter, _("a figure in a column without a header"),
                          _("give the column an indicator's id or label as its header"))
    for row in rows:
        filled = [(at, cell) for at, cell in enumerate(row.cells)
                  if at in columns and cell is not None]
        if not filled:
            continue  # a date with no figure yet (next years, left empty): nothing to check
        date_cell = _cell(row, 0)
        if date_cell is None:
            reader.refuse(row.number, date_column, _("no date"), _(DATE_HINT))
            continue
        day = reader.day(row.number, date_column, date_cell)
        for at, cell in filled:
            ident, column_ecosystem = columns[at]
            value = reader.value(row.number, headers[at], cell, ident)
            if day is not None and value is not None:
                reader.figure(row.number, headers[at], date_column, ident, column_ecosystem,
                              day, value, None, None)


def _letter(at: int) -> str:
    """A column's letter as a spreadsheet names it: 0 is A, 26 is AA."""
    letters = ""
    at += 1
    while at:
        at, rest = divmod(at - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def parse_columns(pairs: Sequence[str]) -> dict[str, str]:
    """``--column FIELD=HEADER`` options as a mapping; ``ValueError`` naming the
    bad one."""
    found: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        known = next((name for name, words in HEADERS.items()
                      if folded(field) == name or folded(field) in words), None)
        if not sep or not header.strip() or known is None:
            raise ValueError(shown(pair))
        found[known] = header.strip()
    return found


def standings(plan: Plan, series: SeriesMap, today: dt.date, planned: Sequence[Planned]
              ) -> dict[str, IndicatorProgress]:
    """Where each indicator the sheet touched stands once its figures are in: as
    of today, or of the sheet's latest date when a clock makes that later."""
    touched = {item.indicator for item in planned}
    if not touched:
        return {}
    day = max([today, *(item.day for item in planned)])
    report = evaluate(plan, day, None, series)
    return {item.id: item for item in report.indicators if item.id in touched}
