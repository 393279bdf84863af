"""The corpus of bad plans: each case is a file under tests/corpus/bad/, its bytes,
and a piece of the one-line error every command must print for it.

``python -m tests.reliability.bad_plans`` rewrites the corpus from this module;
a test checks that the files on disk are exactly these bytes.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "bad"

GOOD = """\
[plan]
title = "Corpus"
start = 2014-01-01
deadline = 2020-12-31

[ecosystems]
CRM = "Customer relationship management"

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 60000

[[results]]
indicator = "jobs"
date = 2018-12-31
value = 69900
"""


def swap(old: str, new: str) -> bytes:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1).encode("utf-8")


def add(extra: str) -> bytes:
    return (GOOD + extra).encode("utf-8")


DEEP_ARRAY = "x = " + "[" * 1000 + "]" * 1000 + "\n"
DEEP_TABLE = "x = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n"

# name -> (bytes, a piece of the expected message)
CASES: dict[str, tuple[bytes, str]] = {
    "toml-missing-value.toml": (swap("target = 60000", "target ="), "line 12: invalid TOML"),
    "toml-unclosed-string.toml": (swap('label = "Jobs"', 'label = "Jobs'), "line 10: invalid TOML"),
    "toml-unclosed-header.toml": (swap("[indicators.jobs]", "[indicators.jobs"),
                                  "line 9: invalid TOML"),
    "toml-bare-word.toml": (swap('unit = "jobs"', "unit = jobs"), "line 11: invalid TOML"),
    # Notepad's "Unicode": UTF-16 with its byte-order mark (UTF-8's mark is read).
    "utf16.toml": (GOOD.encode("utf-16"), "line 1: byte 0xff is not UTF-8"),
    "nul-bytes.toml": (swap('title = "Corpus"', 'title = "Cor\x00pus"'), "invalid TOML"),
    "not-utf8.toml": (GOOD.encode().replace(b"Corpus", b"Corp\xe9s"),
                      "line 2: byte 0xe9 is not UTF-8"),
    "latin1.toml": (GOOD.replace("Customer", "Clientèle").encode("latin-1"),
                    "line 7: byte 0xe8 is not UTF-8"),
    "deep-arrays.toml": (DEEP_ARRAY.encode() + GOOD.encode(), "nested too deeply"),
    "deep-tables.toml": (DEEP_TABLE.encode() + GOOD.encode(), "nested too deeply"),
    "duplicate-key.toml": (swap("target = 60000", "target = 60000\ntarget = 5"),
                           "line 13: invalid TOML"),
    "duplicate-table.toml": (add("\n[indicators.jobs]\nlabel = 'J'\nunit = 'u'\n"),
                             "invalid TOML"),
    "type-title.toml": (swap('title = "Corpus"', "title = 5"), "plan.title (line 2)"),
    "type-start-string.toml": (swap("start = 2014-01-01", 'start = "2014-01-01"'),
                               "plan.start (line 3): must be a TOML date"),
    "type-deadline-datetime.toml": (swap("deadline = 2020-12-31", "deadline = 2020-12-31T10:00:00"),
                                    "plan.deadline (line 4): must be a TOML date"),
    "type-target-string.toml": (swap("target = 60000", 'target = "60000"'),
                                "indicators.jobs.target (line 12): must be a number"),
    "type-target-bool.toml": (swap("target = 60000", "target = true"),
                              "indicators.jobs.target (line 12): must be a number"),
    "type-indicators.toml": (GOOD.split("[indicators.jobs]")[0].replace(
        "[plan]", "indicators = 5\n[plan]").encode(), "indicators (line 1)"),
    "type-results.toml": (GOOD.split("[[results]]")[0].replace(
        "[plan]", 'results = "none"\n[plan]').encode(), "results (line 1)"),
    "type-bands.toml": (swap('title = "Corpus"', 'title = "Corpus"\nbands = { on_track = "high" }'),
                        "plan.bands.on_track (line 3)"),
    "type-locale.toml": (swap('title = "Corpus"', 'title = "Corpus"\nlocale = "de"'),
                         "plan.locale (line 3)"),
    "type-measure.toml": (swap("target = 60000", "target = 60000\nmeasure = 3"),
                          "indicators.jobs.measure (line 13)"),
    "type-value-bool.toml": (swap("value = 69900", "value = false"),
                             "results[0].value (line 17): must be a number"),
    "type-ecosystems.toml": (swap('CRM = "Customer relationship management"', "CRM = 1"),
                             "ecosystems.CRM (line 7)"),
    "nan-target.toml": (swap("target = 60000", "target = nan"),
                        "indicators.jobs.target (line 12): must be a finite number"),
    "inf-target.toml": (swap("target = 60000", "target = inf"),
                        "indicators.jobs.target (line 12): must be a finite number"),
    "overflow-float.toml": (swap("value = 69900", "value = 1e400"),
                            "results[0].value (line 17): must be a finite number"),
    "int-beyond-64-bits.toml": (swap("value = 69900", "value = 99999999999999999999999"),
                                "results[0].value (line 17): is too large"),
    "negative-int-beyond-64-bits.toml": (swap("target = 60000", "target = -9223372036854775809"),
                                         "indicators.jobs.target (line 12): is too large"),
    "unknown-plan-key.toml": (swap('title = "Corpus"', 'title = "Corpus"\ndeadlines = 2020-12-31'),
                              "plan.deadlines (line 3): unknown key (did you mean 'deadline'?)"),
    "unknown-indicator-key.toml": (swap("target = 60000", "target = 60000\nbaseling = 0"),
                                   "indicators.jobs.baseling (line 13): unknown key"),
    "unknown-table.toml": (add("\n[settings]\ncolour = true\n"), "settings (line 19): unknown key"),
    "unknown-result-key.toml": (swap("value = 69900", "value = 69900\nvalu = 1"),
                                "results[0].valu (line 18): unknown key"),
    "unknown-result-indicator.toml": (swap('indicator = "jobs"', 'indicator = "job"'),
                                      "results[0].indicator (line 15): unknown indicator 'job'"),
    "unknown-result-ecosystem.toml": (swap("value = 69900", 'value = 69900\necosystem = "BPO"'),
                                      "results[0].ecosystem (line 18): unknown ecosystem 'BPO'"),
    "bad-identifier.toml": (swap("CRM = ", '"C R M" = '), "is not a valid id"),
    "target-equals-baseline.toml": (swap("target = 60000", "target = 0"),
                                    "indicators.jobs.target (line 12): equals the baseline"),
    "start-after-deadline.toml": (swap("start = 2014-01-01", "start = 2021-01-01"),
                                  "plan.deadline (line 4): 2020-12-31 is not after the start"),
    "indicator-dates-inverted.toml": (swap("target = 60000", "target = 60000\nstart = 2021-01-01"),
                                      "indicators.jobs.start (line 13)"),
    "impossible-date.toml": (swap("date = 2018-12-31", "date = 2019-02-30"),
                             "line 16: invalid TOML"),
    "impossible-month.toml": (swap("start = 2014-01-01", "start = 2014-13-01"),
                              "line 3: invalid TOML"),
    "long-title.toml": (swap('title = "Corpus"', 'title = "' + "x" * 10_000 + '"'),
                        "plan.title (line 2): is 10000 characters long"),
    "control-char-label.toml": (swap('label = "Jobs"', 'label = "Jo\\u0007bs"'),
                                "indicators.jobs.label (line 10): contains the control or "
                                "format character U+0007"),
    "ansi-escape-note.toml": (swap("value = 69900", 'value = 69900\nnote = "\\u001b[31mred"'),
                              "results[0].note (line 18): contains the control or format "
                              "character U+001B"),
    "bidi-override-label.toml": (swap('label = "Jobs"', 'label = "Jobs \u202egnp.exe"'),
                                 "character U+202E"),
    "zero-width-source.toml": (swap("value = 69900", 'value = 69900\nsource = "a\u200bb"'),
                               "character U+200B"),
    "empty.toml": (b"", "plan: is required"),
    "only-comments.toml": (b"# nothing here\n", "plan: is required"),
    "missing-title.toml": (swap('title = "Corpus"\n', ""), "plan.title (line 1): is required"),
    "bands-inverted.toml": (swap('title = "Corpus"', 'title = "Corpus"\n'
                                 "bands = { on_track = 0.4, at_risk = 0.6 }"),
                            "plan.bands.at_risk (line 3): 0.6 is above on_track 0.4"),
    "milestone-bad-month.toml": (add('\n[[milestones]]\ndate = "2016-13"\ntitle = "M"\n'),
                                 "milestones[0].date (line 20)"),
    "milestone-unknown-indicator.toml": (add('\n[[milestones]]\ndate = 2016-01-01\ntitle = "M"\n'
                                             'indicators = ["jobz"]\n'),
                                         "milestones[0].indicators (line 22): unknown indicator"),
    "pillar-negative-axes.toml": (add('\n[[pillars]]\nname = "P"\naxes = -3\n'),
                                  "pillars[0].axes (line 21)"),
    "pillar-axis-count-mismatch.toml": (add('\n[[pillars]]\nname = "P"\naxis_count = 2\n'
                                            '[[pillars.axes]]\nname = "a"\n'),
                                        "pillars[0].axis_count (line 21): says 2 axes but 1"),
    "axis-bad-status.toml": (add('\n[[pillars]]\nname = "P"\n[[pillars.axes]]\nname = "a"\n'
                                 'status = "finished"\n'),
                             "pillars[0].axes[0].status (line 23)"),
    "unknown-table-prefix.toml": (add('\n[indicator.typo]\nlabel = "Typo"\n'),
                                  "indicator (line 19): unknown key (did you mean 'indicators'?)"),
    # Dates outside the years 0001 to 9998: the end of their period, or the day
    # after it, is not a date the tool can count with.
    "milestone-year-0000.toml": (add('\n[[milestones]]\ndate = "0000"\ntitle = "M"\n'),
                                 "milestones[0].date (line 20): '0000' is out of range"),
    "milestone-month-0000-05.toml": (add('\n[[milestones]]\ndate = "0000-05"\ntitle = "M"\n'),
                                     "milestones[0].date (line 20): '0000-05' is out of range"),
    "milestone-month-9999-12.toml": (add('\n[[milestones]]\ndate = "9999-12"\ntitle = "M"\n'),
                                     "milestones[0].date (line 20): '9999-12' is out of range"),
    "milestone-day-9999.toml": (add('\n[[milestones]]\ndate = 9999-01-01\ntitle = "M"\n'),
                                "milestones[0].date (line 20): 9999-01-01 is out of range"),
    "deadline-year-9999.toml": (swap("deadline = 2020-12-31", "deadline = 9999-12-31"),
                                "plan.deadline (line 4): 9999-12-31 is out of range: a plan's "
                                "dates fall in the years 0001 to 9998"),
    "indicator-deadline-year-9999.toml": (swap("target = 60000",
                                               "target = 60000\ndeadline = 9999-06-30"),
                                          "indicators.jobs.deadline (line 13): 9999-06-30 is "
                                          "out of range"),
    "result-year-9999.toml": (swap("date = 2018-12-31", "date = 9999-12-31"),
                              "results[0].date (line 16): 9999-12-31 is out of range"),
    "axis-due-year-9999.toml": (add('\n[[pillars]]\nname = "P"\n[[pillars.axes]]\nname = "a"\n'
                                    "due = 9999-03-01\n"),
                                "pillars[0].axes[0].due (line 23): 9999-03-01 is out of range"),
}


def write_corpus() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    for name, (content, _) in CASES.items():
        (CORPUS / name).write_bytes(content)


if __name__ == "__main__":
    write_corpus()
