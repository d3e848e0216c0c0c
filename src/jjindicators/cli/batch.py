"""`jjind batch`: many countries' submissions, each into its own folder, and a comparison."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from jjindicators.batch import CRASHED, BatchEntry, BatchResult, run_batch
from jjindicators.changes import DEFAULT_THRESHOLD
from jjindicators.cli.common import (
    STATE,
    ChangeThresholdOption,
    FormatOption,
    LangOption,
    OutputFormat,
    chosen_language,
    err,
    guarded,
    out,
    print_json,
    show_traceback,
)
from jjindicators.cli.console import render_batch, render_changes
from jjindicators.cli.options import with_options
from jjindicators.options import PublicationOptions
from jjindicators.outputs import SERIES_FILE
from jjindicators.render.words import Words
from jjindicators.submissions import Submission
from jjindicators.validate import ValidateOptions

HELP = (
    "Validate and compute many submissions, each into OUTDIR/<country>/ named by its "
    "about.country (report.xlsx and the CSV tables). A submission with errors gets its "
    "issues.xlsx instead, and the batch goes on. Then writes "
    "OUTDIR/batch-summary.csv and the comparison of countries, OUTDIR/comparison.xlsx, "
    "comparison.csv and comparison.html (to read and print). Each submission's jjind.toml "
    "applies; options given here win.\n\n"
    "Series: submissions of one country for several periods go to OUTDIR/<country>-<period>/ "
    "(<period> is 2025 for a calendar year, else <start>_<end>); OUTDIR/series.csv has every "
    "country's headlines by period, comparison.xlsx a Trends sheet, and a headline that changed "
    "from one period to the next by more than --change-threshold % (default 25), unlikely by "
    "chance, is a large-change warning: explain it before publishing.\n\n"
    "A FOLDER holds the submissions as a consultant lays them out: each sub-folder is one "
    "submission; the workbooks and form CSV files directly in the folder are grouped by the "
    "country and period of their about sheets, so a country sent as one workbook per source is "
    "one submission and three countries' workbooks are three. A file that cannot be read fails "
    "on its own as unreadable; a file without an about sheet joins the only country there is "
    "(with several, put each country's files in a sub-folder). FILES given by name are one "
    "submission each.\n\n"
    "Runs --jobs submissions at once (default: the number of cores); the files written are "
    "the same whatever the number. --resume skips submissions computed before from the same "
    "files and options.\n\n"
    "To publish: --no-trace, --pseudonymise-trace, --suppress-below, --round and "
    "--random-round as in jjind compute; "
    "the issues.xlsx of a submission with errors holds its rows: never publish it.\n\n"
    "Exit code: 0 every submission computed without errors; 1 any had errors or could not be "
    "read (the others are still written); 2 usage problem.\n\n"
    "Files:  jjind batch ruritania.xlsx freedonia.xlsx -o reports\n\n"
    "Example:  jjind batch submissions/ -o reports --jobs 4"
)

BatchInputs = Annotated[
    list[Path],
    typer.Argument(help="Folders of submissions (a sub-folder or a country's files each), or "
                   "files (one submission each).", exists=True, show_default=False,
                   metavar="PATH..."),
]  # fmt: skip
OutdirOption = Annotated[
    Path, typer.Option("--output", "-o", help="Folder for the reports (created if needed).")
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Submissions run at once (default: cores).",
                 show_default=False),
]  # fmt: skip
Found = Callable[[tuple[Submission, ...]], None]
ResumeOption = Annotated[
    bool, typer.Option("--resume", help="Skip submissions unchanged since computed in OUTDIR.")
]


@with_options("given", "publication", "checks")
def batch_command(
    paths: BatchInputs,
    output: OutdirOption,
    jobs: JobsOption = None,
    resume: ResumeOption = False,
    format: FormatOption = OutputFormat.table,
    lang: LangOption = None,
    change_threshold: ChangeThresholdOption = DEFAULT_THRESHOLD,
    *,
    given: dict[str, Any],
    publication: PublicationOptions,
    checks: ValidateOptions,
) -> None:
    """Compute many submissions and compare them."""
    words = Words(chosen_language(lang))
    with _progress(words) as (found, advance):
        result = run_batch(list(paths), output, given, checks, jobs or os.cpu_count() or 1,
                           resume, advance, publication, words.lang, found,
                           STATE["debug"], change_threshold)  # fmt: skip
    for notice in result.notices:  # caches --resume did not use
        err.print(Text(notice, style="yellow"))
    _internal_errors(result, words)
    if format is OutputFormat.json:
        print_json(result.to_dict())
    else:
        render_batch(out, result, words)
        render_changes(err, result.changes, words)
        err.print(Text(words("batch_where", folder=output,
                             comparison=output / "comparison.xlsx")))  # fmt: skip
        if result.series.rows:
            err.print(Text(words("batch_series", path=output / SERIES_FILE)))
    raise typer.Exit(0 if result.succeeded else 1)


def _internal_errors(result: BatchResult, words: Words) -> None:
    """On stderr, the submissions that stopped on a bug: with --debug each one's traceback,
    else how to see them (never a traceback without it: children's data may be in one)."""
    for label, text in result.tracebacks:
        err.print(Text(words("batch_traceback", input=label), style="red"))
        show_traceback(text)
    crashed = sum(e.status == CRASHED for e in result.entries)
    if crashed and not result.tracebacks:
        err.print(Text(words("batch_crashed", n=crashed) + " " + words("internal_error_how"),
                       style="red"))  # fmt: skip


@contextmanager
def _progress(words: Words) -> Iterator[tuple[Found, Callable[[BatchEntry], None]]]:
    """A progress bar on stderr: done, failed and remaining submissions, once they are found."""
    counts = {"total": 0, "done": 0, "failed": 0}

    def text() -> str:
        left = counts["total"] - counts["done"] - counts["failed"]
        return words("batch_progress", done=counts["done"], failed=counts["failed"], left=left)

    bar = Progress(TextColumn("{task.fields[step]}"), BarColumn(),
                   TextColumn("{task.description}"),
                   TimeElapsedColumn(), console=err, transient=True)  # fmt: skip
    with bar:
        task = bar.add_task("", total=None, step=words("batch_finding"))

        def found(subs: tuple[Submission, ...]) -> None:
            counts["total"] = len(subs)
            bar.update(task, total=len(subs), description=text(), step=words("batch_computing"))

        def advance(entry: BatchEntry) -> None:
            counts["done" if entry.succeeded else "failed"] += 1
            bar.update(task, advance=1, description=text())

        yield found, advance


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("batch", help=HELP)(guarded(batch_command))
