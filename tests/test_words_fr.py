"""The words of status, check, validate and the writing commands in French: exact
durations, countdowns, ages, status words, headers, footers and messages, and the
French status screen of the seed plan at every width, with no English word left;
the same calls in English read as they always have."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text

from offshore_cli import gate, i18n, progress, timeline
from offshore_cli.errors import Problem, UsageError
from offshore_cli.plan import Validation, load_document
from offshore_cli.progress import STATUSES, EcosystemProgress, PlanReport, evaluate
from offshore_cli.render import check_view, fmt, validate_view, writes_view
from offshore_cli.render.console import make_console
from offshore_cli.render.status_view import StatusView
from offshore_cli.render.view import emit
from offshore_cli.render.wording import (
    axes_line,
    countdown_phrase,
    reason_words,
    share_reason_words,
    status_footer,
    status_word,
)
from offshore_cli.timeline import AxisCounts, MilestoneView

from .conftest import SEED

TRAJECTORIES = Path(__file__).parent / "plans" / "trajectories.toml"

D = dt.date
NBSP, NNBSP = "\u00a0", "\u202f"
REVIEW_DAY = D(2019, 4, 23)
# English words the French status screen must not show (the plan's own text has none).
ENGLISH = ("days", "left", "Target", "Status", "Progress", "Indicator", "Next", "milestone",
           "achieved", "at-risk", "tracked", "old", "months", "Actual", "Expected", "Pillars",
           "pillars", "ago", "today", "Period", "as of")


@pytest.fixture
def french() -> Iterator[None]:
    i18n.use("fr")
    yield
    i18n.use("en")


def seed_report(locale: str) -> tuple[PlanReport, StatusView]:
    document = load_document(SEED)
    report = evaluate(document.plan, REVIEW_DAY, series=document.series)._replace(locale=locale)
    view = StatusView(report, timeline.milestones(document.plan, REVIEW_DAY),
                      timeline.pillars(document.plan, REVIEW_DAY))
    return report, view


def milestone(due: dt.date, as_of: dt.date) -> MilestoneView:
    return MilestoneView(title="Revue", date_text=due.isoformat(), precision="day", due=due,
                         done=None, indicators=(), note=None, days_left=(due - as_of).days,
                         state="upcoming")


# --- Durations, countdowns, ages ---------------------------------------------

@pytest.mark.parametrize(("n", "english", "french_words"), [
    (0, "0 days", "0 jour"), (1, "1 day", "1 jour"), (2, "2 days", "2 jours"),
])
def test_a_count_of_days_takes_the_french_singular_for_0_and_1(
        n: int, english: str, french_words: str) -> None:
    assert i18n.ngettext("{n} day", "{n} days", n).format(n=n) == english
    i18n.use("fr")
    try:
        assert i18n.ngettext("{n} day", "{n} days", n).format(n=n) == french_words
    finally:
        i18n.use("en")


@pytest.mark.parametrize(("earlier", "later", "english", "french_words"), [
    (D(2020, 12, 30), D(2020, 12, 31), "1 day", "1 jour"),
    (D(2020, 12, 29), D(2020, 12, 31), "2 days", "2 jours"),
    (D(2020, 1, 7), D(2020, 3, 1), "1 month 23 days", "1 mois 23 jours"),
    (D(2020, 1, 1), D(2020, 5, 20), "4 months", "4 mois"),
    (D(2019, 4, 23), D(2020, 12, 31), "1 year 8 months", "1 an 8 mois"),
    (D(2014, 1, 1), D(2020, 1, 1), "6 years", "6 ans"),
    (D(2019, 1, 1), D(2020, 2, 1), "1 year 1 month", "1 an 1 mois"),
])
def test_spans(earlier: dt.date, later: dt.date, english: str, french_words: str) -> None:
    assert fmt.span_phrase(earlier, later) == english
    i18n.use("fr")
    try:
        assert fmt.span_phrase(earlier, later) == french_words
    finally:
        i18n.use("en")


@pytest.mark.parametrize(("as_of", "deadline", "locale", "phrase"), [
    (D(2019, 4, 23), D(2020, 12, 31), "fr", "618 jours restants (1 an 8 mois)"),
    (D(2020, 12, 30), D(2020, 12, 31), "fr", "1 jour restant (1 jour)"),
    (D(2020, 12, 29), D(2020, 12, 31), "fr", "2 jours restants (2 jours)"),
    (D(2020, 12, 31), D(2020, 12, 31), "fr", "échéance aujourd'hui"),
    (D(2026, 11, 27), D(2020, 12, 31), "fr", "terminé il y a 5 ans"),
    (D(2021, 1, 31), D(2020, 12, 31), "fr", "terminé il y a 1 mois"),
    (D(2021, 3, 31), D(2020, 12, 31), "fr", "terminé il y a 3 mois"),
    (D(2015, 12, 31), D(2020, 12, 31), "fr", f"1{NNBSP}827 jours restants (5 ans)"),
])
def test_countdowns(french: None, as_of: dt.date, deadline: dt.date, locale: str,
                    phrase: str) -> None:
    assert fmt.countdown(as_of, deadline, locale) == phrase


@pytest.mark.parametrize(("due", "phrase"), [
    (D(2020, 12, 31), "dans 618 jours (1 an 8 mois)"),
    (D(2019, 4, 24), "dans 1 jour"),
    (D(2019, 4, 25), "dans 2 jours"),
    (D(2019, 4, 23), "aujourd'hui"),
    (D(2019, 4, 22), "il y a 1 jour"),
    (D(2019, 4, 20), "il y a 3 jours"),
])
def test_milestone_countdowns(french: None, due: dt.date, phrase: str) -> None:
    assert countdown_phrase(milestone(due, REVIEW_DAY), REVIEW_DAY, "fr") == phrase


def test_ages(french: None) -> None:
    assert fmt.age(REVIEW_DAY, D(2018, 12, 31)) == "il y a 3 mois"
    assert fmt.age(REVIEW_DAY, D(2019, 4, 23)) == "aujourd'hui"
    assert fmt.age(REVIEW_DAY, D(2019, 4, 22)) == "il y a 1 jour"
    assert fmt.age(REVIEW_DAY, D(2019, 4, 20)) == "il y a 3 jours"
    assert fmt.age(REVIEW_DAY, D(2018, 1, 1)) == "il y a 1 an"
    assert fmt.age(REVIEW_DAY, D(2014, 1, 1)) == "il y a 5 ans"
    assert fmt.age(REVIEW_DAY, D(2019, 5, 1)) == "à venir"


@pytest.mark.parametrize(("day", "english", "french_words"), [
    (D(2019, 4, 23), "23 April 2019", "23 avril 2019"),
    (D(2019, 4, 1), "1 April 2019", "1er avril 2019"),
    (D(2020, 2, 29), "29 February 2020", "29 février 2020"),
    (D(2020, 12, 31), "31 December 2020", "31 décembre 2020"),
])
def test_dates_in_prose(day: dt.date, english: str, french_words: str) -> None:
    assert fmt.long_date(day) == english
    i18n.use("fr")
    try:
        assert fmt.long_date(day) == french_words
    finally:
        i18n.use("en")


def test_the_english_words_are_unchanged() -> None:
    assert fmt.countdown(D(2019, 4, 23), D(2020, 12, 31)) == "618 days left (1 year 8 months)"
    assert fmt.countdown(D(2026, 11, 27), D(2020, 12, 31)) == "ended 5 years ago"
    assert fmt.age(REVIEW_DAY, D(2018, 12, 31)) == "3 months old"
    assert countdown_phrase(milestone(D(2019, 4, 24), REVIEW_DAY), REVIEW_DAY) == "in 1 day"
    assert [status_word(status) for status in STATUSES] == list(STATUSES)


# --- Status words, headers, footers -------------------------------------------

def test_status_words_follow_the_glossary(french: None) -> None:
    assert {status: status_word(status) for status in STATUSES} == {
        "achieved": "atteint", "achieved-late": "atteint en retard",
        "on-track": "en bonne voie", "at-risk": "à risque", "off-track": "hors trajectoire",
        "missed": "manqué", "overdue": "échéance dépassée", "no-data": "sans données",
        "tracked": "suivi"}


def test_status_headers_and_footer(french: None) -> None:
    _report, view = seed_report("fr")
    summary = view.summary()
    assert summary.fields == ["Indicateur", "Réalisé", "Cible", "Avancement", "Attendu",
                              "À l'échéance", "Arrivée", "Fait/an", "Requis/an", "Statut"]
    assert summary.lines == [
        "Période du 1er janvier 2014 au 31 décembre 2020 | au 23 avril 2019 | "
        "618 jours restants (1 an 8 mois)"]
    assert view.footer == [
        f"Prochain jalon{NBSP}: 2020-12-31 Plan deadline: 60,000 jobs, 18 bn MAD exports, "
        "1.5 bn MAD investment, dans 618 jours (1 an 8 mois)",
        f"Piliers{NBSP}: 7 piliers, 37 axes (37 non détaillés{NBSP}: décompte seul)"]
    rows = list(summary.rows)
    assert rows[0][1] == f"69{NNBSP}900 jobs\n2018-12-31\nil y a 3 mois"
    assert [row[-1] for row in rows] == ["atteint", "à risque", "à risque", "suivi"]


def test_the_axes_of_pillars_in_words(french: None) -> None:
    counts = AxisCounts(axes=12, itemised=10, done=1, in_progress=2, planned=5, dropped=1,
                        overdue=1)
    assert axes_line(1, counts, "fr") == (
        f"1 pilier, 12 axes{NBSP}: 1 terminé, 2 en cours, 5 prévus, 1 en retard, "
        f"1 abandonné (hors de l'avancement) (2 non détaillés{NBSP}: décompte seul)")
    assert status_footer((), None, REVIEW_DAY, "fr") == []
    upcoming = milestone(D(2019, 4, 22), REVIEW_DAY)
    assert status_footer((upcoming,), None, REVIEW_DAY, "fr") == [
        f"Prochain jalon{NBSP}: aucun à venir"]


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("terminal", [False, True])
def test_the_french_status_screen_fits_and_has_no_english_word(
        french: None, monkeypatch: pytest.MonkeyPatch, width: int, terminal: bool) -> None:
    if terminal:  # bars and box drawing, as on a terminal
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("TERM", "xterm-256color")
    _report, view = seed_report("fr")
    out = io.StringIO()
    view.show(make_console(out, width))
    screen = Text.from_ansi(out.getvalue()).plain
    lines = screen.splitlines()
    assert max(len(line) for line in lines) <= width, screen
    found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", screen)]
    assert not found, (found, screen)
    flat = re.sub(r"[ \n]+", " ", screen)  # wrapped at plain spaces only
    for words in ("atteint", "à risque", "suivi", "il y a 3 mois",
                  "618 jours restants (1 an 8 mois)", f"Prochain jalon{NBSP}:",
                  f"Piliers{NBSP}: 7 piliers, 37 axes"):
        assert words in flat, (words, screen)


def test_the_french_status_markdown(french: None) -> None:
    _report, view = seed_report("fr")
    out = io.StringIO()
    emit(view, "markdown", out)
    text = out.getvalue()
    assert ("| Indicateur | Réalisé | Cible | Avancement | Attendu | À l'échéance | Arrivée "
            "| Fait/an | Requis/an | Statut |") in text
    assert not [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]


def test_the_json_and_csv_stay_english(french: None) -> None:
    _report, view = seed_report("fr")
    document = view.document()
    assert [item["status"] for item in document["indicators"]] == [
        "achieved", "at-risk", "at-risk", "tracked"]
    assert view.records().fields[:3] == ("as_of", "id", "label")


# --- check --------------------------------------------------------------------

def seed_check(min_ratio: float | None = None) -> gate.CheckReport:
    document = load_document(SEED)
    options = gate.CheckOptions(min_ratio={None: min_ratio} if min_ratio is not None else {})
    return gate.check(document.plan, REVIEW_DAY, options, document.series)


def test_check_text_in_french(french: None) -> None:
    assert check_view.text(seed_check(0.6)) == (
        f"ÉCHEC exports{NBSP}: ratio 55.6% < min 60.0% (à risque){NBSP}; statut à risque "
        "(ratio 55.6%, rythme 77.8%)\n"
        f"ALERTE investment{NBSP}: statut à risque (ratio 66.7%, rythme 93.4%)\n"
        f"contrôle échoué{NBSP}: 1 en échec, 1 alerte, 1 réussi (3 contrôlés, au 23 avril 2019)\n")


def test_check_summary_line_plurals(french: None) -> None:
    assert check_view.summary_line(seed_check()) == (
        f"contrôle réussi{NBSP}: 0 en échec, 2 alertes, 1 réussi (3 contrôlés, au 23 avril 2019)")


def test_check_json_and_csv_reasons_stay_english(french: None) -> None:
    check = seed_check(0.6)
    reasons = {v["id"]: v["reasons"] for v in check_view.json_document(check)["verdicts"]}
    assert reasons["exports"] == ["ratio 55.6% < min 60.0% (at-risk)",
                                  "status at-risk (ratio 55.6%, pace 77.8%)"]
    assert reasons["contract_jobs"] == ["no target: tracked only"]
    rows = {row["id"]: row for row in check_view.CheckView(check).records().rows}
    assert rows["investment"]["reasons"] == "status at-risk (ratio 66.7%, pace 93.4%)"


def test_check_markdown_and_annotations_in_french(french: None) -> None:
    view = check_view.CheckView(seed_check(0.6))
    summary = view.summary()
    assert summary.fields == ["Indicateur", "Résultat", "Statut", "Ratio", "Rythme", "Raison"]
    rows = {row[0]: row for row in summary.rows}
    assert rows["Jobs under performance contracts (contract_jobs)"][1:3] == ["ignoré", "suivi"]
    assert rows["Jobs under performance contracts (contract_jobs)"][-1] == (
        f"pas de cible{NBSP}: suivi seulement")
    github = check_view.github(view.check)
    assert (f"::warning title=offshore check{NBSP}%3A Investment [investment]::"
            f"investment{NBSP}: statut à risque") in github


def test_the_gate_errors_in_french(french: None) -> None:
    with pytest.raises(UsageError) as caught:
        gate.parse_statuses("off-track,late", "--fail-on")
    assert str(caught.value).endswith(
        f"--fail-on{NBSP}: statut inconnu 'late' (statuts{NBSP}: "
        "achieved, achieved-late, on-track, at-risk, off-track, missed, overdue, no-data, "
        "tracked)")
    nothing = gate.nothing_to_check(gate.CheckReport(seed_check().report, (), False))
    assert nothing is not None
    assert nothing.message == f"rien à contrôler{NBSP}: le plan n'a aucun indicateur"
    assert nothing.hint == "ajoutez des tables [indicators.ID] avec une cible"


# --- validate and the writing commands ------------------------------------------

def test_validate_lines_in_french(french: None) -> None:
    valid = Validation("data/plan.toml", (), (), {"indicator": 4, "result": 9,
                                                   "milestone": 1, "pillar": 7}, "fr")
    assert validate_view.verdict(valid) == (
        f"data/plan.toml{NBSP}: valide{NBSP}: 4 indicateurs, 9 résultats, 1 jalon, 7 piliers")
    problem = Problem("plan.toml", "indicators.jobs.target", "must be a number", line=12)
    one = Validation("plan.toml", (problem,), (), {})
    assert validate_view.verdict(one) == "1 problème trouvé"
    assert validate_view.verdict(one._replace(problems=(problem,) * 3)) == (
        "3 problèmes trouvés")
    assert validate_view.messages(one)[0].startswith(f"offshore: erreur{NBSP}: ")
    assert validate_view.ValidateView(one).summary().fields == [
        "Gravité", "Ligne", "Emplacement", "Message", "Conseil"]


def test_add_result_confirmation_in_french(french: None) -> None:
    report, _view = seed_report("fr")
    item = next(item for item in report.indicators if item.id == "investment")
    assert writes_view.recorded(item, 1.25e9, D(2019, 12, 31), None, "fr", False) == (
        f"Enregistré{NBSP}: investment = 1,25{NBSP}Md MAD au 2019-12-31{NBSP}: avancement "
        f"désormais 66,7{NNBSP}%, à risque\n")
    assert writes_view.recorded(item, 1.25e9, D(2019, 12, 31), "ITO", "fr", True,
                                replaced=1.2e9) == (
        f"Simulation, enregistrerait{NBSP}: investment pour ITO = 1,25{NBSP}Md MAD "
        f"(auparavant 1,20{NBSP}Md MAD) au 2019-12-31{NBSP}: avancement alors 66,7{NNBSP}%, "
        "à risque\n")
    assert writes_view.created("plan.toml", blank=True) == (
        f"Modèle vierge écrit dans plan.toml{NBSP}; vérifiez-le avec "
        "`offshore validate --plan plan.toml`\n")


def test_add_result_confirmation_in_english_is_unchanged() -> None:
    report, _view = seed_report("en")
    item = next(item for item in report.indicators if item.id == "investment")
    assert writes_view.recorded(item, 1.25e9, D(2019, 12, 31), None, "en", False) == (
        f"Recorded investment = 1.25{NBSP}bn MAD on 2019-12-31: ratio now 66.7%, at-risk\n")


# --- The engine's reasons and the notes under the table ---------------------------

def test_the_engine_reasons_in_french(french: None) -> None:
    words = {reason: reason_words(reason) for reason in progress.REASONS}
    assert all(words[reason] != reason for reason in progress.REASONS), words
    assert words[progress.NO_FIGURE_SINCE_START] == "aucun chiffre depuis le début"
    assert words[progress.REACHED_LATE] == "cible atteinte après l'échéance"
    day = D(2019, 6, 30)
    share = EcosystemProgress(ecosystem="CRM", name="Relation client", actual=10.0,
                              actual_date=day, share=None, target=None, ratio=None,
                              share_reason=progress.no_total_on(day))
    assert share_reason_words(share) == "pas de total du secteur au 2019-06-30"
    share = share._replace(share_reason=progress.zero_total_on(day))
    assert share_reason_words(share) == "le total au 2019-06-30 est 0"
    share = share._replace(share_reason=progress.SHARE_UNDEFINED)
    assert share_reason_words(share) == "la part est indéfinie"


def test_the_trajectory_marks_are_explained_in_french(french: None) -> None:
    document = load_document(TRAJECTORIES)
    report = evaluate(document.plan, D(2019, 8, 1), series=document.series)
    assert StatusView(report, sdg=True).notes[:2] == [
        f"(g){NBSP}: attendu sur une croissance à taux constant, de la valeur de départ à la "
        "cible (trajectoire compound)",
        f"(c){NBSP}: attendu en lignes droites par les points d'étape du plan (trajectoire "
        "checkpoints)"]
    cells = StatusView(report, sdg=True).summary()
    assert "ODD" in cells.fields
    assert any(cell.endswith("progrès\nmodéré") for row in cells.rows for cell in row)
