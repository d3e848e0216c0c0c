"""What `--help` shows for an option's value: words for people (`N`, `TEXT`, `PATH`, `a|b`), not
Python types (`<list[Path]>`, `<int range>`, `<bool>`).

Typer writes an option's Python type in the help's type column; this puts a plain word there
instead: nothing for a switch or an argument (its name says it), the choices of a choice, the
option's own `metavar` where it has one, else a word for the kind of value.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, get_args

import typer.core

_WORDS: dict[Any, str] = {int: "N", float: "NUMBER", str: "TEXT", Path: "PATH",
                          dt.datetime: "YYYY-MM-DD", dt.date: "YYYY-MM-DD"}  # fmt: skip


def plain_type(param: Any) -> str | None:
    """The word for `param`'s value in the help, or None to show nothing."""
    if isinstance(param, typer.core.TyperArgument) or getattr(param, "is_flag", False):
        return None
    if param.metavar:
        return str(param.metavar)
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(c) for c in desc.choices or ())
    kind = desc.annotation
    if desc.is_list:
        kind = (get_args(kind) or (str,))[0]
    if desc.is_path:
        kind = Path
    return _WORDS.get(kind, "TEXT")


def use_plain_types() -> None:
    """Make typer's help show `plain_type` (where this typer has the hook; else as it was)."""
    for name in ("_TyperParameter", "TyperArgument", "TyperOption"):
        kind = getattr(typer.core, name, None)
        if kind is not None and "display_type_rich" in vars(kind):
            kind.display_type_rich = lambda self, ctx: plain_type(self)
