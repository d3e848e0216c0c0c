"""The column-wise writers of the big flat tables give exactly what the value-by-value rules give:
`csv_texts` equals `csv_text` on every cell; the rows of a flat sheet made by `sheet_xml` are the
bytes openpyxl writes for the same cells, read back the same by openpyxl and python-calamine;
text is never a formula; a table longer than a sheet continues on the next."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import numpy as np
import openpyxl
import pandas as pd
import pytest
import python_calamine
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jjindicators.compute import ComputeResult, compute
from jjindicators.indicators.base import TRACE_COLUMNS
from jjindicators.render import report_sheets
from jjindicators.render.report_csv import csv_lines, csv_text, csv_texts
from jjindicators.render.report_sheets import frame_sheet, frame_sheets, plain
from jjindicators.render.report_xlsx import write_report_xlsx
from jjindicators.render.safe_text import printable
from jjindicators.validate import ValidateOptions
from jjindicators.xlsx import sheet_xml
from jjindicators.xlsx.save import save_workbook

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True)

# Every kind of value a table of the library can hold, and a few it should never hold.
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
FORMULA_LIKE = st.builds(lambda c, t: c + t, st.sampled_from("=+-@\t\r'#"), TEXT)
SCALARS = st.one_of(
    st.none(), st.just(float("nan")), st.just(pd.NaT), st.just(pd.NA), st.booleans(),
    st.integers(), st.integers(-(2**63), 2**63 - 1).map(np.int64),
    st.floats(), st.floats(width=32).map(np.float32), st.floats().map(np.float64),
    st.sampled_from([0.0, -0.0, 1e16, -1e16, 9999999999999998.0, 1e15 + 0.5, 5.0, 1e20]),
    TEXT, FORMULA_LIKE, st.booleans().map(np.bool_), st.dates(), st.datetimes(),
    st.decimals(allow_nan=True), st.lists(st.integers() | TEXT, max_size=3),
)  # fmt: skip


@SETTINGS
@given(st.lists(SCALARS, max_size=40))
def test_csv_texts_equal_csv_text_on_mixed_columns(values):
    column = pd.Series(values, dtype=object)
    assert csv_texts(column) == [csv_text(v) for v in values]


@SETTINGS
@given(st.lists(st.floats(), min_size=1, max_size=40), st.lists(TEXT, min_size=1, max_size=40))
def test_csv_texts_equal_csv_text_on_typed_columns(floats, texts):
    for column in (pd.Series(floats), pd.Series(floats).round(), pd.Series(texts, dtype="str"),
                   pd.Series([*texts, None], dtype="str"), pd.Series(range(len(texts))),
                   pd.Series([t.startswith("a") for t in texts]),
                   pd.Series(pd.to_datetime(["2025-01-02", None]))):  # fmt: skip
        assert csv_texts(column) == [csv_text(v) for v in column.astype(object)], column.dtype


@SETTINGS
@given(
    st.integers(1, 4),
    st.lists(
        st.lists(st.text(alphabet=",\"\n\r\t '=ab\x00é", max_size=4), min_size=4, max_size=4),
        max_size=12,
    ),
)
def test_csv_lines_are_what_csv_writer_writes(width, rows):
    """The text `csv.writer` writes, but for a carriage return, which it leaves bare with `\\n`
    line ends and which is quoted here, and a control character, written out (`\\x00`); every
    table reads back as it was, its control characters written out."""
    header, rows = [f"h{c}" for c in range(width)], [row[:width] for row in rows]
    columns = [[row[c] for row in rows] for c in range(width)]
    text = "".join(csv_lines(header, columns))
    rows = [[printable(cell) for cell in row] for row in rows]
    assert "\x00" not in text
    assert list(csv.reader(io.StringIO(text, newline=""))) == [header, *rows]
    if not any("\r" in cell for row in rows for cell in row):
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
        assert text == buffer.getvalue()


def test_csv_texts_of_an_empty_column():
    assert csv_texts(pd.Series([], dtype=object)) == []
    assert csv_texts(pd.Series([dt.date(2025, 1, 2), Decimal("1.5")])) == ["2025-01-02", "1.5"]


# Cells of a flat sheet: text with everything XML and spreadsheets find awkward (control
# characters, `&<>`, CR, edge spaces, formulas, error codes, non-ASCII), numbers, booleans, gaps.
CELL_TEXT = st.text(alphabet=st.sampled_from([*"ab =+-@#&<>\"' \t\r\n;", "\x00", "\x01", "\x0b",
                                              "\x1f", "\x7f", "\x85", "\xa0", "é", "–", "\u3000",
                                              "😀"]), max_size=8)  # fmt: skip
CELL = st.one_of(
    st.none(), st.just(float("nan")), CELL_TEXT, st.sampled_from(["", "#N/A", "=1+1", " x "]),
    st.integers(-(2**70), 2**70), st.floats(), st.booleans(), st.integers().map(np.int64),
    st.floats().map(np.float64), st.booleans().map(np.bool_), st.lists(CELL_TEXT, max_size=2),
)  # fmt: skip
NUMBER = st.one_of(st.floats(), st.sampled_from([-0.0, 0.0, 5.0, float("inf"), 2.0**53, 2.0**53 + 2,
                                                 1e16, 0.1 + 0.2, 1 / 3, -7.0]))  # fmt: skip
COLUMN = st.one_of(
    st.lists(CELL | NUMBER), st.lists(st.integers(-(2**60), 2**60)), st.lists(NUMBER),
    st.lists(CELL_TEXT), st.lists(st.booleans()), st.lists(st.sampled_from(["1", "15", "x"])),
)  # fmt: skip


def sheet_part(frame: pd.DataFrame, formats: dict[str, str], fast: bool) -> bytes:
    """The worksheet part of a book holding `frame` on one flat sheet, made by `sheet_xml` or
    (not fast) by openpyxl cell by cell."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    how = report_sheets.flat_rows if fast else (lambda *args: None)
    with patch.object(report_sheets, "flat_rows", how), patch.object(sheet_xml, "CHUNK_ROWS", 7):
        rows = frame_sheet(sheet, frame, list(frame.columns), formats)
        assert (rows is not None) == (fast and len(frame) > 0)
        buffer = io.BytesIO()
        save_workbook(book, buffer, [rows] if rows else [])  # type: ignore[arg-type]
    return zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(COLUMN, min_size=1, max_size=4), st.booleans(), st.data())
