"""The ``offshore`` process: exit codes, one-line errors, and fast paths.

``main`` wraps the command layer so that every way out of the process maps to
one of the exit codes in ``errors.py``: a user's mistake is one line on stderr
and exit 2; output that cannot be written is one line and exit 74; Ctrl-C is
one line and exit 130; a bug is a short message and exit 70 (the traceback with
``--debug``). ``--version`` answers without importing the command layer, and
``offshore`` alone prints the help and exits 0.
``run``, the installed program, calls ``main``, flushes what is left under the
same rules, and exits without the interpreter's clean-up.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from offshore_cli.errors import (
    EXIT_CHECK_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    OffshoreError,
)


class _Interrupted(BaseException):
    """Ctrl-C, raised by ``main``'s SIGINT handler in place of ``KeyboardInterrupt``:
    the command-line parser catches ``KeyboardInterrupt`` itself (to print an empty
    line, or to turn it into a silent exit 130), so it must not see this one."""


def _print_error(message: str) -> None:
    _tell(f"offshore: error: {message}")


def _tell(line: str) -> None:
    # Nothing is left to tell the user when stderr itself fails (`2>/dev/full`); the
    # exit code still says what happened, so the failure must not change it.
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def _guard_standard_streams() -> None:
    """Give a closed stdin, stdout or stderr a harmless stand-in.

    Python leaves ``sys.stdout`` as None when descriptor 1 was closed at start, and
    the next file opened (a plan, its lock) would get number 1, where anything
    printed would then land. Each closed descriptor is occupied by /dev/null: read
    only for stdin and stdout, so that a write to a closed stdout fails as it would
    have (``Bad file descriptor``, exit 74), and write only for stderr, so that
    messages vanish rather than reach stdout."""
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, flags)
            if null != fd:  # only if a lower number was free, which the order rules out
                os.dup2(null, fd)
                os.close(null)
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(2, "w", buffering=1, encoding="utf-8",  # noqa: SIM115
                          errors="backslashreplace", closefd=False)


def _discard_output() -> None:
    # The reader went away, or the output failed and that has been said: what is
    # still buffered goes to /dev/null, so that flushing it at exit cannot fail again.
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real descriptor (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _quiet_broken_pipe() -> int:
    # The reader went away (`offshore status | head -1`): stop quietly, and keep
    # the interpreter from complaining while it flushes stdout at exit.
    _discard_output()
    return EXIT_OK


def _output_failed(exc: OSError) -> int:
    _discard_output()
    _print_error(f"cannot write the output: {exc.strerror or exc}")
    return EXIT_OUTPUT


def _raised_by_the_parser(exc: BaseException) -> bool:
    """Whether ``exc`` came from the command-line parser's own code (its help, its
    messages) rather than from a command: no frame of this package's other modules
    is on its way. A command turns its output's failures into ``OutputError``
    itself, so an ``OSError`` from a command is a bug; from the parser, whose only
    I/O is printing, it is the output failing (`offshore --help >/dev/full`)."""
    from pathlib import Path

    here = Path(__file__)
    frame = exc.__traceback__
    while frame is not None:
        code = Path(frame.tb_frame.f_code.co_filename)
        if code != here and code.is_relative_to(here.parent):
            return False
        frame = frame.tb_next
    return True


_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " "}


def _spaces_or_replaced(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler of ``_replace_unencodable``: a no-break space (in
    ``69 900`` or ``1,5 Md``) becomes a plain space, anything else ``?``."""
    assert isinstance(error, UnicodeEncodeError)
    text = error.object[error.start:error.end]
    return "".join(_SPACES.get(char, "?") for char in text), error.end


def _replace_unencodable() -> None:
    # A terminal or pipe whose encoding cannot show a character (an ASCII locale
    # showing "Éco-Business") gets a replacement character, not a crash; the
    # no-break spaces of French figures become plain spaces (69 900, not 69?900).
    import codecs

    codecs.register_error("offshore-spaces", _spaces_or_replaced)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="offshore-spaces")


def _catch_interrupts() -> Callable[[], None]:
    """Make SIGINT raise ``_Interrupted``; return what restores the previous handler
    (``main`` is also called inside other programs, such as the tests)."""
    import signal  # already loaded by the command layer's imports

    def interrupted(signum: int, frame: Any) -> None:
        raise _Interrupted

    try:
        previous = signal.signal(signal.SIGINT, interrupted)
    except ValueError:  # not the main thread: leave the process's handler alone
        return lambda: None

    def restore() -> None:
        if previous is not None:  # None: a handler not set from Python, left as it is
            signal.signal(signal.SIGINT, previous)

    return restore


