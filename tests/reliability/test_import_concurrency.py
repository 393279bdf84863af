"""``import`` under real processes, beside ``add-result``: importers and recorders
at once lose nothing (each import lands whole, in one write). An importer killed
at a random moment is tested with add-result's writer in
``test_crash_and_concurrency.py``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from offshore_cli.__main__ import main
from offshore_cli.store import TEMP_SUFFIX

from .writers import run_beside_recorders

IMPORTER = """
import datetime as dt, sys
from pathlib import Path
from offshore_cli.__main__ import main
plan, writer, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    sheet = Path(plan).with_name(f"sheet-{writer}-{i}.csv")
    rows = []
    for k in range(20):
        day = dt.date(2016, 1, 1) + dt.timedelta(days=(writer * count + i) * 20 + k)
        rows.append(f"x,{day},{100000 + writer * 10000 + i * 100 + k}")
    sheet.write_text("indicator,date,value\\n" + "\\n".join(rows) + "\\n", encoding="utf-8")
    code = main(["import", str(sheet), "--plan", plan])
    if code != 0:
        sys.exit(code)
"""


def test_concurrent_importers_and_recorders_lose_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    text = run_beside_recorders(plan, IMPORTER, writers=3, count=8)
    values = [r["value"] for r in tomllib.loads(text)["results"]]
    recorded = sorted(w * 1000 + i for w in range(3) for i in range(8))
    imported = sorted(100000 + w * 10000 + i * 100 + k
                      for w in range(3) for i in range(8) for k in range(20))
    assert sorted(values) == sorted(recorded + imported)
    # Each import's twenty figures are together in the file: one write each.
    positions = [at for at, value in enumerate(values) if value >= 100000]
    for start in range(0, len(positions), 20):
        block = positions[start:start + 20]
        assert block == list(range(block[0], block[0] + 20))
    assert main(["validate", "--plan", str(plan)]) == 0
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))
