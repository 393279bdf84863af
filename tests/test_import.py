"""``offshore import`` and ``--format xlsx``: the tests make their own workbooks
(openpyxl) and CSV files, French Excel's included."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine

from .conftest import SEED, Run


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plan.toml"
    shutil.copy(SEED, target)
    return target


def workbook(path: Path, rows: Sequence[Sequence[Any]], title: str = "Feuil1",
             edit: Callable[[Any], None] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    if edit is not None:
        edit(sheet)
    book.save(path)
    return path


def results(plan: Path) -> list[dict[str, Any]]:
    return list(tomllib.loads(plan.read_text(encoding="utf-8")).get("results", []))


SEED_COUNT = 4

YEARLY = [["Année", "New direct jobs", "exports", "investment"],
          [2015, 30000, "6 MMDH", 400e6],
          [2016, 40000, 7.5e9, "500 MDH"],
          [2017, 52000, 8.6e9, 0.7e9]]


def test_a_sheet_of_yearly_figures_in_one_command(run: Callable[..., Run], plan: Path,
                                                  tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "yearly.xlsx", YEARLY)
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 0, done.err
    assert "wide layout" in done.out
    assert re.search(r"^exports\s+3\s+0\s+0\s+55\.6%", done.out, re.MULTILINE), done.out
    assert "Added 9 figures, skipped 0 already in the plan" in done.out
    new = results(plan)[SEED_COUNT:]
    assert [(r["indicator"], r["date"], r["value"]) for r in new[:3]] == [
        ("jobs", dt.date(2015, 12, 31), 30000), ("exports", dt.date(2015, 12, 31), 6_000_000_000),
        ("investment", dt.date(2015, 12, 31), 400_000_000)]
    assert {r["source"] for r in new} == {"yearly.xlsx [Feuil1]"}
    assert all(isinstance(r["recorded"], dt.datetime) for r in new)
    assert run("validate", "--plan", str(plan)).code == 0
    # The same sheet again: every row is already there.
    before = plan.read_bytes()
    again = run("import", str(sheet), "--plan", str(plan))
    assert again.code == 0
    assert "Added 0 figures, skipped 9 already in the plan; the plan was not changed" in again.out
    assert plan.read_bytes() == before


def test_every_mistake_is_listed_and_the_plan_is_untouched(run: Callable[..., Run], plan: Path,
                                                           tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "bad.xlsx", [
        ["indicateur", "date", "valeur", "note"],
        ["jobs", "2016-12-31", "40 000", None],
        ["jobz", "2016-12-31", 1, None],
        ["exports", "31/02/2017", "1.5 MMDH", None],
        ["exports", "2030-01-01", 1, None],
        ["investment", "2017-12-31", "lots", None],
        ["investment", "2013-12-31", 5, None],
        ["jobs", "2018-12-31", 70000, None],
        ["jobs", None, 1, "x" * 10_000],
        [None, "2017-12-31", None, None],
    ])
    before = plan.read_bytes()
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 2
    assert plan.read_bytes() == before
    errors = [line for line in done.err.splitlines() if line.startswith("offshore: error:")]
    prefix = "offshore: error: " + str(sheet) + ": sheet 'Feuil1', row "
    assert errors[0] == (prefix + "3, column 'indicateur': unknown indicator 'jobz' "
                         "(did you mean 'jobs'?)")
    assert errors[1].startswith(prefix + "4, column 'date': '31/02/2017' is not a day")
    assert errors[2].startswith(prefix + "5, column 'date': 2030-01-01 is in the future")
    assert errors[3].startswith(prefix + "6, column 'valeur': 'lots': ")
    assert errors[4].startswith(prefix + "7, column 'date': 2013-12-31 is before")
    assert errors[5].startswith(prefix + "8, column 'valeur': jobs on 2018-12-31 already "
                                "has another figure in the plan (69900)")
    assert errors[6].startswith(prefix + "9, column 'date': no date")
    assert errors[7].startswith(prefix + "9, column 'note': is 10000 characters long")
    assert errors[8].startswith(prefix + "10, column 'indicateur': no indicator")
    assert errors[9].startswith(prefix + "10, column 'valeur': no value")
    assert len(errors) == 10
    assert done.err.rstrip().endswith("nothing imported: 10 problems; the plan was not changed")


def test_long_layout_french_headers_dates_ecosystems(run: Callable[..., Run], tmp_path: Path
                                                     ) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_WITH_ECOSYSTEMS, encoding="utf-8")
    sheet = workbook(tmp_path / "long.xlsx", [
        ["Indicateur", "DATE", "Valeur", "Écosystème", "Source", "Note"],
        ["Investissement", dt.date(2016, 6, 30), "1,5 MMDH", None, "Rapport", "semestre"],
        ["investment", "31/12/2016", "500 MDH", "crm", None, None],
        ["INVESTMENT", dt.datetime(2017, 3, 31, 0, 0), 2.5e9, None, None, None],
    ])
    done = run("--lang", "en", "import", str(sheet), "--plan", str(plan))
    assert done.code == 0, done.err
    assert "long layout" in done.out
    got = results(plan)
    assert [(r["date"], r["value"], r.get("ecosystem"), r["source"]) for r in got] == [
        (dt.date(2016, 6, 30), 1_500_000_000, None, "Rapport"),
        (dt.date(2016, 12, 31), 500_000_000, "CRM", "long.xlsx [Feuil1]"),
        (dt.date(2017, 3, 31), 2_500_000_000, None, "long.xlsx [Feuil1]")]
    assert got[0]["note"] == "semestre"


PLAN_WITH_ECOSYSTEMS = """\
# Comments stay.
[plan]
title = "Test"
start = 2014-01-01
deadline = 2020-12-31
currency = "MAD"
locale = "fr"