def main(argv: Sequence[str] | None = None) -> int:
    _guard_standard_streams()
    _replace_unencodable()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = bool(os.environ.get("OFFSHORE_DEBUG"))
    if [arg for arg in args if arg != "--debug"] == ["--version"]:
        from offshore_cli._version import __version__

        try:
            print(f"offshore {__version__}")
        except BrokenPipeError:
            return _quiet_broken_pipe()
        except OSError as exc:
            return _output_failed(exc)
        return EXIT_OK
    restore = None
    try:
        from offshore_cli.cli import OutputClosed, command_line, global_options, speak

        try:  # a --debug or --lang that is an option's value stays
            args, asked, lang = global_options(args)
        except OffshoreError as exc:
            speak(None)
            _print_error(exc.one_line())
            return exc.exit_code
        speak(lang, args)
        restore = _catch_interrupts()
        return _run_command(command_line, args, OutputClosed, debug or asked)
    except (KeyboardInterrupt, _Interrupted):
        # What the command had not yet written is dropped: flushing it at exit
        # could block again on the reader the user meant to stop.
        _discard_output()
        _print_error("interrupted")
        return EXIT_INTERRUPTED
    finally:
        if restore is not None:
            restore()


def _run_command(command_line: Callable[[Sequence[str]], Any], args: list[str],
                 closed: type[Exception], debug: bool) -> int:
    try:
        try:
            result = command_line(args)(args=args, prog_name="offshore", standalone_mode=False)
        except closed:
            return _quiet_broken_pipe()
        except SystemExit as exc:
            # The parser exits by itself (with 1) only when its own output, the
            # help, met a reader gone: a broken pipe, quiet as any other.
            if exc.code == 1:
                return _quiet_broken_pipe()
            raise
        except Exception as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                return _help_for_no_arguments(exc)
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
    except Exception as exc:
        if isinstance(exc, OSError) and _raised_by_the_parser(exc):
            return _output_failed(exc)
        if debug:
            import traceback

            with contextlib.suppress(OSError):
                traceback.print_exc()
        _print_error(f"internal error: {type(exc).__name__}: {exc}")
        _tell("offshore: this is a bug; please report it with the command you ran "
              "(add --debug for the traceback)")
        return EXIT_INTERNAL


def _help_for_no_arguments(exc: Exception) -> int:
    """``offshore`` alone asks for the help, not a mistake: the parser reports it as
    a usage error (exit 2) whose message is the help, or is empty when the help was
    already printed (rich prints it to stdout while building the message). The
    message is written as ``--help`` writes it (followed by a new line), to stdout,
    nothing to stderr, and the exit is 0."""
    try:
        sys.stdout.write(exc.format_message() + "\n")  # type: ignore[attr-defined]
        sys.stdout.flush()
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except OSError as failure:
        return _output_failed(failure)
    return EXIT_OK


def _is_parser_error(exc: Exception) -> bool:
    return hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == EXIT_USAGE


def _usage_hint(exc: object) -> str:
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "offshore"
    return f" (see `{path} --help`)"


def _flush_at_exit(code: int) -> int:
    """Flush what the command left buffered, under ``main``'s rules: a reader that
    went away is quiet, output that cannot be written is one line and exit 74 (in
    place of a success or a failed check, whose report is then lost), and a failing
    stderr changes nothing."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_output()
    except OSError as exc:
        failed = _output_failed(exc)
        code = failed if code in (EXIT_OK, EXIT_CHECK_FAILED) else code
    except ValueError:
        pass  # stdout closed by the program itself: nothing is waiting in it
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    return code


def run() -> NoReturn:
    """The ``offshore`` program: ``main``, then an immediate exit.

    When ``main`` returns, every file the command wrote is closed (and a plan is
    synced to disk), so the interpreter's clean-up of the few hundred modules a
    command imports (about 10 ms on every run) would change nothing: flush the
    output and end the process."""
    code = main()
    try:
        code = _flush_at_exit(code)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    os._exit(code)


if __name__ == "__main__":
    run()
