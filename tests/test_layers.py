"""The package's layers import downwards only: the command line may use
everything; renderers the engine and the data layer; the engine the data layer;
the data layer (reading, validating, caching and writing plans) nothing above it.
Checked on the source, lazy imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import offshore_cli

PACKAGE = Path(offshore_cli.__file__).parent

DATA = {"_version", "errors", "spec", "rules", "models", "validation", "explain", "locator",
        "consistency", "series", "append_proof", "entry", "cache", "files", "locking", "plan",
        "store", "numbers", "figures", "sheets", "i18n"}
ENGINE = {"paths", "progress", "gate", "history", "timeline", "recording", "importing",
          "burnup"}
COMMAND = {"cli", "cli_words", "__main__", "__init__"}
ALLOWED = {"data": DATA, "engine": DATA | ENGINE, "render": DATA | ENGINE | {"render"},
           "command": DATA | ENGINE | {"render"} | COMMAND}


def layer_of(path: Path) -> str:
    if path.parent.name == "render":
        return "render"
    name = path.stem
    if name in DATA:
        return "data"
    if name in ENGINE:
        return "engine"
    assert name in COMMAND, f"{path.name} belongs to no layer: add it to test_layers.py"
    return "command"


def imported(path: Path) -> set[str]:
    """The package's modules (or ``render``) that ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "offshore_cli":
                names = [alias.name for alias in node.names]
            elif node.module.startswith("offshore_cli."):
                names = [node.module.split(".")[1]]
        elif isinstance(node, ast.Import):
            names = [alias.name.split(".")[1] for alias in node.names
                     if alias.name.startswith("offshore_cli.")]
        found |= {name for name in names if name in DATA | ENGINE | COMMAND | {"render"}}
    return found


def test_imports_go_downwards_only() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = layer_of(path)
        for name in sorted(imported(path) - ALLOWED[layer]):
            wrong.append(f"{path.relative_to(PACKAGE)} ({layer}) imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_data_layer_has_no_import_cycle_between_plan_and_store() -> None:
    assert "store" not in imported(PACKAGE / "plan.py")
    assert "progress" not in imported(PACKAGE / "cache.py")
