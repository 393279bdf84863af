"""Time ``offshore`` against ``ledger`` and ``hledger`` on the same data, and its start-up.

One command, from the project root with the dev virtualenv::

    python benchmarks/run.py

For each size N (``--sizes``, default 1000,10000,100000) the script writes (or
reuses, from ``--out``) a plan with N results made by ``benchmarks/generate.py``
and a journal with the same figures made by ``benchmarks/journal.py``, then
measures these cases, in this order:

``status-cold``
    ``offshore status --plan PLAN --as-of 2019-04-23 --format json`` with
    ``XDG_CACHE_HOME`` set to a fresh, empty folder for every run (made before
    the clock starts, removed after), so the plan cache is never hit.
``status-warm``
    The same command with ``XDG_CACHE_HOME`` set to one folder per size that an
    untimed run filled before the warm-ups.
``ledger``
    ``ledger -f JOURNAL balance``.
``hledger``
    ``hledger -f JOURNAL balance --budget``.
``add-result``
    ``offshore add-result IND 12345 --date 2019-04-23 --plan COPY`` on a fresh
    copy of the plan (made, with an untimed ``status`` on it to fill the warm
    cache folder for the copy, before the clock starts; removed with its lock
    file after). IND is the first indicator with no figure on that date, so the
    figure is a first one. After each run the copy must have grown by the new
    ``[[results]]`` block.
``history-json`` / ``history-table``
    ``offshore history exports --plan HPLAN`` with ``--format json``, and as the
    table (to a file, without ``COLUMNS``), where HPLAN has N figures of the one
    indicator ``exports`` (``generate.py --history``: each figure with a source of
    its own, revisions, notes, recording times), with a cache folder of its own
    that the warm-up fills.

Each case runs once as a checked warm-up; then the cases are run in turn,
``--repeat`` times (cold, warm, ledger, hledger, add-result, cold, warm, ...),
so that a change in the machine's load touches every case alike.

Then, on the plan embedded in the package (no ``--plan``: the children run in
an empty temporary folder and without ``OFFSHORE_PLAN``) with a warm cache
folder, the ``startup`` case times, in turn, ``--startup-repeat`` times (default
20): the floor, ``PYTHON -c "import typer, rich.table, pydantic, tomllib"`` with
the interpreter of the ``offshore`` script; ``offshore --version``; ``offshore
status --as-of 2019-04-23``; ``offshore check --as-of 2019-04-23 --format json``.

The script prints the machine, the peers' versions, a table per size, the
ratios (warm status/ledger, cold status/hledger, add-result/warm status, history
table/JSON, growth
from one size to the next), the start-up table with ratios to the floor, and
the bars, each with PASS or MISS and the measured value. The bars are a report,
not a test: the exit status is 0 unless a command fails (or its output is not
what was expected), which stops the run with the command's stderr and exit 1.
Everything goes to ``OUT/results.json``.

A peer that is not on ``PATH`` is skipped with a message saying how to install
it (``apt-get install ledger hledger`` on Debian); ``--skip-peers`` skips both.

Options: ``--sizes``, ``--repeat`` (default 5), ``--startup-repeat`` (default 20),
``--out`` (default benchmarks/out; plans, journals and cache folders are kept
there), ``--seed`` (default 0), ``--as-of`` (default 2019-04-23; also the
add-result date), ``--commands`` (comma-separated cases: status-cold,
status-warm, ledger, hledger, add-result, history-json, history-table, startup;
``history`` means both history cases, ``status`` means both status
cases; default all), ``--skip-peers``.

Wall time is ``time.perf_counter`` around starting the process and reaping it,
so it includes interpreter start-up and imports. Peak memory is the child's own
``ru_maxrss`` from ``os.wait4``, not ``RUSAGE_CHILDREN`` (a maximum over every
child ever reaped); every command is started by ``launcher.py``, a small process
started first, since a child's peak starts at its parent's size. The children
get the caller's environment without ``OFFSHORE_PLAN``, ``OFFSHORE_CACHE``,
``XDG_CACHE_HOME``, ``PYTHONDONTWRITEBYTECODE`` and ``LEDGER_*``, so that neither
a setting nor a user's cache changes what is measured; the package's bytecode is
compiled first, as ``pip install`` does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import (
    HISTORY_INDICATOR,
    INDICATOR_COUNT,
    indicators,
    results,
    write_history_plan,
    write_plan,
)
from journal import account, write_journal

GENERATOR_VERSION = 1
JOURNAL_VERSION = 1
DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_AS_OF = "2019-04-23"
DEFAULT_REPEAT = 5
DEFAULT_STARTUP_REPEAT = 20
EXPECTED_INDICATORS = INDICATOR_COUNT
ADD_VALUE = "12345"
WORK_DIR = "work"
CACHE_DIR = "cache"
FLOOR_IMPORTS = "import typer, rich.table, pydantic, tomllib"
PEERS = ("ledger", "hledger")
SIZE_CASES = ("status-cold", "status-warm", "ledger", "hledger", "add-result",
              "history-json", "history-table")
STARTUP = "startup"
CASES = (*SIZE_CASES, STARTUP)
ALIASES = {"status": ("status-cold", "status-warm"),
           "history": ("history-json", "history-table")}
OFFSHORE_SIZE_CASES = ("status-cold", "status-warm", "add-result")
HISTORY_VERSION = 1
HISTORY_TABLE_LIMIT = 2.0
SCRUBBED_ENV = ("OFFSHORE_PLAN", "OFFSHORE_CACHE", "XDG_CACHE_HOME",
                "PYTHONDONTWRITEBYTECODE")
MEMORY_LIMIT_MB = 300.0
GROWTH_SLACK = 1.1
BYTES_PER_MIB = 1024 * 1024


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Sample:
    """One run of a command: wall seconds, peak RSS in KiB, exit code, output."""

    seconds: float
    max_rss_kib: int
    returncode: int
    stdout: bytes
    stderr: bytes


class _Launcher:
    """The small process that starts every measured command (``launcher.py``: a
    child forked by this process, grown large with plans and outputs, would report
    this process's memory as its own peak)."""

    process: subprocess.Popen[str] | None = None

    @classmethod
    def start(cls) -> subprocess.Popen[str]:
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("launcher.py"))],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return cls.process


