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
from jjindicators.render.page import fit_height, print_setup
from jjindicators.render.report_csv import csv_lines
from jjindicators.render.report_sheets import widths
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
_LEFT = Alignment(vertical="top", horizontal="left")  # under its heading, a number as a text


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
    _issue_sheet(sheet, report, words)
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


# The Issues sheet for the clerk: where, then the problem and its fix, then the codes (issue #20);
# each column's heading is `report.issues_col_<name>`, its width in characters beside it. Printed:
# the columns up to the fix (`PRINTED`), landscape, one page wide.
CLERK_COLUMNS = {"severity": 10, "sheet": 16, "row": 7, "cell": 7, "child_ref": 15, "column": 16,
                 "value": 14, "message": 44, "hint": 44, "code": 22, "file": 28, "form": 16,
                 "field": 16}  # fmt: skip
PRINTED = list(CLERK_COLUMNS).index("hint") + 1
_ROW_WIDTHS = (9, 44, 44)  # row in original, problem, how to fix it
_CELL_WIDTH = (8, 24)  # the narrowest and widest copied cell of the original row


def _issue_sheet(sheet: Worksheet, report: ValidationReport, words: Words) -> None:
    """Every issue, a row each: its place, the problem and how to fix it, wrapped in columns
    wide enough, each row as tall as its text; under readable headings in the language."""
    names = list(CLERK_COLUMNS)
    sizes = list(CLERK_COLUMNS.values())
    for c, name in enumerate(names, start=1):
        _set(sheet.cell(1, c), words(f"issues_col_{name}"))
        sheet.cell(1, c).font = _BOLD
        sheet.cell(1, c).alignment = _WRAP
    for r, issue in enumerate(report.issues, start=2):
        values = issue.to_dict(words.lang)
        values["severity"] = words(f"console_severity_{issue.severity}")
        for c, name in enumerate(names, start=1):
            cell = sheet.cell(r, c)
            _set(cell, values[name])
            cell.alignment = _WRAP if name in ("message", "hint", "value", "file") else _LEFT
        sheet.cell(r, 1).fill = FILLS[issue.severity]
        fit_height(sheet, r, [(values[n], CLERK_COLUMNS[n]) for n in ("message", "hint", "value")])
    widths(sheet, sizes)
    fit_height(sheet, 1, [(sheet.cell(1, c).value, size) for c, size in enumerate(sizes, 1)])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    print_setup(sheet, 1)
    sheet.print_area = f"A1:{get_column_letter(PRINTED)}{max(sheet.max_row, 1)}"


def _rows_sheet(sheet: Worksheet, table: RawTable, issues: list[Issue], words: Words) -> None:
    """The original rows with issues: row number, the problems and how to fix each (a line per
    issue, beside one another), then the row's cells as sent, the faulty ones coloured."""
    headings = (words("issues_row"), words("issues_col_message"), words("issues_col_hint"))
    sheet.append([*headings, *[c.header for c in table.columns]])
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.alignment = _WRAP
    rows = dict(table.rows)
    by_row: dict[int, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_row[issue.row or 0].append(issue)
    first = len(headings) + 1
    col_of = {c.header: i for i, c in enumerate(table.columns, start=first)}
    out = 2
    for excel_row in sorted(by_row):
        found = by_row[excel_row]
        values = rows.get(excel_row)
        if values is None:  # an issue about the header row, not a data row
            values = [c.header for c in table.columns]
        sheet.cell(out, 1, excel_row).alignment = _LEFT
        where = [f"{words(f'console_severity_{i.severity}').upper()} {i.cell or ''}" for i in found]
        note = "\n".join(f"{w}: {i.text('message', words.lang)}"
                         for w, i in zip(where, found, strict=True))  # fmt: skip
        fix = "\n".join(f"{i.cell or w}: {i.text('hint', words.lang)}"
                        for w, i in zip(where, found, strict=True))  # fmt: skip
        for c, text in ((2, note), (3, fix)):
            _set(sheet.cell(out, c), text)
            sheet.cell(out, c).alignment = _WRAP
        for c, value in enumerate(values, start=first):
            cell = sheet.cell(out, c)
            _set(cell, value)
            cell.alignment = _LEFT
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
        worst = min(found, key=lambda i: ("error", "warning", "notice").index(i.severity))
        sheet.cell(out, 1).fill = FILLS[worst.severity]
        for issue in found:
            if issue.column in col_of:
                sheet.cell(out, col_of[issue.column]).fill = FILLS[issue.severity]
        fit_height(sheet, out, [(note, _ROW_WIDTHS[1]), (fix, _ROW_WIDTHS[2])])
        out += 1
    low, high = _CELL_WIDTH
    sizes = [*_ROW_WIDTHS, *(min(max(low, _longest(sheet, c) + 2), high)
                             for c in range(first, first + len(table.columns)))]  # fmt: skip
    widths(sheet, sizes)
    fit_height(sheet, 1, [(sheet.cell(1, c).value, size) for c, size in enumerate(sizes, 1)])
    sheet.freeze_panes = f"{get_column_letter(first)}2"
    print_setup(sheet, 1)


def _longest(sheet: Worksheet, column: int) -> int:
    """The longest text of a column as shown (a date as `yyyy-mm-dd`)."""
    return max((10 if hasattr(c.value, "isoformat") else len(str(c.value))
                for (c,) in sheet.iter_rows(min_col=column, max_col=column)
                if c.value is not None), default=0)  # fmt: skip
