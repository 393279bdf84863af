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


def reference_sections() -> dict[str, str]:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    sections = {}
    for chunk in text.split("\n## offshore ")[1:]:
        name, _, body = chunk.partition("\n")
        sections[name.strip()] = body
    return sections


def test_every_command_and_option_is_in_its_own_reference_section() -> None:
    sections = reference_sections()
    missing = []
    for name, options in commands().items():
        if name not in sections:
            missing.append(f"## offshore {name}")
            continue
        missing.extend(f"{name} {option}" for option in options
                       if f"`{option}" not in sections[name])
    assert not missing, missing


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in commands() if f"`offshore {name}" not in readme] == []


def test_readme_sample_is_the_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = (GOLDEN / "status-seed.txt").read_text(encoding="utf-8")
    assert "$ offshore status --as-of 2019-04-23\n" + sample in readme
