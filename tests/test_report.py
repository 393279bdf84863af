"""``offshore report``: the page (golden, in English and French), its safety with
hostile plan text, its colours, and the page in a real browser (Chromium,
headless): it loads with no console error and no request but itself, every
chart has a size, a screenshot is taken and it prints to A4 pages.

The browser tests drive Debian's ``chromium`` by its command line (``--dump-dom``,
``--screenshot``, ``--print-to-pdf``) and ``pdfinfo`` (poppler-utils): no test
dependency to install, and the browser CI installs is the one tested. Without
them these tests are skipped; run ``apt-get install -y chromium poppler-utils``
(``.ci/run`` does) to run them.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from offshore_cli import i18n
from offshore_cli.render.report_html import MARK_COLOURS, STATUS_COLOURS

from .conftest import GOLDEN, ROOT, UPDATE_GOLDEN, Run

PLANS = Path(__file__).parent / "plans"
DOCS = ROOT / "docs"
GENERATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def _page(run: Run, *args: str) -> str:
    result = run("report", "--as-of", "2019-04-23", "-o", "-", *args)
    assert result.code == 0, result.err
    return GENERATED.sub("GENERATED", result.out)


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_the_seed_plan_report_matches_its_golden(run: Run) -> None:
    page = _page(run)
    _golden("report-seed.html", page)
    assert len(page.encode()) < 300_000


def test_the_french_report_matches_its_golden(run: Run) -> None:
    page = _page(run, "--lang", "fr")
    assert '<html lang="fr"' in page and "618 jours restants (1 an 8 mois)" in page
    assert "chiffre du 31 décembre 2018" in page and "échéance\u00a0: 31 décembre 2020" in page
    assert "du 1er janvier 2014 au 31 décembre 2020" in page
    _golden("report-seed-fr.html", page)


def test_every_chart_element_is_drawn(run: Run) -> None:
    page = _page(run, "--plan", str(PLANS / "report.toml"))
    for name in ("planned", "projection", "figures", "revision", "as-of", "deadline",
                 "target", "original-target", "original-deadline"):
        assert f'class="{name}"' in page, name
    assert page.count('role="img"') == 4 + 1 + 1  # indicators, ecosystems, milestones
    assert page.count("<details>") == 5 and "<details open" not in page
    assert "Ecosystems" in page and "Pillars" in page and "Milestones" in page


# What each element of a burn-up chart is called in its legend.
LEGEND = {"figures": "recorded figures", "figure": "recorded figures", "planned": "planned path",
          "projection": "trend to the deadline: ", "target": "target: ",
          "original-target": "original target, since revised: ",
          "deadline": "deadline: ", "original-deadline": "original deadline, since revised: ",
          "as-of": "as-of date", "revision": "revision of the target or deadline",
          "number": "the number of the figure's source"}


def _charts(page: str) -> list[tuple[str, str]]:
    """Each burn-up chart's SVG and its legend."""
    return re.findall(r'(<svg class="chart" role="img" aria-labelledby="chart-.*?</svg>)\s*'
                      r'<figcaption>(.*?)</figcaption>', page, re.S)


@pytest.mark.parametrize("plan", ["report.toml", None])
def test_every_element_drawn_has_its_legend_entry(run: Run, plan: str | None) -> None:
    page = _page(run, *(["--plan", str(PLANS / plan)] if plan else []))
    charts = _charts(page)
    assert len(charts) == page.count('aria-labelledby="chart-') > 0
    for svg, escaped in charts:
        legend = html.unescape(escaped)
        drawn = set(re.findall(r'class="([a-z-]+)"', svg)) - {"chart"}
        if re.search(r'<text [^>]*style="font-size: 10px">\d+</text>', svg):
            drawn.add("number")
        assert drawn <= set(LEGEND), drawn - set(LEGEND)
        for name in drawn:
            assert LEGEND[name] in legend, name
        for name in set(LEGEND) - drawn:
            assert LEGEND[name] not in legend, name


