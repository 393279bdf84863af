"""Time ``offshore import`` of 10,000 rows into the seed plan, against ``offshore
validate`` of the resulting plan with the cache off.

One command, from the project root with the dev virtualenv::

    python benchmarks/import_bench.py [--rows 10000] [--repeat 5]

The script writes a long-layout CSV of ROWS figures for the seed plan's
indicators (``jobs``, ``exports``, ``investment``, ``contract_jobs`` in turn, one
a day from 2016-01-01 on, none on a date the seed plan already has), then, in
turn, ``--repeat`` times:

``import``
    ``offshore import SHEET --plan COPY`` on a fresh copy of the seed plan (made
    before the clock starts); the copy must then hold ROWS more figures.
``validate``
    ``offshore validate --plan RESULT`` with ``OFFSHORE_CACHE=off``, RESULT the
    plan an import made.

Each command is started by ``benchmarks/launcher.py`` (as in ``run.py``), which
reports its wall time and peak memory. The script prints the medians and the
ratio import/validate; the bar is 2x (the import is one write: it reads and
checks the plan once, reads the sheet, and proves the appended blocks).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import base_env, offshore_executable, run_measured, start_launcher

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src" / "offshore_cli" / "seed_plan.toml"
INDICATORS = ("jobs", "exports", "investment", "contract_jobs")
SEED_DAY = dt.date(2018, 12, 31)


def write_sheet(path: Path, rows: int) -> None:
    lines = ["indicator,date,value,note"]
    first = dt.date(2016, 1, 1)
    for row in range(rows):
        day = first + dt.timedelta(days=row // len(INDICATORS))
        if day >= SEED_DAY:  # the seed plan's figures are on that day
            day += dt.timedelta(days=1)
        indicator = INDICATORS[row % len(INDICATORS)]
        lines.append(f"{indicator},{day.isoformat()},{1000 + row},row {row}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start_launcher()
    exe = str(offshore_executable())
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sheet = work / "figures.csv"
        write_sheet(sheet, args.rows)
        env = base_env()
        env["XDG_CACHE_HOME"] = str(work / "cache")
        off = {**env, "OFFSHORE_CACHE": "off"}
        imports, validates = [], []
        result = work / "result.toml"
        for run in range(args.repeat + 1):  # the first is a warm-up
            copy = work / "plan.toml"
            shutil.copy(SEED, copy)
            sample = run_measured([exe, "import", str(sheet), "--plan", str(copy)], env)
            if sample.returncode != 0:
                sys.stderr.write(sample.stderr.decode())
                return 1
            text = copy.read_text(encoding="utf-8")
            assert text.count("[[results]]") == args.rows + 4, "not every row was imported"
            shutil.copy(copy, result)
            checked = run_measured([exe, "validate", "--plan", str(result)], off)
            if checked.returncode != 0:
                sys.stderr.write(checked.stderr.decode())
                return 1
            if run:
                imports.append(sample)
                validates.append(checked)
    seconds_import = statistics.median(s.seconds for s in imports)
    seconds_validate = statistics.median(s.seconds for s in validates)
    rss_import = max(s.max_rss_kib for s in imports) / 1024
    rss_validate = max(s.max_rss_kib for s in validates) / 1024
    ratio = seconds_import / seconds_validate
    print(f"rows: {args.rows}, repeat: {args.repeat}")
    print(f"import   median {seconds_import:.3f} s, peak {rss_import:.1f} MiB")
    print(f"validate median {seconds_validate:.3f} s, peak {rss_validate:.1f} MiB "
          "(OFFSHORE_CACHE=off)")
    print(f"import/validate: {ratio:.2f}x (bar 2x: {'PASS' if ratio <= 2 else 'MISS'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
