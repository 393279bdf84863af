"""The French interface is whole: every command, in every format a person reads,
with `--lang fr`, on the seed plan and on the test plans, shows no English word of
`tests/english_words.txt` (the plan's own text aside), every message of the code
has its French translation, and the compiled catalogue is its source compiled."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, Run, check_golden

AS_OF = "2019-04-23"
PLANS = {"seed": ROOT / "data" / "plan.toml",
         **{path.stem: path for path in sorted((ROOT / "tests" / "plans").glob("*.toml"))}}
ENGLISH = {line.strip() for line in (ROOT / "tests" / "english_words.txt").read_text(
    encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


# The plan's own text (shown as written) and its ids; not the format's keys (target,
# deadline...), which are English words the French interface must not show.
TEXT_FIELDS = {"title", "label", "unit", "name", "original_name", "note", "source", "reason",
               "id", "currency", "indicator", "ecosystem"}


def _strings(value: object, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key in TEXT_FIELDS or key in ("indicators", "ecosystems"):
            yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            if key in ("indicators", "ecosystems"):  # ids, and an ecosystem's name
                yield str(name)
                yield from _strings(item, "name" if key == "ecosystems" else name)
            else:
                yield from _strings(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


def plan_words(path: Path) -> set[str]:
    """Every word of the plan's own text (titles, labels, units, names, notes,
    sources) and of its ids: shown as written in any language."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {word.lower() for text in _strings(data) for word in WORD.findall(text)}


def english_in(text: str, allowed: set[str]) -> list[str]:
    # Paths, option names and [ids] are not words a person reads as language.
    # The TOML a dry run shows (indicator = "jobs"), a command's name (offshore check)
    # and GitHub's workflow-command syntax (::warning) are data and identifiers, not
    # words of the interface.
    text = re.sub(r"(?m)^[a-z_]+ = .*$", " ", text)
    # A place in the plan (indicators.exports.ecosystem_targets, results[3].date).
    text = re.sub(r"\b[a-z_]+(?:\[\d+\])?(?:\.[\w-]+(?:\[\d+\])?)+", " ", text)
    text = re.sub(r"\boffshore(?:%20|\s)+[a-z-]+|::[a-z]+|\bname=\"[^\"]*\"", " ", text)
    text = re.sub(r"(?<![\w-])--?[a-z][\w-]*|\[[^\]\s]*\]|\S*[/\\]\S*|`[^`]*`", " ", text)
    return sorted({word for word in WORD.findall(text)
                   if word in ENGLISH and word.lower() not in allowed})


def commands(plan: Path, copy: Path) -> list[list[str]]:
    """Every command in every human format on ``plan`` (``copy``: a copy to write to)."""
    data = tomllib.loads(plan.read_text(encoding="utf-8"))
    ids = list(data.get("indicators", {}))
    given = ["--plan", str(plan), "--as-of", AS_OF]
    runs = [["status", *given], ["status", *given, "-f", "markdown"],
            ["status", *given, "--by-ecosystem"], ["status", *given, "--sdg"],
            ["pillars", *given], ["pillars", *given, "-f", "markdown"],
            ["milestones", *given], ["milestones", *given, "-f", "markdown"],
            ["validate", "--plan", str(plan)], ["validate", "--plan", str(plan), "-f", "markdown"],
            *[["check", *given, "-f", fmt] for fmt in ("text", "markdown", "github")],
            ["check", *given, "--strict", "--min-ratio", "0.9"]]
    for ident in ids:
        runs += [["history", ident, "--plan", str(plan)],
                 ["history", ident, "--plan", str(plan), "-f", "markdown"]]
    if ids:
        runs += [["add-result", ids[0], "1", "--plan", str(copy), "--date", AS_OF,
                  "--dry-run"],
                 ["add-result", ids[0], "deux", "--plan", str(copy)],
                 ["revise-target", ids[0], "--target", "2", "--date", AS_OF, "--reason",
                  "revue", "--plan", str(copy), "--dry-run"]]
        sheet = copy.with_name("chiffres.csv")
        sheet.write_text(f"indicateur;date;valeur\n{ids[0]};{AS_OF};1\nzzz;{AS_OF};x\n",
                         encoding="utf-8")
        good = copy.with_name("bons.csv")
        good.write_text(f"indicateur;date;valeur\n{ids[0]};{AS_OF};1\n", encoding="utf-8")
        runs += [["import", str(sheet), "--plan", str(copy), "--dry-run"],
                 ["import", str(good), "--plan", str(copy), "--dry-run"]]
    return runs


HELP = [[], ["--help"], *[[name, "--help"] for name in (
    "status", "pillars", "milestones", "validate", "add-result", "revise-target",
    "history", "check", "init", "import", "report")]]