def test_a_revised_deadline_is_drawn_whole_labelled_and_named(run: Run) -> None:
    page = _page(run, "--plan", str(PLANS / "report.toml"))
    svg, legend = _charts(page)[0]  # jobs: target and deadline revised
    # The deadline in force lies on the plot's right edge: drawn whole (only the trend
    # is clipped), in a colour of its own, and labelled above the plot.
    assert re.findall(r'<[a-z]+ class="([a-z-]+)"[^>]*clip-path=', page) == ["projection"] * 3
    assert "<g clip-path" not in page
    assert (f'<line class="deadline" x1="600.0" y1="0" x2="600.0" y2="220.0" '
            f'stroke="{MARK_COLOURS["deadline"]}"') in svg
    assert f'text-anchor="end" style="fill: {MARK_COLOURS["deadline"]}">deadline</text>' in svg
    assert f'style="fill: {MARK_COLOURS["as_of"]}">as of</text>' in svg
    assert "deadline: 2021-06-30" in legend
    assert "original deadline, since revised: 2020-12-31" in legend
    assert "original target, since revised: 50,000 jobs" in legend
    # The other indicators were not revised: no original target or deadline.
    for svg, legend in _charts(page)[1:]:
        assert "original" not in svg + legend


def test_the_labels_above_a_chart_take_a_second_row_when_they_would_meet(run: Run) -> None:
    page = _page(run, "--plan", str(PLANS / "report.toml"))  # as of 2019-04-23: one row
    assert page.count('transform="translate(78.0,14.0)"') == 4
    late = run("report", "--plan", str(PLANS / "report.toml"), "--as-of", "2021-02-15",
               "-o", "-").out
    assert late.count('transform="translate(78.0,26.0)"') == 4
    assert '<text x="600.0" y="-15.0" text-anchor="end" style="fill: #cf222e">deadline' in late


def test_nothing_external_and_no_script(run: Run) -> None:
    page = _page(run, "--plan", str(PLANS / "report.toml"))
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"\bsrc=", page)
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))
    assert set(re.findall(r"url\(([^)]*)\)", page)) <= {f"#clip-{n}" for n in range(1, 10)}


HOSTILE = "<script>alert(1)</script> \"quoted' ]]> & <b>bold</b>"


def test_hostile_plan_text_shows_as_text(run: Run, tmp_path: Path) -> None:
    text = (PLANS / "report.toml").read_text(encoding="utf-8")
    long = "x" * 900  # the plan's limit for a note is 1,000 characters

    def toml(value: str) -> str:
        return json.dumps(value)  # a JSON string is a TOML basic string here

    text = text.replace('label = "Direct jobs"', f"label = {toml(HOSTILE)}")
    text = text.replace('source = "Annual report 2016"', f"source = {toml(HOSTILE)}")
    text = text.replace('note = "provisional"', f"note = {toml(long + HOSTILE)}")
    text = text.replace('reason = "Mid-term review: demand fell"',
                        f"reason = {toml(HOSTILE)}")
    text = text.replace('title = "Report test plan"', f"title = {toml(HOSTILE)}")
    plan = tmp_path / "hostile.toml"
    plan.write_text(text, encoding="utf-8")
    page = _page(run, "--plan", str(plan))
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "]]&gt;" in page and "&#34;quoted&#39;" in page
    assert long in page
    # Inside the SVG too: the chart's title and the revision's tooltip.
    svg = page[page.index('<svg class="chart"'):]
    assert "<title id=\"chart-1-title\">&lt;script&gt;" in svg
    assert "revised on 2018-07-01: &lt;script&gt;" in svg


def test_a_10000_character_text_is_written_whole_and_escaped() -> None:
    import datetime as dt

    from offshore_cli.plan import load_document
    from offshore_cli.render import report_html

    document = load_document(PLANS / "report.toml")
    values = report_html.context(report_html.gather(document, dt.date(2019, 4, 23)),
                                 dt.datetime(2019, 4, 23, 12), "0")
    long = "y" * 10_000 + HOSTILE
    values["title"] = long
    values["sources"][0]["source"] = long
    values["charts"][0]["desc"] = long  # inside the SVG
    page = report_html.render(values)
    # <title>, h1, footer, the source and the chart's <desc>
    assert page.count("y" * 10_000 + "&lt;script&gt;") == 5
    assert "<script" not in page


