"""The French screens of ``history``, ``pillars`` and ``milestones`` (in-process,
``i18n.use("fr")``), exact where the words are theirs: headers, milestone states and
sections, the superseded and revision marks, a revision's text, the heading's terms,
the Markdown titles (history's chart, drawn by ``history_chart.py``, is left out:
its views are built without it here). The sentences the views borrow from
``render/wording.py`` (a countdown, the count of axes) are compared with what that
module says, not spelled out here.

In the expected texts ``~`` stands for a no-break space (U+00A0, before ``:`` and
``;`` in French) and ``^`` for a narrow no-break space (U+202F, in ``60 000`` and
``75,0 %``)."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from offshore_cli import i18n, timeline
from offshore_cli.history import indicator_history
from offshore_cli.plan import load_document
from offshore_cli.render.console import make_console
from offshore_cli.render.history_view import HistoryView
from offshore_cli.render.milestones_view import MilestonesView
from offshore_cli.render.pillars_view import PillarsView
from offshore_cli.render.view import ReportView, markdown
from offshore_cli.render.wording import countdown_phrase, pillars_line

from .conftest import SEED, Run

PLANS = Path(__file__).parent / "plans"
EDGES = PLANS / "fr-edges.toml"
TIMELINE = PLANS / "fr-timeline.toml"
REVIEW = dt.date(2019, 4, 23)
WIDTHS = (40, 60, 80, 120)
# English words of these screens; none may show in French (the plans' own text
# is French, and what wording.py says is taken out before looking).
ENGLISH = ("Value", "Change", "Line", "Recorded", "Ecosystem", "sector", "superseded",
           "revision", "target", "baseline", "deadline", "trajectory", "compound", "bar",
           "in force", "figure", "figures", "charted", "straight line", "Pillar", "Pillars",
           "Done", "In progress", "Planned", "Dropped", "Overdue", "Progress", "When",
           "State", "Milestone", "Milestones", "Countdown", "past", "upcoming", "today",
           "done", "overdue", "No figures", "As of", "to", "line", "running total")


def spaced(text: str) -> str:
    """An expected text with its no-break spaces written ``~`` and ``^``."""
    return text.replace("~", "\u00a0").replace("^", "\u202f")


def english_words(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])",
                                                  text)]


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    i18n.use("fr")
    yield
    i18n.reset()


def screen(view: ReportView, width: int) -> str:
    """What ``view`` prints on a console ``width`` columns wide (a pipe: no colour,
    ASCII rules), without the blanks that pad its lines."""
    out = io.StringIO()
    view.show(make_console(out, width=width))
    return "\n".join(line.rstrip(" ") for line in out.getvalue().split("\n"))


def history(path: Path, ident: str, ecosystem: str | None = None,
            since: dt.date | None = None) -> HistoryView:
    document = load_document(path, figures=True)
    name = document.plan.ecosystems.get(ecosystem) if ecosystem else None
    return HistoryView(indicator_history(document.plan, ident, ecosystem, since=since), name)


def pillars(path: Path, day: dt.date = REVIEW) -> PillarsView:
    return PillarsView(timeline.pillars(load_document(path).plan, day))


def milestones(path: Path, day: dt.date = REVIEW) -> MilestonesView:
    return MilestonesView(timeline.milestones_report(load_document(path).plan, day))


# --- history -----------------------------------------------------------------

def test_history_of_the_sector_and_an_ecosystem() -> None:
    assert screen(history(EDGES, "emplois"), 80) == spaced("""\
Emplois directs créés [emplois]
valeur de départ 0 emplois
cible 60^000 emplois
du 1er janvier 2018 au 31 décembre 2020
+------------------------------------------------------------------------+
| Date       | Écosystème |         Valeur | Variation |  Ratio |  Ligne |
|------------+------------+----------------+-----------+--------+--------|
| 2019-12-31 | secteur    | 45^000 emplois |         - | 75,0^% | 66,6^% |
| 2019-12-31 | CRM        | 30^000 emplois |         - |      - |      - |
+------------------------------------------------------------------------+
""")


def test_history_of_one_ecosystem() -> None:
    assert screen(history(EDGES, "emplois", "CRM"), 100) == spaced("""\
