"""``revise-target`` under real processes, as ``add-result`` is tested in
``test_crash_and_concurrency.py``: writers of revisions and of figures at once
lose nothing, and a full disk leaves the plan intact. A reviser killed at any
moment is tested with add-result's writer in ``test_crash_and_concurrency.py``."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from offshore_cli.__main__ import main
from offshore_cli.store import TEMP_SUFFIX

from .writers import HEADER, results_block, run_beside_recorders

REVISER = """
import datetime as dt, sys
from offshore_cli.__main__ import main
plan, writer, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    day = dt.date(2016, 1, 1) + dt.timedelta(days=writer * count + i)
    code = main(["revise-target", "x", "--target", str(2_000_000 + writer * 1000 + i),
                 "--date", day.isoformat(), "--reason", f"writer {writer}, {i}",
                 "--plan", plan])
    if code != 0:
        sys.exit(code)
"""


def test_concurrent_revisers_and_recorders_lose_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    data = tomllib.loads(run_beside_recorders(plan, REVISER, writers=4, count=10))
    assert sorted(r["value"] for r in data["results"]) == sorted(
        w * 1000 + i for w in range(4) for i in range(10))
    assert sorted(r["target"] for r in data["revisions"]) == sorted(
        2_000_000 + w * 1000 + i for w in range(4) for i in range(10))
    assert main(["validate", "--plan", str(plan)]) == 0
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))


FULL_DISK = """
import resource, signal, sys
from offshore_cli.__main__ import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(["revise-target", "x", "--target", "2000000", "--date", "2016-06-30",
               "--reason", "full disk", "--plan", sys.argv[1]]))
"""


def test_a_full_disk_leaves_the_plan_intact(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER + "\n" + results_block(50), encoding="utf-8")
    before = plan.read_bytes()
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(plan), str(len(before) + 10)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert "the file size limit was reached (the original file is unchanged)" in done.stderr
    assert plan.read_bytes() == before
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))
