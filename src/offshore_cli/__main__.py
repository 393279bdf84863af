"""The ``offshore`` process: exit codes, one-line errors, and fast paths.

``main`` wraps the command layer so that every way out of the process maps to
one of the exit codes in ``errors.py``: a user's mistake is one line on stderr
and exit 2; a bug is a short message and exit 70 (the traceback with
``--debug``). ``--version`` answers without importing the command layer.
``run``, the installed program, calls ``main`` and exits without the
interpreter's clean-up.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from offshore_cli.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    OffshoreError,
)


def _print_error(message: str) -> None:
    print(f"offshore: error: {message}", file=sys.stderr)


def _quiet_broken_pipe() -> int:
    # The reader went away (`offshore status | head -1`): stop quietly, and keep
    # the interpreter from complaining while it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def _replace_unencodable() -> None:
    # A terminal or pipe whose encoding cannot show a character (an ASCII locale
    # showing "Éco-Business") gets a replacement character, not a crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _replace_unencodable()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("OFFSHORE_DEBUG"))
    args = [arg for arg in args if arg != "--debug"]
    if args == ["--version"]:
        from offshore_cli._version import __version__

        print(f"offshore {__version__}")
        return EXIT_OK
    try:
        from offshore_cli.cli import OutputClosed, command_line

        try:
            result = command_line(args)(args=args, prog_name="offshore", standalone_mode=False)
        except OutputClosed:
            return _quiet_broken_pipe()
        except Exception as exc:
            # The command-line parser's own usage errors (unknown option, bad
            # choice) carry an exit code and a message; anything else is ours.
            if _is_parser_error(exc):
                _print_error(exc.format_message() + _usage_hint(exc))  # type: ignore[attr-defined]
                return EXIT_USAGE
            if type(exc).__name__ == "Abort":
                _print_error("interrupted")
                return EXIT_INTERRUPTED
            raise
        return result if isinstance(result, int) else EXIT_OK
    except OffshoreError as exc:
        _print_error(exc.one_line())
        return exc.exit_code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        _print_error("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if debug:
            import traceback

            traceback.print_exc()
        _print_error(f"internal error: {type(exc).__name__}: {exc}")
        print("offshore: this is a bug; please report it with the command you ran "
              "(add --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


def _is_parser_error(exc: Exception) -> bool:
    return hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == EXIT_USAGE


def _usage_hint(exc: object) -> str:
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "offshore"
    return f" (see `{path} --help`)"


def run() -> NoReturn:
    """The ``offshore`` program: ``main``, then an immediate exit.

    When ``main`` returns, every file the command wrote is closed (and a plan is
    synced to disk), so the interpreter's clean-up of the few hundred modules a
    command imports (about 10 ms on every run) would change nothing: flush the
    output and end the process. If the output cannot be flushed, the ordinary
    exit reports it as Python always does."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = _quiet_broken_pipe() if code == EXIT_OK else code
    except Exception:
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    run()