def start_launcher() -> None:
    """Start the launcher now, while the caller is small."""
    _Launcher.start()


def run_measured(cmd: Sequence[str], env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> Sample:
    """Run ``cmd`` from the launcher, which reaps it with ``os.wait4`` to get its own
    resource usage. Output goes to files, so a large output cannot block the child."""
    launcher = _Launcher.start()
    assert launcher.stdin is not None and launcher.stdout is not None
    with tempfile.TemporaryDirectory() as folder:
        out, err = Path(folder, "out"), Path(folder, "err")
        launcher.stdin.write(json.dumps({"cmd": list(cmd), "env": env,
                                         "cwd": str(cwd) if cwd else None,
                                         "out": str(out), "err": str(err)}) + "\n")
        launcher.stdin.flush()
        answer = json.loads(launcher.stdout.readline())
        # ru_maxrss is in KiB on Linux.
        return Sample(answer["seconds"], answer["max_rss_kib"], answer["status"],
                      out.read_bytes(), err.read_bytes())


def fail(cmd: Sequence[str], sample: Sample, why: str | None = None) -> None:
    """Stop the run: print the failing command, why, and its stderr."""
    reason = why or f"exit code {sample.returncode}"
    print(f"command failed ({reason}): {' '.join(cmd)}", file=sys.stderr)
    sys.stderr.write(sample.stderr.decode("utf-8", "replace"))
    raise SystemExit(1)


def base_env() -> dict[str, str]:
    """The caller's environment without the settings that would change what is measured."""
    return {key: value for key, value in os.environ.items()
            if key not in SCRUBBED_ENV and not key.startswith("LEDGER_")}


def offshore_env(cache_home: Path) -> dict[str, str]:
    """The environment of an ``offshore`` child whose cache lives under ``cache_home``."""
    env = base_env()
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def offshore_executable() -> Path:
    """The ``offshore`` script installed next to the running interpreter."""
    return Path(sys.executable).parent / "offshore"


def compile_package(python: str) -> None:
    """Compile the package's bytecode, as ``pip install`` does for an installed copy:
    with an editable install and ``PYTHONDONTWRITEBYTECODE`` set, every run would
    otherwise compile each edited module again, which is not what users run."""
    code = ("import compileall, os, offshore_cli; "
            "compileall.compile_dir(os.path.dirname(offshore_cli.__file__), quiet=1)")
    done = subprocess.run([python, "-c", code], check=False, env=base_env(),
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"warning: could not compile the package's bytecode; start-up times include "
              f"compiling it: {done.stderr.strip()}", file=sys.stderr)


def offshore_interpreter(exe: Path) -> str:
    """The interpreter named by the ``offshore`` script's ``#!`` line (else this one)."""
    try:
        with exe.open("rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        parts = first[2:].split()
        if parts and Path(parts[0]).is_file() and len(parts) == 1:
            return parts[0]
    return sys.executable


def tree_size(root: Path) -> tuple[int, int]:
    """Number of files and their total bytes under ``root`` (0, 0 if it is missing)."""
    files = 0
    total = 0
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file():
                files += 1
                total += path.stat().st_size
    return files, total


# --------------------------------------------------------------------------- cases


Check = Callable[[Sequence[str], Sample], None]


class Case:
    """A command measured many times; its set-up and checks stay outside the timed region."""

    def __init__(self, name: str, title: str, cmd: list[str], env: dict[str, str],
                 *, cwd: Path | None = None, check: Check | None = None,
                 ok_codes: frozenset[int] = frozenset({0}), input_bytes: int | None = None,
                 is_offshore: bool = True) -> None:
        self.name = name
        self.title = title
        self.cmd = cmd
        self.env = env
        self.cwd = cwd
        self.check = check
        self.ok_codes = ok_codes
        self.input_bytes = input_bytes
        self.is_offshore = is_offshore
        self.info: dict[str, object] = {}

    def display(self) -> list[str]:
        """The command as reported (placeholders rather than temporary paths)."""
        return self.cmd

    def run(self) -> Sample:
        """One timed run; a failing exit code stops the benchmark."""
        sample = run_measured(self.cmd, self.env, self.cwd)
        if sample.returncode not in self.ok_codes:
            fail(self.cmd, sample)
        return sample

    def warm_up(self) -> None:
        """One untimed run whose output is checked."""
        sample = self.run()
        if self.check is not None:
            self.check(self.cmd, sample)


class ColdStatusCase(Case):
    """``status`` with a fresh, empty ``XDG_CACHE_HOME`` for every run."""

    def __init__(self, name: str, title: str, cmd: list[str], cold_root: Path,
                 *, check: Check, input_bytes: int) -> None:
        super().__init__(name, title, cmd, base_env(), check=check, input_bytes=input_bytes)
        self.cold_root = cold_root
        self.cache_bytes: list[int] = []

    def run(self) -> Sample:
        self.cold_root.mkdir(parents=True, exist_ok=True)
        home = Path(tempfile.mkdtemp(prefix="cold-", dir=self.cold_root))
        try:
            sample = run_measured(self.cmd, offshore_env(home), self.cwd)
            if sample.returncode not in self.ok_codes:
                fail(self.cmd, sample)
            self.cache_bytes.append(tree_size(home)[1])
        finally:
            shutil.rmtree(home, ignore_errors=True)
        self.info["cache_bytes_written"] = max(self.cache_bytes)
        return sample


class AddResultCase(Case):
    """``add-result`` on a fresh copy of the plan, whose cache entry an untimed
    ``status`` on the copy filled, in the warm cache folder."""

    def __init__(self, plan: Path, copy: Path, indicator: str, day: dt.date, as_of: str,
                 cache_home: Path) -> None:
        exe = str(offshore_executable())
        cmd = [exe, "add-result", indicator, ADD_VALUE, "--date", day.isoformat(),
               "--plan", str(copy)]
        super().__init__("add-result", "offshore add-result (warm cache)", cmd,
                         offshore_env(cache_home), input_bytes=plan.stat().st_size)
        self.plan = plan
        self.copy = copy
        self.indicator = indicator
        self.day = day
        self.prime_cmd = [exe, "status", "--plan", str(copy), "--as-of", as_of,
                          "--format", "json"]
        self.info.update(indicator=indicator, date=day.isoformat(), value=ADD_VALUE)

    def display(self) -> list[str]:
        return [*self.cmd[:-1], "COPY"]

    def _remove_copy(self) -> None:
        for leftover in (self.copy, self.copy.with_name(self.copy.name + ".lock")):
            leftover.unlink(missing_ok=True)

    def run(self) -> Sample:
        self._remove_copy()
        self.copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.plan, self.copy)
        before = self.copy.stat().st_size
        try:
            prime = run_measured(self.prime_cmd, self.env)
            if prime.returncode != 0:
                fail(self.prime_cmd, prime)
            sample = run_measured(self.cmd, self.env)
            if sample.returncode != 0:
                fail(self.cmd, sample)
            after = self.copy.stat().st_size
            tail = self.copy.read_bytes()[before:].decode("utf-8", "replace")
        finally:
            self._remove_copy()
        expected = (f'[[results]]\nindicator = "{self.indicator}"\n'
                    f"date = {self.day.isoformat()}\nvalue = {ADD_VALUE}\n")
        if after <= before or expected not in tail or not sample.stdout.startswith(b"Recorded "):
            fail(self.cmd, sample, f"exit 0 but the figure was not appended ({before} -> "
                 f"{after} bytes; appended {tail!r}; stdout {sample.stdout!r})")
        self.info["bytes_added"] = after - before
        return sample


def check_status_json(cmd: Sequence[str], sample: Sample) -> None:
    """The output must be the JSON report of all the indicators."""
    try:
        count = len(json.loads(sample.stdout)["indicators"])
    except (ValueError, KeyError, TypeError) as exc:
        fail(cmd, sample, f"unexpected output: {exc}")
        return
    if count != EXPECTED_INDICATORS:
        fail(cmd, sample, f"expected {EXPECTED_INDICATORS} indicators in the report, "
             f"got {count}")


def check_history_json(cmd: Sequence[str], sample: Sample) -> None:
    """``history --format json`` must list the indicator's figures."""
    try:
        document = json.loads(sample.stdout)
        ok = document["indicator"]["id"] == HISTORY_INDICATOR and bool(document["figures"])
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        fail(cmd, sample, f"not the history of {HISTORY_INDICATOR}: {sample.stdout[:200]!r}")


def check_history_table(cmd: Sequence[str], sample: Sample) -> None:
    """The ``history`` table must run from the header to the chart's legend."""
    text = sample.stdout.decode("utf-8", "replace")
    if (f"[{HISTORY_INDICATOR}]" not in text.partition("\n")[0]
            or "planned path" not in text.rpartition("\n\n")[2].splitlines()[-1]):
        fail(cmd, sample, f"not the history table: {text[:200]!r} ... {text[-200:]!r}")


def check_mentions(names: Sequence[str]) -> Check:
    """A check that the output names every one of ``names``."""
    def check(cmd: Sequence[str], sample: Sample) -> None:
        text = sample.stdout.decode("utf-8", "replace")
        missing = [name for name in names if name not in text]
        if missing:
            fail(cmd, sample, f"the output does not mention {', '.join(missing[:5])}"
                 + (" ..." if len(missing) > 5 else ""))
    return check


def check_nonempty(prefix: bytes = b"") -> Check:
    """A check that the output is not empty (and starts with ``prefix``)."""
    def check(cmd: Sequence[str], sample: Sample) -> None:
        if not sample.stdout.strip() or not sample.stdout.startswith(prefix):
            fail(cmd, sample, f"unexpected output {sample.stdout[:200]!r}")
    return check


def check_gate_json(cmd: Sequence[str], sample: Sample) -> None:
    """``check --format json`` must print its verdicts as JSON."""
    try:
        report = json.loads(sample.stdout)
        ok = isinstance(report, dict) and "passed" in report and "verdicts" in report
    except ValueError:
        ok = False
    if not ok:
        fail(cmd, sample, f"not a check report: {sample.stdout[:200]!r}")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CaseResult:
    """The measured runs of one case (at one size, or at start-up)."""

    case: str
    title: str
    size: int | None
    command: list[str]
    input_bytes: int | None
    runs: int
    wall_s: list[float]
    max_rss_mib: list[float]
    median_s: float
    min_s: float
    max_s: float
    median_rss_mib: float
    max_rss_mib_overall: float
    info: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Ratio:
    """One ratio of medians (wall time and peak RSS) from the same run."""

    name: str
    size: int | None
    numerator: str
    denominator: str
    wall: float
    rss: float


@dataclass(frozen=True)
class Bar:
    """A target: the measured value, the limit it must not exceed, and the verdict."""

    name: str
    measured: float | None
    limit: float
    unit: str
    verdict: str
    detail: str = ""


def summarize(case: Case, size: int | None, samples: list[Sample]) -> CaseResult:
    """Median, minimum and maximum of the measured ``samples`` of one case."""
    wall = [s.seconds for s in samples]
    rss = [s.max_rss_kib / 1024 for s in samples]
    return CaseResult(
        case=case.name, title=case.title, size=size, command=case.display(),
        input_bytes=case.input_bytes, runs=len(samples), wall_s=wall, max_rss_mib=rss,
        median_s=statistics.median(wall), min_s=min(wall), max_s=max(wall),
        median_rss_mib=statistics.median(rss), max_rss_mib_overall=max(rss),
        info=dict(case.info),
    )


def measure_group(cases: Sequence[Case], repeat: int, size: int | None) -> list[CaseResult]:
    """A checked warm-up of each case, then ``repeat`` rounds running each case in turn."""
    for case in cases:
        case.warm_up()
    samples: dict[str, list[Sample]] = {case.name: [] for case in cases}
    where = f"size {size:>7}" if size is not None else "start-up    "
    for index in range(repeat):
        for case in cases:
            sample = case.run()
            samples[case.name].append(sample)
            print(f"  {where} run {index + 1}/{repeat} {case.name:<13} {sample.seconds:7.3f} s "
                  f"{sample.max_rss_kib / 1024:7.1f} MiB", file=sys.stderr)
    return [summarize(case, size, samples[case.name]) for case in cases]


# --------------------------------------------------------------------------- inputs


def plan_path(out_dir: Path, size: int, seed: int) -> Path:
    """The cached plan of ``size`` results; the name changes when the generator does."""
    return out_dir / f"plan-{size}-s{seed}-v{GENERATOR_VERSION}.toml"


def journal_path(out_dir: Path, size: int, seed: int) -> Path:
    """The cached journal of ``size`` figures; the name changes when its writer does."""
    return out_dir / f"journal-{size}-s{seed}-v{GENERATOR_VERSION}.{JOURNAL_VERSION}.journal"


def _ensure(path: Path, write: Callable[[int, Path, int], None], size: int, seed: int) -> Path:
    if not path.is_file():
        start = time.perf_counter()
        write(size, path, seed)
        print(f"generated {path} in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return path


def ensure_plan(out_dir: Path, size: int, seed: int) -> Path:
    """The generated plan of ``size`` results, written on first use."""
    return _ensure(plan_path(out_dir, size, seed), write_plan, size, seed)


def ensure_history_plan(out_dir: Path, size: int, seed: int) -> Path:
    """The generated plan of ``size`` figures of one indicator, written on first use."""
    path = out_dir / f"history-{size}-s{seed}-v{HISTORY_VERSION}.toml"
    return _ensure(path, write_history_plan, size, seed)


def ensure_journal(out_dir: Path, size: int, seed: int) -> Path:
    """The generated journal of ``size`` figures, written on first use."""
    return _ensure(journal_path(out_dir, size, seed), write_journal, size, seed)


def free_indicator(size: int, seed: int, day: dt.date) -> str:
    """The first indicator with no figure at all (sector-wide or per ecosystem) on ``day``
    in the generated plan, so that ``add-result`` records a first figure, not a revision."""
    used = {r.indicator for r in results(size, seed) if r.date == day}
    for number in range(INDICATOR_COUNT):
        ident = f"ind{number:03d}"
        if ident not in used:
            return ident
    raise SystemExit(f"every indicator has a figure on {day} in the {size}-result plan; "
                     "choose another --as-of")


# --------------------------------------------------------------------------- peers


@dataclass(frozen=True)
class Peer:
    """A peer tool: where it is and its version, or why it is skipped."""

    name: str
    path: str | None
    version: str | None
    skipped: str | None


def find_peer(name: str, skip: str | None) -> Peer:
    """Look ``name`` up on ``PATH`` unless ``skip`` says why not; say so on stderr when
    it is missing."""
    if skip is not None:
        return Peer(name, None, None, skip)
    path = shutil.which(name)
    if path is None:
        print(f"{name} not found: install with `apt-get install {name}`; skipped",
              file=sys.stderr)
        return Peer(name, None, None, f"{name} not found")
    done = subprocess.run([path, "--version"], capture_output=True, text=True, check=False,
                          env=base_env())
    lines = (done.stdout or done.stderr).strip().splitlines()
    return Peer(name, path, lines[0].strip() if lines else "unknown", None)


# --------------------------------------------------------------------------- size cases


def size_cases(size: int, plan: Path, journal: Path | None, wanted: Sequence[str],
               peers: dict[str, Peer], args: argparse.Namespace, day: dt.date) -> list[Case]:
    """The cases to measure at one size, in the order they alternate."""
    exe = str(offshore_executable())
    status_cmd = [exe, "status", "--plan", str(plan), "--as-of", args.as_of, "--format", "json"]
    cache_root = args.out / CACHE_DIR
    warm_home = cache_root / f"warm-{size}"
    plan_bytes = plan.stat().st_size
    used = sorted({r.indicator for r in results(size, args.seed)})
    cases: list[Case] = []
    for name in wanted:
        if name == "status-cold":
            cases.append(ColdStatusCase(name, "offshore status (cold cache)", status_cmd,
                                        cache_root / "cold", check=check_status_json,
                                        input_bytes=plan_bytes))
        elif name == "status-warm":
            cases.append(Case(name, "offshore status (warm cache)", status_cmd,
                              offshore_env(warm_home), check=check_status_json,
                              input_bytes=plan_bytes))
        elif name == "ledger" and peers["ledger"].path and journal is not None:
            cases.append(Case(name, "ledger balance",
                              [str(peers["ledger"].path), "-f", str(journal), "balance"],
                              base_env(), check=check_mentions(used),
                              input_bytes=journal.stat().st_size, is_offshore=False))
        elif name == "hledger" and peers["hledger"].path and journal is not None:
            accounts = [account(spec.id) for spec in indicators(args.seed)]
            cases.append(Case(name, "hledger balance --budget",
                              [str(peers["hledger"].path), "-f", str(journal), "balance",
                               "--budget"],
                              base_env(), check=check_mentions(accounts),
                              input_bytes=journal.stat().st_size, is_offshore=False))
        elif name == "add-result":
            indicator = free_indicator(size, args.seed, day)
            copy = args.out / WORK_DIR / f"copy-{plan.name}"
            cases.append(AddResultCase(plan, copy, indicator, day, args.as_of, warm_home))
        elif name in ("history-json", "history-table"):
            cases.append(history_case(name, size, args))
    return cases


def history_case(name: str, size: int, args: argparse.Namespace) -> Case:
    """``offshore history`` of the one indicator of the history plan, as JSON or as the
    table, with a cache folder of its own (emptied now, filled by the warm-up). The
    child has no ``COLUMNS``: the table is drawn as for a file."""
    plan = ensure_history_plan(args.out, size, args.seed)
    home = args.out / CACHE_DIR / f"history-{size}"
    if name == "history-json":
        # Emptied once per size, before either case's warm-up fills it.
        shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True, exist_ok=True)
    env = offshore_env(home)
    env.pop("COLUMNS", None)
    table = name == "history-table"
    cmd = [str(offshore_executable()), "history", HISTORY_INDICATOR, "--plan", str(plan),
           *([] if table else ["--format", "json"])]
    return Case(name, f"offshore history ({'table' if table else 'JSON'})", cmd, env,
                check=check_history_table if table else check_history_json,
                input_bytes=plan.stat().st_size)


def fill_warm_cache(size: int, plan: Path, args: argparse.Namespace) -> dict[str, object]:
    """One untimed ``status`` that fills the size's warm cache folder; what it left there."""
    exe = str(offshore_executable())
    warm_home = args.out / CACHE_DIR / f"warm-{size}"
    shutil.rmtree(warm_home, ignore_errors=True)
    warm_home.mkdir(parents=True)
    cmd = [exe, "status", "--plan", str(plan), "--as-of", args.as_of, "--format", "json"]
    sample = run_measured(cmd, offshore_env(warm_home))
    if sample.returncode != 0:
        fail(cmd, sample)
    files, total = tree_size(warm_home)
    if files == 0:
        print(f"note: size {size}: `offshore status` wrote no cache under XDG_CACHE_HOME "
              f"({warm_home}); warm and cold status measure the same thing", file=sys.stderr)
    return {"cache_home": str(warm_home), "cache_files": files, "cache_bytes": total,
            "fill_s": sample.seconds}


# --------------------------------------------------------------------------- start-up


def startup_cases(args: argparse.Namespace, cwd: Path, cache_home: Path) -> list[Case]:
    """The floor and four ``offshore`` commands on the embedded seed plan (``status``
    in English and in French: a French run reads its catalogue)."""
    exe = offshore_executable()
    env = offshore_env(cache_home)
    python = offshore_interpreter(exe)
    return [
        Case("floor", f'python -c "{FLOOR_IMPORTS}"', [python, "-c", FLOOR_IMPORTS], env,
             cwd=cwd, is_offshore=False),
        Case("version", "offshore --version", [str(exe), "--version"], env, cwd=cwd,
             check=check_nonempty(b"offshore")),
        Case("status", f"offshore status --as-of {args.as_of}",
             [str(exe), "status", "--as-of", args.as_of], env, cwd=cwd,
             check=check_nonempty()),
        Case("status-fr", f"offshore --lang fr status --as-of {args.as_of}",
             [str(exe), "--lang", "fr", "status", "--as-of", args.as_of], env, cwd=cwd,
             check=check_nonempty()),
        Case("check-json", f"offshore check --as-of {args.as_of} --format json",
             [str(exe), "check", "--as-of", args.as_of, "--format", "json"], env, cwd=cwd,
             check=check_gate_json, ok_codes=frozenset({0, 1})),
    ]


def measure_startup(args: argparse.Namespace) -> list[CaseResult]:
    """Start-up on the embedded seed plan, in an empty folder, with a warm cache."""
    cache_home = args.out / CACHE_DIR / "startup"
    shutil.rmtree(cache_home, ignore_errors=True)
    cache_home.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="offshore-startup-") as tmp:
        cwd = Path(tmp)
        cases = startup_cases(args, cwd, cache_home)
        prime = run_measured(cases[2].cmd, cases[2].env, cwd)
        if prime.returncode != 0:
            fail(cases[2].cmd, prime)
        return measure_group(cases, args.startup_repeat, None)


