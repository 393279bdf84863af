"""Shared fixtures: a repeatable environment and a way to run the CLI in-process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from offshore_cli.__main__ import main

# A fixed, fast budget in CI; `HYPOTHESIS_PROFILE=long` for a longer run by hand.
settings.register_profile("ci", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "plan.toml"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = bool(os.environ.get("OFFSHORE_UPDATE_GOLDEN"))


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                        tmp_path_factory: pytest.TempPathFactory) -> None:
    # Rich output must not depend on the terminal running the tests.
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("OFFSHORE_PLAN", raising=False)
    monkeypatch.delenv("OFFSHORE_DEBUG", raising=False)
    monkeypatch.delenv("OFFSHORE_CACHE", raising=False)
    monkeypatch.delenv("OFFSHORE_LOCK_TIMEOUT", raising=False)
    monkeypatch.delenv("CI", raising=False)  # the gate would not read the cache
    # The language: English unless a test asks (see i18n.resolve), and back to English
    # after a test that installed another in-process.
    for name in ("OFFSHORE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    from offshore_cli import i18n

    i18n.reset()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.chdir(tmp_path)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``offshore ARGS`` in-process; a bug surfaces as exit 70, never hidden."""

    def invoke(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        if code == 70:
            pytest.fail(f"internal error for {args}: {captured.err}")
        return Run(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def seed_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the seed plan."""
    target = tmp_path / "plan.toml"
    shutil.copyfile(SEED, target)
    yield target


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[[str], Path]:
    """Write plan text to a fresh file and return its path."""
    counter = iter(range(10_000))

    def write(text: str) -> Path:
        path = tmp_path / f"plan-{next(counter)}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; OFFSHORE_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE_GOLDEN or not path.exists():
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {path} missing: run with OFFSHORE_UPDATE_GOLDEN=1")
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


MINIMAL = """\
[plan]
title = "Test plan"
start = 2020-01-01
deadline = 2021-01-01

[indicators.x]
label = "X"
unit = "things"
target = 100
"""
