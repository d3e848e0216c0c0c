"""Read a submission: workbooks, CSV files and folders → raw tables per form, and issues."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jjindicators.forms import FORMS
from jjindicators.forms.types import is_blank
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read.grids import CSV_SUFFIXES, WORKBOOK_SUFFIXES, Grid, read_grids
from jjindicators.read.guard import ReadLimits
from jjindicators.read.locate import locate_table
from jjindicators.read.tables import Column, RawTable, form_for_sheet, header_key

if TYPE_CHECKING:
    from jjindicators.mapping.profile import Profile

__all__ = ["Column", "RawTable", "ReadLimits", "ReadResult", "is_note_sheet", "read_inputs"]

# Sheets that a template or a person adds for readers, not data: skipped without a word.
NOTE_SHEETS = {"instructions", "readme", "notes", "lists", "codes"}


@cache
def _note_keys() -> frozenset[str]:
    """`NOTE_SHEETS` and the template's own note sheets in every language (`Instrucciones`)."""
    from jjindicators.i18n import translations  # at call time: i18n reads the template's texts

    names = [*translations("template.sheet_instructions"), *translations("template.sheet_lists")]
    return frozenset({*NOTE_SHEETS, *map(header_key, names)})


def is_note_sheet(name: str) -> bool:
    """Whether a sheet of this name holds notes for readers, not data (skipped without a word).

    >>> is_note_sheet("README"), is_note_sheet("Instrucciones"), is_note_sheet("arrests")
    (True, True, False)
    """
    return header_key(name) in _note_keys()


@dataclass
class ReadResult:
    """Every table read, by form, with what went wrong while reading."""

    inputs: list[str] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # files that could not be read at all

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
            result.issues.append(make_issue("file-not-found", Where(file=str(given)), path=given))
            continue
        for file in files_of(path):
            display = str(file)
            result.inputs.append(display)
            grids, issues = read_grids(file, display, encoding, limits)
            result.issues.extend(issues)
            if not grids and any(i.severity == "error" for i in issues):
                result.refused.append(display)
            for grid in grids:
                stem = file.stem if file.suffix.lower() in CSV_SUFFIXES else None
                _read_grid(grid, stem, result, profile)
    return result


def _read_grid(
    grid: Grid, csv_stem: str | None, result: ReadResult, profile: Profile | None = None
) -> None:
    name = csv_stem if csv_stem is not None else grid.sheet
    mapped = profile.form_for(name) if profile else None
    if mapped == "":
        return  # a sheet the mapping profile says to skip
    form = mapped or form_for_sheet(name)
    where = Where(file=grid.file, sheet=grid.sheet)
    if form is not None and grid.hidden:
        result.issues.append(make_issue("hidden-sheet", where, sheet=grid.sheet))
    if form is not None and csv_stem is not None and not grid.cells:
        result.issues.append(make_issue("file-empty", replace(where, form=form), form=form))
    if form is not None:
        table, issues = locate_table(grid, form, profile)
        result.issues.extend(issues)
        if table is not None:
            result.tables.append(table)
        return
    key = header_key(name)
    if is_note_sheet(name) or not any(not is_blank(c) for row in grid.cells for c in row):
        return  # notes for readers, or an empty sheet left over (Excel's Sheet2, Sheet3)
    close = difflib.get_close_matches(key, [header_key(f) for f in FORMS], n=1, cutoff=0.6)
    suggestion = ""
    if close:
        suggestion = f" (did you mean {next(f for f in FORMS if header_key(f) == close[0])!r}?)"
    result.issues.append(make_issue("unknown-sheet", where, sheet=grid.sheet,
                                    forms=", ".join(FORMS), suggestion=suggestion))  # fmt: skip
