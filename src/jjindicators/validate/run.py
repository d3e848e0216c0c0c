"""Validation from start to end: read, check every cell, check between fields and forms, report."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jjindicators.catalogue import Code
from jjindicators.errors import UsageError
from jjindicators.forms import FORMS
from jjindicators.forms.about import About
from jjindicators.forms.counts import base_form, count_name
from jjindicators.issue_params import FormTitle, Joined, Phrase, SheetName
from jjindicators.issues import Issue, MissingForm, ValidationReport, Where, make_issue
from jjindicators.memory import without_gc
from jjindicators.options import ComputeOptions, check_date
from jjindicators.read import ReadLimits, ReadResult, read_inputs
from jjindicators.validate import counts, crossform, records, reference
from jjindicators.validate.about import merge_about
from jjindicators.validate.fields import CheckedTable, validate_table
from jjindicators.validate.form_checks import FormContext, run_form_checks
from jjindicators.validate.records import FormFrame
from jjindicators.validate.reference import Record

if TYPE_CHECKING:
    from jjindicators.mapping.profile import Profile


def _cli(flag: str) -> dict[str, str]:
    return {"cli": flag}


@dataclass(frozen=True)
class ValidateOptions:
    """How to read and check a submission.

    `overrides` set or replace `about` keys (`country`, `period_start`, `date_order`...), as the
    command-line options do. `today` is the date "no event after today" is checked against.

    The limits refuse a file unread, with an issue saying which limit and how to raise it
    (`docs/rules.md`, "Hostile and broken files"): `max_file_mb` per file (a workbook may also
    unpack to at most 10 times that), `max_rows` and `max_cells` per sheet or CSV file (the
    extent of its cells), and `max_zip_ratio`, how tightly a workbook's part may be packed.

    `mapping` is a loaded mapping profile (`mapping.load_profile`): the submission's own sheet
    names, headers and codes, and about values it does not give itself.
    """

    # The command-line flags that set each option (`options.cli_flags`), on every command that
    # reads a submission (tests/test_options_declared_once.py); the others are the library's.
    overrides: Mapping[str, Any] = field(default_factory=dict, metadata=_cli("--date-order"))
    encoding: str = field(default="utf-8", metadata=_cli("--encoding"))
    today: dt.date | None = field(default=None, metadata=_cli("--today"))
    max_issues: int | None = None
    max_file_mb: float = field(default=ReadLimits.max_file_mb, metadata=_cli("--max-file-mb"))
    max_rows: int = field(default=ReadLimits.max_rows, metadata=_cli("--max-rows"))
    max_cells: int = field(default=ReadLimits.max_cells, metadata=_cli("--max-cells"))
    max_zip_ratio: int = ReadLimits.max_zip_ratio
    mapping: Profile | None = field(default=None, metadata=_cli("--mapping"))

    def __post_init__(self) -> None:
        if self.today is not None:
            check_date(self.today, "today")
        if not (math.isfinite(self.max_file_mb) and self.max_file_mb > 0):
            raise UsageError(f"--max-file-mb takes a number of MB above 0, not {self.max_file_mb}.")
        for name in ("max_rows", "max_cells", "max_zip_ratio"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name} must be 1 or more, not {getattr(self, name)}.")

    @property
    def limits(self) -> ReadLimits:
        """The reading limits these options set."""
        return ReadLimits(max_file_mb=self.max_file_mb, max_rows=self.max_rows,
                          max_cells=self.max_cells, max_zip_ratio=self.max_zip_ratio)  # fmt: skip


@dataclass
class CheckedSubmission:
    """A submission after validation: the report, and the checked data for the next stages."""

    report: ValidationReport
    about: About | None
    frames: dict[str, FormFrame]
    areas: dict[str, Record]
    sources: dict[str, Record]
    population: list[Record]
    policy: dict[str, Record]
    read: ReadResult


@without_gc
def check_submission(
    paths: list[str | Path],
    options: ValidateOptions | None = None,
    compute_options: ComputeOptions | None = None,
) -> CheckedSubmission:
    """Read and validate a submission; the data that passed comes back with the report.

    Count sheets by other age groups or duration bands than `compute_options`' (the defaults
    when None; `jjind` passes a `jjind.toml`'s, `options.load_options`) are errors: counts
    cannot be regrouped (`validate.counts.check_groups`).
    """
    options = options or ValidateOptions()
    today = options.today or dt.date.today()
    profile = options.mapping
    read = read_inputs(paths, options.encoding, options.limits, profile)
    issues = list(read.issues)
    defaults = (profile.about, profile.path) if profile else ({}, "")
    merged = merge_about(read.tables_of("about"), dict(options.overrides), *defaults)
    issues += merged.issues
    about = merged.about
    order = about.date_order if about else str(merged.values.get("date_order") or "").upper()
    about_tables = read.tables_of("about")
    context = {"date_order": order or None,
               "about_sheet": about_tables[0].sheet if about_tables else None}  # fmt: skip

    by_form: dict[str, list[Record]] = {name: [] for name in FORMS}  # the reference forms
    record_tables: dict[str, list[CheckedTable]] = {name: [] for name in FORMS}
    for table in read.tables:
        if table.form == "about":
            continue
        checked = validate_table(table, context)
        issues += checked.issues
        if FORMS[table.form].kind in ("record", "counts"):
            record_tables[table.form].append(checked)
            continue
        for record in checked.records():
            record["_table"] = table
            by_form[table.form].append(record)

    areas, more = reference.unique_by(by_form["areas"], "area_code", "areas")
    issues += more + reference.check_areas(areas)
    sources, more = reference.unique_by(by_form["sources"], "source_id", "sources")
    issues += more + reference.check_sources(sources)
    issues += reference.check_area_codes(by_form["sources"] + by_form["population"], areas)
    issues += reference.check_population(by_form["population"], areas)
    policy, more = reference.unique_by(by_form["policy"], "item", "policy")
    policy_tables = read.tables_of("policy")
    first_policy = (
        Where(file=policy_tables[0].file, sheet=policy_tables[0].sheet, form="policy")
        if policy_tables else None
    )  # fmt: skip
    issues += more + reference.check_policy(policy, first_policy)

    frames = {}
    has_sources = bool(read.tables_of("sources"))
    for name, spec in FORMS.items():
        if spec.kind not in ("record", "counts") or not read.tables_of(name):
            continue
        ff = frames[name] = FormFrame.build(name, record_tables[name])
        if spec.kind == "counts":
            issues += counts.check_counts(ff)
            if has_sources:
                issues += crossform.check_source_ids(ff, sources)
            continue
        issues += _check_record_form(ff, merged.for_checks, today,
                                     sources if has_sources else None)  # fmt: skip
    issues += counts.check_groups(frames, compute_options or ComputeOptions())
    for name, ff in frames.items():
        counted = base_form(name)
        if FORMS[name].kind == "counts" and counted is not None and counted in frames:
            issues += crossform.check_record_and_count(frames[counted], ff)
    if "detention_census" in frames and has_sources:
        issues += crossform.check_census_coverage(frames["detention_census"], sources)
    issues += crossform.check_counts_within_population(frames, sources, areas,
                                                       by_form["population"])  # fmt: skip
    more, missing = _missing_forms(read, merged.values)
    issues += more

    rows_read = {
        name: sum(len(t) for t in read.tables_of(name)) for name in FORMS if read.tables_of(name)
    }
    issues, capped = _ordered(issues, read, options.max_issues)
    report = ValidationReport(tuple(read.inputs), tuple(issues), rows_read, capped, missing)
    return CheckedSubmission(report, about, frames, areas, sources, by_form["population"],
                             policy, read)  # fmt: skip


def _check_record_form(
    ff: FormFrame, about: About | None, today: dt.date, sources: dict[str, Record] | None
) -> list[Issue]:
    """The checks every record form has, then the form's own (`FormSpec.checks`)."""
    issues = records.check_ages(ff, about) + records.check_date_order(ff, today)
    if about is not None:
        issues += records.check_period(ff, about)
    if sources is not None:
        issues += crossform.check_source_ids(ff, sources)
    context = FormContext(about, today, sources)
    return issues + run_form_checks(ff, FORMS[ff.form].checks, context)


