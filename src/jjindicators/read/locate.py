"""Find a form's table in a grid: the header row (wherever it is), its columns and the data rows."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from jjindicators.forms import FORMS
from jjindicators.forms.types import is_blank
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read.grids import CellProblem, Grid
from jjindicators.read.tables import FIELD_LOOKUP, NAME_HEADERS, Column, RawTable, header_key

# The header row is looked for in the first rows only, so a title or a note above it is fine.
HEADER_SEARCH_ROWS = 30
_ABOUT_LOOKUP = {"key": "key", "value": "value", "field": "key", "item": "key"}


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _find_header(cells: list[list[Any]], lookup: dict[str, str]) -> int | None:
    best, best_score = None, 0
    for i, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        score = len({lookup[k] for c in row if not is_blank(c) and (k := header_key(c)) in lookup})
        if score > best_score:
            best, best_score = i, score
    return best


def locate_table(grid: Grid, form: str) -> tuple[RawTable | None, list[Issue]]:
    """The table of `form` in `grid`, with every column matched to a field (or reported)."""
    spec = FORMS[form]
    lookup = _ABOUT_LOOKUP if spec.kind == "keyvalue" else FIELD_LOOKUP[form]
    where = Where(file=grid.file, sheet=grid.sheet, form=form)
    if not any(not is_blank(c) for row in grid.cells for c in row):
        return RawTable(grid.file, grid.sheet, form, grid.row0 + 1, []), []
    header_at = _find_header(grid.cells, lookup)
    if header_at is None:
        expected = ", ".join(list(spec.fields)[:4])
        rows = min(HEADER_SEARCH_ROWS, len(grid.cells))
        return None, [make_issue("no-header", where, rows=rows, expected=expected)]
    header_row = grid.row0 + header_at + 1
    columns, issues, keep = _match_columns(grid, grid.cells[header_at], header_row, form, lookup)
    table = RawTable(grid.file, grid.sheet, form, header_row, [columns[j] for j in keep])
    required = ("key", "value") if spec.kind == "keyvalue" else spec.required_fields
    for name in required:
        if table.column_for(name) is None:
            label = spec.fields[name].title if name in spec.fields else name
            issues.append(make_issue("missing-column", replace(where, field=name), field=name,
                                     label=label, header_row=header_row))  # fmt: skip
    unheaded = {j for j, c in enumerate(columns) if not c.header}
    stray = 0
    for i, row in enumerate(grid.cells[header_at + 1 :], start=header_at + 1):
        if all(is_blank(c) for c in row):
            continue
        values = [_clean(row[j]) if j < len(row) else None for j in keep]
        if any(isinstance(v, CellProblem) for v in values):
            values = _problems(values, [columns[j] for j in keep], grid.row0 + i + 1, where, issues)
        stray += sum(
            1 for j, c in enumerate(row)
            if (j >= len(columns) or j in unheaded) and not is_blank(c)
        )  # fmt: skip
        if any(v is not None for v in values):
            table.rows.append((grid.row0 + i + 1, values))
    if stray:
        issues.append(make_issue("empty-row-data", where, count=stray))
    return table, issues


def _problems(
    values: list[Any], columns: list[Column], excel_row: int, where: Where, issues: list[Issue]
) -> list[Any]:
    """Error cells and formulas without a result become blank, each with its issue: their text
    (`#REF!`, the formula) is never taken as the cell's value."""
    cleaned = []
    for value, column in zip(values, columns, strict=True):
        if isinstance(value, CellProblem):
            at = replace(where, row=excel_row, column=column.header,
                         cell=f"{column.letter}{excel_row}", field=column.field)  # fmt: skip
            issues.append(make_issue(value.code, at, value=value.text))
            value = None
        cleaned.append(value)
    return cleaned


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
            issues.append(make_issue("personal-name-column", where, column=text))
            continue  # never kept: the values are dropped here, before anything else sees them
        if name is None:
            close = difflib.get_close_matches(key, list(lookup), n=1, cutoff=0.75)
            hint = f" (did you mean {lookup[close[0]]!r}?)" if close else ""
            issues.append(make_issue("unknown-column", where, column=text, form=form,
                                     suggestion=hint))  # fmt: skip
            continue
        if name in seen:
            first = seen[name]
            issues.append(make_issue("duplicate-column", where, column=text,
                                     first=f"column {first.letter}"))  # fmt: skip
            continue
        seen[name] = column
        keep.append(j)
    columns = [Column(c.header, c.index, c.field if i in keep else None)
               for i, c in enumerate(columns)]  # fmt: skip
    return columns, issues, keep
