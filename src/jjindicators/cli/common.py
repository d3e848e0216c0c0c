"""What the commands share: option types defined once, the consoles, and JSON output."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.segment import Segment

from jjindicators.compute import json_ready
from jjindicators.errors import JjindError, UsageError
from jjindicators.i18n import default_language, languages
from jjindicators.mapping import load_profile
from jjindicators.render.safe import printable
from jjindicators.validate import ValidateOptions


class SafeConsole(Console):
    """A console through which no control character of the data reaches the terminal: each one
    is written out (`\\x1b`, `safe.printable`) as the text is rendered, whatever printed it (a
    table cell, a message, a path), once, here. Rich's own sequences (colours, the spinner) pass;
    its markup escaping covers `[` only, and its `Text` drops a few controls but not ESC."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            Segment(printable(text, screen=True), style, control) if not control else segment
            for segment in buffer
            for text, style, control in (segment,)
        )


# Results go to stdout, messages and progress to stderr (STYLE.md, "contract").
out = SafeConsole(soft_wrap=False)
err = SafeConsole(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    """How a command prints its result."""

    table = "table"
    json = "json"


class FailOn(StrEnum):
    """The least severe issue that makes `validate` exit with 1."""

    error = "error"
    warning = "warning"
    notice = "notice"


# The languages there is a catalogue for (`jjindicators.i18n`): a new locales/<xx>.toml adds one.
Language = StrEnum("Language", {lang: lang for lang in languages()})  # type: ignore[misc]


class DateOrder(StrEnum):
    """How to read day/month text dates such as 03/04/2025."""

    DMY = "DMY"
    MDY = "MDY"


Inputs = Annotated[
    list[Path],
    typer.Argument(
        help="Workbooks (.xlsx), CSV files named <form>.csv, or folders of them: one submission.",
        exists=True,
        show_default=False,
        metavar="PATH",
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table for people, json for machines (stdout)."),
]
DateOrderOption = Annotated[
    DateOrder | None,
    typer.Option(
        "--date-order",
        help="Read text dates like 03/04/2025 as DMY or MDY (overrides about.date_order).",
        case_sensitive=False,
    ),
]
LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language of what a person reads: messages and hints, the template, the report's "
        "labels. Default: the locale's (LC_ALL, LC_MESSAGES, LANG, e.g. fr_FR.UTF-8 → fr), "
        "else en.",
        case_sensitive=False,
        show_default=False,
    ),
]


def chosen_language(lang: Language | None) -> str:
    """The language `--lang` names, else the locale's (`i18n.default_language`)."""
    return lang.value if lang else default_language()


EncodingOption = Annotated[
    str,
    typer.Option(help="Encoding of CSV files, e.g. cp1252 for files saved by Excel on Windows."),
]
# Reading limits (`ValidateOptions`, docs/rules.md "Hostile and broken files"): a file beyond one
# is refused unread with an issue that names the option.
MaxFileMbOption = Annotated[
    float,
    typer.Option(
        "--max-file-mb",
        min=0.001,
        help="Largest file read, in MB; a workbook may unpack to 10 times this.",
    ),
]
MaxRowsOption = Annotated[
    int, typer.Option("--max-rows", min=1, help="Most rows in one sheet or CSV file.")
]
MaxCellsOption = Annotated[
    int,
    typer.Option("--max-cells", min=1, help="Most cells (rows × columns) in a sheet or CSV file."),
]


MappingOption = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        "-m",
        help="A mapping profile (.toml) for a submission in its own format: its sheet names, "
        "headers and codes onto jjind's forms (draft one with `jjind map suggest`).",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def print_json(data: Any) -> None:
    """Print data as JSON on stdout, as the library returned it: strict JSON, a number JSON has
    no word for (NaN, an infinity) written null."""
    text = json.dumps(json_ready(data), indent=2, ensure_ascii=False, default=str, allow_nan=False)
    # json escapes the C0 controls itself; DEL, the C1 controls and the bidi ones are escaped too
    # (`\u009b`), so that no terminal acts on them (they can only be inside strings)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda c: f"\\u{ord(c[0]):04x}", text) + "\n")


def refuse_overwrite(target: Path, force: bool, inputs: list[Path] | None = None) -> None:
    """Stop (exit 2) before overwriting an input, or an existing file without --force."""
    resolved = target.resolve()
    if inputs and any(resolved == p.resolve() for p in inputs):
        shown = escape(str(target))
        err.print(f"[red]Refusing to write to {shown}: it is one of the input files.[/red]")
        raise typer.Exit(2)
    if target.exists() and not force:
        err.print(f"[red]{escape(str(target))} already exists.[/red] Use --force to replace it.")
        raise typer.Exit(2)


def parse_ints(text: str | None, option: str) -> tuple[int, ...] | None:
    """`14,16` → (14, 16); None when not given (for --age-breaks and the bands)."""
    if text is None:
        return None
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise UsageError(
            f"{option} takes whole numbers separated by commas, e.g. 14,16; not {text!r}."
        ) from None


STATE: dict[str, bool] = {"debug": False}


def guarded(function: Callable[..., None]) -> Callable[..., None]:
    """Run a command so that a usage problem exits with 2 and a bug exits with 3, each with a
    plain message and no traceback (children's data may be in it) unless --debug is given."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except JjindError as exc:
            err.print(f"[red]Error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from None
        except Exception as exc:
            if STATE["debug"]:
                raise
            err.print(
                f"[red]jjind stopped on an internal error ({type(exc).__name__}).[/red] "
                "Your files were not changed. Run again with --debug for details, and report it."
            )
            raise typer.Exit(3) from None

    return run


def validate_options(
    date_order: DateOrder | None,
    encoding: str,
    today: dt.datetime | None,
    max_file_mb: float,
    max_rows: int,
    max_cells: int,
    mapping: Path | None = None,
) -> ValidateOptions:
    """The reading and checking options every command that validates takes, in one place."""
    return ValidateOptions(
        mapping=load_profile(mapping) if mapping else None,
        overrides={"date_order": date_order.value} if date_order else {},
        encoding=encoding,
        today=today.date() if today else None,
        max_file_mb=max_file_mb,
        max_rows=max_rows,
        max_cells=max_cells,
    )
