"""The issues file to hand back to an information source: every issue, beside the original rows.

`issues.xlsx` has an `Issues` sheet (the flat issue table) and, for each sheet with problems, a copy
of the rows concerned with their issues beside them and the faulty cells coloured, so the source can
correct its data and send it again. `issues.csv` is the flat table with each row's original values.
Names never appear: personal-name columns were dropped when the file was read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jjindicators.errors import UsageError
from jjindicators.issues import ISSUE_COLUMNS, Issue, ValidationReport
from jjindicators.outputs import atomic_file
from jjindicators.read import RawTable
from jjindicators.render.report_csv import csv_lines
from jjindicators.render.safe_text import neutralise, printable
from jjindicators.render.words import ENGLISH, Words
from jjindicators.xlsx.save import save_workbook

FILLS = {
    "error": PatternFill("solid", fgColor="F8CBAD"),
    "warning": PatternFill("solid", fgColor="FFE699"),
    "notice": PatternFill("solid", fgColor="DDEBF7"),
}
_BRACKETS = str.maketrans("[]", "()")
_NOT_IN_NAMES = re.compile(r"[:*?/\\\x00-\x1f\x7f]")  # the rest of what Excel refuses in a name
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def write_issues(
    report: ValidationReport, tables: list[RawTable], path: Path, lang: str = ENGLISH
) -> Path:
    """Write the issues to `path` (`.xlsx` or `.csv`), atomically; returns the path. `lang` is
    the language of the issues' messages and hints and of the workbook's sheet names and
    headings.

    >>> checked = check_submission(["data.xlsx"])  # doctest: +SKIP
    >>> write_issues(checked.report, checked.read.tables, Path("issues.xlsx"))  # doctest: +SKIP
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"The issues file must end in .xlsx or .csv, not {path.name!r}.")
    with atomic_file(path, lang) as temp:
        if suffix == ".xlsx":
            _write_xlsx(report, tables, temp, Words(lang))
        else:
            _write_csv(report, tables, temp, lang)
    return path


def _rows_by_table(tables: list[RawTable]) -> dict[tuple[str, str], tuple[RawTable, dict]]:
    return {(t.file, t.sheet): (t, dict(t.rows)) for t in tables}


def _original_values(issue: Issue, lookup: dict) -> list[tuple[str, Any]]:
    found = lookup.get((issue.file, issue.sheet))
    if found is None or issue.row is None:
        return []
    table, rows = found
    values = rows.get(issue.row)
    if values is None:
        return []
    return [(c.header, v) for c, v in zip(table.columns, values, strict=True) if v is not None]


def _write_csv(report: ValidationReport, tables: list[RawTable], path: Path, lang: str) -> None:
    """The flat issue table with each row's original values, as the CSV report writes tables
    (`csv_lines`: a carriage return in a value is quoted, not a row's end)."""
    lookup = _rows_by_table(tables)
    columns = [*ISSUE_COLUMNS, "original_row"]
    rows = []
    for issue in report.issues:
        original = " | ".join(f"{h}: {_plain(v)}" for h, v in _original_values(issue, lookup))
        cells = [*issue.to_dict(lang).values(), original]
        rows.append([neutralise(_plain(v)) if v is not None else "" for v in cells])
    texts = [[row[c] for row in rows] for c in range(len(columns))]
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.writelines(csv_lines(columns, texts))


def _plain(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _set(cell: Any, value: Any) -> None:
    """Store a value; text is stored as text, so a leading `=` is never a formula, with its
    control characters written out (a NUL or an ESC in a cell: Excel's files cannot hold them)."""
    if isinstance(value, str):
        value = printable(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _write_xlsx(report: ValidationReport, tables: list[RawTable], path: Path, words: Words) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = words("sheet_issues")
    _issue_sheet(sheet, report, words.lang)
    by_table: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.row is not None and issue.sheet is not None:
            by_table[(issue.file or "", issue.sheet)].append(issue)
    names = {sheet.title.lower()}
    for table in tables:
        found = by_table.get((table.file, table.sheet))
        if found:
            _rows_sheet(book.create_sheet(_sheet_name(table, names)), table, found, words)
    save_workbook(book, path)  # fixed times: the same issues give the same bytes


def _sheet_name(table: RawTable, taken: set[str]) -> str:
    """A sheet name (at most 31 characters, unique) for the copy of an original sheet; the
    characters Excel refuses in a sheet's name (`[]:*?/\\`: a CSV file may have them, `Arrests
    [2025].csv`) are replaced, brackets by parentheses, and an apostrophe cannot start or end it."""
    name = Path(table.sheet).stem.translate(_BRACKETS)
    base = _NOT_IN_NAMES.sub("_", name)[:31].strip("'") or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[:27]} ({n})"
        n += 1
    taken.add(name.lower())
    return name


def _issue_sheet(sheet: Worksheet, report: ValidationReport, lang: str) -> None:
    sheet.append(list(ISSUE_COLUMNS))
    for cell in sheet[1]:
        cell.font = _BOLD
    for r, issue in enumerate(report.issues, start=2):
        for c, value in enumerate(issue.to_dict(lang).values(), start=1):
            cell = sheet.cell(r, c)
            _set(cell, value)
            cell.alignment = _TOP
        sheet.cell(r, 1).fill = FILLS[issue.severity]
    widths = {"severity": 9, "code": 24, "file": 28, "sheet": 18, "row": 6, "column": 16,
              "cell": 7, "child_ref": 11, "value": 16, "message": 70, "hint": 70, "form": 18,
              "field": 18}  # fmt: skip
    for c, name in enumerate(ISSUE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = widths[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _rows_sheet(sheet: Worksheet, table: RawTable, issues: list[Issue], words: Words) -> None:
    """The original rows with issues: row number, issues, then the row's cells as sent."""
    sheet.append([words("issues_row"), words("sheet_issues"), *[c.header for c in table.columns]])
    for cell in sheet[1]:
        cell.font = _BOLD
    rows = dict(table.rows)
    by_row: dict[int, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_row[issue.row or 0].append(issue)
    col_of = {c.header: i for i, c in enumerate(table.columns, start=3)}
    out = 2
    for excel_row in sorted(by_row):
        found = by_row[excel_row]
        values = rows.get(excel_row)
        if values is None:  # an issue about the header row, not a data row
            values = [c.header for c in table.columns]
        sheet.cell(out, 1, excel_row)
        note = "\n".join(f"{words(f'console_severity_{i.severity}').upper()} {i.cell or ''}: "
                         f"{i.text('message', words.lang)}" for i in found)  # fmt: skip
        _set(sheet.cell(out, 2), note)
        sheet.cell(out, 2).alignment = _WRAP
        for c, value in enumerate(values, start=3):
            cell = sheet.cell(out, c)
            _set(cell, value)
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
        worst = min(found, key=lambda i: ("error", "warning", "notice").index(i.severity))
        sheet.cell(out, 1).fill = FILLS[worst.severity]
        for issue in found:
            if issue.column in col_of:
                sheet.cell(out, col_of[issue.column]).fill = FILLS[issue.severity]
        out += 1
    sheet.column_dimensions["A"].width = 9
    sheet.column_dimensions["B"].width = 60
    for c in range(3, len(table.columns) + 3):
        sheet.column_dimensions[get_column_letter(c)].width = 16
    sheet.freeze_panes = "C2"
