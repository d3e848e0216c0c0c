"""jjind's version, as its installed package records it (`pyproject.toml`, the one place it is
written)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jjindicators")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
