"""Time ``offshore status`` and ``offshore add-result`` on generated plans of growing size.

For each size N, the script writes (or reuses) a plan with N results made by
``benchmarks/generate.py``, runs

    offshore status --plan PLAN --as-of 2019-04-23 --format json
    offshore add-result IND 12345 --date 2019-04-23 --plan COPY

each once as a warm-up and then ``--repeat`` times, and reports the median,
minimum and maximum wall time and the peak resident memory of the ``offshore``
process. ``add-result`` appends to the plan, so every run of it (the warm-up
too) gets a fresh copy of the generated plan, made before the clock starts and
removed, with its lock file, after the child is reaped. Its date is the as-of
date and IND is the first of ``ind000`` .. ``ind099`` that the generated plan
has no figure for on that date (``ind000`` for the default sizes and seed), so
the figure is a first one: no ``--revise``. After each run, outside the timed
region, the copy must have grown and must end with the new block.

It prints the machine, a Markdown table per command and the ratio
add-result/status per size, and writes everything as JSON to
``OUT/results.json`` (``results`` holds the status runs, as before; the
add-result runs and the ratios are under ``add_result``). A failing command
stops the run with its stderr and exit 1.

Run it from the project root with the dev virtualenv::

    /work/venv/bin/python benchmarks/run.py --sizes 1000,10000,100000 --repeat 5

Options: ``--sizes`` (comma-separated, default 1000,10000,100000), ``--repeat``
(default 5), ``--out`` (default benchmarks/out; generated plans are cached there
by size and seed), ``--seed`` (default 0), ``--as-of`` (default 2019-04-23; also
the add-result date), ``--commands`` (comma-separated, default
``status,add-result``).

Wall time is ``time.perf_counter`` around starting the process and reaping it,
so it includes interpreter start-up and imports. Peak memory is the child's own
``ru_maxrss`` from ``os.wait4``, not ``RUSAGE_CHILDREN`` (a maximum over every
child ever reaped, which would carry the largest size over to the later runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import INDICATOR_COUNT, results, write_plan

GENERATOR_VERSION = 1
DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_AS_OF = "2019-04-23"
EXPECTED_INDICATORS = 100
COMMANDS = ("status", "add-result")
ADD_VALUE = "12345"
WORK_DIR = "work"


@dataclass(frozen=True)
class Sample:
    """One run of a command: wall seconds, peak RSS in KiB, exit code, output."""

    seconds: float
    max_rss_kib: int
    returncode: int
    stdout: bytes
    stderr: bytes


@dataclass(frozen=True)
class SizeResult:
    """The measured runs of one plan size."""

    size: int
    plan: str
    plan_bytes: int
    repeat: int
    wall_s: list[float]
    max_rss_mib: list[float]
    median_s: float
    min_s: float
    max_s: float
    median_rss_mib: float
    max_rss_mib_overall: float


@dataclass(frozen=True)
class AddResultSize(SizeResult):
    """The measured ``add-result`` runs of one plan size, and what was appended."""

    indicator: str
    date: str
    value: str
    bytes_added: int


@dataclass(frozen=True)
class Ratio:
    """add-result over status for one size: median wall time and median peak RSS."""

    size: int
    wall: float
    rss: float


def offshore_executable() -> Path:
    """The ``offshore`` script installed next to the running interpreter."""
    return Path(sys.executable).parent / "offshore"


def run_measured(cmd: list[str]) -> Sample:
    """Run ``cmd`` and reap it with ``os.wait4`` to get its own resource usage.

    Output goes to temporary files rather than pipes, so a large output cannot
    block the child while we wait for it.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        # Tell Popen the child is reaped so that it never waits for it again.
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux.
        return Sample(seconds, usage.ru_maxrss, proc.returncode, out.read(), err.read())


def plan_path(out_dir: Path, size: int, seed: int) -> Path:
    """The cached plan of ``size`` results; the name changes when the generator does."""
    return out_dir / f"plan-{size}-s{seed}-v{GENERATOR_VERSION}.toml"


