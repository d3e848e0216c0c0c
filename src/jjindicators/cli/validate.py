"""`jjind validate`: check a submission and list every problem, where it is and how to fix it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from jjindicators.cli.common import (
    FailOn,
    FormatOption,
    Inputs,
    LangOption,
    OutputFormat,
    chosen_language,
    err,
    guarded,
    out,
    print_json,
)
from jjindicators.cli.console import render_report
from jjindicators.cli.options import with_options
from jjindicators.options import load_options
from jjindicators.pipeline import run_validate
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

HELP = (
    "Check a submission: every sheet, row and cell against the forms, then the checks "
    "between fields and forms. Lists all problems at once, each with its cell (e.g. "
    "F14) and how to fix it.\n\n"
    "Exit code: 0 no errors, 1 errors found (or warnings, with --fail-on warning), 2 "
    "usage problem.\n\n"
    "Example:  jjind validate examples/exampleland-2025.xlsx -o issues.xlsx --lang fr"
)


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Also write the issues to .xlsx or .csv, beside the original rows, to send back to "
        "the information source.",
    ),
]
FailOnOption = Annotated[FailOn, typer.Option(help="Exit with 1 from this severity on.")]
MaxShownOption = Annotated[
    int, typer.Option(help="Issues shown on screen (-1 for all); files always have all.")
]


@with_options("checks")
def validate_command(
    paths: Inputs,
    output: OutputOption = None,
    format: FormatOption = OutputFormat.table,
    fail_on: FailOnOption = FailOn.error,
    lang: LangOption = None,
    max_shown: MaxShownOption = 50,
    *,
    checks: ValidateOptions,
) -> None:
    """Check a submission and list every problem."""
    words = Words(chosen_language(lang))
    # count sheets by other age groups or bands than jjind.toml's (or the defaults) are errors
    # here as in compute
    groups = load_options(list(paths))
    with err.status("Validating…"):
        report = run_validate(paths, checks, groups, issues_file=output, lang=words.lang)
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
