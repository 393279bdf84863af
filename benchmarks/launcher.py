"""Runs the measured commands for ``run.py`` and ``limits.py`` from a small process.

Linux starts a child's peak RSS (``ru_maxrss``) at its parent's RSS when it was
forked, and keeps that peak across ``exec``: a command started by the benchmark
itself, which holds generated plans and outputs of tens of megabytes, would be
reported as large as the benchmark. So the benchmark starts this launcher first,
while it is still small, and the launcher forks every measured command: each
reports its own peak (never less than the launcher's few megabytes).

Protocol, one JSON object a line: the benchmark writes ``{"cmd", "env", "cwd",
"out", "err"}``; the launcher answers ``{"seconds", "max_rss_kib", "status"}``.
Wall time is taken around the fork and the reaping, as before.
"""

from __future__ import annotations

import json
import os
import sys
import time


def serve() -> None:
    for line in sys.stdin:
        order = json.loads(line)
        out = os.open(order["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(order["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: become the command
            try:
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(out, 1)
                os.dup2(err, 2)
                if order["cwd"]:
                    os.chdir(order["cwd"])
                env = order["env"] if order["env"] is not None else dict(os.environ)
                os.execvpe(order["cmd"][0], order["cmd"], env)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        os.close(out)
        os.close(err)
        sys.stdout.write(json.dumps({"seconds": seconds, "max_rss_kib": usage.ru_maxrss,
                                     "status": os.waitstatus_to_exitcode(status)}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
