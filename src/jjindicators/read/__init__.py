"""Read a submission: workbooks, CSV files and folders → raw tables per form, and issues."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jjindicators.catalogue import Code
from jjindicators.forms import FORMS
from jjindicators.forms.types import is_blank
from jjindicators.i18n import translations
from jjindicators.issue_params import Joined, Phrase, SheetName, did_you_mean
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read.grids import CSV_SUFFIXES, WORKBOOK_SUFFIXES, Grid, read_grids
from jjindicators.read.guard import ReadLimits
from jjindicators.read.locate import locate_table
from jjindicators.read.sheets import best_fit, form_by_name, header_fits, sheet_key
from jjindicators.read.tables import FIELD_LOOKUP, Column, RawTable, form_for_sheet, header_key

if TYPE_CHECKING:
    from jjindicators.mapping.profile import Profile

__all__ = ["Column", "RawTable", "ReadLimits", "ReadResult", "is_note_sheet", "read_inputs"]

# Sheets that a template or a person adds for readers, not data: skipped without a word.
NOTE_SHEETS = {"instructions", "readme", "notes", "lists", "codes"}


@cache
def _note_keys() -> frozenset[str]:
    """`NOTE_SHEETS` and the template's own note sheets in every language (`Instrucciones`)."""
    names = [*translations("template.sheet_instructions"), *translations("template.sheet_lists")]
    return frozenset({*NOTE_SHEETS, *map(header_key, names)})


def is_note_sheet(name: str) -> bool:
    """Whether a sheet of this name holds notes for readers, not data (skipped without a word),
    copy marks and years aside (`read.sheets.sheet_key`).

    >>> is_note_sheet("README"), is_note_sheet("Instrucciones (2)"), is_note_sheet("arrests")
    (True, True, False)
    """
    keys = _note_keys()
    return header_key(name) in keys or sheet_key(name) in keys  # `Notes 2025`, `README (2)`


@dataclass
class ReadResult:
    """Every table read, by form, with what went wrong while reading."""

    inputs: list[str] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # files that could not be read at all
    # Forms that two sheets of one file claimed: neither was read, an error says which.
    claimed_twice: set[str] = field(default_factory=set)

    def tables_of(self, form: str) -> list[RawTable]:
        """The tables read for one form, in input order."""
        return [t for t in self.tables if t.form == form]


