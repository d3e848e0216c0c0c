"""Files to grids of cells: xlsx workbooks (python-calamine) and CSV files (the csv module).

A grid is a sheet's used range with its offset, so that every cell keeps the row and column the
user sees in Excel. Anything that stops a file from being read becomes an issue, never an exception.
Files are checked against `ReadLimits` before they are read, and workbooks are looked inside by
`guard` before calamine opens them (`docs/rules.md`, "Hostile and broken files").
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from jjindicators.catalogue import Code
from jjindicators.issue_params import Param, Phrase
from jjindicators.issues import Issue, Where, make_issue
from jjindicators.read.csvfile import read_csv
from jjindicators.read.guard import CSV, MB, WORKBOOK, ReadLimits, SheetScan, size_text
from jjindicators.read.parallel_scan import ScanAhead, scan_ahead

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
# The file types jjind names when it refuses them: `phrase.read_type_<name>` and what to do,
# `phrase.read_how_<name>`.
_UNSUPPORTED = {".xls": "xls", ".ods": "ods", ".numbers": "numbers", ".pdf": "pdf"}


@dataclass(frozen=True)
class CellProblem:
    """A cell that calamine reads as blank but holds an Excel error or an uncalculated formula:
    `code` is its issue code, `text` the error (`#REF!`) or the formula."""

    code: Code
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Grid:
    """A sheet's cells as read: `cells[i][j]` is Excel cell (row0 + i + 1, column col0 + j)."""

    file: str
    sheet: str
    cells: list[list[Any]]
    row0: int = 0
    col0: int = 0
    hidden: bool = False
    # Every text cell is known to hold no control character and fit in an Excel cell (the CSV
    # reader saw the whole file), so that `locate` need not look at each again.
    plain_text: bool = False


