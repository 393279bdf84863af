"""Time ``offshore status`` on generated plans of growing size.

For each size N, the script writes (or reuses) a plan with N results made by
``benchmarks/generate.py``, runs

    offshore status --plan PLAN --as-of 2019-04-23 --format json

once as a warm-up and then ``--repeat`` times, and reports the median, minimum
and maximum wall time and the peak resident memory of the ``offshore`` process.
It prints the machine, a Markdown table, and writes everything as JSON to
``OUT/results.json``. A failing command stops the run with its stderr and exit 1.

Run it from the project root with the dev virtualenv::

    /work/venv/bin/python benchmarks/run.py --sizes 1000,10000,100000 --repeat 5

Options: ``--sizes`` (comma-separated, default 1000,10000,100000), ``--repeat``
(default 5), ``--out`` (default benchmarks/out; generated plans are cached there
by size and seed), ``--seed`` (default 0), ``--as-of`` (default 2019-04-23).

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
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_plan

GENERATOR_VERSION = 1
DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_AS_OF = "2019-04-23"
EXPECTED_INDICATORS = 100


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
    path = plan_path(out_dir, size, seed)
    if not path.is_file():
        start = time.perf_counter()
        write_plan(size, path, seed)
        print(f"generated {path} in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return path


def fail(cmd: list[str], sample: Sample) -> None:
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


def measure(size: int, plan: Path, repeat: int, as_of: str) -> SizeResult:
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
        print(f"  size {size:>7}: run {index + 1}/{repeat}: {sample.seconds:.3f} s, "
              f"{sample.max_rss_kib / 1024:.1f} MiB", file=sys.stderr)
    wall = [s.seconds for s in samples]
    rss = [s.max_rss_kib / 1024 for s in samples]
    return SizeResult(
        size=size, plan=str(plan), plan_bytes=plan.stat().st_size, repeat=repeat,
        wall_s=wall, max_rss_mib=rss, median_s=statistics.median(wall), min_s=min(wall),
        max_s=max(wall), median_rss_mib=statistics.median(rss), max_rss_mib_overall=max(rss),
    )


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


def markdown_table(results: list[SizeResult]) -> str:
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


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not sizes or any(size < 0 for size in sizes):
        raise argparse.ArgumentTypeError("give one or more sizes of at least 0")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark `offshore status` by plan size.")
    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated numbers of results (default 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per size")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"),
                        help="folder for the generated plans and results.json")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--as-of", default=DEFAULT_AS_OF, help="the --as-of date to pass")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    exe = offshore_executable()
    if not exe.is_file():
        print(f"no offshore executable at {exe}; install the package in this environment",
              file=sys.stderr)
        return 1

    machine = machine_info()
    print(f"# offshore status benchmark, {machine['date_utc']}")
    print(f"CPU: {machine['cpu_model']}, {machine['cores']} cores "
          f"({machine['cores_available']} available)")
    mem = machine["mem_total_gib"]
    print(f"RAM: {mem:.1f} GiB" if isinstance(mem, float) else "RAM: unknown")
    print(f"Python {machine['python']} ({machine['python_executable']}), {machine['os']}")
    print(f"{machine['offshore']}; as of {args.as_of}; {args.repeat} measured runs per size "
          "after one warm-up")
    print()

    results: list[SizeResult] = []
    for size in args.sizes:
        plan = ensure_plan(args.out, size, args.seed)
        results.append(measure(size, plan, args.repeat, args.as_of))

    print(markdown_table(results))
    report = {
        "benchmark": "offshore status --format json",
        "command": [str(exe), "status", "--plan", "PLAN", "--as-of", args.as_of,
                    "--format", "json"],
        "seed": args.seed,
        "generator_version": GENERATOR_VERSION,
        "machine": machine,
        "results": [asdict(r) for r in results],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / "results.json"
    out_file.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out_file}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