def ensure_plan(out_dir: Path, size: int, seed: int) -> Path:
    """The generated plan of ``size`` results, written on first use."""
    path = plan_path(out_dir, size, seed)
    if not path.is_file():
        start = time.perf_counter()
        write_plan(size, path, seed)
        print(f"generated {path} in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return path


def fail(cmd: list[str], sample: Sample) -> None:
    """Stop the run: print the failing command and its stderr."""
    print(f"command failed with exit code {sample.returncode}: {' '.join(cmd)}", file=sys.stderr)
    sys.stderr.write(sample.stderr.decode("utf-8", "replace"))
    raise SystemExit(1)


def check_output(cmd: list[str], sample: Sample) -> None:
    """The warm-up output must be the JSON report of all the indicators."""
    try:
        report = json.loads(sample.stdout)
        count = len(report["indicators"])
    except (ValueError, KeyError, TypeError) as exc:
        print(f"unexpected output from {' '.join(cmd)}: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    if count != EXPECTED_INDICATORS:
        print(f"expected {EXPECTED_INDICATORS} indicators in the report, got {count}",
              file=sys.stderr)
        raise SystemExit(1)


def summarize(size: int, plan: Path, samples: list[Sample]) -> SizeResult:
    """Median, minimum and maximum of the measured ``samples`` of one size."""
    wall = [s.seconds for s in samples]
    rss = [s.max_rss_kib / 1024 for s in samples]
    return SizeResult(
        size=size, plan=str(plan), plan_bytes=plan.stat().st_size, repeat=len(samples),
        wall_s=wall, max_rss_mib=rss, median_s=statistics.median(wall), min_s=min(wall),
        max_s=max(wall), median_rss_mib=statistics.median(rss), max_rss_mib_overall=max(rss),
    )


def _progress(command: str, size: int, index: int, repeat: int, sample: Sample) -> None:
    print(f"  {command:<10} size {size:>7}: run {index + 1}/{repeat}: {sample.seconds:.3f} s, "
          f"{sample.max_rss_kib / 1024:.1f} MiB", file=sys.stderr)


def measure(size: int, plan: Path, repeat: int, as_of: str) -> SizeResult:
    """Time ``offshore status`` on ``plan``: one checked warm-up, then ``repeat`` runs."""
    cmd = [str(offshore_executable()), "status", "--plan", str(plan), "--as-of", as_of,
           "--format", "json"]
    warm = run_measured(cmd)
    if warm.returncode != 0:
        fail(cmd, warm)
    check_output(cmd, warm)
    samples: list[Sample] = []
    for index in range(repeat):
        sample = run_measured(cmd)
        if sample.returncode != 0:
            fail(cmd, sample)
        samples.append(sample)
        _progress("status", size, index, repeat, sample)
    return summarize(size, plan, samples)


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


def add_result_cmd(indicator: str, day: dt.date, plan: Path) -> list[str]:
    """The ``add-result`` command line for one run on ``plan``."""
    return [str(offshore_executable()), "add-result", indicator, ADD_VALUE,
            "--date", day.isoformat(), "--plan", str(plan)]


def _remove_copy(copy: Path) -> None:
    for leftover in (copy, copy.with_name(copy.name + ".lock")):
        leftover.unlink(missing_ok=True)


def run_add_result(plan: Path, copy: Path, indicator: str, day: dt.date) -> tuple[Sample, int]:
    """One ``add-result`` run on a fresh copy of ``plan``; the copying, the checks and the
    clean-up are outside the timed region. Returns the sample and the bytes added."""
    _remove_copy(copy)
    shutil.copyfile(plan, copy)
    before = copy.stat().st_size
    cmd = add_result_cmd(indicator, day, copy)
    try:
        sample = run_measured(cmd)
        if sample.returncode != 0:
            fail(cmd, sample)
        after = copy.stat().st_size
        tail = copy.read_bytes()[before:].decode("utf-8", "replace")
    finally:
        _remove_copy(copy)
    expected = (f'[[results]]\nindicator = "{indicator}"\ndate = {day.isoformat()}\n'
                f"value = {ADD_VALUE}\n")
    if after <= before or expected not in tail or not sample.stdout.startswith(b"Recorded "):
        print(f"add-result exited 0 but did not append the figure to {copy} "
              f"({before} -> {after} bytes); appended text: {tail!r}; "
              f"stdout: {sample.stdout!r}", file=sys.stderr)
        raise SystemExit(1)
    return sample, after - before


def measure_add_result(size: int, plan: Path, repeat: int, work_dir: Path, seed: int,
                       day: dt.date) -> AddResultSize:
    """Time ``offshore add-result`` on fresh copies of ``plan``: a warm-up, then ``repeat``."""
    indicator = free_indicator(size, seed, day)
    work_dir.mkdir(parents=True, exist_ok=True)
    copy = work_dir / f"copy-{plan.name}"
    _, added = run_add_result(plan, copy, indicator, day)
    samples: list[Sample] = []
    for index in range(repeat):
        sample, added = run_add_result(plan, copy, indicator, day)
        samples.append(sample)
        _progress("add-result", size, index, repeat, sample)
    return AddResultSize(**asdict(summarize(size, plan, samples)), indicator=indicator,
                         date=day.isoformat(), value=ADD_VALUE, bytes_added=added)


def ratios(status: list[SizeResult], added: list[AddResultSize]) -> list[Ratio]:
    """add-result/status per size measured with both commands, in the order of ``added``."""
    by_size = {r.size: r for r in status}
    return [Ratio(a.size, a.median_s / by_size[a.size].median_s,
                  a.median_rss_mib / by_size[a.size].median_rss_mib)
            for a in added if a.size in by_size]


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
                          text=True, check=False)
    return done.stdout.strip() or done.stderr.strip()


def machine_info() -> dict[str, object]:
    """Where and when the benchmark runs."""
    return {
        "date_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else None,
        "mem_total_gib": _mem_total_gib(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "os": platform.platform(),
        "offshore": _offshore_version(),
    }


def markdown_table(results: Sequence[SizeResult]) -> str:
    """The timings of one command, one row per size."""
    lines = [
        "| results | plan size | runs | median wall | min wall | max wall | peak RSS (median) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {r.plan_bytes / 1_000_000:.2f} MB | {r.repeat} "
            f"| {r.median_s:.3f} s | {r.min_s:.3f} s | {r.max_s:.3f} s "
            f"| {r.median_rss_mib:.1f} MiB |"
        )
    return "\n".join(lines)


def ratio_table(rows: list[Ratio]) -> str:
    """add-result/status per size."""
    lines = [
        "| results | add-result / status (median wall) | add-result / status (peak RSS) |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {r.size:,} | {r.wall:.2f}× | {r.rss:.2f}× |" for r in rows]
    return "\n".join(lines)


def _commands(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in COMMANDS]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"give one or more of {', '.join(COMMANDS)}, comma-separated; not {text!r}")
    return [name for name in COMMANDS if name in names]


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not sizes or any(size < 0 for size in sizes):
        raise argparse.ArgumentTypeError("give one or more sizes of at least 0")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark `offshore status` and `offshore add-result` by plan size.")
    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated numbers of results (default 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per size")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"),
                        help="folder for the generated plans and results.json")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF,
                        help="the status --as-of date, also the add-result --date")
    parser.add_argument("--commands", type=_commands, default=list(COMMANDS),
                        help="comma-separated commands to time (default status,add-result)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        day = dt.date.fromisoformat(args.as_of)
    except ValueError:
        parser.error(f"--as-of must be a date YYYY-MM-DD, not {args.as_of!r}")
    exe = offshore_executable()
    if not exe.is_file():
        print(f"no offshore executable at {exe}; install the package in this environment",
              file=sys.stderr)
        return 1

    machine = machine_info()
    print(f"# offshore {' and '.join(args.commands)} benchmark, {machine['date_utc']}")
    print(f"CPU: {machine['cpu_model']}, {machine['cores']} cores "
          f"({machine['cores_available']} available)")
    mem = machine["mem_total_gib"]
    print(f"RAM: {mem:.1f} GiB" if isinstance(mem, float) else "RAM: unknown")
    print(f"Python {machine['python']} ({machine['python_executable']}), {machine['os']}")
    print(f"{machine['offshore']}; as of {args.as_of}; {args.repeat} measured runs per size "
          "after one warm-up")
    print()

    results: list[SizeResult] = []
    added: list[AddResultSize] = []
    for size in args.sizes:
        plan = ensure_plan(args.out, size, args.seed)
        if "status" in args.commands:
            results.append(measure(size, plan, args.repeat, args.as_of))
        if "add-result" in args.commands:
            added.append(measure_add_result(size, plan, args.repeat, args.out / WORK_DIR,
                                            args.seed, day))

    rows = ratios(results, added)
    if results:
        print("## offshore status\n")
        print(markdown_table(results))
    if added:
        print(f"\n## offshore add-result (IND {ADD_VALUE} --date {day}; IND per size: "
              + ", ".join(f"{a.size:,}: {a.indicator}" for a in added) + ")\n")
        print(markdown_table(added))
    if rows:
        print("\n## add-result / status\n")
        print(ratio_table(rows))
    report: dict[str, object] = {
        "benchmark": "offshore status --format json",
        "commands": args.commands,
        "command": [str(exe), "status", "--plan", "PLAN", "--as-of", args.as_of,
                    "--format", "json"],
        "seed": args.seed,
        "generator_version": GENERATOR_VERSION,
        "machine": machine,
        "results": [asdict(r) for r in results],
    }
    if added:
        report["add_result"] = {
            "command": add_result_cmd("IND", day, Path("COPY")),
            "results": [asdict(a) for a in added],
            "ratios": [asdict(r) for r in rows],
        }
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / "results.json"
    out_file.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out_file}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
