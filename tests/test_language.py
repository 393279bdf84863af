"""The run's language: how it is chosen (--lang, $OFFSHORE_LANG, the plan's locale,
the POSIX locale, English), and what it must never change (JSON, CSV, exit codes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offshore_cli import i18n
from offshore_cli.cli import global_options

from .conftest import ROOT, Run

FR_PLAN = ROOT / "tests" / "plans" / "fr-edges.toml"
AS_OF = "2019-04-23"


@pytest.mark.parametrize(("option", "environ", "plan", "expected"), [
    (None, {}, None, "en"),
    ("fr", {"OFFSHORE_LANG": "en", "LANG": "en_US.UTF-8"}, "en", "fr"),
    (None, {"OFFSHORE_LANG": "fr"}, "en", "fr"),
    (None, {"OFFSHORE_LANG": "FR "}, "en", "fr"),
    (None, {"OFFSHORE_LANG": "de"}, "fr", "fr"),  # a language we lack is passed over
    (None, {"LANG": "fr_FR.UTF-8"}, "en", "en"),  # the plan's locale before LANG
    (None, {"LANG": "fr_FR.UTF-8"}, None, "fr"),
    (None, {"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, None, "en"),  # LC_ALL decides
    (None, {"LC_MESSAGES": "fr_CA.UTF-8@euro", "LANG": "en_GB"}, None, "fr"),
    (None, {"LANG": "de_DE.UTF-8"}, None, "en"),
    (None, {"LANG": "POSIX"}, None, "en"),
])
def test_resolution_order(option: str | None, environ: dict[str, str], plan: str | None,
                          expected: str) -> None:
    assert i18n.resolve(option, environ, plan) == expected


@pytest.mark.parametrize(("args", "kept", "lang"), [
    (["--lang", "fr", "status"], ["status"], "fr"),
    (["status", "--lang", "fr", "--as-of", AS_OF], ["status", "--as-of", AS_OF], "fr"),
    (["--lang=FR", "status"], ["status"], "fr"),
    (["--debug", "--lang", "en", "check"], ["check"], "en"),
    # text, not an option: the value of --note, or after --
    (["add-result", "jobs", "5", "--note", "--lang"], ["add-result", "jobs", "5", "--note",
                                                      "--lang"], None),
    (["add-result", "jobs", "--", "--lang"], ["add-result", "jobs", "--", "--lang"], None),
])
def test_lang_stands_before_or_after_the_command(args: list[str], kept: list[str],
                                                 lang: str | None) -> None:
    assert global_options(args) == (kept, "--debug" in args, lang)


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "de", "status"], "offshore: error: --lang: unknown language 'de' "
                                  "(languages: en, fr)\n"),
    (["status", "--lang"], "offshore: error: --lang: a language is needed (en or fr)\n"),
])
def test_an_unknown_language_is_one_line_and_exit_2(run: Run, args: list[str],
                                                    message: str) -> None:
    result = run(*args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_numbers_follow_the_language(run: Run) -> None:
    english = run("--lang", "en", "status", "--plan", str(FR_PLAN), "--as-of", AS_OF,
                  "-f", "csv")
    french = run("status", "--plan", str(FR_PLAN), "--as-of", AS_OF, "-f", "markdown")
    seed_fr = run("status", "--as-of", AS_OF, "--lang", "fr", "-f", "markdown")
    assert english.code == french.code == seed_fr.code == 0
    assert "69\u202f900" in seed_fr.out and "69,900" not in seed_fr.out
    assert "5.00\u00a0bn MAD" in run("--lang", "en", "status", "--plan", str(FR_PLAN),
                                          "--as-of", AS_OF, "-f", "markdown").out
    assert "5,00\u00a0Md MAD" in french.out


# What a script reads must not change with the language. Human text: docs/json.md
# marks these fields so ("label", "reason", ... come from the plan or are words).
HUMAN = {"locale", "label", "unit", "title", "name"}


def _without_human(document: object) -> object:
    if isinstance(document, dict):
        return {key: _without_human(value) for key, value in document.items()
                if key not in HUMAN}
    if isinstance(document, list):
        return [_without_human(value) for value in document]
    return document


@pytest.mark.parametrize("command", [
    ["status", "-f", "json"], ["check", "-f", "json"], ["history", "jobs", "-f", "json"],
    ["pillars", "-f", "json"], ["milestones", "-f", "json"], ["validate", "-f", "json"],
])
def test_scripts_do_not_break_under_a_french_locale(
        run: Run, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan that does not name its language speaks the POSIX locale's: its JSON
    stays the English one, but for the fields docs/json.md marks as human text."""
    plan = tmp_path / "plan.toml"
    text = (ROOT / "data" / "plan.toml").read_text(encoding="utf-8")
    plan.write_text(text.replace('locale = "en"\n', ""), encoding="utf-8")
    args = [*command, "--plan", str(plan)]
    if command[0] not in ("validate", "history"):
        args += ["--as-of", AS_OF]
    english = run(*args)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    french = run(*args)
    assert english.code == french.code
    assert _without_human(json.loads(french.out)) == _without_human(json.loads(english.out))
    csv_args = [*args[: args.index("-f")], "-f", "csv", *args[args.index("-f") + 2:]]
    if command[0] in ("status", "history", "pillars", "milestones"):
        monkeypatch.delenv("LANG")
        english_csv = run(*csv_args).out
        monkeypatch.setenv("LANG", "fr_FR.UTF-8")
        assert run(*csv_args).out.splitlines()[0] == english_csv.splitlines()[0]