Emplois directs créés [emplois]
Écosystème CRM~: Gestion de la relation client (ses propres chiffres, rapportés à sa propre cible)
valeur de départ 0 emplois, sans cible (suivi), du 1er janvier 2018 au 31 décembre 2020
+-----------------------------------------+
| Date       |         Valeur | Variation |
|------------+----------------+-----------|
| 2019-12-31 | 30^000 emplois |         - |
+-----------------------------------------+
""")


def test_history_with_a_revision_and_a_superseded_figure_in_markdown() -> None:
    assert markdown(history(TIMELINE, "exports").summary()) == spaced("""\
## Exportations \\[exports\\]

valeur de départ 1,00~Md MAD, cible 4,00~Md MAD, du 1er janvier 2018 au 31 décembre 2020, \
trajectoire composée

| Date | Écosystème | Valeur | Variation | Ratio | Ligne | Source | Note |
|---|---|---:|---:|---:|---:|---|---|
| 2018-12-31 (remplacé) | secteur | 1,50~Md MAD | - | 16,7^% | 19,5^% | Office des changes |  |
| 2018-12-31 | secteur | 1,60~Md MAD | - | 20,0^% | 19,5^% | Office des changes, chiffres \
révisés | révision |
| 2019-06-30 (révision) |  | cible 3,50~Md MAD |  |  |  |  | cible révisée à 3,50~Md MAD, \
échéance révisée au 2021-12-31~: Revue à mi-parcours (Comité de pilotage) |
| 2019-12-31 | CRM | 2,50~Md MAD | - | - | - |  |  |
""")


def test_history_in_blocks_on_a_narrow_terminal() -> None:
    assert screen(history(TIMELINE, "exports"), 40) == spaced("""\
Exportations [exports]
valeur de départ 1,00~Md MAD
cible 4,00~Md MAD
du 1er janvier 2018 au 31 décembre 2020
trajectoire composée
2018-12-31 (remplacé)
  Écosystème  secteur
  Valeur      1,50~Md MAD
  Variation   -
  Ratio       16,7^%
  Ligne       19,5^%
  Source      Office des changes

2018-12-31
  Écosystème  secteur
  Valeur      1,60~Md MAD
  Variation   -
  Ratio       20,0^%
  Ligne       19,5^%
  Source      Office des changes,
              chiffres révisés
  Note        révision

2019-06-30 (révision)
  Valeur      cible 3,50~Md MAD
  Note        cible révisée à 3,50~Md
              MAD, échéance révisée au
              2021-12-31~: Revue à
              mi-parcours (Comité de
              pilotage)

2019-12-31
  Écosystème  CRM
  Valeur      2,50~Md MAD
  Variation   -
  Ratio       -
  Ligne       -
""")


def test_history_of_an_increment() -> None:
    assert screen(history(TIMELINE, "flux"), 80) == spaced("""\