def test_control_characters_never_reach_the_page() -> None:
    # The plan refuses them (validate); the page would show U+FFFD all the same.
    from offshore_cli.render.report_html import _clean

    assert _clean("a\x07b\x1bc\x9fd\te\nf") == "a\ufffdb\ufffdc\ufffdd\te\nf"


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", sorted({*STATUS_COLOURS.values(), *MARK_COLOURS.values(),
                                          "#57606a", "#1f2328", "#0550ae"}))
def test_colours_pass_wcag_aa_on_white(colour: str) -> None:
    assert (1.05) / (_luminance(colour) + 0.05) >= 4.5


def test_the_report_is_written_to_a_file(run: Run, tmp_path: Path) -> None:
    result = run("report", "--as-of", "2019-04-23")
    assert result.code == 0
    written = tmp_path / "offshore-report-ma-offshoring-pai-2014-2020-2019-04-23.html"
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]
    assert run("report", "--as-of", "2019-04-23", "-o", str(written)).code == 0  # replaced


# --- In a real browser ---------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFINFO = shutil.which("pdfinfo")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or PDFINFO is None,
    reason="needs Chromium and pdfinfo: apt-get install -y chromium poppler-utils "
           "(.ci/run installs them)")


def test_the_browser_tests_run_where_they_are_required() -> None:
    """CI (.ci/run) sets OFFSHORE_REQUIRE_BROWSER=1: there the browser tests must run,
    not be skipped."""
    if os.environ.get("OFFSHORE_REQUIRE_BROWSER") == "1":
        assert CHROMIUM is not None and PDFINFO is not None, (
            "OFFSHORE_REQUIRE_BROWSER=1 but chromium or pdfinfo is missing")


FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-background-networking", "--disable-extensions")
# Added to a copy of the page (the report itself has no script): every chart's size,
# and every resource the page asked for, written into the page for --dump-dom.
PROBE = """<script>
const sizes = [...document.querySelectorAll("svg.chart")].map(svg => {
  const box = svg.getBoundingClientRect(); return [box.width, box.height]; });
const asked = performance.getEntriesByType("resource").map(entry => entry.name);
const out = document.createElement("pre"); out.id = "probe";
out.textContent = JSON.stringify({sizes, asked}); document.body.appendChild(out);
</script>"""


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report of the seed plan in English and French, and of the test plan."""
    from offshore_cli.__main__ import main

    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for name, args in {"en": ["--lang", "en"], "fr": ["--lang", "fr"],
                       "full": ["--plan", str(PLANS / "report.toml")]}.items():
        path = folder / f"{name}.html"
        try:
            assert main(["report", "--as-of", "2019-04-23", "-o", str(path), *args]) == 0
        finally:
            i18n.use("en")
        made[name] = path
    return made


@needs_browser
@pytest.mark.parametrize("name", ["en", "full"])
def test_the_page_loads_alone_with_every_chart_drawn(pages: dict[str, Path], name: str,
                                                     tmp_path: Path) -> None:
    page = pages[name].read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = _chromium("--enable-logging=stderr", "--v=0", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout)
    assert found, done.stderr
    result = json.loads(found.group(1))
    assert result["asked"] == []
    assert len(result["sizes"]) == page.count('<svg class="chart"') > 0
    assert all(width > 0 and height > 0 for width, height in result["sizes"])
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []


@needs_browser
@pytest.mark.parametrize("name", ["en", "fr"])
def test_a_screenshot_of_the_report(pages: dict[str, Path], name: str, tmp_path: Path) -> None:
    shot = tmp_path / f"report-{name}.png"
    _chromium("--window-size=1000,1500", f"--screenshot={shot}", pages[name].as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if UPDATE_GOLDEN:  # the README's screenshots
        shutil.copyfile(shot, DOCS / f"report-{name}.png")


@needs_browser
def test_the_report_prints_to_a4_pages(pages: dict[str, Path], tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", pages["full"].as_uri())
    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True)
    pages_line = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert pages_line and int(pages_line.group(1)) >= 2
    assert re.search(r"^Page size:\s+59[45]\.\d* x 841\.\d* pts \(A4\)", info.stdout, re.M)
