"""The options the commands share, declared once and collected into the library's options.

The compute options are made from `ComputeOptions`' fields (their flag and help, `options.option`);
the publication and reading options are declared here beside `PublicationOptions` and
`ValidateOptions`, whose fields name their flags (a test holds the two together). `with_options`
adds a group's options to a command, which receives them collected: `given` (the compute options
given, None for "not given", over a jjind.toml), `publication` and `checks`.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import Field, fields
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from jjindicators.cli.common import (
    DateOrder,
    DateOrderOption,
    EncodingOption,
    MappingOption,
    MaxCellsOption,
    MaxFileMbOption,
    MaxRowsOption,
    parse_ints,
)
from jjindicators.errors import UsageError
from jjindicators.mapping import load_profile
from jjindicators.options import ComputeOptions, PublicationOptions
from jjindicators.validate import ValidateOptions

NoTraceOption = Annotated[
    bool,
    typer.Option("--no-trace", help="For publication: leave the trace (and every child_ref) out."),
]
PseudonymiseOption = Annotated[
    bool,
    typer.Option(
        "--pseudonymise-trace",
        help="For publication: replace each child_ref in the trace by a keyed hash made with "
        "--salt (the same child, the same pseudonym; the salt is never written).",
    ),
]
SaltOption = Annotated[
    str | None,
    typer.Option(
        "--salt",
        envvar="JJIND_SALT",
        help="The secret for --pseudonymise-trace, 8 characters or more; better set in the "
        "JJIND_SALT environment variable, out of your shell history.",
        show_default=False,
    ),
]
SuppressOption = Annotated[
    int | None,
    typer.Option(
        "--suppress-below",
        metavar="N",
        help="For publication (with --no-trace): counts from 1 to N-1 shown as suppressed, with "
        "complementary suppression so that none can be worked out from the totals.",
        show_default=False,
    ),
]
TodayOption = Annotated[
    dt.datetime | None, typer.Option("--today", hidden=True, formats=["%Y-%m-%d"])
]


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)  # fmt: skip


def _compute_parameter(option: Field[Any], kind: Any) -> tuple[inspect.Parameter, Callable]:
    """The typer option of one `ComputeOptions` field, and what turns its value into the
    field's (None: not given)."""
    flag, text = option.metadata["cli"], option.metadata["help"]
    args = [a for a in typing.get_args(kind) if a is not type(None)]
    literal = next((a for a in [kind, *args] if typing.get_origin(a) is typing.Literal), None)
    if literal is not None:
        words = typing.get_args(literal)
        choice = StrEnum(option.name.title().replace("_", ""), {w: w for w in words})  # type: ignore[misc]
        info = typer.Option(flag, help=text, case_sensitive=False, show_default=False)
        return _parameter(
            option.name, Annotated[choice | None, info], None
        ), lambda v: v and v.value
    if kind is bool and option.default is True:  # a switch: --x/--no-x, None when not given
        info = typer.Option(flag, help=text, show_default=False)
        return _parameter(option.name, Annotated[bool | None, info], None), lambda v: v
    if kind is bool:  # a flag: given or not
        info = typer.Option(flag, help=text)
        return _parameter(option.name, Annotated[bool, info], False), lambda v: v or None
    if dt.date in args:
        info = typer.Option(flag, formats=["%Y-%m-%d"], help=text, show_default=False)
        return _parameter(
            option.name, Annotated[dt.datetime | None, info], None
        ), lambda v: v and v.date()
    if kind is int:  # a whole number
        info = typer.Option(flag, help=text, metavar=option.metadata.get("metavar") or "N",
                            show_default=False)  # fmt: skip
        return _parameter(option.name, Annotated[int | None, info], None), lambda v: v
    if typing.get_origin(kind) is tuple:  # whole numbers, comma-separated
        info = typer.Option(flag, help=text, show_default=False)
        return _parameter(option.name, Annotated[str | None, info], None), lambda v: parse_ints(
            v, flag
        )
    raise TypeError(f"No command-line option for {option.name}: {kind}")  # a new kind of option


_HINTS = typing.get_type_hints(ComputeOptions)
COMPUTE = {f.name: _compute_parameter(f, _HINTS[f.name]) for f in fields(ComputeOptions)}
PUBLICATION = {
    "no_trace": _parameter("no_trace", NoTraceOption, False),
    "pseudonymise_trace": _parameter("pseudonymise_trace", PseudonymiseOption, False),
    "salt": _parameter("salt", SaltOption, None),
    "suppress_below": _parameter("suppress_below", SuppressOption, None),
}
READING = {
    "mapping": _parameter("mapping", MappingOption, None),
    "date_order": _parameter("date_order", DateOrderOption, None),
    "encoding": _parameter("encoding", EncodingOption, "utf-8"),
    "max_file_mb": _parameter("max_file_mb", MaxFileMbOption, ValidateOptions.max_file_mb),
    "max_rows": _parameter("max_rows", MaxRowsOption, ValidateOptions.max_rows),
    "max_cells": _parameter("max_cells", MaxCellsOption, ValidateOptions.max_cells),
    "today": _parameter("today", TodayOption, None),
}


def given_options(values: dict[str, Any]) -> dict[str, Any]:
    """The compute options of the command line as `load_options` takes them (None: not given)."""
    return {name: COMPUTE[name][1](value) for name, value in values.items()}


def publication_options(
    no_trace: bool, pseudonymise_trace: bool, salt: str | None, suppress_below: int | None
) -> PublicationOptions:
    """The publication options of the command line."""
    if no_trace and pseudonymise_trace:
        raise UsageError("Give --no-trace or --pseudonymise-trace, not both.")
    if no_trace:
        return PublicationOptions("none", None, suppress_below)
    if pseudonymise_trace:
        return PublicationOptions("pseudonymised", salt, suppress_below)
    return PublicationOptions("full", None, suppress_below)


def validate_options(
    date_order: DateOrder | None,
    encoding: str,
    today: dt.datetime | None,
    max_file_mb: float,
    max_rows: int,
    max_cells: int,
    mapping: Path | None = None,
) -> ValidateOptions:
    """The reading and checking options every command that validates takes."""
    return ValidateOptions(
        mapping=load_profile(mapping) if mapping else None,
        overrides={"date_order": date_order.value} if date_order else {},
        encoding=encoding,
        today=today.date() if today else None,
        max_file_mb=max_file_mb,
        max_rows=max_rows,
        max_cells=max_cells,
    )


# Each group: its options, the keyword its command receives them by, and what collects them.
GROUPS: dict[str, tuple[dict[str, inspect.Parameter], Callable[..., Any]]] = {
    "given": ({n: p for n, (p, _) in COMPUTE.items()}, lambda **v: given_options(v)),
    "publication": (PUBLICATION, publication_options),
    "checks": (READING, validate_options),
}


def with_options(*groups: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Add the options of `groups` (`given`, `publication`, `checks`) to a command, after its
    own; the command takes each group as one keyword argument of that name, collected.

    >>> @with_options("given", "checks")  # doctest: +SKIP
    ... def compute_command(paths: Inputs, *, given: dict, checks: ValidateOptions) -> None: ...
    """

    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> None:
            for group in groups:
                options, collect = GROUPS[group]
                kwargs[group] = collect(**{name: kwargs.pop(name) for name in options})
            function(*args, **kwargs)

        signature = inspect.signature(function, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name not in groups]
        added = [p for group in groups for p in GROUPS[group][0].values()]
        run.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in (*own, *added)}
        return run

    return decorate
