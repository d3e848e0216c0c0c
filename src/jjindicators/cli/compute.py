"""`jjind compute`: validate a submission, compute the fifteen indicators and write the report."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from jjindicators.cli.common import (
    DateOrderOption,
    EncodingOption,
    Inputs,
    LangOption,
    MappingOption,
    MaxCellsOption,
    MaxFileMbOption,
    MaxRowsOption,
    chosen_language,
    err,
    guarded,
    out,
    parse_ints,
    print_json,
    validate_options,
)
from jjindicators.cli.console import render_report, render_summary
from jjindicators.compute import ComputeResult
from jjindicators.errors import UsageError
from jjindicators.options import PublicationOptions, load_options
from jjindicators.pipeline import is_xlsx, run_compute
from jjindicators.render.report_csv import cells_csv
from jjindicators.render.words import Words
from jjindicators.validate import ValidateOptions

HELP = (
    "Compute the fifteen indicators of a submission. It is validated first: errors stop the "
    "computation (nothing is written) unless --exclude-invalid leaves their rows out. Writes "
    "the Excel report (-o report.xlsx) or the CSV tables (-o FOLDER), and shows every "
    "indicator's headline.\n\n"
    "Options also come from a jjind.toml (\\[compute] table) beside the data; the command line "
    "wins.\n\n"
    "To publish: --no-trace or --pseudonymise-trace (salt from JJIND_SALT) leave no child_ref "
    "in the report; --suppress-below N (with --no-trace) hides small counts.\n\n"
    "Exit code: 0 computed from data without errors; 1 the data have errors (with "
    "--exclude-invalid the report is still written); 2 usage problem.\n\n"
    "Example:  jjind compute examples/exampleland-2025.xlsx -o report.xlsx"
)


class ComputeFormat(StrEnum):
    """What `compute` prints on stdout, and the kind of report a folder gets."""

    table = "table"
    json = "json"
    csv = "csv"


class Headline(StrEnum):
    """The statistic that is the headline of indicators 4 and 5 (durations)."""

    median = "median"
    mean = "mean"


class Scope(StrEnum):
    """Where a `child_ref` identifies a child: within its source, or in the whole country."""

    source = "source"
    national = "national"


OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="report.xlsx, or a folder for the CSV tables.")
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
ExcludeOption = Annotated[
    bool,
    typer.Option(
        "--exclude-invalid",
        help="Compute on the valid rows; rows with errors are left out and listed in the report.",
    ),
]
AgeBreaksOption = Annotated[
    str | None,
    typer.Option(
        help="Lower bounds of the age groups after the first: 14,16 gives <14, 14–15, 16–17.",
        show_default=False,
    ),
]
BandsOption = Annotated[
    str | None,
    typer.Option(
        help="Upper bounds, in days, of the duration bands (comma-separated); the last band is "
        "open. Defaults: 7,30,90,180,365 (indicator 4) and 91,182,365,730 (indicator 5).",
        show_default=False,
    ),
]
CensusDateOption = Annotated[
    dt.datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        help="Census date, YYYY-MM-DD (overrides about.census_date).",
        show_default=False,
    ),
]
ScopeOption = Annotated[
    Scope | None,
    typer.Option(
        help="A child_ref identifies a child within its source, or in the whole country "
        "(overrides about.child_ref_scope).",
        show_default=False,
    ),
]
FallbackOption = Annotated[
    bool | None,
    typer.Option(
        "--census-fallback/--no-census-fallback",
        help="Indicator 6: use a place's census count when it sent no register (default: yes).",
        show_default=False,
    ),
]
HeadlineOption = Annotated[
    Headline | None,
    typer.Option(
        "--duration-headline",
        help="Indicators 4 and 5, time in detention: the headline number of days is the median "
        "(half of the children were held less, half more; a few very long stays do not pull it "
        "up) or the mean (the average, which the Manual's draft speaks of). Both are always in "
        "the report. Default: median.",
        case_sensitive=False,
        show_default=False,
    ),
]
MaxShownOption = Annotated[
    int, typer.Option(help="Issues shown on screen when errors stop it (-1 for all).")
]
TodayOption = Annotated[dt.datetime | None, typer.Option(hidden=True, formats=["%Y-%m-%d"])]
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


def publication_options(
    no_trace: bool, pseudonymise_trace: bool, salt: str | None, suppress_below: int | None
) -> PublicationOptions:
    """The publication options of the command line (shared with `jjind batch`)."""
    if no_trace and pseudonymise_trace:
        raise UsageError("Give --no-trace or --pseudonymise-trace, not both.")
    if no_trace:
        return PublicationOptions("none", None, suppress_below)
    if pseudonymise_trace:
        return PublicationOptions("pseudonymised", salt, suppress_below)
    return PublicationOptions("full", None, suppress_below)


def compute_command(
    paths: Inputs,
    output: OutputOption = None,
    format: ComputeFormatOption = ComputeFormat.table,
    exclude_invalid: ExcludeOption = False,
    age_breaks: AgeBreaksOption = None,
    pre_sentence_bands: BandsOption = None,
    sentenced_bands: BandsOption = None,
    census_date: CensusDateOption = None,
    child_ref_scope: ScopeOption = None,
    census_fallback: FallbackOption = None,
    duration_headline: HeadlineOption = None,
    mapping: MappingOption = None,
    date_order: DateOrderOption = None,
    encoding: EncodingOption = "utf-8",
    max_shown: MaxShownOption = 50,
    no_trace: NoTraceOption = False,
    pseudonymise_trace: PseudonymiseOption = False,
    salt: SaltOption = None,
    suppress_below: SuppressOption = None,
    max_file_mb: MaxFileMbOption = ValidateOptions.max_file_mb,
    max_rows: MaxRowsOption = ValidateOptions.max_rows,
    max_cells: MaxCellsOption = ValidateOptions.max_cells,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Compute the indicators and write the report."""
    words = Words(chosen_language(lang))
    if format is ComputeFormat.csv and output is not None and is_xlsx(output):
        raise UsageError("--format csv writes a folder of CSV files: give -o a folder name.")
    publication = publication_options(no_trace, pseudonymise_trace, salt, suppress_below)
    options = load_options(
        list(paths), age_breaks=parse_ints(age_breaks, "--age-breaks"),
        pre_sentence_bands=parse_ints(pre_sentence_bands, "--pre-sentence-bands"),
        sentenced_bands=parse_ints(sentenced_bands, "--sentenced-bands"),
        census_date=census_date and census_date.date(),
        child_ref_scope=child_ref_scope and child_ref_scope.value,
        census_fallback=census_fallback, exclude_invalid=exclude_invalid or None,
        duration_headline=duration_headline and duration_headline.value,
    )  # fmt: skip
    checks = validate_options(
        date_order, encoding, today, max_file_mb, max_rows, max_cells, mapping
    )
    with err.status("Computing…"):
        result = run_compute(paths, options, checks, publication, report=output, lang=words.lang)
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
