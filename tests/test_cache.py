"""The plan cache: used when the bytes match, never stale, data and never code, used
only in a folder of the user's own, harmless when broken, kept up to date by
add-result, and what lets a command skip the validator."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import os
import pickle
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli
import tomli_w
from hypothesis import event, given, settings
from hypothesis import strategies as st

from offshore_cli import cache, entry, files, validation
from offshore_cli.plan import load_document
from offshore_cli.spec import Figure

from .conftest import SEED, Run
from .strategies import plan_data

PACKAGE = Path(cache.__file__).parent


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_bytes(SEED.read_bytes())
    return path


def refuse_to_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    def no(*args: object) -> None:
        raise AssertionError("the plan was validated again instead of read from the cache")

    monkeypatch.setattr(validation, "build", no)


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real_build = validation.build

    def counting(*args: object) -> object:
        calls.append(1)
        return real_build(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "build", counting)
    return calls


def entry_path(plan: Path) -> Path:
    return cache.location() / f"{cache.digest(plan.read_bytes()).hex()}.entry"


def test_a_second_load_comes_from_the_cache(plan_file: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_document(plan_file)
    refuse_to_validate(monkeypatch)
    second = load_document(plan_file)
    assert second.plan.indicators == first.plan.indicators
    assert second.plan.plan == first.plan.plan
    assert second.plan.milestones == first.plan.milestones
    assert second.plan.pillars == first.plan.pillars
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


def test_entries_are_private_files_in_a_private_folder(plan_file: Path) -> None:
    load_document(plan_file)
    folder = cache.location()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry_path(plan_file).stat().st_mode) == 0o600
    assert entry_path(plan_file).read_bytes().startswith(entry.MAGIC)


def test_pruning_touches_only_the_caches_own_names(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 3)
    load_document(SEED)  # makes the folder
    folder = cache.location()
    hexname = "ab" * 32
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    swept = [folder / f"{hexname}.pickle",  # an earlier version's entry
             folder / f".{hexname}.{gone}.0123456789ab.tmp"]  # a killed save's
    old = folder / f".{hexname}.{os.getpid()}.0123456789ab.tmp"  # pid in use, but a day old
    kept = [folder / "notes.pickle", folder / "README", folder / "x.entry",
            folder / f"{hexname[:-1]}.entry", folder / f".{hexname}.{os.getpid()}.0a.tmp",
            folder / f".{hexname}.{os.getpid()}.0123456789ab.tmp.bak",
            # A pid no system gives (os.kill would overflow): not a name the cache makes.
            folder / f".{hexname}.9999999999.0123456789ab.tmp"]
    live = folder / f".{'cd' * 32}.{os.getpid()}.0123456789ab.tmp"  # a save under way
    for path in (*swept, old, *kept, live):
        path.write_bytes(b"x")
    os.utime(old, (time.time() - 2 * files.STALE_SECONDS,) * 2)
    (folder / "sub.entry").mkdir()
    for number in range(6):
        path = tmp_path / f"p{number}.toml"
        path.write_text(SEED.read_text(encoding="utf-8") + f"# {number}\n", encoding="utf-8")
        load_document(path)
        time.sleep(0.01)  # distinct modification times
    assert len(cache.entry_names()) == 3
    newest = [cache.digest((tmp_path / f"p{n}.toml").read_bytes()).hex() + ".entry"
              for n in (3, 4, 5)]
    assert sorted(cache.entry_names()) == sorted(newest)
    assert not any(path.exists() for path in (*swept, old))
    assert all(path.exists() for path in (*kept, live))
    assert (folder / "sub.entry").is_dir()


def test_a_cache_folder_reached_through_a_link_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plan_file: Path) -> None:
    # The owner's other files, with names like the old entries, must survive.
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    precious = [theirs / f"{'ab' * 32}.pickle", theirs / "model.pickle"]
    for path in precious:
        path.write_bytes(b"keep me")
    home = tmp_path / "xdg"
    home.mkdir()
    (home / "offshore").symlink_to(theirs)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    calls = count_validations(monkeypatch)
    load_document(plan_file)
    load_document(plan_file)
    assert calls == [1, 1]  # never cached
    assert all(path.read_bytes() == b"keep me" for path in precious)
    assert sorted(p.name for p in theirs.iterdir()) == sorted(p.name for p in precious)


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o1777])
def test_a_cache_folder_others_can_write_is_not_used(
        mode: int, plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)  # an entry exists
    cache.location().chmod(mode)
    calls = count_validations(monkeypatch)
    load_document(plan_file)
    load_document(plan_file)
    assert calls == [1, 1]


def test_a_cache_folder_of_another_user_is_not_used(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    # The folder says it belongs to someone else; its entries still say they are ours,
    # so only the folder's owner can make the difference.
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            fields = list(info)
            fields[stat.ST_UID] = info.st_uid + 1
            return os.stat_result(fields)
        return info

    monkeypatch.setattr(os, "fstat", fstat)
    calls = count_validations(monkeypatch)
    load_document(plan_file)
    assert calls == [1]


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, plan_file: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.location() == tmp_path / "home" / ".cache" / "offshore"
    load_document(plan_file)
    assert not (tmp_path / "relative").exists()
    assert len(cache.entry_names()) == 1


class Planted:
    """Ways an entry's file can be wrong; each must be a miss, never an error."""

    @staticmethod
    def garbage(path: Path, good: bytes) -> None:
        path.write_bytes(b"not an entry at all")

    @staticmethod
    def empty(path: Path, good: bytes) -> None:
        path.write_bytes(b"")

    @staticmethod
    def truncated(path: Path, good: bytes) -> None:
        path.write_bytes(good[: len(good) // 2])

    @staticmethod
    def longer(path: Path, good: bytes) -> None:
        path.write_bytes(good + b"more")

    @staticmethod
    def pickle(path: Path, good: bytes) -> None:
        # What an attacker planted when entries were pickles: loading it ran code.
        marker = path.parent.parent / "pwned"
        path.write_bytes(pickle.dumps(_Exploit(str(marker))))

    @staticmethod
    def fifo(path: Path, good: bytes) -> None:
        path.unlink()
        os.mkfifo(path)

    @staticmethod
    def link(path: Path, good: bytes) -> None:
        path.unlink()
        target = path.parent.parent / "elsewhere.entry"
        target.write_bytes(good)
        path.symlink_to(target)

    @staticmethod
    def another_plans(path: Path, good: bytes) -> None:
        # A well-formed entry, but made from other bytes.
        header = _header(good)
        header["made_from"] = "00" * 32
        _rewrite(path, good, header)

    @staticmethod
    def other_key(path: Path, good: bytes) -> None:
        header = _header(good)
        header["key"] = ["0.0.1", "rules", "tomli"]
        _rewrite(path, good, header)

    @staticmethod
    def deadline_before_start(path: Path, good: bytes) -> None:
        header = _header(good)
        header["plan"]["plan"]["deadline"] = "2010-01-01"
        _rewrite(path, good, header)

    @staticmethod
    def target_equals_baseline(path: Path, good: bytes) -> None:
        header = _header(good)
        header["plan"]["indicators"]["jobs"]["target"] = 0
        _rewrite(path, good, header)

    @staticmethod
    def wrong_type(path: Path, good: bytes) -> None:
        header = _header(good)
        header["plan"]["plan"]["start"] = 20140101
        _rewrite(path, good, header)

    @staticmethod
    def milestone_year_0(path: Path, good: bytes) -> None:
        _set_milestone_date(path, good, "0000")

    @staticmethod
    def milestone_month_0x(path: Path, good: bytes) -> None:
        _set_milestone_date(path, good, "2020-0x")

    @staticmethod
    def milestone_month_slash(path: Path, good: bytes) -> None:
        _set_milestone_date(path, good, "2020-1/")

    @staticmethod
    def milestone_superscript_year(path: Path, good: bytes) -> None:
        _set_milestone_date(path, good, "1²³⁴")

    @staticmethod
    def negative_band(path: Path, good: bytes) -> None:
        header = _header(good)
        header["plan"]["plan"]["bands"] = [-1.0, -2.0]  # type: ignore[index]
        _rewrite(path, good, header)

    @staticmethod
    def negative_minimum(path: Path, good: bytes) -> None:
        header = _header(good)
        header["plan"]["indicators"]["jobs"]["min_ratio"] = -0.5  # type: ignore[index]
        _rewrite(path, good, header)

    @staticmethod
    def date_out_of_calendar(path: Path, good: bytes) -> None:
        _rewrite_arrays(path, good, dates=lambda days: [0] * len(days))

    @staticmethod
    def unsorted_series(path: Path, good: bytes) -> None:
        header = _header(good)
        header["series"] = [["jobs", None, 4]]
        _rewrite(path, good, header)

    @staticmethod
    def infinite_value(path: Path, good: bytes) -> None:
        _rewrite_arrays(path, good, values=lambda values: [float("inf")] * len(values))

    @staticmethod
    def bad_figures(path: Path, good: bytes) -> None:
        none = [[], [-1]]
        chunk = json.dumps([[["jobs"], [0]], [0], [1], none, none, none, none]).encode()
        assert entry.unpack(chunk.replace(b"[0], [1]", b"[737000], [1]"))  # else well-formed
        _rewrite(path, good, _header(good), [chunk])  # dated day 0

    @staticmethod
    def figure_index_out_of_table(path: Path, good: bytes) -> None:
        none = [[], [-1]]
        chunk = json.dumps([[["jobs"], [-2]], [737000], [1], none, none, none, none]).encode()
        _rewrite(path, good, _header(good), [chunk])

    @staticmethod
    def nan_in_header(path: Path, good: bytes) -> None:
        header = _header(good)
        header["plan"]["indicators"]["jobs"]["target"] = float("nan")  # type: ignore[index]
        _rewrite(path, good, header)  # json writes it as NaN, which json reads back


class _Exploit:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (Path(self.marker),))


def _set_milestone_date(path: Path, good: bytes, text: str) -> None:
    header = _header(good)
    header["plan"]["milestones"][0]["date"] = [text, "text"]  # type: ignore[index]
    _rewrite(path, good, header)


def _header(good: bytes) -> dict[str, object]:
    at = len(entry.MAGIC) + 8
    size = int.from_bytes(good[len(entry.MAGIC): at], "little")
    return json.loads(good[at: at + size])  # type: ignore[no-any-return]


def _rewrite(path: Path, good: bytes, header: dict[str, object],
             chunks: list[bytes] | None = None) -> None:
    """The entry ``good`` with another header (and other figure chunks)."""
    at = len(entry.MAGIC) + 8
    size = int.from_bytes(good[len(entry.MAGIC): at], "little")
    old_chunks = sum(_header(good)["chunks"])  # type: ignore[call-overload]
    arrays = good[at + size: len(good) - old_chunks]
    tail = good[len(good) - old_chunks:] if chunks is None else b"".join(chunks)
    if chunks is not None:
        header["chunks"] = [len(chunk) for chunk in chunks]
    text = json.dumps(header).encode()
    path.write_bytes(entry.MAGIC + len(text).to_bytes(8, "little") + text + arrays + tail)


def _rewrite_arrays(path: Path, good: bytes, dates: Callable[[list[int]], list[int]] | None = None,
                    values: Callable[[list[float]], list[float]] | None = None) -> None:
    from array import array

    header = _header(good)
    count = sum(item[2] for item in header["series"])  # type: ignore[attr-defined, index]
    at = len(entry.MAGIC) + 8 + int.from_bytes(good[len(entry.MAGIC): len(entry.MAGIC) + 8],
                                                "little")
    old_dates = array("i", good[at: at + 4 * count]).tolist()
    old_values = array("d", good[at + 4 * count: at + 12 * count]).tolist()
    new_dates = array("i", dates(old_dates) if dates else old_dates).tobytes()
    new_values = array("d", values(old_values) if values else old_values).tobytes()
    path.write_bytes(good[:at] + new_dates + new_values + good[at + 12 * count:])


PLANTED = [name for name in vars(Planted) if not name.startswith("_")]


@pytest.mark.parametrize("how", PLANTED)
def test_a_wrong_entry_is_a_miss_and_is_replaced(how: str, plan_file: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    path = entry_path(plan_file)
    good = path.read_bytes()
    getattr(Planted, how)(path, good)
    calls = count_validations(monkeypatch)
    document = load_document(plan_file, figures=True)
    assert calls == [1]
    assert len(document.plan.results) == 4
    assert not (path.parent.parent / "pwned").exists()
    # Replaced: the next load is a hit again.
    assert path.is_file() and not path.is_symlink()
    load_document(plan_file, figures=True)
    assert calls == [1]
    assert path.read_bytes() == good


def test_a_fifo_entry_does_not_hang_the_command(plan_file: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    command = [sys.executable, "-m", "offshore_cli", "status", "--plan", str(plan_file),
               "--as-of", "2019-04-23", "--format", "json"]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
    path = tmp_path / "xdg" / "offshore" / f"{cache.digest(plan_file.read_bytes()).hex()}.entry"
    path.unlink()
    os.mkfifo(path)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["indicators"][0]["actual"] == 69900
    assert path.is_file()


def test_an_entry_owned_by_another_user_is_a_miss(plan_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    owner = entry_path(plan_file).stat().st_uid
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_uid == owner:
            fields = list(info)
            fields[stat.ST_UID] = owner + 1
            return os.stat_result(fields)
        return info

    monkeypatch.setattr(os, "fstat", fstat)
    calls = count_validations(monkeypatch)
    monkeypatch.setattr(cache, "save", lambda *args, **kwargs: None)
    load_document(plan_file)
    assert calls == [1]


def test_loading_an_entry_never_runs_code() -> None:
    # The entry format is read with json and array only; neither pickle nor marshal
    # is imported by the modules that read it.
    for name in ("cache.py", "entry.py"):
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                    for alias in node.names} | {node.module for node in ast.walk(tree)
                                                if isinstance(node, ast.ImportFrom)}
        assert not imported & {"pickle", "marshal", "shelve", "dill", "cloudpickle"}, name


def test_the_cache_can_be_disabled(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFSHORE_CACHE", "off")
    load_document(plan_file)
    assert not cache.location().exists() or not list(cache.location().iterdir())


def forge(plan_file: Path, value: float) -> None:
    """Plant a valid entry for ``plan_file``'s bytes that says jobs stood at ``value``:
    what a change committed into a cache folder, or a poisoned CI cache, could do."""
    from offshore_cli.series import build_series

    document = load_document(plan_file, use_cache=False)
    figures = [f._replace(value=value) if f.indicator == "jobs" else f
               for f in document.plan.results]
    plan = document.plan._replace(results=tuple(figures))
    made_from = cache.digest(plan_file.read_bytes())
    parts = entry.encode(cache.key(), made_from, plan, build_series(figures),
                         [entry.pack(figures)])
    cache.location().mkdir(mode=0o700, parents=True, exist_ok=True)
    entry_path(plan_file).write_bytes(b"".join(parts))
    entry_path(plan_file).chmod(0o600)


def test_the_gate_reads_no_cache_under_ci(run: Callable[..., Run], plan_file: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    forge(plan_file, 1.0)  # jobs off-track instead of achieved
    args = ("check", "--plan", str(plan_file), "--as-of", "2019-04-23", "--format", "json")
    monkeypatch.delenv("CI", raising=False)
    assert run(*args).code == 1  # the planted entry is used outside CI: it is data
    monkeypatch.setenv("CI", "true")
    truth = run(*args)
    assert truth.code == 0, truth.out
    assert json.loads(truth.out)["verdicts"][0]["status"]["actual"] == 69900
    monkeypatch.setenv("OFFSHORE_CACHE", "on")
    assert run(*args).code == 1  # the documented override
    monkeypatch.setenv("OFFSHORE_CACHE", "off")
    assert run(*args).code == 0


def test_a_plans_layout_is_judged_from_its_text_even_with_the_cache_warm(
        run: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from offshore_cli import append_proof

    plan = tmp_path / "inline.toml"
    plan.write_text('results = [{ indicator = "x", date = 2020-02-01, value = 1 }]\n'
                    '[plan]\ntitle = "T"\nstart = 2020-01-01\ndeadline = 2021-01-01\n'
                    '[indicators.x]\nlabel = "X"\nunit = "u"\ntarget = 10\n', encoding="utf-8")
    before = plan.read_bytes()
    assert run("status", "--plan", str(plan), "--as-of", "2020-06-01").code == 0  # warm
    judged: list[str] = []
    real = append_proof.takes_appends

    def judging(text: str, table: str = "results") -> bool:
        judged.append(text)
        return real(text, table)

    monkeypatch.setattr(append_proof, "takes_appends", judging)
    import offshore_cli.store

    monkeypatch.setattr(offshore_cli.store, "takes_appends", judging)
    refuse_to_validate(monkeypatch)  # the plan itself does come from the cache
    result = run("add-result", "x", "2", "--date", "2020-03-01", "--plan", str(plan))
    assert result.code == 2
    assert "would not extend its list of results" in result.err
    assert judged == [before.decode()]
    assert plan.read_bytes() == before
    tomli.loads(plan.read_text(encoding="utf-8"))


def test_add_result_under_ci_reads_no_cache(run: Callable[..., Run], plan_file: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry planted for the plan's bytes (a committed cache folder, a poisoned CI
    cache) says the plan declares an indicator it does not: under CI, add-result
    reads the plan itself and refuses the figure."""
    from offshore_cli.series import build_series
    from offshore_cli.spec import Indicator

    document = load_document(plan_file, use_cache=False)
    plan = document.plan._replace(indicators={
        **document.plan.indicators, "ghost": Indicator(label="Ghost", unit="u", target=9)})
    parts = entry.encode(cache.key(), cache.digest(plan_file.read_bytes()), plan,
                         build_series(plan.results), [entry.pack(plan.results)])
    cache.location().mkdir(mode=0o700, parents=True, exist_ok=True)
    entry_path(plan_file).write_bytes(b"".join(parts))
    before = plan_file.read_bytes()
    monkeypatch.setenv("CI", "true")
    result = run("add-result", "ghost", "5", "--date", "2019-01-01", "--plan", str(plan_file))
    assert result.code == 2
    assert "unknown indicator 'ghost'" in result.err
    assert plan_file.read_bytes() == before


def test_add_result_keeps_the_cache_warm(run: Callable[..., Run], plan_file: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    assert run("add-result", "investment", "1.2bn", "--date", "2019-06-30", "--plan",
               str(plan_file)).code == 0
    assert run("add-result", "investment", "1.3bn", "--date", "2019-06-30", "--revise",
               "--plan", str(plan_file)).code == 0
    refuse_to_validate(monkeypatch)
    document = load_document(plan_file, figures=True)
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
    env.pop("CI", None)
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


def test_an_entry_made_under_another_key_is_not_used(plan_file: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(plan_file)
    monkeypatch.setattr(cache, "key", lambda: ("another version",))
    calls = count_validations(monkeypatch)
    load_document(plan_file)
    assert calls == [1]


def test_the_key_follows_the_sources_of_every_key_module(tmp_path: Path) -> None:
    # Editing any module that decides what an entry holds (as in an editable
    # install) retires every entry made before the edit: the rules, the series
    # (which figure counts for a date), the entry format, the version.
    for name in cache.KEY_MODULES:
        (tmp_path / name).write_bytes((PACKAGE / name).read_bytes())
    before = cache.key(tmp_path)
    assert before == cache.key(tmp_path)
    assert before[1] == cache.key()[1]
    for name in cache.KEY_MODULES:
        original = (tmp_path / name).read_bytes()
        (tmp_path / name).write_bytes(original + b"\n# edited\n")
        assert cache.key(tmp_path) != before, name
        (tmp_path / name).unlink()
        assert cache.key(tmp_path) != before, name
        (tmp_path / name).write_bytes(original)
    assert cache.key(tmp_path) == before


def _imports(module: str) -> set[str]:
    """The package's modules ``module`` imports, at the top or inside a function."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "offshore_cli":
                found |= {alias.name for alias in node.names
                          if (PACKAGE / f"{alias.name}.py").exists()}
            elif node.module.startswith("offshore_cli."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names
                      if alias.name.startswith("offshore_cli.")}
    return found


# What each part of an entry is the output of: the plan is read by plan.py and
# validated by validation.py; the series are built by series.py; the figures and
# the layout are entry.py's. A new part of an entry needs its producer here.
PRODUCERS = {"plan": {"plan", "validation"}, "series": {"series"}, "chunks": {"entry"},
             "format": {"entry"}, "key": {"cache"}, "made_from": {"cache"}}
# Modules that only word messages: an entry is made from a valid plan and holds no
# message, so the language they choose decides nothing in it (test_messages_fr.py
# checks that an entry made in French is the English one, byte for byte).
WORDS_ONLY = {"i18n"}


def test_every_module_whose_output_an_entry_stores_is_in_the_key(plan_file: Path) -> None:
    load_document(plan_file)
    stored = set(_header(entry_path(plan_file).read_bytes()))
    assert stored == set(PRODUCERS), "a part of the entry has no known producer"
    needed: set[str] = set()
    todo = set().union(*PRODUCERS.values())
    while todo:
        module = todo.pop()
        if module not in needed:
            needed.add(module)
            todo |= _imports(module) - WORDS_ONLY
    missing = {f"{module}.py" for module in needed} - set(cache.KEY_MODULES)
    assert not missing, f"modules whose code decides an entry but not in its key: {missing}"
    assert "_version.py" in cache.KEY_MODULES


def test_the_key_follows_the_installed_toml_reader(
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
    before = cache.key()
    (package / "__init__.py").write_text('__version__ = "2.6.0"\n')
    assert cache.key() != before

    # Not found as a folder (a zip, another finder): tomli's own version is used.
    monkeypatch.setattr(PathFinder, "find_spec", lambda name: None)
    assert cache.toml_reader() == f"tomli {tomli.__version__}"


def test_a_library_append_is_held_to_the_plans_references(plan_file: Path) -> None:
    import datetime as dt

    from offshore_cli.errors import StoreError
    from offshore_cli.store import append_result

    before = plan_file.read_bytes()
    for made in ({"indicator": "nope", "date": dt.date(2019, 1, 1), "value": 1},
                 {"indicator": "jobs", "date": dt.date(2019, 1, 1), "value": 1,
                  "ecosystem": "XYZ"}):
        with pytest.raises(StoreError, match="unknown"):
            append_result(plan_file, lambda _doc, e=made: e)  # type: ignore[misc]
    assert plan_file.read_bytes() == before


def test_figures_round_trip_through_a_chunk() -> None:
    import datetime as dt

    figures = [Figure("jobs", dt.date(2019, 1, 1), 1.5, "CRM", "a \"source\"", "é note",
                      dt.datetime(2019, 1, 2, 3, 4, 5, tzinfo=dt.UTC)),
               Figure("x", dt.date(1, 1, 1), -1e18)]
    assert entry.unpack(entry.pack(figures)) == figures
    assert dataclasses.is_dataclass(Figure) is False  # named tuples: compared by value


def _every_plan_file() -> list[Path]:
    """Every plan file the project ships or tests with (the bad corpus is refused
    before any cache is involved), and a generated plan with ecosystems and notes."""
    root = PACKAGE.parent.parent
    found = [*sorted(root.glob("data/*.toml")), *sorted(PACKAGE.glob("*.toml")),
             *sorted(p for p in (root / "tests").rglob("*.toml") if "bad" not in p.parts)]
    return found


def _status_outputs(run: Callable[..., Run], plan: Path, ecosystems: list[str]) -> list[str]:
    outputs = []
    for as_of in ("2013-06-30", "2019-04-23", "2020-12-31", "2026-01-01"):
        for extra in ([], *(["--ecosystem", eco] for eco in ecosystems)):
            result = run("status", "--plan", str(plan), "--as-of", as_of, "-f", "json", *extra)
            assert result.code == 0, result.err
            outputs.append(result.out)
    return outputs


@pytest.mark.parametrize("name", ["generated", *(str(p) for p in _every_plan_file())])
def test_a_warm_cache_gives_byte_for_byte_what_a_fresh_read_gives(
        name: str, run: Callable[..., Run], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if name == "generated":
        sys.path.insert(0, str(PACKAGE.parent.parent / "benchmarks"))
        from generate import write_plan

        plan = tmp_path / "generated.toml"
        write_plan(300, plan)
    else:
        plan = Path(name)
    ecosystems = list(load_document(plan, use_cache=False).plan.ecosystems)
    monkeypatch.setenv("OFFSHORE_CACHE", "off")
    fresh = _status_outputs(run, plan, ecosystems)
    monkeypatch.delenv("OFFSHORE_CACHE")
    run("status", "--plan", str(plan))  # fills the cache
    refuse_to_validate(monkeypatch)
    assert _status_outputs(run, plan, ecosystems) == fresh


@settings(max_examples=100)
@given(data=plan_data(), as_of=st.dates(min_value=dt.date(1990, 1, 1),
                                        max_value=dt.date(2100, 1, 1)))
def test_a_warm_cache_gives_what_a_fresh_read_gives_on_generated_plans(
        data: dict[str, Any], as_of: dt.date) -> None:
    import io
    import tempfile

    from offshore_cli.__main__ import main
    from offshore_cli.errors import PlanError

    try:
        text = tomli_w.dumps(data)
    except (TypeError, ValueError):
        return
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.toml"
        plan.write_text(text, encoding="utf-8")
        try:
            document = load_document(plan, use_cache=False)
        except PlanError:
            event("refused")
            return
        event("loaded")
        commands = [["status", "--as-of", as_of.isoformat(), "-f", "json"],
                    *(["history", ident, "-f", "json"] for ident in document.plan.indicators)]

        def outputs() -> list[tuple[int, str]]:
            seen = []
            for args in commands:
                sys.stdout = io.StringIO()
                try:
                    code = main([*args, "--plan", str(plan)])
                    seen.append((code, sys.stdout.getvalue()))
                finally:
                    sys.stdout = sys.__stdout__
            return seen

        os.environ["OFFSHORE_CACHE"] = "off"
        try:
            fresh = outputs()
        finally:
            del os.environ["OFFSHORE_CACHE"]
        outputs()  # fills the cache
        assert outputs() == fresh
