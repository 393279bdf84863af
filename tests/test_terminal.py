"""What a person sees in a real terminal: ``offshore status`` run in tmux at 40,
60, 80 and 120 columns, the screen read back with ``capture-pane``. Every
indicator's name (each word of its label, and its id) and status are on screen
whole, no line is wider than the terminal, and no figure is split across lines."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import SEED

FRENCH = Path(__file__).parent / "plans" / "fr-edges.toml"
OFFSHORE = Path(sys.executable).with_name("offshore")
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None or not OFFSHORE.exists(),
                                reason="needs tmux and the installed offshore")

CASES = {
    "fr": (FRENCH, "2022-08-01",  # the plan's locale is fr: its words are French too
           {"exports": "atteint en retard", "emplois": "sans données",
            "avant": "échéance dépassée"},
           ["5,20\u00a0Md MAD", "45\u202f000 emplois", "104,0\u202f%"]),
    "en": (SEED, "2019-04-23",
           {"jobs": "achieved", "exports": "at-risk", "investment": "at-risk",
            "contract_jobs": "tracked"},
           ["69,900 jobs", "51,000 jobs"]),
}


def screen(width: int, *args: str, tmp_path: Path) -> str:
    """Run ``offshore ARGS`` in a detached tmux window ``width`` columns wide."""
    session = f"offshore-{uuid.uuid4().hex[:8]}"
    done = tmp_path / f"{session}.done"
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "NO_COLOR")}
    command = " ".join([str(OFFSHORE), *(f"'{arg}'" for arg in args)]) + f"; touch {done}"
    subprocess.run(["tmux", "-L", session, "new-session", "-d", "-s", session, "-x", str(width),
                    "-y", "200", "env", "TERM=xterm-256color", "sh", "-c",
                    command + "; sleep 60"], check=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert done.exists(), "offshore did not finish in the terminal"
        return subprocess.run(["tmux", "-L", session, "capture-pane", "-p", "-t", session],
                              check=True, capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], check=False)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("case", list(CASES))
def test_status_in_a_real_terminal(width: int, case: str, tmp_path: Path) -> None:
    plan, as_of, statuses, figures = CASES[case]
    shown = screen(width, "status", "--plan", str(plan), "--as-of", as_of, tmp_path=tmp_path)
    lines = shown.rstrip("\n").splitlines()
    assert max(len(line) for line in lines) <= width
    words = {word for line in lines for word in line.replace("│", " ").split()}
    import tomllib

    document = tomllib.loads(plan.read_text(encoding="utf-8"))
    for ident, status in statuses.items():
        assert f"[{ident}]" in shown, (ident, shown)
        assert any(status in line for line in lines), (status, shown)  # whole on a line
        for word in document["indicators"][ident]["label"].split():
            assert word in words, (word, shown)
    for figure in figures:  # a figure whole on one line
        assert any(figure in line for line in lines), (figure, shown)
