"""`jjind compute`: validate a submission, compute the fifteen indicators and write the report."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from jjindicators.changes import DEFAULT_THRESHOLD
from jjindicators.cli.common import (
    ChangeThresholdOption,
    Inputs,
    LangOption,
    chosen_language,
    err,
    guarded,
    out,
    print_json,
)
from jjindicators.cli.console import render_report, render_summary
from jjindicators.cli.options import with_options
from jjindicators.compute import ComputeResult
from jjindicators.errors import UsageError
from jjindicators.options import PublicationOptions, load_options
from jjindicators.pipeline import is_html, is_xlsx, run_compute
from jjindicators.previous import ChangeCheck, read_previous
from jjindicators.render.report_csv import cells_csv
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

HELP = (
    "Compute the fifteen indicators of a submission. It is validated first: errors stop the "
    "computation (nothing is written) unless --exclude-invalid leaves their rows out. Writes "
    "the Excel report (-o report.xlsx), the CSV tables (-o FOLDER) or a web page to read, share "
    "and print (-o report.html: one self-contained file, without the trace), and shows every "
    "indicator's headline.\n\n"
    "Options also come from a jjind.toml (\\[compute] table) beside the data; the command line "
    "wins.\n\n"
    "To publish: --no-trace or --pseudonymise-trace (salt from JJIND_SALT) leave no child_ref "
    "in the report; --suppress-below N (with --no-trace) hides small counts; --round N or "
    "--random-round 3 --seed S (with --no-trace) round every count (docs/data-protection.md).\n\n"
    "Year on year: --previous OLD/indicators.csv (an earlier period's CSV report) makes each "
    "headline that changed by more than --change-threshold % (default 25), and unlikely by "
    "chance, a large-change warning: explain it before publishing.\n\n"
    "Exit code: 0 computed from data without errors; 1 the data have errors (with "
    "--exclude-invalid the report is still written); 2 usage problem.\n\n"
    "Example:  jjind compute examples/exampleland-2025.xlsx -o report.xlsx"
)


class ComputeFormat(StrEnum):
    """What `compute` prints on stdout, and the kind of report a folder gets."""

    table = "table"
    json = "json"
    csv = "csv"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="report.xlsx, report.html, or a folder for the CSV tables."
    ),
]
ComputeFormatOption = Annotated[
    ComputeFormat,
    typer.Option(
        "--format",
        "-f",
        help="table or json on screen; csv: the CSV tables into -o FOLDER (without -o, "
        "indicators.csv on stdout).",
    ),
]
PreviousOption = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        metavar="OLD/indicators.csv",
        help="A previous period's report (its indicators.csv, as -o FOLDER writes it): each "
        "headline that changed more than --change-threshold, and unlikely by chance, is a "
        "large-change warning in this report.",
        show_default=False,
    ),
]
MaxShownOption = Annotated[
    int, typer.Option(help="Issues shown on screen when errors stop it (-1 for all).")
]


@with_options("given", "publication", "checks")
def compute_command(
    paths: Inputs,
    output: OutputOption = None,
    format: ComputeFormatOption = ComputeFormat.table,
    max_shown: MaxShownOption = 50,
    lang: LangOption = None,
    previous: PreviousOption = None,
    change_threshold: ChangeThresholdOption = DEFAULT_THRESHOLD,
    *,
    given: dict[str, Any],
    publication: PublicationOptions,
    checks: ValidateOptions,
) -> None:
    """Compute the indicators and write the report."""
    words = Words(chosen_language(lang))
    if format is ComputeFormat.csv and output is not None and (is_xlsx(output) or is_html(output)):
        raise UsageError("--format csv writes a folder of CSV files: give -o a folder name.")
    options = load_options(list(paths), **given)
    check = ChangeCheck(read_previous(previous, words.lang), change_threshold) if previous else None
    with err.status("Computing…"):
        result = run_compute(paths, options, checks, publication, report=output, lang=words.lang,
                             check=check)  # fmt: skip
    _render(result, format, output, max_shown, words)
    raise typer.Exit(0 if result.computed and result.validation.valid else 1)


def _render(
    result: ComputeResult, format: ComputeFormat, output: Path | None, max_shown: int,
    words: Words,
) -> None:  # fmt: skip
    """The result on stdout in the format asked for; messages on stderr."""
    if format is ComputeFormat.json:
        print_json(result.to_dict())
    elif not result.computed:
        render_report(out, result.validation, max_shown, words)
    elif format is ComputeFormat.csv and output is None:
        sys.stdout.write(cells_csv(result))
    else:
        render_summary(out, result, words)
    if not result.computed:
        err.print(Text(words("console_not_computed"), style="red"))
    elif output is not None:
        err.print(Text(words("console_written", path=output)))


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("compute", help=HELP)(guarded(compute_command))
