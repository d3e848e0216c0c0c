"""Find a form's table in a grid: the header row (wherever it is), its columns and the data rows."""

from __future__ import annotations

import difflib
import itertools
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from jjindicators.catalogue import Code
from jjindicators.forms import FORMS
from jjindicators.forms.types import is_blank
from jjindicators.i18n import words
from jjindicators.issue_params import FieldName, Joined, Phrase, SheetName, did_you_mean
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read.grids import CellProblem, Grid
from jjindicators.read.tables import (
    CELL_LIMIT,
    CONTROL,
    FIELD_LOOKUP,
    NAME_HEADERS,
    Column,
    RawTable,
    header_key,
)

if TYPE_CHECKING:
    from jjindicators.mapping.profile import Profile

# The header row is looked for in the first rows only, so a title or a note above it is fine.
HEADER_SEARCH_ROWS = 30
# The about sheet's two columns, headed in any language (`input.about_key`, `input.about_value`).
ABOUT_LOOKUP = {
    header_key(w): column for column in ("key", "value") for w in words(f"input.about_{column}")
}


def _find_header(cells: list[list[Any]], lookup: dict[str, str]) -> int | None:
    best, best_score = None, 0
    for i, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        score = len({lookup[k] for c in row if not is_blank(c) and lookup.get(k := header_key(c))})
        if score > best_score:
            best, best_score = i, score
    return best


def locate_table(
    grid: Grid, form: str, profile: Profile | None = None
) -> tuple[RawTable | None, list[Issue]]:
    """The table of `form` in `grid`, with every column matched to a field (or reported); a
    mapping profile's headers are matched too, and its codes put in (`jjindicators.mapping`)."""
    spec = FORMS[form]
    lookup = ABOUT_LOOKUP if spec.kind == "keyvalue" else FIELD_LOOKUP[form]
    if profile is not None:
        lookup = profile.lookup(form, lookup)
    where = Where(file=grid.file, sheet=grid.sheet, form=form)
    if not any(not is_blank(c) for row in grid.cells for c in row):
        return RawTable(grid.file, grid.sheet, form, grid.row0 + 1, []), []
    header_at = _find_header(grid.cells, lookup)
    if header_at is None:
        expected = Joined(tuple(FieldName(form, f) for f in list(spec.fields)[:4]))
        rows = min(HEADER_SEARCH_ROWS, len(grid.cells))
        return None, [make_issue(Code.NO_HEADER, where, rows=rows, expected=expected)]
    header_row = grid.row0 + header_at + 1
    columns, issues, keep = _match_columns(grid, grid.cells[header_at], header_row, form, lookup)
    table = RawTable(grid.file, grid.sheet, form, header_row, [columns[j] for j in keep])
    required = ("key", "value") if spec.kind == "keyvalue" else spec.required_columns
    for name in required:
        if table.column_for(name) is None:
            issues.append(make_issue(Code.MISSING_COLUMN, replace(where, field=name),
                                     field=FieldName(form, name), label=name,
                                     header_row=header_row))  # fmt: skip
    _fill_rows(table, grid, header_at, keep, columns, where, issues)
    if profile is not None:
        table.data = [profile.recode(c.field or "", values)
                      for c, values in zip(table.columns, table.data, strict=True)]  # fmt: skip
    return table, issues


def _fill_rows(
    table: RawTable,
    grid: Grid,
    header_at: int,
    keep: list[int],
    columns: list[Column],
    where: Where,
    issues: list[Issue],
) -> None:
    """The data rows below the header, column by column (a sheet can hold a million rows): text
    stripped, blank rows dropped, error cells reported, stray cells beside the table counted."""
    body = grid.cells[header_at + 1 :]
    if not body:
        table.data = [[] for _ in keep]
        return
    by_column = list(itertools.zip_longest(*body))
    first_row = grid.row0 + header_at + 2  # the Excel row of body[0]
    kept = [_clean_column(by_column[j]) if j < len(by_column) else [None] * len(body)
            for j in keep]  # fmt: skip
    if not grid.plain_text:
        _check_texts(kept, [columns[j] for j in keep], first_row, where, issues)
    if any(CellProblem in set(map(type, values)) for values in kept):
        _problems(kept, [columns[j] for j in keep], first_row, where, issues)
    unheaded = {j for j, c in enumerate(columns) if not c.header}
    stray = sum(
        sum(1 for v in values if not is_blank(v))
        for j, values in enumerate(by_column)
        if j >= len(columns) or j in unheaded
    )
    if stray:
        issues.append(make_issue(Code.EMPTY_ROW_DATA, where, count=stray))
    arrays = [np.asarray(values, dtype=object) for values in kept]
    filled = np.zeros(len(body), dtype=bool)
    prefilled = FORMS[table.form].prefilled if table.form in FORMS else ()
    for j, array in zip(keep, arrays, strict=True):
        if columns[j].field not in prefilled:  # the template's own cells make no row
            filled |= ~pd.isna(array)
    rows = np.flatnonzero(filled)
    table.excel_rows = (rows + first_row).tolist()
    if len(rows) == len(body):
        table.data = kept
    else:
        table.data = [array[rows].tolist() for array in arrays]