Investissement engagé dans l'année [flux]
valeur de départ 0 MAD, cible 900~M MAD, du 1er janvier 2018 au 31 décembre 2020
Valeur~: chaque chiffre~; Total~: leur cumul
+------------------------------------------------------------------+
| Date       |    Valeur |     Total | Variation |  Ratio |  Ligne |
|------------+-----------+-----------+-----------+--------+--------|
| 2018-12-31 | 200~M MAD | 200~M MAD |         - | 22,2^% | 33,2^% |
| 2019-12-31 | 300~M MAD | 500~M MAD |    +300~M | 55,6^% | 66,6^% |
+------------------------------------------------------------------+
""")


def test_no_figures_since_a_date_in_the_plural_and_the_singular() -> None:
    view = history(EDGES, "emplois", since=dt.date(2020, 1, 1))
    said = "Aucun chiffre depuis le 2020-01-01 (2 chiffres antérieurs)."
    assert screen(view, 80).splitlines()[-1] == said
    assert markdown(view.summary()).endswith(f"\n{said}\n")
    assert history(EDGES, "avant", since=dt.date(2018, 1, 1)).summary().empty == (
        "Aucun chiffre depuis le 2018-01-01 (1 chiffre antérieur).")


def test_a_history_of_no_figures(write_plan: Callable[[str], Path]) -> None:
    plan = write_plan(EDGES.read_text(encoding="utf-8").split("[[results]]")[0])
    assert screen(history(plan, "emplois"), 80).splitlines()[-1] == (
        "Aucun chiffre enregistré pour l'instant.")


# --- pillars -----------------------------------------------------------------

def _footer_at(view: PillarsView, text: str) -> int:
    """Where the count of axes (wording.py's) starts in a pillars screen."""
    return text.index(pillars_line(view.report, view.locale)[:12])


def _footer_of(view: PillarsView, text: str, table: str) -> None:
    """``text`` is ``table`` and then the count of axes as wording.py says it."""
    assert text[:_footer_at(view, text)] == table
    assert " ".join(text[len(table):].split()) == " ".join(
        pillars_line(view.report, view.locale).split())


def test_pillars_with_their_axes_counted_by_state() -> None:
    view = pillars(TIMELINE)
    _footer_of(view, screen(view, 100), spaced("""\
+----------------------------------------------------------------------------------------------+
| # | Pilier          | Axes | Terminé | En cours | Prévu | Abandonné | En retard | Avancement |
|---+-----------------+------+---------+----------+-------+-----------+-----------+------------|
| 1 | Formation       |    4 |       1 |        1 |     1 |         1 |         1 | 33,3^%     |
| 2 | Image de marque |    2 |       - |        - |     - |         - |         - | -          |
+----------------------------------------------------------------------------------------------+
"""))


def test_pillars_give_way_by_their_french_headers() -> None:
    view = pillars(TIMELINE)
    _footer_of(view, screen(view, 60), spaced("""\
+----------------------------------------------------------+
| # | Pilier     | Axes | Terminé | En retard | Avancement |
|---+------------+------+---------+-----------+------------|
| 1 | Formation  |    4 |       1 |         1 | 33,3^%     |
| 2 | Image de   |    2 |       - |         - | -          |
|   | marque     |      |         |           |            |
+----------------------------------------------------------+
"""))
    _footer_of(view, screen(view, 40), spaced("""\
1. Formation
  Axes       4
  Terminé    1
  En cours   1
  Prévu      1
  Abandonné  1
  En retard  1
  Avancement 33,3^%

2. Image de marque
  Axes       2
  Terminé    -
  En cours   -
  Prévu      -
  Abandonné  -
  En retard  -
  Avancement -
"""))


def test_pillars_in_markdown() -> None:
    view = pillars(TIMELINE)
    assert markdown(view.summary()) == spaced("""\
## Piliers

Au 2019-04-23.

| \\# | Pilier | Axes | Terminé | En cours | Prévu | Abandonné | En retard | Avancement |
|---:|---|---:|---:|---:|---:|---:|---:|---|
| 1 | Formation | 4 | 1 | 1 | 1 | 1 | 1 | 33,3^% |
| 2 | Image de marque | 2 | - | - | - | - | - | - |

""") + f"- {pillars_line(view.report, view.locale)}\n"


def test_the_seed_plans_pillars() -> None:
    view = pillars(SEED)
    _footer_of(view, screen(view, 80), """\
+-----------------------------------------------+
| # | Pilier                             | Axes |
|---+------------------------------------+------|
| 1 | Investor support                   |    3 |
|   | L'accompagnement des investisseurs |      |
| 2 | Ecosystem certification            |    4 |
|   | La certification des écosystèmes   |      |
| 3 | Brand image                        |    4 |
|   | L'image de marque                  |      |
| 4 | Training                           |    8 |
|   | La formation                       |      |
| 5 | Ecosystem development              |    7 |
|   | Le développement de l'écosystème   |      |
| 6 | Ecosystem progress                 |    7 |
|   | Le progrès de l'écosystème         |      |
| 7 | Monitoring and studies             |    4 |
|   | La veille et les études            |      |
+-----------------------------------------------+
""")


def test_a_plan_without_pillars(write_plan: Callable[[str], Path]) -> None:
    plan = write_plan(TIMELINE.read_text(encoding="utf-8").replace("[[pillars]]", "[[x]]")
                      .split("[[x]]")[0] + "[[results]]" + TIMELINE.read_text(
                          encoding="utf-8").split("[[results]]", 1)[1])
    view = pillars(plan)
    assert screen(view, 80) == "Aucun pilier dans ce plan.\n"
    assert markdown(view.summary()) == (
        "## Piliers\n\nAu 2019-04-23.\n\nAucun pilier dans ce plan.\n")


# --- milestones --------------------------------------------------------------

def test_milestones_in_each_state_in_markdown() -> None:
    view = milestones(TIMELINE)
    ago, today, soon = (countdown_phrase(item, REVIEW, view.locale)
                        for item in view.report.milestones)
    assert markdown(view.summary()) == f"""\
## Jalons

Au 2019-04-23.

| Quand | Date | État | Jalon | Compte à rebours |
|---|---|---|---|---|
| passé | 2018-06-30 | échéance dépassée | Décret d'application | {ago} |
| aujourd'hui | 2019-04-23 | aujourd'hui | Revue à mi-parcours | {today} |
| à venir | 2019-05-01 | à venir | Appel d'offres | {soon} |
"""


def test_milestones_done_in_a_table(write_plan: Callable[[str], Path]) -> None:
    text = TIMELINE.read_text(encoding="utf-8").replace(
        'title = "Revue à mi-parcours"', 'title = "Revue à mi-parcours"\ndone = true').replace(
        'title = "Appel d\'offres"', 'title = "Appel d\'offres"\ndone = true').replace(
        "done = false", "done = true")
    assert screen(milestones(write_plan(text)), 80) == """\
Quand        Date        État  Jalon                 Compte à rebours
passé        2018-06-30  fait  Décret d'application
aujourd'hui  2019-04-23  fait  Revue à mi-parcours
à venir      2019-05-01  fait  Appel d'offres
"""


def test_milestones_in_blocks_on_a_narrow_terminal() -> None:
    view = milestones(TIMELINE)
    ago, today, soon = (countdown_phrase(item, REVIEW, view.locale)
                        for item in view.report.milestones)
    assert screen(view, 40) == f"""\
2018-06-30 Décret d'application
  État             échéance dépassée
  Compte à rebours {ago}

2019-04-23 Revue à mi-parcours
  État             aujourd'hui
  Compte à rebours {today}

2019-05-01 Appel d'offres
  État             à venir
  Compte à rebours {soon}
"""


def test_the_seed_plans_milestones_in_markdown() -> None:
    view = milestones(SEED)
    upcoming = countdown_phrase(view.report.milestones[-1], REVIEW, view.locale)
    assert markdown(view.summary()) == f"""\
## Jalons

Au 2019-04-23.

| Quand | Date | État | Jalon | Compte à rebours |
|---|---|---|---|---|
| passé | 2014 | fait | Industrial Acceleration Plan 2014-2020 starts |  |
|  | 2016 | fait | Offshoring contract programme signed with the government |  |
| aujourd'hui | 2019-04-23 | fait | Review conference in Rabat (APEBI, AMRC, with ADD) |  |
|  | 2019-04-23 | fait | Strategic plan of 7 pillars and 37 axes set up, run by a director |  |
| à venir | 2020-12-31 | à venir | Plan deadline: 60,000 jobs, 18 bn MAD exports, 1.5 bn MAD \
investment | {upcoming} |
"""


def test_a_plan_without_milestones(write_plan: Callable[[str], Path]) -> None:
    plan = write_plan(EDGES.read_text(encoding="utf-8").replace("[[milestones]]", "[[x]]")
                      .split("[[x]]")[0])
    view = milestones(plan)
    assert screen(view, 80) == "Aucun jalon dans ce plan.\n"
    assert markdown(view.summary()).endswith("\nAucun jalon dans ce plan.\n")


# --- every width, no English -------------------------------------------------

def _without_wording(view: ReportView, text: str) -> str:
    """``text`` without the sentences wording.py lends the view (its own words)."""
    if isinstance(view, PillarsView):
        return text[:_footer_at(view, text)]
    if isinstance(view, MilestonesView):
        for item in view.report.milestones:
            for word in countdown_phrase(item, view.report.as_of, view.locale).split():
                text = text.replace(word, "")
    return text


@pytest.mark.parametrize("width", WIDTHS)
def test_french_screens_fit_and_say_no_english_word(width: int) -> None:
    views: list[ReportView] = [
        history(EDGES, "emplois"), history(EDGES, "emplois", "CRM"),
        history(EDGES, "exports"), history(TIMELINE, "exports"), history(TIMELINE, "flux"),
        history(EDGES, "emplois", since=dt.date(2021, 1, 1)),
        pillars(TIMELINE), pillars(EDGES), milestones(TIMELINE), milestones(EDGES)]
    for view in views:
        for text in (screen(view, width), markdown(view.summary())):
            assert english_words(_without_wording(view, text)) == [], text
        assert all(len(line) <= width for line in screen(view, width).splitlines())


def test_english_is_unchanged_after_a_french_run() -> None:
    view = history(TIMELINE, "exports")
    assert "(remplacé)" in markdown(view.summary())
    i18n.use("en")
    text = markdown(history(TIMELINE, "exports").summary())
    assert "| Date | Ecosystem | Value | Change | Ratio | Line | Source | Note |" in text
    assert spaced("| 2019-06-30 (revision) |  | target 3,50~Md MAD |") in text
    assert spaced("target revised to 3,50~Md MAD, deadline revised to 2021-12-31: Revue à "
                  "mi-parcours (Comité de pilotage) |") in text
    assert "2018-12-31 (superseded)" in text
    assert markdown(pillars(TIMELINE).summary()).startswith(
        "## Pillars\n\nAs of 2019-04-23.\n\n| \\# | Pillar | Axes | Done | In progress | "
        "Planned | Dropped | Overdue | Progress |\n")
    assert "| past | 2018-06-30 | overdue | Décret d'application |" in markdown(
        milestones(TIMELINE).summary())


# --- the command line: help and errors ---------------------------------------

COMMANDS = ("status", "validate", "add-result", "revise-target", "import", "history", "report",
            "init", "check", "pillars", "milestones")
# English words of the help and of typer's frame around it. "Options" and "Arguments"
# are French words too (the panels keep them); the commands, their options, the
# values one types (formats, statuses, en|fr, import's field names) and the examples'
# ids are no words.
HELP_ENGLISH = ("Show", "Usage", "Plan file", "default", "Output format", "Commands",
                "Example", "required", "Record", "figure", "figures", "target", "deadline",
                "Indicator", "indicator", "Where", "the", "and", "of", "or", "exit",
                "message", "str", "path", "PATH", "COMMAND", "Only", "Read", "Evaluate",
                "Gate", "Statuses", "Warnings", "Print", "Free", "Language", "Track",
                "Write", "Every", "One", "Under", "today", "value", "file", "e.g.", "int")
IDENTIFIERS = re.compile(r"--?[\w-]+|<[a-z|]+>|\[par défaut\u00a0: [^\]]*\]|"
                         r"\$OFFSHORE_\w+|LC_\w+|\[\[revisions\]\]|'[^']*'|"
                         r"\(indicator, date, value, source, note, ecosystem\)")


def help_english(text: str) -> list[str]:
    """The English words of a help, once the options, placeholders, defaults and
    quoted examples are taken out."""
    # The help's lines joined back (a panel wraps a sentence inside its borders).
    words = IDENTIFIERS.sub(" ", " ".join(re.sub("[│╭╮╰╯─]", " ", text).split()))
    return [word for word in HELP_ENGLISH
            if re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", words)]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_french(run: Callable[..., Run], command: str) -> None:
    done = run("--lang", "fr", *([command] if command else []), "--help")
    assert done.code == 0
    assert "Utilisation\u00a0: offshore" in done.out
    assert "Affiche cette aide et quitte." in done.out
    assert help_english(done.out) == [], done.out


@pytest.mark.parametrize("command", COMMANDS)
def test_the_language_may_follow_the_command(run: Callable[..., Run], command: str) -> None:
    assert run(command, "--help", "--lang", "fr").out == run("--lang", "fr", command,
                                                             "-h").out


def test_the_help_of_a_command_in_french(run: Callable[..., Run],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run("--lang", "fr", "add-result", "--help").out
    assert "\n".join(line.rstrip() for line in out.splitlines()) == spaced("""
 Utilisation~: offshore add-result [OPTIONS] {indicateur} {valeur}

 Enregistre un chiffre~: ajouté au plan, de façon atomique, sous verrou.

╭─ Arguments ──────────────────────────────────────────────────────────────────╮
│ *    indicateur      <texte>  Identifiant de l'indicateur, par ex. jobs.     │
│                               [obligatoire]                                  │
│ *    valeur          <texte>  Le chiffre tel qu'il est écrit~: 69900, '69    │
│                               900', '1,5 MMDH', '500 MDH', 2.5bn.            │
│                               [obligatoire]                                  │
╰──────────────────────────────────────────────────────────────────────────────╯
╭─ Options ────────────────────────────────────────────────────────────────────╮
│ --date               <texte>   Date du chiffre, AAAA-MM-JJ (par défaut~:     │
│                                aujourd'hui).                                 │
│ --source             <texte>   D'où il vient.                                │
│ --note               <texte>   Texte libre.                                  │
│ --ecosystem          <texte>   Un chiffre détaillé, celui d'un écosystème.   │
│ --revise                       Enregistre un chiffre révisé pour une date    │
│                                qui en a déjà un~; l'original reste dans le   │
│                                fichier.                                      │
│ --dry-run                      Montre ce qui serait écrit~; n'écrit rien.    │
│ --locale             <en|fr>   Lit le nombre à l'anglaise, en (1,500.5), ou  │
│                                à la française, fr (1 500,5)~; par défaut~:   │
│                                comme le plan.                                │
│ --plan               <chemin>  Fichier du plan (par défaut~: $OFFSHORE_PLAN, │
│                                ./data/plan.toml, ./plan.toml, puis le plan   │
│                                d'exemple intégré).                           │
│ --help       -h                Affiche cette aide et quitte.                 │
╰──────────────────────────────────────────────────────────────────────────────╯

 Exemple~: offshore add-result investment '1,5 MMDH' --date 2019-12-31 --source
 'Rapport annuel'

""")


def test_the_command_line_alone_shows_the_french_help(run: Callable[..., Run]) -> None:
    done = run("--lang", "fr")
    assert (done.code, done.err) == (0, "")
    assert "Commandes" in done.out and "Suit les cibles chiffrées" in done.out
    assert help_english(done.out) == []


def test_an_english_help_loads_no_translation() -> None:
    """English help is typer's own: neither the catalogue nor cli_words is read."""
    code = ("import io, sys, contextlib\n"
            "from offshore_cli.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['status', '--help'])\n"
            "from offshore_cli import i18n\n"
            "assert i18n._catalogue is None, 'catalogue'\n"
            "assert 'offshore_cli.cli_words' not in sys.modules, 'cli_words'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80"}, check=False)
    assert done.returncode == 0, done.stderr


# The parser's errors and the command layer's, in French and in English.
ERRORS = [
    (["status", "--bogus"],
     "Option inconnue~: --bogus (voir `offshore status --help`)",
     "No such option: --bogus (see `offshore status --help`)"),
    (["history", "--las", "3", "jobs"],
     "Option inconnue~: --las (options possibles~: --last, --plan) "
     "(voir `offshore history --help`)",
     "No such option: --las (Possible options: --last, --plan) "
     "(see `offshore history --help`)"),
    (["history"],
     "Argument manquant~: 'indicateur'. (voir `offshore history --help`)",
     "Missing argument 'indicator'. (see `offshore history --help`)"),
    (["revise-target", "jobs", "--date", "2019-01-01"],
     "Option manquante~: '--reason'. (voir `offshore revise-target --help`)",
     "Missing option '--reason'. (see `offshore revise-target --help`)"),
    (["status", "-f", "xx"],
     "Valeur invalide pour '--format' / '-f'~: 'xx' ne fait pas partie de 'table', 'json', "
     "'csv', 'markdown', 'xlsx'. (voir `offshore status --help`)",
     "Invalid value for '--format' / '-f': 'xx' is not one of 'table', 'json', 'csv', "
     "'markdown', 'xlsx'. (see `offshore status --help`)"),
    (["history", "jobs", "--last", "x"],
     "Valeur invalide pour '--last'~: 'x' n'est pas un nombre entier. "
     "(voir `offshore history --help`)",
     "Invalid value for '--last': 'x' is not a valid int. (see `offshore history --help`)"),
    (["status", "--as-of"],
     "L'option '--as-of' attend une valeur. (voir `offshore --help`)",
     "Option '--as-of' requires an argument. (see `offshore --help`)"),
    (["status", "--sdg=1"],
     "L'option '--sdg' ne prend pas de valeur. (voir `offshore --help`)",
     "Option '--sdg' does not take a value. (see `offshore --help`)"),
    (["bogus"],
     "Commande inconnue~: 'bogus'. (voir `offshore --help`)",
     "No such command 'bogus'. (see `offshore --help`)"),
    (["statu"],
     "Commande inconnue~: 'statu'. Vouliez-vous dire 'status'~? (voir `offshore --help`)",
     "No such command 'statu'. Did you mean 'status'? (see `offshore --help`)"),
    (["history", "a", "b"],
     "Argument en trop (b) (voir `offshore history --help`)",
     "Got unexpected extra argument(s) (b) (see `offshore history --help`)"),
    (["history", "a", "b", "c"],
     "Arguments en trop (b c) (voir `offshore history --help`)",
     "Got unexpected extra argument(s) (b c) (see `offshore history --help`)"),
    (["status", "--as-of", "2019-13-01"],
     "--as-of~: '2019-13-01' n'est pas une date (écrivez AAAA-MM-JJ, par ex. 2019-04-23)",
     "--as-of: '2019-13-01' is not a date (use YYYY-MM-DD, e.g. 2019-04-23)"),
    (["status", "--by-ecosystem", "--ecosystem", "CRM"],
     "--by-ecosystem~: pas avec --ecosystem (--ecosystem montre les propres chiffres d'un "
     "écosystème~; --by-ecosystem détaille chaque indicateur par écosystème)",
     "--by-ecosystem: not with --ecosystem (--ecosystem shows one ecosystem's own figures; "
     "--by-ecosystem breaks every indicator down by ecosystem)"),
    (["init", "a.toml", "--plan", "b.toml"],
     "--plan~: donnez le chemin du nouveau plan une seule fois (CHEMIN ou --plan CHEMIN)",
     "--plan: give the new plan's path once (PATH or --plan PATH)"),
    (["add-result", "jobs", "-5", "--date", "2019-01-01", "--plan", "x.toml"],
     "'-5' est lu comme une option (écrivez une valeur négative après --~: offshore "
     "add-result jobs --date 2019-01-01 --plan x.toml -- -5)",
     "'-5' is read as an option (write a negative value after --: offshore add-result jobs "
     "--date 2019-01-01 --plan x.toml -- -5)"),
    (["add-result", "jobs", "5", "--date", "2019-01-01"],
     "pas de fichier de plan~: le plan d'exemple intégré est en lecture seule",
     "no plan file: the embedded seed plan is read-only"),
]


@pytest.mark.parametrize(("args", "french_error", "english_error"), ERRORS,
                         ids=[" ".join(args) for args, _fr, _en in ERRORS])
def test_errors_in_french_and_in_english(run: Callable[..., Run], args: list[str],
                                         french_error: str, english_error: str) -> None:
    french = run("--lang", "fr", *args)
    assert french.code == 2
    assert french.err.startswith(spaced(f"offshore: erreur~: {french_error}"))
    assert help_english(french.err.split("(voir")[0]) == []
    english = run("--lang", "en", *args)
    assert english.err.startswith(f"offshore: error: {english_error}")
    assert run(*args).err == english.err


def test_a_missing_plan_gives_its_hint_in_french(run: Callable[..., Run]) -> None:
    err = run("--lang", "fr", "add-result", "jobs", "5", "--date", "2019-01-01").err
    assert "lancez `offshore init` pour créer ./data/plan.toml, ou donnez --plan CHEMIN" in err


@pytest.mark.parametrize(("environ", "args", "said"), [
    ({"OFFSHORE_LANG": "fr"}, ["--lang", "de", "status"],
     "offshore: erreur~: --lang~: langue inconnue 'de' (langues~: en, fr)\n"),
    ({"OFFSHORE_LANG": "fr"}, ["status", "--lang"],
     "offshore: erreur~: --lang~: il faut une langue (en ou fr)\n"),
    ({}, ["--lang", "de", "status"],
     "offshore: error: --lang: unknown language 'de' (languages: en, fr)\n"),
])
def test_a_refused_language_is_refused_in_the_language_found_without_it(
        run: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
        environ: dict[str, str], args: list[str], said: str) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    done = run(*args)
    assert (done.code, done.err) == (2, spaced(said))


def test_a_bug_is_reported_in_french(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from offshore_cli import progress
    from offshore_cli.__main__ import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(progress, "evaluate", broken)
    assert main(["--lang", "fr", "status", "--as-of", "2019-04-23"]) == 70
    assert capsys.readouterr().err == spaced(
        "offshore: erreur~: erreur interne~: RuntimeError~: boom\n"
        "offshore: c'est un bogue~; merci de le signaler avec la commande lancée (ajoutez "
        "--debug pour la trace d'appels)\n")


def test_output_that_cannot_be_written_is_said_in_french(
        capsys: pytest.CaptureFixture[str]) -> None:
    from offshore_cli.__main__ import _output_failed

    assert _output_failed(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))) == 74
    assert capsys.readouterr().err == spaced(
        f"offshore: erreur~: impossible d'écrire la sortie~: {os.strerror(errno.ENOSPC)}\n")


@pytest.mark.parametrize("args", [["--help"], ["--lang", "fr", "status", "--help"], []])
def test_a_help_on_a_full_disk_is_exit_74_not_a_bug(tmp_path: Path, args: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run([sys.executable, "-m", "offshore_cli", *args], stdout=full,
                              stderr=subprocess.PIPE, cwd=tmp_path, check=False)
    assert done.returncode == 74
    assert done.stderr.decode().count("\n") == 1
    assert done.stderr.decode().endswith(f": {os.strerror(errno.ENOSPC)}\n")


def test_interrupted_in_french() -> None:
    from offshore_cli.__main__ import _interrupted

    assert _interrupted() == "interrompu"
    i18n.use("en")
    assert _interrupted() == "interrupted"
