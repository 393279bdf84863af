"""The data layer's errors and warnings in French, and in English as they were.

Each case is a representative refusal, written out whole in both languages: the
one-line format ``fichier : place (ligne N) : ce qui ne va pas (ce qui serait
juste)`` with a no-break space before each colon, the hints, the French plural of
"and N more problems", and the figures a message quotes. A cache entry holds no
words, so a plan cached by an English run reads the same in a French one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from offshore_cli import cache, i18n, locking
from offshore_cli.consistency import advisories
from offshore_cli.errors import SEED_LABEL, OffshoreError, PlanError, Problem, closest
from offshore_cli.locator import LineLocator
from offshore_cli.numbers import parse_number
from offshore_cli.plan import document_from, load_document
from offshore_cli.recording import Request, build_entry
from offshore_cli.store import append_result

NB = "\u00a0"  # the no-break space French puts before ":", ";", "?" and "!"

BAD_PLAN = b"""\
[plan]
title = "Plan"
start = 2014-01-01
deadline = 2020-12-31

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = "many"
tagret = 3

[[results]]
indicator = "jobs"
date = "2016-12-31"
value = 1000
"""

GOOD_PLAN = b"""\
[plan]
title = "Plan"
start = 2014-01-01
deadline = 2020-12-31
locale = "en"

[ecosystems]
auto = "Automotive"
aero = "Aerospace"

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 60000
ecosystem_targets = { auto = 30000, aero = 20000 }

