"""Files a command writes besides the plan (the report, a workbook): whole or not at
all, never over the plan, never through a link, a pipe or a device, and with the mode
of the file they replace."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from .conftest import ROOT, Run

SEED = ROOT / "data" / "plan.toml"
WRITERS = {
    "report": ["report", "--as-of", "2019-04-23", "-o"],
    "status-xlsx": ["status", "--as-of", "2019-04-23", "-f", "xlsx", "-o"],
    "history-xlsx": ["history", "jobs", "-f", "xlsx", "-o"],
}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    shutil.copyfile(SEED, path)
    return path


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("named", ["plan.toml", "./plan.toml", "{abs}"])
def test_the_output_never_replaces_the_plan(run: Run, plan: Path, writer: str,
                                            named: str) -> None:
    before = plan.read_bytes()
    result = run(*WRITERS[writer], named.format(abs=plan), "--plan", str(plan))
    assert result.code == 2
    assert result.err.endswith("is the plan file: the output would replace the plan "
                               "(give another path for the output)\n")
    assert result.err.count("\n") == 1
    assert plan.read_bytes() == before


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_link_a_pipe_or_a_device_is_refused_not_replaced(run: Run, plan: Path,
                                                          tmp_path: Path, writer: str) -> None:
    link = tmp_path / "link.html"
    link.symlink_to(plan)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = plan.read_bytes()
    for target in (link, fifo, Path(os.devnull), tmp_path):
        result = run(*WRITERS[writer], str(target), "--plan", str(plan))
        assert result.code == 2, target
        assert "is not a regular file (a link, a folder, a pipe or a device) and is not " \
               "replaced" in result.err
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
    assert plan.read_bytes() == before


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_replaced_output_keeps_its_mode(run: Run, plan: Path, tmp_path: Path,
                                          writer: str) -> None:
    out = tmp_path / "out.file"
    assert run(*WRITERS[writer], str(out), "--plan", str(plan)).code == 0
    out.chmod(0o600)
    assert run(*WRITERS[writer], str(out), "--plan", str(plan)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_refusal_speaks_french(run: Run, plan: Path) -> None:
    result = run("--lang", "fr", "report", "-o", str(plan), "--plan", str(plan))
    assert result.code == 2
    assert result.err.endswith("est le fichier du plan\u00a0: la sortie remplacerait le plan "
                               "(donnez un autre chemin pour la sortie)\n")