# --------------------------------------------------------------------------- ratios, bars


def _by(results_: Sequence[CaseResult]) -> dict[tuple[str, int | None], CaseResult]:
    return {(r.case, r.size): r for r in results_}


def compute_ratios(measured: Sequence[CaseResult], startup: Sequence[CaseResult],
                   sizes: Sequence[int]) -> list[Ratio]:
    """The ratios of medians: to the peers, add-result to status, growth, start-up to floor."""
    table = _by(measured)
    out: list[Ratio] = []

    def ratio(name: str, top: CaseResult | None, bottom: CaseResult | None,
              size: int | None) -> None:
        if top is not None and bottom is not None:
            out.append(Ratio(name, size, top.case, bottom.case, top.median_s / bottom.median_s,
                             top.median_rss_mib / bottom.median_rss_mib))

    for size in sizes:
        ratio("warm status / ledger", table.get(("status-warm", size)),
              table.get(("ledger", size)), size)
        ratio("cold status / hledger", table.get(("status-cold", size)),
              table.get(("hledger", size)), size)
        ratio("add-result / warm status", table.get(("add-result", size)),
              table.get(("status-warm", size)), size)
        ratio("history table / json", table.get(("history-table", size)),
              table.get(("history-json", size)), size)
    ordered = sorted(set(sizes))
    for small, large in itertools.pairwise(ordered):
        if small == 0:
            continue
        for case in SIZE_CASES:
            ratio(f"growth {case} {large}/{small}", table.get((case, large)),
                  table.get((case, small)), large)
    floor = _by(startup).get(("floor", None))
    for case in ("version", "status", "status-fr", "check-json"):
        ratio(f"start-up {case} / floor", _by(startup).get((case, None)), floor, None)
    return out


