"""What the commands share: option types defined once, the consoles, and JSON output."""

from __future__ import annotations

import functools
import inspect
import json
import sys
import traceback
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
from jjindicators.render.safe_text import json_escaped, printable
from jjindicators.render.words import Words


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


def print_json(data: Any) -> None:
    """Print data as JSON on stdout, as the library returned it: strict JSON, a number JSON has
    no word for (NaN, an infinity) written null."""
    text = json.dumps(json_ready(data), indent=2, ensure_ascii=False, default=str, allow_nan=False)
    sys.stdout.write(json_escaped(text) + "\n")  # no control a terminal acts on


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
# `--debug` is taken before the command (`jjind --debug batch ...`, the app's callback) and after
# it (`jjind batch ... --debug`): `guarded` adds it to every command.
ChangeThresholdOption = Annotated[
    float,
    typer.Option(
        "--change-threshold",
        min=0.0,
        metavar="PERCENT",
        help="The year-on-year check: a headline that moved by more than PERCENT % of the "
        "earlier period's value, and is unlikely to have moved by chance, is a large-change "
        "warning.",
    ),
]
DebugOption = Annotated[
    bool,
    typer.Option("--debug", help="Show the traceback of an internal error (it may hold "
                 "children's data: check it before you send it).", show_default=False),
]  # fmt: skip


class Stopped(BaseException):
    """SIGTERM, raised as an exception (`jjind.cli.main`) so that jjind stops as on Ctrl-C: every
    temporary removed on the way out, nothing half-written left under a final name."""

    def __init__(self, name: str = "SIGTERM", code: int = 143) -> None:
        super().__init__(name, code)
        self.name, self.code = name, code


def stopped(exc: BaseException) -> int:
    """Say that jjind was stopped (Ctrl-C, SIGTERM) and nothing was left half-written; the exit
    code: 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM), as shells do."""
    name, code = (exc.name, exc.code) if isinstance(exc, Stopped) else ("Ctrl-C", 130)
    err.print(Words(default_language())("console_stopped", signal=name), style="red",
              markup=False, highlight=False)  # fmt: skip
    return code


def guarded(function: Callable[..., None]) -> Callable[..., None]:
    """Run a command so that a usage problem exits with 2 and a bug exits with 3, each with a
    plain message; the traceback (children's data may be in it) only with --debug, which the
    command takes too. Ctrl-C and SIGTERM exit with 130 and 143 and a message, without a
    traceback either."""

    @functools.wraps(function)
    def run(*args: Any, debug: bool = False, **kwargs: Any) -> None:
        STATE["debug"] = STATE["debug"] or debug
        try:
            function(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except (KeyboardInterrupt, Stopped) as exc:
            raise typer.Exit(stopped(exc)) from None
        except JjindError as exc:
            err.print(f"[red]Error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from None
        except Exception as exc:
            internal_error(exc, kwargs.get("lang"))
            raise typer.Exit(3) from None

    signature = inspect.signature(function, eval_str=True)  # Typer reads the Annotated options
    debug = inspect.Parameter("debug", inspect.Parameter.KEYWORD_ONLY, default=False,
                              annotation=DebugOption)  # fmt: skip
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), debug]
    )
    run.__annotations__ = {**function.__annotations__, "debug": DebugOption}
    return run


def internal_error(exc: BaseException, lang: Language | None = None) -> None:
    """Say on stderr that jjind stopped on a bug (being handled: `exc`): with --debug after its
    traceback, else how to see it."""
    words = Words(chosen_language(lang))
    name = type(exc).__name__
    if STATE["debug"]:
        show_traceback(traceback.format_exc())
        err.print(f"[red]{escape(words('internal_error_debug', name=name))}[/red]")
        return
    err.print(f"[red]{escape(words('internal_error', name=name))}[/red] "
              + escape(words("internal_error_how")))  # fmt: skip


def show_traceback(text: str) -> None:
    """A traceback on stderr, as it is (only ever with --debug)."""
    err.print(text.rstrip("\n"), markup=False, highlight=False, emoji=False)
