"""A plan's own text in other languages: the ``fr`` (``en``, ...) tables of the plan,
its indicators, milestones, pillars and axes; how they are checked, cached, and
shown in the run's language."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli

from offshore_cli import cache, entry, i18n, validation
from offshore_cli.errors import PlanError
from offshore_cli.plan import SEED_FILE, load_document, seed_bytes
from offshore_cli.spec import Axis, Indicator, Milestone, Pillar, in_language
from offshore_cli.validation import plan_from_data

from .conftest import ROOT, SEED, Run

AS_OF = "2019-04-23"
NBSP = "\u00a0"

PLAN = """\
[plan]
title = "Offshoring"
start = 2014-01-01
deadline = 2020-12-31
currency = "MAD"

[plan.fr]
title = "L'offshoring"

[indicators.jobs]
label = "New jobs"
unit = "jobs"
target = 100

[indicators.jobs.fr]
label = "Nouveaux emplois"
unit = "emplois"

[indicators.exports]
label = "Exports"
unit = "MAD"
target = 10

[indicators.exports.fr]
label = "Exportations"

[[milestones]]
date = "2016"
title = "Contract signed"
fr = { title = "Contrat signé" }

[[milestones]]
date = "2020"
title = "Deadline"

[[pillars]]
name = "Training"
original_name = "La formation"
fr = { name = "La formation" }
axes = [{ name = "Schools", fr = { name = "Écoles" } }, { name = "Grants" }]
"""


@pytest.fixture
def french() -> Iterator[None]:
    i18n.use("fr")
    yield
    i18n.reset()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_document(write(tmp_path, text), use_cache=False)
    return [str(problem) for problem in caught.value.problems]


# --------------------------------------------------------------------------- the pure function


def test_the_plan_in_french_takes_every_text_it_gives() -> None:
    plan = plan_from_data(tomli.loads(PLAN))
    french = in_language(plan, "fr")
    assert french.plan.title == "L'offshoring"
    assert french.indicators["jobs"][:2] == ("Nouveaux emplois", "emplois")
    # A field without a translation keeps the original: the currency stays.
    assert french.indicators["exports"][:2] == ("Exportations", "MAD")
    assert [m.title for m in french.milestones] == ["Contrat signé", "Deadline"]
    pillar = french.pillars[0]
    assert (pillar.name, pillar.original_name) == ("La formation", "La formation")
    assert isinstance(pillar.axes, tuple)
    assert [axis.name for axis in pillar.axes] == ["Écoles", "Grants"]
    # Nothing else moves: only the text fields differ.
    assert french._replace(plan=plan.plan, indicators=plan.indicators,
                           milestones=plan.milestones, pillars=plan.pillars) == plan
    assert french.plan._replace(title=plan.plan.title) == plan.plan
    assert french.indicators["jobs"]._replace(label="New jobs", unit="jobs") == \
        plan.indicators["jobs"]


def test_a_language_the_plan_does_not_give_is_the_plan_as_written() -> None:
    plan = plan_from_data(tomli.loads(PLAN))
    assert in_language(plan, "en") is plan


def test_an_untranslated_plan_is_returned_as_it_is() -> None:
    plan = plan_from_data({"plan": {"title": "T", "start": dt.date(2020, 1, 1),
                                    "deadline": dt.date(2021, 1, 1)},
                           "indicators": {"x": {"label": "X", "unit": "u"}}})
    assert in_language(plan, "fr") is plan


def test_a_plan_written_in_french_can_give_its_english() -> None:
    plan = plan_from_data({
        "plan": {"title": "Le plan", "start": dt.date(2020, 1, 1),
                 "deadline": dt.date(2021, 1, 1), "locale": "fr", "en": {"title": "The plan"}},
        "indicators": {"x": {"label": "Emplois", "unit": "emplois",
                             "en": {"label": "Jobs", "unit": "jobs"}}}})
    assert in_language(plan, "en").plan.title == "The plan"
    assert in_language(plan, "en").indicators["x"][:2] == ("Jobs", "jobs")
    assert in_language(plan, "fr") == plan


def test_the_plain_types_say_which_text_they_carry() -> None:
    text = {"fr": {"name": "Écoles"}}
    assert Axis("Schools", translations=text)._replace(name="Écoles") == Axis(
        "Écoles", translations=text)
    assert Indicator("Jobs", "jobs").translations == {}
    assert Milestone("2020", "M").translations == {} == Pillar("P").translations


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('label = "Nouveaux emplois"', 'lable = "Nouveaux emplois"',
     "indicators.jobs.fr.lable (line 16): unknown key (did you mean 'label'?)"),
    ('label = "Nouveaux emplois"', 'target = 5',
     "indicators.jobs.fr.target (line 16): unknown key (allowed here: label, unit)"),
    ('label = "Exportations"', 'unit = "dirhams"',
     "indicators.exports.fr.unit (line 25): a money indicator's unit is its currency 'MAD', "
     "which is not translated (remove it: an amount is written in each language's way with "
     "the same currency)"),
    ("[plan.fr]", "[plan.de]",
     "plan.de (line 7): unknown language 'de' (an item's text in another language goes in a "
     "table named by the language's code: en, fr)"),
    ('fr = { title = "Contrat signé" }', 'fr = "Contrat signé"',
     "milestones[0].fr (line 30): must be a table: a [section], or { key = value } "
     "(see docs/plan-format.md)"),
    ('fr = { title = "Contrat signé" }', 'fr = { title = 5 }',
     "milestones[0].fr.title (line 30): must be text in quotes, such as \"Jobs\" "
     "(see docs/plan-format.md)"),
    ('fr = { title = "Contrat signé" }', 'fr = { title = "" }',
     "milestones[0].fr.title (line 30): must not be empty (see docs/plan-format.md)"),
    ('fr = { name = "Écoles" }', 'fr = { nom = "Écoles" }',
     "pillars[0].axes[0].fr.nom (line 40): unknown key (allowed here: name)"),
])
def test_a_mistake_in_a_language_table_is_one_located_line(
        tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert PLAN.count(old) == 1
    path = write(tmp_path, PLAN.replace(old, new))
    with pytest.raises(PlanError) as caught:
        load_document(path, use_cache=False)
    assert [str(p) for p in caught.value.problems] == [f"{path}: {expected}"]


def test_a_money_unit_is_refused_in_french_too(tmp_path: Path, french: None) -> None:
    found = problems(tmp_path, PLAN.replace('label = "Exportations"', 'unit = "dirhams"'))
    assert found == [f"{tmp_path / 'plan.toml'}{NBSP}: indicators.exports.fr.unit (ligne 25)"
                     f"{NBSP}: l'unité d'un indicateur monétaire est sa devise 'MAD', qui ne se "
                     f"traduit pas (retirez-la{NBSP}: un montant s'écrit à la façon de chaque "
                     "langue, dans la même devise)"]


def test_validate_reports_them(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, PLAN.replace("[plan.fr]", "[plan.es]"))
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    assert "plan.es (line 7): unknown language 'es'" in result.err


def test_a_close_key_is_still_suggested_where_a_table_could_be_a_language(
        tmp_path: Path) -> None:
    found = problems(tmp_path, PLAN.replace("[plan.fr]", "[plan.band]"))
    assert found == [f"{tmp_path / 'plan.toml'}: plan.band (line 7): unknown key "
                     "(did you mean 'bands'?)"]


# --------------------------------------------------------------------------- the cache


def test_a_cached_plan_keeps_its_translations(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, PLAN)
    first = load_document(path)

    def no(*args: object) -> None:
        raise AssertionError("validated again instead of read from the cache")

    monkeypatch.setattr(validation, "build", no)
    second = load_document(path)
    assert second.plan == first.plan._replace(results=second.plan.results)
    assert second.plan.indicators["jobs"].translations == {
        "fr": {"label": "Nouveaux emplois", "unit": "emplois"}}
    pillar = second.plan.pillars[0]
    assert isinstance(pillar.axes, tuple)
    assert pillar.axes[0].translations == {"fr": {"name": "Écoles"}}
    assert in_language(second.plan, "fr") == in_language(first.plan, "fr")


def _entry(plan_text: str) -> tuple[dict[str, object], bytes, bytes]:
    plan = plan_from_data(tomli.loads(plan_text))
    made_from = cache.digest(plan_text.encode())
    raw = b"".join(entry.encode(cache.key(), made_from, plan, {}, [entry.pack([])]))
    at = len(entry.MAGIC) + 8
    size = int.from_bytes(raw[len(entry.MAGIC): at], "little")
    return json.loads(raw[at: at + size]), raw[at + size:], made_from


def _joined(header: dict[str, object], rest: bytes) -> bytes:
    text = json.dumps(header).encode()
    return entry.MAGIC + len(text).to_bytes(8, "little") + text + rest


def test_an_entry_of_the_former_format_is_not_used() -> None:
    header, rest, made_from = _entry(PLAN)
    entry.decode(_joined(header, rest), cache.key(), made_from)  # as written: read
    with pytest.raises(entry.BadEntry):
        entry.decode(_joined({**header, "format": 5}, rest), cache.key(), made_from)
    plan = header["plan"]
    assert isinstance(plan, dict)
    former = {**plan, "plan": {key: value for key, value in plan["plan"].items()
                               if key != "translations"}}
    with pytest.raises(entry.BadEntry):
        entry.decode(_joined({**header, "format": 5, "plan": former}, rest), cache.key(),
                     made_from)


@pytest.mark.parametrize("translations", [
    {"de": {"title": "Der Plan"}},  # not a language of ours
    {"fr": {"label": "Emplois"}},  # not a field of the plan's text
    {"fr": {}},  # an empty table is not written
    {"fr": {"title": ""}},
    {"fr": {"title": "\x1b]0;t\x07"}},
    {"fr": "Le plan"},
    [],
])
def test_an_entry_with_odd_translations_is_refused(translations: object) -> None:
    header, rest, made_from = _entry(PLAN)
    plan = header["plan"]
    assert isinstance(plan, dict)
    changed = {**plan, "plan": {**plan["plan"], "translations": translations}}
    with pytest.raises(entry.BadEntry):
        entry.decode(_joined({**header, "plan": changed}, rest), cache.key(), made_from)


def test_an_entry_with_a_translated_money_unit_is_refused() -> None:
    header, rest, made_from = _entry(PLAN)
    plan = header["plan"]
    assert isinstance(plan, dict)
    exports = plan["indicators"]["exports"]
    changed = {**plan, "indicators": {**plan["indicators"], "exports": {
        **exports, "translations": {"fr": {"unit": "dirhams"}}}}}
    with pytest.raises(entry.BadEntry):
        entry.decode(_joined({**header, "plan": changed}, rest), cache.key(), made_from)


# --------------------------------------------------------------------------- the seed plan


def test_the_seed_plan_is_the_same_file_in_both_places() -> None:
    assert seed_bytes() == (ROOT / "data" / "plan.toml").read_bytes()
    assert SEED_FILE.read_bytes() == SEED.read_bytes()


def test_the_seed_plan_gives_all_its_text_in_french() -> None:
    plan = plan_from_data(tomli.loads(seed_bytes().decode()))
    assert plan.plan.translations["fr"]["title"]
    for ident, indicator in plan.indicators.items():
        text = indicator.translations["fr"]
        assert text["label"], ident
        assert ("unit" in text) == (indicator.unit == "jobs"), ident
    assert all(milestone.translations["fr"]["title"] for milestone in plan.milestones)
    assert all(pillar.translations["fr"]["name"] == pillar.original_name
               for pillar in plan.pillars)


def test_the_seed_in_french_shows_french_text(run: Run,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = run("--lang", "fr", "status", "--as-of", AS_OF).out
    assert "Plan d'accélération industrielle de l'offshoring 2014-2020" in out
    assert "Nouveaux emplois directs" in out and "69\u202f900 emplois" in out
    assert "Chiffre d'affaires additionnel à l'export" in out
    for english in ("New direct jobs", "jobs ", "Industrial Acceleration", "Plan deadline"):
        assert english not in out
    assert f"Prochain jalon{NBSP}: 2020-12-31 Échéance du plan{NBSP}: 60\u202f000 emplois" in out


def test_the_seed_with_lang_en_shows_its_english_text(run: Run) -> None:
    out = run("--lang", "en", "status", "--as-of", AS_OF).out
    assert "Offshoring: Industrial Acceleration Plan 2014-2020" in out
    assert "New direct jobs" in out and "69,900 jobs" in out
    assert "Nouveaux emplois" not in out and "emplois" not in out


@pytest.mark.parametrize("command", [
    ["history", "jobs", "-f", "json"], ["milestones", "-f", "json"], ["pillars", "-f", "json"],
    ["check", "--as-of", AS_OF, "-f", "json"], ["status", "--as-of", AS_OF, "-f", "markdown"],
    ["report", "--as-of", AS_OF, "-o", "-"],
])
def test_every_command_shows_the_plans_french(run: Run, command: list[str]) -> None:
    french = run("--lang", "fr", *command)
    english = run("--lang", "en", *command)
    assert french.code == english.code and french.code in (0, 1), french.err
    said = {"history": ("Nouveaux emplois directs", "New direct jobs"),
            "milestones": ("Contrat programme offshoring", "Offshoring contract programme"),
            "pillars": ("La formation", "Training"),
            "check": ("Investissements", "Additional export revenue"),
            "status": ("Chiffre d'affaires additionnel", "Additional export revenue"),
            "report": ("Plan d&#39;accélération industrielle", "Industrial Acceleration Plan")}
    french_text, english_text = said[command[0]]
    assert french_text.casefold() in french.out.casefold()
    assert english_text not in french.out
    assert english_text in english.out


def test_a_pillar_named_in_its_original_language_is_named_once(run: Run) -> None:
    table = run("--lang", "fr", "pillars", "--as-of", AS_OF).out
    assert table.count("La formation") == 1
    markdown = run("--lang", "fr", "pillars", "--as-of", AS_OF, "-f", "markdown").out
    assert markdown.count("La formation") == 1
    english = run("--lang", "en", "pillars", "--as-of", AS_OF).out
    assert "Training" in english and english.count("La formation") == 1
    report = run("--lang", "fr", "report", "--as-of", AS_OF, "-o", "-").out
    assert "<td>La formation</td>" in report
    # The JSON keeps the plan's data: the original name, as written.
    document = json.loads(run("--lang", "fr", "pillars", "-f", "json").out)
    assert document["pillars"][3]["name"] == document["pillars"][3]["original_name"]


def test_the_writing_commands_say_the_unit_in_the_runs_language(
        run: Run, tmp_path: Path) -> None:
    path = tmp_path / "seed.toml"
    path.write_bytes(SEED.read_bytes())
    result = run("--lang", "fr", "add-result", "jobs", "70000", "--date", "2019-01-31",
                 "--plan", str(path))
    assert result.code == 0, result.err
    assert "70\u202f000 emplois" in result.out