def _bar(name: str, measured: float | None, limit: float, unit: str, missing: str) -> Bar:
    if measured is None:
        return Bar(name, None, limit, unit, "SKIP", missing)
    return Bar(name, measured, limit, unit, "PASS" if measured <= limit else "MISS")


def compute_bars(measured: Sequence[CaseResult], ratios: Sequence[Ratio],
                 sizes: Sequence[int], peers: dict[str, Peer]) -> list[Bar]:
    """Each bar with its measured value; a bar whose inputs were not measured is SKIP."""
    by_name = {(r.name, r.size): r.wall for r in ratios}
    bars: list[Bar] = []

    def why(peer: str) -> str:
        skipped = peers[peer].skipped
        return skipped if skipped else "not measured"

    for size in sizes:
        bars.append(_bar(f"{size:,}: warm status ≤ 1.0 × ledger balance",
                         by_name.get(("warm status / ledger", size)), 1.0, "×", why("ledger")))
        bars.append(_bar(f"{size:,}: cold status ≤ 0.5 × hledger balance --budget",
                         by_name.get(("cold status / hledger", size)), 0.5, "×",
                         why("hledger")))
        bars.append(_bar(f"{size:,}: add-result ≤ 1.5 × warm status",
                         by_name.get(("add-result / warm status", size)), 1.5, "×",
                         "not measured"))
        bars.append(_bar(f"{size:,}: history table ≤ {HISTORY_TABLE_LIMIT:g} × history JSON",
                         by_name.get(("history table / json", size)), HISTORY_TABLE_LIMIT, "×",
                         "not measured"))
        peaks = [r for r in measured if r.size == size and r.case in OFFSHORE_SIZE_CASES]
        worst = max(peaks, key=lambda r: r.max_rss_mib_overall, default=None)
        bars.append(_bar(
            f"{size:,}: peak memory < {MEMORY_LIMIT_MB:.0f} MB"
            + (f" (highest: {worst.case})" if worst else ""),
            worst.max_rss_mib_overall * BYTES_PER_MIB / 1e6 if worst else None,
            MEMORY_LIMIT_MB, "MB", "not measured"))
    positive = sorted({s for s in sizes if s > 0})
    if len(positive) >= 2:
        small, large = positive[-2], positive[-1]
        limit = GROWTH_SLACK * large / small
        for case in ("status-warm", "status-cold"):
            bars.append(_bar(f"growth {case} {large:,} / {small:,} ≤ {limit:g}",
                             by_name.get((f"growth {case} {large}/{small}", large)), limit,
                             "×", "not measured"))
    for case, limit in (("status", 1.2), ("status-fr", 1.2), ("version", 0.6),
                        ("check-json", 0.8)):
        bars.append(_bar(f"start-up: {case} ≤ {limit} × floor",
                         by_name.get((f"start-up {case} / floor", None)), limit, "×",
                         "not measured"))
    return bars