def _missing_forms(
    read: ReadResult, about_values: Mapping[str, Any]
) -> tuple[list[Issue], tuple[MissingForm, ...]]:
    """The issues of forms not sent, and the forms with indicators among them. A form sent as
    counts only is sent; a form two sheets of one file claim is not missing (its error says so)."""
    given = read.inputs or not any(i.code is Code.FILE_NOT_FOUND for i in read.issues)
    if not read.tables and not read.refused and not read.claimed_twice and given:
        examples = Joined(tuple(SheetName(f) for f in ("about", "sources", "arrests")))
        return [
            make_issue(Code.NO_FORMS, examples=examples)
        ], ()  # files read but none held a form; an empty folder
    if not read.tables or read.refused:
        return [], ()  # a file could not be read: the forms may be in it, its issue says why
    issues: list[Issue] = []
    missing: list[MissingForm] = []
    for name, spec in FORMS.items():
        if spec.kind == "counts" or name == "areas" or not read.inputs:
            continue  # count sheets are optional: the form they count is sent either way
        if _sent(read, name):
            continue  # without areas the submission is one national area (`forms.md`)
        if {name, count_name(name)} & read.claimed_twice:
            continue  # two sheets of one file claim it: their error says so
        if name == "about" and {"country", "period_start", "period_end"} <= set(about_values):
            continue  # everything needed was given on the command line
        if spec.required:
            issues.append(
                make_issue(
                    Code.MISSING_REQUIRED_FORM,
                    Where(form=name),
                    form=SheetName(name),
                    title=FormTitle(name),
                )
            )
            continue
        stopped = spec.indicators
        if name == "detention_register" and _sent(read, "detention_census"):
            # indicator 6's denominator falls back on the census (docs/rules.md, compute's
            # default): only the deaths can stop it
            stopped = tuple(n for n in stopped if n != "6")
        missing.append(MissingForm(name, stopped))
        numbers = ", ".join(stopped)
        effect = (
            "rates" if name == "population" else "indicators" if len(stopped) > 1 else "indicator"
        )
        issues.append(
            make_issue(
                Code.MISSING_FORM,
                Where(form=name),
                form=SheetName(name),
                title=FormTitle(name),
                effect=Phrase.of(f"phrase.effect_{effect}", numbers=numbers),
            )
        )
    return issues, tuple(missing)