MISTAKES = [["status", "--as-of", "20190423"], ["status", "--format", "xml"],
            ["history", "jobz"], ["status", "--ecosystem", "XYZ"], ["nosuch"],
            ["add-result", "jobs", "-5", "--plan", "p.toml"], ["status", "--plan", "absent.toml"],
            ["check", "--min-ratio", "60"], ["check", "--only", "zzz"]]


@pytest.mark.parametrize("name", list(PLANS))
def test_every_command_speaks_french(run: Run, name: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    plan = PLANS[name]
    copy = tmp_path / "copy.toml"
    shutil.copyfile(plan, copy)
    allowed = plan_words(plan)
    found = {}
    for width in ("120", "40"):
        monkeypatch.setenv("COLUMNS", width)
        for args in commands(plan, copy):
            result = run("--lang", "fr", *args)
            words = english_in(result.out + result.err, allowed)
            if words:
                found[" ".join(args[:3]) + f" @{width}"] = words
    assert found == {}


# Identifiers a help names as they are typed: commands, status values (--fail-on's
# default), the fields of import's --column.
IDENTIFIERS = {"status", "pillars", "milestones", "validate", "add-result", "revise-target",
               "history", "check", "init", "import", "report", "achieved", "achieved-late",
               "on-track", "at-risk", "off-track", "missed", "overdue", "no-data", "tracked",
               "indicator", "value", "ecosystem"}


@pytest.mark.parametrize("args", HELP + MISTAKES, ids=lambda args: " ".join(args) or "bare")
def test_help_and_mistakes_speak_french(run: Run, args: list[str]) -> None:
    result = run("--lang", "fr", *args)
    assert english_in(result.out + result.err, IDENTIFIERS) == []


@pytest.mark.parametrize("name", list(PLANS))
def test_the_report_speaks_french(run: Run, name: str) -> None:
    """The HTML report's text (tags, styles and attributes aside) is French too."""
    result = run("--lang", "fr", "report", "--plan", str(PLANS[name]), "--as-of", AS_OF,
                 "-o", "-")
    assert result.code == 0, result.err
    page = re.sub(r"<style.*?</style>", " ", result.out, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert english_in(text + result.err, plan_words(PLANS[name])) == []


@pytest.mark.parametrize("name", list(PLANS))
def test_the_workbooks_speak_french(run: Run, name: str, tmp_path: Path) -> None:
    """A workbook's headers, sheet names and status words are French too (the plan's
    text aside); its figures sheet keeps import's headers in French."""
    import openpyxl

    words = []
    plan = PLANS[name]
    ident = next(iter(tomllib.loads(plan.read_text(encoding="utf-8"))["indicators"]))
    for args in (["status", "--as-of", AS_OF], ["history", ident]):
        out = tmp_path / f"{args[0]}.xlsx"
        result = run("--lang", "fr", *args, "--plan", str(plan), "-f", "xlsx", "-o", str(out))
        assert result.code == 0, result.err
        book = openpyxl.load_workbook(out)
        words += book.sheetnames
        words += [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
                  for cell in row if isinstance(cell.value, str)]
    assert english_in("\n".join(words), plan_words(plan)) == []


def test_init_speaks_french(run: Run, tmp_path: Path) -> None:
    result = run("--lang", "fr", "init", str(tmp_path / "new.toml"))
    assert result.code == 0
    assert english_in(result.out + result.err, {"toml", "data"}) == []


@pytest.mark.parametrize(("name", "args"), [
    ("status.txt", ["status"]), ("status-40.txt", ["status"]),
    ("history.txt", ["history", "investment"]), ("pillars.txt", ["pillars"]),
    ("milestones.txt", ["milestones"]), ("check.txt", ["check"]),
    ("check.md", ["check", "-f", "markdown"]), ("status.md", ["status", "-f", "markdown"]),
])
def test_french_goldens(run: Run, name: str, args: list[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    if name.endswith("-40.txt"):
        monkeypatch.setenv("COLUMNS", "40")
    extra = [] if args[0] == "history" else ["--as-of", AS_OF]
    result = run("--lang", "fr", *args, *extra)
    check_golden(f"fr/{name}", result.out)


def test_french_validate_golden(run: Run, tmp_path: Path) -> None:
    shutil.copyfile(PLANS["fr-edges"], tmp_path / "fr-edges.toml")  # named as a user names it
    result = run("--lang", "fr", "validate", "--plan", "fr-edges.toml")
    check_golden("fr/validate.txt", result.err + result.out)


def test_catalogue_is_whole_and_compiled() -> None:
    """Every message of the code has a French translation, and the .mo the program
    reads is the .po compiled (tools/catalogue.py)."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "catalogue.py"), "check"],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "")
