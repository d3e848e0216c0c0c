"""Pausing Python's cycle collector while a submission is read, checked and computed.

Reading a sheet of a million rows makes millions of lists and tuples, and the collector would
walk every one of them again and again as they are made (about a tenth of the time of a
1M-record `compute`; `docs/performance.md`). The records hold no reference cycles worth
collecting while the work runs; the collector runs again as soon as it ends.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection inside the block (nested blocks are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, run with the cycle collector paused."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return function(*args, **kwargs)

    return wrapper