def _sent(read: ReadResult, form: str) -> bool:
    """Whether the submission has the form, as rows or as counts."""
    return bool(read.tables_of(form) or read.tables_of(count_name(form)))


def _ordered(issues: list[Issue], read: ReadResult, cap: int | None) -> tuple[list[Issue], bool]:
    """Issues in the order the user reads the files: file, sheet, row; then capped if asked."""
    files = {name: i for i, name in enumerate(read.inputs)}
    sheets = {(t.file, t.sheet): i for i, t in enumerate(read.tables)}

    def key(issue: Issue) -> tuple[int, int, int]:
        return (
            files.get(issue.file or "", -1),
            sheets.get((issue.file or "", issue.sheet or ""), -1),
            issue.row or 0,
        )

    ordered = sorted(issues, key=key)
    if cap is not None and len(ordered) > cap:
        return [*ordered[:cap], make_issue(Code.ISSUE_CAP_REACHED, count=cap)], True
    return ordered, False


def validate(
    paths: list[str | Path],
    options: ValidateOptions | None = None,
    compute_options: ComputeOptions | None = None,
) -> ValidationReport:
    """Validate a submission (workbooks, CSV files, folders) and return every issue found: every
    check `jjind validate` and `compute` run, count sheets' groups against `compute_options`
    (the defaults when None) included.

    >>> report = validate(["examples/exampleland-2025.xlsx"])  # doctest: +SKIP
    >>> report.valid, report.counts  # doctest: +SKIP
    (True, {'error': 0, 'warning': 7, 'notice': 11})
    """
    return check_submission(paths, options, compute_options).report