def _sniff(path: Path) -> str:
    """What the first bytes say the file is, whatever its name."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "encrypted" if _is_encrypted(path) else "ole2"
    if head.startswith(b"%PDF"):
        return "pdf"
    if not head:
        return "empty"
    binary = any(byte < 32 and byte not in (9, 10, 13) for byte in head)
    return "other" if binary else "text"


# An encrypted .xlsx is an OLE2 (compound file) container holding an `EncryptedPackage` stream
# (MS-OFFCRYPTO); an old .xls holds a `Workbook` stream instead. Directory names are UTF-16.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        tail = b""
        while block := handle.read(MB):
            if _ENCRYPTED in tail + block:
                return True
            tail = block[-len(_ENCRYPTED) :]
    return False


def read_grids(
    path: Path, display: str, encoding: str = "utf-8", limits: ReadLimits | None = None
) -> tuple[list[Grid], list[Issue]]:
    """Read every sheet of a workbook, or the one table of a CSV file, as grids."""
    limits = limits or ReadLimits()
    where = Where(file=display)
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        name = _UNSUPPORTED[suffix]
        kind, how = Phrase(f"phrase.read_type_{name}"), Phrase(f"phrase.read_how_{name}")
        return [], [make_issue(Code.FILE_TYPE_UNSUPPORTED, where, kind=kind, how=how)]
    if suffix not in CSV_SUFFIXES + WORKBOOK_SUFFIXES:
        how = Phrase("phrase.read_how_other")
        other: Param = suffix or Phrase("phrase.read_type_none")
        return [], [make_issue(Code.FILE_TYPE_UNSUPPORTED, where, kind=other, how=how)]
    kind = CSV if suffix in CSV_SUFFIXES else WORKBOOK
    try:
        status = path.stat()
    except OSError as exc:
        detail = Phrase.of("phrase.read_cannot_open", error=str(exc.strerror or exc))
        return [], [make_issue(Code.FILE_UNREADABLE, where, kind=kind, detail=detail)]
    if not stat.S_ISREG(status.st_mode):
        # A device (/dev/zero), a pipe or a socket has no size to check and may never end.
        detail = Phrase.of("phrase.read_not_regular", what=_special(status.st_mode))
        return [], [make_issue(Code.FILE_UNREADABLE, where, kind=kind, detail=detail)]
    size = status.st_size
    if size > limits.max_file_mb * MB:
        raised = f"{max(size / MB * 1.5, limits.max_file_mb * 2):.0f}"
        limit = size_text(limits.max_file_mb * MB)
        return [], [
            make_issue(Code.FILE_TOO_LARGE, where, size=size_text(size), limit=limit, raised=raised)
        ]
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, display, encoding, limits)
    try:
        return _read_workbook(path, display, limits)
    except OSError as exc:  # not allowed to read it, a disk error, a file gone meanwhile...
        detail = Phrase.of("phrase.read_cannot_read", error=str(exc.strerror or exc))
        return [], [make_issue(Code.FILE_UNREADABLE, where, kind=kind, detail=detail)]


def _special(mode: int) -> Phrase:
    """What a path that is not a regular file is, for people."""
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Phrase("phrase.read_special_device")
    if stat.S_ISFIFO(mode):
        return Phrase("phrase.read_special_pipe")
    if stat.S_ISSOCK(mode):
        return Phrase("phrase.read_special_socket")
    return Phrase(
        "phrase.read_special_folder" if stat.S_ISDIR(mode) else "phrase.read_special_other"
    )


# What a file named .xlsx is when it is not a workbook (`_sniff`): `phrase.read_<kind>`.
_NOT_A_WORKBOOK = ("empty", "ole2", "pdf", "text")


def _read_workbook(path: Path, display: str, limits: ReadLimits) -> tuple[list[Grid], list[Issue]]:
    where = Where(file=display)
    kind = _sniff(path)
    if kind == "encrypted":
        return [], [make_issue(Code.FILE_ENCRYPTED, where)]
    if kind != "zip":
        detail = Phrase(f"phrase.read_{kind if kind in _NOT_A_WORKBOOK else 'not_workbook'}")
        return [], [make_issue(Code.FILE_UNREADABLE, where, kind=WORKBOOK, detail=detail)]
    with scan_ahead(str(path), display, limits) as ahead:
        if not ahead.may_open():
            return [], ahead.refused
        grids, failed = _read_sheets(path, display, ahead)
        refused = ahead.finish()  # a sheet not read yet may still refuse the whole file
    if refused:
        return [], refused
    if failed is not None:
        detail = Phrase.of("phrase.read_damaged_workbook", error=failed)
        return [], [make_issue(Code.FILE_UNREADABLE, where, kind=WORKBOOK, detail=detail)]
    return grids, []


def _read_sheets(path: Path, display: str, ahead: ScanAhead) -> tuple[list[Grid], str | None]:
    """Every sheet calamine may read (`ahead`), or what calamine said of a damaged file."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            visible = {m.name: m.visible == python_calamine.SheetVisibleEnum.Visible
                       for m in book.sheets_metadata}  # fmt: skip
            names = list(book.sheet_names)
            read: dict[str, Grid] = {}
            for name in ahead.readable(names):
                sheet = book.get_sheet_by_name(name)
                row0, col0 = sheet.start or (0, 0)
                cells = sheet.to_python(skip_empty_area=True)
                _mark_problems(cells, row0, col0, ahead.scans.get(name))
                _fill_merged(cells, row0, col0, sheet.merged_cell_ranges or [])
                read[name] = Grid(display, name, cells, row0, col0,
                                  hidden=not visible.get(name, True))  # fmt: skip
        finally:
            book.close()
    except Exception as exc:  # calamine raises several unrelated types for a damaged file
        return [], f"{type(exc).__name__}: {exc}"
    return [read[name] for name in names if name in read], None


def _mark_problems(cells: list[list[Any]], row0: int, col0: int, scan: SheetScan | None) -> None:
    """Put back what calamine reads as blank: error cells and formulas without a result."""
    if scan is None:
        return
    found = [(at, CellProblem(Code.ERROR_CELL, text)) for at, text in scan.errors.items()]
    found += [(at, CellProblem(Code.FORMULA_NO_VALUE, text)) for at, text in scan.formulas.items()]
    for (row, col), problem in found:
        i, j = row - row0, col - col0
        if 0 <= i < len(cells) and 0 <= j < len(cells[i]):
            cells[i][j] = problem


def _fill_merged(
    cells: list[list[Any]],
    row0: int,
    col0: int,
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
) -> None:
    """A cell merged down several rows reads, in its first column, as its value on every one of
    them: a header merged over two header rows, a source merged over its rows."""
    for (top, left), (bottom, _right) in merged:
        i, j = top - row0, left - col0
        if bottom <= top or not (0 <= i < len(cells) and 0 <= j < len(cells[i])):
            continue
        value = cells[i][j]
        for row in cells[i + 1 : bottom - row0 + 1]:
            if j < len(row) and (row[j] is None or row[j] == ""):
                row[j] = value


def _read_csv(
    path: Path, display: str, encoding: str, limits: ReadLimits
) -> tuple[list[Grid], list[Issue]]:
    rows, issues, plain = read_csv(path, display, encoding, limits)
    if not rows and any(i.severity == "error" for i in issues):
        return [], issues
    if not rows:  # nothing but blank lines
        return [Grid(display, path.name, [])], issues
    return [Grid(display, path.name, rows, plain_text=plain)], issues
