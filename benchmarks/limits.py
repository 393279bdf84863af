"""How ``offshore`` behaves at the edges of what it accepts: very many indicators,
milestones or results, and lines built to make a pattern backtrack.

One command, from the project root with the dev virtualenv::

    python benchmarks/limits.py [--repeat 3] [--out benchmarks/out] [--cases ...]

The plans are written (or reused) under ``OUT/limits``:

``indicators``
    100,000 indicators, each with a target and one figure (about 14 MB).
``milestones``
    200,000 milestones (about 11 MB).
``results``
    1,000,000 figures of one indicator in the shortest form a figure takes
    (about 57 MB, under the 64 MiB a plan may have).
``whitespace``
    A small valid plan followed by 1 MB of lines of spaces, one of them 8,000
    spaces long.
``figures``
    100,000 figures of one indicator, in the form of ``results`` (most of them
    revisions of 28 dates), for the history table.

The cases, each run ``--repeat`` times after an untimed run that fills the
cache (wall time and the child's own peak RSS from ``os.wait4``, as in
``run.py``):

``status-table`` / ``status-json``
    ``offshore status`` on the ``indicators`` plan, warm cache, output to a file
    (the table is then plain text; ``--terminal`` adds ``FORCE_COLOR=1`` and
    ``COLUMNS=120`` so that the table is drawn as for a terminal).
``milestones-table`` / ``milestones-json``
    ``offshore milestones`` on the ``milestones`` plan, warm cache.
``history-table`` / ``history-json``
    ``offshore history a`` on the ``figures`` plan, warm cache.
``validate-1m`` / ``status-cold-1m``
    ``offshore validate`` and ``offshore status --format json`` with an empty
    cache folder on the ``results`` plan: peak memory is what matters here.
``validate-whitespace``
    ``offshore validate`` on the ``whitespace`` plan.

The bars (a report, not a test): a table takes at most twice its JSON; the
whitespace plan validates in under a second. Results go to
``OUT/limits/results.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (
    fail,
    machine_info,
    offshore_env,
    offshore_executable,
    run_measured,
    start_launcher,
)

LIMITS_VERSION = 1
AS_OF = "2019-04-23"
HEAD = """\
[plan]
title = "Limits"
start = 2014-01-01
deadline = 2020-12-31
currency = "MAD"
"""


def write_indicators(path: Path, count: int = 100_000) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(count):
            out.write(f'\n[indicators.i{number:06d}]\nlabel = "Indicator {number}"\n'
                      f'unit = "jobs"\ntarget = {1000 + number}\n')
        for number in range(count):
            out.write(f'\n[[results]]\nindicator = "i{number:06d}"\ndate = 2018-12-31\n'
                      f"value = {number % 1500}\n")


def write_milestones(path: Path, count: int = 200_000) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD + '\n[indicators.x]\nlabel = "X"\nunit = "jobs"\ntarget = 10\n')
        for number in range(count):
            year = 2014 + number % 7
            out.write(f'\n[[milestones]]\ndate = {year}-{number % 12 + 1:02d}-01\n'
                      f'title = "Milestone {number}"\n')


def write_results(path: Path, count: int = 1_000_000) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD + '\n[indicators.a]\nlabel = "A"\nunit = "jobs"\ntarget = 9\n')
        for number in range(count):
            day = 1 + number % 28
            out.write(f'[[results]]\nindicator="a"\ndate=2018-01-{day:02d}\nvalue={number % 9}\n')


def write_whitespace(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD + '\n[indicators.x]\nlabel = "X"\nunit = "jobs"\ntarget = 10\n')
        out.write(" " * 8000 + "\n")
        for _ in range(1024):
            out.write(" " * 1023 + "\n")


PLANS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "indicators": ("indicators-100000.toml", write_indicators),
    "milestones": ("milestones-200000.toml", write_milestones),
    "results": ("results-1000000.toml", write_results),
    "whitespace": ("whitespace-1mb.toml", write_whitespace),
    "figures": ("results-100000.toml", lambda path: write_results(path, 100_000)),
}

CASES: dict[str, tuple[str, list[str], bool]] = {
    # name: (plan, arguments, cold cache)
    "status-json": ("indicators", ["status", "--as-of", AS_OF, "--format", "json"], False),
    "status-table": ("indicators", ["status", "--as-of", AS_OF], False),
    "milestones-json": ("milestones", ["milestones", "--as-of", AS_OF, "--format", "json"],
                        False),
    "milestones-table": ("milestones", ["milestones", "--as-of", AS_OF], False),
    "history-json": ("figures", ["history", "a", "--format", "json"], False),
    "history-table": ("figures", ["history", "a"], False),
    "validate-1m": ("results", ["validate"], True),
    "status-cold-1m": ("results", ["status", "--as-of", AS_OF, "--format", "json"], True),
    "validate-whitespace": ("whitespace", ["validate"], True),
}


def ensure(folder: Path, name: str) -> Path:
    file_name, write = PLANS[name]
    path = folder / file_name
    stamp = path.with_suffix(".version")
    if not path.exists() or not stamp.exists() or stamp.read_text() != str(LIMITS_VERSION):
        write(path)
        stamp.write_text(str(LIMITS_VERSION))
    return path


def main() -> None:
    start_launcher()  # while this process is small (see run.py)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--terminal", action="store_true")
    args = parser.parse_args()
    # Absolute: offshore ignores a relative XDG_CACHE_HOME, as the XDG specification says.
    folder = args.out.resolve() / "limits"
    folder.mkdir(parents=True, exist_ok=True)
    exe = str(offshore_executable())
    wanted = [name.strip() for name in args.cases.split(",") if name.strip()]
    measured: dict[str, dict[str, float]] = {}
    for name in wanted:
        plan_name, arguments, cold = CASES[name]
        plan = ensure(folder, plan_name)
        warm_home = folder / f"cache-{plan_name}"
        cmd = [exe, *arguments, "--plan", str(plan)]
        env = offshore_env(warm_home)
        if args.terminal:
            env.update({"FORCE_COLOR": "1", "COLUMNS": "120"})
        if not cold:
            first = run_measured(cmd, env)  # fills the cache
            if first.returncode != 0:
                fail(cmd, first)
        seconds, peaks = [], []
        for _ in range(args.repeat):
            home = Path(tempfile.mkdtemp(prefix="offshore-limits-")) if cold else warm_home
            sample = run_measured(cmd, offshore_env(home) if cold else env)
            if cold:
                shutil.rmtree(home, ignore_errors=True)
            if sample.returncode != 0:
                fail(cmd, sample)
            seconds.append(sample.seconds)
            peaks.append(sample.max_rss_kib / 1024)
        measured[name] = {"median_s": statistics.median(seconds), "min_s": min(seconds),
                          "max_s": max(seconds), "peak_rss_mib": statistics.median(peaks),
                          "input_mb": plan.stat().st_size / 1e6}
        row = measured[name]
        print(f"{name:22} {row['input_mb']:7.1f} MB  median {row['median_s']:8.3f} s  "
              f"(min {row['min_s']:.3f}, max {row['max_s']:.3f})  "
              f"peak {row['peak_rss_mib']:8.1f} MiB", flush=True)
    for table, text in (("status-table", "status-json"),
                        ("milestones-table", "milestones-json"),
                        ("history-table", "history-json")):
        if table in measured and text in measured:
            ratio = measured[table]["median_s"] / measured[text]["median_s"]
            verdict = "PASS" if ratio <= 2 else "MISS"
            print(f"{table} / {text}: {ratio:.2f}x (bar <= 2): {verdict}")
    if "validate-whitespace" in measured:
        took = measured["validate-whitespace"]["median_s"]
        print(f"validate-whitespace: {took:.3f} s (bar < 1 s): "
              f"{'PASS' if took < 1 else 'MISS'}")
    (folder / "results.json").write_text(json.dumps(
        {"machine": machine_info(), "repeat": args.repeat, "terminal": args.terminal,
         "cases": measured}, indent=2) + "\n")


if __name__ == "__main__":
    main()