[ecosystems]
CRM = "Customer relationship"

[indicators.investment]
label = "Investissement"
unit = "MAD"
target = 3_000_000_000
"""


def french_csv(rows: Sequence[str], encoding: str) -> bytes:
    return "\r\n".join(rows).encode(encoding) + b"\r\n"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_french_excel_csv(run: Callable[..., Run], tmp_path: Path, encoding: str) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_WITH_ECOSYSTEMS.replace('locale = "fr"', 'locale = "en"'),
                    encoding="utf-8")
    sheet = tmp_path / "export.csv"
    sheet.write_bytes(french_csv([
        "Indicateur;Date;Valeur;Écosystème;Note",
        "investment;31/12/2016;1 500 000 000,5;;année « pleine »",
        "",
        "investment;31/12/2017;2,5 Md;CRM;",
    ], encoding))
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 0, done.err
    assert "read as French ones" in done.err
    assert ("is not UTF-8: read as Windows-1252" in done.err) == (encoding == "cp1252")
    got = results(plan)
    assert [(r["date"], r["value"], r.get("ecosystem")) for r in got] == [
        (dt.date(2016, 12, 31), 1_500_000_000.5, None), (dt.date(2017, 12, 31), 2_500_000_000,
                                                         "CRM")]
    assert got[0]["note"] == "année « pleine »"
    assert got[0]["source"] == "export.csv"


def test_a_semicolon_csv_read_with_english_numbers_when_asked(run: Callable[..., Run],
                                                              plan: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "f.csv"
    sheet.write_text("indicator;date;value\njobs;2016-12-31;40,000\n", encoding="utf-8")
    assert run("import", str(sheet), "--plan", str(plan), "--locale", "en").code == 0
    assert results(plan)[-1]["value"] == 40000


def test_tsv_and_column_mapping(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "f.tsv"
    sheet.write_text("Quoi\tQuand\tCombien\njobs\t2016-12-31\t40000\n", encoding="utf-8")
    done = run("import", str(sheet), "--plan", str(plan), "--column", "indicator=quoi",
               "--column", "date=Quand", "--column", "valeur=COMBIEN", "--layout", "long")
    assert done.code == 0, done.err
    assert results(plan)[-1]["value"] == 40000
    bad = run("import", str(sheet), "--plan", str(plan), "--column", "colour=x")
    assert bad.code == 2 and "--column: colour=x is not FIELD=HEADER" in bad.err


def test_wide_layout_ecosystem_columns_and_option(run: Callable[..., Run], tmp_path: Path
                                                  ) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_WITH_ECOSYSTEMS, encoding="utf-8")
    sheet = workbook(tmp_path / "w.xlsx", [["date", "investment", "investment/crm"],
                                           ["2016-12-31", 1e9, 2e8]])
    assert run("import", str(sheet), "--plan", str(plan)).code == 0
    assert [r.get("ecosystem") for r in results(plan)] == [None, "CRM"]
    other = workbook(tmp_path / "w2.xlsx", [["date", "Investissement"], [2017, 3e8]])
    assert run("import", str(other), "--plan", str(plan), "--ecosystem", "CRM").code == 0
    assert results(plan)[-1]["ecosystem"] == "CRM"
    assert results(plan)[-1]["date"] == dt.date(2017, 12, 31)


def with_cached_value(path: Path, formula: str, value: str) -> None:
    """Give a formula the value a spreadsheet would have saved with it (openpyxl
    writes formulas without one)."""
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    name = "xl/worksheets/sheet1.xml"
    text = parts[name].decode()
    text = text.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>")
    text = text.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>")
    assert f"<v>{value}</v>" in text, text
    parts[name] = text.encode()
    with zipfile.ZipFile(path, "w") as new:
        for part, data in parts.items():
            new.writestr(part, data)


def test_formulas_are_read_by_their_saved_values(run: Callable[..., Run], plan: Path,
                                                 tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "f.xlsx", [["date", "jobs"], [2015, 20000], [2016, "=B2*2"]])
    with_cached_value(sheet, "B2*2", "40000")
    assert run("import", str(sheet), "--plan", str(plan)).code == 0
    assert [r["value"] for r in results(plan)[SEED_COUNT:]] == [20000, 40000]


def test_a_merged_title_hidden_rows_and_blank_lines(run: Callable[..., Run], plan: Path,
                                                    tmp_path: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.merge_cells("A1:C1")  # a title across the columns, above the headers
        sheet.merge_cells("C3:D3")  # a header merged over an empty column
        sheet.row_dimensions[6].hidden = True

    sheet = workbook(tmp_path / "m.xlsx", [
        ["Chiffres de l'emploi"], [], ["indicator", "date", "value"],
        ["jobs", 2015, 20000], [], ["jobs", 2016, 40000]], edit=edit)
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 0, done.err
    # Hidden rows are read like any other (docs/import.md).
    assert [r["value"] for r in results(plan)[SEED_COUNT:]] == [20000, 40000]
    # Rows keep the numbers the spreadsheet shows, blank rows counted.
    bad = workbook(tmp_path / "b.xlsx", [["Titre"], [], ["indicator", "date", "value"],
                                         [], ["jobs", 2017, "x"]], edit=lambda s: None)
    refused = run("import", str(bad), "--plan", str(plan))
    assert refused.code == 2
    assert "sheet 'Feuil1', row 5, column 'value'" in refused.err


def test_hostile_cells(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    injection = "=HYPERLINK(\"http://x\",\"click\")"
    sheet = workbook(tmp_path / "h.xlsx", [["indicator", "date", "value", "note"],
                                           ["jobs", 2015, 20000, injection],
                                           ["jobs", 2016, "=1+1", None],
                                           ["jobs", 2017, 30000, "abc\u202edef"]])
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 2
    assert "row 3, column 'value'" in done.err  # a formula typed as text is no number
    assert "row 4, column 'note': contains the control or format character U+202E" in done.err
    csv_file = tmp_path / "h.csv"
    csv_file.write_text("indicator,date,value,note\njobs,2015,1,\"bell\x07\x1b[31m\"\n",
                        encoding="utf-8")
    bell = run("import", str(csv_file), "--plan", str(plan))
    assert bell.code == 2
    assert "row 2, column 'note': contains the control or format character U+0007" in bell.err
    def as_text(sheet: Any) -> None:  # what a person typing '=... in Excel saves
        sheet["D2"].data_type = "s"

    ok = workbook(tmp_path / "ok.xlsx", [["indicator", "date", "value", "note"],
                                         ["jobs", 2015, 20000, injection]], edit=as_text)
    assert run("import", str(ok), "--plan", str(plan)).code == 0
    assert results(plan)[-1]["note"] == injection  # kept as text
    # ...and written back as text, never as a formula.
    out = tmp_path / "st.xlsx"
    assert run("status", "--plan", str(plan), "-f", "xlsx", "-o", str(out)).code == 0
    figures = openpyxl.load_workbook(out)["Figures"]
    notes = [row[5].value for row in figures.iter_rows(min_row=2)]
    assert injection in notes
    assert all(row[5].data_type == "s" for row in figures.iter_rows(min_row=2)
               if row[5].value is not None)


def test_conflicts_need_revise(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "r.xlsx", [["date", "jobs"], ["2018-12-31", 70000],
                                           ["2017-12-31", 50000]])
    before = plan.read_bytes()
    refused = run("import", str(sheet), "--plan", str(plan))
    assert refused.code == 2 and "add --revise" in refused.err
    assert plan.read_bytes() == before
    done = run("import", str(sheet), "--plan", str(plan), "--revise")
    assert done.code == 0, done.err
    assert re.search(r"^jobs\s+1\s+1\s+0", done.out, re.MULTILINE), done.out
    assert [r["value"] for r in results(plan)[SEED_COUNT:]] == [70000, 50000]
    history = run("history", "jobs", "--plan", str(plan), "--format", "json")
    assert '"superseded": true' in history.out


def test_repeated_rows_in_the_sheet(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "d.xlsx", [["indicator", "date", "value"],
                                           ["jobs", 2015, 1], ["jobs", 2015, 1],
                                           ["jobs", 2016, 1], ["jobs", 2016, 2]])
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 2
    assert "row 5, column 'value': another value for jobs on 2016-12-31 than row 4" in done.err


@pytest.mark.parametrize(("header", "error"), [
    ("indicator,year,date,value", "columns 'year' and 'date' both name the date"),
    ("id,indicator,date,value", "columns 'id' and 'indicator' both name the indicator"),
    ("indicator,date,value,figure", "columns 'value' and 'figure' both name the value"),
    ("indicateur,date,valeur,chiffre", "columns 'valeur' and 'chiffre' both name the value"),
    ("indicator,date,value,note,comment", "columns 'note' and 'comment' both name the note"),
    ("indicator,date,value,value", "columns 'value' and 'value' both name the value"),
    ("indicator,year,date,day,value", "columns 'year', 'date', 'day' all name the date"),
])
def test_two_headers_for_one_field_are_refused(run: Callable[..., Run], plan: Path,
                                               tmp_path: Path, header: str, error: str) -> None:
    sheet = tmp_path / "two.csv"
    cells = {"indicator": "jobs", "indicateur": "jobs", "id": "jobs", "year": "2015",
             "date": "2016-12-31", "day": "2016-12-31", "value": "40000", "valeur": "40000",
             "figure": "40000", "chiffre": "40000", "note": "a", "comment": "b"}
    sheet.write_text(header + "\n" + ",".join(cells[name] for name in header.split(","))
                     + "\n", encoding="utf-8")
    before = plan.read_bytes()
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 2
    field = error.rsplit(" ", 1)[1]
    assert [line for line in done.err.splitlines() if "error" in line] == [
        f"offshore: error: {sheet}: row 1: {error} (keep one, or map it with --column "
        f"{field}=HEADER)"]
    assert "nothing imported: 1 problem" in done.err
    assert plan.read_bytes() == before


def test_a_column_option_settles_which_header_names_the_field(run: Callable[..., Run],
                                                              plan: Path, tmp_path: Path
                                                              ) -> None:
    sheet = tmp_path / "two.csv"
    sheet.write_text("indicator,year,date,value\njobs,2015,2016-12-31,40000\n",
                     encoding="utf-8")
    done = run("import", str(sheet), "--plan", str(plan), "--column", "date=date")
    assert done.code == 0, done.err
    assert results(plan)[-1]["date"] == dt.date(2016, 12, 31)


def test_two_headers_for_one_field_whatever_the_hash_seed(plan: Path, tmp_path: Path) -> None:
    """The set of headers a field is known by once made the column depend on
    PYTHONHASHSEED: the same sheet must give the same answer in every run."""
    import os
    import subprocess
    import sys

    sheet = tmp_path / "two.csv"
    sheet.write_text("indicator,year,date,value\njobs,2015,2016-12-31,40000\n",
                     encoding="utf-8")
    answers = set()
    for seed in ("1", "2"):  # seed 1 read 'year', seed 2 'date'
        env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path / "c")}
        done = subprocess.run([sys.executable, "-m", "offshore_cli", "import", str(sheet),
                               "--plan", str(plan), "--dry-run"], capture_output=True,
                              text=True, env=env, cwd=tmp_path, timeout=60)
        answers.add((done.returncode, done.stdout, done.stderr))
    assert len(answers) == 1, answers
    code, _out, err = answers.pop()
    assert code == 2 and "columns 'year' and 'date' both name the date" in err


def test_dates_with_no_figure_yet_are_passed_over(run: Callable[..., Run], plan: Path,
                                                  tmp_path: Path) -> None:
    sheet = tmp_path / "w.csv"
    sheet.write_text("Year,jobs\n2017,50000\n2026,\n2027,\n2099,\n", encoding="utf-8")
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 0, done.err
    assert "Added 1 figure, skipped 0 already in the plan" in done.out
    assert [(r["date"], r["value"]) for r in results(plan)[SEED_COUNT:]] == [
        (dt.date(2017, 12, 31), 50000)]
    # A figure on a future date is still refused.
    future = workbook(tmp_path / "f.xlsx", [["Year", "jobs"], [2017, 50000], [2099, 1]])
    refused = run("import", str(future), "--plan", str(plan))
    assert refused.code == 2 and "2099-12-31 is in the future" in refused.err


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_indicator_by_its_label_in_another_language(run: Callable[..., Run], plan: Path,
                                                       tmp_path: Path, lang: str) -> None:
    wide = workbook(tmp_path / "w.xlsx", [["Année", "Nouveaux emplois directs",
                                           "Investment", "Investissements/CRM"],
                                          [2015, 20000, 1e8, 2e7]])
    done = run("--lang", lang, "import", str(wide), "--plan", str(plan))
    assert done.code == 0, done.err
    assert [(r["indicator"], r.get("ecosystem")) for r in results(plan)[SEED_COUNT:]] == [
        ("jobs", None), ("investment", None), ("investment", "CRM")]
    long = workbook(tmp_path / "l.xlsx", [["indicateur", "date", "valeur"],
                                          ["Chiffre d'affaires additionnel à l'export", 2015,
                                           "5 MMDH"],
                                          ["nouveaux EMPLOIS directs", 2016, 30000]])
    done = run("--lang", lang, "import", str(long), "--plan", str(plan))
    assert done.code == 0, done.err
    assert [r["indicator"] for r in results(plan)[-2:]] == ["exports", "jobs"]


def test_a_label_two_indicators_share_is_refused(run: Callable[..., Run], tmp_path: Path
                                                 ) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_WITH_ECOSYSTEMS + """