def test_sheet_rows_are_the_bytes_openpyxl_writes(columns, formatted, data):
    length = data.draw(st.integers(0, 25))
    values = {f"c{n}": (c * (length // max(len(c), 1) + 1))[:length] if c else [None] * length
              for n, c in enumerate(columns)}  # fmt: skip
    frame = pd.DataFrame({k: pd.Series(v, dtype=object if k == "c0" else None)
                          for k, v in values.items()})  # fmt: skip
    formats = {"c1": "0.0"} if formatted else {}
    assert sheet_part(frame, formats, fast=True) == sheet_part(frame, formats, fast=False)


def test_text_is_text_without_control_characters_and_cut_at_excel_s_limit(tmp_path):
    texts = ["=1+1", "+A1", "-2", "@SUM(A1)", "#N/A", "a\x00b\x01c\x0bd\x1fe\uffff", "line\r\nnext",
             "x" * 40_000, "<&>", " spaced "]  # fmt: skip
    frame = pd.DataFrame({"text": texts, "number": range(len(texts))})
    book = Workbook()
    rows = frame_sheets(book, "Flat", frame, ("text", "number"))
    path = tmp_path / "flat.xlsx"
    save_workbook(book, path, rows)
    with zipfile.ZipFile(path) as archive:
        part = archive.read("xl/worksheets/sheet2.xml")
    assert b"<f>" not in part and b't="e"' not in part and b"\x01" not in part
    expected = ["=1+1", "+A1", "-2", "@SUM(A1)", "#N/A", "abcde", "line\r\nnext", "x" * 32_767,
                "<&>", " spaced "]  # fmt: skip
    cells = list(openpyxl.load_workbook(path)["Flat"].iter_rows(min_row=2, max_col=1))
    assert [c.value for (c,) in cells] == expected
    assert {c.data_type for (c,) in cells} == {"s"}
    calamine = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name("Flat")
    assert [r[0] for r in calamine.to_python()[1:]] == expected


def test_a_table_longer_than_a_sheet_continues_on_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(report_sheets, "EXCEL_ROWS", 5)  # a header and four rows a sheet
    frame = pd.DataFrame({"n": range(9), "text": [f"t{n}" for n in range(9)]})
    book = Workbook()
    rows = frame_sheets(book, "Trace", frame, ("n", "text"))
    path = tmp_path / "split.xlsx"
    save_workbook(book, path, rows)
    read = openpyxl.load_workbook(path)
    assert read.sheetnames == ["Sheet", "Trace", "Trace (2)", "Trace (3)"]
    found = []
    for name in ("Trace", "Trace (2)", "Trace (3)"):
        sheet = read[name]
        values = list(sheet.values)
        assert values[0] == ("n", "text") and sheet["A1"].font.b and sheet.freeze_panes == "A2"
        assert len(values) <= 5 and sheet.auto_filter.ref == f"A1:B{len(values)}"
        found += values[1:]
    assert found == [(n, f"t{n}") for n in range(9)]
    one = Workbook()
    assert len(frame_sheets(one, "Empty", frame.iloc[:0], ("n", "text"))) == 0
    assert one.sheetnames == ["Sheet", "Empty"]


def test_a_table_with_dates_is_written_by_openpyxl(tmp_path):
    frame = pd.DataFrame({"day": [dt.date(2025, 1, 2), None], "text": ["=x", "#N/A"]})
    book = Workbook()
    sheet = book.create_sheet("Dates")
    assert frame_sheet(sheet, frame, ("day", "text")) is None
    save_workbook(book, tmp_path / "dates.xlsx")
    read = openpyxl.load_workbook(tmp_path / "dates.xlsx")["Dates"]
    assert list(read.values)[1:] == [(dt.datetime(2025, 1, 2), "=x"), (None, "#N/A")]
    assert read["B2"].data_type == read["B3"].data_type == "s"


@pytest.fixture(scope="module")
def example() -> ComputeResult:
    workbook = Path(__file__).resolve().parents[1] / "examples" / "exampleland-2025.xlsx"
    return compute([workbook], validate_options=ValidateOptions(today=dt.date(2026, 11, 25)))


def test_the_trace_reads_back_cell_for_cell_with_openpyxl_and_calamine(tmp_path, example):
    with patch.object(sheet_xml, "CHUNK_ROWS", 1000):
        path = write_report_xlsx(example, tmp_path / "report.xlsx")
    trace = example.trace_frame().astype(object)
    expected = [tuple(plain(v) for v in row) for row in trace.itertuples(index=False)]
    assert len(expected) > 5000
    book = openpyxl.load_workbook(path, read_only=True)
    assert list(book["Trace"].iter_rows(values_only=True)) == [TRACE_COLUMNS, *expected]
    book.close()
    calamine = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name("Trace")
    blank = [tuple("" if v is None else v for v in row) for row in expected]
    assert [tuple(r) for r in calamine.to_python()] == [TRACE_COLUMNS, *blank]
