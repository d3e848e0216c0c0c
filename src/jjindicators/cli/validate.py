"""`jjind validate`: check a submission and list every problem, where it is and how to fix it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from jjindicators.cli.common import (
    DateOrderOption,
    EncodingOption,
    FailOn,
    FormatOption,
    Inputs,
    LangOption,
    MappingOption,
    MaxCellsOption,
    MaxFileMbOption,
    MaxRowsOption,
    OutputFormat,
    chosen_language,
    err,
    guarded,
    out,
    print_json,
    validate_options,
)
from jjindicators.cli.console import render_report
from jjindicators.options import load_options
from jjindicators.outputs import check_outputs
from jjindicators.render import write_issues
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions, check_submission
from jjindicators.validate.counts import add_group_checks

HELP = (
    "Check a submission: every sheet, row and cell against the forms, then the checks "
    "between fields and forms. Lists all problems at once, each with its cell (e.g. "
    "F14) and how to fix it.\n\n"
    "Exit code: 0 no errors, 1 errors found (or warnings, with --fail-on warning), 2 "
    "usage problem.\n\n"
    "Example:  jjind validate examples/exampleland-2025.xlsx -o issues.xlsx --lang fr"
)


def validate_command(
    paths: Inputs,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the issues to .xlsx or .csv, beside the "
            "original rows, to send back to the information source.",
        ),
    ] = None,
    format: FormatOption = OutputFormat.table,
    fail_on: Annotated[FailOn, typer.Option(help="Exit with 1 from this severity on.")] = (
        FailOn.error
    ),
    mapping: MappingOption = None,
    date_order: DateOrderOption = None,
    encoding: EncodingOption = "utf-8",
    lang: LangOption = None,
    max_shown: Annotated[
        int, typer.Option(help="Issues shown on screen (-1 for all); files always have all.")
    ] = 50,
    max_file_mb: MaxFileMbOption = ValidateOptions.max_file_mb,
    max_rows: MaxRowsOption = ValidateOptions.max_rows,
    max_cells: MaxCellsOption = ValidateOptions.max_cells,
    today: Annotated[dt.datetime | None, typer.Option(hidden=True, formats=["%Y-%m-%d"])] = None,
) -> None:
    """Check a submission and list every problem."""
    words = Words(chosen_language(lang))
    check_outputs([output] if output else [], paths, lang=words.lang)  # never over an input
    options = validate_options(
        date_order, encoding, today, max_file_mb, max_rows, max_cells, mapping
    )
    with err.status("Validating…"):
        # count sheets by other age groups or bands than jjind.toml's (or the defaults) are
        # errors here as in compute
        checked = add_group_checks(check_submission(list(paths), options),
                                   load_options(list(paths)))  # fmt: skip
        report = checked.report
        if output is not None:
            write_issues(report, checked.read.tables, output, words.lang)
    if format is OutputFormat.json:
        print_json(report.to_dict(words.lang))
    else:
        render_report(out, report, max_shown, words)
        if output is not None:
            err.print(Text(words("console_issues_written", path=output)))
    raise typer.Exit(1 if report.failed(fail_on.value) else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("validate", help=HELP)(guarded(validate_command))