[indicators.investment.en]
label = "Capital spending"

[indicators.fdi]
label = "Capital spending"
unit = "MAD"
target = 1_000_000
""", encoding="utf-8")
    sheet = workbook(tmp_path / "w.xlsx", [["date", "fdi", "capital spending"],
                                           [2016, 1e9, 2e8]])
    done = run("--lang", "en", "import", str(sheet), "--plan", str(plan))
    assert done.code == 2
    assert ("sheet 'Feuil1', row 1, column 'capital spending': the label 'capital spending' "
            "names more than one indicator ('investment', 'fdi') (give the indicator's id)"
            ) in done.err
    assert results(plan) == []
    # One indicator's label in two languages names that indicator only.
    alone = workbook(tmp_path / "a.xlsx", [["date", "Investissement"], [2016, 1e9]])
    assert run("import", str(alone), "--plan", str(plan)).code == 0


def test_dry_run_writes_nothing(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "y.xlsx", YEARLY)
    before = plan.read_bytes()
    done = run("import", str(sheet), "--plan", str(plan), "--dry-run")
    assert done.code == 0
    assert "Dry run: would add 9 figures, skipped 0 already in the plan; nothing written" \
        in done.out
    assert plan.read_bytes() == before


def test_a_dry_run_lists_what_it_would_refuse(run: Callable[..., Run], plan: Path,
                                              tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "m.xlsx", [["indicator", "date", "value"],
                                           ["jobs", 2015, 1], ["jobz", 2016, 1],
                                           ["jobs", 2017, "douze"]])
    before = plan.read_bytes()
    done = run("import", str(sheet), "--plan", str(plan), "--dry-run")
    assert done.code == 2  # the import would be refused
    table = done.out[done.out.index("Refused"):].splitlines()
    assert table[0].split() == ["Refused", "What", "is", "wrong"]
    assert table[1].startswith("sheet 'Feuil1', row 3, column 'indicator'  unknown indicator "
                               "'jobz'")
    assert table[2].startswith("sheet 'Feuil1', row 4, column 'value'      'douze': no number")
    assert len(table) == 3
    assert done.err.count("offshore: error:") == 2
    assert plan.read_bytes() == before


def test_crlf_and_bom_plans_stay_so(run: Callable[..., Run], tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    raw = b"\xef\xbb\xbf" + PLAN_WITH_ECOSYSTEMS.replace("\n", "\r\n").encode()
    plan.write_bytes(raw)
    sheet = workbook(tmp_path / "y.xlsx", [["date", "investment"], [2015, 1e9], [2016, 2e9]])
    assert run("import", str(sheet), "--plan", str(plan)).code == 0
    new = plan.read_bytes()
    assert new.startswith(raw)
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert new.count(b"[[results]]") == 2


def test_files_it_cannot_read(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    done = run("import", str(junk), "--plan", str(plan))
    assert done.code == 2 and "cannot be read as a workbook" in done.err
    other = tmp_path / "plan.pdf"
    other.write_bytes(b"%PDF")
    assert run("import", str(other), "--plan", str(plan)).code == 2
    sheet = workbook(tmp_path / "y.xlsx", YEARLY)
    missing = run("import", str(sheet), "--plan", str(plan), "--sheet", "Nope")
    assert missing.code == 2 and "its sheets: 'Feuil1'" in missing.err


def test_status_workbook_round_trip(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "y.xlsx", YEARLY)
    assert run("import", str(sheet), "--plan", str(plan)).code == 0
    revise = workbook(tmp_path / "r.xlsx", [["date", "jobs"], [2016, 41000]])
    assert run("import", str(revise), "--plan", str(plan), "--revise").code == 0
    out = tmp_path / "status.xlsx"
    assert run("status", "--plan", str(plan), "--as-of", "2019-04-23", "-f", "xlsx",
               "-o", str(out)).code == 0
    before = plan.read_bytes()
    back = run("import", str(out), "--sheet", "Figures", "--plan", str(plan))
    assert back.code == 0, back.err
    assert "Added 0 figures, skipped 13 already in the plan" in back.out
    assert plan.read_bytes() == before
    # With no option: the first sheet (the status) holds no figures; the next does.
    plain = run("import", str(out), "--plan", str(plan))
    assert plain.code == 0, plain.err
    assert plain.out.startswith(f"Read {out}, sheet 'Figures': long layout")
    assert "Added 0 figures, skipped 13 already in the plan; the plan was not changed" \
        in plain.out
    assert ("offshore: note: sheet 'Status' does not read as a sheet of figures: read sheet "
            "'Figures', the first visible sheet that does; --sheet NAME reads another"
            ) in plain.err
    assert plan.read_bytes() == before


def test_the_first_sheet_that_holds_figures(run: Callable[..., Run], plan: Path,
                                            tmp_path: Path) -> None:
    def sheets(*tables: tuple[str, list[list[Any]]], hidden: str = "") -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in tables:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
            if title == hidden:
                sheet.sheet_state = "hidden"
        path = tmp_path / f"book{len(list(tmp_path.glob('book*')))}.xlsx"
        book.save(path)
        return path

    notes = [["Notes", "from the federation"], ["see", "the next sheet"]]
    wide = ["Année", "jobs"], [2015, 20000]
    long = ["indicator", "date", "value"], ["jobs", 2016, 30000]
    # A wide first sheet is read as before, whatever follows it.
    first = run("import", str(sheets(("Feuil1", [*wide]), ("Feuil2", [*long]))),
                "--plan", str(plan), "--dry-run")
    assert first.code == 0 and "sheet 'Feuil1': wide layout" in first.out
    assert "note" not in first.err
    # Past a sheet of text, and past a hidden sheet of figures.
    later = run("import", str(sheets(("Notes", notes), ("Old", [*wide]), ("Feuil3", [*long]),
                                     hidden="Old")), "--plan", str(plan), "--dry-run")
    assert later.code == 0 and "sheet 'Feuil3': long layout" in later.out
    # --layout says which layout counts.
    wide_only = run("import", str(sheets(("Notes", notes), ("L", [*long]), ("W", [*wide]))),
                    "--plan", str(plan), "--dry-run", "--layout", "wide")
    assert wide_only.code == 0 and "sheet 'W': wide layout" in wide_only.out
    # No sheet holds figures: the first is read, and its mistakes are said.
    none = run("import", str(sheets(("Notes", notes), ("More", notes))), "--plan", str(plan))
    assert none.code == 2 and "sheet 'Notes', row 1, column 'from the federation'" in none.err


def test_status_workbook_formats(run: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "status.xlsx"
    assert run("status", "--as-of", "2019-04-23", "-f", "xlsx", "-o", str(out)).code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Status", "Figures"]
    sheet = book["Status"]
    assert sheet.freeze_panes == "A2"
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["Indicator", "Id", "Unit", "Actual"]
    exports = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "exports")
    assert exports[3].value == 10_000_000_000  # the value, unscaled
    assert exports[3].number_format == '#,##0.00,,," bn MAD"'
    assert exports[4].value == dt.datetime(2018, 12, 31)
    assert exports[6].number_format == "0.0%"
    assert abs(exports[6].value - 10 / 18) < 1e-12
    assert sheet.column_dimensions["A"].width > 10


def test_history_workbook(run: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "h.xlsx"
    assert run("history", "investment", "-f", "xlsx", "-o", str(out)).code == 0
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    rows = book.get_sheet_by_name("investment").to_python()
    assert rows[0][:3] == ["Date", "Ecosystem", "Value"]
    assert rows[1][2] == 1_000_000_000


def test_xlsx_needs_an_output_file(run: Callable[..., Run], tmp_path: Path) -> None:
    done = run("status", "-f", "xlsx")
    assert done.code == 2 and "-o FILE" in done.err
    other = run("status", "-f", "json", "-o", str(tmp_path / "x.json"))
    assert other.code == 2 and "only with --format xlsx" in other.err


def test_french_workbook_headers_import_back(run: Callable[..., Run], plan: Path,
                                             tmp_path: Path) -> None:
    out = tmp_path / "statut.xlsx"
    assert run("--lang", "fr", "status", "--plan", str(plan), "-f", "xlsx", "-o",
               str(out)).code == 0
    book = openpyxl.load_workbook(out)
    figures = book.worksheets[1]
    assert [cell.value for cell in figures[1]][:4] == ["indicateur", "date", "valeur",
                                                      "écosystème"]
    assert [cell.value for cell in book.worksheets[0][1]][:2] == ["Indicateur", "Id"]
    before = plan.read_bytes()
    back = run("--lang", "fr", "import", str(out), "--sheet", figures.title, "--plan",
               str(plan))
    assert back.code == 0, back.err
    assert plan.read_bytes() == before
    plain = run("--lang", "fr", "import", str(out), "--plan", str(plan))
    assert plain.code == 0, plain.err
    assert plain.out.startswith(f"Lu {out}, feuille 'Chiffres'")
    assert "disposition longue" in plain.out.splitlines()[0]
    assert "0 chiffre ajouté, 4 ignorés, déjà dans le plan" in plain.out
    assert ("offshore: note\u00a0: la feuille 'Statut' ne se lit pas comme une feuille de "
            "chiffres\u00a0: lecture de la feuille 'Chiffres'") in plain.err
    assert plan.read_bytes() == before


def test_french_messages(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "bad.xlsx", [["indicateur", "date", "valeur"],
                                             ["jobz", 2016, 1]])
    done = run("--lang", "fr", "import", str(sheet), "--plan", str(plan))
    assert done.code == 2
    assert "feuille 'Feuil1', ligne 2, colonne 'indicateur'" in done.err
    assert "indicateur inconnu 'jobz'" in done.err
    two = tmp_path / "deux.csv"
    two.write_text("indicateur;année;date;valeur\njobs;2015;31/12/2016;40 000\n",
                   encoding="utf-8")
    refused = run("--lang", "fr", "import", str(two), "--plan", str(plan))
    assert refused.code == 2
    assert ("ligne 1\u00a0: les colonnes 'année' et 'date' désignent toutes deux la date "
            "(gardez-en une, ou désignez-la avec --column date=EN-TÊTE)") in refused.err


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Feuille1">
<table:table-row><table:table-cell office:value-type="string"><text:p>indicateur</text:p>
</table:table-cell><table:table-cell office:value-type="string"><text:p>date</text:p>
</table:table-cell><table:table-cell office:value-type="string"><text:p>valeur</text:p>
</table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>jobs</text:p>
</table:table-cell><table:table-cell office:value-type="date" office:date-value="2016-12-31">
<text:p>31/12/2016</text:p></table:table-cell><table:table-cell office:value-type="float"
 office:value="40000"><text:p>40 000</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>
"""
ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def test_an_ods_file(run: Callable[..., Run], plan: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "emplois.ods"
    with zipfile.ZipFile(sheet, "w") as ods:
        ods.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", ODS_CONTENT, zipfile.ZIP_DEFLATED)
        ods.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
    done = run("import", str(sheet), "--plan", str(plan))
    assert done.code == 0, done.err
    assert (results(plan)[-1]["date"], results(plan)[-1]["value"]) == (dt.date(2016, 12, 31),
                                                                      40000)
    assert results(plan)[-1]["source"] == "emplois.ods [Feuille1]"


def test_status_and_check_do_not_load_the_spreadsheet_libraries(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    probe = ("import sys, io; from offshore_cli.__main__ import main; sys.stdout = io.StringIO();"
             " code = main({args!r}); sys.stdout = sys.__stdout__;"
             " print(code, *(m in sys.modules for m in ('python_calamine', 'openpyxl')))")
    for args in (["status", "--as-of", "2019-04-23"], ["status", "-f", "json"],
                 ["check", "--format", "json"], ["history", "jobs"]):
        done = subprocess.run([sys.executable, "-c", probe.format(args=args)],
                              capture_output=True, text=True, cwd=tmp_path, env=env,
                              check=True)
        assert done.stdout.split()[1:] == ["False", "False"], (args, done.stdout)
