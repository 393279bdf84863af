"""offshore: track a plan's numeric targets against its deadline.

The core is a library that needs no terminal::

    from offshore_cli import load_plan, evaluate
    report = evaluate(load_plan("data/plan.toml"), datetime.date(2019, 4, 23))

Names are imported on first use so that ``offshore --version`` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from offshore_cli._version import __version__

if TYPE_CHECKING:
    from offshore_cli.errors import OffshoreError, PlanError
    from offshore_cli.plan import load_plan
    from offshore_cli.progress import IndicatorProgress, PlanReport, evaluate

__all__ = ["IndicatorProgress", "OffshoreError", "PlanError", "PlanReport", "__version__",
           "evaluate", "load_plan"]

_LAZY = {
    "load_plan": "offshore_cli.plan", "evaluate": "offshore_cli.progress",
    "IndicatorProgress": "offshore_cli.progress", "PlanReport": "offshore_cli.progress",
    "OffshoreError": "offshore_cli.errors", "PlanError": "offshore_cli.errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'offshore_cli' has no attribute {name!r}")
