"""The plan cache: used when the bytes match, never stale, harmless when broken,
kept up to date by add-result, and what lets a command skip the validator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli

from offshore_cli import cache, validation
from offshore_cli.plan import load_document

from .conftest import SEED, Run


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_bytes(SEED.read_bytes())
    return path


def refuse_to_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    def no(*args: object) -> None:
        raise AssertionError("the plan was validated again instead of read from the cache")

    monkeypatch.setattr(validation, "build", no)


def test_a_second_load_comes_from_the_cache(plan_file: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_document(plan_file)
    refuse_to_validate(monkeypatch)
    second = load_document(plan_file)
    assert second.plan.indicators == first.plan.indicators
    assert list(second.plan.results) == list(first.plan.results)
    assert second.series == first.series


def test_a_stale_entry_cannot_be_used(plan_file: Path) -> None:
    load_document(plan_file)
    info = plan_file.stat()
    text = plan_file.read_text(encoding="utf-8")
    # Same size, same time stamps, different bytes.
    plan_file.write_text(text.replace("value = 69900", "value = 69901"), encoding="utf-8")
    os.utime(plan_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert plan_file.stat().st_size == info.st_size
    jobs = [r for r in load_document(plan_file).plan.results if r.indicator == "jobs"]
    assert jobs[-1].value == 69901


def test_a_copy_of_a_plan_finds_its_entry(plan_file: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    copy = tmp_path / "copy.toml"
    copy.write_bytes(plan_file.read_bytes())
    refuse_to_validate(monkeypatch)
    assert len(load_document(copy).plan.results) == 4


def test_old_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 3)
    for number in range(6):
        path = tmp_path / f"p{number}.toml"
        path.write_text(SEED.read_text(encoding="utf-8") + f"# {number}\n", encoding="utf-8")
        load_document(path)
    assert len(list(cache.folder().glob("*.pickle"))) == 3


def test_a_corrupt_entry_is_ignored(plan_file: Path) -> None:
    load_document(plan_file)
    entry = cache.folder() / f"{cache.digest(plan_file.read_bytes()).hex()}.pickle"
    assert entry.exists()
    for garbage in (b"", b"not a pickle", entry.read_bytes()[:100]):
        entry.write_bytes(garbage)
        document = load_document(plan_file)
        assert len(document.plan.results) == 4


def test_the_cache_can_be_disabled(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFSHORE_CACHE", "off")
    load_document(plan_file)
    assert not cache.folder().exists() or not list(cache.folder().iterdir())


def test_add_result_keeps_the_cache_warm(run: Callable[..., Run], plan_file: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    assert run("add-result", "investment", "1.2bn", "--date", "2019-06-30", "--plan",
               str(plan_file)).code == 0
    assert run("add-result", "investment", "1.3bn", "--date", "2019-06-30", "--revise",
               "--plan", str(plan_file)).code == 0
    refuse_to_validate(monkeypatch)
    document = load_document(plan_file)
    assert [r.value for r in document.plan.results][-2:] == [1.2e9, 1.3e9]
    status = json.loads(run("status", "--plan", str(plan_file), "--as-of", "2019-07-01",
                            "--format", "json").out)
    invest = next(i for i in status["indicators"] if i["id"] == "investment")
    assert invest["actual"] == 1_300_000_000
    # The cached entry is exactly what a fresh validation of the new bytes gives.
    monkeypatch.undo()
    fresh = load_document(plan_file, use_cache=False)
    assert fresh.series == document.series
    assert list(fresh.plan.results) == list(document.plan.results)


def run_python(code: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=cwd, env=env, check=True)
    return done.stdout.strip()


def test_commands_import_only_what_they_need(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    probe = ("import sys, io; from offshore_cli.__main__ import main; sys.stdout = io.StringIO();"
             " code = main({args!r}); sys.stdout = sys.__stdout__;"
             " print(code, *(m in sys.modules for m in ('pydantic', 'rich', 'typer', 'tomli')))")
    status = ["status", "--as-of", "2019-04-23"]
    check = ["check", "--as-of", "2019-04-23", "--format", "json"]
    run_python(probe.format(args=status), tmp_path, env)  # fills the cache
    assert run_python(probe.format(args=status), tmp_path, env) == "0 False True True False"
    assert run_python(probe.format(args=check), tmp_path, env) == "0 False False True False"
    version = run_python(probe.format(args=["--version"]), tmp_path, env)
    assert version == "0 False False False False"


def test_an_entry_made_under_other_rules_is_not_used(plan_file: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    monkeypatch.setattr(cache, "fingerprint", lambda: ("another version",))
    calls = []
    real_build = validation.build

    def counting(*args: object) -> object:
        calls.append(1)
        return real_build(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "build", counting)
    load_document(plan_file)
    assert calls == [1]


def test_the_fingerprint_follows_the_rules_sources(tmp_path: Path) -> None:
    # Editing any module that decides what is valid (as in an editable install)
    # retires every entry made before the edit.
    package = Path(cache.__file__).parent
    for name in cache.RULE_MODULES:
        (tmp_path / name).write_bytes((package / name).read_bytes())
    before = cache.fingerprint(tmp_path)
    assert before == cache.fingerprint(tmp_path)
    assert before[1] == cache.fingerprint()[1]
    for name in cache.RULE_MODULES:
        original = (tmp_path / name).read_bytes()
        (tmp_path / name).write_bytes(original + b"\n# edited\n")
        assert cache.fingerprint(tmp_path) != before, name
        (tmp_path / name).write_bytes(original)
    assert cache.fingerprint(tmp_path) == before


def test_the_fingerprint_follows_the_installed_toml_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.machinery import ModuleSpec, PathFinder

    installed = (Path(tomli.__file__ or "").parent / "__init__.py").read_bytes()
    assert b"__version__" in installed  # the file named carries the version line
    assert cache.toml_reader() == f"tomli {cache.hasher(installed).hexdigest()}"

    package = tmp_path / "tomli"
    package.mkdir()
    (package / "__init__.py").write_text('__version__ = "2.5.0"\n')
    spec = ModuleSpec("tomli", None, is_package=True)
    spec.submodule_search_locations = [str(package)]
    monkeypatch.setattr(PathFinder, "find_spec", lambda name: spec)
    before = cache.fingerprint()
    (package / "__init__.py").write_text('__version__ = "2.6.0"\n')
    assert cache.fingerprint() != before

    # Not found as a folder (a zip, another finder): tomli's own version is used.
    monkeypatch.setattr(PathFinder, "find_spec", lambda name: None)
    assert cache.toml_reader() == f"tomli {tomli.__version__}"


def test_a_library_append_is_held_to_the_plans_references(plan_file: Path) -> None:
    import datetime as dt

    from offshore_cli.errors import StoreError
    from offshore_cli.store import append_result

    before = plan_file.read_bytes()
    for entry in ({"indicator": "nope", "date": dt.date(2019, 1, 1), "value": 1},
                  {"indicator": "jobs", "date": dt.date(2019, 1, 1), "value": 1,
                   "ecosystem": "XYZ"}):
        with pytest.raises(StoreError, match="unknown"):
            append_result(plan_file, lambda _doc, e=entry: e)  # type: ignore[misc]
    assert plan_file.read_bytes() == before