# --------------------------------------------------------------------------- output


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _offshore_version() -> str:
    done = subprocess.run([str(offshore_executable()), "--version"], capture_output=True,
                          text=True, check=False, env=base_env())
    return done.stdout.strip() or done.stderr.strip()


def _git_state() -> str | None:
    """The commit of the code measured, and whether ``src/`` differs from it (read only)."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head} (src/ has uncommitted changes)" if dirty else head


def machine_info() -> dict[str, object]:
    """Where and when the benchmark runs."""
    return {
        "date_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else None,
        "mem_total_gib": _mem_total_gib(),
        "load_avg": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "os": platform.platform(),
        "offshore": _offshore_version(),
        "commit": _git_state(),
    }


def _mb(n: int | None) -> str:
    return f"{n / 1_000_000:.2f} MB" if n is not None else ""


def size_table(rows: Sequence[CaseResult]) -> str:
    """The timings of one size, one row per case."""
    lines = [
        "| case | input | runs | median wall | min wall | max wall | peak RSS (median) "
        "| peak RSS (max) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.title} | {_mb(r.input_bytes)} | {r.runs} | {r.median_s:.3f} s "
        f"| {r.min_s:.3f} s | {r.max_s:.3f} s | {r.median_rss_mib:.1f} MiB "
        f"| {r.max_rss_mib_overall:.1f} MiB |"
        for r in rows
    ]
    return "\n".join(lines)


def startup_table(rows: Sequence[CaseResult], ratios: Sequence[Ratio]) -> str:
    """The start-up timings with each command's ratio to the floor."""
    to_floor = {r.numerator: r.wall for r in ratios if r.name.startswith("start-up ")}
    lines = [
        "| command | runs | median wall | min wall | max wall | peak RSS (median) | / floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        share = "1.00×" if r.case == "floor" else (
            f"{to_floor[r.case]:.2f}×" if r.case in to_floor else "")
        lines.append(f"| `{r.title}` | {r.runs} | {r.median_s:.3f} s | {r.min_s:.3f} s "
                     f"| {r.max_s:.3f} s | {r.median_rss_mib:.1f} MiB | {share} |")
    return "\n".join(lines)


