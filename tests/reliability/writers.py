"""The plan and the writer process the store's tests share: a plan whose comments
and layout must survive every writer, a script that records figures in a loop, and
a block of many figures, and a way to run writers of two kinds at once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

HEADER = """\
# Comments and layout must survive every writer.
[plan]
title = "Store test"
start = 2014-01-01
deadline = 2020-12-31

[indicators.x]
label = "X"
unit = "things"
target = 1000000
measure = "increment"
"""

WRITER = """
import datetime as dt, sys
from offshore_cli.__main__ import main
plan, writer, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    day = dt.date(2015, 1, 1) + dt.timedelta(days=writer * count + i)
    code = main(["add-result", "x", str(writer * 1000 + i), "--date", day.isoformat(),
                 "--plan", plan])
    if code != 0:
        sys.exit(code)
"""



def results_block(count: int) -> str:
    lines = []
    for i in range(count):
        day = dt.date(2014, 1, 1) + dt.timedelta(days=i % 300)
        lines.append(f"[[results]]\nindicator = \"x\"\ndate = {day}\nvalue = {i}\n"
                     f"note = \"bulk figure {i} # not a comment\"\n")
    return "\n".join(lines)


def run_beside_recorders(plan: Path, other: str, writers: int, count: int) -> str:
    """Start ``writers`` processes of ``WRITER`` (add-result) and as many of
    ``other`` (a script taking the plan, the writer's number and ``count``), all on
    ``plan`` (written with ``HEADER`` first), wait for them, check each succeeded,
    and return the plan's text, which must still start with ``HEADER``."""
    plan.write_text(HEADER, encoding="utf-8")
    env = {**os.environ, "OFFSHORE_LOCK_TIMEOUT": "120"}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(plan), str(w), str(count)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for w in range(writers) for script in (WRITER, other)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()
    text = plan.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    return text