# Kinds of column (pandas' `infer_dtype`) that hold no text at all.
_NO_TEXT = {"floating", "integer", "mixed-integer-float", "decimal", "boolean", "date",
            "datetime", "datetime64", "time", "empty"}  # fmt: skip


def _clean_column(values: tuple[Any, ...]) -> list[Any]:
    """Text stripped, blank text as None; other values as read."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in _NO_TEXT:
        return list(values)
    if kind == "string":  # text and blanks only
        return [(v.strip() or None) if v is not None else None for v in values]
    return [(v.strip() or None) if isinstance(v, str) else v for v in values]


def _check_texts(
    kept: list[list[Any]], columns: list[Column], first_row: int, where: Where, issues: list[Issue]
) -> None:
    """An error on each cell holding a control character (the value is kept, so that the issue
    shows it), and on each longer than an Excel cell can be (read as blank): looked for in each
    column's texts joined, cell by cell only where one is found."""
    for j, values in enumerate(kept):
        try:  # a column of text (and blanks) at the speed of C; any other, value by value
            texts = list(filter(None, values))
            joined = "\n".join(texts)
        except TypeError:
            texts = [v for v in values if isinstance(v, str)]
            joined = "\n".join(texts)
        if not texts:
            continue
        odd = CONTROL.search(joined) is not None
        if not odd and max(map(len, texts)) <= CELL_LIMIT:
            continue
        column = columns[j]
        for i, value in enumerate(values):
            if not isinstance(value, str):
                continue
            excel_row = first_row + i
            at = replace(where, row=excel_row, column=column.header,
                         cell=f"{column.letter}{excel_row}", field=column.field)  # fmt: skip
            if len(value) > CELL_LIMIT:
                issues.append(make_issue(Code.CELL_TOO_LONG, at, length=f"{len(value):,}",
                                         limit=f"{CELL_LIMIT:,}"))  # fmt: skip
                values[i] = None
            elif odd and (found := CONTROL.search(value)):
                issues.append(make_issue(Code.CONTROL_CHARACTER, at, value,
                                         char=f"U+{ord(found[0]):04X}"))  # fmt: skip


def _problems(
    kept: list[list[Any]], columns: list[Column], first_row: int, where: Where, issues: list[Issue]
) -> None:
    """Error cells and formulas without a result become blank, each with its issue (row by row,
    as the user reads them): their text (`#REF!`, the formula) is never taken as the value."""
    found = sorted(
        (i, j) for j, values in enumerate(kept)
        for i, value in enumerate(values) if isinstance(value, CellProblem)
    )  # fmt: skip
    for i, j in found:
        value, column, excel_row = kept[j][i], columns[j], first_row + i
        at = replace(where, row=excel_row, column=column.header,
                     cell=f"{column.letter}{excel_row}", field=column.field)  # fmt: skip
        issues.append(make_issue(value.code, at, value.text))
        kept[j][i] = None


def _match_columns(
    grid: Grid, header: list[Any], header_row: int, form: str, lookup: dict[str, str]
) -> tuple[list[Column], list[Issue], list[int]]:
    """Match each header cell to a field; report unknown, duplicate and personal-name columns."""
    spec = FORMS[form]
    columns: list[Column] = []
    issues: list[Issue] = []
    keep: list[int] = []
    seen: dict[str, Column] = {}
    for j, cell in enumerate(header):
        text = "" if is_blank(cell) else str(cell).strip()
        index = grid.col0 + j
        key = header_key(text)
        name = lookup.get(key) if text else None
        column = Column(text, index, name)
        where = Where(
            file=grid.file,
            sheet=grid.sheet,
            row=header_row,
            column=text,
            cell=f"{column.letter}{header_row}",
            form=form,
            field=name,
        )
        columns.append(column)
        if not text:
            continue
        if spec.kind == "record" and key in NAME_HEADERS:
            child_ref = FieldName(form, "child_ref")  # as the template heads it
            issues.append(make_issue(Code.PERSONAL_NAME_COLUMN, where, column=text,
                                     child_ref=child_ref))  # fmt: skip
            continue  # never kept: the values are dropped here, before anything else sees them
        if name == "":
            continue  # left out by a mapping profile, on purpose: nothing to report
        if name is None:
            close = difflib.get_close_matches(key, [k for k, v in lookup.items() if v], n=1,
                                              cutoff=0.75)  # fmt: skip
            choice = FieldName(form, lookup[close[0]]) if close else None
            issues.append(make_issue(Code.UNKNOWN_COLUMN, where, column=text,
                                     form=SheetName(form, grid.sheet),
                                     suggestion=did_you_mean(choice)))  # fmt: skip
            continue
        if name in seen:
            first = seen[name]
            issues.append(
                make_issue(
                    Code.DUPLICATE_COLUMN,
                    where,
                    column=text,
                    first=Phrase.of("phrase.column_letter", letter=first.letter),
                )
            )
            continue
        seen[name] = column
        keep.append(j)
    columns = [Column(c.header, c.index, c.field if i in keep else None)
               for i, c in enumerate(columns)]  # fmt: skip
    return columns, issues, keep