[[results]]
indicator = "jobs"
date = 2016-12-31
value = 20000
"""


@pytest.fixture
def speak() -> Iterator[Callable[[str], None]]:
    """Install a language for the rest of the test; English again afterwards."""
    yield i18n.use
    i18n.use("en")


def problems_of(raw: bytes, source: str = "plan.toml") -> PlanError:
    with pytest.raises(PlanError) as caught:
        document_from(raw, source, None, use_cache=False)
    return caught.value


def refusal(action: Callable[[], object]) -> OffshoreError:
    with pytest.raises(OffshoreError) as caught:
        action()
    return caught.value


# ---------------------------------------------------------------- plan problems

PLAN_PROBLEMS = {
    "en": [
        "plan.toml: indicators.jobs.target (line 9): must be a number, such as 60000 or 1.5e9",
        "plan.toml: indicators.jobs.tagret (line 10): unknown key (did you mean 'target'?)",
        "plan.toml: results[0].date (line 14): must be a TOML date such as 2020-12-31 "
        "(no quotes, no time)",
    ],
    "fr": [
        f"plan.toml{NB}: indicators.jobs.target (ligne 9){NB}: doit être un nombre, comme "
        "60000 ou 1.5e9",
        f"plan.toml{NB}: indicators.jobs.tagret (ligne 10){NB}: clé inconnue "
        f"(vouliez-vous dire 'target'{NB}?)",
        f"plan.toml{NB}: results[0].date (ligne 14){NB}: doit être une date TOML comme "
        "2020-12-31 (sans guillemets, sans heure)",
    ],
}
MORE_PROBLEMS = {
    "en": " (and 2 more problems: run `offshore validate`)",
    "fr": f" (et 2 autres problèmes{NB}: lancez `offshore validate`)",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_target_type_an_unknown_key_and_a_quoted_date(
        lang: str, speak: Callable[[str], None]) -> None:
    speak(lang)
    error = problems_of(BAD_PLAN)
    assert [str(problem) for problem in error.problems] == PLAN_PROBLEMS[lang]
    assert error.one_line() == PLAN_PROBLEMS[lang][0] + MORE_PROBLEMS[lang]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", " (and 1 more problem: run `offshore validate`)"),
    ("fr", f" (et 1 autre problème{NB}: lancez `offshore validate`)"),
])
def test_one_more_problem_is_singular(lang: str, expected: str,
                                      speak: Callable[[str], None]) -> None:
    speak(lang)
    two = [Problem("plan.toml", "plan.title", "x"), Problem("plan.toml", "plan.start", "y")]
    sep = ": " if lang == "en" else f"{NB}: "
    assert OffshoreError(two).one_line() == f"plan.toml{sep}plan.title{sep}x{expected}"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "plan.toml: plan.deadline (line 4): 9999-12-31 is out of range: a plan's dates "
           "fall in the years 0001 to 9998"),
    ("fr", f"plan.toml{NB}: plan.deadline (ligne 4){NB}: 9999-12-31 est hors limites{NB}: "
           "les dates d'un plan vont de l'année 0001 à l'année 9998"),
])
def test_a_date_out_of_range(lang: str, expected: str, speak: Callable[[str], None]) -> None:
    speak(lang)
    raw = BAD_PLAN.split(b"\n[indicators")[0].replace(b"2020-12-31", b"9999-12-31")
    assert problems_of(raw).one_line() == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "plan.toml: line 2: invalid TOML: Invalid value (see docs/plan-format.md; later "
           "checks need a plan that parses)"),
    ("fr", f"plan.toml{NB}: ligne 2{NB}: TOML invalide{NB}: Valeur invalide (voir "
           f"docs/plan-format.md{NB}; les vérifications suivantes demandent un plan lisible)"),
])
def test_invalid_toml_in_the_readers_words(lang: str, expected: str,
                                           speak: Callable[[str], None]) -> None:
    speak(lang)
    assert problems_of(b"[plan]\ntitle = \n").one_line() == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "plan.toml: line 3: invalid TOML: Cannot declare ('plan',) twice (see "
           "docs/plan-format.md; later checks need a plan that parses)"),
    ("fr", f"plan.toml{NB}: ligne 3{NB}: TOML invalide{NB}: Impossible de déclarer ('plan',) "
           f"deux fois (voir docs/plan-format.md{NB}; les vérifications suivantes demandent "
           "un plan lisible)"),
])
def test_a_toml_message_that_names_what_it_found(lang: str, expected: str,
                                                  speak: Callable[[str], None]) -> None:
    speak(lang)
    assert problems_of(b'[plan]\ntitle = "a"\n[plan]\n').one_line() == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "<embedded seed plan>: plan: is required (see docs/plan-format.md)"),
    ("fr", f"<plan d'exemple intégré>{NB}: plan{NB}: est obligatoire (voir docs/plan-format.md)"),
])
def test_the_seed_plans_label_is_said_in_the_runs_language(
        lang: str, expected: str, speak: Callable[[str], None]) -> None:
    speak(lang)
    assert problems_of(b"", SEED_LABEL).one_line() == expected


# ------------------------------------------------------------ did you mean, known


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["did you mean 'jobs'?", "did you mean 'ITO' or 'Ito'?", "known: none declared",
            "known: auto, aero"]),
    ("fr", [f"vouliez-vous dire 'jobs'{NB}?", f"vouliez-vous dire 'ITO' ou 'Ito'{NB}?",
            f"connus{NB}: aucun déclaré", f"connus{NB}: auto, aero"]),
])
def test_closest(lang: str, expected: list[str], speak: Callable[[str], None]) -> None:
    speak(lang)
    assert [closest("jobz", ["jobs", "exports"]), closest("ito", ["ITO", "Ito"]),
            closest("x", []), closest("zzzzzz", ["auto", "aero"])] == expected


# ------------------------------------------------------------- numbers typed in


@pytest.mark.parametrize(("lang", "text", "locale", "expected"), [
    ("en", "1,5 billion", "fr",
     "value '1,5 billion': 'billion' means 10^12 in French but 10^9 in English "
     '(write "1,5 Md" or "1,5 milliards")'),
    ("fr", "1,5 billion", "fr",
     f"valeur '1,5 billion'{NB}: 'billion' vaut 10^12 en français mais 10^9 en anglais "
     '(écrivez "1,5 Md" ou "1,5 milliards")'),
    ("en", "1.234", "en",
     "value '1.234': ambiguous under locale en: '.' then three digits could be 1.234 or, "
     'in French style, 1,234 (write "1.234" for the decimal reading or "1,234" for the '
     "thousands reading)"),
    ("fr", "1.234", "en",
     f"valeur '1.234'{NB}: ambigu avec la locale en{NB}: '.' suivi de trois chiffres peut "
     "valoir 1.234 ou, à la française, 1,234 (écrivez \"1.234\" pour la lecture décimale "
     'ou "1,234" pour la lecture en milliers)'),
    ("en", "12 widgets", "en",
     "value '12 widgets': unknown word 'widgets' after the number (accepted words: k, "
     "thousand, mille, M, million(s), Md, Mds, milliard(s), bn, billion(s))"),
    ("fr", "12 widgets", "en",
     f"valeur '12 widgets'{NB}: mot inconnu 'widgets' après le nombre (mots acceptés{NB}: "
     "k, thousand, mille, M, million(s), Md, Mds, milliard(s), bn, billion(s))"),
])
def test_a_number_that_cannot_be_read_and_its_hint(
        lang: str, text: str, locale: str, expected: str,
        speak: Callable[[str], None]) -> None:
    speak(lang)
    assert refusal(lambda: parse_number(text, locale)).one_line() == expected


# -------------------------------------------------------------- a locked plan


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "{plan}: the lock file plan.toml.lock has been locked for 0.05 s (wait for it to "
           "finish and try again; OFFSHORE_LOCK_TIMEOUT sets the wait)"),
    ("fr", f"{{plan}}{NB}: le fichier de verrou plan.toml.lock est verrouillé depuis 0.05 s "
           f"(attendez qu'il ait fini et réessayez{NB}; OFFSHORE_LOCK_TIMEOUT règle l'attente)"),
])
def test_a_locked_plan(lang: str, expected: str, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch,
                       speak: Callable[[str], None]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(GOOD_PLAN)
    monkeypatch.setattr(locking, "holder_of", lambda info: None)  # the holder: below
    speak(lang)
    with (tmp_path / "plan.toml.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        error = refusal(lambda: append_result(plan, lambda document: {}, lock_timeout=0.05))
    assert error.one_line() == expected.format(plan=plan)
    assert plan.read_bytes() == GOOD_PLAN


@pytest.mark.parametrize(("lang", "word"), [("en", "process"), ("fr", "processus")])
def test_the_holder_of_a_lock(lang: str, word: str, tmp_path: Path,
                              speak: Callable[[str], None]) -> None:
    speak(lang)
    path = tmp_path / "held"
    path.write_text("")
    with path.open() as holder:
        fcntl.flock(holder, fcntl.LOCK_SH)
        named = locking.holder_of(os.fstat(holder.fileno())) or ""
    assert named.startswith(f"{word} {os.getpid()} (")


# ------------------------------------------------ recording, and figures in words


def request(**changes: object) -> Request:
    fields: dict[str, object] = {
        "indicator": "jobs", "value_text": "25000", "day": dt.date(2016, 12, 31),
        "today": dt.date(2019, 4, 23), "recorded": dt.datetime(2019, 4, 23, 10, 0)}
    return Request(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["--date: jobs on 2016-12-31 already has a figure (20,000 jobs) (add --revise to "
            "record a revised figure; the original stays in the file)",
            "INDICATOR: unknown indicator 'jbos' (did you mean 'jobs'?)",
            "--date: 2020-01-01 is in the future (today is 2019-04-23) (record a figure once "
            "it is known)",
            "--note: is 1001 characters long; at most 1000 are allowed (give plain printable "
            "text)"]),
    ("fr", [f"--date{NB}: jobs au 2016-12-31 a déjà un chiffre (20\u202f000 jobs) (ajoutez "
            f"--revise pour enregistrer un chiffre révisé{NB}; l'original reste dans le "
            "fichier)",
            f"INDICATOR{NB}: indicateur inconnu 'jbos' (vouliez-vous dire 'jobs'{NB}?)",
            f"--date{NB}: 2020-01-01 est dans le futur (nous sommes le 2019-04-23) "
            "(enregistrez un chiffre une fois qu'il est connu)",
            f"--note{NB}: fait 1001 caractères{NB}; 1000 au plus sont permis (donnez du texte "
            "simple et imprimable)"]),
])
def test_figures_refused_on_the_command_line(lang: str, expected: list[str],
                                             speak: Callable[[str], None]) -> None:
    document = document_from(GOOD_PLAN, "plan.toml", None, use_cache=False)
    speak(lang)
    found = [refusal(lambda changes=changes: build_entry(  # type: ignore[misc]
        document.plan, document.series, request(**changes))).one_line()
        for changes in ({}, {"indicator": "jbos"}, {"day": dt.date(2020, 1, 1)},
                        {"note": "n" * 1001})]
    assert found == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "plan.toml: indicators.jobs.ecosystem_targets (line 15): add up to 50,000 jobs, "
           "not the target 60,000 jobs (per-ecosystem targets usually share out the "
           "indicator's target)"),
    # A French sentence writes its figures the French way, whatever the plan's locale.
    ("fr", f"plan.toml{NB}: indicators.jobs.ecosystem_targets (ligne 15){NB}: totalisent "
           "50\u202f000 jobs, et non la cible 60\u202f000 jobs (les cibles par écosystème se "
           "partagent d'ordinaire la cible de l'indicateur)"),
])
def test_a_warning_quotes_figures_in_the_runs_language(
        lang: str, expected: str, speak: Callable[[str], None]) -> None:
    document = document_from(GOOD_PLAN, "plan.toml", None, use_cache=False)
    speak(lang)
    warnings = advisories(document.plan, "plan.toml", LineLocator(document.text),
                          dt.date(2019, 4, 23))
    assert [str(warning) for warning in warnings] == [expected]


# ------------------------------------------------------- nothing cached in words


def test_a_cache_entry_holds_no_words(tmp_path: Path, speak: Callable[[str], None]) -> None:
    # The same plan cached by a French run and by an English one: the same bytes.
    plan = tmp_path / "plan.toml"
    plan.write_bytes(GOOD_PLAN)
    made: dict[str, bytes] = {}
    for lang in ("fr", "en"):
        speak(lang)
        load_document(plan)
        (name,) = cache.entry_names()
        entry = cache.location() / name
        made[lang] = entry.read_bytes()
        entry.unlink()
    assert made["fr"] == made["en"]


def test_a_plan_cached_in_english_is_refused_in_french(
        tmp_path: Path, speak: Callable[[str], None]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(GOOD_PLAN)
    load_document(plan)  # an English run caches the plan
    speak("fr")
    document = load_document(plan)
    assert cache.load(document.hashed.digest()) is not None  # this one came from the cache
    error = refusal(lambda: build_entry(document.plan, document.series,
                                        request(ecosystem="aeor")))
    assert error.one_line() == (f"--ecosystem{NB}: écosystème inconnu 'aeor' "
                                f"(vouliez-vous dire 'aero'{NB}?)")