def files_of(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    suffixes = WORKBOOK_SUFFIXES + CSV_SUFFIXES
    return sorted(
        p for p in path.iterdir()
        if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith(("~$", "."))
    )  # fmt: skip


@dataclass(frozen=True)
class _Claim:
    """The form one sheet (or CSV file) is taken as, and how: `how` is "" when its name is the
    form's (or a mapping profile names it), `name` or `headers` when jjind found it
    (`read.sheets`; a `sheet-read-as` notice says so)."""

    grid: Grid
    name: str  # the sheet's name, or the CSV file's stem
    form: str | None  # None: not a form (an `unknown-sheet`)
    how: str = ""
    mapped: bool = False
    fields: int = 0  # `headers`: how many of the form's fields the header row has


def read_inputs(
    paths: list[str | Path],
    encoding: str = "utf-8",
    limits: ReadLimits | None = None,
    profile: Profile | None = None,
) -> ReadResult:
    """Read workbooks, CSV files and folders of them into raw tables; problems become issues.

    Files beyond `limits` (size, rows, cells; `ReadLimits`) are refused unread. A mapping
    `profile` names the forms of other sheet names, other headers and codes
    (`jjindicators.mapping`).

    >>> result = read_inputs(["examples/exampleland-2025.xlsx"])  # doctest: +SKIP
    >>> [t.form for t in result.tables][:2]  # doctest: +SKIP
    ['about', 'areas']
    """
    result = ReadResult()
    for given in paths:
        path = Path(given)
        if not path.exists():
            result.issues.append(
                make_issue(Code.FILE_NOT_FOUND, Where(file=str(given)), path=str(given))
            )
            continue
        # A folder's CSV files are its sheets (`forms.md`): two that claim one form are as two
        # sheets of one workbook, so their claims are weighed together once all are read.
        csv_claims: list[_Claim] = []
        for file in files_of(path):
            display = str(file)
            result.inputs.append(display)
            grids, issues = read_grids(file, display, encoding, limits)
            result.issues.extend(issues)
            if not grids and any(i.severity == "error" for i in issues):
                result.refused.append(display)
            stem = file.stem if file.suffix.lower() in CSV_SUFFIXES else None
            claims = [c for grid in grids if (c := _claim(grid, stem, profile)) is not None]
            if stem is not None and path.is_dir():
                csv_claims += claims
            else:
                _read_claims(claims, display, stem is not None, result, profile)
        _read_claims(csv_claims, str(path), True, result, profile)
    return result


def _read_claims(
    claims: list[_Claim], where: str, csv: bool, result: ReadResult, profile: Profile | None
) -> None:
    """Read the sheets of one workbook, one CSV file or one folder's CSV files, but none of
    those that claim a form another of them claims too."""
    twice = _claimed_twice(claims, where, result)
    for claim in claims:
        if claim.form not in twice:
            _read_claim(claim, csv, result, profile)


def _claim(grid: Grid, csv_stem: str | None, profile: Profile | None) -> _Claim | None:
    """The form a sheet holds (`docs/rules.md`, "Which sheets are forms?"); None for a sheet
    skipped without a word: one the profile skips, notes for readers, an empty sheet."""
    name = csv_stem if csv_stem is not None else grid.sheet
    mapped = profile.form_for(name) if profile else None
    if mapped == "":
        return None  # a sheet the mapping profile says to skip
    if mapped:
        return _Claim(grid, name, mapped, mapped=True)
    form = form_for_sheet(name)
    if form is not None:
        return _Claim(grid, name, form)
    if is_note_sheet(name) or not any(not is_blank(c) for row in grid.cells for c in row):
        return None  # notes for readers, or an empty sheet left over (Excel's Sheet2, Sheet3)
    form, _ = form_by_name(name)
    if form is not None:
        return _Claim(grid, name, form, "name")
    # By its header row, as the reader matches headers: only a form whose every required column
    # is there is a candidate, so that a guess never turns a stray sheet into errors.
    lookups = {f: profile.lookup(f, FIELD_LOOKUP[f]) if profile else FIELD_LOOKUP[f]
               for f in FORMS}  # fmt: skip
    fit, _ = best_fit([fit for fit in header_fits(grid.cells, lookups) if fit.complete])
    if fit is not None:
        return _Claim(grid, name, fit.form, "headers", fields=len(fit.found))
    return _Claim(grid, name, None)


def _claimed_twice(claims: list[_Claim], file: str, result: ReadResult) -> set[str]:
    """The forms that several sheets of one file (or CSV files of one folder) claim, each with
    its error; none of those sheets is read. Sheets that a mapping profile names, all of them,
    are read: the profile says so."""
    by_form: dict[str, list[_Claim]] = {}
    for claim in claims:
        if claim.form is not None:
            by_form.setdefault(claim.form, []).append(claim)
    twice: set[str] = set()
    for form, group in by_form.items():
        if len(group) < 2 or all(c.mapped for c in group):
            continue
        twice.add(form)
        guessed = [c for c in group if c.how] or group[1:]
        sheets = ", ".join(repr(c.grid.sheet) for c in group)
        where = Where(file=file, form=form)
        result.issues.append(
            make_issue(
                Code.FORM_IN_TWO_SHEETS, where, form=form, sheets=sheets, skip=guessed[-1].name
            )
        )
    result.claimed_twice.update(twice)
    return twice


def _read_claim(claim: _Claim, csv: bool, result: ReadResult, profile: Profile | None) -> None:
    """Read one sheet as the form it claims, with its notices; or say it is not a form."""
    grid, form = claim.grid, claim.form
    where = Where(file=grid.file, sheet=grid.sheet)
    if form is None:
        key = header_key(claim.name)
        close = difflib.get_close_matches(key, [header_key(f) for f in FORMS], n=1, cutoff=0.6)
        choice = next((f for f in FORMS if header_key(f) == close[0]), None) if close else None
        forms = Joined(tuple(SheetName(f) for f in FORMS))
        result.issues.append(
            make_issue(
                Code.UNKNOWN_SHEET,
                where,
                sheet=grid.sheet,
                forms=forms,
                suggestion=did_you_mean(choice and SheetName(choice)),
            )
        )
        return
    if claim.how:
        how = (Phrase("phrase.how_name") if claim.how == "name"
               else Phrase.of("phrase.how_headers", count=claim.fields))  # fmt: skip
        at = replace(where, form=form)
        result.issues.append(
            make_issue(
                Code.SHEET_READ_AS, at, sheet=grid.sheet, name=claim.name, form=form, how=how
            )
        )
    if grid.hidden:
        result.issues.append(make_issue(Code.HIDDEN_SHEET, where, sheet=grid.sheet))
    if csv and not grid.cells:
        result.issues.append(make_issue(Code.FILE_EMPTY, replace(where, form=form), form=form))
    table, issues = locate_table(grid, form, profile)
    result.issues.extend(issues)
    if table is not None:
        result.tables.append(table)
