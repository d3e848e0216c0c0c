"""Files to grids of cells: xlsx workbooks (python-calamine) and CSV files (the csv module).

A grid is a sheet's used range with its offset, so that every cell keeps the row and column the
user sees in Excel. Anything that stops a file from being read becomes an issue, never an exception.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from jjindicators.issues import Issue, Where, make_issue

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
_UNSUPPORTED = {
    ".xls": ("Old Excel 97-2003 (.xls)", "Open it in Excel or LibreOffice and save it as .xlsx "
             "(Excel Workbook)."),
    ".ods": ("OpenDocument (.ods)", "Open it in LibreOffice or Excel and save it as .xlsx."),
    ".numbers": ("Apple Numbers", "Export it from Numbers as an Excel (.xlsx) file."),
    ".pdf": ("PDF", "jjind reads spreadsheets: ask the source for the .xlsx or .csv file."),
}  # fmt: skip


@dataclass(frozen=True)
class Grid:
    """A sheet's cells as read: `cells[i][j]` is Excel cell (row0 + i + 1, column col0 + j)."""

    file: str
    sheet: str
    cells: list[list[Any]]
    row0: int = 0
    col0: int = 0
    hidden: bool = False


def _sniff(path: Path) -> str:
    """What the first bytes say the file is, whatever its name."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole2"  # .xls, or an encrypted (password-protected) .xlsx
    if head.startswith(b"%PDF"):
        return "pdf"
    return "other" if head else "empty"


def read_grids(path: Path, display: str, encoding: str = "utf-8") -> tuple[list[Grid], list[Issue]]:
    """Read every sheet of a workbook, or the one table of a CSV file, as grids."""
    where = Where(file=display)
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        kind, how = _UNSUPPORTED[suffix]
        return [], [make_issue("file-type-unsupported", where, kind=kind, how=how)]
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, display, encoding)
    if suffix not in WORKBOOK_SUFFIXES:
        how = "Save it as .xlsx (Excel Workbook) or as .csv (CSV UTF-8)."
        return [], [
            make_issue("file-type-unsupported", where, kind=f"{suffix or 'Extensionless'}", how=how)
        ]
    return _read_workbook(path, display)


def _read_workbook(path: Path, display: str) -> tuple[list[Grid], list[Issue]]:
    where = Where(file=display)
    kind = _sniff(path)
    if kind != "zip":
        detail = {
            "empty": "the file is empty (0 bytes)",
            "ole2": "it is an old-format .xls file or a password-protected workbook; remove the "
            "password or save it as a new .xlsx",
            "pdf": "it is a PDF document with an .xlsx name",
        }.get(kind, "it is not an Excel workbook (perhaps a text file renamed .xlsx)")
        return [], [make_issue("file-unreadable", where, kind="an Excel workbook", detail=detail)]
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        visible = {m.name: m.visible == python_calamine.SheetVisibleEnum.Visible
                   for m in book.sheets_metadata}  # fmt: skip
        grids = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            row0, col0 = sheet.start or (0, 0)
            grids.append(Grid(display, name, sheet.to_python(skip_empty_area=True), row0, col0,
                              hidden=not visible.get(name, True)))  # fmt: skip
        book.close()
    except Exception as exc:  # calamine raises several unrelated types for a damaged file
        detail = f"the workbook is damaged or not a real .xlsx file ({type(exc).__name__}: {exc})"
        return [], [make_issue("file-unreadable", where, kind="an Excel workbook", detail=detail)]
    return grids, []


def _read_csv(path: Path, display: str, encoding: str) -> tuple[list[Grid], list[Issue]]:
    where = Where(file=display, sheet=path.name)
    data = path.read_bytes()
    if not data.strip():
        return [Grid(display, path.name, [])], []
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        return [], [make_issue("csv-encoding", where, position=exc.start + 1)]
    except LookupError:
        detail = f"the encoding {encoding!r} is not known"
        return [], [make_issue("file-unreadable", where, kind="CSV", detail=detail)]
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [Grid(display, path.name, rows)], []