def ratio_table(ratios: Sequence[Ratio]) -> str:
    """Every ratio but the start-up ones (which are in the start-up table)."""
    lines = ["| ratio | results | wall time (medians) | peak RSS (medians) |",
             "|---|---:|---:|---:|"]
    lines += [f"| {r.name} | {r.size:,} | {r.wall:.2f}× | {r.rss:.2f}× |"
              for r in ratios if r.size is not None]
    return "\n".join(lines)


def bar_table(bars: Sequence[Bar]) -> str:
    """The bars with their verdicts."""
    lines = ["| bar | measured | verdict |", "|---|---:|---|"]
    for b in bars:
        if b.measured is None:
            value = "—"
        elif b.unit == "MB":
            value = f"{b.measured:.1f} MB"
        else:
            value = f"{b.measured:.2f}{b.unit}"
        verdict = b.verdict + (f" ({b.detail})" if b.detail else "")
        lines.append(f"| {b.name} | {value} | {verdict} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def _commands(text: str) -> list[str]:
    names: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if part:
            names += ALIASES.get(part, (part,))
    unknown = [name for name in names if name not in CASES]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"give one or more of {', '.join([*CASES, *ALIASES])}, comma-separated; "
            f"not {text!r}")
    return [name for name in CASES if name in names]


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not sizes or any(size < 0 for size in sizes):
        raise argparse.ArgumentTypeError("give one or more sizes of at least 0")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        description="Benchmark offshore against ledger and hledger on the same data, "
                    "and its start-up.")
    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated numbers of figures (default 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help=f"measured runs of each case per size (default {DEFAULT_REPEAT})")
    parser.add_argument("--startup-repeat", type=int, default=DEFAULT_STARTUP_REPEAT,
                        help="measured runs of each start-up command "
                             f"(default {DEFAULT_STARTUP_REPEAT})")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"),
                        help="folder for the plans, journals, caches and results.json")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF,
                        help="the status --as-of date, also the add-result --date")
    parser.add_argument("--commands", type=_commands, default=list(CASES),
                        help="comma-separated cases (default: all of "
                             f"{','.join(CASES)}; 'status' and 'history' mean both "
                             "cases of each)")
    parser.add_argument("--skip-peers", action="store_true",
                        help="do not run ledger or hledger")
    args = parser.parse_args(argv)
    # Absolute: offshore ignores a relative XDG_CACHE_HOME, as the XDG specification says.
    args.out = args.out.resolve()
    if args.repeat < 1 or args.startup_repeat < 1:
        parser.error("--repeat and --startup-repeat must be at least 1")
    try:
        args.day = dt.date.fromisoformat(args.as_of)
    except ValueError:
        parser.error(f"--as-of must be a date YYYY-MM-DD, not {args.as_of!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure, print the tables and the bars, write ``OUT/results.json``."""
    _Launcher.start()  # while this process is small: see _Launcher
    args = parse_args(argv)
    exe = offshore_executable()
    if not exe.is_file():
        print(f"no offshore executable at {exe}; install the package in this environment",
              file=sys.stderr)
        return 1
    wanted = args.commands
    compile_package(offshore_interpreter(exe))
    peers = {name: find_peer(name, "--skip-peers" if args.skip_peers
                             else None if name in wanted else "not in --commands")
             for name in PEERS}
    machine = machine_info()
    print(f"# offshore benchmark, {machine['date_utc']}\n")
    print(f"- CPU: {machine['cpu_model']}, {machine['cores']} cores "
          f"({machine['cores_available']} available)")
    mem = machine["mem_total_gib"]
    print(f"- RAM: {mem:.1f} GiB" if isinstance(mem, float) else "- RAM: unknown")
    print(f"- Python {machine['python']} ({machine['python_executable']}), {machine['os']}")
    print(f"- code: commit {machine['commit']}" if machine["commit"] else "- code: unknown")
    startup_runs = (f", {args.startup_repeat} per start-up command" if STARTUP in wanted
                    else "")
    print(f"- {machine['offshore']}; as of {args.as_of}; {args.repeat} measured runs per "
          f"case and size{startup_runs}, after one warm-up")
    for peer in peers.values():
        print(f"- {peer.name}: {peer.version} ({peer.path})" if peer.path
              else f"- {peer.name}: skipped ({peer.skipped})")
    print()

    measured: list[CaseResult] = []
    fills: dict[int, dict[str, object]] = {}
    startup: list[CaseResult] = []
    if STARTUP in wanted:
        startup = measure_startup(args)
    for size in args.sizes:
        plan = ensure_plan(args.out, size, args.seed)
        need_journal = any(peers[p].path for p in PEERS)
        journal = ensure_journal(args.out, size, args.seed) if need_journal else None
        cases = size_cases(size, plan, journal, [w for w in wanted if w != STARTUP], peers,
                           args, args.day)
        if not cases:
            continue
        if any(c.name in ("status-warm", "add-result") for c in cases):
            fills[size] = fill_warm_cache(size, plan, args)
        measured += measure_group(cases, args.repeat, size)

    ratios = compute_ratios(measured, startup, args.sizes)
    bars = compute_bars(measured, ratios, args.sizes, peers)
    for size in args.sizes:
        rows = [r for r in measured if r.size == size]
        if rows:
            print(f"## {size:,} figures\n")
            print(size_table(rows))
            fill = fills.get(size)
            if fill is not None:
                print(f"\nWarm cache: {fill['cache_files']} file(s), "
                      f"{_mb(int(str(fill['cache_bytes'])))} after the filling run.")
            print()
    if any(r.size is not None for r in ratios):
        print("## Ratios (same run)\n")
        print(ratio_table(ratios))
        print()
    if startup:
        print("## Start-up (embedded seed plan, warm cache)\n")
        print(startup_table(startup, ratios))
        print()
    print("## Bars\n")
    print(bar_table(bars))

    report: dict[str, object] = {
        "benchmark": "offshore vs ledger/hledger, and start-up",
        "cases": wanted,
        "seed": args.seed,
        "as_of": args.as_of,
        "repeat": args.repeat,
        "startup_repeat": args.startup_repeat,
        "generator_version": GENERATOR_VERSION,
        "journal_version": JOURNAL_VERSION,
        "machine": machine,
        "peers": {name: asdict(peer) for name, peer in peers.items()},
        "warm_cache": {str(size): fill for size, fill in fills.items()},
        "results": [asdict(r) for r in measured],
        "startup": [asdict(r) for r in startup],
        "ratios": [asdict(r) for r in ratios],
        "bars": [asdict(b) for b in bars],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / "results.json"
    out_file.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"\nwrote {out_file}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
