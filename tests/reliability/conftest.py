"""Fixtures of the reliability suite: a folder every simulated user can reach."""

from __future__ import annotations

from .users import shared_tmp

__all__ = ["shared_tmp"]
