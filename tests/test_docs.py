"""The docs keep up with the code: every command and option is documented, and the
README's sample output is the real output."""

from __future__ import annotations

import typer.main

from offshore_cli.cli import app

from .conftest import GOLDEN, ROOT

DOCS = "\n".join(path.read_text(encoding="utf-8")
                 for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    found = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options = [opt for param in command.params for opt in param.opts
                   if opt.startswith("--") and opt != "--help"]
        found[name] = options
    return found


def test_every_command_and_option_is_documented() -> None:
    missing = []
    for name, options in commands().items():
        if f"offshore {name}" not in DOCS:
            missing.append(f"offshore {name}")
        missing.extend(f"{name} {option}" for option in options if option not in DOCS)
    assert not missing, missing


def test_readme_sample_is_the_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = (GOLDEN / "status-seed.txt").read_text(encoding="utf-8")
    assert "$ offshore status --as-of 2019-04-23\n" + sample in readme
