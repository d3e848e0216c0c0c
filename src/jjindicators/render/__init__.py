"""Renderers: each output format only writes what the library computed, never computes."""

from __future__ import annotations

from jjindicators.render.issues import write_issues
from jjindicators.render.safe import atomic_path, neutralise

__all__ = ["atomic_path", "neutralise", "write_issues"]
