"""The guard's scan run one sheet ahead of calamine in a forked process (`read/ahead.py`): the
same grids and issues as scanning everything first, calamine never reading a sheet before its
scan passed, and the same results when the scanning process dies or there is no fork."""

from __future__ import annotations

import os
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jjindicators.read import grids
from jjindicators.read import parallel_scan as ahead
from jjindicators.read.guard import ReadLimits, SheetScan, scan_steps

BAD = Path(__file__).parent / "data" / "bad"
WORKBOOKS = sorted(BAD.glob("*.xlsx"))
FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'


def read(path: Path, fork: bool, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ahead, "FORK", fork)
    found, issues = grids.read_grids(path, path.name, limits=ReadLimits())
    return [(g.sheet, g.cells, g.row0, g.col0, g.hidden) for g in found], [
        (i.code, i.sheet, i.message) for i in issues
    ]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.stem for p in WORKBOOKS])
def test_scanning_ahead_reads_what_scanning_first_reads(path, monkeypatch):
    assert read(path, True, monkeypatch) == read(path, False, monkeypatch)


def two_sheets(path: Path, bomb_second: bool = True) -> Path:
    """A workbook of `about` then `arrests`, the second (optionally) a sparse bomb: one cell in
    A1 and one in XFD1048576."""
    book = openpyxl.Workbook()
    book.active.title = "about"
    book.active.append(["country", "Benchland"])
    arrests = book.create_sheet("arrests")
    arrests.append(["source_id", "sex", "arrest_date"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if bomb_second and info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</sheetData>", FAR_CELL)
            target.writestr(info, data)
    return path


class Spy:
    """Stands in for python_calamine, noting which sheets are read."""

    def __init__(self, real: types.ModuleType) -> None:
        self.real, self.read = real, []
        self.SheetVisibleEnum = real.SheetVisibleEnum
        spy = self

        class Workbook:
            @staticmethod
            def from_path(path: str):
                book = real.CalamineWorkbook.from_path(path)

                class Book:
                    sheet_names = book.sheet_names
                    sheets_metadata = book.sheets_metadata
                    close = book.close

                    @staticmethod
                    def get_sheet_by_name(name: str):
                        spy.read.append(name)
                        return book.get_sheet_by_name(name)

                return Book()

        self.CalamineWorkbook = Workbook


@pytest.mark.parametrize("fork", [True, False])
def test_a_later_sheet_too_large_refuses_the_file_and_is_never_read(tmp_path, monkeypatch, fork):
    """The bomb would abort the process in calamine: the file is refused whole, like a file
    scanned first, and calamine has read at most the sheet before it."""
    if fork and not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    spy = Spy(grids.python_calamine)
    monkeypatch.setattr(grids, "python_calamine", spy)
    found, issues = read(two_sheets(tmp_path / "bomb.xlsx"), fork, monkeypatch)
    assert found == []
    assert [(code, sheet) for code, sheet, _ in issues] == [("sheet-too-large", "arrests")]
    assert "arrests" not in spy.read


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_scanning_process_that_dies_is_replaced_by_a_scan_here(tmp_path, monkeypatch):
    """Killed after its first step (as by the system running out of memory): the rest of the scan
    is done in the reading process, with the same grids and the same refusal."""
    parent = os.getpid()

    def dying(path, display, limits):
        for n, step in enumerate(scan_steps(path, display, limits)):
            if os.getpid() != parent and n == 1:
                os._exit(9)
            yield step

    good, bomb = two_sheets(tmp_path / "good.xlsx", False), two_sheets(tmp_path / "bomb.xlsx")
    expected = [read(p, False, monkeypatch) for p in (good, bomb)]
    monkeypatch.setattr(ahead, "scan_steps", dying)
    assert [read(p, True, monkeypatch) for p in (good, bomb)] == expected
    assert expected[0][0] and expected[1][1]  # the good one read, the bomb refused


def steps(unambiguous: bool):
    yield ("parts", [("about", "xl/worksheets/sheet1.xml"), ("arrests", "x/s2.xml")], unambiguous)
    yield ("sheet", "about", SheetScan(rows=2, columns=2))
    yield ("sheet", "arrests", SheetScan(rows=1, columns=3))
    yield ("done",)


@pytest.mark.parametrize("unambiguous, taken", [(True, 2), (False, 4)])
def test_a_sheet_is_read_once_scanned_unless_the_workbook_names_parts_oddly(unambiguous, taken):
    """With each sheet and part named once, the first sheet scanned may be read after two steps
    (the sheets in the scan's order); a workbook naming a sheet or a part twice waits for the
    whole scan (then the sheets in calamine's order)."""
    given = []

    def counted():
        for step in steps(unambiguous):
            given.append(step)
            yield step

    scan = ahead.ScanAhead(counted())
    assert scan.may_open() and len(given) == 1
    readable = scan.readable(["arrests", "about"])
    first = next(readable)
    assert len(given) == taken
    assert [first, *readable] == (["about", "arrests"] if unambiguous else ["arrests", "about"])
    assert scan.finish() == [] and scan.done


def test_a_sheet_the_scan_does_not_name_waits_for_the_whole_scan():
    scan = ahead.ScanAhead(steps(True))
    assert scan.may_open()
    readable = scan.readable(["about", "arrests", "hidden extra"])
    assert next(readable) == "about" and scan.done
    assert list(readable) == ["arrests", "hidden extra"]


def test_nothing_is_readable_once_the_file_is_refused():
    def refused():
        yield ("parts", [("about", "a.xml"), ("arrests", "b.xml")], True)
        yield ("sheet", "about", SheetScan(rows=1, columns=1))
        yield ("refused", ["too large"])

    scan = ahead.ScanAhead(refused())
    assert scan.may_open()
    readable = scan.readable(["about", "arrests"])
    assert next(readable) == "about"
    assert list(readable) == [] and scan.finish() == ["too large"]
