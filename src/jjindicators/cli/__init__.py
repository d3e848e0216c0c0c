"""The `jjind` command line: a thin layer that parses options, calls the library and renders."""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated

import typer

from jjindicators import __version__
from jjindicators.cli import batch, compute, forms, mapping, schemas, template, validate
from jjindicators.cli.common import STATE, DebugOption, Stopped, err, internal_error, stopped
from jjindicators.cli.help_types import use_plain_types

use_plain_types()

app = typer.Typer(
    name="jjind",
    help="Validate and compute the UNODC/UNICEF juvenile justice indicators from spreadsheets.\n\n"
    "Start with `jjind template data.xlsx`, fill it in, then `jjind validate data.xlsx`.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold children's records
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jjind {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Validate and compute the juvenile justice indicators."""
    STATE["debug"] = debug


for module in (validate, compute, batch, mapping, template, forms, schemas):
    module.register(app)


def _terminate(signum: int, frame: object) -> None:
    raise Stopped("SIGTERM", 128 + signum)


def main() -> None:
    """Entry point of the `jjind` console script."""
    # SIGTERM (a scheduler, `kill`) stops jjind as Ctrl-C does: an exception, so that every
    # temporary is removed on the way out (`outputs.py`).
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except (KeyboardInterrupt, Stopped) as exc:  # outside a command: while parsing options
        code = stopped(exc)
        sys.stderr.flush()
        os._exit(code)
    except SystemExit as done:
        # Every file is written and closed by now: leave without freeing a large submission's
        # millions of objects one by one (a third of a second at 100,000 records, issue #6).
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            err.print(done.code)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except Exception as exc:  # pragma: no cover - only through a bug; commands handle the rest
        internal_error(exc)
        raise SystemExit(3) from None
