"""Each command's whole job as one library call: read → validate → collate → compute → protect →
write. `jjind validate` is `run_validate`, `jjind compute` is `run_compute`, and `jjind batch`
(`batch.run_batch`) runs `compute_and_write` on each submission; the commands only parse their
options and render what comes back (STYLE.md, "Architecture" 2)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jjindicators.compute import ComputeResult, compute_checked
from jjindicators.errors import UsageError
from jjindicators.i18n import ENGLISH
from jjindicators.issues import ValidationReport
from jjindicators.memory import paused_gc
from jjindicators.options import ComputeOptions, PublicationOptions
from jjindicators.outputs import check_outputs
from jjindicators.previous import ChangeCheck, with_changes
from jjindicators.protect import protect
from jjindicators.render.issues import write_issues
from jjindicators.render.report_csv import CSV_FILES, write_report_csv
from jjindicators.render.report_html import HTML_SUFFIXES, write_report_html
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.words import localise_result
from jjindicators.validate import CheckedSubmission, ValidateOptions, check_submission


def run_validate(
    paths: Sequence[str | Path],
    options: ValidateOptions | None = None,
    compute_options: ComputeOptions | None = None,
    *,
    issues_file: str | Path | None = None,
    lang: str = ENGLISH,
) -> ValidationReport:
    """`jjind validate`: read and validate a submission, every check included (the count sheets'
    groups against `compute_options`, the defaults when None), its messages in `lang`; with
    `issues_file` (`.xlsx` or `.csv`), the issues are also written there beside the original rows,
    to send back to the information source. An `issues_file` that would overwrite an input is
    refused before anything is read (`OutputError`).

    >>> report = run_validate(["data.xlsx"], issues_file="issues.xlsx")  # doctest: +SKIP
    >>> report.valid  # doctest: +SKIP
    False
    """
    inputs = [Path(p) for p in paths]
    if issues_file is not None:
        check_outputs([issues_file], inputs, lang=lang)  # never over an input
    checked = check_submission(list(inputs), options, compute_options)
    report = checked.report
    if issues_file is not None:
        write_issues(report, checked.read.tables, Path(issues_file), lang)
    return report


def run_compute(
    paths: Sequence[str | Path],
    options: ComputeOptions | None = None,
    validate_options: ValidateOptions | None = None,
    publication: PublicationOptions | None = None,
    *,
    report: str | Path | None = None,
    lang: str = ENGLISH,
    check: ChangeCheck | None = None,
) -> ComputeResult:
    """`jjind compute`: validate, collate and compute every indicator of one submission, make the
    result fit for publication (`protect`), in `lang`; with `report` (`report.xlsx`,
    `report.html`, or a folder for the CSV tables) write it there when computed. A `report`
    that would overwrite an input, or be read back as one, is refused before anything is read
    (`OutputError`). With `check` (`--previous`), each large change since the previous report
    is a `large-change` warning.

    >>> result = run_compute(["data.xlsx"], report="report.xlsx")  # doctest: +SKIP
    >>> result.computed, result.validation.valid  # doctest: +SKIP
    (True, True)
    """
    inputs = [Path(p) for p in paths]
    reports = (check_report(Path(report), inputs, lang),) if report is not None else ()
    return compute_and_write(inputs, options, validate_options, publication, lang, reports,
                             check=check)[0]  # fmt: skip


def compute_and_write(
    paths: Sequence[str | Path],
    options: ComputeOptions | None = None,
    validate_options: ValidateOptions | None = None,
    publication: PublicationOptions | None = None,
    lang: str = ENGLISH,
    reports: Sequence[Path] = (),
    issues: Sequence[Path] = (),
    check: ChangeCheck | None = None,
) -> tuple[ComputeResult, CheckedSubmission]:
    """`run_compute` without checking where it writes, with the submission as read and checked
    (its about sheet, its rows) beside the result: each of `reports` (a `.xlsx` file, a `.html`
    page, or a folder for the CSV tables) is written when computed; each of `issues` (`.xlsx`,
    `.csv`: the issues beside their rows) when the data have errors, unless a report wrote it
    (the CSV tables' `issues.csv`). The submission is read and validated once, whatever is
    written. With `check`, large changes since a previous report are warnings among its issues.

    >>> result, checked = compute_and_write(["data.xlsx"], reports=[Path("report.xlsx")])
    ... # doctest: +SKIP
    """
    options = options or ComputeOptions()
    with paused_gc():
        checked = check_submission(list(paths), validate_options, options)
        result = compute_checked(checked, options, validate_options)
    result = localise_result(protect(result, publication or PublicationOptions()), lang)
    if check is not None:  # on the published figures: a suppressed count is never named
        result = with_changes(result, check)
    written: set[Path] = set()
    if result.computed:
        for path in reports:
            if is_xlsx(path):
                written.add(write_report_xlsx(result, path, lang))
            elif is_html(path):
                written.add(write_report_html(result, path, lang))
            else:
                written.update(write_report_csv(result, path, lang))
    if not result.computed or not result.validation.valid:
        for path in issues:
            if path not in written:
                write_issues(result.validation, checked.read.tables, path, lang)
    return result, checked


def is_xlsx(path: Path) -> bool:
    """Whether a report goes to an Excel workbook (`report.xlsx`) rather than a folder of CSV
    tables."""
    return path.suffix.lower() == ".xlsx" and not path.is_dir()


def is_html(path: Path) -> bool:
    """Whether a report goes to an HTML page (`report.html`): to read, share and print."""
    return path.suffix.lower() in HTML_SUFFIXES and not path.is_dir()


def check_report(output: Path, inputs: Sequence[Path], lang: str = ENGLISH) -> Path:
    """`output` if a report may be written there: `report.xlsx`, `report.html`, or a folder for
    the CSV tables that would overwrite no input and not be read back from an input folder
    (`outputs.check_outputs`); a `UsageError` or `OutputError` otherwise."""
    if is_xlsx(output) or is_html(output):
        check_outputs([output], inputs, lang=lang)
        return output
    if (output.suffix or output.is_file()) and not output.is_dir():
        raise UsageError(
            f"-o takes report.xlsx, or a folder for the CSV tables, or report.html (a page to "
            f"read and print); not {output.name!r}."
        )
    check_outputs([output, *(output / name for name in CSV_FILES)], inputs, lang=lang)
    return output
